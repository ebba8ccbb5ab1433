package netpath

import (
	"fmt"
	"strings"

	"github.com/ecs-preflight/ecs-preflight/world"
)

// routeTable finds the route table in effect for a subnet. VPC-UG "Route
// tables": a subnet uses the table explicitly associated with it, else the
// VPC's main route table. Falling back to the main table is only sound when
// the input lists every table (a partial listing may miss the explicit one).
func (n *Network) routeTable(subnet, vpc string) (*world.RouteTable, string) {
	if rt := n.subnetRTB[subnet]; rt != nil {
		return rt, ""
	}
	if !n.w.RouteTables.Known || !n.w.RouteTables.Complete {
		return nil, "ec2:DescribeRouteTables (route table for " + subnet + ")"
	}
	if rt := n.mainRTB[vpc]; rt != nil {
		return rt, ""
	}
	return nil, "ec2:DescribeRouteTables (main route table of " + vpc + ", used by " + subnet + ")"
}

// defaultRoute returns the route an internet address takes. The destination
// is "some public IPv4 address" (which one is not in the input), so only a
// route covering all of public space decides: 0.0.0.0/0. VPC-UG "Route
// priority": the most specific route wins, and a blackhole route still
// matches (and drops).
func defaultRoute(rt *world.RouteTable) *world.Route {
	for i := range rt.Routes {
		r := &rt.Routes[i]
		if r.DestinationCidrBlock == "" {
			continue
		}
		if s, ok := cidrSet(r.DestinationCidrBlock); ok && s.covers(allIPv4) {
			return r
		}
	}
	return nil
}

// splitDefaultRoute handles a table that covers IPv4 with several routes
// and no single 0.0.0.0/0 (0.0.0.0/1 + 128.0.0.0/1, as VPN and firewall
// setups write). VPC-UG "Route priority": each address takes its most
// specific route. When every such route has the same target, that target
// carries all internet traffic and stands in for the default route. When
// they differ, the way out depends on the address the host resolves to,
// which is not in the input: decided is true and r is nil, with the fact
// named as missing.
func splitDefaultRoute(rt *world.RouteTable, host string, p *path) (r *world.Route, decided bool) {
	var union ipSet
	var routes []*world.Route
	for i := range rt.Routes {
		x := &rt.Routes[i]
		if x.DestinationCidrBlock == "" || x.GatewayId == "local" {
			continue
		}
		set, ok := cidrSet(x.DestinationCidrBlock)
		if !ok {
			continue
		}
		union = union.union(set)
		routes = append(routes, x)
	}
	if len(routes) < 2 || !union.covers(allIPv4) {
		return nil, false
	}
	first := routes[0]
	for _, x := range routes[1:] {
		if routeTarget(x) != routeTarget(first) || x.State != first.State {
			var parts []string
			for _, y := range routes {
				parts = append(parts, y.DestinationCidrBlock+" → "+routeTarget(y))
			}
			p.hop("%s splits IPv4 between targets (%s)", rt.RouteTableId, strings.Join(parts, ", "))
			p.miss("the address " + host + " resolves to: " + rt.RouteTableId + " sends parts of IPv4 to different targets (" + strings.Join(parts, ", ") + ")")
			return nil, true
		}
	}
	return first, true
}

func routeTarget(r *world.Route) string {
	for _, t := range []string{r.GatewayId, r.NatGatewayId, r.TransitGatewayId, r.VpcPeeringConnectionId,
		r.InstanceId, r.NetworkInterfaceId, r.EgressOnlyInternetGatewayId, r.LocalGatewayId,
		r.CarrierGatewayId, r.CoreNetworkArn} {
		if t != "" {
			return t
		}
	}
	return "?"
}

// internetPath checks the path to a public address: the task subnet's route
// for 0.0.0.0/0, what it leads to, and the task's security groups and NACL.
func (n *Network) internetPath(src *source, to Target, port int, p *path) {
	dest, destText, known := n.internetDest(to)
	partialText := "IP addresses of " + hostOr(to)
	if to.Service == "s3" && !known {
		partialText += " (ec2:GetManagedPrefixListEntries for com.amazonaws." + to.Region + ".s3)"
	}
	sub := src.subnet
	rt, miss := n.routeTable(sub.SubnetId, src.vpcID)
	if rt == nil {
		p.miss(miss)
		return
	}
	r := defaultRoute(rt)
	if r == nil {
		var decided bool
		if r, decided = splitDefaultRoute(rt, hostOr(to), p); decided && r == nil {
			return
		}
	}
	if r == nil {
		detail := "no route to 0.0.0.0/0 in " + rt.RouteTableId + " (route table of " + sub.SubnetId + ")"
		for _, x := range rt.Routes {
			if x.EgressOnlyInternetGatewayId != "" {
				// VPC-UG "Enable outbound IPv6 traffic using an egress-only
				// internet gateway": it is for IPv6 traffic only; Fargate
				// still calls IPv4 api.ecr (aws/containers-roadmap#2287,
				// aws/containers-roadmap#2792).
				detail += "; " + x.EgressOnlyInternetGatewayId + " is an egress-only internet gateway, which carries IPv6 only, and the task start calls IPv4 endpoints (aws/containers-roadmap#2287, #2792)"
				break
			}
		}
		p.hop("%s → %s (no 0.0.0.0/0 route)", sub.SubnetId, rt.RouteTableId)
		p.block(Block{Kind: BlockRoute, Resource: rt.RouteTableId, Detail: detail, Fix: n.noRouteFix(src, rt, to)})
		return
	}
	target := routeTarget(r)
	p.hop("%s → %s (0.0.0.0/0 → %s)", sub.SubnetId, rt.RouteTableId, target)
	n.specificRouteWarnings(rt, r, dest, to, p)
	if r.State == "blackhole" {
		p.block(Block{
			Kind:     BlockRoute,
			Resource: rt.RouteTableId,
			Detail:   fmt.Sprintf("the 0.0.0.0/0 route of %s to %s is a blackhole (its target was deleted or detached)", rt.RouteTableId, target),
			Fix:      "replace the route with a live target: " + n.natRouteCmd(src, rt, true),
		})
		return
	}
	sameSubnetNAT := false
	switch {
	case strings.HasPrefix(r.GatewayId, "igw-"):
		n.viaIGW(src, r.GatewayId, src.vpcID, p)
	case r.NatGatewayId != "":
		sameSubnetNAT = n.viaNAT(src, r.NatGatewayId, dest, destText, partialText, known, port, p)
	case r.InstanceId != "" || (r.NetworkInterfaceId != "" && r.GatewayId == ""):
		sameSubnetNAT = n.viaNATInstance(src, rt, r, natLeg{dest: dest, destText: destText, partial: partialText, known: known, port: port}, p)
	case r.VpcPeeringConnectionId != "":
		// VPC peering guide "VPC peering limitations": edge-to-edge routing
		// through a gateway or NAT in the peer VPC is not supported, and
		// Fargate has no HTTP proxy support (aws/containers-roadmap#98).
		p.block(Block{
			Kind:     BlockRoute,
			Resource: rt.RouteTableId,
			Detail:   fmt.Sprintf("%s sends 0.0.0.0/0 to peering connection %s; a peered VPC's internet gateway or NAT cannot be used (no edge-to-edge routing over VPC peering)", rt.RouteTableId, r.VpcPeeringConnectionId),
			Fix:      "route 0.0.0.0/0 to a NAT gateway in this VPC, or to a transit gateway with centralised egress: " + n.natRouteCmd(src, rt, true),
		})
	case r.TransitGatewayId != "":
		p.miss("egress beyond transit gateway " + r.TransitGatewayId + " (its route tables and the egress VPC are not in the input)")
	case strings.HasPrefix(r.GatewayId, "vgw-"):
		p.miss("egress beyond virtual private gateway " + r.GatewayId + " (the on-premises network is not in the input)")
	case strings.HasPrefix(r.GatewayId, "vpce-"):
		p.miss("what firewall or appliance endpoint " + r.GatewayId + " forwards to (Gateway Load Balancer / Network Firewall path is not modelled)")
	default:
		p.miss("egress beyond " + target + " (route target type not modelled)")
	}
	// The task's own security groups and NACL apply whatever the target.
	n.checkSG(p, sgCheck{
		groups: src.sgs, miss: src.sgMiss, egress: true, port: port,
		peer:     sgPeer{cidrs: dest},
		resource: firstOr(src.sgIDs, "task security group"),
		words: func() (string, string) {
			return fmt.Sprintf("no outbound rule of %s allows TCP %d to %s (%s)", joinIDs(src.sgIDs), port, hostOr(to), destText),
				fmt.Sprintf("add an outbound rule TCP %d to 0.0.0.0/0 on %s: %s", port, firstOr(src.sgIDs, "the task security group"), egressCmd(firstOr(src.sgIDs, "SG_TASK"), port, "", "0.0.0.0/0"))
		},
		partial:      lazyText{partialText, " (the task security group allows only part of ", destText, ")"},
		blockPartial: known,
	})
	if !sameSubnetNAT {
		n.checkACL(p, aclCheck{subnet: sub.SubnetId, vpc: src.vpcID, egress: true, ports: portRange{port, port}, peers: dest, peerText: lazyText{destText}, fixCIDR: "0.0.0.0/0", partial: lazyText{partialText}, blockPartial: known})
		n.checkACL(p, aclCheck{subnet: sub.SubnetId, vpc: src.vpcID, egress: false, ports: taskEphemeral, peers: dest, peerText: lazyText{destText}, fixCIDR: "0.0.0.0/0", partial: lazyText{partialText}, blockPartial: known})
	}
}

// internetDest is the address set a public host may have: for S3, the
// region's S3 prefix list when its entries are known; else all public IPv4.
func (n *Network) internetDest(to Target) (ipSet, string, bool) {
	if to.Service == "s3" && to.Region != "" {
		if pl := n.s3PrefixList(to.Region); pl != "" {
			if s, ok := n.prefixCIDRs(pl); ok {
				return s, "the S3 CIDRs of " + to.Region + " (" + pl + ")", true
			}
		}
	}
	return publicIPv4, "public IPv4 addresses", false
}

// specificRouteWarnings notes routes more specific than 0.0.0.0/0 that catch
// part of the destination: if the host resolves there, traffic goes
// elsewhere.
func (n *Network) specificRouteWarnings(rt *world.RouteTable, def *world.Route, dest ipSet, to Target, p *path) {
	for i := range rt.Routes {
		r := &rt.Routes[i]
		if r == def || r.DestinationCidrBlock == "" || r.GatewayId == "local" {
			continue
		}
		s, ok := cidrSet(r.DestinationCidrBlock)
		if !ok || !s.overlaps(dest) {
			continue
		}
		p.warn("%s routes %s to %s; if %s resolves into it, traffic goes there instead of through 0.0.0.0/0", rt.RouteTableId, r.DestinationCidrBlock, routeTarget(r), hostOr(to))
	}
}

// viaIGW checks an internet gateway route. VPC-UG "Internet gateways": the
// gateway must be attached to the VPC, and an instance (here the task ENI)
// needs a public IPv4 address to communicate through it.
func (n *Network) viaIGW(src *source, igw, vpc string, p *path) {
	if !n.igwAttached(igw, vpc, p) {
		return
	}
	p.via = ViaIGW
	p.hop("%s (attached to %s) → internet", igw, vpc)
	if !src.eni.AssignPublicIP {
		// amazon-ecs-agent#1128: a task in a public subnet with
		// assignPublicIp DISABLED times out. Fargate takes the public IP from
		// assignPublicIp, not from the subnet's MapPublicIpOnLaunch.
		p.block(Block{
			Kind:     BlockPublicIP,
			Resource: src.subnet.SubnetId,
			Detail:   fmt.Sprintf("%s routes 0.0.0.0/0 to %s (a public subnet), but the task gets no public IP (assignPublicIp DISABLED), so the internet gateway cannot carry its traffic (amazon-ecs-agent#1128)", src.subnet.SubnetId, igw),
			Fix:      "set networkConfiguration.awsvpcConfiguration.assignPublicIp=ENABLED, or run the task in a private subnet whose route table sends 0.0.0.0/0 to a NAT gateway",
		})
	}
}

// igwAttached reports whether the internet gateway is attached to the VPC,
// recording a block or missing fact when it is not known to be.
func (n *Network) igwAttached(igw, vpc string, p *path) bool {
	g, found, absent := n.w.InternetGateways.Lookup(igw)
	switch {
	case absent:
		p.block(Block{
			Kind:     BlockRoute,
			Resource: igw,
			Detail:   igw + " does not exist (not in the complete DescribeInternetGateways listing); the route leads nowhere",
			Fix:      "create and attach an internet gateway: aws ec2 create-internet-gateway, then aws ec2 attach-internet-gateway --internet-gateway-id IGW --vpc-id " + vpc,
		})
		return false
	case !found:
		p.miss("ec2:DescribeInternetGateways (" + igw + ")")
		p.via = ViaIGW
		return false
	}
	for _, a := range g.Attachments {
		if a.VpcId != vpc {
			continue
		}
		// The API reports "available" for an attached internet gateway;
		// some tools write "attached". A template has no state yet.
		switch a.State {
		case "available", "attached":
			return true
		case "":
			p.assume("%s attachment state is not in the input; assumed attached once created", igw)
			return true
		}
	}
	p.block(Block{
		Kind:     BlockRoute,
		Resource: igw,
		Detail:   fmt.Sprintf("%s is not attached to %s, so the 0.0.0.0/0 route to it is a blackhole", igw, vpc),
		Fix:      "aws ec2 attach-internet-gateway --internet-gateway-id " + igw + " --vpc-id " + vpc,
	})
	return false
}

// viaNAT checks a NAT gateway route: the gateway is public and available,
// its own subnet routes 0.0.0.0/0 to an attached internet gateway, and the
// NACL of its subnet passes the traffic both ways. It reports whether the NAT
// gateway sits in the task's own subnet.
func (n *Network) viaNAT(src *source, natID string, dest ipSet, destText, partialText string, known bool, port int, p *path) bool {
	nat, found, absent := n.w.NATGateways.Lookup(natID)
	switch {
	case absent:
		p.block(Block{
			Kind:     BlockRoute,
			Resource: natID,
			Detail:   natID + " does not exist (not in the complete DescribeNatGateways listing)",
			Fix:      "create a public NAT gateway in a public subnet and point 0.0.0.0/0 at it: aws ec2 create-nat-gateway --subnet-id PUBLIC_SUBNET --allocation-id EIP_ALLOC",
		})
		return false
	case !found:
		p.via = ViaNAT
		p.miss("ec2:DescribeNatGateways (" + natID + ")")
		return false
	}
	p.via = ViaNAT
	switch nat.State {
	case "available":
	case "":
		p.assume("%s state is not in the input; assumed available once created", natID)
	default:
		p.block(Block{
			Kind:     BlockRoute,
			Resource: natID,
			Detail:   fmt.Sprintf("%s is %q, not available", natID, nat.State),
			Fix:      "create a new public NAT gateway in a public subnet and point 0.0.0.0/0 at it: aws ec2 create-nat-gateway --subnet-id PUBLIC_SUBNET --allocation-id EIP_ALLOC",
		})
	}
	if nat.ConnectivityType == "private" {
		// VPC-UG "NAT gateways": a private NAT gateway cannot reach the
		// internet; traffic routed from it to an internet gateway is dropped.
		p.block(Block{
			Kind:     BlockRoute,
			Resource: natID,
			Detail:   natID + " is a private NAT gateway (ConnectivityType private): it cannot reach the internet",
			Fix:      "use a public NAT gateway: aws ec2 create-nat-gateway --connectivity-type public --subnet-id PUBLIC_SUBNET --allocation-id EIP_ALLOC, then route 0.0.0.0/0 to it",
		})
	}
	natSub, found, _ := n.w.Subnets.Lookup(nat.SubnetId)
	if !found {
		p.miss("ec2:DescribeSubnets (" + nat.SubnetId + ", subnet of " + natID + ")")
		return false
	}
	natRT, miss := n.routeTable(natSub.SubnetId, natSub.VpcId)
	if natRT == nil {
		p.miss(miss)
		return false
	}
	n.publicSubnetRoute(natID, "NAT gateway", natSub, natRT, p)
	// VPC-UG "NAT gateways" and "Ephemeral ports": a NAT gateway uses
	// ports 1024-65535 towards the internet.
	return n.natSubnetACLs(src, natSub, natLeg{dest: dest, destText: destText, partial: partialText, known: known, port: port}, natEphemeral, p)
}

// natLeg is the internet side of a path through a NAT device.
type natLeg struct {
	dest     ipSet  // the addresses the host may have
	destText string // how to name them
	partial  string // the fact that would decide a partial match
	known    bool   // dest is the host's exact address set
	port     int
}

// natSubnetACLs checks the NACL of a NAT device's subnet: from the task and
// back (unless the device shares the task's subnet, where traffic does not
// cross the NACL), and to the internet and back on the device's ephemeral
// ports. It reports whether the device is in the task's subnet.
func (n *Network) natSubnetACLs(src *source, natSub *world.Subnet, leg natLeg, ephemeral portRange, p *path) bool {
	acl := func(egress bool, ports portRange, peers ipSet, peerText lazyText, fixCIDR string, partial lazyText, blockPartial bool) {
		n.checkACL(p, aclCheck{subnet: natSub.SubnetId, vpc: natSub.VpcId, egress: egress, ports: ports, peers: peers, peerText: peerText, fixCIDR: fixCIDR, partial: partial, blockPartial: blockPartial})
	}
	same := natSub.SubnetId == src.subnet.SubnetId
	if !same && src.cidr != nil {
		taskIP := lazyText{"private IP of the task ENI (assigned at launch in ", src.subnet.CidrBlock, ")"}
		taskText := lazyText{src.subnet.SubnetId, " ", src.subnet.CidrBlock}
		acl(false, portRange{leg.port, leg.port}, src.cidr, taskText, src.subnet.CidrBlock, taskIP, false)
		acl(true, taskEphemeral, src.cidr, taskText, src.subnet.CidrBlock, taskIP, false)
	}
	acl(true, portRange{leg.port, leg.port}, leg.dest, lazyText{leg.destText}, "0.0.0.0/0", lazyText{leg.partial}, leg.known)
	acl(false, ephemeral, leg.dest, lazyText{leg.destText}, "0.0.0.0/0", lazyText{leg.partial}, leg.known)
	return same
}

// publicSubnetRoute checks that a NAT device's own subnet routes 0.0.0.0/0
// to an attached internet gateway. VPC-UG "NAT gateways": create a public
// NAT gateway in a public subnet; VPC-UG "NAT instances": launch the NAT
// instance in a public subnet. what is "NAT gateway" or "NAT instance".
func (n *Network) publicSubnetRoute(natID, what string, natSub *world.Subnet, natRT *world.RouteTable, p *path) {
	r := defaultRoute(natRT)
	switch {
	case r == nil || r.State == "blackhole" || !strings.HasPrefix(r.GatewayId, "igw-"):
		desc := "no 0.0.0.0/0 route"
		if r != nil {
			desc = "0.0.0.0/0 → " + routeTarget(r)
			if r.State == "blackhole" {
				desc += " (blackhole)"
			}
		}
		p.hop("%s in %s → %s (%s)", natID, natSub.SubnetId, natRT.RouteTableId, desc)
		if r != nil && r.State != "blackhole" && r.TransitGatewayId != "" {
			p.miss("egress beyond transit gateway " + r.TransitGatewayId + " from " + natID + "'s subnet")
			return
		}
		igw := n.attachedIGW(natSub.VpcId)
		p.block(Block{
			Kind:     BlockRoute,
			Resource: natRT.RouteTableId,
			Detail:   fmt.Sprintf("%s sits in %s, whose route table %s has %s to an internet gateway: a %s must be in a public subnet", natID, natSub.SubnetId, natRT.RouteTableId, desc, what),
			Fix:      fmt.Sprintf("put the %s in a public subnet, or add the internet route to its table: aws ec2 create-route --route-table-id %s --destination-cidr-block 0.0.0.0/0 --gateway-id %s", what, natRT.RouteTableId, igw),
		})
	default:
		p.hop("%s in %s → %s (0.0.0.0/0 → %s)", natID, natSub.SubnetId, natRT.RouteTableId, r.GatewayId)
		if n.igwAttached(r.GatewayId, natSub.VpcId, p) {
			p.hop("%s (attached to %s) → internet", r.GatewayId, natSub.VpcId)
		}
	}
}

// attachedIGW names an internet gateway attached to the VPC, or a
// placeholder, for fixes.
func (n *Network) attachedIGW(vpc string) string {
	for _, g := range n.w.InternetGateways.All() {
		for _, a := range g.Attachments {
			if a.VpcId == vpc && a.State != "detached" && a.State != "detaching" {
				return g.InternetGatewayId
			}
		}
	}
	return "IGW_ID"
}

// publicNAT names an available public NAT gateway in the VPC, or a
// placeholder, for fixes.
func (n *Network) publicNAT(vpc string) string {
	for _, g := range n.w.NATGateways.All() {
		if g.ConnectivityType == "private" || (g.State != "available" && g.State != "") {
			continue
		}
		v := g.VpcId
		if v == "" {
			if s := n.w.Subnets.Get(g.SubnetId); s != nil {
				v = s.VpcId
			}
		}
		if v == vpc {
			return g.NatGatewayId
		}
	}
	return "NAT_ID"
}

func (n *Network) natRouteCmd(src *source, rt *world.RouteTable, replace bool) string {
	verb := "create-route"
	if replace {
		verb = "replace-route"
	}
	return fmt.Sprintf("aws ec2 %s --route-table-id %s --destination-cidr-block 0.0.0.0/0 --nat-gateway-id %s", verb, rt.RouteTableId, n.publicNAT(src.vpcID))
}

// noRouteFix proposes the two ways out of a subnet without a default route:
// a NAT gateway, or (for AWS services) the VPC endpoint.
func (n *Network) noRouteFix(src *source, rt *world.RouteTable, to Target) string {
	nat := "add a route 0.0.0.0/0 → a public NAT gateway: " + n.natRouteCmd(src, rt, false)
	switch {
	case to.Service == "":
		return nat + " (" + hostOr(to) + " has no VPC endpoint: " + internetOnlyReason(hostOr(to)) + ")"
	case n.w.Region != "" && to.Region != "" && to.Region != n.w.Region:
		// ECR-UG "Amazon ECR interface VPC endpoints (AWS PrivateLink)": VPC
		// endpoints don't support cross-Region requests, so no endpoint in
		// this VPC can serve another region's service.
		return nat + " (" + to.Service + " in " + to.Region + " cannot be served by an endpoint in " + n.w.Region + ")"
	case to.Service == "s3":
		return nat + ", or create the S3 gateway endpoint: " + n.createGatewayCmd(src, to.Region, rt.RouteTableId)
	}
	return nat + ", or create the interface endpoint: " + n.createInterfaceCmd(src, to)
}

func (n *Network) createGatewayCmd(src *source, region, rtb string) string {
	if rtb == "" {
		if rt, _ := n.routeTable(src.subnet.SubnetId, src.vpcID); rt != nil {
			rtb = rt.RouteTableId
		} else {
			rtb = "RTB_OF_" + src.subnet.SubnetId
		}
	}
	return fmt.Sprintf("aws ec2 create-vpc-endpoint --vpc-endpoint-type Gateway --service-name %s --vpc-id %s --route-table-ids %s",
		EndpointServiceName("s3", region, n.partitionFor(region)), src.vpcID, rtb)
}

func (n *Network) createInterfaceCmd(src *source, to Target) string {
	// Reuse the security group of the VPC's other interface endpoints when
	// there is one: it usually already admits 443 from the tasks.
	sg := ""
	for _, e := range n.endpoints[src.vpcID] {
		if e.ep.VpcEndpointType == "Interface" && len(e.ep.Groups) > 0 {
			sg = e.ep.Groups[0].GroupId
			break
		}
	}
	note := ""
	if sg == "" {
		sg = "SG_ENDPOINT"
		note = " (SG_ENDPOINT must admit TCP 443 from " + firstOr(src.sgIDs, "the task security group") + ")"
	}
	return fmt.Sprintf("aws ec2 create-vpc-endpoint --vpc-endpoint-type Interface --service-name %s --vpc-id %s --subnet-ids %s --security-group-ids %s --private-dns-enabled%s",
		EndpointServiceName(to.Service, to.Region, n.partitionFor(to.Region)), src.vpcID, src.subnet.SubnetId, sg, note)
}

func (n *Network) partitionFor(region string) string {
	if region == n.w.Region && n.w.Partition != "" {
		return n.w.Partition
	}
	return Partition(region)
}
