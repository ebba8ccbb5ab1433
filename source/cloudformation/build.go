package cloudformation

import (
	"slices"
	"strings"

	"github.com/ecs-preflight/ecs-preflight/world"
)

// setSource names the input that fills every set of a template's world.
const setSource = "CloudFormation template"

// build fills the world from the resources: first the resources that are
// stored as facts, then the ones that change them (attachments, rules,
// routes, associations, policies), then the defaults of the VPCs the
// template creates.
func (l *loader) build() error {
	w := &world.World{RegionFrom: l.regionFrom, AccountFrom: l.accountFrom,
		Origin: world.Origin{File: l.file, Path: "Resources"}}
	// world/unresolved.go: an unknown region, account or partition is "",
	// never a placeholder.
	if l.regionKnown {
		w.Region = l.region
	}
	if l.accountKnown {
		w.AccountID = l.account
	}
	if l.partitionKnown {
		w.Partition = l.partition
	}
	// A template speaks of what it creates and names, never of the whole
	// account: every set is known, none is complete.
	w.TaskDefinitions = world.NewSet[world.TaskDefinition](setSource, false)
	w.Services = world.NewSet[world.Service](setSource, false)
	w.Roles = world.NewSet[world.Role](setSource, false)
	w.Policies = world.NewSet[world.ManagedPolicy](setSource, false)
	w.VPCs = world.NewSet[world.VPC](setSource, false)
	w.Subnets = world.NewSet[world.Subnet](setSource, false)
	w.RouteTables = world.NewSet[world.RouteTable](setSource, false)
	w.SecurityGroups = world.NewSet[world.SecurityGroup](setSource, false)
	w.NetworkACLs = world.NewSet[world.NetworkACL](setSource, false)
	w.VPCEndpoints = world.NewSet[world.VPCEndpoint](setSource, false)
	w.InternetGateways = world.NewSet[world.InternetGateway](setSource, false)
	w.NATGateways = world.NewSet[world.NATGateway](setSource, false)
	w.Repositories = world.NewSet[world.Repository](setSource, false)
	w.Secrets = world.NewSet[world.Secret](setSource, false)
	w.Keys = world.NewSet[world.Key](setSource, false)
	w.KeyAliases = world.NewSet[world.KeyAlias](setSource, false)
	w.Parameters = world.NewSet[world.Parameter](setSource, false)
	w.LogGroups = world.NewSet[world.LogGroup](setSource, false)
	w.Buckets = world.NewSet[world.Bucket](setSource, false)
	w.DHCPOptions = world.NewSet[world.DHCPOptions](setSource, false)
	w.InstanceGroups = world.NewSet[world.InstanceGroup](setSource, false)
	w.HostedZones = world.NewSet[world.HostedZone](setSource, false)
	// AWS prefix lists (pl-xxxx for S3) are not in a template; the set
	// stays unknown unless the template creates managed prefix lists.
	l.w = w
	l.roleByName = map[string]*world.Role{}
	l.roleByID = map[string]*world.Role{}
	l.vpcs = map[string]bool{}
	l.zoneByName = map[string]*world.HostedZone{}

	var live []*resource
	for _, id := range l.order {
		r := l.res[id]
		if r.cond != "" {
			c, err := l.condition(r.cond, r.key, id+".Condition")
			if err != nil {
				return err
			}
			// CFN "Conditions": a resource whose condition is false is not
			// created. One whose condition is unknown is read as created.
			if c.t == tFalse {
				continue
			}
		}
		live = append(live, r)
	}
	passes := []map[string]func(*resource, obj) error{
		{
			"AWS::IAM::Role":              l.role,
			"AWS::IAM::ManagedPolicy":     l.managedPolicy,
			"AWS::EC2::VPC":               l.vpc,
			"AWS::EC2::Subnet":            l.subnet,
			"AWS::EC2::RouteTable":        l.routeTable,
			"AWS::EC2::InternetGateway":   l.internetGateway,
			"AWS::EC2::NatGateway":        l.natGateway,
			"AWS::EC2::SecurityGroup":     l.securityGroup,
			"AWS::EC2::NetworkAcl":        l.networkACL,
			"AWS::EC2::VPCEndpoint":       l.vpcEndpoint,
			"AWS::EC2::PrefixList":        l.prefixList,
			"AWS::ECR::Repository":        l.repository,
			"AWS::SecretsManager::Secret": l.secret,
			"AWS::KMS::Key":               l.key,
			"AWS::SSM::Parameter":         l.ssmParameter,
			"AWS::Logs::LogGroup":         l.logGroup,
			"AWS::S3::Bucket":             l.bucket,
			"AWS::EC2::DHCPOptions":       l.dhcpOptions,
			"AWS::Route53::HostedZone":    l.hostedZone,
		},
		{
			"AWS::IAM::Policy":                              l.iamPolicy,
			"AWS::IAM::RolePolicy":                          l.rolePolicy,
			"AWS::EC2::Route":                               l.route,
			"AWS::EC2::SubnetRouteTableAssociation":         l.subnetRouteTableAssociation,
			"AWS::EC2::VPCGatewayAttachment":                l.gatewayAttachment,
			"AWS::EC2::SecurityGroupIngress":                l.securityGroupRule(false),
			"AWS::EC2::SecurityGroupEgress":                 l.securityGroupRule(true),
			"AWS::EC2::NetworkAclEntry":                     l.networkACLEntry,
			"AWS::EC2::SubnetNetworkAclAssociation":         l.subnetNetworkACLAssociation,
			"AWS::SecretsManager::ResourcePolicy":           l.secretResourcePolicy,
			"AWS::KMS::Alias":                               l.keyAlias,
			"AWS::S3::BucketPolicy":                         l.bucketPolicy,
			"AWS::ECR::RepositoryPolicy":                    nil,
			"AWS::ECS::TaskDefinition":                      l.taskDefinition,
			"AWS::ECS::ClusterCapacityProviderAssociations": nil,
			"AWS::EC2::VPCDHCPOptionsAssociation":           l.dhcpOptionsAssociation,
			"AWS::Route53::RecordSet":                       l.recordSet,
			"AWS::Route53::RecordSetGroup":                  l.recordSetGroup,
		},
		{
			"AWS::ECS::Service": l.service,
		},
	}
	for i, handlers := range passes {
		for _, r := range live {
			h := handlers[r.typ]
			if h == nil {
				continue
			}
			p, err := l.props(r)
			if err != nil {
				return err
			}
			if err := h(r, obj{l: l, v: p, path: r.id + ".Properties"}); err != nil {
				return err
			}
		}
		if i == 0 {
			if err := l.attachManagedPolicies(); err != nil {
				return err
			}
		}
		if i == 1 {
			// Services look up the subnets' route tables only through
			// netpath, but NAT gateways need their subnets' VPCs.
			l.vpcDefaults()
		}
	}
	if err := l.instanceGroups(live); err != nil {
		return err
	}
	l.transformUnknowns()
	return nil
}

// transformUnknowns marks what a transform may change. AWS::Serverless
// (SAM) expands only AWS::Serverless::* resources and Globals, and
// AWS::LanguageExtensions only its own functions, so resources of other
// types are read as written and only references to expanded resources are
// unresolved. Any other transform is a macro that may rewrite the whole
// template.
func (l *loader) transformUnknowns() {
	var macros []string
	for _, t := range l.transforms {
		switch t {
		case "AWS::Serverless-2016-10-31", "AWS::LanguageExtensions", "AWS::CodeDeployBlueGreen", "AWS::SecretsManager-2020-07-23", "AWS::SecretsManager-2024-09-16":
		default:
			macros = append(macros, t)
		}
	}
	if len(macros) == 0 {
		return
	}
	what := "a macro that rewrites it at deploy"
	if !slices.ContainsFunc(macros, func(m string) bool { return !strings.HasPrefix(m, "AWS::Include ") }) {
		// expand.go names a remote AWS::Include so.
		what = "a snippet CloudFormation inserts at deploy"
	}
	msg := "the template uses Transform " + strings.Join(macros, ", ") + ", " + what + "; check the processed template (aws cloudformation get-template --template-stage Processed) or the deployed stack with --snapshot"
	for _, td := range l.w.TaskDefinitions.All() {
		if td.Unknown == nil {
			td.Unknown = map[string]string{}
		}
		td.Unknown["taskDefinition"] = msg
	}
}
