package netpath

import (
	"github.com/ecs-preflight/ecs-preflight/world"
)

// This file builds world fixtures for tests: a small VPC in ap-northeast-1
// that tests then bend into the reported failure shapes.

const testRegion = "ap-northeast-1"

func bp(b bool) *bool { return &b }
func ip(i int) *int   { return &i }

type fixture struct{ w *world.World }

func newFixture() *fixture {
	w := &world.World{Partition: "aws", Region: testRegion, AccountID: "123456789012"}
	w.VPCs = world.NewSet[world.VPC]("test", true)
	w.Subnets = world.NewSet[world.Subnet]("test", true)
	w.RouteTables = world.NewSet[world.RouteTable]("test", true)
	w.SecurityGroups = world.NewSet[world.SecurityGroup]("test", true)
	w.NetworkACLs = world.NewSet[world.NetworkACL]("test", true)
	w.VPCEndpoints = world.NewSet[world.VPCEndpoint]("test", true)
	w.InternetGateways = world.NewSet[world.InternetGateway]("test", true)
	w.NATGateways = world.NewSet[world.NATGateway]("test", true)
	w.PrefixLists = world.NewSet[world.PrefixList]("test", true)
	w.DHCPOptions = world.NewSet[world.DHCPOptions]("test", true)
	return &fixture{w: w}
}

func (f *fixture) vpc(id, cidr string) *world.VPC {
	v := &world.VPC{VpcId: id, CidrBlock: cidr, EnableDnsSupport: bp(true), EnableDnsHostnames: bp(true)}
	f.w.VPCs.Put(id, v)
	return v
}

func (f *fixture) subnet(id, vpc, cidr, az string) *world.Subnet {
	s := &world.Subnet{SubnetId: id, VpcId: vpc, CidrBlock: cidr, AvailabilityZone: az}
	f.w.Subnets.Put(id, s)
	return s
}

// rtb adds a route table with a local route; main marks it the VPC's main
// table.
func (f *fixture) rtb(id, vpc, vpcCIDR string, main bool, subnets ...string) *world.RouteTable {
	rt := &world.RouteTable{RouteTableId: id, VpcId: vpc,
		Routes: []world.Route{{DestinationCidrBlock: vpcCIDR, GatewayId: "local", State: "active"}}}
	if main {
		rt.Associations = append(rt.Associations, world.RouteTableAssociation{Main: true})
	}
	for _, s := range subnets {
		rt.Associations = append(rt.Associations, world.RouteTableAssociation{SubnetId: s})
	}
	f.w.RouteTables.Put(id, rt)
	return rt
}

func defRoute(target string) world.Route {
	r := world.Route{DestinationCidrBlock: "0.0.0.0/0", State: "active"}
	switch target[:3] {
	case "nat":
		r.NatGatewayId = target
	case "tgw":
		r.TransitGatewayId = target
	case "pcx":
		r.VpcPeeringConnectionId = target
	case "i-0":
		r.InstanceId = target
	default:
		r.GatewayId = target
	}
	return r
}

func (f *fixture) igw(id, vpc, state string) {
	g := &world.InternetGateway{InternetGatewayId: id}
	if vpc != "" {
		g.Attachments = []world.InternetGatewayAttachment{{VpcId: vpc, State: state}}
	}
	f.w.InternetGateways.Put(id, g)
}

func (f *fixture) nat(id, subnet, vpc, state, conn string) {
	f.w.NATGateways.Put(id, &world.NATGateway{NatGatewayId: id, SubnetId: subnet, VpcId: vpc, State: state, ConnectivityType: conn})
}

func tcp(from, to int) world.IpPermission {
	return world.IpPermission{IpProtocol: "tcp", FromPort: ip(from), ToPort: ip(to)}
}

func toCIDR(p world.IpPermission, cidrs ...string) world.IpPermission {
	for _, c := range cidrs {
		p.IpRanges = append(p.IpRanges, world.IpRange{CidrIp: c})
	}
	return p
}

func toGroup(p world.IpPermission, groups ...string) world.IpPermission {
	for _, g := range groups {
		p.UserIdGroupPairs = append(p.UserIdGroupPairs, world.UserIdGroupPair{GroupId: g})
	}
	return p
}

func toPL(p world.IpPermission, pls ...string) world.IpPermission {
	for _, pl := range pls {
		p.PrefixListIds = append(p.PrefixListIds, world.PrefixListId{PrefixListId: pl})
	}
	return p
}

// allOut is the default egress rule of a new security group.
var allOut = world.IpPermission{IpProtocol: "-1", IpRanges: []world.IpRange{{CidrIp: "0.0.0.0/0"}}}

func (f *fixture) sg(id, vpc string, ingress, egress []world.IpPermission) *world.SecurityGroup {
	g := &world.SecurityGroup{GroupId: id, GroupName: id, VpcId: vpc, IpPermissions: ingress, IpPermissionsEgress: egress}
	f.w.SecurityGroups.Put(id, g)
	return g
}

func entry(num int, egress bool, proto, action, cidr string, from, to int) world.NetworkACLEntry {
	e := world.NetworkACLEntry{RuleNumber: num, Protocol: proto, RuleAction: action, Egress: egress, CidrBlock: cidr}
	if proto != "-1" {
		e.PortRange = &world.PortRange{From: from, To: to}
	}
	return e
}

// allowAllEntries is the default NACL: allow all, then the * rule.
func allowAllEntries() []world.NetworkACLEntry {
	return []world.NetworkACLEntry{
		entry(100, false, "-1", "allow", "0.0.0.0/0", 0, 0),
		entry(32767, false, "-1", "deny", "0.0.0.0/0", 0, 0),
		entry(100, true, "-1", "allow", "0.0.0.0/0", 0, 0),
		entry(32767, true, "-1", "deny", "0.0.0.0/0", 0, 0),
	}
}

func (f *fixture) acl(id, vpc string, isDefault bool, entries []world.NetworkACLEntry, subnets ...string) *world.NetworkACL {
	a := &world.NetworkACL{NetworkAclId: id, VpcId: vpc, IsDefault: isDefault, Entries: entries}
	for _, s := range subnets {
		a.Associations = append(a.Associations, world.NetworkACLAssociation{SubnetId: s})
	}
	f.w.NetworkACLs.Put(id, a)
	return a
}

func (f *fixture) ifaceEP(id, vpc, service string, privateDNS bool, subnets []string, groups ...string) *world.VPCEndpoint {
	ep := &world.VPCEndpoint{VpcEndpointId: id, VpcEndpointType: "Interface", VpcId: vpc,
		ServiceName: service, State: "available", PrivateDnsEnabled: bp(privateDNS), SubnetIds: subnets}
	for _, g := range groups {
		ep.Groups = append(ep.Groups, world.SecurityGroupIdentifier{GroupId: g})
	}
	f.w.VPCEndpoints.Put(id, ep)
	return ep
}

// s3Gateway adds the S3 gateway endpoint and its prefix-list routes.
func (f *fixture) s3Gateway(id, vpc, region, pl string, rtbs ...string) *world.VPCEndpoint {
	ep := &world.VPCEndpoint{VpcEndpointId: id, VpcEndpointType: "Gateway", VpcId: vpc,
		ServiceName: "com.amazonaws." + region + ".s3", State: "available", RouteTableIds: rtbs}
	f.w.VPCEndpoints.Put(id, ep)
	for _, r := range rtbs {
		rt := f.w.RouteTables.Get(r)
		rt.Routes = append(rt.Routes, world.Route{DestinationPrefixListId: pl, GatewayId: id, State: "active"})
	}
	return ep
}

func (f *fixture) rt(id string) *world.RouteTable     { return f.w.RouteTables.Get(id) }
func (f *fixture) sgp(id string) *world.SecurityGroup { return f.w.SecurityGroups.Get(id) }
func (f *fixture) ep(id string) *world.VPCEndpoint    { return f.w.VPCEndpoints.Get(id) }
func (f *fixture) aclp(id string) *world.NetworkACL   { return f.w.NetworkACLs.Get(id) }

// standard builds the usual two-tier VPC:
//
//	vpc-1 10.0.0.0/16, DNS support and hostnames on, igw-1 attached
//	subnet-pub  10.0.0.0/24 az a  rtb-pub  0.0.0.0/0 → igw-1, nat-1 lives here
//	subnet-priv 10.0.1.0/24 az a  rtb-priv 0.0.0.0/0 → nat-1
//	subnet-ep   10.0.2.0/24 az a  rtb-priv (endpoint ENIs)
//	subnet-ep-c 10.0.3.0/24 az c  rtb-priv
//	rtb-main (local only) is the main table; acl-default allows all
//	sg-task egress all; sg-ep ingress 443 from sg-task
//	pl-s3 = com.amazonaws.ap-northeast-1.s3 with two CIDRs
func standard() *fixture {
	f := newFixture()
	f.vpc("vpc-1", "10.0.0.0/16")
	f.subnet("subnet-pub", "vpc-1", "10.0.0.0/24", "ap-northeast-1a")
	f.subnet("subnet-priv", "vpc-1", "10.0.1.0/24", "ap-northeast-1a")
	f.subnet("subnet-ep", "vpc-1", "10.0.2.0/24", "ap-northeast-1a")
	f.subnet("subnet-ep-c", "vpc-1", "10.0.3.0/24", "ap-northeast-1c")
	f.rtb("rtb-main", "vpc-1", "10.0.0.0/16", true)
	pub := f.rtb("rtb-pub", "vpc-1", "10.0.0.0/16", false, "subnet-pub")
	pub.Routes = append(pub.Routes, defRoute("igw-1"))
	priv := f.rtb("rtb-priv", "vpc-1", "10.0.0.0/16", false, "subnet-priv", "subnet-ep", "subnet-ep-c")
	priv.Routes = append(priv.Routes, defRoute("nat-1"))
	f.igw("igw-1", "vpc-1", "available")
	f.nat("nat-1", "subnet-pub", "vpc-1", "available", "public")
	f.sg("sg-task", "vpc-1", nil, []world.IpPermission{allOut})
	f.sg("sg-ep", "vpc-1", []world.IpPermission{toGroup(tcp(443, 443), "sg-task")}, []world.IpPermission{allOut})
	f.acl("acl-default", "vpc-1", true, allowAllEntries())
	f.w.PrefixLists.Put("pl-s3", &world.PrefixList{PrefixListId: "pl-s3", PrefixListName: "com.amazonaws." + testRegion + ".s3",
		Cidrs: []string{"52.219.0.0/20", "3.5.128.0/21"}, CidrsKnown: true})
	return f
}

// privateOnly removes the NAT route and adds the endpoints a private Fargate
// task needs (ECR-UG "VPC endpoints": ecr.api, ecr.dkr, S3 gateway; plus
// logs, secretsmanager and ssm).
func (f *fixture) privateOnly() *fixture {
	priv := f.rt("rtb-priv")
	priv.Routes = priv.Routes[:1]
	for _, svc := range []string{"ecr.api", "ecr.dkr", "logs", "secretsmanager", "ssm"} {
		f.ifaceEP("vpce-"+svc, "vpc-1", "com.amazonaws."+testRegion+"."+svc, true, []string{"subnet-ep"}, "sg-ep")
	}
	f.s3Gateway("vpce-s3", "vpc-1", testRegion, "pl-s3", "rtb-priv")
	return f
}

var (
	privENI = ENI{SubnetID: "subnet-priv", SecurityGroupIDs: []string{"sg-task"}}
	pubENI  = ENI{SubnetID: "subnet-pub", SecurityGroupIDs: []string{"sg-task"}, AssignPublicIP: true}
)

// natInstance adds the NAT instance i-nat the way VPC-UG "NAT instances"
// sets one up: running in subnet-pub with a public IP, source/destination
// check off, sg-nat admitting HTTPS from the VPC and letting everything
// out; rtb-priv's default route goes to it instead of nat-1.
func (f *fixture) natInstance() *world.Instance {
	if !f.w.Instances.Known {
		f.w.Instances = world.NewSet[world.Instance]("test", true)
	}
	f.sg("sg-nat", "vpc-1", []world.IpPermission{toCIDR(tcp(443, 443), "10.0.0.0/16")}, []world.IpPermission{allOut})
	in := &world.Instance{InstanceId: "i-nat", SubnetId: "subnet-pub", VpcId: "vpc-1",
		State: world.InstanceState{Name: "running"}, SourceDestCheck: bp(false), PublicIpAddress: "203.0.113.7",
		SecurityGroups: []world.SecurityGroupIdentifier{{GroupId: "sg-nat"}},
		NetworkInterfaces: []world.InstanceNetworkInterface{{NetworkInterfaceId: "eni-nat", SubnetId: "subnet-pub",
			SourceDestCheck: bp(false), Groups: []world.SecurityGroupIdentifier{{GroupId: "sg-nat"}},
			Association: &world.InstanceNetworkInterfaceAssociation{PublicIp: "203.0.113.7"},
			Attachment:  &world.InstanceNetworkInterfaceAttachment{DeviceIndex: 0}}}}
	f.w.Instances.Put(in.InstanceId, in)
	// DescribeRouteTables shows both the instance and its interface.
	f.rt("rtb-priv").Routes[1] = world.Route{DestinationCidrBlock: "0.0.0.0/0", InstanceId: "i-nat", NetworkInterfaceId: "eni-nat", State: "active"}
	return in
}

func (f *fixture) inst(id string) *world.Instance { return f.w.Instances.Get(id) }

// natInstanceWorld is the standard VPC with a NAT instance instead of the
// NAT gateway.
func natInstanceWorld() *fixture {
	f := standard()
	f.natInstance()
	return f
}
