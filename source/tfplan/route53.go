package tfplan

import (
	"cmp"
	"slices"
	"strings"

	"github.com/ecs-preflight/ecs-preflight/world"
)

// route53Types are the resource types that fill World.HostedZones.
var route53Types = []string{"aws_route53_zone", "aws_route53_zone_association", "aws_route53_record"}

// buildHostedZones reads Route 53 hosted zones, their VPC associations and
// their records. A private hosted zone associated with a VPC answers that
// VPC's queries for its name (Route 53 DG "Working with private hosted
// zones"); a central endpoint VPC shares interface endpoints with other VPCs
// this way, with alias records to the endpoints' DNS names (PrivateLink
// guide "Access an AWS service using an interface VPC endpoint" / AWS
// whitepaper "Centralized access to VPC private endpoints").
func (r *reader) buildHostedZones() {
	if len(r.each(route53Types...)) == 0 {
		return
	}
	// A plan never lists every zone of the account: the set is known, not
	// complete.
	r.w.HostedZones = world.NewSet[world.HostedZone](setSource, false)
	for _, in := range r.each("aws_route53_zone") {
		id := r.zoneID(in)
		z := &world.HostedZone{Id: id, Name: in.str("name"), Unknown: map[string]string{}, Origin: r.origin(in)}
		if in.data {
			// data.aws_route53_zone exports private_zone and, for a private
			// zone looked up by vpc_id, that one VPC; its records are not
			// exported.
			z.PrivateZone, _ = in.boolAttr("private_zone")
			if v := in.str("vpc_id"); v != "" {
				z.VPCs = append(z.VPCs, world.HostedZoneVPC{VPCId: v})
			}
			r.w.HostedZones.Put(id, z)
			continue
		}
		// AWS provider docs "aws_route53_zone": a zone with vpc blocks is
		// a private hosted zone; without them it is public.
		n, known := in.blocks("vpc")
		switch {
		case !known && r.configured(in, "vpc"):
			z.PrivateZone = true
			z.Unknown["VPCs"] = in.addr + ".vpc (known only after apply)"
		case !known:
		default:
			z.PrivateZone = n > 0
		}
		for i := 0; i < n; i++ {
			vpc, ok, why := r.str(in, []string{"aws_vpc"}, "vpc", i, "vpc_id")
			if !ok {
				z.Unknown["VPCs"] = why
			}
			z.VPCs = append(z.VPCs, world.HostedZoneVPC{VPCId: vpc, VPCRegion: r.vpcRegion(in, "vpc", i, "vpc_region")})
		}
		// A zone the plan creates holds only the records the plan gives
		// it, besides the SOA and NS records Route 53 adds (Route 53 DG
		// "NS and SOA records that Amazon Route 53 creates for a public
		// hosted zone"); an existing zone may hold records made outside
		// Terraform.
		z.RecordsKnown = in.created
		r.w.HostedZones.Put(id, z)
	}
	for _, in := range r.each("aws_route53_zone_association") {
		// An unresolved zone id is a stand-in: the VPC still has a private
		// zone, whose names are unknown.
		id, _, _ := r.str(in, []string{"aws_route53_zone"}, "zone_id")
		id = strings.TrimPrefix(id, "/hostedzone/")
		z := r.w.HostedZones.Get(id)
		if z == nil {
			// A zone the plan does not manage: what names it answers for
			// is not in the plan, but it is a private zone on the VPC
			// (Route 53 API "AssociateVPCWithHostedZone" takes private
			// zones only).
			z = &world.HostedZone{Id: id, PrivateZone: true, Unknown: map[string]string{"Name": "the name of hosted zone " + id + " (not in the plan)"},
				Origin: r.origin(in)}
			r.w.HostedZones.Put(id, z)
		}
		vpc, ok, why := r.str(in, []string{"aws_vpc"}, "vpc_id")
		if !ok {
			z.Unknown["VPCs"] = why
		}
		z.VPCs = append(z.VPCs, world.HostedZoneVPC{VPCId: vpc, VPCRegion: r.vpcRegion(in, "vpc_region")})
	}
	for _, in := range r.each("aws_route53_record") {
		r.addRecord(in)
	}
}

// zoneID is a zone's id without the "/hostedzone/" prefix; for a zone the
// plan creates, the stand-in id.
func (r *reader) zoneID(in *inst) string {
	if v := cmp.Or(in.str("zone_id"), in.str("id")); v != "" {
		return strings.TrimPrefix(v, "/hostedzone/")
	}
	return standIn(in)
}

// vpcRegion reads a vpc_region attribute; AWS provider docs
// "aws_route53_zone" / "aws_route53_zone_association": it defaults to the
// provider's region.
func (r *reader) vpcRegion(in *inst, path ...any) string {
	if v := in.str(path...); v != "" {
		return v
	}
	return r.w.Region
}

// addRecord files an aws_route53_record under its zone.
func (r *reader) addRecord(in *inst) {
	id, ok, why := r.str(in, []string{"aws_route53_zone"}, "zone_id")
	if !ok {
		r.skip(in, why)
		return
	}
	z := r.w.HostedZones.Get(strings.TrimPrefix(id, "/hostedzone/"))
	if z == nil {
		// The zone is not in the plan: its other records are unknown,
		// so one record alone answers nothing.
		return
	}
	name, ok := in.get("name")
	if !ok {
		// A record whose name is unknown may answer for any name of the
		// zone.
		z.RecordsKnown = false
		z.Unknown["Records"] = in.addr + ".name (known only after apply)"
		return
	}
	rec := world.ResourceRecordSet{Name: recordName(str(name), z.Name), Type: in.str("type")}
	if n, _ := in.blocks("alias"); n > 0 || r.configured(in, "alias") {
		rec.AliasTarget = r.aliasTarget(in)
	} else {
		vals, ok, why := r.strs(in, nil, "records")
		if !ok {
			z.Unknown["Records"] = why
			vals = append(vals, world.Unresolved(why))
		}
		rec.Values = vals
	}
	z.Records = append(z.Records, rec)
}

// recordName is a record's fully qualified name: the aws provider appends
// the zone's name to a name that does not end in it (AWS provider docs
// "aws_route53_record": name "The name of the record"; the provider's
// expandRecordName). [assumption: the provider's behaviour, not a
// documented rule]
func recordName(name, zone string) string {
	n := strings.TrimSuffix(strings.ToLower(name), ".")
	zn := strings.TrimSuffix(strings.ToLower(zone), ".")
	if zn == "" || n == zn || strings.HasSuffix(n, "."+zn) {
		return n
	}
	if n == "" {
		return zn
	}
	return n + "." + zn
}

// aliasTarget reads the alias block of a record. An alias to an interface
// endpoint's dns_entry keeps the link to the endpoint: the DNS name exists
// only after apply, the endpoint's id (or its stand-in) now.
func (r *reader) aliasTarget(in *inst) *world.AliasTarget {
	at := &world.AliasTarget{DNSName: in.str("alias", 0, "name"), HostedZoneId: in.str("alias", 0, "zone_id")}
	if at.DNSName != "" {
		at.VpcEndpointId = r.endpointOfDNSName(at.DNSName)
		return at
	}
	what := in.addr + ".alias[0].name (known only after apply)"
	e := r.expr(in, "alias", 0, "name")
	if e == nil {
		at.DNSName = world.Unresolved(what)
		return at
	}
	res := r.resolveExpr(in.scope, in.module, in.index, e, 0)
	var eps []string
	for _, l := range res.links {
		// With an index expression (central[each.key].dns_entry[0]) the plan
		// lists only the resource; an alias name can only be one of its
		// DNS names.
		if l.in.typ == "aws_vpc_endpoint" && (l.attr == "dns_entry" || l.attr == "") {
			eps = append(eps, r.id(l.in))
		}
	}
	slices.Sort(eps)
	eps = slices.Compact(eps)
	if len(eps) == 1 {
		at.VpcEndpointId = eps[0]
		what += ": a DNS name of " + eps[0]
	} else if len(res.missing) > 0 {
		what += ": " + strings.Join(res.missing, "; ")
	}
	at.DNSName = world.Unresolved(what)
	return at
}

// endpointOfDNSName finds the VPC endpoint in the plan one of whose DNS
// entries is name.
func (r *reader) endpointOfDNSName(name string) string {
	name = strings.TrimSuffix(strings.ToLower(name), ".")
	for _, ep := range r.each("aws_vpc_endpoint") {
		n, _ := ep.blocks("dns_entry")
		for i := 0; i < n; i++ {
			if strings.TrimSuffix(strings.ToLower(ep.str("dns_entry", i, "dns_name")), ".") == name {
				return r.id(ep)
			}
		}
	}
	return ""
}
