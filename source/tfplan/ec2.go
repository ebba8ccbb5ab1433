package tfplan

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/ecs-preflight/ecs-preflight/world"
)

// id returns the instance's id after apply: known, or its stand-in.
func (r *reader) id(in *inst) string {
	v, _, _ := r.str(in, nil, "id")
	return v
}

func (r *reader) each(types ...string) []*inst {
	var out []*inst
	for _, in := range r.insts {
		if slices.Contains(types, in.typ) {
			out = append(out, in)
		}
	}
	return out
}

// boolDefault reads a bool attribute; a created resource whose value is
// unknown and not configured takes the provider default.
func (r *reader) boolDefault(in *inst, attr string, def bool) *bool {
	if b, ok := in.boolAttr(attr); ok {
		return &b
	}
	if in.created && !r.configured(in, attr) {
		return &def
	}
	return nil
}

func (r *reader) buildVPCs() {
	for _, in := range r.each("aws_vpc") {
		id := r.id(in)
		if world.IsUnresolved(id) {
			r.skip(in, id)
			continue
		}
		v := &world.VPC{VpcId: id, CidrBlock: in.str("cidr_block"), Origin: r.origin(in)}
		// AWS provider docs "aws_vpc": enable_dns_support "Defaults true",
		// enable_dns_hostnames "Defaults false".
		v.EnableDnsSupport = r.boolDefault(in, "enable_dns_support", true)
		v.EnableDnsHostnames = r.boolDefault(in, "enable_dns_hostnames", false)
		if d, ok := in.boolAttr("default"); ok {
			v.IsDefault = d
		}
		v.DhcpOptionsId = in.str("dhcp_options_id")
		if in.created && !in.data {
			// A VPC this plan creates has only what the plan puts in it.
			v.Described = true
			r.newVPCs = append(r.newVPCs, in)
		}
		r.w.VPCs.Put(id, v)
	}
	for _, in := range r.each("aws_vpc_dhcp_options_association") {
		// AWS provider docs "aws_vpc_dhcp_options_association": the VPC
		// uses the options set named, or "default" for the default one. An
		// options set the plan cannot resolve stays a stand-in, so the DNS
		// servers the VPC uses are unknown rather than the default.
		vpc, ok1, _ := r.str(in, []string{"aws_vpc"}, "vpc_id")
		opts, _, _ := r.str(in, []string{"aws_vpc_dhcp_options"}, "dhcp_options_id")
		if v := r.w.VPCs.Get(vpc); v != nil && ok1 {
			v.DhcpOptionsId = opts
		}
	}
	for _, in := range r.each("aws_vpc_dhcp_options") {
		id := r.id(in)
		if world.IsUnresolved(id) {
			r.skip(in, id)
			continue
		}
		d := &world.DHCPOptions{DhcpOptionsId: id, Origin: r.origin(in)}
		// Servers known only after apply stay as a stand-in: which
		// resolver the VPC uses is then unknown.
		d.DomainNameServers, _, _ = r.list(in, nil, "domain_name_servers")
		r.w.DHCPOptions.Put(id, d)
	}
	for _, in := range r.each("aws_subnet") {
		id := r.id(in)
		if world.IsUnresolved(id) {
			r.skip(in, id)
			continue
		}
		vpc, _, _ := r.str(in, []string{"aws_vpc"}, "vpc_id")
		s := &world.Subnet{SubnetId: id, VpcId: vpc, CidrBlock: in.str("cidr_block"),
			AvailabilityZone: in.str("availability_zone"), AvailabilityZoneId: in.str("availability_zone_id"), Origin: r.origin(in)}
		if b, ok := in.boolAttr("map_public_ip_on_launch"); ok {
			s.MapPublicIpOnLaunch = b
		}
		if b, ok := in.boolAttr("ipv6_native"); ok {
			s.Ipv6Native = b
		}
		if c := in.str("ipv6_cidr_block"); c != "" {
			s.Ipv6CidrBlockAssociationSet = []world.Ipv6CidrAssociation{{Ipv6CidrBlock: c}}
		}
		r.w.Subnets.Put(id, s)
	}
}

// routeTargets maps the aws provider's route attributes to the EC2 API's.
var routeTargets = []struct {
	attr  string
	types []string
	set   func(*world.Route, string)
}{
	{"gateway_id", []string{"aws_internet_gateway", "aws_vpn_gateway"}, func(rt *world.Route, v string) { rt.GatewayId = v }},
	{"nat_gateway_id", []string{"aws_nat_gateway"}, func(rt *world.Route, v string) { rt.NatGatewayId = v }},
	{"vpc_endpoint_id", []string{"aws_vpc_endpoint"}, func(rt *world.Route, v string) { rt.GatewayId = v }},
	{"transit_gateway_id", []string{"aws_ec2_transit_gateway"}, func(rt *world.Route, v string) { rt.TransitGatewayId = v }},
	{"vpc_peering_connection_id", []string{"aws_vpc_peering_connection"}, func(rt *world.Route, v string) { rt.VpcPeeringConnectionId = v }},
	{"egress_only_gateway_id", []string{"aws_egress_only_internet_gateway"}, func(rt *world.Route, v string) { rt.EgressOnlyInternetGatewayId = v }},
	{"network_interface_id", []string{"aws_network_interface"}, func(rt *world.Route, v string) { rt.NetworkInterfaceId = v }},
	{"instance_id", []string{"aws_instance"}, func(rt *world.Route, v string) { rt.InstanceId = v }},
	{"local_gateway_id", nil, func(rt *world.Route, v string) { rt.LocalGatewayId = v }},
	{"carrier_gateway_id", nil, func(rt *world.Route, v string) { rt.CarrierGatewayId = v }},
	{"core_network_arn", nil, func(rt *world.Route, v string) { rt.CoreNetworkArn = v }},
}

// blockValue reads attribute attr of element i of the set-or-list block
// name: the known value, else the configuration block whose constant
// attributes (match) equal the element's, resolved. A block the provider
// declares in attribute mode (the route of aws_route_table, the ingress and
// egress of aws_security_group in provider v5) has no nested blocks in the
// plan's configuration, only the references of the whole list: the value
// is then taken from them when a single element has attr unknown and the
// references of types name a single value.
func (r *reader) blockValue(in *inst, name string, i int, attr string, types []string, match []string) ([]string, bool, string) {
	if v, ok := in.get(name, i, attr); ok && !hasUnknown(r.unknownAt(in, name, i, attr)) {
		return strings1(v), true, ""
	}
	what := in.addr + "." + name + "[" + strconv.Itoa(i) + "]." + attr + " (known only after apply)"
	e := r.expr(in, name)
	if e == nil {
		return nil, false, what
	}
	if len(e.NestedBlocks) == 0 {
		return r.attrModeValue(in, e, name, attr, types, what)
	}
	for _, blk := range e.NestedBlocks {
		if !blockMatches(in, name, i, blk, match) {
			continue
		}
		if be := blk[attr]; be != nil && be.ExpressionData != nil {
			return r.fromExpr(in, be, types, what)
		}
	}
	return nil, false, what + ": no configuration block matches it"
}

// attrModeValue resolves attr of the one element of block list name whose
// attr is unknown, from the references of the list's expression e.
func (r *reader) attrModeValue(in *inst, e *tfjson.Expression, name, attr string, types []string, what string) ([]string, bool, string) {
	n, _ := in.blocks(name)
	unknown := 0
	for j := 0; j < n; j++ {
		if hasUnknown(r.unknownAt(in, name, j, attr)) {
			unknown++
		}
	}
	if unknown != 1 || len(types) == 0 {
		return nil, false, what + ": the configuration gives " + name + " as one expression, and " + strconv.Itoa(unknown) + " of its elements have " + attr + " unknown"
	}
	res := r.resolveExpr(in.scope, in.module, in.index, e, len(r.linking))
	var vals, whys []string
	for _, l := range res.links {
		if !slices.Contains(types, l.in.typ) {
			continue
		}
		sub, ok, why := r.strs(l.in, nil, cmp.Or(l.attr, "id"))
		if !ok {
			whys = append(whys, why)
		}
		vals = append(vals, sub...)
	}
	slices.Sort(vals)
	vals = slices.Compact(vals)
	if len(whys) > 0 || len(vals) != 1 {
		return nil, false, what + ": " + cmp.Or(strings.Join(whys, "; "), "the references of "+name+" do not name a single "+strings.Join(types, " or "))
	}
	return vals, true, ""
}

func blockMatches(in *inst, name string, i int, blk map[string]*tfjson.Expression, match []string) bool {
	for _, m := range match {
		v, _ := in.get(name, i, m)
		e := blk[m]
		var c any
		if e != nil && e.ExpressionData != nil {
			c = e.ConstantValue
		}
		if !sameValue(v, c) {
			return false
		}
	}
	return true
}

// sameValue compares a planned value with a configuration constant; an
// absent constant matches the empty value the provider plans for it.
func sameValue(v, c any) bool {
	empty := func(x any) bool {
		switch y := x.(type) {
		case nil:
			return true
		case string:
			return y == ""
		case []any:
			return len(y) == 0
		case bool:
			return !y
		}
		return false
	}
	if empty(v) && empty(c) {
		return true
	}
	switch x := v.(type) {
	case []any:
		y, ok := c.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !sameValue(x[i], y[i]) {
				return false
			}
		}
		return true
	}
	return v == c
}

var routeDest = []string{"cidr_block", "ipv6_cidr_block", "destination_prefix_list_id"}

// aRouteDest names the destination attributes of aws_route after those of
// a route block.
var aRouteDest = map[string]string{"cidr_block": "destination_cidr_block", "ipv6_cidr_block": "destination_ipv6_cidr_block", "destination_prefix_list_id": "destination_prefix_list_id"}

func (r *reader) buildRouteTables() {
	for _, in := range r.each("aws_route_table", "aws_default_route_table") {
		id := r.id(in)
		if world.IsUnresolved(id) {
			r.skip(in, id)
			continue
		}
		rt := &world.RouteTable{RouteTableId: id, Origin: r.origin(in)}
		if in.data {
			// data.aws_route_table exports its associations.
			na, _ := in.blocks("associations")
			for i := 0; i < na; i++ {
				main, _ := in.boolAttr("associations", i, "main")
				rt.Associations = append(rt.Associations, world.RouteTableAssociation{Main: main,
					SubnetId: in.str("associations", i, "subnet_id"), GatewayId: in.str("associations", i, "gateway_id")})
			}
		}
		if in.typ == "aws_default_route_table" {
			// The default route table is the VPC's main route table (VPC-UG
			// "Main route table").
			rt.Associations = append(rt.Associations, world.RouteTableAssociation{Main: true})
			rt.VpcId = r.vpcOfDefault(in, "default_route_table_id")
		} else {
			rt.VpcId, _, _ = r.str(in, []string{"aws_vpc"}, "vpc_id")
		}
		n, known := in.blocks("route")
		switch {
		case !known && (in.created || in.typ == "aws_default_route_table") && !r.configured(in, "route"):
			// AWS provider docs "aws_route_table": route is computed when not
			// configured; routes then come from aws_route resources.
		case !known:
			r.skip(in, "route (known only after apply)")
			continue
		}
		ok := true
		for i := 0; i < n && ok; i++ {
			route := world.Route{State: "active", Origin: r.origin(in)}
			for _, d := range routeDest {
				if !in.known("route", i, d) {
					// Which traffic the route takes is unknown: every
					// route of the table may be the one that matches.
					r.skip(in, in.addr+".route["+strconv.Itoa(i)+"]."+d+" (known only after apply)")
					ok = false
				}
			}
			route.DestinationCidrBlock = in.str("route", i, "cidr_block")
			route.DestinationIpv6CidrBlock = in.str("route", i, "ipv6_cidr_block")
			route.DestinationPrefixListId = in.str("route", i, "destination_prefix_list_id")
			for _, t := range routeTargets {
				vals, vok, why := r.blockValue(in, "route", i, t.attr, t.types, routeDest)
				switch {
				case !vok:
					// Only this route's target is unknown; the stand-in
					// makes every path through it unknown and leaves the
					// table's other routes decisive.
					t.set(&route, world.Unresolved(why))
				case len(vals) == 1 && vals[0] != "":
					t.set(&route, vals[0])
				}
			}
			rt.Routes = append(rt.Routes, route)
		}
		if ok {
			r.w.RouteTables.Put(id, rt)
		}
	}
	for _, in := range r.each("aws_route") {
		tbl, ok, _ := r.str(in, []string{"aws_route_table", "aws_default_route_table"}, "route_table_id")
		rt := r.w.RouteTables.Get(tbl)
		if !ok || rt == nil {
			continue
		}
		route := world.Route{State: "active", Origin: r.origin(in),
			DestinationCidrBlock:     in.str("destination_cidr_block"),
			DestinationIpv6CidrBlock: in.str("destination_ipv6_cidr_block"),
			DestinationPrefixListId:  in.str("destination_prefix_list_id")}
		if d := slices.IndexFunc(routeDest, func(d string) bool { return !in.known(aRouteDest[d]) }); d >= 0 {
			// The traffic the route takes is unknown, so is every
			// decision of the table.
			r.skip(in, in.addr+"."+aRouteDest[routeDest[d]]+" (known only after apply)")
			r.w.RouteTables = withoutKey(r.w.RouteTables, tbl)
			continue
		}
		for _, t := range routeTargets {
			if !in.known(t.attr) && !r.configured(in, t.attr) {
				// AWS provider docs "aws_route": instance_id is computed
				// and network_interface_id optional and computed — AWS
				// fills them in for a route to an instance or its
				// interface. Unset in the configuration, they are not
				// this route's target and decide nothing.
				continue
			}
			v, vok, why := r.str(in, t.types, t.attr)
			if !vok {
				// Only this route's target is unknown: the stand-in makes
				// the paths through it unknown and keeps the table.
				r.skip(in, why)
				v = world.Unresolved(why)
			}
			if v != "" {
				t.set(&route, v)
			}
		}
		rt.Routes = append(rt.Routes, route)
	}
	for _, in := range r.each("aws_route_table_association") {
		tbl, ok1, _ := r.str(in, []string{"aws_route_table", "aws_default_route_table"}, "route_table_id")
		sub, ok2, _ := r.str(in, []string{"aws_subnet"}, "subnet_id")
		gw, ok3, _ := r.str(in, []string{"aws_internet_gateway"}, "gateway_id")
		if ok2 && sub != "" {
			r.explicitRT[sub] = true
		}
		if !ok2 {
			r.unboundRT = true
		}
		if rt := r.w.RouteTables.Get(tbl); rt != nil && ok1 && ok2 && ok3 {
			rt.Associations = append(rt.Associations, world.RouteTableAssociation{SubnetId: sub, GatewayId: gw})
		}
	}
	for _, in := range r.each("aws_main_route_table_association") {
		tbl, ok1, _ := r.str(in, []string{"aws_route_table"}, "route_table_id")
		vpc, ok2, _ := r.str(in, []string{"aws_vpc"}, "vpc_id")
		if !ok1 || !ok2 {
			continue
		}
		for _, rt := range r.w.RouteTables.All() {
			if rt.VpcId == vpc {
				rt.Associations = slices.DeleteFunc(rt.Associations, func(a world.RouteTableAssociation) bool { return a.Main })
			}
		}
		if rt := r.w.RouteTables.Get(tbl); rt != nil {
			rt.Associations = append(rt.Associations, world.RouteTableAssociation{Main: true})
		}
	}
}

// vpcOfDefault finds the VPC whose default object (route table, NACL)
// an aws_default_* resource adopts.
func (r *reader) vpcOfDefault(in *inst, attr string) string {
	if v := in.str("vpc_id"); v != "" {
		return v
	}
	if e := r.expr(in, attr); e != nil {
		res := r.resolveExpr(in.scope, in.module, in.index, e, 0)
		for _, l := range res.links {
			if l.in.typ == "aws_vpc" {
				return r.id(l.in)
			}
		}
	}
	return ""
}

// withoutKey returns the set without one key.
func withoutKey[T any](s world.Set[T], key string) world.Set[T] {
	out := world.Set[T]{Known: s.Known, Complete: s.Complete, Source: s.Source}
	for _, k := range orderedKeys(s) {
		if k != key {
			out.Put(k, s.Get(k))
		}
	}
	return out
}

// orderedKeys returns a set's keys in insertion order.
func orderedKeys[T any](s world.Set[T]) []string {
	all := s.All()
	byPtr := map[*T]string{}
	for _, k := range s.Keys() {
		byPtr[s.Get(k)] = k
	}
	out := make([]string, 0, len(all))
	for _, v := range all {
		out = append(out, byPtr[v])
	}
	return out
}

func (r *reader) buildGateways() {
	for _, in := range r.each("aws_internet_gateway") {
		id := r.id(in)
		if world.IsUnresolved(id) {
			r.skip(in, id)
			continue
		}
		g := &world.InternetGateway{InternetGatewayId: id, Origin: r.origin(in)}
		if in.data {
			n, _ := in.blocks("attachments")
			for i := 0; i < n; i++ {
				g.Attachments = append(g.Attachments, world.InternetGatewayAttachment{VpcId: in.str("attachments", i, "vpc_id"), State: in.str("attachments", i, "state")})
			}
		} else if vpc, ok, _ := r.str(in, []string{"aws_vpc"}, "vpc_id"); ok && vpc != "" {
			// VPC-UG "Internet gateways": an attached gateway's state is
			// "available".
			g.Attachments = append(g.Attachments, world.InternetGatewayAttachment{VpcId: vpc, State: "available"})
		}
		r.w.InternetGateways.Put(id, g)
	}
	for _, in := range r.each("aws_internet_gateway_attachment") {
		igw, ok1, _ := r.str(in, []string{"aws_internet_gateway"}, "internet_gateway_id")
		vpc, ok2, _ := r.str(in, []string{"aws_vpc"}, "vpc_id")
		if g := r.w.InternetGateways.Get(igw); g != nil && ok1 && ok2 {
			g.Attachments = append(g.Attachments, world.InternetGatewayAttachment{VpcId: vpc, State: "available"})
		}
	}
	for _, in := range r.each("aws_nat_gateway") {
		id := r.id(in)
		if world.IsUnresolved(id) {
			r.skip(in, id)
			continue
		}
		sub, _, _ := r.str(in, []string{"aws_subnet"}, "subnet_id")
		n := &world.NATGateway{NatGatewayId: id, SubnetId: sub, Origin: r.origin(in),
			// AWS provider docs "aws_nat_gateway": connectivity_type defaults to
			// "public".
			ConnectivityType: cmp.Or(in.str("connectivity_type"), "public")}
		if s := r.w.Subnets.Get(sub); s != nil {
			n.VpcId = s.VpcId
		}
		switch {
		case in.data:
			n.State = in.str("state")
			n.VpcId = cmp.Or(in.str("vpc_id"), n.VpcId)
		case !in.created:
			n.State = "available"
		}
		r.w.NATGateways.Put(id, n)
	}
}

// skip records an instance left out of the world because a fact that
// decides its meaning is known only after apply; lookups of it are then
// unknown rather than wrong.
func (r *reader) skip(in *inst, why string) {
	r.skipped = append(r.skipped, in.addr+": "+why)
}
