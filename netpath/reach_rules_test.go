package netpath

import (
	"testing"

	"github.com/ecs-preflight/ecs-preflight/world"
)

// Cases for decisions that mutation testing found unguarded: a security
// group rule's port range, several interface endpoints for one service in
// one VPC, and IPv4-mapped IPv6 CIDRs (::ffff:a.b.c.d/n).
//
// IPv4-mapped IPv6 CIDRs. VPC-UG "Security group rules": a rule's source or
// destination is an IPv4 CIDR or an IPv6 CIDR, and EC2 API Reference
// "IpRange" / "Ipv6Range" keep them in separate fields (CidrIp is "the IPv4
// address range", CidrIpv6 "the IPv6 address range"); VPC-UG "Control subnet
// traffic with network access control lists" gives each entry an IPv4 or an
// IPv6 CIDR; VPC-UG "Route priority": routes to IPv4 and IPv6 addresses are
// independent of each other. The task's calls are IPv4 packets, which VPC
// does not rewrite into ::ffff:a.b.c.d, so a mapped CIDR is an IPv6 range
// that never matches them: it admits nothing in a security group, neither
// allows nor denies in a NACL, and routes nothing. (EC2 rejects such a text
// in the IPv4 fields; a template that carries one is read the same way.)
func rulesReachCases() []reachCase {
	const mapped = "::ffff:0.0.0.0/96" // every IPv4 address, mapped
	taskEgress := func(perms ...world.IpPermission) func(f *fixture) {
		return func(f *fixture) { f.sgp("sg-task").IpPermissionsEgress = perms }
	}
	noNAT := func(f *fixture) { f.rt("rtb-priv").Routes = f.rt("rtb-priv").Routes[:1] }
	return []reachCase{
		// Port ranges (VPC-UG "Security group rules": a TCP rule admits the
		// ports FromPort through ToPort).
		{name: "VPC-UG security group rules FromPort above 443 does not admit HTTPS", setup: mutate(standard, taskEgress(toCIDR(tcp(444, 65535), "0.0.0.0/0"))),
			from: privENI, to: apiECR, status: Blocked, via: ViaNAT, blocks: []string{"security-group sg-task"}},
		{name: "VPC-UG security group rules ToPort below 443 does not admit HTTPS", setup: mutate(standard, taskEgress(toCIDR(tcp(0, 442), "0.0.0.0/0"))),
			from: privENI, to: apiECR, status: Blocked, via: ViaNAT, blocks: []string{"security-group sg-task"}},
		{name: "VPC-UG security group rules range starting at 443 admits it", setup: mutate(standard, taskEgress(toCIDR(tcp(443, 8443), "0.0.0.0/0"))),
			from: privENI, to: apiECR, status: Reachable, via: ViaNAT},
		{name: "VPC-UG security group rules range ending at 443 admits it", setup: mutate(standard, taskEgress(toCIDR(tcp(80, 443), "0.0.0.0/0"))),
			from: privENI, to: apiECR, status: Reachable, via: ViaNAT},
		{name: "VPC-UG security group rules endpoint group admitting 8443 only does not admit the task's HTTPS", setup: mutate(endpoints, func(f *fixture) {
			f.sgp("sg-ep").IpPermissions = []world.IpPermission{toGroup(tcp(8443, 8443), "sg-task")}
		}), from: privENI, to: apiECR, status: Blocked, via: ViaVPCE, blocks: []string{"security-group sg-ep"}},
		{name: "VPC-UG security group rules template FromPort 443 without ToPort is port 443", setup: mutate(standard,
			taskEgress(toCIDR(world.IpPermission{IpProtocol: "tcp", FromPort: ip(443)}, "0.0.0.0/0"))),
			from: privENI, to: apiECR, status: Reachable, via: ViaNAT},
		{name: "VPC-UG security group rules template FromPort 80 without ToPort does not admit 443", setup: mutate(standard,
			taskEgress(toCIDR(world.IpPermission{IpProtocol: "tcp", FromPort: ip(80)}, "0.0.0.0/0"))),
			from: privENI, to: apiECR, status: Blocked, via: ViaNAT, blocks: []string{"security-group sg-task"}},
		{name: "EC2 API IpPermission protocol -1 allows all ports regardless of the port range", setup: mutate(standard,
			taskEgress(toCIDR(world.IpPermission{IpProtocol: "-1", FromPort: ip(8080), ToPort: ip(8080)}, "0.0.0.0/0"))),
			from: privENI, to: apiECR, status: Reachable, via: ViaNAT},

		// EC2 API Reference "CreateNetworkAclEntry": protocol -1 allows
		// traffic on all ports, regardless of any ports specified.
		{name: "EC2 API CreateNetworkAclEntry protocol -1 entry with a port range still passes every port", setup: mutate(standard, func(f *fixture) {
			all22 := func(num int, egress bool, action string) world.NetworkACLEntry {
				return world.NetworkACLEntry{RuleNumber: num, Protocol: "-1", RuleAction: action, Egress: egress, CidrBlock: "0.0.0.0/0", PortRange: &world.PortRange{From: 22, To: 22}}
			}
			f.aclp("acl-default").Entries = []world.NetworkACLEntry{all22(100, false, "allow"), all22(100, true, "allow")}
		}), from: pubENI, to: apiECR, status: Reachable, via: ViaIGW},
		// modernisation-platform#1199: a NACL that passes exactly the S3
		// prefix list's CIDRs passes the layer download; the region's S3
		// prefix list is found by its name com.amazonaws.REGION.s3 (VPC-UG
		// "AWS-managed prefix lists").
		{name: "modernisation-platform#1199 NACL passing exactly the S3 prefix CIDRs passes layers through the NAT gateway", setup: mutate(standard, func(f *fixture) {
			f.acl("acl-priv", "vpc-1", false, []world.NetworkACLEntry{
				entry(100, false, "-1", "allow", "10.0.0.0/16", 0, 0),
				entry(110, false, "6", "allow", "52.219.0.0/20", 1024, 65535),
				entry(120, false, "6", "allow", "3.5.128.0/21", 1024, 65535),
				entry(100, true, "-1", "allow", "10.0.0.0/16", 0, 0),
				entry(110, true, "6", "allow", "52.219.0.0/20", 443, 443),
				entry(120, true, "6", "allow", "3.5.128.0/21", 443, 443),
			}, "subnet-priv")
		}), from: privENI, to: layers, status: Reachable, via: ViaNAT},

		// Several interface endpoints for one service in one VPC. PrivateLink
		// guide "Access an AWS service using an interface VPC endpoint":
		// with private DNS the service's default name resolves to the
		// endpoint that has it; only one endpoint per service and VPC can
		// (hashicorp/terraform-provider-aws#17535: "private-dns-enabled
		// cannot be set because there is already a conflicting DNS domain").
		{name: "PrivateLink access an AWS service two ecr.api endpoints: the one with private DNS serves", setup: mutate(endpoints, func(f *fixture) {
			f.ifaceEP("vpce-api-nodns", "vpc-1", "com.amazonaws."+testRegion+".ecr.api", false, []string{"subnet-ep"}, "sg-ep")
		}), from: privENI, to: apiECR, status: Reachable, via: ViaVPCE, endpoint: "vpce-ecr.api"},
		{name: "PrivateLink access an AWS service two ecr.api endpoints listed without private DNS first", setup: mutate(standard, noNAT, func(f *fixture) {
			f.ifaceEP("vpce-api-nodns", "vpc-1", "com.amazonaws."+testRegion+".ecr.api", false, []string{"subnet-ep"}, "sg-ep")
			f.ifaceEP("vpce-api-dns", "vpc-1", "com.amazonaws."+testRegion+".ecr.api", true, []string{"subnet-ep"}, "sg-ep")
		}), from: privENI, to: apiECR, status: Reachable, via: ViaVPCE, endpoint: "vpce-api-dns"},
		{name: "PrivateLink access an AWS service deleted endpoint and its available replacement: the replacement serves", setup: mutate(standard, noNAT, func(f *fixture) {
			f.ifaceEP("vpce-api-old", "vpc-1", "com.amazonaws."+testRegion+".ecr.api", true, []string{"subnet-ep"}, "sg-ep").State = "deleted"
			f.ifaceEP("vpce-api-new", "vpc-1", "com.amazonaws."+testRegion+".ecr.api", true, []string{"subnet-ep"}, "sg-ep")
		}), from: privENI, to: apiECR, status: Reachable, via: ViaVPCE, endpoint: "vpce-api-new"},
		// docs/model.md: an endpoint a template will create has no state and
		// is assumed available once created; it owns the private DNS name
		// over an existing endpoint without it.
		{name: "docs/model.md assumption: planned endpoint with private DNS beside an existing one without it serves", setup: mutate(standard, noNAT, func(f *fixture) {
			f.ifaceEP("vpce-api-existing", "vpc-1", "com.amazonaws."+testRegion+".ecr.api", false, []string{"subnet-ep"}, "sg-ep")
			f.ifaceEP("vpce-api-planned", "vpc-1", "com.amazonaws."+testRegion+".ecr.api", true, []string{"subnet-ep"}, "sg-ep").State = ""
		}), from: privENI, to: apiECR, status: Reachable, via: ViaVPCE, endpoint: "vpce-api-planned", assume: []string{"assumed available"}},
		{name: "PrivateLink access an AWS service two endpoints without private DNS and no NAT are blocked", setup: mutate(standard, noNAT, func(f *fixture) {
			f.ifaceEP("vpce-api-a", "vpc-1", "com.amazonaws."+testRegion+".ecr.api", false, []string{"subnet-ep"}, "sg-ep")
			f.ifaceEP("vpce-api-b", "vpc-1", "com.amazonaws."+testRegion+".ecr.api", false, []string{"subnet-ep"}, "sg-ep")
			// Enabling private DNS on either would do; the answer names the
			// first listed, so that its output is stable.
		}), from: privENI, to: apiECR, status: Blocked, via: ViaNone, blocks: []string{"dns vpce-api-a"}, fix: []string{"--private-dns-enabled"}},
		{name: "PrivateLink access an AWS service two endpoints without private DNS: the NAT gateway carries the call", setup: mutate(standard, func(f *fixture) {
			f.ifaceEP("vpce-api-a", "vpc-1", "com.amazonaws."+testRegion+".ecr.api", false, []string{"subnet-ep"}, "sg-ep")
			f.ifaceEP("vpce-api-b", "vpc-1", "com.amazonaws."+testRegion+".ecr.api", false, []string{"subnet-ep"}, "sg-ep")
		}), from: privENI, to: apiECR, status: Reachable, via: ViaNAT, warning: []string{"exists but is not used"}},

		// A bucket whose region is not in the input (no s3:GetBucketLocation).
		// ECR-UG "Amazon ECR interface VPC endpoints (AWS PrivateLink)": VPC
		// endpoints don't support cross-Region requests, so whether the VPC's
		// S3 endpoint serves the bucket depends on its region.
		{name: "docs/model.md unknown: bucket of unknown region beside an S3 endpoint", setup: endpoints, from: privENI, to: BucketTarget("envs", "", "aws"),
			status: Unknown, missing: []string{"region of envs.s3.amazonaws.com (for S3: s3:GetBucketLocation)"}},
		{name: "docs/model.md unknown: bucket of unknown region with a partial endpoint listing", setup: mutate(standard, func(f *fixture) {
			f.w.VPCEndpoints.Complete = false
		}), from: privENI, to: BucketTarget("envs", "", "aws"), status: Unknown, missing: []string{"region of envs.s3.amazonaws.com"}},
		{name: "VPC-UG NAT gateways bucket of unknown region in a VPC without S3 endpoints goes through the NAT gateway", setup: standard,
			from: privENI, to: BucketTarget("envs", "", "aws"), status: Reachable, via: ViaNAT},

		// docs/model.md: a gateway endpoint a template will create has no
		// state and is assumed available once created, as interface
		// endpoints and NAT gateways are.
		{name: "docs/model.md assumption: planned S3 gateway endpoint on the task's route table serves layers", setup: mutate(endpoints, func(f *fixture) {
			f.ep("vpce-s3").State = ""
		}), from: privENI, to: layers, status: Reachable, via: ViaVPCE, endpoint: "vpce-s3", assume: []string{"vpce-s3 state is not in the input; assumed available"}},
		// S3-UG "AWS PrivateLink for Amazon S3": an S3 interface endpoint
		// without private DNS leaves the public S3 name on public addresses;
		// whether "private DNS only for inbound endpoints" applies matters
		// only once private DNS is on.
		{name: "terraform-aws-vpc PR 877 S3 interface endpoint without private DNS beside a gateway on another table", setup: mutate(endpoints, func(f *fixture) {
			f.rtb("rtb-other", "vpc-1", "10.0.0.0/16", false)
			f.rt("rtb-priv").Routes = f.rt("rtb-priv").Routes[:1]
			f.ep("vpce-s3").RouteTableIds = []string{"rtb-other"}
			f.ifaceEP("vpce-s3i", "vpc-1", "com.amazonaws."+testRegion+".s3", false, []string{"subnet-ep"}, "sg-ep")
		}), from: privENI, to: layers, status: Blocked, via: ViaNone, blocks: []string{"dns vpce-s3i"}},

		// VPC-UG "Route priority": each address takes its most specific
		// route, and a blackhole route still matches and drops. Halves of
		// IPv4 to one NAT gateway, one of them a blackhole, decide by the
		// address the host resolves to.
		{name: "VPC-UG route priority halves of IPv4 to one NAT gateway with one half a blackhole depend on the resolved address", setup: mutate(standard, func(f *fixture) {
			rt := f.rt("rtb-priv")
			rt.Routes = []world.Route{rt.Routes[0],
				{DestinationCidrBlock: "0.0.0.0/1", NatGatewayId: "nat-1", State: "active"},
				{DestinationCidrBlock: "128.0.0.0/1", NatGatewayId: "nat-1", State: "blackhole"}}
		}), from: privENI, to: apiECR, status: Unknown, missing: []string{"resolves to"}},

		// VPC-UG "Control subnet traffic with network access control
		// lists": a NACL filters traffic entering and leaving its subnet,
		// so a NAT gateway in the task's own subnet is reached without
		// crossing it (that NAT still fails: its subnet routes to itself).
		{name: "agent#1266 NAT gateway in the task's subnet is reached without crossing the subnet's NACL", setup: mutate(standard, func(f *fixture) {
			f.rt("rtb-pub").Routes[1] = defRoute("nat-1")
			f.acl("acl-pub", "vpc-1", false, []world.NetworkACLEntry{
				entry(100, false, "6", "allow", "0.0.0.0/0", 1024, 65535),
				entry(100, true, "-1", "allow", "0.0.0.0/0", 0, 0),
			}, "subnet-pub")
		}), from: pubENI, to: apiECR, status: Blocked, via: ViaNAT, blocks: []string{"route rtb-pub"}},
		{name: "VPC-UG route priority NAT subnet's default route to a deleted transit gateway attachment is a blackhole", setup: mutate(standard, func(f *fixture) {
			f.rt("rtb-pub").Routes[1] = defRoute("tgw-1")
			f.rt("rtb-pub").Routes[1].State = "blackhole"
		}), from: privENI, to: apiECR, status: Blocked, via: ViaNAT, blocks: []string{"route rtb-pub"}, detail: []string{"(blackhole)"}},
		// EC2-UG "Elastic network interfaces": the primary interface has
		// device index 0 and the instance-level SourceDestCheck, groups and
		// public IP describe it; a route by instance id sends traffic to it
		// (DescribeRouteTables shows both ids). A secondary interface keeps
		// its own settings.
		{name: "EC2-UG network interfaces route by instance id uses the primary interface even when listed second", setup: mutate(natInstanceWorld, func(f *fixture) {
			in := f.inst("i-nat")
			in.NetworkInterfaces = append([]world.InstanceNetworkInterface{{NetworkInterfaceId: "eni-nat-b", SubnetId: "subnet-pub",
				SourceDestCheck: bp(true), Attachment: &world.InstanceNetworkInterfaceAttachment{DeviceIndex: 1}}}, in.NetworkInterfaces...)
			f.rt("rtb-priv").Routes[1] = world.Route{DestinationCidrBlock: "0.0.0.0/0", InstanceId: "i-nat", State: "active"}
		}), from: privENI, to: apiECR, status: Reachable, via: ViaNAT},
		{name: "EC2-UG network interfaces secondary interface without its own source/destination check is unknown", setup: mutate(natInstanceWorld, func(f *fixture) {
			in := f.inst("i-nat")
			in.NetworkInterfaces = append(in.NetworkInterfaces, world.InstanceNetworkInterface{NetworkInterfaceId: "eni-nat-b", SubnetId: "subnet-pub",
				Groups: []world.SecurityGroupIdentifier{{GroupId: "sg-nat"}}, Association: &world.InstanceNetworkInterfaceAssociation{PublicIp: "203.0.113.8"},
				Attachment: &world.InstanceNetworkInterfaceAttachment{DeviceIndex: 1}})
			f.rt("rtb-priv").Routes[1] = world.Route{DestinationCidrBlock: "0.0.0.0/0", NetworkInterfaceId: "eni-nat-b", State: "active"}
		}), from: privENI, to: apiECR, status: Unknown, via: ViaNAT, missing: []string{"SourceDestCheck of i-nat, eni-nat-b"}},

		// docs/model.md "Fixes": one broken setting is one fix, even when it
		// stops the endpoint's ENIs in two subnets.
		{name: "docs/model.md fixes: a task group closed to both endpoint ENIs is reported once", setup: mutate(endpoints, func(f *fixture) {
			f.ep("vpce-ecr.api").SubnetIds = []string{"subnet-ep", "subnet-ep-c"}
			f.sgp("sg-task").IpPermissionsEgress = cdkNoOutbound
		}), from: privENI, to: apiECR, status: Blocked, via: ViaVPCE, blocks: []string{"security-group sg-task"}},

		// IPv4-mapped IPv6 CIDRs (see above).
		{name: "VPC-UG security group rules IPv4-mapped IPv6 CIDR in CidrIp admits no IPv4", setup: mutate(standard, taskEgress(toCIDR(tcp(443, 443), mapped))),
			from: privENI, to: apiECR, status: Blocked, via: ViaNAT, blocks: []string{"security-group sg-task"}},
		{name: "VPC-UG security group rules IPv4-mapped IPv6 range admits no IPv4", setup: mutate(standard,
			taskEgress(world.IpPermission{IpProtocol: "-1", Ipv6Ranges: []world.Ipv6Range{{CidrIpv6: mapped}}})),
			from: privENI, to: apiECR, status: Blocked, via: ViaNAT, blocks: []string{"security-group sg-task"}},
		{name: "VPC-UG security group rules IPv4-mapped IPv6 CIDR on the endpoint group admits no task", setup: mutate(endpoints, func(f *fixture) {
			f.sgp("sg-ep").IpPermissions = []world.IpPermission{toCIDR(tcp(443, 443), "::ffff:10.0.0.0/112")}
		}), from: privENI, to: apiECR, status: Blocked, via: ViaVPCE, blocks: []string{"security-group sg-ep"}},
		{name: "VPC-UG managed prefix lists IPv4-mapped IPv6 entries admit no IPv4", setup: mutate(standard, func(f *fixture) {
			f.w.PrefixLists.Put("pl-mapped", &world.PrefixList{PrefixListId: "pl-mapped", Cidrs: []string{mapped}, CidrsKnown: true})
			f.sgp("sg-task").IpPermissionsEgress = []world.IpPermission{toPL(tcp(443, 443), "pl-mapped")}
		}), from: privENI, to: apiECR, status: Blocked, via: ViaNAT, blocks: []string{"security-group sg-task"}},
		{name: "VPC-UG control subnet traffic with NACLs IPv4-mapped allow entries pass no IPv4", setup: mutate(standard, func(f *fixture) {
			f.aclp("acl-default").Entries = []world.NetworkACLEntry{
				entry(100, false, "-1", "allow", mapped, 0, 0),
				entry(100, true, "-1", "allow", mapped, 0, 0),
			}
		}), from: pubENI, to: apiECR, status: Blocked, via: ViaIGW, blocks: []string{"nacl acl-default", "nacl acl-default"}},
		{name: "VPC-UG control subnet traffic with NACLs IPv4-mapped deny entry in CidrBlock denies no IPv4", setup: mutate(standard, func(f *fixture) {
			a := f.aclp("acl-default")
			a.Entries = append([]world.NetworkACLEntry{entry(50, true, "-1", "deny", mapped, 0, 0), entry(50, false, "-1", "deny", mapped, 0, 0)}, a.Entries...)
		}), from: pubENI, to: apiECR, status: Reachable, via: ViaIGW},
		{name: "VPC-UG control subnet traffic with NACLs IPv4-mapped deny entry in Ipv6CidrBlock denies no IPv4", setup: mutate(standard, func(f *fixture) {
			a := f.aclp("acl-default")
			a.Entries = append([]world.NetworkACLEntry{
				{RuleNumber: 50, Protocol: "-1", RuleAction: "deny", Egress: true, Ipv6CidrBlock: mapped},
				{RuleNumber: 50, Protocol: "-1", RuleAction: "deny", Ipv6CidrBlock: mapped},
			}, a.Entries...)
		}), from: pubENI, to: apiECR, status: Reachable, via: ViaIGW},
		{name: "VPC-UG route priority IPv4-mapped destination in DestinationCidrBlock routes no IPv4", setup: mutate(standard, func(f *fixture) {
			f.rt("rtb-priv").Routes[1] = world.Route{DestinationCidrBlock: mapped, NatGatewayId: "nat-1", State: "active"}
		}), from: privENI, to: apiECR, status: Blocked, via: ViaNone, blocks: []string{"route rtb-priv"}},
		{name: "VPC-UG route priority IPv4-mapped IPv6 route to the internet gateway routes no IPv4", setup: mutate(standard, func(f *fixture) {
			f.rt("rtb-pub").Routes[1] = world.Route{DestinationIpv6CidrBlock: mapped, GatewayId: "igw-1", State: "active"}
		}), from: pubENI, to: apiECR, status: Blocked, via: ViaNone, blocks: []string{"route rtb-pub"}},
	}
}

// The CIDR parser reads only IPv4 text: IPv4-mapped IPv6 prefixes are IPv6
// (see rulesReachCases), whatever IPv4 range they embed.
func TestParseCIDR4IPv4Mapped(t *testing.T) {
	for _, s := range []string{"::ffff:0.0.0.0/96", "::ffff:10.0.0.0/104", "::ffff:10.0.1.7/128", "::ffff:a00:0/104"} {
		if r, err := parseCIDR4(s); err == nil {
			t.Errorf("parseCIDR4(%q) = %v, want an error (an IPv6 prefix)", s, r)
		}
		if _, ok := cidrSet(s); ok {
			t.Errorf("cidrSet(%q) accepted", s)
		}
	}
}
