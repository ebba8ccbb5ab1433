package netpath

import (
	"slices"
	"strings"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/world"
)

var (
	apiECR   = ServiceTarget("ecr.api", testRegion, "aws")
	registry = ECRRegistryTarget("123456789012.dkr.ecr."+testRegion+".amazonaws.com", "")
	layers   = LayerBucketTarget(testRegion, "aws")
	logsT    = ServiceTarget("logs", testRegion, "aws")
	smT      = ServiceTarget("secretsmanager", testRegion, "aws")
	ssmT     = ServiceTarget("ssm", testRegion, "aws")
	dockerT  = InternetTarget("registry-1.docker.io")
)

type reachCase struct {
	name  string
	setup func() *fixture
	from  ENI
	to    Target
	// want
	status   Status
	via      Via
	endpoint string
	blocks   []string // "kind resource", order-insensitive, exact
	missing  []string // substrings that must appear in Missing
	warning  []string // substrings that must appear in Warnings
	assume   []string // substrings that must appear in Assumptions
	fix      []string // substrings that must appear in some Block.Fix
	detail   []string // substrings that must appear in some Block.Detail
}

func mutate(base func() *fixture, fns ...func(f *fixture)) func() *fixture {
	return func() *fixture {
		f := base()
		for _, fn := range fns {
			fn(f)
		}
		return f
	}
}

func endpoints() *fixture { return standard().privateOnly() }

// cdkNoOutbound is what CDK writes for allowAllOutbound: false: a rule that
// matches nothing.
var cdkNoOutbound = []world.IpPermission{{IpProtocol: "icmp", FromPort: ip(252), ToPort: ip(86), IpRanges: []world.IpRange{{CidrIp: "255.255.255.255/32"}}}}

func reachCases() []reachCase {
	return []reachCase{
		// Internet gateway path.
		{name: "ECS-DG public subnet with public IP reaches api.ecr via igw", setup: standard, from: pubENI, to: apiECR, status: Reachable, via: ViaIGW},
		{name: "agent#1128 public subnet without public IP is blocked", setup: standard,
			from: ENI{SubnetID: "subnet-pub", SecurityGroupIDs: []string{"sg-task"}}, to: apiECR,
			status: Blocked, via: ViaIGW, blocks: []string{"public-ip subnet-pub"}, fix: []string{"assignPublicIp=ENABLED"}},
		{name: "compose-cli#911 internet gateway detached from the VPC", setup: mutate(standard, func(f *fixture) {
			f.w.InternetGateways.Get("igw-1").Attachments = nil
		}), from: pubENI, to: apiECR, status: Blocked, via: ViaNone, blocks: []string{"route igw-1"}, fix: []string{"attach-internet-gateway"}},
		{name: "compose-cli#911 igw attached but no 0.0.0.0/0 route", setup: mutate(standard, func(f *fixture) {
			f.rt("rtb-pub").Routes = f.rt("rtb-pub").Routes[:1]
		}), from: pubENI, to: apiECR, status: Blocked, via: ViaNone, blocks: []string{"route rtb-pub"}, fix: []string{"create-route", "com.amazonaws.ap-northeast-1.ecr.api"}},
		{name: "agent#1266 private subnet routed to igw without public IP", setup: mutate(standard, func(f *fixture) {
			f.rt("rtb-priv").Routes[1] = defRoute("igw-1")
		}), from: privENI, to: apiECR, status: Blocked, via: ViaIGW, blocks: []string{"public-ip subnet-priv"}},

		{name: "docs/model.md no false pass: without DescribeVpcEndpoints an unlisted private-DNS endpoint could carry the call", setup: mutate(standard, func(f *fixture) {
			f.w.VPCEndpoints = world.Set[world.VPCEndpoint]{}
		}), from: privENI, to: apiECR, status: Unknown, missing: []string{"ec2:DescribeVpcEndpoints"}},
		{name: "no false pass: an incomplete endpoint listing (plan beside an existing VPC) cannot prove there is no endpoint", setup: mutate(standard, func(f *fixture) {
			f.w.VPCEndpoints.Complete = false
		}), from: privENI, to: apiECR, status: Unknown, missing: []string{"ec2:DescribeVpcEndpoints (endpoints for ecr.api"}},
		{name: "a VPC the template creates is fully described: no endpoint in the listing means none", setup: mutate(standard, func(f *fixture) {
			f.w.VPCEndpoints.Complete = false
			f.w.VPCs.Get("vpc-1").Described = true
		}), from: privENI, to: apiECR, status: Reachable, via: ViaNAT},
		{name: "no false pass: an internet registry needs no endpoint listing", setup: mutate(standard, func(f *fixture) {
			f.w.VPCEndpoints = world.Set[world.VPCEndpoint]{}
		}), from: privENI, to: InternetTarget("registry-1.docker.io"), status: Reachable, via: ViaNAT},

		// NAT gateway path.
		{name: "VPC-UG NAT gateways private subnet with NAT reaches api.ecr", setup: standard, from: privENI, to: apiECR, status: Reachable, via: ViaNAT},
		{name: "VPC-UG NAT gateways NAT in a private subnet has no igw route", setup: mutate(standard, func(f *fixture) {
			f.w.NATGateways.Get("nat-1").SubnetId = "subnet-ep"
		}), from: privENI, to: apiECR, status: Blocked, via: ViaNAT, blocks: []string{"route rtb-priv"}, detail: []string{"must be in a public subnet"}, fix: []string{"--gateway-id igw-1"}},
		{name: "VPC-UG NAT gateways NAT gateway failed", setup: mutate(standard, func(f *fixture) {
			f.w.NATGateways.Get("nat-1").State = "failed"
		}), from: privENI, to: apiECR, status: Blocked, via: ViaNAT, blocks: []string{"route nat-1"}},
		{name: "VPC-UG NAT gateways private NAT cannot reach the internet", setup: mutate(standard, func(f *fixture) {
			f.w.NATGateways.Get("nat-1").ConnectivityType = "private"
		}), from: privENI, to: apiECR, status: Blocked, via: ViaNAT, blocks: []string{"route nat-1"}, fix: []string{"--connectivity-type public"}},
		{name: "VPC-UG route priority blackhole default route", setup: mutate(standard, func(f *fixture) {
			f.rt("rtb-priv").Routes[1].State = "blackhole"
		}), from: privENI, to: apiECR, status: Blocked, via: ViaNone, blocks: []string{"route rtb-priv"}, fix: []string{"replace-route"}},
		{name: "containers-roadmap#2287 egress-only internet gateway only", setup: mutate(standard, func(f *fixture) {
			f.rt("rtb-priv").Routes[1] = world.Route{DestinationIpv6CidrBlock: "::/0", EgressOnlyInternetGatewayId: "eigw-1", State: "active"}
		}), from: privENI, to: apiECR, status: Blocked, via: ViaNone, blocks: []string{"route rtb-priv"}, detail: []string{"egress-only"}},
		{name: "VPC-UG ephemeral ports NAT subnet NACL must admit 1024-65535 back", setup: mutate(standard, func(f *fixture) {
			f.acl("acl-pub", "vpc-1", false, []world.NetworkACLEntry{
				entry(100, false, "6", "allow", "10.0.0.0/16", 443, 443),
				entry(110, false, "6", "allow", "0.0.0.0/0", 32768, 65535),
				entry(100, true, "-1", "allow", "0.0.0.0/0", 0, 0),
			}, "subnet-pub")
		}), from: privENI, to: apiECR, status: Blocked, via: ViaNAT, blocks: []string{"nacl acl-pub"}, fix: []string{"From=1024,To=65535"}},
		{name: "VPC-UG ephemeral ports task NACL admitting 32768-65535 back is enough", setup: mutate(standard, func(f *fixture) {
			f.acl("acl-priv", "vpc-1", false, []world.NetworkACLEntry{
				entry(100, false, "6", "allow", "0.0.0.0/0", 32768, 65535),
				entry(100, true, "6", "allow", "0.0.0.0/0", 443, 443),
			}, "subnet-priv")
		}), from: privENI, to: apiECR, status: Reachable, via: ViaNAT},

		// Endpoints (ECR-UG "VPC endpoints").
		{name: "ECR-UG VPC endpoints all present api.ecr via vpce", setup: endpoints, from: privENI, to: apiECR, status: Reachable, via: ViaVPCE, endpoint: "vpce-ecr.api"},
		{name: "ECR-UG VPC endpoints registry host via ecr.dkr endpoint", setup: endpoints, from: privENI, to: registry, status: Reachable, via: ViaVPCE, endpoint: "vpce-ecr.dkr"},
		{name: "ECR-UG VPC endpoints layer bucket via S3 gateway", setup: endpoints, from: privENI, to: layers, status: Reachable, via: ViaVPCE, endpoint: "vpce-s3"},
		{name: "ECR-UG VPC endpoints logs via endpoint (awsdocs ecr-user-guide PR 16)", setup: endpoints, from: privENI, to: logsT, status: Reachable, via: ViaVPCE, endpoint: "vpce-logs"},
		{name: "ECR-UG VPC endpoints secretsmanager via endpoint", setup: endpoints, from: privENI, to: smT, status: Reachable, via: ViaVPCE, endpoint: "vpce-secretsmanager"},
		{name: "ECR-UG VPC endpoints ssm via endpoint", setup: endpoints, from: privENI, to: ssmT, status: Reachable, via: ViaVPCE, endpoint: "vpce-ssm"},
		{name: "ECR-UG VPC endpoints ecr.api endpoint missing and no NAT", setup: mutate(endpoints, func(f *fixture) {
			f.w.VPCEndpoints = rebuildWithout(f.w.VPCEndpoints, "vpce-ecr.api")
		}), from: privENI, to: apiECR, status: Blocked, via: ViaNone, blocks: []string{"route rtb-priv"},
			fix: []string{"create-vpc-endpoint --vpc-endpoint-type Interface --service-name com.amazonaws.ap-northeast-1.ecr.api --vpc-id vpc-1 --subnet-ids subnet-priv --security-group-ids sg-ep --private-dns-enabled"}},
		{name: "umotif terraform-aws-ecs-fargate#50 secretsmanager endpoint missing on PV 1.4.0", setup: mutate(endpoints, func(f *fixture) {
			f.w.VPCEndpoints = rebuildWithout(f.w.VPCEndpoints, "vpce-secretsmanager")
		}), from: privENI, to: smT, status: Blocked, via: ViaNone, blocks: []string{"route rtb-priv"}, fix: []string{"com.amazonaws.ap-northeast-1.secretsmanager"}},
		{name: "aws-cli#6147 private DNS disabled and no NAT", setup: mutate(endpoints, func(f *fixture) {
			f.ep("vpce-ecr.api").PrivateDnsEnabled = bp(false)
		}), from: privENI, to: apiECR, status: Blocked, via: ViaNone, blocks: []string{"dns vpce-ecr.api"}, fix: []string{"modify-vpc-endpoint --vpc-endpoint-id vpce-ecr.api --private-dns-enabled"}},
		{name: "aws-cli#6147 private DNS disabled but NAT carries the traffic", setup: mutate(standard, func(f *fixture) {
			f.ifaceEP("vpce-ecr.api", "vpc-1", "com.amazonaws."+testRegion+".ecr.api", false, []string{"subnet-ep"}, "sg-ep")
		}), from: privENI, to: apiECR, status: Reachable, via: ViaNAT, warning: []string{"exists but is not used"}},
		{name: "PrivateLink private DNS VPC enableDnsHostnames off", setup: mutate(endpoints, func(f *fixture) {
			f.w.VPCs.Get("vpc-1").EnableDnsHostnames = bp(false)
		}), from: privENI, to: apiECR, status: Blocked, via: ViaNone, blocks: []string{"dns vpc-1"}, fix: []string{"--enable-dns-hostnames"}},
		{name: "PrivateLink endpoint pending does not serve", setup: mutate(endpoints, func(f *fixture) {
			f.ep("vpce-ecr.api").State = "pending"
		}), from: privENI, to: apiECR, status: Blocked, via: ViaNone, blocks: []string{"dns vpce-ecr.api"}},
		{name: "ECR-UG interface VPC endpoints endpoint SG without 443 from the task", setup: mutate(endpoints, func(f *fixture) {
			f.sgp("sg-ep").IpPermissions = nil
		}), from: privENI, to: apiECR, status: Blocked, via: ViaVPCE, endpoint: "vpce-ecr.api", blocks: []string{"security-group sg-ep"},
			fix: []string{"authorize-security-group-ingress --group-id sg-ep --protocol tcp --port 443 --source-group sg-task"}},
		{name: "ECR-UG interface VPC endpoints endpoint SG admitting the VPC CIDR is enough", setup: mutate(endpoints, func(f *fixture) {
			f.sgp("sg-ep").IpPermissions = []world.IpPermission{toCIDR(tcp(443, 443), "10.0.0.0/16")}
		}), from: privENI, to: apiECR, status: Reachable, via: ViaVPCE},
		{name: "generative-ai-sagemaker-cdk-demo#4 CDK allow_all_outbound=False with NAT", setup: mutate(standard, func(f *fixture) {
			f.sgp("sg-task").IpPermissionsEgress = cdkNoOutbound
		}), from: privENI, to: apiECR, status: Blocked, via: ViaNAT, blocks: []string{"security-group sg-task"}, fix: []string{"authorize-security-group-egress --group-id sg-task"}},
		{name: "generative-ai-sagemaker-cdk-demo#4 CDK allow_all_outbound=False with endpoints", setup: mutate(endpoints, func(f *fixture) {
			f.sgp("sg-task").IpPermissionsEgress = cdkNoOutbound
		}), from: privENI, to: apiECR, status: Blocked, via: ViaVPCE, blocks: []string{"security-group sg-task"}, fix: []string{"UserIdGroupPairs=[{GroupId=sg-ep}]"}},
		{name: "guardbench-iac#4 task SG egress only to VPC CIDR reaches interface endpoints", setup: mutate(endpoints, func(f *fixture) {
			f.sgp("sg-task").IpPermissionsEgress = []world.IpPermission{toCIDR(tcp(443, 443), "10.0.0.0/16")}
		}), from: privENI, to: registry, status: Reachable, via: ViaVPCE, endpoint: "vpce-ecr.dkr"},
		{name: "guardbench-iac#4 task SG egress only to VPC CIDR blocks S3 gateway layers", setup: mutate(endpoints, func(f *fixture) {
			f.sgp("sg-task").IpPermissionsEgress = []world.IpPermission{toCIDR(tcp(443, 443), "10.0.0.0/16")}
		}), from: privENI, to: layers, status: Blocked, via: ViaVPCE, endpoint: "vpce-s3", blocks: []string{"security-group sg-task"}, fix: []string{"PrefixListIds=[{PrefixListId=pl-s3}]"}},
		{name: "ECR-UG VPC endpoints task SG egress to the S3 prefix list id suffices", setup: mutate(endpoints, func(f *fixture) {
			f.sgp("sg-task").IpPermissionsEgress = []world.IpPermission{toCIDR(tcp(443, 443), "10.0.0.0/16"), toPL(tcp(443, 443), "pl-s3")}
		}), from: privENI, to: layers, status: Reachable, via: ViaVPCE, endpoint: "vpce-s3"},
		{name: "gardener-extension-provider-gcp#494 S3 gateway not on the task route table", setup: mutate(standard, func(f *fixture) {
			f.privateOnly()
			f.rtb("rtb-other", "vpc-1", "10.0.0.0/16", false)
			f.rt("rtb-priv").Routes = f.rt("rtb-priv").Routes[:1]
			f.ep("vpce-s3").RouteTableIds = []string{"rtb-other"}
		}), from: privENI, to: layers, status: Blocked, via: ViaNone, blocks: []string{"route vpce-s3"}, fix: []string{"--add-route-table-ids rtb-priv"}},
		{name: "gardener#494 S3 gateway elsewhere but NAT carries S3 (warning)", setup: mutate(standard, func(f *fixture) {
			f.rtb("rtb-other", "vpc-1", "10.0.0.0/16", false)
			f.s3Gateway("vpce-s3", "vpc-1", testRegion, "pl-s3", "rtb-other")
		}), from: privENI, to: layers, status: Reachable, via: ViaNAT, warning: []string{"not on the task's route table"}},

		// NACLs.
		{name: "agent#1680 NACL drops return ephemeral traffic despite public IP", setup: mutate(standard, func(f *fixture) {
			f.acl("acl-pub", "vpc-1", false, []world.NetworkACLEntry{
				entry(100, false, "6", "allow", "0.0.0.0/0", 443, 443),
				entry(32767, false, "-1", "deny", "0.0.0.0/0", 0, 0),
				entry(100, true, "-1", "allow", "0.0.0.0/0", 0, 0),
				entry(32767, true, "-1", "deny", "0.0.0.0/0", 0, 0),
			}, "subnet-pub")
		}), from: pubENI, to: apiECR, status: Blocked, via: ViaIGW, blocks: []string{"nacl acl-pub"}, detail: []string{"amazon-ecs-agent#1680"}, fix: []string{"--rule-number 99", "From=1024,To=65535"}},
		{name: "modernisation-platform#1199 NACL blocks the S3 prefix CIDRs", setup: mutate(endpoints, func(f *fixture) {
			f.acl("acl-priv", "vpc-1", false, []world.NetworkACLEntry{
				entry(100, false, "-1", "allow", "10.0.0.0/16", 0, 0),
				entry(100, true, "-1", "allow", "10.0.0.0/16", 0, 0),
			}, "subnet-priv")
		}), from: privENI, to: layers, status: Blocked, via: ViaVPCE, blocks: []string{"nacl acl-priv", "nacl acl-priv"}, fix: []string{"52.219.0.0/20, 3.5.128.0/21"}},
		{name: "modernisation-platform#1199 same NACL still passes interface endpoints", setup: mutate(endpoints, func(f *fixture) {
			f.acl("acl-priv", "vpc-1", false, []world.NetworkACLEntry{
				entry(100, false, "-1", "allow", "10.0.0.0/16", 0, 0),
				entry(100, true, "-1", "allow", "10.0.0.0/16", 0, 0),
			}, "subnet-priv")
		}), from: privENI, to: apiECR, status: Reachable, via: ViaVPCE},
		{name: "modernisation-platform#1199 NACL allowing one of two S3 CIDRs is blocked", setup: mutate(endpoints, func(f *fixture) {
			f.acl("acl-priv", "vpc-1", false, []world.NetworkACLEntry{
				entry(100, false, "-1", "allow", "10.0.0.0/16", 0, 0),
				entry(110, false, "6", "allow", "52.219.0.0/20", 1024, 65535),
				entry(100, true, "-1", "allow", "10.0.0.0/16", 0, 0),
				entry(110, true, "6", "allow", "52.219.0.0/20", 443, 443),
			}, "subnet-priv")
		}), from: privENI, to: layers, status: Blocked, via: ViaVPCE, blocks: []string{"nacl acl-priv", "nacl acl-priv"}},
		{name: "VPC-UG Network ACLs deny 10/8 then allow all still passes the internet", setup: mutate(standard, func(f *fixture) {
			f.acl("acl-pub", "vpc-1", false, []world.NetworkACLEntry{
				entry(90, false, "-1", "deny", "192.168.0.0/16", 0, 0),
				entry(100, false, "-1", "allow", "0.0.0.0/0", 0, 0),
				entry(90, true, "-1", "deny", "192.168.0.0/16", 0, 0),
				entry(100, true, "-1", "allow", "0.0.0.0/0", 0, 0),
			}, "subnet-pub")
		}), from: pubENI, to: apiECR, status: Reachable, via: ViaIGW},
		{name: "VPC-UG Network ACLs allowing half the internet leaves the host unknown", setup: mutate(standard, func(f *fixture) {
			f.acl("acl-pub", "vpc-1", false, []world.NetworkACLEntry{
				entry(100, false, "-1", "allow", "0.0.0.0/1", 0, 0),
				entry(100, true, "-1", "allow", "0.0.0.0/0", 0, 0),
			}, "subnet-pub")
		}), from: pubENI, to: apiECR, status: Unknown, via: ViaIGW, missing: []string{"IP addresses of api.ecr.ap-northeast-1.amazonaws.com"}},

		// Regions and S3 interface endpoints.
		{name: "ECR-UG interface VPC endpoints no cross-Region requests: endpoint in another region does not serve", setup: endpoints, from: privENI,
			to: ECRRegistryTarget("123456789012.dkr.ecr.eu-west-1.amazonaws.com", ""), status: Blocked, via: ViaNone,
			blocks: []string{"region vpce-ecr.dkr", "route rtb-priv"}},
		{name: "terraform-aws-vpc PR 877 S3 endpoint as Interface without private DNS", setup: mutate(endpoints, func(f *fixture) {
			f.w.VPCEndpoints = rebuildWithout(f.w.VPCEndpoints, "vpce-s3")
			f.rt("rtb-priv").Routes = f.rt("rtb-priv").Routes[:1]
			f.ifaceEP("vpce-s3i", "vpc-1", "com.amazonaws."+testRegion+".s3", false, []string{"subnet-ep"}, "sg-ep")
		}), from: privENI, to: layers, status: Blocked, via: ViaNone, blocks: []string{"dns vpce-s3i"}, fix: []string{"--vpc-endpoint-type Gateway --service-name com.amazonaws.ap-northeast-1.s3"}},
		// ECS-DG "Amazon ECS interface VPC endpoints (AWS PrivateLink)"
		// (current page, read 2026-11-30): "The interface endpoints for Amazon
		// S3 can't be used with Amazon ECR."
		{name: "ECS-DG interface VPC endpoints 2026-11-30 S3 interface endpoint as the only path blocks ECR layers", setup: mutate(endpoints, func(f *fixture) {
			f.w.VPCEndpoints = rebuildWithout(f.w.VPCEndpoints, "vpce-s3")
			f.rt("rtb-priv").Routes = f.rt("rtb-priv").Routes[:1]
			f.ifaceEP("vpce-s3i", "vpc-1", "com.amazonaws."+testRegion+".s3", true, []string{"subnet-ep"}, "sg-ep")
		}), from: privENI, to: layers, status: Blocked, via: ViaNone, blocks: []string{"route vpce-s3i"},
			detail: []string{"can't be used with Amazon ECR"}, fix: []string{"--vpc-endpoint-type Gateway --service-name com.amazonaws.ap-northeast-1.s3 --vpc-id vpc-1 --route-table-ids rtb-priv"}},
		{name: "ECS-DG interface VPC endpoints 2026-11-30 S3 interface endpoint beside a NAT route leaves ECR layers unknown", setup: mutate(standard, func(f *fixture) {
			f.ifaceEP("vpce-s3i", "vpc-1", "com.amazonaws."+testRegion+".s3", true, []string{"subnet-ep"}, "sg-ep")
		}), from: privENI, to: layers, status: Unknown, via: ViaNAT, missing: []string{"fail through S3 interface endpoint vpce-s3i"}, warning: []string{"can't be used with Amazon ECR"}},
		{name: "S3-UG PrivateLink S3 interface endpoint with private DNS serves other buckets", setup: mutate(endpoints, func(f *fixture) {
			f.w.VPCEndpoints = rebuildWithout(f.w.VPCEndpoints, "vpce-s3")
			f.rt("rtb-priv").Routes = f.rt("rtb-priv").Routes[:1]
			f.ifaceEP("vpce-s3i", "vpc-1", "com.amazonaws."+testRegion+".s3", true, []string{"subnet-ep"}, "sg-ep")
		}), from: privENI, to: BucketTarget("my-env-files", testRegion, "aws"), status: Reachable, via: ViaVPCE, endpoint: "vpce-s3i", warning: []string{"gateway endpoint"}},
		{name: "S3-UG private DNS only for inbound resolver with a gateway elsewhere: both ways fail for ECR layers", setup: mutate(endpoints, func(f *fixture) {
			f.rtb("rtb-other", "vpc-1", "10.0.0.0/16", false)
			f.rt("rtb-priv").Routes = f.rt("rtb-priv").Routes[:1]
			f.ep("vpce-s3").RouteTableIds = []string{"rtb-other"}
			f.ifaceEP("vpce-s3i", "vpc-1", "com.amazonaws."+testRegion+".s3", true, []string{"subnet-ep"}, "sg-ep")
		}), from: privENI, to: layers, status: Blocked, blocks: []string{"route vpce-s3i"}, missing: []string{"PrivateDnsOnlyForInboundResolverEndpoint for vpce-s3i"}},
		{name: "S3-UG private DNS only for inbound resolver unknown with a gateway elsewhere", setup: mutate(endpoints, func(f *fixture) {
			f.rtb("rtb-other", "vpc-1", "10.0.0.0/16", false)
			f.rt("rtb-priv").Routes = f.rt("rtb-priv").Routes[:1]
			f.ep("vpce-s3").RouteTableIds = []string{"rtb-other"}
			f.ifaceEP("vpce-s3i", "vpc-1", "com.amazonaws."+testRegion+".s3", true, []string{"subnet-ep"}, "sg-ep")
		}), from: privENI, to: BucketTarget("my-env-files", testRegion, "aws"), status: Unknown, missing: []string{"PrivateDnsOnlyForInboundResolverEndpoint for vpce-s3i"}},

		// Internet-only hosts.
		{name: "PrivateLink AWS services that integrate: Docker Hub with only endpoints is blocked", setup: endpoints, from: privENI, to: dockerT,
			status: Blocked, via: ViaNone, blocks: []string{"route rtb-priv"}, warning: []string{"cannot be reached through VPC endpoints"}, fix: []string{"has no VPC endpoint"}},
		{name: "VPC-UG NAT gateways Docker Hub through NAT", setup: standard, from: privENI, to: dockerT, status: Reachable, via: ViaNAT},

		// Targets the model cannot follow.
		{name: "VPC-UG route tables transit gateway default route is unknown", setup: mutate(standard, func(f *fixture) {
			f.rt("rtb-priv").Routes[1] = defRoute("tgw-1")
		}), from: privENI, to: apiECR, status: Unknown, via: ViaUnknown, missing: []string{"transit gateway tgw-1"}},
		{name: "fck-nat#99 NAT instance is unknown", setup: mutate(standard, func(f *fixture) {
			f.rt("rtb-priv").Routes[1] = defRoute("i-0123456789abcdef0")
		}), from: privENI, to: apiECR, status: Unknown, via: ViaNAT, missing: []string{"fck-nat#99"}},
		{name: "VPC peering guide no edge-to-edge routing through a peer", setup: mutate(standard, func(f *fixture) {
			f.rt("rtb-priv").Routes[1] = defRoute("pcx-1")
		}), from: privENI, to: apiECR, status: Blocked, via: ViaNone, blocks: []string{"route rtb-priv"}},

		// Missing facts.
		{name: "docs/model.md unknown: route tables not in the input", setup: mutate(standard, func(f *fixture) {
			f.w.RouteTables = world.Set[world.RouteTable]{}
		}), from: privENI, to: apiECR, status: Unknown, missing: []string{"ec2:DescribeRouteTables (route table for subnet-priv)"}},
		{name: "VPC-UG route tables subnet without association uses the main table", setup: mutate(standard, func(f *fixture) {
			f.subnet("subnet-new", "vpc-1", "10.0.9.0/24", "ap-northeast-1a")
		}), from: ENI{SubnetID: "subnet-new", SecurityGroupIDs: []string{"sg-task"}}, to: apiECR, status: Blocked, via: ViaNone, blocks: []string{"route rtb-main"}},
		{name: "docs/model.md unknown: partial route table listing cannot fall back to the main table", setup: mutate(standard, func(f *fixture) {
			f.subnet("subnet-new", "vpc-1", "10.0.9.0/24", "ap-northeast-1a")
			f.w.RouteTables.Complete = false
		}), from: ENI{SubnetID: "subnet-new", SecurityGroupIDs: []string{"sg-task"}}, to: apiECR, status: Unknown, missing: []string{"ec2:DescribeRouteTables (route table for subnet-new)"}},
		{name: "docs/model.md unknown: task subnet not in a partial listing", setup: mutate(standard, func(f *fixture) {
			f.w.Subnets.Complete = false
		}), from: ENI{SubnetID: "subnet-new", SecurityGroupIDs: []string{"sg-task"}}, to: apiECR, status: Unknown, missing: []string{"ec2:DescribeSubnets (subnet-new)"}},
		{name: "docs/model.md unknown: task subnet absent from a complete listing", setup: standard,
			from: ENI{SubnetID: "subnet-gone", SecurityGroupIDs: []string{"sg-task"}}, to: apiECR, status: Blocked, blocks: []string{"route subnet-gone"}},
		{name: "docs/model.md unknown: VPC DNS attributes missing with endpoints only", setup: mutate(endpoints, func(f *fixture) {
			f.w.VPCs.Get("vpc-1").EnableDnsHostnames = nil
		}), from: privENI, to: apiECR, status: Unknown, missing: []string{"ec2:DescribeVpcAttribute enableDnsHostnames for vpc-1"}},
		{name: "docs/model.md unknown: VPC enableDnsHostnames missing but NAT works too", setup: mutate(standard, func(f *fixture) {
			f.ifaceEP("vpce-ecr.api", "vpc-1", "com.amazonaws."+testRegion+".ecr.api", true, []string{"subnet-ep"}, "sg-ep")
			f.w.VPCs.Get("vpc-1").EnableDnsHostnames = nil
		}), from: privENI, to: apiECR, status: Reachable, via: ViaVPCE, warning: []string{"both that path and the internet path"}},
		{name: "docs/model.md unknown: NACLs not in the input", setup: mutate(standard, func(f *fixture) {
			f.w.NetworkACLs = world.Set[world.NetworkACL]{}
		}), from: privENI, to: apiECR, status: Unknown, missing: []string{"ec2:DescribeNetworkAcls (network ACL of subnet-priv)"}},
		{name: "docs/model.md unknown: task security group not in the input", from: ENI{SubnetID: "subnet-priv", SecurityGroupIDs: []string{"sg-other"}}, setup: mutate(standard, func(f *fixture) {
			f.w.SecurityGroups.Complete = false
		}), to: apiECR, status: Unknown, missing: []string{"ec2:DescribeSecurityGroups (sg-other)"}},
		{name: "docs/model.md unknown: S3 prefix list entries unknown and NACL partial", setup: mutate(endpoints, func(f *fixture) {
			f.w.PrefixLists.Get("pl-s3").CidrsKnown = false
			f.acl("acl-priv", "vpc-1", false, []world.NetworkACLEntry{
				entry(90, true, "-1", "deny", "52.0.0.0/8", 0, 0),
				entry(100, true, "-1", "allow", "0.0.0.0/0", 0, 0),
				entry(100, false, "-1", "allow", "0.0.0.0/0", 0, 0),
			}, "subnet-priv")
		}), from: privENI, to: layers, status: Unknown, via: ViaVPCE, missing: []string{"ec2:GetManagedPrefixListEntries (pl-s3"}},
		{name: "ECS-DG awsvpcConfiguration without security groups uses the VPC default group", setup: mutate(standard, func(f *fixture) {
			g := f.sg("sg-default", "vpc-1", nil, cdkNoOutbound)
			g.GroupName = "default"
		}), from: ENI{SubnetID: "subnet-priv"}, to: apiECR, status: Blocked, via: ViaNAT, blocks: []string{"security-group sg-default"}},

		// Availability zones and several blocks.
		{name: "PrivateLink access an AWS service: endpoint only in another AZ still serves (warning)", setup: mutate(endpoints, func(f *fixture) {
			f.ep("vpce-ecr.api").SubnetIds = []string{"subnet-ep-c"}
		}), from: privENI, to: apiECR, status: Reachable, via: ViaVPCE, warning: []string{"Availability Zone", "[unverified, general PrivateLink behaviour]"}},
		{name: "PrivateLink one endpoint ENI blocked by its NACL is a warning", setup: mutate(endpoints, func(f *fixture) {
			f.ep("vpce-ecr.api").SubnetIds = []string{"subnet-ep", "subnet-ep-c"}
			f.acl("acl-c", "vpc-1", false, nil, "subnet-ep-c")
		}), from: privENI, to: apiECR, status: Reachable, via: ViaVPCE, warning: []string{"is not reachable", "some connection attempts may time out"}},
		{name: "VPC-UG network ACLs do not filter traffic within a subnet: an ENI in the task's subnet serves while another's NACL is unknown (warning, may)", setup: mutate(endpoints, func(f *fixture) {
			f.ep("vpce-ecr.api").SubnetIds = []string{"subnet-priv", "subnet-ep-c"}
			f.w.NetworkACLs = world.Set[world.NetworkACL]{}
		}), from: privENI, to: apiECR, status: Reachable, via: ViaVPCE, warning: []string{"may not be reachable (unknown: ec2:DescribeNetworkAcls"}},
		{name: "docs/model.md fixes: several blocks reported together", setup: mutate(endpoints, func(f *fixture) {
			f.sgp("sg-ep").IpPermissions = nil
			f.sgp("sg-task").IpPermissionsEgress = cdkNoOutbound
			f.acl("acl-ep", "vpc-1", false, []world.NetworkACLEntry{
				entry(32767, false, "-1", "deny", "0.0.0.0/0", 0, 0),
				entry(32767, true, "-1", "deny", "0.0.0.0/0", 0, 0),
			}, "subnet-ep")
		}), from: privENI, to: apiECR, status: Blocked, via: ViaVPCE,
			blocks: []string{"security-group sg-task", "security-group sg-ep", "nacl acl-ep", "nacl acl-ep"}},
		{name: "docs/model.md fixes: private DNS off and endpoint SG closed reported together", setup: mutate(endpoints, func(f *fixture) {
			f.ep("vpce-ecr.api").PrivateDnsEnabled = bp(false)
			f.sgp("sg-ep").IpPermissions = nil
		}), from: privENI, to: apiECR, status: Blocked, via: ViaNone, blocks: []string{"dns vpce-ecr.api", "security-group sg-ep"}},
		{name: "ECR-UG VPC endpoints custom DHCP DNS servers warn", setup: mutate(endpoints, func(f *fixture) {
			f.w.VPCs.Get("vpc-1").DhcpOptionsId = "dopt-1"
			f.w.DHCPOptions.Put("dopt-1", &world.DHCPOptions{DhcpOptionsId: "dopt-1", DomainNameServers: []string{"10.0.0.53"}})
		}), from: privENI, to: apiECR, status: Reachable, via: ViaVPCE, warning: []string{"forward amazonaws.com"}},
	}
}

// rebuildWithout copies an endpoint set without one endpoint.
func rebuildWithout(s world.Set[world.VPCEndpoint], id string) world.Set[world.VPCEndpoint] {
	out := world.NewSet[world.VPCEndpoint](s.Source, s.Complete)
	for _, e := range s.All() {
		if e.VpcEndpointId != id {
			out.Put(e.VpcEndpointId, e)
		}
	}
	return out
}

func TestReach(t *testing.T) {
	cases := slices.Concat(reachCases(), moreReachCases(), rulesReachCases())
	// A floor on the table, so that cases are not lost in a merge.
	if len(cases) < 125 {
		t.Fatalf("only %d cases", len(cases))
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := tc.setup()
			r := Reach(f.w, tc.from, tc.to)
			checkResult(t, r, tc)
			// Compile-once and per-call answers agree.
			if r2 := Compile(f.w).Reach(tc.from, tc.to); r2.Status != r.Status || r2.Via != r.Via {
				t.Errorf("Compile().Reach = %s/%s, Reach = %s/%s", r2.Status, r2.Via, r.Status, r.Via)
			}
		})
	}
}

func checkResult(t *testing.T, r Result, tc reachCase) {
	t.Helper()
	dump := func() string {
		var b strings.Builder
		b.WriteString("status=" + string(r.Status) + " via=" + string(r.Via) + " endpoint=" + r.EndpointID + "\n")
		for _, h := range r.Path {
			b.WriteString("  hop: " + h + "\n")
		}
		for _, x := range r.Blocks {
			b.WriteString("  block: " + string(x.Kind) + " " + x.Resource + ": " + x.Detail + "\n    fix: " + x.Fix + "\n")
		}
		for _, m := range r.Missing {
			b.WriteString("  missing: " + m + "\n")
		}
		for _, w := range r.Warnings {
			b.WriteString("  warning: " + w + "\n")
		}
		return b.String()
	}
	if r.Status != tc.status {
		t.Errorf("status = %s, want %s\n%s", r.Status, tc.status, dump())
	}
	if tc.via != "" && r.Via != tc.via {
		t.Errorf("via = %s, want %s\n%s", r.Via, tc.via, dump())
	}
	if tc.endpoint != "" && r.EndpointID != tc.endpoint {
		t.Errorf("endpoint = %q, want %q\n%s", r.EndpointID, tc.endpoint, dump())
	}
	if r.Via == ViaVPCE && (r.SourceVpce != r.EndpointID || r.SourceVpc == "") {
		t.Errorf("via vpce but SourceVpc=%q SourceVpce=%q", r.SourceVpc, r.SourceVpce)
	}
	if r.Via != ViaVPCE && (r.SourceVpce != "" || r.SourceVpc != "") {
		t.Errorf("SourceVpc/SourceVpce set without vpce")
	}
	if tc.status == Blocked || len(tc.blocks) > 0 {
		var got []string
		for _, b := range r.Blocks {
			got = append(got, string(b.Kind)+" "+b.Resource)
			if b.Detail == "" || b.Fix == "" {
				t.Errorf("block without detail or fix: %+v", b)
			}
		}
		want := slices.Clone(tc.blocks)
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("blocks = %q, want %q\n%s", got, want, dump())
		}
	}
	if r.Status == Unknown && len(r.Missing) == 0 {
		t.Errorf("unknown without missing facts\n%s", dump())
	}
	containsAny := func(list []string, sub string) bool {
		return slices.ContainsFunc(list, func(s string) bool { return strings.Contains(s, sub) })
	}
	for _, m := range tc.missing {
		if !containsAny(r.Missing, m) {
			t.Errorf("missing lacks %q\n%s", m, dump())
		}
	}
	for _, w := range tc.warning {
		if !containsAny(r.Warnings, w) {
			t.Errorf("warnings lack %q\n%s", w, dump())
		}
	}
	for _, a := range tc.assume {
		if !containsAny(r.Assumptions, a) {
			t.Errorf("assumptions lack %q\n%s", a, dump())
		}
	}
	var fixes, details []string
	for _, b := range r.Blocks {
		fixes = append(fixes, b.Fix)
		details = append(details, b.Detail)
	}
	for _, s := range tc.fix {
		if !containsAny(fixes, s) {
			t.Errorf("fixes lack %q\n%s", s, dump())
		}
	}
	for _, s := range tc.detail {
		if !containsAny(details, s) {
			t.Errorf("details lack %q\n%s", s, dump())
		}
	}
}
