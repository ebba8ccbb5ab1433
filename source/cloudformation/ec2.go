package cloudformation

import (
	"strings"

	"github.com/ecs-preflight/ecs-preflight/world"
)

func boolp(b bool) *bool { return &b }

// vpc reads AWS::EC2::VPC and adds what EC2 creates with every VPC: a main
// route table with the local route, a default network ACL that allows all
// traffic, and a default security group (VPC-UG "Route tables", "Default
// network ACL", "Default security groups for your VPCs").
func (l *loader) vpc(r *resource, p obj) error {
	id := l.ec2ID(r)
	cidr, err := p.strOr("CidrBlock", "")
	if err != nil {
		return err
	}
	// CFN reference AWS::EC2::VPC: EnableDnsSupport "Enabled by default";
	// EnableDnsHostnames "Disabled by default for nondefault VPCs".
	dnsSupport, err := p.boolean("EnableDnsSupport")
	if err != nil {
		return err
	}
	if _, given := p.raw("EnableDnsSupport"); !given {
		dnsSupport = boolp(true)
	}
	dnsHostnames, err := p.boolean("EnableDnsHostnames")
	if err != nil {
		return err
	}
	if _, given := p.raw("EnableDnsHostnames"); !given {
		dnsHostnames = boolp(false)
	}
	o := l.origin(r)
	// A VPC the template creates has only what the template puts in it.
	l.w.VPCs.Put(id, &world.VPC{VpcId: id, CidrBlock: cidr, EnableDnsSupport: dnsSupport, EnableDnsHostnames: dnsHostnames, Described: true, Origin: o})
	l.vpcs[id] = true

	main := &world.RouteTable{RouteTableId: "rtb-" + l.lid(r) + "-main", VpcId: id,
		Associations: []world.RouteTableAssociation{{Main: true}}, Origin: o}
	l.w.RouteTables.Put(main.RouteTableId, main)
	acl := world.DefaultNetworkACL("acl-"+l.lid(r)+"-default", id, o)
	l.w.NetworkACLs.Put(acl.NetworkAclId, acl)
	sgID := "sg-" + l.lid(r) + "-default"
	l.w.SecurityGroups.Put(sgID, world.DefaultSecurityGroup(sgID, id, o))
	return nil
}

func (l *loader) subnet(r *resource, p obj) error {
	s := &world.Subnet{SubnetId: l.ec2ID(r), Origin: l.origin(r)}
	var err error
	if s.VpcId, err = p.strOr("VpcId", ""); err != nil {
		return err
	}
	if s.CidrBlock, err = p.strOr("CidrBlock", ""); err != nil {
		return err
	}
	if s.AvailabilityZone, err = p.strOr("AvailabilityZone", ""); err != nil {
		return err
	}
	if s.AvailabilityZoneId, err = p.strOr("AvailabilityZoneId", ""); err != nil {
		return err
	}
	if s.MapPublicIpOnLaunch, err = p.boolOr("MapPublicIpOnLaunch", false); err != nil {
		return err
	}
	if s.Ipv6Native, err = p.boolOr("Ipv6Native", false); err != nil {
		return err
	}
	l.w.Subnets.Put(s.SubnetId, s)
	return nil
}

func (l *loader) routeTable(r *resource, p obj) error {
	rt := &world.RouteTable{RouteTableId: l.ec2ID(r), Origin: l.origin(r)}
	var err error
	if rt.VpcId, err = p.strOr("VpcId", ""); err != nil {
		return err
	}
	l.w.RouteTables.Put(rt.RouteTableId, rt)
	return nil
}

// routeTargets maps AWS::EC2::Route target properties to the route fields.
var routeTargets = []string{"GatewayId", "NatGatewayId", "InstanceId", "NetworkInterfaceId", "TransitGatewayId",
	"VpcPeeringConnectionId", "EgressOnlyInternetGatewayId", "LocalGatewayId", "CarrierGatewayId", "CoreNetworkArn", "VpcEndpointId"}

func (l *loader) route(r *resource, p obj) error {
	id, err := p.strOr("RouteTableId", "")
	if err != nil {
		return err
	}
	rt := l.w.RouteTables.Get(id)
	if rt == nil {
		return nil // a route in a table the template does not create
	}
	rr := world.Route{State: "active", Origin: l.origin(r)}
	for _, f := range []struct {
		prop string
		dst  *string
	}{{"DestinationCidrBlock", &rr.DestinationCidrBlock}, {"DestinationIpv6CidrBlock", &rr.DestinationIpv6CidrBlock}, {"DestinationPrefixListId", &rr.DestinationPrefixListId}} {
		if *f.dst, err = p.strOr(f.prop, ""); err != nil {
			return err
		}
	}
	for _, t := range routeTargets {
		s, err := p.strOr(t, "")
		if err != nil {
			return err
		}
		switch t {
		case "GatewayId", "VpcEndpointId":
			// A Gateway Load Balancer endpoint is a route target in the
			// GatewayId field of DescribeRouteTables.
			if s != "" {
				rr.GatewayId = s
			}
		case "NatGatewayId":
			rr.NatGatewayId = s
		case "InstanceId":
			rr.InstanceId = s
		case "NetworkInterfaceId":
			rr.NetworkInterfaceId = s
		case "TransitGatewayId":
			rr.TransitGatewayId = s
		case "VpcPeeringConnectionId":
			rr.VpcPeeringConnectionId = s
		case "EgressOnlyInternetGatewayId":
			rr.EgressOnlyInternetGatewayId = s
		case "LocalGatewayId":
			rr.LocalGatewayId = s
		case "CarrierGatewayId":
			rr.CarrierGatewayId = s
		case "CoreNetworkArn":
			rr.CoreNetworkArn = s
		}
	}
	rt.Routes = append(rt.Routes, rr)
	return nil
}

func (l *loader) subnetRouteTableAssociation(r *resource, p obj) error {
	id, err := p.strOr("RouteTableId", "")
	if err != nil {
		return err
	}
	sub, err := p.strOr("SubnetId", "")
	if err != nil {
		return err
	}
	if rt := l.w.RouteTables.Get(id); rt != nil && sub != "" {
		rt.Associations = append(rt.Associations, world.RouteTableAssociation{SubnetId: sub})
	}
	l.associated(sub, "rtb")
	return nil
}

// assoc records subnets with an explicit association, so that the VPC
// defaults do not add one.
func (l *loader) associated(subnet, kind string) {
	if l.explicit == nil {
		l.explicit = map[string]bool{}
	}
	l.explicit[kind+" "+subnet] = true
}

func (l *loader) internetGateway(r *resource, p obj) error {
	id := l.ec2ID(r)
	l.w.InternetGateways.Put(id, &world.InternetGateway{InternetGatewayId: id, Origin: l.origin(r)})
	return nil
}

// gatewayAttachment reads AWS::EC2::VPCGatewayAttachment: an attached
// internet gateway reports State "available" (EC2 API
// InternetGatewayAttachment).
func (l *loader) gatewayAttachment(r *resource, p obj) error {
	igw, err := p.strOr("InternetGatewayId", "")
	if err != nil {
		return err
	}
	vpc, err := p.strOr("VpcId", "")
	if err != nil {
		return err
	}
	if g := l.w.InternetGateways.Get(igw); g != nil {
		g.Attachments = append(g.Attachments, world.InternetGatewayAttachment{VpcId: vpc, State: "available"})
	}
	return nil
}

// natGateway reads AWS::EC2::NatGateway. Its state is left empty: the
// gateway does not exist yet, and netpath assumes a template's gateway
// available once created, with a warning.
func (l *loader) natGateway(r *resource, p obj) error {
	n := &world.NATGateway{NatGatewayId: l.ec2ID(r), Origin: l.origin(r)}
	var err error
	if n.SubnetId, err = p.strOr("SubnetId", ""); err != nil {
		return err
	}
	// CFN reference AWS::EC2::NatGateway: ConnectivityType defaults to
	// public.
	if n.ConnectivityType, err = p.strOr("ConnectivityType", "public"); err != nil {
		return err
	}
	l.w.NATGateways.Put(n.NatGatewayId, n)
	return nil
}

// securityGroup reads AWS::EC2::SecurityGroup. CFN reference: "When you
// specify a VPC security group, Amazon EC2 creates a default egress rule
// that allows egress traffic on all ports and IP protocols to any
// location. The default rule is removed only when you specify one or more
// egress rules" in SecurityGroupEgress. CDK's allowAllOutbound: false
// writes a "Disallow all traffic" ICMP rule to 255.255.255.255/32 for that
// reason; it allows nothing the start phase uses.
func (l *loader) securityGroup(r *resource, p obj) error {
	name, err := l.name(r)
	if err != nil {
		return err
	}
	sg := &world.SecurityGroup{GroupId: l.ec2ID(r), GroupName: name, Origin: l.origin(r)}
	if sg.VpcId, err = p.strOr("VpcId", ""); err != nil {
		return err
	}
	in, _, err := p.list("SecurityGroupIngress")
	if err != nil {
		return err
	}
	for _, e := range in {
		perm, err := l.sgRule(e, false)
		if err != nil {
			return err
		}
		sg.IpPermissions = append(sg.IpPermissions, perm)
	}
	out, whole, err := p.list("SecurityGroupEgress")
	if err != nil {
		return err
	}
	for _, e := range out {
		perm, err := l.sgRule(e, true)
		if err != nil {
			return err
		}
		sg.IpPermissionsEgress = append(sg.IpPermissionsEgress, perm)
	}
	if !p.has("SecurityGroupEgress") && whole.k == vNull {
		sg.IpPermissionsEgress = []world.IpPermission{{IpProtocol: "-1", IpRanges: []world.IpRange{{CidrIp: "0.0.0.0/0"}}}}
	}
	l.w.SecurityGroups.Put(sg.GroupId, sg)
	return nil
}

// sgRule reads one rule, inline or as an AWS::EC2::SecurityGroupIngress /
// Egress resource.
func (l *loader) sgRule(e obj, egress bool) (world.IpPermission, error) {
	var perm world.IpPermission
	if _, ok := e.unres(); ok {
		// An unknown rule: it allows nothing the reader can show.
		perm.IpProtocol = "unknown"
		return perm, nil
	}
	proto, err := e.strOr("IpProtocol", "")
	if err != nil {
		return perm, err
	}
	perm.IpProtocol = strings.ToLower(proto)
	if perm.FromPort, err = e.integer("FromPort"); err != nil {
		return perm, err
	}
	if perm.ToPort, err = e.integer("ToPort"); err != nil {
		return perm, err
	}
	desc, err := e.strOr("Description", "")
	if err != nil {
		return perm, err
	}
	cidr, err := e.strOr("CidrIp", "")
	if err != nil {
		return perm, err
	}
	if cidr != "" {
		perm.IpRanges = append(perm.IpRanges, world.IpRange{CidrIp: cidr, Description: desc})
	}
	cidr6, err := e.strOr("CidrIpv6", "")
	if err != nil {
		return perm, err
	}
	if cidr6 != "" {
		perm.Ipv6Ranges = append(perm.Ipv6Ranges, world.Ipv6Range{CidrIpv6: cidr6, Description: desc})
	}
	group, pl := "SourceSecurityGroupId", "SourcePrefixListId"
	if egress {
		group, pl = "DestinationSecurityGroupId", "DestinationPrefixListId"
	}
	g, err := e.strOr(group, "")
	if err != nil {
		return perm, err
	}
	if g != "" {
		owner, err := e.strOr("SourceSecurityGroupOwnerId", "")
		if err != nil {
			return perm, err
		}
		perm.UserIdGroupPairs = append(perm.UserIdGroupPairs, world.UserIdGroupPair{GroupId: g, UserId: owner, Description: desc})
	}
	plID, err := e.strOr(pl, "")
	if err != nil {
		return perm, err
	}
	if plID != "" {
		perm.PrefixListIds = append(perm.PrefixListIds, world.PrefixListId{PrefixListId: plID, Description: desc})
	}
	return perm, nil
}

// securityGroupRule reads AWS::EC2::SecurityGroupIngress and
// AWS::EC2::SecurityGroupEgress. A separate egress rule does not remove the
// default allow-all egress rule (only SecurityGroupEgress inside the group
// does, CFN reference AWS::EC2::SecurityGroup).
func (l *loader) securityGroupRule(egress bool) func(*resource, obj) error {
	return func(r *resource, p obj) error {
		id, err := p.strOr("GroupId", "")
		if err != nil {
			return err
		}
		sg := l.w.SecurityGroups.Get(id)
		if sg == nil {
			return nil
		}
		perm, err := l.sgRule(p, egress)
		if err != nil {
			return err
		}
		if egress {
			sg.IpPermissionsEgress = append(sg.IpPermissionsEgress, perm)
		} else {
			sg.IpPermissions = append(sg.IpPermissions, perm)
		}
		return nil
	}
}

// networkACL reads AWS::EC2::NetworkAcl. A new custom NACL denies all
// traffic until entries are added (VPC-UG "Custom network ACLs").
func (l *loader) networkACL(r *resource, p obj) error {
	acl := &world.NetworkACL{NetworkAclId: l.ec2ID(r), Origin: l.origin(r),
		Entries: []world.NetworkACLEntry{world.DenyAllEntry(true), world.DenyAllEntry(false)}}
	var err error
	if acl.VpcId, err = p.strOr("VpcId", ""); err != nil {
		return err
	}
	l.w.NetworkACLs.Put(acl.NetworkAclId, acl)
	return nil
}

func (l *loader) networkACLEntry(r *resource, p obj) error {
	id, err := p.strOr("NetworkAclId", "")
	if err != nil {
		return err
	}
	acl := l.w.NetworkACLs.Get(id)
	if acl == nil {
		return nil
	}
	var e world.NetworkACLEntry
	n, err := p.integer("RuleNumber")
	if err != nil {
		return err
	}
	if n != nil {
		e.RuleNumber = *n
	}
	if e.Protocol, err = p.strOr("Protocol", ""); err != nil {
		return err
	}
	if e.RuleAction, err = p.strOr("RuleAction", ""); err != nil {
		return err
	}
	e.RuleAction = strings.ToLower(e.RuleAction)
	if e.Egress, err = p.boolOr("Egress", false); err != nil {
		return err
	}
	if e.CidrBlock, err = p.strOr("CidrBlock", ""); err != nil {
		return err
	}
	if e.Ipv6CidrBlock, err = p.strOr("Ipv6CidrBlock", ""); err != nil {
		return err
	}
	if pr, ok, err := p.object("PortRange"); err != nil {
		return err
	} else if ok {
		from, err := pr.integer("From")
		if err != nil {
			return err
		}
		to, err := pr.integer("To")
		if err != nil {
			return err
		}
		if from != nil && to != nil {
			e.PortRange = &world.PortRange{From: *from, To: *to}
		}
	}
	acl.Entries = append(acl.Entries, e)
	return nil
}

func (l *loader) subnetNetworkACLAssociation(r *resource, p obj) error {
	id, err := p.strOr("NetworkAclId", "")
	if err != nil {
		return err
	}
	sub, err := p.strOr("SubnetId", "")
	if err != nil {
		return err
	}
	if acl := l.w.NetworkACLs.Get(id); acl != nil && sub != "" {
		acl.Associations = append(acl.Associations, world.NetworkACLAssociation{SubnetId: sub})
	}
	l.associated(sub, "acl")
	return nil
}

// vpcEndpoint reads AWS::EC2::VPCEndpoint. CFN reference: VpcEndpointType
// "Default: Gateway"; PrivateDnsEnabled "Default: false" — an interface
// endpoint written without it has private DNS disabled, unlike one made in
// the console. The state is left empty (the endpoint does not exist yet).
func (l *loader) vpcEndpoint(r *resource, p obj) error {
	ep := &world.VPCEndpoint{VpcEndpointId: l.ec2ID(r), Origin: l.origin(r)}
	var err error
	if ep.VpcId, err = p.strOr("VpcId", ""); err != nil {
		return err
	}
	if ep.ServiceName, err = p.strOr("ServiceName", ""); err != nil {
		return err
	}
	if ep.VpcEndpointType, err = p.strOr("VpcEndpointType", "Gateway"); err != nil {
		return err
	}
	dns, err := p.boolean("PrivateDnsEnabled")
	if err != nil {
		return err
	}
	if _, given := p.raw("PrivateDnsEnabled"); !given {
		dns = boolp(false)
	}
	if ep.VpcEndpointType == "Interface" {
		ep.PrivateDnsEnabled = dns
	}
	// CFN reference "AWS::EC2::VPCEndpoint" IpAddressType (ipv4, ipv6,
	// dualstack); left "" (unknown) when not written or unresolved, since
	// EC2 then picks it from the subnets.
	ipType, err := p.strOr("IpAddressType", "")
	if err != nil {
		return err
	}
	if !world.IsUnresolved(ipType) {
		ep.IpAddressType = ipType
	}
	if ep.SubnetIds, err = p.strs("SubnetIds"); err != nil {
		return err
	}
	if ep.RouteTableIds, err = p.strs("RouteTableIds"); err != nil {
		return err
	}
	groups, err := p.strs("SecurityGroupIds")
	if err != nil {
		return err
	}
	for _, g := range groups {
		ep.Groups = append(ep.Groups, world.SecurityGroupIdentifier{GroupId: g})
	}
	doc, unknown, _, err := p.policy("PolicyDocument")
	if err != nil {
		return err
	}
	ep.PolicyDocument = doc
	if unknown != "" {
		// taskstart reads Unknown only for a non-empty document.
		v, _ := p.raw("PolicyDocument")
		ep.PolicyDocument = world.Unresolved(v.why())
		ep.Unknown = map[string]string{"PolicyDocument": unknown}
	}
	l.w.VPCEndpoints.Put(ep.VpcEndpointId, ep)
	return nil
}

func (l *loader) prefixList(r *resource, p obj) error {
	pl := &world.PrefixList{PrefixListId: l.ec2ID(r), Origin: l.origin(r), CidrsKnown: true}
	var err error
	if pl.PrefixListName, err = p.strOr("PrefixListName", ""); err != nil {
		return err
	}
	entries, whole, err := p.list("Entries")
	if err != nil {
		return err
	}
	if whole.k != vNull {
		pl.CidrsKnown = false
	}
	for _, e := range entries {
		c, err := e.strOr("Cidr", "")
		if err != nil {
			return err
		}
		if world.IsUnresolved(c) {
			pl.CidrsKnown = false
			continue
		}
		pl.Cidrs = append(pl.Cidrs, c)
	}
	if !l.w.PrefixLists.Known {
		l.w.PrefixLists = world.NewSet[world.PrefixList](setSource, false)
	}
	l.w.PrefixLists.Put(pl.PrefixListId, pl)
	return nil
}

// vpcDefaults completes the VPCs the template creates: their route tables
// get the local route, subnets without an explicit association use the
// main route table and the default NACL, and NAT gateways learn their VPC.
// Every subnet association of such a VPC is in the template, so the
// subnets are associated explicitly here; that keeps lookups exact without
// declaring the whole RouteTables set complete.
func (l *loader) vpcDefaults() {
	for _, rt := range l.w.RouteTables.All() {
		v := l.w.VPCs.Get(rt.VpcId)
		if v == nil || v.CidrBlock == "" {
			continue
		}
		local := world.Route{DestinationCidrBlock: v.CidrBlock, GatewayId: "local", State: "active"}
		rt.Routes = append([]world.Route{local}, rt.Routes...)
	}
	for _, s := range l.w.Subnets.All() {
		if !l.vpcs[s.VpcId] {
			continue
		}
		vpcLogical := strings.TrimPrefix(s.VpcId, "vpc-")
		if !l.explicit["rtb "+s.SubnetId] {
			if rt := l.w.RouteTables.Get("rtb-" + vpcLogical + "-main"); rt != nil {
				rt.Associations = append(rt.Associations, world.RouteTableAssociation{SubnetId: s.SubnetId})
			}
		}
		if !l.explicit["acl "+s.SubnetId] {
			if acl := l.w.NetworkACLs.Get("acl-" + vpcLogical + "-default"); acl != nil {
				acl.Associations = append(acl.Associations, world.NetworkACLAssociation{SubnetId: s.SubnetId})
			}
		}
	}
	for _, n := range l.w.NATGateways.All() {
		if s := l.w.Subnets.Get(n.SubnetId); s != nil {
			n.VpcId = s.VpcId
		}
	}
}

// dhcpOptions reads AWS::EC2::DHCPOptions. CFN reference
// AWS::EC2::DHCPOptions, DomainNameServers: "The IPv4 addresses of up to
// four domain name servers, or AmazonProvidedDNS. The default is
// AmazonProvidedDNS." An unresolved list is kept as its stand-in, so that
// whether the Amazon DNS server answers is unknown.
func (l *loader) dhcpOptions(r *resource, p obj) error {
	d := &world.DHCPOptions{DhcpOptionsId: l.ec2ID(r), Origin: l.origin(r)}
	servers, err := p.strs("DomainNameServers")
	if err != nil {
		return err
	}
	if _, given := p.raw("DomainNameServers"); !given {
		servers = []string{"AmazonProvidedDNS"}
	}
	d.DomainNameServers = servers
	l.w.DHCPOptions.Put(d.DhcpOptionsId, d)
	return nil
}

// dhcpOptionsAssociation reads AWS::EC2::VPCDHCPOptionsAssociation into the
// VPC's DhcpOptionsId. "default" is the value that associates the
// region's default set (CFN reference AWS::EC2::VPCDHCPOptionsAssociation);
// it is kept as written, since which servers that set names is the
// account's.
func (l *loader) dhcpOptionsAssociation(r *resource, p obj) error {
	vpcID, err := p.strOr("VpcId", "")
	if err != nil {
		return err
	}
	id, err := p.strOr("DhcpOptionsId", "")
	if err != nil {
		return err
	}
	if v := l.w.VPCs.Get(vpcID); v != nil {
		v.DhcpOptionsId = id
	}
	return nil
}
