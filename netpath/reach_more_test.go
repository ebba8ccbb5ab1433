package netpath

import (
	"slices"

	"github.com/ecs-preflight/ecs-preflight/world"
)

// More TestReach cases: NAT instances, IPv6, host forms, routing and
// filtering cases that reachCases does not cover. Each name cites its
// source: a documentation page (VPC-UG, ECR-UG, ECS-DG, PrivateLink guide,
// AWS GR = AWS General Reference), a public thread (owner/repo#N) or
// docs/model.md.

var (
	kmsT        = ServiceTarget("kms", testRegion, "aws")
	stsT        = ServiceTarget("sts", testRegion, "aws")
	fipsReg     = ECRRegistryTarget("123456789012.dkr.ecr-fips."+testRegion+".amazonaws.com", "")
	dualReg     = ECRRegistryTarget("123456789012.dkr-ecr."+testRegion+".on.aws", "")
	dualAPI     = ECRAPITarget(testRegion, "aws", false, true)
	fipsAPI     = ECRAPITarget(testRegion, "aws", true, false)
	ecrPublic   = InternetTarget("public.ecr.aws")
	otherRegAPI = ServiceTarget("ecr.api", "eu-west-1", "aws")
	otherRegReg = ECRRegistryTarget("123456789012.dkr.ecr.eu-west-1.amazonaws.com", "")
)

// v6Subnet adds subnet-v6, an IPv6-only subnet whose table sends ::/0 to an
// egress-only internet gateway and has no IPv4 default route.
func v6Subnet(f *fixture) {
	s := f.subnet("subnet-v6", "vpc-1", "", "ap-northeast-1a")
	s.Ipv6Native = true
	s.Ipv6CidrBlockAssociationSet = []world.Ipv6CidrAssociation{{Ipv6CidrBlock: "2001:db8:1::/64"}}
	rt := f.rtb("rtb-v6", "vpc-1", "10.0.0.0/16", false, "subnet-v6")
	rt.Routes = append(rt.Routes, world.Route{DestinationIpv6CidrBlock: "::/0", EgressOnlyInternetGatewayId: "eigw-1", State: "active"})
}

// v6Open lets sg-task and acl-default pass IPv6 (VPC-UG "Security group
// rules", "Control subnet traffic with network access control lists": a
// VPC with IPv6 gets IPv6 allow entries in its default NACL).
func v6Open(f *fixture) {
	f.sgp("sg-task").IpPermissionsEgress = append(f.sgp("sg-task").IpPermissionsEgress, world.IpPermission{IpProtocol: "-1", Ipv6Ranges: []world.Ipv6Range{{CidrIpv6: "::/0"}}})
	f.aclp("acl-default").Entries = append(f.aclp("acl-default").Entries,
		world.NetworkACLEntry{RuleNumber: 101, Protocol: "-1", RuleAction: "allow", Egress: true, Ipv6CidrBlock: "::/0"},
		world.NetworkACLEntry{RuleNumber: 101, Protocol: "-1", RuleAction: "allow", Egress: false, Ipv6CidrBlock: "::/0"})
}

var v6ENI = ENI{SubnetID: "subnet-v6", SecurityGroupIDs: []string{"sg-task"}}

func moreReachCases() []reachCase {
	return []reachCase{
		// NAT instances (VPC-UG "NAT instances"; AndrewGuenther/fck-nat#99).
		{name: "VPC-UG NAT instances working NAT instance reaches api.ecr", setup: natInstanceWorld, from: privENI, to: apiECR, status: Reachable, via: ViaNAT},
		{name: "VPC-UG NAT instances route by network interface id", setup: mutate(natInstanceWorld, func(f *fixture) {
			f.rt("rtb-priv").Routes[1] = world.Route{DestinationCidrBlock: "0.0.0.0/0", NetworkInterfaceId: "eni-nat", State: "active"}
		}), from: privENI, to: apiECR, status: Reachable, via: ViaNAT},
		{name: "fck-nat#99 source/destination check left on", setup: mutate(natInstanceWorld, func(f *fixture) {
			f.inst("i-nat").SourceDestCheck = bp(true)
			f.inst("i-nat").NetworkInterfaces[0].SourceDestCheck = bp(true)
		}), from: privENI, to: apiECR, status: Blocked, via: ViaNAT, blocks: []string{"route i-nat"},
			detail: []string{"source/destination check is enabled"}, fix: []string{"modify-network-interface-attribute --network-interface-id eni-nat --no-source-dest-check"}},
		{name: "VPC-UG NAT instances source/destination check on an instance without interface detail", setup: mutate(natInstanceWorld, func(f *fixture) {
			f.inst("i-nat").SourceDestCheck = bp(true)
			f.inst("i-nat").NetworkInterfaces = nil
			f.rt("rtb-priv").Routes[1].NetworkInterfaceId = ""
		}), from: privENI, to: apiECR, status: Blocked, via: ViaNAT, blocks: []string{"route i-nat"}, fix: []string{"modify-instance-attribute --instance-id i-nat --no-source-dest-check"}},
		{name: "EC2-UG network interfaces source/destination check is per interface: the routed secondary ENI decides", setup: mutate(natInstanceWorld, func(f *fixture) {
			in := f.inst("i-nat")
			in.SourceDestCheck = bp(true)
			in.NetworkInterfaces[0].SourceDestCheck = bp(true)
			in.NetworkInterfaces = append(in.NetworkInterfaces, world.InstanceNetworkInterface{NetworkInterfaceId: "eni-nat-b", SubnetId: "subnet-pub",
				SourceDestCheck: bp(false), Groups: []world.SecurityGroupIdentifier{{GroupId: "sg-nat"}},
				Association: &world.InstanceNetworkInterfaceAssociation{PublicIp: "203.0.113.8"}, Attachment: &world.InstanceNetworkInterfaceAttachment{DeviceIndex: 1}})
			f.rt("rtb-priv").Routes[1] = world.Route{DestinationCidrBlock: "0.0.0.0/0", NetworkInterfaceId: "eni-nat-b", State: "active"}
		}), from: privENI, to: apiECR, status: Reachable, via: ViaNAT},
		{name: "VPC-UG NAT instances stopped NAT instance", setup: mutate(natInstanceWorld, func(f *fixture) {
			f.inst("i-nat").State.Name = "stopped"
		}), from: privENI, to: apiECR, status: Blocked, via: ViaNAT, blocks: []string{"route i-nat"}, fix: []string{"start-instances --instance-ids i-nat"}},
		{name: "VPC-UG NAT instances terminated NAT instance", setup: mutate(natInstanceWorld, func(f *fixture) {
			f.inst("i-nat").State.Name = "terminated"
		}), from: privENI, to: apiECR, status: Blocked, via: ViaNAT, blocks: []string{"route i-nat"}, fix: []string{"replace-route --route-table-id rtb-priv"}},
		{name: "VPC-UG internet gateways NAT instance without public IP", setup: mutate(natInstanceWorld, func(f *fixture) {
			f.inst("i-nat").PublicIpAddress = ""
			f.inst("i-nat").NetworkInterfaces[0].Association = nil
		}), from: privENI, to: apiECR, status: Blocked, via: ViaNAT, blocks: []string{"public-ip i-nat"}, fix: []string{"associate-address --network-interface-id eni-nat"}},
		{name: "VPC-UG NAT instances NAT instance in a private subnet", setup: mutate(natInstanceWorld, func(f *fixture) {
			in := f.inst("i-nat")
			in.SubnetId, in.NetworkInterfaces[0].SubnetId = "subnet-ep", "subnet-ep"
		}), from: privENI, to: apiECR, status: Blocked, via: ViaNAT, blocks: []string{"route rtb-priv"}, detail: []string{"a NAT instance must be in a public subnet"}, fix: []string{"--gateway-id igw-1"}},
		{name: "fck-nat#99 NAT instance security group does not admit the task", setup: mutate(natInstanceWorld, func(f *fixture) {
			f.sgp("sg-nat").IpPermissions = []world.IpPermission{toCIDR(tcp(22, 22), "10.0.0.0/16")}
		}), from: privENI, to: apiECR, status: Blocked, via: ViaNAT, blocks: []string{"security-group sg-nat"},
			fix: []string{"authorize-security-group-ingress --group-id sg-nat --protocol tcp --port 443 --cidr 10.0.1.0/24"}},
		{name: "VPC-UG security groups NAT instance group admitting the task group by reference", setup: mutate(natInstanceWorld, func(f *fixture) {
			f.sgp("sg-nat").IpPermissions = []world.IpPermission{toGroup(tcp(443, 443), "sg-task")}
		}), from: privENI, to: apiECR, status: Reachable, via: ViaNAT},
		{name: "VPC-UG NAT instances NAT instance group without outbound HTTPS", setup: mutate(natInstanceWorld, func(f *fixture) {
			f.sgp("sg-nat").IpPermissionsEgress = []world.IpPermission{toCIDR(tcp(80, 80), "0.0.0.0/0")}
		}), from: privENI, to: apiECR, status: Blocked, via: ViaNAT, blocks: []string{"security-group sg-nat"}, fix: []string{"authorize-security-group-egress --group-id sg-nat"}},
		{name: "VPC-UG ephemeral ports NAT instance subnet NACL without return ports", setup: mutate(natInstanceWorld, func(f *fixture) {
			f.acl("acl-pub", "vpc-1", false, []world.NetworkACLEntry{
				entry(100, false, "6", "allow", "0.0.0.0/0", 443, 443),
				entry(100, true, "-1", "allow", "0.0.0.0/0", 0, 0),
			}, "subnet-pub")
		}), from: privENI, to: apiECR, status: Blocked, via: ViaNAT, blocks: []string{"nacl acl-pub"}, detail: []string{"amazon-ecs-agent#1680"}},
		{name: "VPC-UG ephemeral ports NAT instance subnet NACL admitting 32768-65535 back is enough", setup: mutate(natInstanceWorld, func(f *fixture) {
			f.acl("acl-pub", "vpc-1", false, []world.NetworkACLEntry{
				entry(100, false, "6", "allow", "10.0.0.0/16", 443, 443),
				entry(110, false, "6", "allow", "0.0.0.0/0", 32768, 65535),
				entry(100, true, "-1", "allow", "0.0.0.0/0", 0, 0),
			}, "subnet-pub")
		}), from: privENI, to: apiECR, status: Reachable, via: ViaNAT},
		{name: "fck-nat#99 NAT instance not in a partial DescribeInstances listing", setup: mutate(natInstanceWorld, func(f *fixture) {
			f.w.Instances = world.NewSet[world.Instance]("test", false)
		}), from: privENI, to: apiECR, status: Unknown, via: ViaNAT, missing: []string{"ec2:DescribeInstances (i-nat"}},
		{name: "docs/model.md unknown: NAT instance absent from the complete DescribeInstances listing", setup: mutate(natInstanceWorld, func(f *fixture) {
			f.w.Instances = world.NewSet[world.Instance]("test", true)
		}), from: privENI, to: apiECR, status: Blocked, via: ViaNAT, blocks: []string{"route i-nat"}},
		{name: "docs/model.md unknown: route to an interface no listed instance has", setup: mutate(natInstanceWorld, func(f *fixture) {
			f.rt("rtb-priv").Routes[1] = world.Route{DestinationCidrBlock: "0.0.0.0/0", NetworkInterfaceId: "eni-appliance", State: "active"}
		}), from: privENI, to: apiECR, status: Unknown, via: ViaNAT, missing: []string{"ec2:DescribeNetworkInterfaces (eni-appliance"}},
		{name: "docs/model.md unknown: NAT instance source/destination check not in the input", setup: mutate(natInstanceWorld, func(f *fixture) {
			f.inst("i-nat").SourceDestCheck = nil
			f.inst("i-nat").NetworkInterfaces[0].SourceDestCheck = nil
		}), from: privENI, to: apiECR, status: Unknown, via: ViaNAT, missing: []string{"SourceDestCheck of i-nat"}},
		{name: "docs/model.md unknown: NAT instance from a template: no state, no public IP yet", setup: mutate(natInstanceWorld, func(f *fixture) {
			in := f.inst("i-nat")
			in.State.Name, in.PublicIpAddress = "", ""
			in.NetworkInterfaces[0].Association = nil
		}), from: privENI, to: apiECR, status: Unknown, via: ViaNAT, missing: []string{"public IPv4 address of NAT instance i-nat"}, assume: []string{"assumed running"}},
		{name: "fck-nat#99 every NAT instance problem reported together", setup: mutate(natInstanceWorld, func(f *fixture) {
			in := f.inst("i-nat")
			in.SourceDestCheck, in.NetworkInterfaces[0].SourceDestCheck = bp(true), bp(true)
			in.PublicIpAddress, in.NetworkInterfaces[0].Association = "", nil
			f.sgp("sg-nat").IpPermissions = nil
		}), from: privENI, to: apiECR, status: Blocked, via: ViaNAT, blocks: []string{"route i-nat", "public-ip i-nat", "security-group sg-nat"}},
		{name: "VPC-UG NAT instances Docker Hub through a NAT instance", setup: natInstanceWorld, from: privENI, to: dockerT, status: Reachable, via: ViaNAT},
		{name: "ECR-UG VPC endpoints layer bucket through a NAT instance without the S3 gateway", setup: natInstanceWorld, from: privENI, to: layers, status: Reachable, via: ViaNAT},
		{name: "VPC-UG NAT instances blackhole route to a deleted NAT instance", setup: mutate(natInstanceWorld, func(f *fixture) {
			f.rt("rtb-priv").Routes[1].State = "blackhole"
		}), from: privENI, to: apiECR, status: Blocked, via: ViaNone, blocks: []string{"route rtb-priv"}},

		// IPv6 (aws/containers-roadmap#1340, #2287, #2792).
		// IPv6-only subnets: ECS-DG "Amazon ECS task networking options for
		// Fargate" and "Amazon ECS task networking for Amazon ECS Managed
		// Instances", "Using a VPC in IPv6-only mode" (read 2026-11-30);
		// ECR-UG "Making requests to Amazon ECR registries" (read 2026-11-30).
		{name: "ECS-DG Using a VPC in IPv6-only mode 2026-11-30 IPv4 ECR image URI is blocked", setup: mutate(standard, v6Subnet, v6Open), from: v6ENI, to: registry,
			status: Blocked, blocks: []string{"route subnet-v6"}, detail: []string{"dual-stack image URI"}, fix: []string{".dkr-ecr.REGION.on.aws"},
			assume: []string{"does not support AWS PrivateLink traffic over dual-stack endpoints"}},
		{name: "ECR-UG Making requests 2026-11-30 dual-stack registry through the egress-only gateway", setup: mutate(standard, v6Subnet, v6Open), from: v6ENI,
			to: ECRRegistryTarget("123456789012.dkr-ecr."+testRegion+".on.aws", ""), status: Reachable, via: ViaIGW,
			assume: []string{"does not support AWS PrivateLink traffic over dual-stack endpoints", "eigw-1"}},
		{name: "ECR-UG Making requests 2026-11-30 dual-stack API ecr.REGION.api.aws through the egress-only gateway", setup: mutate(standard, v6Subnet, v6Open), from: v6ENI,
			to: dualAPI, status: Reachable, via: ViaIGW, assume: []string{"serve IPv4 and IPv6"}},
		{name: "VPC-UG internet gateways IPv6 ::/0 to an attached internet gateway needs no public IP", setup: mutate(standard, v6Subnet, v6Open, func(f *fixture) {
			f.rt("rtb-v6").Routes[1] = world.Route{DestinationIpv6CidrBlock: "::/0", GatewayId: "igw-1", State: "active"}
		}), from: v6ENI, to: dualAPI, status: Reachable, via: ViaIGW},
		{name: "ECS-DG Using a VPC in IPv6-only mode 2026-11-30 route table without ::/0 blocks the dual-stack host", setup: mutate(standard, v6Subnet, v6Open, func(f *fixture) {
			f.rt("rtb-v6").Routes = f.rt("rtb-v6").Routes[:1]
		}), from: v6ENI, to: dualAPI, status: Blocked, blocks: []string{"route rtb-v6"}, fix: []string{"--egress-only-internet-gateway-id"}},
		{name: "VPC-UG route tables blackhole ::/0 route blocks the dual-stack host", setup: mutate(standard, v6Subnet, v6Open, func(f *fixture) {
			f.rt("rtb-v6").Routes[1].State = "blackhole"
		}), from: v6ENI, to: dualAPI, status: Blocked, blocks: []string{"route rtb-v6"}},
		{name: "ECS-DG Using a VPC in IPv6-only mode 2026-11-30 security group without IPv6 egress blocks", setup: mutate(standard, v6Subnet, v6Open, func(f *fixture) {
			f.sgp("sg-task").IpPermissionsEgress = []world.IpPermission{allOut}
		}), from: v6ENI, to: dualAPI, status: Blocked, via: ViaIGW, blocks: []string{"security-group sg-task"}, fix: []string{"Ipv6Ranges=[{CidrIpv6=::/0}]"}},
		{name: "VPC-UG security group rules IPv6 egress to part of the space leaves the dual-stack host unknown", setup: mutate(standard, v6Subnet, v6Open, func(f *fixture) {
			f.sgp("sg-task").IpPermissionsEgress = []world.IpPermission{{IpProtocol: "tcp", FromPort: ip(443), ToPort: ip(443), Ipv6Ranges: []world.Ipv6Range{{CidrIpv6: "2600::/12"}}}}
		}), from: v6ENI, to: dualAPI, status: Unknown, missing: []string{"IPv6 addresses of the host"}},
		{name: "VPC-UG network ACL rules NACL without IPv6 entries denies the IPv6-only task", setup: mutate(standard, v6Subnet, v6Open, func(f *fixture) {
			f.aclp("acl-default").Entries = allowAllEntries()
		}), from: v6ENI, to: dualAPI, status: Blocked, via: ViaIGW, blocks: []string{"nacl acl-default", "nacl acl-default"}, fix: []string{"--egress --rule-number 99", "From=1024,To=65535 --ipv6-cidr-block ::/0"}},
		{name: "VPC-UG network ACL rules IPv6 deny for ::/0 before the allow blocks", setup: mutate(standard, v6Subnet, v6Open, func(f *fixture) {
			f.aclp("acl-default").Entries = append([]world.NetworkACLEntry{{RuleNumber: 50, Protocol: "6", RuleAction: "deny", Egress: true, Ipv6CidrBlock: "::/0", PortRange: &world.PortRange{From: 443, To: 443}}}, f.aclp("acl-default").Entries...)
		}), from: v6ENI, to: dualAPI, status: Blocked, blocks: []string{"nacl acl-default"}, fix: []string{"--rule-number 49"}},
		{name: "ECS-DG Using a VPC in IPv6-only mode 2026-11-30 IPv4 logs name with an IPv6 way out is unknown", setup: mutate(standard, v6Subnet, v6Open), from: v6ENI, to: logsT,
			status: Unknown, missing: []string{"is not documented"}},
		{name: "ECS-DG Using a VPC in IPv6-only mode 2026-11-30 IPv4 api.ecr name without IPv6 way out or endpoint is blocked", setup: mutate(standard, v6Subnet, v6Open, func(f *fixture) {
			f.rt("rtb-v6").Routes = f.rt("rtb-v6").Routes[:1]
		}), from: v6ENI, to: apiECR, status: Blocked, blocks: []string{"route rtb-v6"}, warning: []string{"DNS64 and NAT64"}, assume: []string{"Making requests to Amazon ECR registries"}},
		{name: "ECR-UG interface VPC endpoints 2026-11-30 IPv4 api.ecr name with an ecr.api endpoint depends on its IpAddressType", setup: mutate(endpoints, v6Subnet, v6Open, func(f *fixture) {
			f.rt("rtb-v6").Routes = f.rt("rtb-v6").Routes[:1]
		}), from: v6ENI, to: apiECR, status: Unknown, missing: []string{"IpAddressType and DnsOptions.DnsRecordIpType of vpce-ecr.api"}},
		{name: "EC2 API CreateVpcEndpoint IpAddressType ipv4 endpoint does not serve an IPv6-only task", setup: mutate(endpoints, v6Subnet, v6Open, func(f *fixture) {
			f.rt("rtb-v6").Routes = f.rt("rtb-v6").Routes[:1]
			f.ep("vpce-logs").IpAddressType = "ipv4"
		}), from: v6ENI, to: logsT, status: Blocked, blocks: []string{"route rtb-v6", "route vpce-logs"}, fix: []string{"--ip-address-type dualstack"}},
		{name: "EC2 API CreateVpcEndpoint IpAddressType dualstack endpoint leaves the IPv4 logs name unknown", setup: mutate(endpoints, v6Subnet, v6Open, func(f *fixture) {
			f.rt("rtb-v6").Routes = f.rt("rtb-v6").Routes[:1]
			f.ep("vpce-logs").IpAddressType = "dualstack"
		}), from: v6ENI, to: logsT, status: Unknown, missing: []string{"is not documented"}},
		{name: "containers-roadmap#2287 dual-stack subnet: IPv4 to the NAT gateway, IPv6 to the egress-only gateway", setup: mutate(standard, func(f *fixture) {
			f.rt("rtb-priv").Routes = append(f.rt("rtb-priv").Routes, world.Route{DestinationIpv6CidrBlock: "::/0", EgressOnlyInternetGatewayId: "eigw-1", State: "active"})
		}), from: privENI, to: apiECR, status: Reachable, via: ViaNAT},
		{name: "VPC-UG route tables ::/0 to the internet gateway does not route IPv4", setup: mutate(standard, func(f *fixture) {
			f.rt("rtb-pub").Routes[1] = world.Route{DestinationIpv6CidrBlock: "::/0", GatewayId: "igw-1", State: "active"}
		}), from: pubENI, to: apiECR, status: Blocked, via: ViaNone, blocks: []string{"route rtb-pub"}},
		{name: "VPC-UG security group rules IPv6 egress rule does not admit IPv4", setup: mutate(standard, func(f *fixture) {
			f.sgp("sg-task").IpPermissionsEgress = []world.IpPermission{{IpProtocol: "-1", Ipv6Ranges: []world.Ipv6Range{{CidrIpv6: "::/0"}}}}
		}), from: privENI, to: apiECR, status: Blocked, via: ViaNAT, blocks: []string{"security-group sg-task"}},
		{name: "VPC-UG network ACL rules IPv6 entries do not match IPv4", setup: mutate(standard, func(f *fixture) {
			f.acl("acl-priv", "vpc-1", false, []world.NetworkACLEntry{
				{RuleNumber: 100, Protocol: "-1", RuleAction: "allow", Ipv6CidrBlock: "::/0"},
				{RuleNumber: 100, Protocol: "-1", RuleAction: "allow", Egress: true, Ipv6CidrBlock: "::/0"},
			}, "subnet-priv")
		}), from: privENI, to: apiECR, status: Blocked, via: ViaNAT, blocks: []string{"nacl acl-priv", "nacl acl-priv"}},

		// Host forms (AWS GR "Amazon ECR endpoints"; ECR-UG "Making requests
		// to Amazon ECR registries").
		{name: "AWS GR ECR endpoints FIPS registry host is not served by the ecr.dkr endpoint", setup: endpoints, from: privENI, to: fipsReg,
			status: Blocked, via: ViaNone, blocks: []string{"route rtb-priv"}, warning: []string{"ECR FIPS endpoint"}},
		{name: "AWS GR ECR endpoints FIPS registry host through the NAT gateway", setup: standard, from: privENI, to: fipsReg, status: Reachable, via: ViaNAT},
		{name: "AWS GR ECR endpoints FIPS API host with endpoints only", setup: endpoints, from: privENI, to: fipsAPI,
			status: Blocked, via: ViaNone, blocks: []string{"route rtb-priv"}, fix: []string{"ECR FIPS endpoint"}},
		{name: "ECR-UG making requests dual-stack registry has no PrivateLink", setup: endpoints, from: privENI, to: dualReg,
			status: Blocked, via: ViaNone, blocks: []string{"route rtb-priv"}, warning: []string{"does not support PrivateLink over dual-stack endpoints"}},
		{name: "ECR-UG making requests dual-stack API host through the NAT gateway", setup: standard, from: privENI, to: dualAPI, status: Reachable, via: ViaNAT,
			assume: []string{"ECR-UG \"Making requests to Amazon ECR registries\" says Amazon ECR does not support AWS PrivateLink traffic over dual-stack endpoints"}},
		{name: "ECR-UG interface VPC endpoints no ECR Public: ECR Public with endpoints only", setup: endpoints, from: privENI, to: ecrPublic,
			status: Blocked, via: ViaNone, blocks: []string{"route rtb-priv"}, warning: []string{"VPC endpoints don't support Amazon ECR Public repositories"}},
		{name: "VPC-UG internet gateways ECR Public from a public subnet with a public IP", setup: standard, from: pubENI, to: ecrPublic, status: Reachable, via: ViaIGW},
		{name: "VPC-UG NAT gateways ghcr.io through the NAT gateway", setup: standard, from: privENI, to: InternetTarget("ghcr.io"), status: Reachable, via: ViaNAT},
		{name: "PrivateLink AWS services that integrate: ghcr.io blob host with endpoints only", setup: endpoints, from: privENI, to: InternetTarget("pkg-containers.githubusercontent.com"),
			status: Blocked, via: ViaNone, blocks: []string{"route rtb-priv"}},
		{name: "VPC-UG NAT instances quay.io CDN host through a NAT instance", setup: natInstanceWorld, from: privENI, to: InternetTarget("cdn01.quay.io"), status: Reachable, via: ViaNAT},
		{name: "PrivateLink AWS services that integrate: quay.io with endpoints only", setup: endpoints, from: privENI, to: InternetTarget("quay.io"), status: Blocked, via: ViaNone, blocks: []string{"route rtb-priv"}},
		{name: "docker/docs allow-list Docker Hub auth host through the NAT gateway", setup: standard, from: privENI, to: InternetTarget("auth.docker.io"), status: Reachable, via: ViaNAT},
		{name: "docker/hub-feedback#2218 Docker Hub blob CDN host from a public subnet", setup: standard, from: pubENI, to: InternetTarget("production.cloudflare.docker.com"), status: Reachable, via: ViaIGW},
		{name: "docker/hub-feedback#2218 Docker Hub blob host when the task SG allows only an allow-list CIDR", setup: mutate(standard, func(f *fixture) {
			f.sgp("sg-task").IpPermissionsEgress = []world.IpPermission{toCIDR(tcp(443, 443), "104.16.0.0/13")}
		}), from: privENI, to: InternetTarget("production.cloudflare.docker.com"), status: Unknown, via: ViaNAT, missing: []string{"IP addresses of production.cloudflare.docker.com"}},
		{name: "ECR-UG VPC endpoints China registry host through the cn.com.amazonaws ecr.dkr endpoint", setup: mutate(standard, func(f *fixture) {
			f.w.Region, f.w.Partition = "cn-north-1", "aws-cn"
			f.rt("rtb-priv").Routes = f.rt("rtb-priv").Routes[:1]
			f.ifaceEP("vpce-dkr", "vpc-1", "cn.com.amazonaws.cn-north-1.ecr.dkr", true, []string{"subnet-ep"}, "sg-ep")
		}), from: privENI, to: ECRRegistryTarget("123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn", ""), status: Reachable, via: ViaVPCE, endpoint: "vpce-dkr"},
		{name: "ECR-UG interface VPC endpoints no cross-Region requests: ECR in another region through the NAT gateway", setup: standard, from: privENI, to: otherRegReg, status: Reachable, via: ViaNAT},
		{name: "ECR-UG interface VPC endpoints no cross-Region requests: ECR API in another region with endpoints only", setup: endpoints, from: privENI, to: otherRegAPI,
			status: Blocked, via: ViaNone, blocks: []string{"region vpce-ecr.api", "route rtb-priv"}, fix: []string{"cannot be served by an endpoint in ap-northeast-1"}},
		{name: "ECR-UG interface VPC endpoints no cross-Region requests: ECR in another region with a NAT gateway and local endpoints still goes through NAT", setup: mutate(endpoints, func(f *fixture) {
			f.rt("rtb-priv").Routes = append(f.rt("rtb-priv").Routes, defRoute("nat-1"))
		}), from: privENI, to: otherRegReg, status: Reachable, via: ViaNAT},
		{name: "ECR-UG VPC endpoints layer bucket of another region is not served by this region's S3 gateway", setup: endpoints, from: privENI, to: LayerBucketTarget("eu-west-1", "aws"),
			status: Blocked, via: ViaNone, blocks: []string{"region vpce-s3", "route rtb-priv"}},
		{name: "KMS-DG VPC endpoint kms through its endpoint", setup: mutate(endpoints, func(f *fixture) {
			f.ifaceEP("vpce-kms", "vpc-1", "com.amazonaws."+testRegion+".kms", true, []string{"subnet-ep"}, "sg-ep")
		}), from: privENI, to: kmsT, status: Reachable, via: ViaVPCE, endpoint: "vpce-kms"},
		{name: "KMS-DG VPC endpoint kms missing with endpoints only", setup: endpoints, from: privENI, to: kmsT,
			status: Blocked, via: ViaNone, blocks: []string{"route rtb-priv"}, fix: []string{"--service-name com.amazonaws.ap-northeast-1.kms"}},
		{name: "KMS-DG VPC endpoint kms-fips endpoint serves the FIPS host", setup: mutate(endpoints, func(f *fixture) {
			f.ifaceEP("vpce-kms-fips", "vpc-1", "com.amazonaws."+testRegion+".kms-fips", true, []string{"subnet-ep"}, "sg-ep")
		}), from: privENI, to: ServiceTarget("kms-fips", testRegion, "aws"), status: Reachable, via: ViaVPCE, endpoint: "vpce-kms-fips"},
		{name: "IAM-UG STS regional endpoint through its interface endpoint", setup: mutate(endpoints, func(f *fixture) {
			f.ifaceEP("vpce-sts", "vpc-1", "com.amazonaws."+testRegion+".sts", true, []string{"subnet-ep"}, "sg-ep")
		}), from: privENI, to: stsT, status: Reachable, via: ViaVPCE, endpoint: "vpce-sts"},

		// Routing (VPC-UG "Route tables", "Route priority").
		{name: "VPC-UG route priority a more specific route is reported but 0.0.0.0/0 decides", setup: mutate(standard, func(f *fixture) {
			f.rt("rtb-priv").Routes = append(f.rt("rtb-priv").Routes, world.Route{DestinationCidrBlock: "52.219.0.0/20", TransitGatewayId: "tgw-1", State: "active"})
		}), from: privENI, to: apiECR, status: Reachable, via: ViaNAT, warning: []string{"routes 52.219.0.0/20 to tgw-1"}},
		{name: "VPC-UG route tables subnet without association uses the main table's internet route", setup: mutate(standard, func(f *fixture) {
			f.rt("rtb-main").Routes = append(f.rt("rtb-main").Routes, defRoute("igw-1"))
			f.subnet("subnet-new", "vpc-1", "10.0.9.0/24", "ap-northeast-1a")
		}), from: ENI{SubnetID: "subnet-new", SecurityGroupIDs: []string{"sg-task"}, AssignPublicIP: true}, to: apiECR, status: Reachable, via: ViaIGW},
		{name: "VPC-UG route tables explicit association wins over the main table", setup: mutate(standard, func(f *fixture) {
			f.rt("rtb-main").Routes = append(f.rt("rtb-main").Routes, defRoute("igw-1"))
		}), from: ENI{SubnetID: "subnet-priv", SecurityGroupIDs: []string{"sg-task"}, AssignPublicIP: true}, to: apiECR, status: Reachable, via: ViaNAT},
		{name: "VPC-UG NAT gateways NAT gateway absent from the complete listing", setup: mutate(standard, func(f *fixture) {
			f.rt("rtb-priv").Routes[1] = defRoute("nat-gone")
		}), from: privENI, to: apiECR, status: Blocked, via: ViaNone, blocks: []string{"route nat-gone"}, fix: []string{"create-nat-gateway"}},
		{name: "VPC-UG NAT gateways NAT gateway still pending", setup: mutate(standard, func(f *fixture) {
			f.w.NATGateways.Get("nat-1").State = "pending"
		}), from: privENI, to: apiECR, status: Blocked, via: ViaNAT, blocks: []string{"route nat-1"}},
		{name: "VPC-UG route priority: 0.0.0.0/1 and 128.0.0.0/1 to one NAT gateway act as a default route", setup: mutate(standard, func(f *fixture) {
			rt := f.rt("rtb-priv")
			nat := rt.Routes[1].NatGatewayId
			rt.Routes = []world.Route{rt.Routes[0],
				{DestinationCidrBlock: "0.0.0.0/1", NatGatewayId: nat, State: "active"},
				{DestinationCidrBlock: "128.0.0.0/1", NatGatewayId: nat, State: "active"}}
		}), from: privENI, to: apiECR, status: Reachable, via: ViaNAT},
		{name: "VPC-UG route priority: halves of IPv4 to different targets depend on the resolved address", setup: mutate(standard, func(f *fixture) {
			rt := f.rt("rtb-priv")
			nat := rt.Routes[1].NatGatewayId
			rt.Routes = []world.Route{rt.Routes[0],
				{DestinationCidrBlock: "0.0.0.0/1", NatGatewayId: nat, State: "active"},
				{DestinationCidrBlock: "128.0.0.0/1", GatewayId: "igw-1", State: "active"}}
		}), from: privENI, to: apiECR, status: Unknown, missing: []string{"resolves to"}},
		{name: "docs/model.md unknown: NAT gateway from a template has no state yet", setup: mutate(standard, func(f *fixture) {
			f.w.NATGateways.Get("nat-1").State = ""
		}), from: privENI, to: apiECR, status: Reachable, via: ViaNAT, assume: []string{"assumed available"}},
		{name: "VPC-UG NAT gateways NAT subnet's internet route is a blackhole", setup: mutate(standard, func(f *fixture) {
			f.rt("rtb-pub").Routes[1].State = "blackhole"
		}), from: privENI, to: apiECR, status: Blocked, via: ViaNAT, blocks: []string{"route rtb-pub"}, detail: []string{"(blackhole)"}},
		{name: "VPC-UG route tables NAT subnet egress through a transit gateway is unknown", setup: mutate(standard, func(f *fixture) {
			f.rt("rtb-pub").Routes[1] = defRoute("tgw-1")
		}), from: privENI, to: apiECR, status: Unknown, via: ViaNAT, missing: []string{"transit gateway tgw-1 from nat-1's subnet"}},
		{name: "agent#1266 public subnet routed to the NAT gateway that lives in it", setup: mutate(standard, func(f *fixture) {
			f.rt("rtb-pub").Routes[1] = defRoute("nat-1")
		}), from: pubENI, to: apiECR, status: Blocked, via: ViaNAT, blocks: []string{"route rtb-pub"}, detail: []string{"must be in a public subnet"}},
		{name: "VPC-UG route tables virtual private gateway default route is unknown", setup: mutate(standard, func(f *fixture) {
			f.rt("rtb-priv").Routes[1] = defRoute("vgw-1")
		}), from: privENI, to: apiECR, status: Unknown, via: ViaUnknown, missing: []string{"virtual private gateway vgw-1"}},
		{name: "Network Firewall guide firewall endpoint as the default route is unknown", setup: mutate(standard, func(f *fixture) {
			f.rt("rtb-priv").Routes[1] = defRoute("vpce-0firewall")
		}), from: privENI, to: apiECR, status: Unknown, via: ViaUnknown, missing: []string{"firewall or appliance endpoint vpce-0firewall"}},
		{name: "VPC-UG route tables carrier gateway target is not modelled", setup: mutate(standard, func(f *fixture) {
			f.rt("rtb-priv").Routes[1] = world.Route{DestinationCidrBlock: "0.0.0.0/0", CarrierGatewayId: "cagw-1", State: "active"}
		}), from: privENI, to: apiECR, status: Unknown, missing: []string{"route target type not modelled"}},
		{name: "compose-cli#911 internet gateway absent from the complete listing", setup: mutate(standard, func(f *fixture) {
			f.rt("rtb-pub").Routes[1] = defRoute("igw-gone")
		}), from: pubENI, to: apiECR, status: Blocked, via: ViaNone, blocks: []string{"route igw-gone"}},
		{name: "docs/model.md unknown: internet gateway not in a partial listing", setup: mutate(standard, func(f *fixture) {
			f.w.InternetGateways = world.NewSet[world.InternetGateway]("test", false)
		}), from: pubENI, to: apiECR, status: Unknown, via: ViaIGW, missing: []string{"ec2:DescribeInternetGateways (igw-1)"}},
		{name: "VPC-UG internet gateways attachment detaching", setup: mutate(standard, func(f *fixture) {
			f.w.InternetGateways.Get("igw-1").Attachments[0].State = "detaching"
		}), from: pubENI, to: apiECR, status: Blocked, blocks: []string{"route igw-1"}},
		{name: "ECS-DG task networking public IP in a private subnet changes nothing", setup: standard,
			from: ENI{SubnetID: "subnet-priv", SecurityGroupIDs: []string{"sg-task"}, AssignPublicIP: true}, to: apiECR, status: Reachable, via: ViaNAT},
		{name: "VPC-UG gateway endpoints S3 prefix-list route to an endpoint missing from a partial listing", setup: mutate(standard, func(f *fixture) {
			f.rt("rtb-priv").Routes = []world.Route{f.rt("rtb-priv").Routes[0], {DestinationPrefixListId: "pl-s3", GatewayId: "vpce-unlisted", State: "active"}}
			f.w.VPCEndpoints.Complete = false
		}), from: privENI, to: layers, status: Reachable, via: ViaVPCE, endpoint: "vpce-unlisted"},
		{name: "VPC-UG gateway endpoints association by prefix-list route only", setup: mutate(endpoints, func(f *fixture) {
			f.ep("vpce-s3").RouteTableIds = nil
		}), from: privENI, to: layers, status: Reachable, via: ViaVPCE, endpoint: "vpce-s3"},
		{name: "VPC-UG gateway endpoints pending gateway endpoint does not serve and is named in the block", setup: mutate(endpoints, func(f *fixture) {
			f.ep("vpce-s3").State = "pending"
		}), from: privENI, to: layers, status: Blocked, via: ViaNone, blocks: []string{"route vpce-s3"}},
		{name: "VPC-UG gateway endpoints a deleting gateway endpoint on another route table is not named", setup: mutate(endpoints, func(f *fixture) {
			f.ep("vpce-s3").State = "deleting"
			f.ep("vpce-s3").RouteTableIds = []string{"rtb-other"}
			rt := f.w.RouteTables.Get("rtb-priv")
			rt.Routes = slices.DeleteFunc(rt.Routes, func(r world.Route) bool { return r.GatewayId == "vpce-s3" })
		}), from: privENI, to: layers, status: Blocked, via: ViaNone, blocks: []string{"route rtb-priv"}},
		{name: "terraform-aws-vpc PR 877 gateway on the route table wins over an S3 interface endpoint", setup: mutate(endpoints, func(f *fixture) {
			f.ifaceEP("vpce-s3i", "vpc-1", "com.amazonaws."+testRegion+".s3", true, []string{"subnet-ep"}, "sg-ep")
		}), from: privENI, to: layers, status: Reachable, via: ViaVPCE, endpoint: "vpce-s3"},

		// Filtering: NACL order and ephemeral ports, security groups,
		// prefix lists.
		{name: "VPC-UG network ACL rules a lower-numbered deny wins over a later allow", setup: mutate(standard, func(f *fixture) {
			f.acl("acl-priv", "vpc-1", false, []world.NetworkACLEntry{
				entry(90, true, "6", "deny", "0.0.0.0/0", 443, 443),
				entry(100, true, "-1", "allow", "0.0.0.0/0", 0, 0),
				entry(100, false, "-1", "allow", "0.0.0.0/0", 0, 0),
			}, "subnet-priv")
		}), from: privENI, to: apiECR, status: Blocked, via: ViaNAT, blocks: []string{"nacl acl-priv"}, detail: []string{"rule 90 deny tcp 443 0.0.0.0/0"}, fix: []string{"numbered below 90", "--rule-number 89 "}},
		{name: "VPC-UG network ACL rules a lower-numbered allow wins over a later deny", setup: mutate(standard, func(f *fixture) {
			f.acl("acl-priv", "vpc-1", false, []world.NetworkACLEntry{
				entry(90, true, "6", "allow", "0.0.0.0/0", 443, 443),
				entry(100, true, "-1", "deny", "0.0.0.0/0", 0, 0),
				entry(90, false, "6", "allow", "0.0.0.0/0", 1024, 65535),
				entry(100, false, "-1", "deny", "0.0.0.0/0", 0, 0),
			}, "subnet-priv")
		}), from: privENI, to: apiECR, status: Reachable, via: ViaNAT},
		{name: "VPC-UG network ACL rules entries out of order in the input are sorted", setup: mutate(standard, func(f *fixture) {
			f.acl("acl-priv", "vpc-1", false, []world.NetworkACLEntry{
				entry(200, true, "-1", "allow", "0.0.0.0/0", 0, 0),
				entry(50, true, "-1", "deny", "0.0.0.0/0", 0, 0),
				entry(100, false, "-1", "allow", "0.0.0.0/0", 0, 0),
			}, "subnet-priv")
		}), from: privENI, to: apiECR, status: Blocked, via: ViaNAT, blocks: []string{"nacl acl-priv"}, detail: []string{"rule 50 deny"}},
		{name: "agent#1680 task subnet NACL drops return traffic behind a NAT gateway", setup: mutate(standard, func(f *fixture) {
			f.acl("acl-priv", "vpc-1", false, []world.NetworkACLEntry{
				entry(100, false, "6", "allow", "10.0.0.0/16", 0, 65535),
				entry(100, true, "-1", "allow", "0.0.0.0/0", 0, 0),
			}, "subnet-priv")
		}), from: privENI, to: apiECR, status: Blocked, via: ViaNAT, blocks: []string{"nacl acl-priv"}, detail: []string{"return traffic"}},
		{name: "VPC-UG ephemeral ports endpoint subnet NACL without the return ports", setup: mutate(endpoints, func(f *fixture) {
			f.acl("acl-ep", "vpc-1", false, []world.NetworkACLEntry{
				entry(100, false, "6", "allow", "10.0.0.0/16", 443, 443),
				entry(100, true, "6", "allow", "10.0.0.0/16", 443, 443),
			}, "subnet-ep")
		}), from: privENI, to: apiECR, status: Blocked, via: ViaVPCE, blocks: []string{"nacl acl-ep"}, fix: []string{"--egress", "From=1024,To=65535"}},
		{name: "VPC-UG ephemeral ports endpoint subnet NACL admitting the task's range is enough", setup: mutate(endpoints, func(f *fixture) {
			f.acl("acl-ep", "vpc-1", false, []world.NetworkACLEntry{
				entry(100, false, "6", "allow", "10.0.1.0/24", 443, 443),
				entry(100, true, "6", "allow", "10.0.1.0/24", 32768, 65535),
			}, "subnet-ep")
		}), from: privENI, to: apiECR, status: Reachable, via: ViaVPCE},
		{name: "VPC-UG network ACLs task subnet NACL blocking the endpoint subnet", setup: mutate(endpoints, func(f *fixture) {
			f.acl("acl-priv", "vpc-1", false, []world.NetworkACLEntry{
				entry(100, true, "-1", "deny", "10.0.2.0/24", 0, 0),
				entry(200, true, "-1", "allow", "0.0.0.0/0", 0, 0),
				entry(100, false, "-1", "allow", "0.0.0.0/0", 0, 0),
			}, "subnet-priv")
		}), from: privENI, to: apiECR, status: Blocked, via: ViaVPCE, blocks: []string{"nacl acl-priv"}},
		{name: "VPC-UG network ACLs endpoint ENI in the task's own subnet crosses no NACL", setup: mutate(endpoints, func(f *fixture) {
			f.ep("vpce-ecr.api").SubnetIds = []string{"subnet-priv"}
			f.acl("acl-priv", "vpc-1", false, nil, "subnet-priv")
		}), from: privENI, to: apiECR, status: Reachable, via: ViaVPCE},
		{name: "VPC-UG managed prefix lists task SG egress to a customer list with unknown entries", setup: mutate(standard, func(f *fixture) {
			f.w.PrefixLists.Put("pl-corp", &world.PrefixList{PrefixListId: "pl-corp", PrefixListName: "egress"})
			f.sgp("sg-task").IpPermissionsEgress = []world.IpPermission{toPL(tcp(443, 443), "pl-corp")}
		}), from: privENI, to: apiECR, status: Unknown, via: ViaNAT, missing: []string{"ec2:GetManagedPrefixListEntries (pl-corp)"}},
		{name: "VPC-UG managed prefix lists entries resolved to CIDRs covering the internet", setup: mutate(standard, func(f *fixture) {
			f.w.PrefixLists.Put("pl-any", &world.PrefixList{PrefixListId: "pl-any", PrefixListName: "any", Cidrs: []string{"0.0.0.0/1", "128.0.0.0/1"}, CidrsKnown: true})
			f.sgp("sg-task").IpPermissionsEgress = []world.IpPermission{toPL(tcp(443, 443), "pl-any")}
		}), from: privENI, to: apiECR, status: Reachable, via: ViaNAT},
		{name: "VPC-UG managed prefix lists list with only private CIDRs blocks the internet", setup: mutate(standard, func(f *fixture) {
			f.w.PrefixLists.Put("pl-rfc1918", &world.PrefixList{PrefixListId: "pl-rfc1918", Cidrs: []string{"10.0.0.0/8", "172.16.0.0/12"}, CidrsKnown: true})
			f.sgp("sg-task").IpPermissionsEgress = []world.IpPermission{toPL(tcp(443, 443), "pl-rfc1918")}
		}), from: privENI, to: apiECR, status: Blocked, via: ViaNAT, blocks: []string{"security-group sg-task"}},
		{name: "VPC peering guide SG reference to a group in a peered VPC does not match the task", setup: mutate(endpoints, func(f *fixture) {
			f.sg("sg-peer", "vpc-2", nil, []world.IpPermission{allOut})
			f.sgp("sg-ep").IpPermissions = []world.IpPermission{toGroup(tcp(443, 443), "sg-peer")}
		}), from: privENI, to: apiECR, status: Blocked, via: ViaVPCE, blocks: []string{"security-group sg-ep"}},
		{name: "VPC-UG security group rules reference matches by membership of any task group", setup: mutate(endpoints, func(f *fixture) {
			f.sg("sg-app", "vpc-1", nil, nil)
			f.sgp("sg-ep").IpPermissions = []world.IpPermission{toGroup(tcp(443, 443), "sg-app")}
		}), from: ENI{SubnetID: "subnet-priv", SecurityGroupIDs: []string{"sg-task", "sg-app"}}, to: apiECR, status: Reachable, via: ViaVPCE},
		{name: "VPC-UG security group rules task egress by reference to the endpoint group", setup: mutate(endpoints, func(f *fixture) {
			f.sgp("sg-task").IpPermissionsEgress = []world.IpPermission{toGroup(tcp(443, 443), "sg-ep")}
		}), from: privENI, to: apiECR, status: Reachable, via: ViaVPCE},
		{name: "VPC-UG security group rules rules of all groups on the ENI are aggregated", setup: mutate(standard, func(f *fixture) {
			f.sgp("sg-task").IpPermissionsEgress = cdkNoOutbound
			f.sg("sg-egress", "vpc-1", nil, []world.IpPermission{toCIDR(tcp(443, 443), "0.0.0.0/0")})
		}), from: ENI{SubnetID: "subnet-priv", SecurityGroupIDs: []string{"sg-task", "sg-egress"}}, to: apiECR, status: Reachable, via: ViaNAT},
		{name: "VPC-UG security group rules UDP 443 does not admit HTTPS", setup: mutate(standard, func(f *fixture) {
			f.sgp("sg-task").IpPermissionsEgress = []world.IpPermission{toCIDR(world.IpPermission{IpProtocol: "udp", FromPort: ip(443), ToPort: ip(443)}, "0.0.0.0/0")}
		}), from: privENI, to: apiECR, status: Blocked, via: ViaNAT, blocks: []string{"security-group sg-task"}},
		{name: "VPC-UG security group rules port range around 443 admits it", setup: mutate(standard, func(f *fixture) {
			f.sgp("sg-task").IpPermissionsEgress = []world.IpPermission{toCIDR(tcp(0, 65535), "0.0.0.0/0")}
		}), from: privENI, to: apiECR, status: Reachable, via: ViaNAT},
		{name: "guardbench-iac#4 task SG egress only to the VPC CIDR behind a NAT gateway", setup: mutate(standard, func(f *fixture) {
			f.sgp("sg-task").IpPermissionsEgress = []world.IpPermission{toCIDR(tcp(443, 443), "10.0.0.0/16")}
		}), from: privENI, to: apiECR, status: Blocked, via: ViaNAT, blocks: []string{"security-group sg-task"}},
		{name: "VPC-UG security group rules egress to half the internet leaves the host unknown", setup: mutate(standard, func(f *fixture) {
			f.sgp("sg-task").IpPermissionsEgress = []world.IpPermission{toCIDR(tcp(443, 443), "0.0.0.0/1")}
		}), from: privENI, to: apiECR, status: Unknown, via: ViaNAT, missing: []string{"IP addresses of api.ecr.ap-northeast-1.amazonaws.com"}},
		{name: "VPC-UG security groups task names a group absent from the complete listing", setup: standard,
			from: ENI{SubnetID: "subnet-priv", SecurityGroupIDs: []string{"sg-gone"}}, to: apiECR, status: Blocked, via: ViaNAT, blocks: []string{"security-group sg-gone"}, warning: []string{"sg-gone does not exist"}},

		// Endpoints (PrivateLink guide, ECR-UG "VPC endpoints").
		{name: "PrivateLink endpoint pendingAcceptance does not serve", setup: mutate(endpoints, func(f *fixture) {
			f.ep("vpce-ecr.api").State = "pendingAcceptance"
		}), from: privENI, to: apiECR, status: Blocked, via: ViaNone, blocks: []string{"dns vpce-ecr.api"}},
		{name: "PrivateLink deleted endpoint does not serve", setup: mutate(endpoints, func(f *fixture) {
			f.ep("vpce-ecr.dkr").State = "deleted"
		}), from: privENI, to: registry, status: Blocked, via: ViaNone, blocks: []string{"dns vpce-ecr.dkr"}},
		{name: "PrivateLink endpoint of another VPC does not serve this one", setup: mutate(endpoints, func(f *fixture) {
			f.ep("vpce-ecr.api").VpcId = "vpc-2"
			f.w.VPCEndpoints = rebuildWithout(f.w.VPCEndpoints, "")
		}), from: privENI, to: apiECR, status: Blocked, via: ViaNone, blocks: []string{"route rtb-priv"}},
		{name: "PrivateLink endpoint state not in a template is assumed available", setup: mutate(endpoints, func(f *fixture) {
			f.ep("vpce-ecr.api").State = ""
		}), from: privENI, to: apiECR, status: Reachable, via: ViaVPCE, assume: []string{"assumed available"}},
		{name: "PrivateLink endpoint without subnets has no network interface", setup: mutate(endpoints, func(f *fixture) {
			f.ep("vpce-ecr.api").SubnetIds = nil
		}), from: privENI, to: apiECR, status: Blocked, via: ViaVPCE, blocks: []string{"route vpce-ecr.api"}, fix: []string{"--add-subnet-ids subnet-priv"}},
		{name: "PrivateLink endpoint without groups gets the VPC default group", setup: mutate(endpoints, func(f *fixture) {
			f.ep("vpce-ecr.api").Groups = nil
			g := f.sg("sg-default", "vpc-1", []world.IpPermission{toGroup(world.IpPermission{IpProtocol: "-1"}, "sg-default")}, []world.IpPermission{allOut})
			g.GroupName = "default"
		}), from: privENI, to: apiECR, status: Blocked, via: ViaVPCE, blocks: []string{"security-group sg-default"}},
		{name: "PrivateLink private DNS VPC enableDnsSupport off", setup: mutate(endpoints, func(f *fixture) {
			f.w.VPCs.Get("vpc-1").EnableDnsSupport = bp(false)
		}), from: privENI, to: logsT, status: Blocked, via: ViaNone, blocks: []string{"dns vpc-1"}, fix: []string{"--enable-dns-support"}},
		{name: "PrivateLink access an AWS service: task in another AZ than every endpoint ENI still reaches it (warning)", setup: mutate(endpoints, func(f *fixture) {
			f.subnet("subnet-c", "vpc-1", "10.0.4.0/24", "ap-northeast-1c")
			f.rt("rtb-priv").Associations = append(f.rt("rtb-priv").Associations, world.RouteTableAssociation{SubnetId: "subnet-c"})
		}), from: ENI{SubnetID: "subnet-c", SecurityGroupIDs: []string{"sg-task"}}, to: apiECR, status: Reachable, via: ViaVPCE, warning: []string{"no ENI in subnet-c's Availability Zone"}},
		{name: "PrivateLink access an AWS service: endpoint ENIs in two AZs serve tasks in either", setup: mutate(endpoints, func(f *fixture) {
			f.ep("vpce-ecr.api").SubnetIds = []string{"subnet-ep", "subnet-ep-c"}
			f.subnet("subnet-c", "vpc-1", "10.0.4.0/24", "ap-northeast-1c")
			f.rt("rtb-priv").Associations = append(f.rt("rtb-priv").Associations, world.RouteTableAssociation{SubnetId: "subnet-c"})
		}), from: ENI{SubnetID: "subnet-c", SecurityGroupIDs: []string{"sg-task"}}, to: apiECR, status: Reachable, via: ViaVPCE, endpoint: "vpce-ecr.api"},
		{name: "ECR-UG VPC endpoints with a NAT gateway too: the endpoint wins for its service", setup: mutate(endpoints, func(f *fixture) {
			f.rt("rtb-priv").Routes = append(f.rt("rtb-priv").Routes, defRoute("nat-1"))
		}), from: privENI, to: registry, status: Reachable, via: ViaVPCE, endpoint: "vpce-ecr.dkr"},
		{name: "ECR-UG VPC endpoints with a NAT gateway too: Docker Hub goes through NAT", setup: mutate(endpoints, func(f *fixture) {
			f.rt("rtb-priv").Routes = append(f.rt("rtb-priv").Routes, defRoute("nat-1"))
		}), from: privENI, to: dockerT, status: Reachable, via: ViaNAT},
		{name: "ECR-UG VPC endpoints with a NAT gateway too: a closed endpoint group is not bypassed", setup: mutate(endpoints, func(f *fixture) {
			f.rt("rtb-priv").Routes = append(f.rt("rtb-priv").Routes, defRoute("nat-1"))
			f.sgp("sg-ep").IpPermissions = nil
		}), from: privENI, to: apiECR, status: Blocked, via: ViaVPCE, blocks: []string{"security-group sg-ep"}},
		{name: "ECR-UG VPC endpoints custom DHCP DNS warns for the logs endpoint too", setup: mutate(endpoints, func(f *fixture) {
			f.w.VPCs.Get("vpc-1").DhcpOptionsId = "dopt-1"
			f.w.DHCPOptions.Put("dopt-1", &world.DHCPOptions{DhcpOptionsId: "dopt-1", DomainNameServers: []string{"10.0.0.53", "10.0.1.53"}})
		}), from: privENI, to: logsT, status: Reachable, via: ViaVPCE, warning: []string{"not AmazonProvidedDNS"}},
		{name: "awsdocs ecr-user-guide PR 16 logs endpoint missing but a NAT gateway carries logs", setup: mutate(endpoints, func(f *fixture) {
			f.w.VPCEndpoints = rebuildWithout(f.w.VPCEndpoints, "vpce-logs")
			f.rt("rtb-priv").Routes = append(f.rt("rtb-priv").Routes, defRoute("nat-1"))
		}), from: privENI, to: logsT, status: Reachable, via: ViaNAT},
		{name: "awsdocs ecr-user-guide PR 16 logs endpoint missing with endpoints only", setup: mutate(endpoints, func(f *fixture) {
			f.w.VPCEndpoints = rebuildWithout(f.w.VPCEndpoints, "vpce-logs")
		}), from: privENI, to: logsT, status: Blocked, via: ViaNone, blocks: []string{"route rtb-priv"}, fix: []string{"com.amazonaws.ap-northeast-1.logs"}},
		{name: "keycloak-on-aws#222 SSM endpoint missing on PV 1.4.0", setup: mutate(endpoints, func(f *fixture) {
			f.w.VPCEndpoints = rebuildWithout(f.w.VPCEndpoints, "vpce-ssm")
		}), from: privENI, to: ssmT, status: Blocked, via: ViaNone, blocks: []string{"route rtb-priv"}, fix: []string{"com.amazonaws.ap-northeast-1.ssm"}},
		{name: "gardener#494 S3 gateway on another table and no NAT: fix associates it", setup: mutate(endpoints, func(f *fixture) {
			f.rtb("rtb-other", "vpc-1", "10.0.0.0/16", false)
			f.rt("rtb-priv").Routes = f.rt("rtb-priv").Routes[:1]
			f.ep("vpce-s3").RouteTableIds = []string{"rtb-other"}
		}), from: privENI, to: layers, status: Blocked, via: ViaNone, blocks: []string{"route vpce-s3"}, detail: []string{"gardener-extension-provider-gcp#494"}},
		{name: "ECR-UG VPC endpoints S3 gateway endpoint of another region's S3 does not serve", setup: mutate(endpoints, func(f *fixture) {
			f.ep("vpce-s3").ServiceName = "com.amazonaws.eu-west-1.s3"
			f.rt("rtb-priv").Routes = f.rt("rtb-priv").Routes[:1]
		}), from: privENI, to: layers, status: Blocked, via: ViaNone, blocks: []string{"region vpce-s3", "route rtb-priv"}},
	}
}
