package cloudformation

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/ecs-preflight/ecs-preflight/world"
)

// Ids and names of the resources a template creates do not exist before
// deploy. The reader synthesizes them, deterministically from the logical
// id, so that a Ref in one resource equals the key the referenced resource
// is stored under in the world (see the package documentation):
//
//   - EC2 ids: the id prefix of the kind, a hyphen and the logical id
//     ("subnet-PrivateSubnetA", "sg-ServiceSecurityGroup", "vpce-EcrApi").
//   - Names CloudFormation would generate: "STACK-LogicalId" (lower case
//     where the service wants it), cut to the service's length limit.
//   - KMS key ids: the logical id.
//   - Secrets Manager ARNs: NAME-cfnsyn, standing for the random six
//     characters Secrets Manager appends.

// synthName is the name CloudFormation would generate for an unnamed
// resource, without the random suffix.
func (l *loader) synthName(r *resource, max int, lower bool) string {
	s := l.stack + "-" + r.id
	if lower {
		s = strings.ToLower(s)
	}
	if max > 0 && len(s) > max {
		s = s[:max]
	}
	return s
}

// secretSuffix stands for the six random characters of a secret's ARN.
const secretSuffix = "-cfnsyn"

func (l *loader) arn(service, region, resource string) string {
	return "arn:" + l.partition + ":" + service + ":" + region + ":" + l.account + ":" + resource
}

// name returns the resource's name property, or the synthetic name. It is
// evaluated once per resource: references chain through names.
func (l *loader) name(r *resource) (string, error) {
	if r.name != nil {
		return *r.name, nil
	}
	n, err := l.name1(r)
	if err == nil {
		r.name = &n
	}
	return n, err
}

func (l *loader) name1(r *resource) (string, error) {
	switch r.typ {
	case "AWS::IAM::Role":
		return l.propString(r, "RoleName", l.synthName(r, 64, false))
	case "AWS::IAM::ManagedPolicy":
		return l.propString(r, "ManagedPolicyName", l.synthName(r, 128, false))
	case "AWS::ECS::Cluster":
		return l.propString(r, "ClusterName", l.synthName(r, 255, false))
	case "AWS::ECS::TaskDefinition":
		return l.propString(r, "Family", l.synthName(r, 255, false))
	case "AWS::ECS::Service":
		return l.propString(r, "ServiceName", l.synthName(r, 255, false))
	case "AWS::ECR::Repository":
		return l.propString(r, "RepositoryName", l.synthName(r, 256, true))
	case "AWS::SecretsManager::Secret":
		return l.propString(r, "Name", l.synthName(r, 256, false))
	case "AWS::SSM::Parameter":
		return l.propString(r, "Name", l.synthName(r, 1011, false))
	case "AWS::Logs::LogGroup":
		return l.propString(r, "LogGroupName", l.synthName(r, 512, false))
	case "AWS::S3::Bucket":
		return l.propString(r, "BucketName", l.synthName(r, 63, true))
	case "AWS::EC2::SecurityGroup":
		return l.propString(r, "GroupName", l.synthName(r, 255, false))
	case "AWS::KMS::Alias":
		return l.propString(r, "AliasName", "alias/"+l.synthName(r, 250, false))
	case "AWS::IAM::InstanceProfile":
		return l.propString(r, "InstanceProfileName", l.synthName(r, 128, false))
	case "AWS::AutoScaling::AutoScalingGroup":
		return l.propString(r, "AutoScalingGroupName", l.synthName(r, 255, false))
	case "AWS::AutoScaling::LaunchConfiguration":
		return l.propString(r, "LaunchConfigurationName", l.synthName(r, 255, false))
	case "AWS::ECS::CapacityProvider":
		return l.propString(r, "Name", l.synthName(r, 255, false))
	}
	return l.synthName(r, 255, false), nil
}

// ec2Prefix is the id prefix of each EC2 resource type the reader stores.
var ec2Prefix = map[string]string{
	"AWS::EC2::VPC":                       "vpc",
	"AWS::EC2::Subnet":                    "subnet",
	"AWS::EC2::RouteTable":                "rtb",
	"AWS::EC2::InternetGateway":           "igw",
	"AWS::EC2::NatGateway":                "nat",
	"AWS::EC2::SecurityGroup":             "sg",
	"AWS::EC2::NetworkAcl":                "acl",
	"AWS::EC2::VPCEndpoint":               "vpce",
	"AWS::EC2::PrefixList":                "pl",
	"AWS::EC2::TransitGateway":            "tgw",
	"AWS::EC2::VPNGateway":                "vgw",
	"AWS::EC2::EgressOnlyInternetGateway": "eigw",
	"AWS::EC2::VPCPeeringConnection":      "pcx",
	"AWS::EC2::NetworkInterface":          "eni",
	"AWS::EC2::Instance":                  "i",
	"AWS::EC2::DHCPOptions":               "dopt",
	"AWS::EC2::LaunchTemplate":            "lt",
}

// hostedZoneID is the synthetic id of a hosted zone the template creates:
// "Z-" and the logical id, standing for the id Route 53 assigns.
func (l *loader) hostedZoneID(r *resource) string { return "Z-" + l.lid(r) }

// ec2ID is the synthetic id of an EC2 resource.
func (l *loader) ec2ID(r *resource) string { return ec2Prefix[r.typ] + "-" + l.lid(r) }

// attr returns a resource's Ref value (attr "") or Fn::GetAtt attribute
// per the "Return values" section of each type's page in the CFN template
// reference. ok is false for values that exist only after deploy. Each
// (resource, attribute) is evaluated once: a template that refers to the
// same attribute many times at every level of a chain would otherwise
// take time exponential in its depth.
func (l *loader) attr(r *resource, attr string) (s string, ok bool, err error) {
	k := attrKey{r.id, attr}
	if m, done := l.attrMemo[k]; done {
		return m.s, m.ok, m.err
	}
	if err := l.enter(r, k); err != nil {
		return "", false, err
	}
	s, ok, err = l.attr1(r, attr)
	l.leave(k)
	// An error is kept too: it comes from r's own properties, whoever
	// asks (see warm).
	l.attrMemo[k] = attrResult{s, ok, err}
	return s, ok, err
}

func (l *loader) attr1(r *resource, attr string) (s string, ok bool, err error) {
	name := func() (string, error) { return l.name(r) }
	switch r.typ {
	case "AWS::CloudFormation::Stack", "AWS::Serverless::Application":
		if out, ok := strings.CutPrefix(attr, "Outputs."); ok {
			return l.nestedOutput(r, out)
		}
	case "AWS::EC2::VPC":
		switch attr {
		case "", "VpcId":
			return l.ec2ID(r), true, nil
		case "CidrBlock":
			s, err := l.propString(r, "CidrBlock", "")
			return s, s != "", err
		case "DefaultNetworkAcl":
			return "acl-" + l.lid(r) + "-default", true, nil
		case "DefaultSecurityGroup":
			return "sg-" + l.lid(r) + "-default", true, nil
		}
	case "AWS::EC2::Subnet":
		switch attr {
		case "", "SubnetId":
			return l.ec2ID(r), true, nil
		case "VpcId", "AvailabilityZone", "CidrBlock":
			s, err := l.propString(r, attr, "")
			return s, s != "", err
		}
	case "AWS::EC2::SecurityGroup":
		switch attr {
		case "", "GroupId":
			// CFN reference AWS::EC2::SecurityGroup: Ref returns the id
			// for a group in a VPC.
			return l.ec2ID(r), true, nil
		case "VpcId":
			s, err := l.propString(r, "VpcId", "")
			return s, s != "", err
		}
	case "AWS::EC2::RouteTable", "AWS::EC2::InternetGateway", "AWS::EC2::NatGateway", "AWS::EC2::NetworkAcl",
		"AWS::EC2::TransitGateway", "AWS::EC2::VPNGateway", "AWS::EC2::EgressOnlyInternetGateway",
		"AWS::EC2::VPCPeeringConnection", "AWS::EC2::NetworkInterface", "AWS::EC2::Instance":
		switch attr {
		case "", "RouteTableId", "InternetGatewayId", "NatGatewayId", "Id", "TransitGatewayId", "VPNGatewayId":
			return l.ec2ID(r), true, nil
		}
	case "AWS::EC2::VPCEndpoint":
		if attr == "" || attr == "Id" {
			return l.ec2ID(r), true, nil
		}
	case "AWS::EC2::DHCPOptions":
		if attr == "" || attr == "DhcpOptionsId" {
			return l.ec2ID(r), true, nil
		}
	case "AWS::EC2::LaunchTemplate":
		switch attr {
		case "", "LaunchTemplateId":
			return l.ec2ID(r), true, nil
		case "LatestVersionNumber", "DefaultVersionNumber":
			// EC2 CreateLaunchTemplate: a new launch template's first
			// version is 1, and it is the default.
			return "1", true, nil
		}
	case "AWS::IAM::InstanceProfile":
		n, err := name()
		if err != nil {
			return "", false, err
		}
		switch attr {
		case "":
			return n, true, nil
		case "Arn":
			p, err := l.propString(r, "Path", "/")
			return l.arn("iam", "", "instance-profile"+p+n), true, err
		}
	case "AWS::AutoScaling::AutoScalingGroup", "AWS::AutoScaling::LaunchConfiguration", "AWS::ECS::CapacityProvider":
		// CFN reference: Ref returns the name.
		if attr == "" {
			n, err := name()
			return n, true, err
		}
	case "AWS::Route53::HostedZone":
		if attr == "" || attr == "Id" {
			return l.hostedZoneID(r), true, nil
		}
	case "AWS::EC2::PrefixList":
		switch attr {
		case "", "PrefixListId":
			return l.ec2ID(r), true, nil
		case "Arn":
			return l.arn("ec2", l.region, "prefix-list/"+l.ec2ID(r)), true, nil
		}
	case "AWS::EC2::EIP":
		if attr == "AllocationId" {
			return "eipalloc-" + l.lid(r), true, nil
		}
	case "AWS::IAM::Role":
		n, err := name()
		if err != nil {
			return "", false, err
		}
		switch attr {
		case "":
			return n, true, nil
		case "Arn":
			p, err := l.propString(r, "Path", "/")
			return l.arn("iam", "", "role"+p+n), true, err
		}
	case "AWS::IAM::ManagedPolicy":
		if attr == "" || attr == "PolicyArn" {
			n, err := name()
			if err != nil {
				return "", false, err
			}
			p, err := l.propString(r, "Path", "/")
			return l.arn("iam", "", "policy"+p+n), true, err
		}
	case "AWS::ECS::Cluster":
		n, err := name()
		switch attr {
		case "":
			return n, true, err
		case "Arn":
			return l.arn("ecs", l.region, "cluster/"+n), true, err
		}
	case "AWS::ECS::TaskDefinition":
		if attr == "" || attr == "TaskDefinitionArn" {
			n, err := name()
			// A new family starts at revision 1.
			return l.arn("ecs", l.region, "task-definition/"+n+":1"), true, err
		}
	case "AWS::ECS::Service":
		n, err := name()
		if err != nil {
			return "", false, err
		}
		switch attr {
		case "Name":
			return n, true, nil
		case "", "ServiceArn":
			c, err := l.serviceCluster(r)
			return l.arn("ecs", l.region, "service/"+c+"/"+n), true, err
		}
	case "AWS::ECR::Repository":
		n, err := name()
		switch attr {
		case "":
			return n, true, err
		case "Arn":
			return l.arn("ecr", l.region, "repository/"+n), true, err
		case "RepositoryUri":
			return l.account + ".dkr.ecr." + l.region + "." + l.urlSuffix() + "/" + n, true, err
		}
	case "AWS::SecretsManager::Secret":
		if attr == "" || attr == "Id" {
			n, err := name()
			return l.arn("secretsmanager", l.region, "secret:"+n+secretSuffix), true, err
		}
	case "AWS::KMS::Key":
		switch attr {
		case "", "KeyId":
			return l.lid(r), true, nil
		case "Arn":
			return l.arn("kms", l.region, "key/"+l.lid(r)), true, nil
		}
	case "AWS::KMS::Alias":
		if attr == "" {
			n, err := name()
			return n, true, err
		}
	case "AWS::SSM::Parameter":
		switch attr {
		case "":
			n, err := name()
			return n, true, err
		case "Type", "Value":
			s, err := l.propString(r, attr, "")
			return s, s != "", err
		}
	case "AWS::Logs::LogGroup":
		n, err := name()
		switch attr {
		case "":
			return n, true, err
		case "Arn":
			// CFN reference AWS::Logs::LogGroup: the Arn attribute ends in
			// ":*".
			return l.arn("logs", l.region, "log-group:"+n+":*"), true, err
		}
	case "AWS::S3::Bucket":
		n, err := name()
		switch attr {
		case "":
			return n, true, err
		case "Arn":
			return "arn:" + l.partition + ":s3:::" + n, true, err
		case "DomainName":
			return n + ".s3." + l.urlSuffix(), true, err
		case "RegionalDomainName":
			return n + ".s3." + l.region + "." + l.urlSuffix(), true, err
		}
	}
	return "", false, nil
}

// serviceCluster is the name of the cluster a service runs in; "default"
// when the template names none (ECS API CreateService).
func (l *loader) serviceCluster(r *resource) (string, error) {
	c, err := l.propString(r, "Cluster", "default")
	if err != nil {
		return "", err
	}
	if i := strings.LastIndex(c, "cluster/"); strings.HasPrefix(c, "arn:") && i >= 0 {
		c = c[i+len("cluster/"):]
	}
	return c, nil
}

// attrOrUnresolved returns what Ref (attr "") or Fn::GetAtt gives for r;
// a value the template does not determine is a stand-in naming the
// reference (world.Unresolved), never "", so that a lookup by it is unknown.
func (l *loader) attrOrUnresolved(r *resource, attr string) (string, error) {
	s, ok, err := l.attr(r, attr)
	if err != nil {
		return "", err
	}
	if !ok || s == "" {
		what := "Ref " + r.id
		if attr != "" {
			what = "Fn::GetAtt " + r.id + "." + attr
		}
		return world.Unresolved(what + " (" + r.typ + "), known only after deploy"), nil
	}
	return s, nil
}

func (l *loader) refValue(r *resource, at *yaml.Node, path string) (val, error) {
	s, ok, err := l.attr(r, "")
	if err != nil {
		return val{}, err
	}
	if !ok {
		return unresolved(fmt.Sprintf("Ref %s (%s), known only after deploy", r.id, r.typ), at.Line, at.Column), nil
	}
	return str(s, at.Line, at.Column), nil
}

func (l *loader) getAtt(id, attr string, at *yaml.Node, path string) (val, error) {
	r, ok := l.res[id]
	if !ok {
		if l.hasTransform() {
			return unresolved(fmt.Sprintf("Fn::GetAtt %s.%s, of a resource the transform %s adds at deploy", id, attr, strings.Join(l.transforms, ", ")), at.Line, at.Column), nil
		}
		return val{}, l.errAt(at, path, "Fn::GetAtt: %q is not a resource of the template", id)
	}
	s, ok, err := l.attr(r, attr)
	if err != nil {
		return val{}, err
	}
	if !ok {
		return unresolved(fmt.Sprintf("Fn::GetAtt %s.%s (%s), known only after deploy", id, attr, r.typ), at.Line, at.Column), nil
	}
	return str(s, at.Line, at.Column), nil
}
