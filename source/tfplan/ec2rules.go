package tfplan

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/ecs-preflight/ecs-preflight/world"
)

var sgMatch = []string{"from_port", "to_port", "protocol", "cidr_blocks", "description"}

// sgRules reads the inline ingress or egress blocks of an
// aws_security_group. ok is false when a rule is known only after apply.
func (r *reader) sgRules(in *inst, dir, self string) ([]world.IpPermission, bool) {
	n, known := in.blocks(dir)
	if !known {
		if in.created && !r.configured(in, dir) || in.typ == "aws_default_security_group" && !r.configured(in, dir) {
			// AWS provider docs "aws_security_group": "By default, AWS creates an
			// ALLOW ALL egress rule when creating a new Security Group inside
			// of a VPC. When creating a new Security Group inside a VPC,
			// Terraform will remove this default rule, and require you
			// specifically re-create it if you desire that rule."
			// aws_default_security_group likewise removes every rule it does
			// not declare.
			return nil, true
		}
		r.skip(in, dir+" (known only after apply)")
		return nil, false
	}
	var out []world.IpPermission
	for i := 0; i < n; i++ {
		for _, a := range []string{"protocol", "from_port", "to_port"} {
			if !in.known(dir, i, a) {
				r.skip(in, in.addr+"."+dir+"["+strconv.Itoa(i)+"]."+a+" (known only after apply)")
				return nil, false
			}
		}
		p := world.IpPermission{IpProtocol: in.str(dir, i, "protocol")}
		if v, ok := in.intAttr(dir, i, "from_port"); ok {
			p.FromPort = &v
		}
		if v, ok := in.intAttr(dir, i, "to_port"); ok {
			p.ToPort = &v
		}
		cidrs, ok, why := r.blockValue(in, dir, i, "cidr_blocks", nil, sgMatch[:3])
		if !ok {
			r.skip(in, why)
			return nil, false
		}
		for _, c := range cidrs {
			p.IpRanges = append(p.IpRanges, world.IpRange{CidrIp: c})
		}
		v6, _, _ := r.blockValue(in, dir, i, "ipv6_cidr_blocks", nil, sgMatch[:3])
		for _, c := range v6 {
			p.Ipv6Ranges = append(p.Ipv6Ranges, world.Ipv6Range{CidrIpv6: c})
		}
		pls, ok, why := r.blockValue(in, dir, i, "prefix_list_ids", []string{"aws_ec2_managed_prefix_list"}, sgMatch[:3])
		if !ok {
			r.skip(in, why)
			return nil, false
		}
		for _, pl := range pls {
			p.PrefixListIds = append(p.PrefixListIds, world.PrefixListId{PrefixListId: pl})
		}
		groups, ok, why := r.blockValue(in, dir, i, "security_groups", []string{"aws_security_group"}, sgMatch[:3])
		if !ok {
			r.skip(in, why)
			return nil, false
		}
		if b, _ := in.boolAttr(dir, i, "self"); b {
			groups = append(groups, self)
		}
		for _, g := range groups {
			p.UserIdGroupPairs = append(p.UserIdGroupPairs, world.UserIdGroupPair{GroupId: g})
		}
		out = append(out, p)
	}
	return out, true
}

func (r *reader) buildSecurityGroups() {
	for _, in := range r.each("aws_security_group", "aws_default_security_group") {
		if in.data {
			// data.aws_security_group does not export the rules.
			continue
		}
		id := r.id(in)
		if world.IsUnresolved(id) {
			r.skip(in, id)
			continue
		}
		vpc, _, _ := r.str(in, []string{"aws_vpc"}, "vpc_id")
		sg := &world.SecurityGroup{GroupId: id, GroupName: in.str("name"), VpcId: vpc, Origin: r.origin(in)}
		if in.typ == "aws_default_security_group" {
			sg.GroupName = "default"
		}
		var ok1, ok2 bool
		sg.IpPermissions, ok1 = r.sgRules(in, "ingress", id)
		sg.IpPermissionsEgress, ok2 = r.sgRules(in, "egress", id)
		if ok1 && ok2 {
			r.w.SecurityGroups.Put(id, sg)
		} else {
			r.unknownSG[id] = true
		}
	}
	var strays []string // rules whose group is unresolved
	for _, in := range r.each("aws_security_group_rule") {
		sgID, ok, why := r.str(in, []string{"aws_security_group", "aws_default_security_group"}, "security_group_id")
		if !ok {
			strays = append(strays, why)
			continue
		}
		sg := r.w.SecurityGroups.Get(sgID)
		if sg == nil {
			continue
		}
		if a := slices.IndexFunc([]string{"protocol", "from_port", "to_port", "type"}, func(a string) bool { return !in.known(a) }); a >= 0 {
			// The protocol and ports decide what the rule admits.
			r.dropSG(sgID, in.addr+" (its protocol, ports or direction known only after apply)")
			continue
		}
		p := world.IpPermission{IpProtocol: in.str("protocol")}
		if v, ok := in.intAttr("from_port"); ok {
			p.FromPort = &v
		}
		if v, ok := in.intAttr("to_port"); ok {
			p.ToPort = &v
		}
		cidrs, ok1, why1 := r.strs(in, nil, "cidr_blocks")
		for _, c := range cidrs {
			p.IpRanges = append(p.IpRanges, world.IpRange{CidrIp: c})
		}
		v6, ok4, why4 := r.strs(in, nil, "ipv6_cidr_blocks")
		for _, c := range v6 {
			p.Ipv6Ranges = append(p.Ipv6Ranges, world.Ipv6Range{CidrIpv6: c})
		}
		pls, _, _ := r.list(in, []string{"aws_ec2_managed_prefix_list"}, "prefix_list_ids")
		for _, pl := range pls {
			// An unresolved prefix list stays in the rule as a stand-in:
			// the addresses it holds are unknown, the rule's CIDRs are not.
			p.PrefixListIds = append(p.PrefixListIds, world.PrefixListId{PrefixListId: pl})
		}
		ok3, why3 := true, ""
		if in.known("source_security_group_id") || r.configured(in, "source_security_group_id") {
			// AWS provider docs "aws_security_group_rule":
			// source_security_group_id is optional and computed, and
			// conflicts with cidr_blocks, ipv6_cidr_blocks and self; unset,
			// it is unknown in every plan that creates the rule and names no
			// group. Set, a group that is unknown decides which ENIs the
			// rule admits, so the group's rules cannot be told.
			var src string
			src, ok3, why3 = r.str(in, []string{"aws_security_group", "aws_default_security_group"}, "source_security_group_id")
			if src != "" && ok3 {
				p.UserIdGroupPairs = append(p.UserIdGroupPairs, world.UserIdGroupPair{GroupId: src})
			}
		}
		if b, _ := in.boolAttr("self"); b {
			p.UserIdGroupPairs = append(p.UserIdGroupPairs, world.UserIdGroupPair{GroupId: sgID})
		}
		if !ok1 || !ok3 || !ok4 {
			r.dropSG(sgID, cmp.Or(why1, why3, why4))
			continue
		}
		if in.str("type") == "egress" {
			sg.IpPermissionsEgress = append(sg.IpPermissionsEgress, p)
		} else {
			sg.IpPermissions = append(sg.IpPermissions, p)
		}
	}
	for _, in := range r.each("aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule") {
		sgID, ok, why := r.str(in, []string{"aws_security_group", "aws_default_security_group"}, "security_group_id")
		if !ok {
			strays = append(strays, why)
			continue
		}
		sg := r.w.SecurityGroups.Get(sgID)
		if sg == nil {
			continue
		}
		if a := slices.IndexFunc([]string{"ip_protocol", "from_port", "to_port"}, func(a string) bool { return !in.known(a) }); a >= 0 {
			r.dropSG(sgID, in.addr+" (its protocol or ports known only after apply)")
			continue
		}
		p := world.IpPermission{IpProtocol: in.str("ip_protocol")}
		if v, ok := in.intAttr("from_port"); ok {
			p.FromPort = &v
		}
		if v, ok := in.intAttr("to_port"); ok {
			p.ToPort = &v
		}
		// AWS provider docs "aws_vpc_security_group_ingress_rule": none of
		// cidr_ipv4, cidr_ipv6, prefix_list_id and
		// referenced_security_group_id is computed, so an unknown one is
		// set and decides.
		c4, ok1, why1 := r.str(in, nil, "cidr_ipv4")
		if c4 != "" && ok1 {
			p.IpRanges = append(p.IpRanges, world.IpRange{CidrIp: c4})
		}
		c6, ok3, why3 := r.str(in, nil, "cidr_ipv6")
		if c6 != "" && ok3 {
			p.Ipv6Ranges = append(p.Ipv6Ranges, world.Ipv6Range{CidrIpv6: c6})
		}
		if pl, _, _ := r.str(in, []string{"aws_ec2_managed_prefix_list"}, "prefix_list_id"); pl != "" {
			// Unresolved, the prefix list stays as a stand-in, whose
			// addresses are unknown.
			p.PrefixListIds = append(p.PrefixListIds, world.PrefixListId{PrefixListId: pl})
		}
		g, ok2, why2 := r.str(in, []string{"aws_security_group", "aws_default_security_group"}, "referenced_security_group_id")
		if g != "" && ok2 {
			p.UserIdGroupPairs = append(p.UserIdGroupPairs, world.UserIdGroupPair{GroupId: g})
		}
		if !ok1 || !ok2 || !ok3 {
			r.dropSG(sgID, cmp.Or(why1, why2, why3))
			continue
		}
		if in.typ == "aws_vpc_security_group_egress_rule" {
			sg.IpPermissionsEgress = append(sg.IpPermissionsEgress, p)
		} else {
			sg.IpPermissions = append(sg.IpPermissions, p)
		}
	}
	if len(strays) > 0 {
		// A rule whose group is unresolved may add to any group of the
		// plan, and a security group rule only ever allows more (VPC-UG
		// "Security group rules"): no group's rules are then complete.
		for _, id := range r.w.SecurityGroups.Keys() {
			r.dropSG(id, "a rule of a group known only after apply may belong to it: "+strings.Join(strays, "; "))
		}
		r.straySG = true
	}
}

// dropSG removes a security group one of whose rules is known only after
// apply: its rules cannot be told, so lookups of it must be unknown.
func (r *reader) dropSG(id, why string) {
	r.skipped = append(r.skipped, id+": "+why)
	r.w.SecurityGroups = withoutKey(r.w.SecurityGroups, id)
	r.unknownSG[id] = true
}

// aclDecides are the attributes of a network ACL rule block that decide
// what it matches and does; aclRuleDecides those of aws_network_acl_rule
// (AWS provider docs "aws_network_acl", "aws_network_acl_rule").
var (
	aclDecides     = []string{"rule_no", "action", "protocol", "from_port", "to_port", "cidr_block", "ipv6_cidr_block"}
	aclRuleDecides = []string{"rule_number", "rule_action", "egress", "protocol", "from_port", "to_port", "cidr_block", "ipv6_cidr_block"}
)

// denyAll is the last rule of every network ACL (VPC-UG "Network ACL
// rules": rule * denies what no numbered rule matches).
func denyAll(egress bool) world.NetworkACLEntry {
	return world.NetworkACLEntry{RuleNumber: 32767, Protocol: "-1", RuleAction: "deny", Egress: egress, CidrBlock: "0.0.0.0/0"}
}

func (r *reader) aclEntries(in *inst, dir string, egress bool) ([]world.NetworkACLEntry, bool) {
	n, known := in.blocks(dir)
	if !known {
		if (in.created || in.typ == "aws_default_network_acl") && !r.configured(in, dir) {
			// A new custom network ACL denies everything until rules are
			// added (VPC-UG "Custom network ACLs"); aws_default_network_acl
			// removes every rule it does not declare (AWS provider docs
			// "aws_default_network_acl").
			return nil, true
		}
		r.skip(in, dir+" (known only after apply)")
		return nil, false
	}
	var out []world.NetworkACLEntry
	for i := 0; i < n; i++ {
		for _, a := range aclDecides {
			if !in.known(dir, i, a) {
				// VPC-UG "Network ACL rules": rules are evaluated in order
				// and the first match decides, so one rule that cannot be
				// told leaves the whole ACL unknown.
				r.skip(in, in.addr+"."+dir+"["+strconv.Itoa(i)+"]."+a+" (known only after apply)")
				return nil, false
			}
		}
		e := world.NetworkACLEntry{Protocol: in.str(dir, i, "protocol"), RuleAction: in.str(dir, i, "action"), Egress: egress,
			CidrBlock: in.str(dir, i, "cidr_block"), Ipv6CidrBlock: in.str(dir, i, "ipv6_cidr_block")}
		e.RuleNumber, _ = in.intAttr(dir, i, "rule_no")
		from, ok1 := in.intAttr(dir, i, "from_port")
		to, ok2 := in.intAttr(dir, i, "to_port")
		if ok1 && ok2 {
			e.PortRange = &world.PortRange{From: from, To: to}
		}
		out = append(out, e)
	}
	return out, true
}

func (r *reader) buildNetworkACLs() {
	for _, in := range r.each("aws_network_acl", "aws_default_network_acl") {
		if in.data {
			continue
		}
		id := r.id(in)
		if world.IsUnresolved(id) {
			r.skip(in, id)
			continue
		}
		acl := &world.NetworkACL{NetworkAclId: id, Origin: r.origin(in)}
		if in.typ == "aws_default_network_acl" {
			acl.IsDefault = true
			acl.VpcId = r.vpcOfDefault(in, "default_network_acl_id")
		} else {
			acl.VpcId, _, _ = r.str(in, []string{"aws_vpc"}, "vpc_id")
		}
		subs, ok, _ := r.strs(in, []string{"aws_subnet"}, "subnet_ids")
		for _, s := range subs {
			r.explicitACL[s] = true
		}
		if !ok && r.configured(in, "subnet_ids") {
			// AWS provider docs "aws_default_network_acl": subnet_ids is
			// optional and computed; unset, it lists the subnets left to
			// the default ACL and decides nothing.
			r.unboundACL = true
		}
		ing, ok1 := r.aclEntries(in, "ingress", false)
		eg, ok2 := r.aclEntries(in, "egress", true)
		if !ok1 || !ok2 {
			continue
		}
		acl.Entries = append(append(ing, eg...), denyAll(false), denyAll(true))
		if ok {
			for _, s := range subs {
				acl.Associations = append(acl.Associations, world.NetworkACLAssociation{SubnetId: s})
			}
		}
		r.w.NetworkACLs.Put(id, acl)
	}
	var strays []string
	for _, in := range r.each("aws_network_acl_rule") {
		id, ok, why := r.str(in, []string{"aws_network_acl", "aws_default_network_acl"}, "network_acl_id")
		if !ok {
			strays = append(strays, why)
			continue
		}
		acl := r.w.NetworkACLs.Get(id)
		if acl == nil {
			continue
		}
		if a := slices.IndexFunc(aclRuleDecides, func(a string) bool { return !in.known(a) }); a >= 0 {
			// The first rule that matches decides (VPC-UG "Network ACL
			// rules"): one that cannot be told leaves the ACL unknown.
			r.skipped = append(r.skipped, in.addr+"."+aclRuleDecides[a]+" (known only after apply)")
			r.w.NetworkACLs = withoutKey(r.w.NetworkACLs, id)
			continue
		}
		e := world.NetworkACLEntry{Protocol: in.str("protocol"), RuleAction: in.str("rule_action"),
			CidrBlock: in.str("cidr_block"), Ipv6CidrBlock: in.str("ipv6_cidr_block")}
		e.RuleNumber, _ = in.intAttr("rule_number")
		e.Egress, _ = in.boolAttr("egress")
		from, ok1 := in.intAttr("from_port")
		to, ok2 := in.intAttr("to_port")
		if ok1 && ok2 {
			e.PortRange = &world.PortRange{From: from, To: to}
		}
		acl.Entries = append([]world.NetworkACLEntry{e}, acl.Entries...)
	}
	if len(strays) > 0 {
		// A rule of an ACL the plan cannot tell may be any ACL's, and it
		// may deny.
		for _, id := range r.w.NetworkACLs.Keys() {
			r.skipped = append(r.skipped, id+": a rule of an unresolved network ACL may be its: "+strings.Join(strays, "; "))
		}
		r.w.NetworkACLs = world.Set[world.NetworkACL]{Known: r.w.NetworkACLs.Known, Source: r.w.NetworkACLs.Source}
		r.strayACL = true
	}
	for _, in := range r.each("aws_network_acl_association") {
		id, ok1, _ := r.str(in, []string{"aws_network_acl"}, "network_acl_id")
		sub, ok2, _ := r.str(in, []string{"aws_subnet"}, "subnet_id")
		if ok2 {
			r.explicitACL[sub] = true
		} else {
			r.unboundACL = true
		}
		if acl := r.w.NetworkACLs.Get(id); acl != nil && ok1 && ok2 {
			acl.Associations = append(acl.Associations, world.NetworkACLAssociation{SubnetId: sub})
		}
	}
}

func (r *reader) buildEndpoints() {
	for _, in := range r.each("aws_vpc_endpoint") {
		id := r.id(in)
		if world.IsUnresolved(id) {
			r.skip(in, id)
			continue
		}
		vpc, _, _ := r.str(in, []string{"aws_vpc"}, "vpc_id")
		ep := &world.VPCEndpoint{VpcEndpointId: id, VpcId: vpc, ServiceName: in.str("service_name"),
			// AWS provider docs "aws_vpc_endpoint": vpc_endpoint_type defaults to
			// "Gateway".
			VpcEndpointType: cmp.Or(in.str("vpc_endpoint_type"), "Gateway"),
			Unknown:         map[string]string{}, Origin: r.origin(in)}
		if in.data {
			ep.State = in.str("state")
		} else if !in.created {
			ep.State = cmp.Or(in.str("state"), "available")
		}
		// AWS provider docs "aws_vpc_endpoint": private_dns_enabled defaults to
		// false (AWS's own default for interface endpoints is true).
		ep.PrivateDnsEnabled = r.boolDefault(in, "private_dns_enabled", false)
		// AWS provider docs "aws_vpc_endpoint": ip_address_type (ipv4,
		// dualstack, ipv6) is optional and computed; "" while unknown.
		if t := in.str("ip_address_type"); !world.IsUnresolved(t) {
			ep.IpAddressType = t
		}
		ep.PolicyDocument = r.policyOf(in, "policy", ep.Unknown, "PolicyDocument")
		ep.RouteTableIds = r.optionalList(in, "route_table_ids", []string{"aws_route_table", "aws_default_route_table"}, ep.Unknown, "RouteTableIds")
		ep.SubnetIds = r.optionalList(in, "subnet_ids", []string{"aws_subnet"}, ep.Unknown, "SubnetIds")
		groups := r.optionalList(in, "security_group_ids", []string{"aws_security_group", "aws_default_security_group"}, ep.Unknown, "Groups")
		if len(groups) == 0 && in.created && ep.VpcEndpointType == "Interface" && !r.configured(in, "security_group_ids") && vpc != "" {
			// AWS provider docs "aws_vpc_endpoint": "If no security groups are
			// specified, the VPC's default security group is associated with
			// the endpoint."
			groups = []string{r.defaultSGOf(vpc)}
		}
		for _, g := range groups {
			ep.Groups = append(ep.Groups, world.SecurityGroupIdentifier{GroupId: g})
		}
		r.w.VPCEndpoints.Put(id, ep)
	}
	attach := func(typ, attr string, types []string, add func(*world.VPCEndpoint, string)) {
		for _, in := range r.each(typ) {
			id, ok1, _ := r.str(in, []string{"aws_vpc_endpoint"}, "vpc_endpoint_id")
			v, ok2, why := r.str(in, types, attr)
			ep := r.w.VPCEndpoints.Get(id)
			if !ok1 || ep == nil {
				continue
			}
			if !ok2 {
				ep.Unknown[attr] = why
			}
			add(ep, v)
		}
	}
	attach("aws_vpc_endpoint_route_table_association", "route_table_id", []string{"aws_route_table", "aws_default_route_table"},
		func(ep *world.VPCEndpoint, v string) { ep.RouteTableIds = append(ep.RouteTableIds, v) })
	attach("aws_vpc_endpoint_subnet_association", "subnet_id", []string{"aws_subnet"},
		func(ep *world.VPCEndpoint, v string) { ep.SubnetIds = append(ep.SubnetIds, v) })
	attach("aws_vpc_endpoint_security_group_association", "security_group_id", []string{"aws_security_group"},
		func(ep *world.VPCEndpoint, v string) {
			ep.Groups = append(ep.Groups, world.SecurityGroupIdentifier{GroupId: v})
		})
	for _, in := range r.each("aws_vpc_endpoint_policy") {
		id, ok, _ := r.str(in, []string{"aws_vpc_endpoint"}, "vpc_endpoint_id")
		if ep := r.w.VPCEndpoints.Get(id); ok && ep != nil {
			delete(ep.Unknown, "PolicyDocument")
			ep.PolicyDocument = r.policyOf(in, "policy", ep.Unknown, "PolicyDocument")
		}
	}
}

// optionalList reads a list attribute that is computed when not configured
// (empty for a created resource); an unresolved part is recorded in
// unknown under key.
func (r *reader) optionalList(in *inst, attr string, types []string, unknown map[string]string, key string) []string {
	if !in.known(attr) && in.created && !r.configured(in, attr) {
		return nil
	}
	vals, ok, why := r.list(in, types, attr)
	if !ok {
		unknown[key] = why
	}
	return vals
}

// policyOf reads a policy document attribute: the JSON text, "" when the
// attribute is not set, or — when it is known only after apply — the JSON
// of a data.aws_iam_policy_document it references; else "" and the reason
// under key in unknown.
func (r *reader) policyOf(in *inst, attr string, unknown map[string]string, key string) string {
	if v, ok := in.get(attr); ok {
		s, _ := v.(string)
		return s
	}
	if !r.configured(in, attr) {
		return ""
	}
	what := in.addr + "." + attr + " (known only after apply)"
	e := r.expr(in, attr)
	res := r.resolveExpr(in.scope, in.module, in.index, e, 0)
	if len(res.links) == 1 && len(res.missing) == 0 && len(res.values) == 0 {
		l := res.links[0]
		if doc := l.in.str(cmp.Or(l.attr, "json")); doc != "" && l.in.typ == "aws_iam_policy_document" {
			return doc
		}
		if l.in.typ == "aws_iam_policy_document" {
			what += ": " + l.in.addr + ".json is read only during apply"
		}
	}
	var refs []string
	if e != nil {
		refs = e.References
	}
	if len(refs) > 0 {
		what += ": it refers to " + joinRefs(refs)
	}
	unknown[key] = what
	return ""
}

// joinRefs lists the most specific references of an expression.
func joinRefs(refs []string) string {
	var out []string
	for i, ref := range refs {
		if i > 0 && len(out) > 0 && hasPrefixDot(out[len(out)-1], ref) {
			continue
		}
		out = append(out, ref)
	}
	return strings.Join(out, ", ")
}

// hasPrefixDot reports whether reference longer is a step longer than
// shorter: Terraform lists aws_s3_bucket.b.arn before aws_s3_bucket.b.
func hasPrefixDot(longer, shorter string) bool {
	rest, ok := strings.CutPrefix(longer, shorter)
	return ok && (strings.HasPrefix(rest, ".") || strings.HasPrefix(rest, "["))
}

// implicitDefaults adds, for each VPC the plan creates, the objects AWS
// creates with it and the associations subnets get without an explicit
// one. A VPC that does not exist yet can have no route table, network ACL
// or association the plan does not show, so the plan's listing of them is
// complete for that VPC, and a subnet without an explicit association uses
// the main route table and the default network ACL (VPC-UG "Route tables",
// "Network ACLs"). The world's sets are not complete, so these implicit
// associations are written out as subnet associations.
func (r *reader) implicitDefaults() {
	for _, v := range r.newVPCs {
		vpc := r.id(v)
		cidr := v.str("cidr_block")
		var main *world.RouteTable
		for _, rt := range r.w.RouteTables.All() {
			for _, a := range rt.Associations {
				if a.Main && rt.VpcId == vpc {
					main = rt
				}
			}
		}
		if main == nil {
			// VPC-UG "Main route table": a new VPC's main route table has only
			// the local route.
			id, _ := r.synth(v, "default_route_table_id")
			main = &world.RouteTable{RouteTableId: id, VpcId: vpc, Associations: []world.RouteTableAssociation{{Main: true}}, Origin: r.origin(v)}
			r.w.RouteTables.Put(id, main)
		}
		var acl *world.NetworkACL
		for _, a := range r.w.NetworkACLs.All() {
			if a.IsDefault && a.VpcId == vpc {
				acl = a
			}
		}
		if acl == nil && !r.strayACL {
			id, _ := r.synth(v, "default_network_acl_id")
			acl = world.DefaultNetworkACL(id, vpc, r.origin(v))
			r.w.NetworkACLs.Put(id, acl)
		}
		sgID := r.defaultSGOf(vpc)
		if r.w.SecurityGroups.Get(sgID) == nil && !r.unknownSG[sgID] && !r.straySG {
			r.w.SecurityGroups.Put(sgID, world.DefaultSecurityGroup(sgID, vpc, r.origin(v)))
		}
		for _, s := range r.w.Subnets.All() {
			if s.VpcId != vpc {
				continue
			}
			// A subnet with no association the plan shows uses the main
			// table and the default ACL (VPC-UG "Subnet route tables",
			// "Default network ACL") — unless an association whose subnet
			// the plan cannot tell may be its.
			if !r.subnetHasRT(s.SubnetId) && !r.unboundRT {
				main.Associations = append(main.Associations, world.RouteTableAssociation{SubnetId: s.SubnetId})
			}
			if acl != nil && !r.subnetHasACL(s.SubnetId) && !r.unboundACL {
				acl.Associations = append(acl.Associations, world.NetworkACLAssociation{SubnetId: s.SubnetId})
			}
		}
		// VPC-UG "Route tables": every table has the local route for the
		// VPC's CIDR.
		if cidr != "" {
			for _, rt := range r.w.RouteTables.All() {
				if rt.VpcId == vpc {
					rt.Routes = append([]world.Route{{DestinationCidrBlock: cidr, GatewayId: "local", State: "active"}}, rt.Routes...)
				}
			}
		}
	}
}

func (r *reader) subnetHasRT(sub string) bool {
	if r.explicitRT[sub] {
		return true
	}
	for _, rt := range r.w.RouteTables.All() {
		for _, a := range rt.Associations {
			if a.SubnetId == sub {
				return true
			}
		}
	}
	return false
}

func (r *reader) subnetHasACL(sub string) bool {
	if r.explicitACL[sub] {
		return true
	}
	for _, acl := range r.w.NetworkACLs.All() {
		for _, a := range acl.Associations {
			if a.SubnetId == sub {
				return true
			}
		}
	}
	return false
}
