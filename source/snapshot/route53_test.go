package snapshot

import (
	"strings"
	"testing"
)

// docs/snapshot.md "Sections", route53: the private hosted zones of a VPC
// (ListHostedZonesByVPC), their VPC associations (GetHostedZone) and their
// records (ListResourceRecordSets) fill World.HostedZones.
func TestRoute53Sections(t *testing.T) {
	doc := `{"route53": {
  "ListHostedZonesByVPC": [{"VPCId": "vpc-1", "VPCRegion": "us-east-1", "HostedZoneSummaries": [
    {"HostedZoneId": "Z0API", "Name": "api.ecr.us-east-1.amazonaws.com.", "Owner": {"OwningAccount": "111111111111"}},
    {"HostedZoneId": "Z0DKR", "Name": "dkr.ecr.us-east-1.amazonaws.com."}]}],
  "GetHostedZone": [{"HostedZone": {"Id": "/hostedzone/Z0API", "Name": "api.ecr.us-east-1.amazonaws.com.", "Config": {"PrivateZone": true}},
    "VPCs": [{"VPCRegion": "us-east-1", "VPCId": "vpc-hub"}, {"VPCRegion": "us-east-1", "VPCId": "vpc-1"}]}],
  "ListResourceRecordSets": [
    {"HostedZoneId": "/hostedzone/Z0API", "IsTruncated": false, "ResourceRecordSets": [
      {"Name": "api.ecr.us-east-1.amazonaws.com.", "Type": "A", "AliasTarget": {"HostedZoneId": "Z7HUB", "DNSName": "vpce-0abc-1234.api.ecr.us-east-1.vpce.amazonaws.com.", "EvaluateTargetHealth": false}},
      {"Name": "api.ecr.us-east-1.amazonaws.com.", "Type": "NS", "TTL": 172800, "ResourceRecords": [{"Value": "ns-0.awsdns-00.com."}]}]},
    {"HostedZoneId": "Z0DKR", "IsTruncated": true, "ResourceRecordSets": []}]
}}`
	w, err := Read("snap.json", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	api, dkr := w.HostedZones.Get("Z0API"), w.HostedZones.Get("Z0DKR")
	if api == nil || dkr == nil {
		t.Fatalf("zones %v", w.HostedZones.Keys())
	}
	for _, c := range []struct {
		name string
		got  any
		want any
	}{
		{"ListHostedZonesByVPC lists private zones", api.PrivateZone && dkr.PrivateZone, true},
		{"zone id without /hostedzone/", api.Id, "Z0API"},
		{"GetHostedZone adds the other associations once", len(api.VPCs), 2},
		{"ListHostedZonesByVPC association", dkr.VPCs[0].VPCId + " " + dkr.VPCs[0].VPCRegion, "vpc-1 us-east-1"},
		{"records known", api.RecordsKnown, true},
		{"alias target", api.Records[0].AliasTarget.DNSName, "vpce-0abc-1234.api.ecr.us-east-1.vpce.amazonaws.com."},
		{"plain values", strings.Join(api.Records[1].Values, ","), "ns-0.awsdns-00.com."},
		{"a truncated listing leaves records unknown", dkr.RecordsKnown, false},
		{"zones are never proven absent", w.HostedZones.Complete, false},
		{"origin", api.Origin.Path, "$.route53.ListHostedZonesByVPC[0].HostedZoneSummaries[0]"},
	} {
		if c.got != c.want {
			t.Errorf("%s: got %v, want %v", c.name, c.got, c.want)
		}
	}
}

func TestRoute53Errors(t *testing.T) {
	for _, c := range []struct{ name, doc, want string }{
		{"ListHostedZonesByVPC without VPCId", `{"route53": {"ListHostedZonesByVPC": [{"HostedZoneSummaries": []}]}}`, `"VPCId"`},
		{"ListHostedZonesByVPC without summaries", `{"route53": {"ListHostedZonesByVPC": [{"VPCId": "vpc-1"}]}}`, `"HostedZoneSummaries"`},
		{"summary without id", `{"route53": {"ListHostedZonesByVPC": [{"VPCId": "vpc-1", "HostedZoneSummaries": [{"Name": "x."}]}]}}`, `"HostedZoneId"`},
		{"GetHostedZone without id", `{"route53": {"GetHostedZone": [{"HostedZone": {"Name": "x."}}]}}`, `"HostedZone.Id"`},
		{"records without zone id", `{"route53": {"ListResourceRecordSets": [{"ResourceRecordSets": []}]}}`, `"HostedZoneId"`},
		{"records without the list", `{"route53": {"ListResourceRecordSets": [{"HostedZoneId": "Z1"}]}}`, `"ResourceRecordSets"`},
		{"records twice for one zone", `{"route53": {"ListResourceRecordSets": [{"HostedZoneId": "Z1", "ResourceRecordSets": []}, {"HostedZoneId": "/hostedzone/Z1", "ResourceRecordSets": []}]}}`, "duplicate ListResourceRecordSets"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Read("t.json", []byte(c.doc))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("err = %v, want it to mention %s", err, c.want)
			}
		})
	}
}
