package cloudformation

import (
	"slices"
	"strings"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/world"
)

// TestHostedZones reads AWS::Route53::HostedZone (VPCs make it private,
// Route 53 DG "Working with private hosted zones") and the records
// AWS::Route53::RecordSet and ::RecordSetGroup add (AliasTarget,
// ResourceRecords), into World.HostedZones.
func TestHostedZones(t *testing.T) {
	const zone = "  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.1.0.0/16}}\n  Zone: {Type: AWS::Route53::HostedZone, Properties: {Name: api.ecr.us-west-2.amazonaws.com, VPCs: [{VPCId: !Ref Vpc, VPCRegion: us-west-2}, {VPCId: vpc-0spoke, VPCRegion: us-west-2}]}}\n"
	const alias = "vpce-0a1b2c3d4e5f60718-abcdefgh.api.ecr.us-west-2.vpce.amazonaws.com"
	cases := []struct {
		name         string
		res          string
		key          string
		private      bool
		vpcs         []string
		records      []world.ResourceRecordSet
		recordsKnown bool
		unknown      string // a field of Unknown
	}{
		{
			name:    "private zone with an alias record to a central endpoint",
			res:     zone + "  Rec: {Type: AWS::Route53::RecordSet, Properties: {HostedZoneId: !Ref Zone, Name: api.ecr.us-west-2.amazonaws.com, Type: A, AliasTarget: {DNSName: " + alias + ", HostedZoneId: Z1YSA3EXCYUU9Z}}}\n",
			key:     "Z-Zone",
			private: true, vpcs: []string{"vpc-Vpc", "vpc-0spoke"},
			records:      []world.ResourceRecordSet{{Name: "api.ecr.us-west-2.amazonaws.com", Type: "A", AliasTarget: &world.AliasTarget{DNSName: alias, HostedZoneId: "Z1YSA3EXCYUU9Z"}}},
			recordsKnown: true,
		},
		{
			name:    "a record set group by zone name",
			res:     zone + "  Grp: {Type: AWS::Route53::RecordSetGroup, Properties: {HostedZoneName: api.ecr.us-west-2.amazonaws.com., RecordSets: [{Name: api.ecr.us-west-2.amazonaws.com, Type: A, TTL: '60', ResourceRecords: [10.9.0.10, 10.9.1.10]}, {Name: api.ecr.us-west-2.amazonaws.com, Type: AAAA, TTL: '60', ResourceRecords: ['fd00::10']}]}}\n",
			key:     "Z-Zone",
			private: true, vpcs: []string{"vpc-Vpc", "vpc-0spoke"},
			records:      []world.ResourceRecordSet{{Name: "api.ecr.us-west-2.amazonaws.com", Type: "A", Values: []string{"10.9.0.10", "10.9.1.10"}}, {Name: "api.ecr.us-west-2.amazonaws.com", Type: "AAAA", Values: []string{"fd00::10"}}},
			recordsKnown: true,
		},
		{
			name:         "a public zone",
			res:          "  Zone: {Type: AWS::Route53::HostedZone, Properties: {Name: example.com}}\n",
			key:          "Z-Zone",
			recordsKnown: true,
		},
		{
			name:    "a record in a zone the template does not create: other records unknown",
			res:     "  Rec: {Type: AWS::Route53::RecordSet, Properties: {HostedZoneId: /hostedzone/Z0123456789ABC, Name: logs.us-west-2.amazonaws.com, Type: CNAME, ResourceRecords: [" + alias + "]}}\n",
			key:     "Z0123456789ABC",
			records: []world.ResourceRecordSet{{Name: "logs.us-west-2.amazonaws.com", Type: "CNAME", Values: []string{alias}}},
			unknown: "ResourceRecordSets",
		},
		{
			name:    "VPCs from an import are unresolved",
			res:     "  Zone: {Type: AWS::Route53::HostedZone, Properties: {Name: ecr, VPCs: [{VPCId: !ImportValue spoke-vpc, VPCRegion: us-west-2}]}}\n",
			key:     "Z-Zone",
			private: true, vpcs: []string{world.Unresolved(`Fn::ImportValue "spoke-vpc"`)},
			recordsKnown: true,
		},
		{
			name:    "a record set group whose RecordSets are imported: the zone's records are unknown",
			res:     zone + "  Grp: {Type: AWS::Route53::RecordSetGroup, Properties: {HostedZoneId: !Ref Zone, RecordSets: !ImportValue records}}\n",
			key:     "Z-Zone",
			private: true, vpcs: []string{"vpc-Vpc", "vpc-0spoke"},
			unknown: "ResourceRecordSets",
		},
		{
			name:    "a record in a zone named but not created; alias target from an import",
			res:     "  Rec: {Type: AWS::Route53::RecordSet, Properties: {HostedZoneName: corp.example., Name: ecr.corp.example., Type: A, AliasTarget: !ImportValue endpoint-alias}}\n",
			key:     "name:corp.example.",
			records: []world.ResourceRecordSet{{Name: "ecr.corp.example.", Type: "A", AliasTarget: &world.AliasTarget{DNSName: world.Unresolved(`Fn::ImportValue "endpoint-alias"`)}}},
			unknown: "ResourceRecordSets",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := mustRead(t, "Resources:\n"+tc.res, docEnv...)
			z, found, _ := w.HostedZones.Lookup(tc.key)
			if !found {
				t.Fatalf("no zone %q; zones %q", tc.key, w.HostedZones.Keys())
			}
			var vpcs []string
			for _, v := range z.VPCs {
				vpcs = append(vpcs, v.VPCId)
			}
			if z.PrivateZone != tc.private || !slices.Equal(vpcs, tc.vpcs) || z.RecordsKnown != tc.recordsKnown {
				t.Errorf("private %v vpcs %q records known %v, want %v %q %v", z.PrivateZone, vpcs, z.RecordsKnown, tc.private, tc.vpcs, tc.recordsKnown)
			}
			if len(z.Records) != len(tc.records) {
				t.Fatalf("records %+v, want %+v", z.Records, tc.records)
			}
			for i, want := range tc.records {
				got := z.Records[i]
				if got.Name != want.Name || got.Type != want.Type || !slices.Equal(got.Values, want.Values) || (got.AliasTarget == nil) != (want.AliasTarget == nil) || got.AliasTarget != nil && *got.AliasTarget != *want.AliasTarget {
					t.Errorf("record %d: %+v, want %+v", i, got, want)
				}
			}
			if tc.unknown != "" && !strings.Contains(z.Unknown[tc.unknown], "--snapshot") {
				t.Errorf("Unknown %q, want %s to say how to supply it", z.Unknown, tc.unknown)
			}
		})
	}
}
