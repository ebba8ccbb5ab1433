package taskstart

import (
	"testing"

	"github.com/ecs-preflight/ecs-preflight/world"
)

// The test world: account 111122223333 in ap-northeast-1, a Fargate service
// "app" in a private subnet routed to a NAT gateway, an execution role with
// AmazonECSTaskExecutionRolePolicy, an ECR image and an awslogs group. It
// passes; each test case breaks one link.
const (
	acct          = "111122223333"
	region        = "ap-northeast-1"
	roleARN       = "arn:aws:iam::111122223333:role/ecsTaskExecutionRole"
	image         = "111122223333.dkr.ecr.ap-northeast-1.amazonaws.com/app:1.0"
	repoARN       = "arn:aws:ecr:ap-northeast-1:111122223333:repository/app"
	execPolicyARN = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
)

const trustECSTasks = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}`

func intp(n int) *int    { return &n }
func boolp(b bool) *bool { return &b }

func allowAll443() []world.IpPermission {
	return []world.IpPermission{{IpProtocol: "-1", IpRanges: []world.IpRange{{CidrIp: "0.0.0.0/0"}}}}
}

func openNACL(id, vpc string, subnets ...string) *world.NetworkACL {
	acl := &world.NetworkACL{NetworkAclId: id, VpcId: vpc, IsDefault: true, Entries: []world.NetworkACLEntry{
		{RuleNumber: 100, Protocol: "-1", RuleAction: "allow", Egress: true, CidrBlock: "0.0.0.0/0"},
		{RuleNumber: 32767, Protocol: "-1", RuleAction: "deny", Egress: true, CidrBlock: "0.0.0.0/0"},
		{RuleNumber: 100, Protocol: "-1", RuleAction: "allow", Egress: false, CidrBlock: "0.0.0.0/0"},
		{RuleNumber: 32767, Protocol: "-1", RuleAction: "deny", Egress: false, CidrBlock: "0.0.0.0/0"},
	}}
	for _, s := range subnets {
		acl.Associations = append(acl.Associations, world.NetworkACLAssociation{SubnetId: s})
	}
	return acl
}

// baseWorld builds the passing world.
func baseWorld() *world.World {
	w := &world.World{Partition: "aws", Region: region, AccountID: acct}
	w.VPCs = world.NewSet[world.VPC]("ec2:DescribeVpcs", true)
	w.VPCs.Put("vpc-1", &world.VPC{VpcId: "vpc-1", CidrBlock: "10.0.0.0/16", EnableDnsSupport: boolp(true), EnableDnsHostnames: boolp(true)})
	w.Subnets = world.NewSet[world.Subnet]("ec2:DescribeSubnets", true)
	w.Subnets.Put("subnet-pub", &world.Subnet{SubnetId: "subnet-pub", VpcId: "vpc-1", CidrBlock: "10.0.0.0/24", AvailabilityZone: "ap-northeast-1a"})
	w.Subnets.Put("subnet-priv", &world.Subnet{SubnetId: "subnet-priv", VpcId: "vpc-1", CidrBlock: "10.0.1.0/24", AvailabilityZone: "ap-northeast-1a"})
	w.RouteTables = world.NewSet[world.RouteTable]("ec2:DescribeRouteTables", true)
	w.RouteTables.Put("rtb-pub", &world.RouteTable{RouteTableId: "rtb-pub", VpcId: "vpc-1",
		Routes: []world.Route{
			{DestinationCidrBlock: "10.0.0.0/16", GatewayId: "local", State: "active"},
			{DestinationCidrBlock: "0.0.0.0/0", GatewayId: "igw-1", State: "active"},
		},
		Associations: []world.RouteTableAssociation{{SubnetId: "subnet-pub"}}})
	w.RouteTables.Put("rtb-priv", &world.RouteTable{RouteTableId: "rtb-priv", VpcId: "vpc-1",
		Routes: []world.Route{
			{DestinationCidrBlock: "10.0.0.0/16", GatewayId: "local", State: "active"},
			{DestinationCidrBlock: "0.0.0.0/0", NatGatewayId: "nat-1", State: "active"},
		},
		Associations: []world.RouteTableAssociation{{Main: true}}})
	w.InternetGateways = world.NewSet[world.InternetGateway]("ec2:DescribeInternetGateways", true)
	w.InternetGateways.Put("igw-1", &world.InternetGateway{InternetGatewayId: "igw-1", Attachments: []world.InternetGatewayAttachment{{VpcId: "vpc-1", State: "available"}}})
	w.NATGateways = world.NewSet[world.NATGateway]("ec2:DescribeNatGateways", true)
	w.NATGateways.Put("nat-1", &world.NATGateway{NatGatewayId: "nat-1", SubnetId: "subnet-pub", VpcId: "vpc-1", State: "available", ConnectivityType: "public"})
	w.SecurityGroups = world.NewSet[world.SecurityGroup]("ec2:DescribeSecurityGroups", true)
	w.SecurityGroups.Put("sg-task", &world.SecurityGroup{GroupId: "sg-task", VpcId: "vpc-1", IpPermissionsEgress: allowAll443()})
	w.SecurityGroups.Put("sg-vpce", &world.SecurityGroup{GroupId: "sg-vpce", VpcId: "vpc-1",
		IpPermissions:       []world.IpPermission{{IpProtocol: "tcp", FromPort: intp(443), ToPort: intp(443), UserIdGroupPairs: []world.UserIdGroupPair{{GroupId: "sg-task"}}}},
		IpPermissionsEgress: allowAll443()})
	w.NetworkACLs = world.NewSet[world.NetworkACL]("ec2:DescribeNetworkAcls", true)
	w.NetworkACLs.Put("acl-1", openNACL("acl-1", "vpc-1", "subnet-pub", "subnet-priv"))
	w.VPCEndpoints = world.NewSet[world.VPCEndpoint]("ec2:DescribeVpcEndpoints", true)
	w.PrefixLists = world.NewSet[world.PrefixList]("ec2:DescribePrefixLists", true)
	w.PrefixLists.Put("pl-61a54008", &world.PrefixList{PrefixListId: "pl-61a54008", PrefixListName: "com.amazonaws.ap-northeast-1.s3",
		Cidrs: []string{"52.219.0.0/20", "3.5.152.0/21"}, CidrsKnown: true})
	w.DHCPOptions = world.NewSet[world.DHCPOptions]("ec2:DescribeDhcpOptions", true)

	w.Roles = world.NewSet[world.Role]("iam:GetRole", false)
	w.Roles.Put(roleARN, &world.Role{RoleName: "ecsTaskExecutionRole", Arn: roleARN, Path: "/", RoleId: "AROAEXAMPLE",
		AssumeRolePolicyDocument: trustECSTasks,
		AttachedPolicies:         []world.AttachedPolicy{{PolicyName: "AmazonECSTaskExecutionRolePolicy", PolicyArn: execPolicyARN}},
		AttachedKnown:            true, InlineKnown: true, BoundaryKnown: true})
	w.Policies = world.NewSet[world.ManagedPolicy]("iam:GetPolicyVersion", false)

	w.Repositories = world.NewSet[world.Repository]("ecr:DescribeRepositories", true)
	w.Repositories.Put(repoARN, &world.Repository{RepositoryArn: repoARN, RegistryId: acct, RepositoryName: "app", PolicyKnown: true})
	w.Secrets = world.NewSet[world.Secret]("secretsmanager:DescribeSecret", false)
	w.Keys = world.NewSet[world.Key]("kms:DescribeKey", false)
	w.KeyAliases = world.NewSet[world.KeyAlias]("kms:ListAliases", true)
	w.Parameters = world.NewSet[world.Parameter]("ssm:DescribeParameters", true)
	w.LogGroups = world.NewSet[world.LogGroup]("logs:DescribeLogGroups", true)
	w.LogGroups.Put("arn:aws:logs:ap-northeast-1:111122223333:log-group:/ecs/app", &world.LogGroup{LogGroupName: "/ecs/app", Arn: "arn:aws:logs:ap-northeast-1:111122223333:log-group:/ecs/app"})
	w.Buckets = world.NewSet[world.Bucket]("s3:GetBucketPolicy", false)

	w.TaskDefinitions = world.NewSet[world.TaskDefinition]("ecs:DescribeTaskDefinition", false)
	w.TaskDefinitions.Put("arn:aws:ecs:ap-northeast-1:111122223333:task-definition/app:1", &world.TaskDefinition{
		TaskDefinitionArn: "arn:aws:ecs:ap-northeast-1:111122223333:task-definition/app:1",
		Family:            "app", Revision: 1, ExecutionRoleArn: roleARN, NetworkMode: "awsvpc",
		RequiresCompatibilities: []string{"FARGATE"}, Cpu: "256", Memory: "512",
		ContainerDefinitions: []world.ContainerDefinition{{
			Name: "app", Image: image, Essential: boolp(true),
			LogConfiguration: &world.LogConfiguration{LogDriver: "awslogs", Options: map[string]string{
				"awslogs-group": "/ecs/app", "awslogs-region": region, "awslogs-stream-prefix": "ecs"}},
		}},
	})
	w.Services = world.NewSet[world.Service]("ecs:DescribeServices", true)
	w.Services.Put("arn:aws:ecs:ap-northeast-1:111122223333:service/prod/app", &world.Service{
		ServiceName: "app", ServiceArn: "arn:aws:ecs:ap-northeast-1:111122223333:service/prod/app",
		ClusterArn:     "arn:aws:ecs:ap-northeast-1:111122223333:cluster/prod",
		TaskDefinition: "arn:aws:ecs:ap-northeast-1:111122223333:task-definition/app:1",
		LaunchType:     "FARGATE", PlatformVersion: "LATEST",
		NetworkConfiguration: &world.NetworkConfiguration{AwsvpcConfiguration: &world.AwsVpcConfiguration{
			Subnets: []string{"subnet-priv"}, SecurityGroups: []string{"sg-task"}, AssignPublicIp: "DISABLED"}},
	})
	return w
}

// Accessors for mutations.
func td(w *world.World) *world.TaskDefinition {
	return w.TaskDefinitions.All()[0]
}
func app(w *world.World) *world.ContainerDefinition { return &td(w).ContainerDefinitions[0] }
func svc(w *world.World) *world.Service             { return w.Services.All()[0] }
func role(w *world.World) *world.Role               { return w.Roles.Get(roleARN) }

// inline replaces the role's policies with one inline policy.
func inline(w *world.World, doc string) {
	r := role(w)
	r.AttachedPolicies = nil
	r.InlinePolicies = []world.InlinePolicy{{PolicyName: "exec", PolicyDocument: doc}}
}

// addInline adds an inline policy beside the managed one.
func addInline(w *world.World, name, doc string) {
	r := role(w)
	r.InlinePolicies = append(r.InlinePolicies, world.InlinePolicy{PolicyName: name, PolicyDocument: doc})
}

// useEndpoints removes the NAT route and adds the interface endpoints and
// the S3 gateway endpoint a private task needs (ECR-UG "VPC endpoints").
func useEndpoints(w *world.World, services ...string) {
	rt := w.RouteTables.Get("rtb-priv")
	rt.Routes = []world.Route{
		{DestinationCidrBlock: "10.0.0.0/16", GatewayId: "local", State: "active"},
		{DestinationPrefixListId: "pl-61a54008", GatewayId: "vpce-s3", State: "active"},
	}
	for _, svc := range services {
		id := "vpce-" + svc
		w.VPCEndpoints.Put(id, &world.VPCEndpoint{VpcEndpointId: id, VpcEndpointType: "Interface", VpcId: "vpc-1",
			ServiceName: "com.amazonaws.ap-northeast-1." + svc, State: "available", PrivateDnsEnabled: boolp(true),
			SubnetIds: []string{"subnet-priv"}, Groups: []world.SecurityGroupIdentifier{{GroupId: "sg-vpce"}}})
	}
	w.VPCEndpoints.Put("vpce-s3", &world.VPCEndpoint{VpcEndpointId: "vpce-s3", VpcEndpointType: "Gateway", VpcId: "vpc-1",
		ServiceName: "com.amazonaws.ap-northeast-1.s3", State: "available", RouteTableIds: []string{"rtb-priv"}})
}

// Organization fixtures: the account sits in OU ou-abcd-11111111 under root
// r-abcd of organization o-exampleorgid, managed from 444455556666.
const (
	orgID = "o-exampleorgid"
	// AWS Organizations "Service control policies": FullAWSAccess is
	// attached to every node.
	scpFullAccess = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`
	// AWS Organizations "Resource control policy examples": RCPFullAWSAccess.
	rcpFullAccess = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}`
)

// orgPath returns the path root → OU → account with full access at every
// level, then lets edit change a level (0 root, 1 OU, 2 account).
func orgPath(full string, edit func(levels []world.PolicyLevel)) *world.PolicyPath {
	name := "FullAWSAccess"
	if full == rcpFullAccess {
		name = "RCPFullAWSAccess"
	}
	p := &world.PolicyPath{}
	for _, target := range []string{"r-abcd", "ou-abcd-11111111", acct} {
		p.Levels = append(p.Levels, world.PolicyLevel{Target: target, Policies: []world.NamedPolicy{{Name: name, Document: full}}})
	}
	if edit != nil {
		edit(p.Levels)
	}
	return p
}

// inOrg puts the account in the organization with full-access SCPs.
func inOrg(w *world.World) {
	w.OrganizationID, w.ManagementAccountID = orgID, "444455556666"
	w.SCPs = orgPath(scpFullAccess, nil)
}

// withSecret gives the app container a Secrets Manager secret the role may
// read.
func withSecret(w *world.World) {
	addSMSecret(w, "", "password")
	app(w).Secrets = []world.ContainerSecret{{Name: "DB_PASSWORD", ValueFrom: smSecret}}
	addInline(w, "sm", `{"Statement":[{"Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"*"}]}`)
}

// withEnvFile gives the app container an environment file in a bucket of
// the account that the role may read.
func withEnvFile(w *world.World) {
	app(w).EnvironmentFiles = []world.EnvironmentFile{{Value: "arn:aws:s3:::my-app-config/prod.env", Type: "s3"}}
	w.Buckets.Put("my-app-config", &world.Bucket{Name: "my-app-config", Region: region, PolicyKnown: true})
	addInline(w, "s3", `{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::my-app-config/*"},{"Effect":"Allow","Action":"s3:GetBucketLocation","Resource":"arn:aws:s3:::my-app-config"}]}`)
}

// mutationCase breaks one link of the base world and says what the step
// must answer.
type mutationCase struct {
	name   string
	mutate func(*world.World)
	want   expect
}

// runMutationCases simulates each case's mutation of the base world as a
// subtest.
func runMutationCases(t *testing.T, cases []mutationCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := baseWorld()
			tc.mutate(w)
			checkExpect(t, simulate(t, w), tc.want)
		})
	}
}
