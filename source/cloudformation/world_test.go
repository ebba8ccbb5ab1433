package cloudformation

import (
	"strings"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/world"
)

func mustRead(t *testing.T, tpl string, opts ...Option) *world.World {
	t.Helper()
	w, err := Read("stack.yaml", []byte(tpl), opts...)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func TestWorldFacts(t *testing.T) {
	t.Run("false Condition drops the resource (Conditions)", func(t *testing.T) {
		w := mustRead(t, "Parameters:\n  Env: {Type: String, Default: dev}\nConditions:\n  IsProd: !Equals [!Ref Env, prod]\nResources:\n  G: {Type: AWS::Logs::LogGroup, Condition: IsProd}\n  H: {Type: AWS::Logs::LogGroup}\n")
		if n := w.LogGroups.Len(); n != 1 {
			t.Fatalf("%d log groups, want 1", n)
		}
	})
	t.Run("AWS::NoValue removes the property (Pseudo parameters reference)", func(t *testing.T) {
		w := mustRead(t, "Resources:\n  G:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      LogGroupName: !Ref AWS::NoValue\n")
		if g := w.LogGroups.All()[0]; g.LogGroupName != "stack-G" {
			t.Fatalf("name %q, want the generated one", g.LogGroupName)
		}
	})
	t.Run("security group without SecurityGroupEgress allows all egress (AWS::EC2::SecurityGroup)", func(t *testing.T) {
		w := mustRead(t, "Resources:\n  S: {Type: AWS::EC2::SecurityGroup, Properties: {GroupDescription: x, VpcId: vpc-1}}\n  E: {Type: AWS::EC2::SecurityGroupEgress, Properties: {GroupId: !Ref S, IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 10.0.0.0/8}}\n")
		sg := w.SecurityGroups.Get("sg-S")
		if len(sg.IpPermissionsEgress) != 2 || sg.IpPermissionsEgress[0].IpProtocol != "-1" {
			t.Fatalf("egress %+v, want the default allow-all rule and the added one", sg.IpPermissionsEgress)
		}
	})
	t.Run("CDK disallow-all rule replaces the default egress (AWS::EC2::SecurityGroup)", func(t *testing.T) {
		w := mustRead(t, "Resources:\n  S:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: x\n      SecurityGroupEgress: [{CidrIp: 255.255.255.255/32, Description: Disallow all traffic, FromPort: 252, IpProtocol: icmp, ToPort: 86}]\n")
		if e := w.SecurityGroups.Get("sg-S").IpPermissionsEgress; len(e) != 1 || e[0].IpProtocol != "icmp" {
			t.Fatalf("egress %+v", e)
		}
	})
	t.Run("VPC defaults: DNS, main route table, default NACL (AWS::EC2::VPC)", func(t *testing.T) {
		w := mustRead(t, "Resources:\n  V: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}\n  S: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref V, CidrBlock: 10.0.1.0/24}}\n")
		v := w.VPCs.Get("vpc-V")
		if !*v.EnableDnsSupport || *v.EnableDnsHostnames {
			t.Fatalf("dns support %v hostnames %v, want true false", *v.EnableDnsSupport, *v.EnableDnsHostnames)
		}
		rt := w.RouteTables.Get("rtb-V-main")
		if len(rt.Routes) != 1 || rt.Routes[0].GatewayId != "local" || len(rt.Associations) != 2 || rt.Associations[1].SubnetId != "subnet-S" {
			t.Fatalf("main route table %+v", rt)
		}
		acl := w.NetworkACLs.Get("acl-V-default")
		if !acl.IsDefault || len(acl.Associations) != 1 {
			t.Fatalf("default NACL %+v", acl)
		}
	})
	t.Run("VPCEndpoint defaults: Gateway, private DNS false (AWS::EC2::VPCEndpoint)", func(t *testing.T) {
		w := mustRead(t, "Resources:\n  G: {Type: AWS::EC2::VPCEndpoint, Properties: {VpcId: vpc-1, ServiceName: com.amazonaws.us-east-1.s3}}\n  I: {Type: AWS::EC2::VPCEndpoint, Properties: {VpcId: vpc-1, VpcEndpointType: Interface, ServiceName: com.amazonaws.us-east-1.logs}}\n")
		if g := w.VPCEndpoints.Get("vpce-G"); g.VpcEndpointType != "Gateway" {
			t.Fatalf("type %q", g.VpcEndpointType)
		}
		if i := w.VPCEndpoints.Get("vpce-I"); i.PrivateDnsEnabled == nil || *i.PrivateDnsEnabled {
			t.Fatal("interface endpoint private DNS should default to false")
		}
	})
	t.Run("VPCEndpoint IpAddressType as written, unknown when not (AWS::EC2::VPCEndpoint)", func(t *testing.T) {
		w := mustRead(t, "Parameters:\n  T: {Type: String}\nResources:\n  D: {Type: AWS::EC2::VPCEndpoint, Properties: {VpcId: vpc-1, VpcEndpointType: Interface, IpAddressType: dualstack, ServiceName: com.amazonaws.us-east-1.logs}}\n  N: {Type: AWS::EC2::VPCEndpoint, Properties: {VpcId: vpc-1, VpcEndpointType: Interface, ServiceName: com.amazonaws.us-east-1.logs}}\n  P: {Type: AWS::EC2::VPCEndpoint, Properties: {VpcId: vpc-1, VpcEndpointType: Interface, IpAddressType: !Ref T, ServiceName: com.amazonaws.us-east-1.logs}}\n")
		for id, want := range map[string]string{"vpce-D": "dualstack", "vpce-N": "", "vpce-P": ""} {
			if got := w.VPCEndpoints.Get(id).IpAddressType; got != want {
				t.Errorf("%s: IpAddressType %q, want %q", id, got, want)
			}
		}
	})
	t.Run("endpoint policy from an import is unknown (AWS::EC2::VPCEndpoint)", func(t *testing.T) {
		w := mustRead(t, "Resources:\n  G: {Type: AWS::EC2::VPCEndpoint, Properties: {VpcId: vpc-1, ServiceName: com.amazonaws.us-east-1.s3, PolicyDocument: {Statement: [{Effect: Allow, Principal: '*', Action: '*', Resource: !ImportValue bucket}]}}}\n")
		g := w.VPCEndpoints.Get("vpce-G")
		if g.PolicyDocument == "" || !strings.Contains(g.Unknown["PolicyDocument"], `Fn::ImportValue "bucket"`) {
			t.Fatalf("policy %q unknown %q", g.PolicyDocument, g.Unknown)
		}
	})
	t.Run("KMS key without KeyPolicy gets the default policy (AWS::KMS::Key)", func(t *testing.T) {
		w := mustRead(t, "Resources:\n  K: {Type: AWS::KMS::Key}\n", docEnv...)
		if k := w.Keys.Get("arn:aws:kms:us-east-1:123456789012:key/K"); !strings.Contains(k.Policy, "arn:aws:iam::123456789012:root") {
			t.Fatalf("policy %q", k.Policy)
		}
	})
	t.Run("secret shape from GenerateSecretString, never the value (AWS::SecretsManager::Secret)", func(t *testing.T) {
		w := mustRead(t, "Resources:\n  S: {Type: AWS::SecretsManager::Secret, Properties: {GenerateSecretString: {SecretStringTemplate: '{\"username\":\"app\"}', GenerateStringKey: password}}}\n  T: {Type: AWS::SecretsManager::Secret, Properties: {SecretString: '{\"apiKey\":\"hunter2\"}'}}\n")
		s := w.Secrets.All()
		if s[0].Value.Kind != "json" || strings.Join(s[0].Value.Keys, ",") != "username,password" {
			t.Fatalf("shape %+v", s[0].Value)
		}
		if strings.Contains(s[1].Value.Kind+strings.Join(s[1].Value.Keys, ""), "hunter2") {
			t.Fatal("secret value stored")
		}
	})
	t.Run("AWS::IAM::Policy attaches to its Roles (AWS::IAM::Policy)", func(t *testing.T) {
		w := mustRead(t, "Resources:\n  R: {Type: AWS::IAM::Role, Properties: {AssumeRolePolicyDocument: {}}}\n  P: {Type: AWS::IAM::Policy, Properties: {PolicyName: p, Roles: [!Ref R], PolicyDocument: {Statement: []}}}\n  M: {Type: AWS::IAM::ManagedPolicy, Properties: {Roles: [!Ref R], PolicyDocument: {Statement: []}}}\n", docEnv...)
		r := w.Roles.Get("arn:aws:iam::123456789012:role/stack-R")
		if len(r.InlinePolicies) != 1 || len(r.AttachedPolicies) != 1 || !r.AttachedKnown || !r.InlineKnown || !r.BoundaryKnown {
			t.Fatalf("role %+v", r)
		}
	})
	t.Run("unresolved task definition fields set the Unknown keys taskstart reads (AWS::ECS::TaskDefinition)", func(t *testing.T) {
		w := mustRead(t, "Parameters:\n  Role: {Type: String}\n  Tag: {Type: String}\nResources:\n  T:\n    Type: AWS::ECS::TaskDefinition\n    Properties:\n      ExecutionRoleArn: !Ref Role\n      Cpu: !ImportValue cpu\n      ContainerDefinitions:\n        - Name: app\n          Image: !Sub 'repo:${Tag}'\n          ImagePullBehavior: always\n          LogConfiguration: {LogDriver: awslogs, Options: {awslogs-group: !ImportValue logs}}\n")
		td := w.TaskDefinitions.All()[0]
		if !strings.Contains(td.Unknown["executionRoleArn"], "--parameter Role=VALUE") || td.Unknown["cpu"] == "" {
			t.Fatalf("unknown %q", td.Unknown)
		}
		c := td.ContainerDefinitions[0]
		if !strings.Contains(c.Unknown["image"], `parameter "Tag"`) || c.Unknown["logConfiguration.options.awslogs-group"] == "" {
			t.Fatalf("container unknown %q", c.Unknown)
		}
		if len(c.ExtraFields) != 1 || c.ExtraFields[0] != "imagePullBehavior" {
			t.Fatalf("extra fields %q", c.ExtraFields)
		}
	})
	t.Run("a macro transform makes task definitions unknown (Transform)", func(t *testing.T) {
		w := mustRead(t, "Transform: AcmeMacro\nResources:\n  T: {Type: AWS::ECS::TaskDefinition, Properties: {Family: app}}\n")
		if !strings.Contains(w.TaskDefinitions.All()[0].Unknown["taskDefinition"], "AcmeMacro") {
			t.Fatal("transform not named")
		}
	})
	t.Run("sets are known, not complete (world.Set)", func(t *testing.T) {
		w := mustRead(t, "Resources:\n  G: {Type: AWS::Logs::LogGroup}\n")
		if !w.Subnets.Known || w.Subnets.Complete || w.PrefixLists.Known {
			t.Fatalf("subnets known %v complete %v; prefix lists known %v", w.Subnets.Known, w.Subnets.Complete, w.PrefixLists.Known)
		}
	})
	t.Run("every resource has an origin with the logical id's line", func(t *testing.T) {
		w := mustRead(t, "Resources:\n\n  G: {Type: AWS::Logs::LogGroup}\n")
		if o := w.LogGroups.All()[0].Origin; o.Line != 3 || o.Path != "G" || o.File != "stack.yaml" {
			t.Fatalf("origin %+v", o)
		}
	})
}
