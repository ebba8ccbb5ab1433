package netpath

import (
	"fmt"
	"strings"

	"github.com/ecs-preflight/ecs-preflight/world"
)

// A central endpoint VPC shares interface endpoints with other VPCs: the
// endpoints are created without private DNS, and a Route 53 private hosted
// zone named after the service (api.ecr.REGION.amazonaws.com, ...) with an
// alias record to the endpoint's DNS name is associated with each VPC that
// uses them, over VPC peering or a transit gateway (AWS whitepaper "Building
// a Scalable and Secure Multi-VPC AWS Network Infrastructure", "Centralized
// access to VPC private endpoints").

// dnsName normalises a DNS name: lower case, no trailing dot.
func dnsName(s string) string { return strings.TrimSuffix(strings.ToLower(strings.TrimSpace(s)), ".") }

// zoneFor returns the private hosted zone associated with the VPC whose
// name covers host most specifically, or nil. Route 53 DG "Considerations
// when working with a private hosted zone", "Private hosted zones that have
// overlapping namespaces": Resolver chooses the zone with the most specific
// match.
func (n *Network) zoneFor(vpc, host string) *world.HostedZone {
	host = dnsName(host)
	var best *world.HostedZone
	for _, z := range n.zones[vpc] {
		name := dnsName(z.Name)
		if name == "" || !labelsCover(host, name) {
			continue
		}
		if best == nil || len(name) > len(dnsName(best.Name)) {
			best = z
		}
	}
	return best
}

// labelsCover reports whether a zone name covers host: host is the name or
// below it. A host whose region is unknown (its label is the stand-in
// unknownRegion) may be in any region, so that label matches any.
func labelsCover(host, name string) bool {
	h, z := strings.Split(host, "."), strings.Split(name, ".")
	if len(z) > len(h) {
		return false
	}
	h = h[len(h)-len(z):]
	for i := range z {
		if h[i] != z[i] && h[i] != unknownRegion {
			return false
		}
	}
	return true
}

// recordFor finds the record that answers an IPv4 query for host in a
// zone: a record of the exact name (A, or CNAME), else the most specific
// wildcard "*.parent" above it. Route 53 DG "Supported DNS record types"
// and "How DNS works in a private hosted zone" [wildcard precedence follows
// RFC 4592: a name that exists is never answered by a wildcard]. ok is
// false when no record answers: the name does not exist (NXDOMAIN) or has
// no address record.
func recordFor(z *world.HostedZone, host string) (rec *world.ResourceRecordSet, ok bool) {
	host = dnsName(host)
	find := func(name string) (*world.ResourceRecordSet, bool) {
		exists := false
		for i := range z.Records {
			r := &z.Records[i]
			if dnsName(unescapeWildcard(r.Name)) != name {
				continue
			}
			exists = true
			if t := strings.ToUpper(r.Type); t == "A" || t == "CNAME" {
				return r, true
			}
		}
		return nil, exists
	}
	if r, exists := find(host); r != nil || exists {
		return r, r != nil
	}
	zone := dnsName(z.Name)
	for name := host; name != zone && strings.Contains(name, "."); {
		_, parent, _ := strings.Cut(name, ".")
		if r, _ := find("*." + parent); r != nil {
			return r, true
		}
		name = parent
	}
	return nil, false
}

// unescapeWildcard turns the "\052" that ListResourceRecordSets returns for
// an asterisk back into "*" (Route 53 DG "DNS domain name format").
func unescapeWildcard(s string) string { return strings.ReplaceAll(s, `\052`, "*") }

// endpointIDOfDNSName reads the endpoint id from an interface endpoint's
// DNS name. PrivateLink guide "Access an AWS service using an interface VPC
// endpoint", DNS names: regional "vpce-1234567890abcdef0-12345678.ec2.us-east-1.vpce.amazonaws.com",
// zonal "vpce-1234567890abcdef0-12345678-us-east-1a.ec2...". ok is false
// for another name.
func endpointIDOfDNSName(name string) (string, bool) {
	name = dnsName(name)
	if !strings.Contains(name, ".vpce.") {
		return "", false
	}
	label, _, _ := strings.Cut(name, ".")
	rest, found := strings.CutPrefix(label, "vpce-")
	if !found {
		return "", false
	}
	id, _, _ := strings.Cut(rest, "-")
	if id == "" {
		return "", false
	}
	return "vpce-" + id, true
}

// localPrivateDNS reports whether the VPC's own interface endpoint for the
// service answers instead of a private hosted zone: its private DNS name is
// the service's name, so a customer zone for that name cannot be
// associated beside it, and a wider zone loses to it (Route 53 DG,
// overlapping namespaces: the most specific zone answers).
func (n *Network) localPrivateDNS(vpc, service string) bool {
	for _, e := range n.endpointsFor(vpc, service) {
		if e.ep.VpcEndpointType != "Gateway" && (e.ep.PrivateDnsEnabled == nil || *e.ep.PrivateDnsEnabled) {
			return true
		}
	}
	return false
}

// zoneUse is whether the VPC's private hosted zones answer its queries.
type zoneUse int

const (
	zoneUsed   zoneUse = iota // both DNS attributes are true
	zoneUnused                // enableDnsSupport is false: nothing answers (checkResolver)
	zoneMaybe                 // an attribute is false or not in the input
)

// zoneInUse reads the VPC settings private hosted zones need. Route 53 DG
// "Considerations when working with a private hosted zone", "Amazon VPC
// settings": enableDnsHostnames and enableDnsSupport must be true. With
// enableDnsSupport false the Amazon DNS server does not answer at all, and
// checkResolver decides.
func zoneInUse(vpc *world.VPC) zoneUse {
	isTrue := func(b *bool) bool { return b != nil && *b }
	switch {
	case vpc == nil:
		return zoneMaybe
	case vpc.EnableDnsSupport != nil && !*vpc.EnableDnsSupport:
		return zoneUnused
	case isTrue(vpc.EnableDnsSupport) && isTrue(vpc.EnableDnsHostnames):
		return zoneUsed
	}
	return zoneMaybe
}

// viaZone answers when a private hosted zone associated with the task's
// VPC covers the host and answers its queries.
func (n *Network) viaZone(src *source, z *world.HostedZone, to Target, port int, p *path) {
	host := hostOr(to)
	if world.IsUnresolved(host) {
		// Which name is asked, and so which record answers, depends on the
		// region.
		p.miss(n.regionMissing(to) + "; private hosted zone " + z.Id + " (" + dnsName(z.Name) + ") of " + src.vpcID + " may answer for it")
		return
	}
	p.hop("%s resolves in private hosted zone %s (%s), associated with %s", host, z.Id, dnsName(z.Name), src.vpcID)
	if to.Service != "" && !n.w.VPCEndpoints.Known {
		// An unlisted endpoint of the task's VPC with private DNS would own
		// the name instead (localPrivateDNS).
		p.miss("ec2:DescribeVpcEndpoints (endpoints for " + to.Service + " in " + src.vpcID + ")")
	}
	if !z.RecordsKnown {
		p.miss("route53:ListResourceRecordSets (" + z.Id + ", the record for " + host + ")")
		return
	}
	rec, ok := recordFor(z, host)
	if !ok {
		// Route 53 DG, "Public and private hosted zones that have
		// overlapping namespaces": with a matching private zone but no
		// matching record, Resolver returns NXDOMAIN and does not forward
		// the query to public DNS.
		p.block(Block{
			Kind:     BlockDNS,
			Resource: z.Id,
			Detail:   fmt.Sprintf("private hosted zone %s (%s), associated with %s, has no A record for %s: Route 53 Resolver answers NXDOMAIN and does not ask public DNS", z.Id, dnsName(z.Name), src.vpcID, host),
			Fix:      fmt.Sprintf("add an alias A record for %s to the interface endpoint's DNS name in %s (aws route53 change-resource-record-sets --hosted-zone-id %s), or disassociate the zone from %s", host, z.Id, z.Id, src.vpcID),
		})
		return
	}
	target := ""
	switch {
	case rec.AliasTarget != nil:
		target = rec.AliasTarget.DNSName
	case strings.EqualFold(rec.Type, "CNAME") && len(rec.Values) > 0:
		target = rec.Values[0]
	default:
		p.miss(fmt.Sprintf("what answers at %s (the A record %s in %s): the input ties no endpoint or instance to those addresses", joinIDs(rec.Values), dnsName(rec.Name), z.Id))
		return
	}
	p.hop("%s %s → %s", dnsName(unescapeWildcard(rec.Name)), strings.ToUpper(rec.Type), dnsName(target))
	id, isEndpoint := endpointIDOfDNSName(target)
	if rec.AliasTarget != nil && rec.AliasTarget.VpcEndpointId != "" {
		// A source that knows which endpoint the alias names (a plan's
		// reference) says so, when the DNS name exists only after apply.
		id, isEndpoint = rec.AliasTarget.VpcEndpointId, true
	}
	if !isEndpoint {
		p.miss(fmt.Sprintf("where %s leads (the target of %s in private hosted zone %s)", dnsName(target), dnsName(rec.Name), z.Id))
		return
	}
	e := n.epByID[id]
	if e == nil {
		// The central endpoint is often in another account, so a complete
		// listing of this account does not show it is gone.
		p.miss("ec2:DescribeVpcEndpoints (" + id + ", the endpoint that " + z.Id + " sends " + host + " to; it may be in another account or VPC)")
		return
	}
	n.zoneEndpoint(src, e, z, to, port, p)
}

// forkZone answers when it is not known that the VPC's private hosted
// zones answer: a DNS attribute is not in the input, or enableDnsHostnames
// is false, which Route 53 DG "Considerations when working with a private
// hosted zone" ("Amazon VPC settings") forbids without saying what the
// Resolver answers then. Both the zone's answer and the answer without the
// zone are evaluated, and one they agree on stands.
func (n *Network) forkZone(src *source, z *world.HostedZone, to Target, port int, p *path) Result {
	host := hostOr(to)
	a := &path{}
	n.viaZone(src, z, to, port, a)
	b := &path{}
	n.reachHost(src, to, port, b)
	why := "whether private hosted zone " + z.Id + " answers for " + host + ": it needs enableDnsSupport and enableDnsHostnames true on " + src.vpcID
	switch {
	case src.vpc == nil:
	case src.vpc.EnableDnsHostnames == nil:
		why = "ec2:DescribeVpcAttribute enableDnsHostnames for " + src.vpcID + " (private hosted zone " + z.Id + " answers for " + host + " only when it is true)"
	case !*src.vpc.EnableDnsHostnames:
		why = "whether private hosted zone " + z.Id + " answers for " + host + " while enableDnsHostnames is false on " + src.vpcID
		p.warn("private hosted zone %s (%s) is associated with %s, which has enableDnsHostnames false; Route 53 DG \"Considerations when working with a private hosted zone\" requires it true to use private hosted zones: %s", z.Id, dnsName(z.Name), src.vpcID, dnsAttrFix(src.vpcID, "enableDnsHostnames"))
	}
	switch {
	case a.status() == Reachable && b.status() == Reachable, a.status() == Blocked && b.status() == Blocked:
		p.absorb(a)
		p.via, p.endpoint, p.vpc = a.via, a.endpoint, a.vpc
		p.warn("without the zone: %s", b.summary())
	default:
		p.miss(why)
		p.miss(a.missing...)
		p.miss(b.missing...)
		p.warn("through the zone: %s", a.summary())
		p.warn("without the zone: %s", b.summary())
	}
	return p.result()
}

// zoneEndpoint checks the endpoint a private zone's record points at: it
// must serve the host's service in its region and be available, and the
// path to its ENIs must be open.
func (n *Network) zoneEndpoint(src *source, e *endpoint, z *world.HostedZone, to Target, port int, p *path) {
	ep := e.ep
	host := hostOr(to)
	if to.Service != "" && e.service != "" && (e.service != to.Service || to.Region != "" && e.region != "" && e.region != to.Region) {
		p.block(Block{
			Kind:     BlockDNS,
			Resource: z.Id,
			Detail:   fmt.Sprintf("private hosted zone %s sends %s to %s, an endpoint for %s, not for %s in %s", z.Id, host, ep.VpcEndpointId, ep.ServiceName, to.Service, to.Region),
			Fix:      fmt.Sprintf("point the record for %s in %s at the DNS name of an interface endpoint for %s", host, z.Id, EndpointServiceName(to.Service, to.Region, n.partitionFor(to.Region))),
		})
	}
	switch ep.State {
	case "available":
	case "":
		p.assume("%s state is not in the input; assumed available once created", ep.VpcEndpointId)
	default:
		p.block(Block{
			Kind:     BlockDNS,
			Resource: ep.VpcEndpointId,
			Detail:   fmt.Sprintf("%s, which private hosted zone %s sends %s to, is %q, not available", ep.VpcEndpointId, z.Id, host, ep.State),
			Fix:      "recreate the endpoint or wait until it is available: aws ec2 describe-vpc-endpoints --vpc-endpoint-ids " + ep.VpcEndpointId,
		})
	}
	n.viaInterface(src, e, port, p)
}

// crossVPCRoute checks the routes between the task's subnet and an
// endpoint subnet in another VPC: the task's route table must send the
// endpoint subnet's addresses to a VPC peering connection or transit
// gateway, and the endpoint subnet's table must send the task's subnet
// back the same way. VPC peering guide "Update your route tables for a VPC
// peering connection": both VPCs need a route to the other's CIDR through
// the peering connection; an active route to a peering connection means it
// is active (a deleted or rejected one leaves the route a blackhole). What
// a transit gateway's own route tables do is not in the input.
func (n *Network) crossVPCRoute(src *source, es *world.Subnet, esCIDR ipSet, p *path) {
	rt, miss := n.routeTable(src.subnet.SubnetId, src.vpcID)
	if rt == nil {
		p.miss(miss)
		return
	}
	there, ans := n.routeTo(rt, esCIDR, es.SubnetId+" "+es.CidrBlock, p)
	if ans != routeFound {
		if ans == routeNone {
			p.block(Block{
				Kind:     BlockRoute,
				Resource: rt.RouteTableId,
				Detail:   fmt.Sprintf("%s (route table of %s) has no route to %s (%s in %s, where the endpoint's ENIs are)", rt.RouteTableId, src.subnet.SubnetId, es.CidrBlock, es.SubnetId, es.VpcId),
				Fix:      fmt.Sprintf("route %s to the peering connection or transit gateway that joins %s and %s: aws ec2 create-route --route-table-id %s --destination-cidr-block %s --vpc-peering-connection-id PCX_ID (or --transit-gateway-id TGW_ID)", es.CidrBlock, src.vpcID, es.VpcId, rt.RouteTableId, es.CidrBlock),
			})
		}
		return
	}
	target := routeTarget(there)
	p.hop("%s → %s (%s → %s)", src.subnet.SubnetId, rt.RouteTableId, es.CidrBlock, target)
	if !n.crossTarget(rt, there, es.CidrBlock, src.vpcID, es.VpcId, p) {
		return
	}
	ert, miss := n.routeTable(es.SubnetId, es.VpcId)
	if ert == nil {
		p.miss(miss)
		return
	}
	back, ans := n.routeTo(ert, src.cidr, src.subnet.SubnetId+" "+src.subnet.CidrBlock, p)
	if ans != routeFound {
		if ans == routeNone {
			p.block(Block{
				Kind:     BlockRoute,
				Resource: ert.RouteTableId,
				Detail:   fmt.Sprintf("%s (route table of %s, the endpoint's subnet) has no route back to %s (%s): replies from the endpoint are dropped", ert.RouteTableId, es.SubnetId, src.subnet.CidrBlock, src.subnet.SubnetId),
				Fix:      fmt.Sprintf("aws ec2 create-route --route-table-id %s --destination-cidr-block %s --%s %s", ert.RouteTableId, src.subnet.CidrBlock, targetFlag(there), target),
			})
		}
		return
	}
	p.hop("%s → %s (%s → %s)", es.SubnetId, ert.RouteTableId, src.subnet.CidrBlock, routeTarget(back))
	if there.VpcPeeringConnectionId != "" && back.VpcPeeringConnectionId != there.VpcPeeringConnectionId && back.State != "blackhole" {
		// VPC peering guide "VPC peering limitations": two VPCs have at
		// most one peering connection between them, so a reply sent
		// elsewhere does not reach the task.
		p.block(Block{
			Kind:     BlockRoute,
			Resource: ert.RouteTableId,
			Detail:   fmt.Sprintf("%s sends replies for %s to %s, not to %s, the peering connection the task's traffic arrives on", ert.RouteTableId, src.subnet.CidrBlock, routeTarget(back), there.VpcPeeringConnectionId),
			Fix:      fmt.Sprintf("aws ec2 replace-route --route-table-id %s --destination-cidr-block %s --vpc-peering-connection-id %s", ert.RouteTableId, src.subnet.CidrBlock, there.VpcPeeringConnectionId),
		})
		return
	}
	n.crossTarget(ert, back, src.subnet.CidrBlock, es.VpcId, src.vpcID, p)
}

// crossTarget judges one direction's route to another VPC. It reports
// whether the route leads there as far as the input shows.
func (n *Network) crossTarget(rt *world.RouteTable, r *world.Route, dest, fromVPC, toVPC string, p *path) bool {
	target := routeTarget(r)
	switch {
	case r.State == "blackhole":
		p.block(Block{
			Kind:     BlockRoute,
			Resource: rt.RouteTableId,
			Detail:   fmt.Sprintf("the route of %s for %s to %s is a blackhole (the peering connection or attachment is gone or not active)", rt.RouteTableId, dest, target),
			Fix:      fmt.Sprintf("accept or recreate the connection between %s and %s and point %s at it: aws ec2 replace-route --route-table-id %s --destination-cidr-block %s ...", fromVPC, toVPC, dest, rt.RouteTableId, dest),
		})
		return false
	case r.VpcPeeringConnectionId != "":
		if r.State == "" {
			p.assume("%s is not in the input with a state; assumed active once created", r.VpcPeeringConnectionId)
		}
		return true
	case r.TransitGatewayId != "":
		p.miss(fmt.Sprintf("transit gateway %s route tables: whether they carry %s from %s to %s (ec2:SearchTransitGatewayRoutes; not in the input)", r.TransitGatewayId, dest, fromVPC, toVPC))
		return true
	case r.GatewayId == "local":
		p.block(Block{
			Kind:     BlockRoute,
			Resource: rt.RouteTableId,
			Detail:   fmt.Sprintf("%s keeps %s inside %s (local route): the CIDRs of %s and %s overlap, and overlapping VPCs cannot be peered", rt.RouteTableId, dest, fromVPC, fromVPC, toVPC),
			Fix:      "move the endpoint or the task into subnets whose CIDRs do not overlap the other VPC's (VPC peering guide \"VPC peering limitations\")",
		})
		return false
	case strings.HasPrefix(r.GatewayId, "igw-"):
		p.block(Block{
			Kind:     BlockRoute,
			Resource: rt.RouteTableId,
			Detail:   fmt.Sprintf("%s sends %s (private addresses in %s) to internet gateway %s, which does not carry them", rt.RouteTableId, dest, toVPC, r.GatewayId),
			Fix:      fmt.Sprintf("aws ec2 replace-route --route-table-id %s --destination-cidr-block %s --vpc-peering-connection-id PCX_ID", rt.RouteTableId, dest),
		})
		return false
	}
	p.miss("where " + target + " carries " + dest + " (route target type not modelled for traffic to " + toVPC + ")")
	return true
}

func targetFlag(r *world.Route) string {
	if r.TransitGatewayId != "" {
		return "transit-gateway-id"
	}
	return "vpc-peering-connection-id"
}

// routeAnswer is what routeTo found.
type routeAnswer int

const (
	routeFound     routeAnswer = iota // one route carries all of dest
	routeNone                         // no route covers dest
	routeUndecided                    // the input cannot say; the fact is named as missing
)

// routeTo finds the route a route table uses for every address of dest.
// VPC-UG "Route priority": the most specific route that covers an address
// wins. When several routes split dest, the endpoint's address decides,
// which the input lacks; a prefix-list route whose entries are not in the
// input may cover dest.
func (n *Network) routeTo(rt *world.RouteTable, dest ipSet, destText string, p *path) (*world.Route, routeAnswer) {
	type cand struct {
		r    *world.Route
		set  ipSet
		size uint64
	}
	var cands []cand
	var plMiss []string
	for i := range rt.Routes {
		x := &rt.Routes[i]
		var cidrs []string
		switch {
		case x.DestinationCidrBlock != "":
			cidrs = []string{x.DestinationCidrBlock}
		case x.DestinationPrefixListId != "" && !strings.HasPrefix(x.GatewayId, "vpce-"):
			pl := n.prefixes[x.DestinationPrefixListId]
			if pl == nil || !pl.CidrsKnown {
				plMiss = append(plMiss, "ec2:GetManagedPrefixListEntries ("+x.DestinationPrefixListId+", a destination of "+rt.RouteTableId+")")
				continue
			}
			cidrs = pl.Cidrs
		}
		for _, c := range cidrs {
			s, good := cidrSet(c)
			if !good || !s.overlaps(dest) {
				continue
			}
			cands = append(cands, cand{x, s, uint64(s[0].hi) - uint64(s[0].lo)})
		}
	}
	var best *cand
	for i := range cands {
		c := &cands[i]
		if c.set.covers(dest) && (best == nil || c.size < best.size) {
			best = c
		}
	}
	for _, c := range cands {
		if best == nil || c.size < best.size && routeTarget(c.r) != routeTarget(best.r) {
			p.miss(fmt.Sprintf("which address of %s the endpoint ENI has: %s routes parts of it differently", destText, rt.RouteTableId))
			p.miss(plMiss...)
			return c.r, routeUndecided
		}
	}
	if len(plMiss) > 0 {
		// A prefix list the input does not show may hold a more specific
		// route for dest.
		p.miss(plMiss...)
		return nil, routeUndecided
	}
	if best == nil {
		return nil, routeNone
	}
	return best.r, routeFound
}
