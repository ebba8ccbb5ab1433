package tfplan

import (
	"slices"
	"strings"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/world"
)

// TestCentralEndpointZones reads the real plan of a central endpoint VPC:
// private hosted zones for the ECR and CloudWatch Logs service names, made
// in the endpoint VPC (vpc block) and associated with the task VPC
// (aws_route53_zone_association), with alias records to the interface
// endpoints (Route 53 DG "Working with private hosted zones"; AWS provider
// docs "aws_route53_zone": a zone with a vpc block is private).
func TestCentralEndpointZones(t *testing.T) {
	for _, plan := range []string{"central-endpoints", "central-endpoints-no-return-route", "central-endpoints-tgw"} {
		t.Run(plan, func(t *testing.T) { checkCentralZones(t, loadPlan(t, plan)) })
	}
}

func checkCentralZones(t *testing.T, w *world.World) {
	want := map[string]struct{ record, service string }{
		"ecr.api": {"api.ecr.eu-west-1.amazonaws.com", "com.amazonaws.eu-west-1.ecr.api"},
		"ecr.dkr": {"*.dkr.ecr.eu-west-1.amazonaws.com", "com.amazonaws.eu-west-1.ecr.dkr"},
		"logs":    {"logs.eu-west-1.amazonaws.com", "com.amazonaws.eu-west-1.logs"},
	}
	if n := w.HostedZones.Len(); n != len(want) {
		t.Fatalf("%d hosted zones, want %d", n, len(want))
	}
	for key, wz := range want {
		z := w.HostedZones.Get(`aws_route53_zone.service["` + key + `"]`)
		if z == nil {
			t.Fatalf("no zone for %s among %v", key, w.HostedZones.Keys())
		}
		var vpcs []string
		for _, v := range z.VPCs {
			vpcs = append(vpcs, v.VPCId+"@"+v.VPCRegion)
		}
		slices.Sort(vpcs)
		var ep *world.VPCEndpoint
		var rec world.ResourceRecordSet
		if len(z.Records) == 1 {
			rec = z.Records[0]
			if rec.AliasTarget != nil {
				ep = w.VPCEndpoints.Get(rec.AliasTarget.VpcEndpointId)
			}
		}
		check(t, cases{
			{key + ": private zone", z.PrivateZone, true},
			{key + ": associated with both VPCs, in the provider's region", vpcs, []string{"aws_vpc.endpoints@eu-west-1", "aws_vpc.task@eu-west-1"}},
			{key + ": a created zone holds only the plan's records", z.RecordsKnown, true},
			{key + ": one record", len(z.Records), 1},
			{key + ": record name", rec.Name, wz.record},
			{key + ": alias to the endpoint of the service", ep != nil && ep.ServiceName == wz.service, true},
			{key + ": the DNS name is known only after apply", rec.AliasTarget != nil && world.IsUnresolved(rec.AliasTarget.DNSName), true},
			{key + ": nothing unknown", len(z.Unknown), 0},
		})
	}
}

// TestHostedZones covers the shapes of hosted zones a plan can hold.
func TestHostedZones(t *testing.T) {
	cfg := `{"root_module":{"resources":[
	 {"address":"aws_route53_zone.late","mode":"managed","type":"aws_route53_zone","name":"late","expressions":{"vpc":[{"vpc_id":{"references":["data.aws_vpc.gone.id","data.aws_vpc.gone"]}}]}},
	 {"address":"aws_route53_zone_association.shared","mode":"managed","type":"aws_route53_zone_association","name":"shared","expressions":{"vpc_id":{"references":["aws_vpc.task.id","aws_vpc.task"]}}},
	 {"address":"aws_route53_record.rel","mode":"managed","type":"aws_route53_record","name":"rel","expressions":{"zone_id":{"references":["aws_route53_zone.priv.zone_id","aws_route53_zone.priv"]}}},
	 {"address":"aws_route53_record.vals","mode":"managed","type":"aws_route53_record","name":"vals","expressions":{"zone_id":{"references":["aws_route53_zone.priv.zone_id","aws_route53_zone.priv"]}}},
	 {"address":"aws_route53_record.late","mode":"managed","type":"aws_route53_record","name":"late","expressions":{"zone_id":{"references":["aws_route53_zone.priv.zone_id","aws_route53_zone.priv"]},"records":{"references":["aws_instance.x.private_ip","aws_instance.x"]}}},
	 {"address":"aws_route53_record.anon","mode":"managed","type":"aws_route53_record","name":"anon","expressions":{"zone_id":{"references":["aws_route53_zone.old.zone_id","aws_route53_zone.old"]},"name":{"references":["random_pet.p.id","random_pet.p"]}}},
	 {"address":"aws_route53_record.ref","mode":"managed","type":"aws_route53_record","name":"ref","expressions":{"zone_id":{"references":["aws_route53_zone.old.zone_id","aws_route53_zone.old"]},
	   "alias":[{"name":{"references":["aws_vpc_endpoint.new.dns_entry[0].dns_name","aws_vpc_endpoint.new.dns_entry[0]","aws_vpc_endpoint.new.dns_entry","aws_vpc_endpoint.new"]}}]}},
	 {"address":"aws_route53_record.byid","mode":"managed","type":"aws_route53_record","name":"byid","expressions":{"zone_id":{"references":["aws_route53_zone.old.zone_id","aws_route53_zone.old"]},
	   "alias":[{"name":{"references":["aws_vpc_endpoint.new.id","aws_vpc_endpoint.new"]}}]}},
	 {"address":"aws_route53_record.known","mode":"managed","type":"aws_route53_record","name":"known","expressions":{"zone_id":{"references":["aws_route53_zone.old.zone_id","aws_route53_zone.old"]}}}
	]}}`
	w := read(t, plan(t, []rc{
		{addr: "aws_vpc.task", after: map[string]any{"cidr_block": "10.0.0.0/16"}, unknown: []string{"id"}},
		{addr: "aws_route53_zone.pub", after: map[string]any{"name": "example.com", "vpc": []any{}}, unknown: []string{"zone_id", "id"}},
		{addr: "aws_route53_zone.priv", after: map[string]any{"name": "corp.internal", "vpc": []any{map[string]any{"vpc_id": "vpc-0aa", "vpc_region": "us-east-1"}}}, unknown: []string{"zone_id", "id"}},
		{addr: "aws_route53_zone.late", after: map[string]any{"name": "late.internal", "vpc": []any{map[string]any{}}},
			unknown: []string{"zone_id", "id"}, au: map[string]any{"vpc": []any{map[string]any{"vpc_id": true, "vpc_region": true}}}},
		{addr: "aws_route53_zone.old", after: map[string]any{"name": "old.internal", "zone_id": "Z0OLD", "id": "Z0OLD", "vpc": []any{map[string]any{"vpc_id": "vpc-0aa", "vpc_region": "eu-west-1"}}}, actions: []string{"no-op"}},
		{addr: "aws_route53_zone_association.shared", after: map[string]any{"zone_id": "Z0SHARED"}, unknown: []string{"vpc_id", "id"}},
		{addr: "aws_route53_record.rel", after: map[string]any{"name": "db", "type": "CNAME", "records": []any{"db.example.net"}}, unknown: []string{"zone_id", "fqdn"}},
		{addr: "aws_route53_record.vals", after: map[string]any{"name": "api.corp.internal.", "type": "A", "records": []any{"10.0.0.5"}}, unknown: []string{"zone_id", "fqdn"}},
		{addr: "aws_route53_record.late", after: map[string]any{"name": "x.corp.internal", "type": "A"}, unknown: []string{"zone_id", "fqdn", "records"}},
		{addr: "aws_route53_record.anon", after: map[string]any{"zone_id": "Z0OLD", "type": "A"}, unknown: []string{"name", "fqdn", "records"}},
		{addr: "aws_route53_record.known", after: map[string]any{"zone_id": "Z0OLD", "name": "ecr.old.internal", "type": "A",
			"alias": []any{map[string]any{"name": "vpce-0abc-1234-eu-west-1a.ecr.api.eu-west-1.vpce.amazonaws.com", "zone_id": "Z7HUB"}}}, unknown: []string{"fqdn"}},
		{addr: "aws_route53_record.ref", after: map[string]any{"zone_id": "Z0OLD", "name": "a.old.internal", "type": "A", "alias": []any{map[string]any{}}}, unknown: []string{"fqdn"},
			au: map[string]any{"alias": []any{map[string]any{"name": true, "zone_id": true}}}},
		{addr: "aws_route53_record.byid", after: map[string]any{"zone_id": "Z0OLD", "name": "b.old.internal", "type": "A", "alias": []any{map[string]any{}}}, unknown: []string{"fqdn"},
			au: map[string]any{"alias": []any{map[string]any{"name": true, "zone_id": true}}}},
		{addr: "aws_vpc_endpoint.new", after: map[string]any{"vpc_id": "vpc-0aa", "service_name": "com.amazonaws.eu-west-1.logs", "vpc_endpoint_type": "Interface"}, unknown: []string{"id", "dns_entry"}},
		{addr: "aws_vpc_endpoint.api", after: map[string]any{"id": "vpce-0abc", "vpc_id": "vpc-0aa", "service_name": "com.amazonaws.eu-west-1.ecr.api", "vpc_endpoint_type": "Interface",
			"dns_entry": []any{map[string]any{"dns_name": "vpce-0abc-1234.ecr.api.eu-west-1.vpce.amazonaws.com", "hosted_zone_id": "Z7HUB"},
				map[string]any{"dns_name": "vpce-0abc-1234-eu-west-1a.ecr.api.eu-west-1.vpce.amazonaws.com", "hosted_zone_id": "Z7HUB"}}}, actions: []string{"no-op"}},
	}, append([]rc{{addr: "data.aws_route53_zone.found", after: map[string]any{"zone_id": "Z0DATA", "name": "found.internal", "private_zone": true, "vpc_id": "vpc-0bb"}}}, placed...), cfg, nil))
	priv := w.HostedZones.Get("aws_route53_zone.priv")
	late := w.HostedZones.Get("aws_route53_zone.late")
	old := w.HostedZones.Get("Z0OLD")
	shared := w.HostedZones.Get("Z0SHARED")
	var names, values []string
	for _, r := range priv.Records {
		names = append(names, r.Name)
		values = append(values, r.Values...)
	}
	aliases := map[string]*world.AliasTarget{}
	for _, r := range old.Records {
		aliases[r.Name] = r.AliasTarget
	}
	alias, ref, byid := aliases["ecr.old.internal"], aliases["a.old.internal"], aliases["b.old.internal"]
	check(t, cases{
		{"a zone without vpc blocks is public", w.HostedZones.Get("aws_route53_zone.pub").PrivateZone, false},
		{"a zone with a vpc block is private", priv.PrivateZone, true},
		{"the vpc block's VPC and region", priv.VPCs, []world.HostedZoneVPC{{VPCId: "vpc-0aa", VPCRegion: "us-east-1"}}},
		{"record names are fully qualified", names, []string{"db.corp.internal", "api.corp.internal", "x.corp.internal"}},
		{"record values; unknown ones are stand-ins", len(values) == 3 && values[0] == "db.example.net" && values[1] == "10.0.0.5" && world.IsUnresolved(values[2]), true},
		{"an unknown record value is noted", strings.Contains(priv.Unknown["Records"], "aws_route53_record.late.records"), true},
		{"an unresolvable vpc_id is a stand-in", len(late.VPCs) == 1 && world.IsUnresolved(late.VPCs[0].VPCId), true},
		{"and is noted", strings.Contains(late.Unknown["VPCs"], "data.aws_vpc.gone"), true},
		{"an existing zone may hold records the plan does not show", old.RecordsKnown, false},
		{"a record whose name is unknown is noted", strings.Contains(old.Unknown["Records"], "aws_route53_record.anon.name"), true},
		{"a known alias name is linked to the endpoint with that DNS name (a zonal one)", alias != nil && alias.VpcEndpointId == "vpce-0abc" && alias.HostedZoneId == "Z7HUB", true},
		{"an alias to an endpoint's dns_entry known only after apply keeps the endpoint", ref != nil && ref.VpcEndpointId == "vpce-aws_vpc_endpoint.new" && world.IsUnresolved(ref.DNSName), true},
		{"an alias to another attribute of an endpoint is not its DNS name", byid != nil && byid.VpcEndpointId == "" && world.IsUnresolved(byid.DNSName), true},
		{"an association with a zone not in the plan: a private zone of unknown name", shared != nil && shared.PrivateZone && shared.Unknown["Name"] != "", true},
		{"that zone is associated with the task VPC", shared.VPCs, []world.HostedZoneVPC{{VPCId: "aws_vpc.task", VPCRegion: "eu-west-1"}}},
		{"data.aws_route53_zone: private, on its VPC, records not listed", fmtZone(w.HostedZones.Get("Z0DATA")), "found.internal private [vpc-0bb] records known false"},
		{"the set is known but not complete", w.HostedZones.Known && !w.HostedZones.Complete, true},
	})
	if none := read(t, plan(t, []rc{{addr: "aws_vpc.v", after: map[string]any{}, unknown: []string{"id"}}}, nil, "", nil)); none.HostedZones.Known {
		t.Error("a plan without Route 53 resources makes the hosted zones known")
	}
}

func fmtZone(z *world.HostedZone) string {
	if z == nil {
		return "<nil>"
	}
	var vpcs []string
	for _, v := range z.VPCs {
		vpcs = append(vpcs, v.VPCId)
	}
	kind := "public"
	if z.PrivateZone {
		kind = "private"
	}
	rk := "false"
	if z.RecordsKnown {
		rk = "true"
	}
	return z.Name + " " + kind + " [" + strings.Join(vpcs, " ") + "] records known " + rk
}

// TestRecordName checks the fully qualified name of a record: the provider
// appends the zone's name to a name that does not end in it.
func TestRecordName(t *testing.T) {
	for _, tt := range []struct{ name, zone, want string }{
		{"www", "example.com", "www.example.com"},
		{"www.example.com", "example.com", "www.example.com"},
		{"WWW.Example.com.", "example.com.", "www.example.com"},
		{"example.com", "example.com", "example.com"},
		{"", "example.com", "example.com"},
		{"*.dkr.ecr.eu-west-1.amazonaws.com", "dkr.ecr.eu-west-1.amazonaws.com", "*.dkr.ecr.eu-west-1.amazonaws.com"},
		{"badexample.com", "example.com", "badexample.com.example.com"},
		{"www", "", "www"},
	} {
		if got := recordName(tt.name, tt.zone); got != tt.want {
			t.Errorf("recordName(%q, %q) = %q, want %q", tt.name, tt.zone, got, tt.want)
		}
	}
}

// TestHostedZoneUnknowns: links the plan cannot resolve leave the facts
// they decide unknown, never absent.
func TestHostedZoneUnknowns(t *testing.T) {
	cfg := `{"root_module":{"resources":[
	 {"address":"aws_route53_zone.dyn","mode":"managed","type":"aws_route53_zone","name":"dyn","expressions":{"vpc":{"references":["local.vpcs"]}}},
	 {"address":"aws_route53_zone_association.lost","mode":"managed","type":"aws_route53_zone_association","name":"lost","expressions":{"zone_id":{"references":["data.aws_route53_zone.gone.zone_id","data.aws_route53_zone.gone"]}}},
	 {"address":"aws_route53_record.lost","mode":"managed","type":"aws_route53_record","name":"lost","expressions":{"zone_id":{"references":["data.aws_route53_zone.gone.zone_id","data.aws_route53_zone.gone"]}}},
	 {"address":"aws_route53_record.noexpr","mode":"managed","type":"aws_route53_record","name":"noexpr","expressions":{"zone_id":{"references":["aws_route53_zone.dyn.zone_id","aws_route53_zone.dyn"]}}},
	 {"address":"aws_route53_record.local","mode":"managed","type":"aws_route53_record","name":"local","expressions":{"zone_id":{"references":["aws_route53_zone.dyn.zone_id","aws_route53_zone.dyn"]},"alias":[{"name":{"references":["local.target"]}}]}}
	]}}`
	w := read(t, plan(t, []rc{
		{addr: "aws_route53_zone.dyn", after: map[string]any{"name": "dyn.internal"}, unknown: []string{"zone_id", "id", "vpc"}},
		{addr: "aws_route53_zone_association.lost", after: map[string]any{"vpc_id": "vpc-0a"}, unknown: []string{"zone_id", "id"}},
		{addr: "aws_route53_record.lost", after: map[string]any{"name": "x", "type": "A", "records": []any{"10.0.0.1"}}, unknown: []string{"zone_id"}},
		{addr: "aws_route53_record.elsewhere", after: map[string]any{"zone_id": "Z0ELSEWHERE", "name": "x", "type": "A", "records": []any{"10.0.0.1"}}},
		{addr: "aws_route53_record.noexpr", after: map[string]any{"name": "a.dyn.internal", "type": "A", "alias": []any{map[string]any{}}}, unknown: []string{"zone_id"},
			au: map[string]any{"alias": []any{map[string]any{"name": true}}}},
		{addr: "aws_route53_record.local", after: map[string]any{"name": "b.dyn.internal", "type": "A", "alias": []any{map[string]any{}}}, unknown: []string{"zone_id"},
			au: map[string]any{"alias": []any{map[string]any{"name": true}}}},
	}, placed, cfg, nil))
	dyn := w.HostedZones.Get("aws_route53_zone.dyn")
	var lost *world.HostedZone
	for _, z := range w.HostedZones.All() {
		if world.IsUnresolved(z.Id) {
			lost = z
		}
	}
	var aliases []string
	for _, r := range dyn.Records {
		aliases = append(aliases, r.AliasTarget.DNSName)
	}
	check(t, cases{
		{"vpc blocks known only after apply: private, VPCs unknown", dyn.PrivateZone && dyn.Unknown["VPCs"] != "", true},
		{"a record whose zone cannot be told adds no zone", w.HostedZones.Get("Z0ELSEWHERE") == nil && w.HostedZones.Len() == 2, true},
		{"an association with a zone that cannot be told: a private zone of unknown name on the VPC", fmtZone(lost) + " " + lost.Unknown["Name"], " private [vpc-0a] records known false the name of hosted zone <unresolved aws_route53_zone_association.lost.zone_id (known only after apply): data.aws_route53_zone.gone (not in the plan)> (not in the plan)"},
		{"alias names known only after apply are stand-ins naming why", len(aliases) == 2 && world.IsUnresolved(aliases[0]) && strings.Contains(aliases[1], "local.target"), true},
	})
}
