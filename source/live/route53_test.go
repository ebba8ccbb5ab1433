package live_test

import (
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/internal/awstest"
	"github.com/ecs-preflight/ecs-preflight/source/live"
	"github.com/ecs-preflight/ecs-preflight/taskstart"
)

// withZones adds to the nat-gateway example two private hosted zones
// associated with the task VPC: logs.ap-northeast-1.amazonaws.com, which
// covers the awslogs host and holds no A record for it, and corp.example,
// which covers no host the task calls.
func withZones(t *testing.T, data []byte) []byte {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	const vpc = "vpc-0c372ebfec790d5c1"
	zone := func(id, name string) map[string]any {
		return map[string]any{"HostedZone": map[string]any{"Id": "/hostedzone/" + id, "Name": name, "CallerReference": "r", "Config": map[string]any{"PrivateZone": true}},
			"VPCs": []any{map[string]any{"VPCId": vpc, "VPCRegion": "ap-northeast-1"}}}
	}
	doc["route53"] = map[string]any{
		"ListHostedZonesByVPC": []any{map[string]any{"VPCId": vpc, "VPCRegion": "ap-northeast-1", "HostedZoneSummaries": []any{
			map[string]any{"HostedZoneId": "ZLOGS", "Name": "logs.ap-northeast-1.amazonaws.com.", "Owner": map[string]any{"OwningAccount": "123456789012"}},
			map[string]any{"HostedZoneId": "ZCORP", "Name": "corp.example.", "Owner": map[string]any{"OwningAccount": "123456789012"}},
		}}},
		"GetHostedZone": []any{zone("ZLOGS", "logs.ap-northeast-1.amazonaws.com."), zone("ZCORP", "corp.example.")},
		"ListResourceRecordSets": []any{
			map[string]any{"HostedZoneId": "ZLOGS", "ResourceRecordSets": []any{
				map[string]any{"Name": "logs.ap-northeast-1.amazonaws.com.", "Type": "SOA", "TTL": 900, "ResourceRecords": []any{map[string]any{"Value": "ns-1.awsdns-00.com. hostmaster 1 7200 900 1209600 86400"}}},
			}},
			map[string]any{"HostedZoneId": "ZCORP", "ResourceRecordSets": []any{}},
		},
	}
	out, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// Route 53: the private hosted zones of the task VPC are listed
// (Route 53 API Reference "ListHostedZonesByVPC"), and only a zone whose
// name covers a host the task calls is read with its records; such a zone
// without an A record for the host answers NXDOMAIN (Route 53 DG "Public
// and private hosted zones that have overlapping namespaces"), so the logs
// step fails. Denied record reads leave the step unknown, naming the call,
// never a fail; a denied listing keeps today's reading of an account
// without zones and is reported.
func TestHostedZones(t *testing.T) {
	data, region, s := example(t, "nat-gateway")
	zoned := withZones(t, data)
	tests := []struct {
		name       string
		data       []byte
		opts       []awstest.Option
		logs       taskstart.Status
		failure    string
		assumption string // in the logs step; "" for none about zones
	}{
		{name: "no zones", data: data, logs: taskstart.OK},
		{name: "a zone covers the logs host", data: zoned, logs: taskstart.Fail},
		{name: "records denied", data: zoned, opts: []awstest.Option{awstest.WithDenied("route53:ListResourceRecordSets", "")},
			logs: taskstart.Unknown, failure: "AccessDenied on route53:ListResourceRecordSets for ZLOGS"},
		{name: "listing denied", data: zoned, opts: []awstest.Option{awstest.WithDenied("route53:ListHostedZonesByVPC", "")},
			logs: taskstart.OK, failure: "AccessDenied on route53:ListHostedZonesByVPC for vpc-0c372ebfec790d5c1",
			assumption: "no private hosted zone of the task VPC covers logs.ap-northeast-1.amazonaws.com (not read: AccessDenied on route53:ListHostedZonesByVPC for vpc-0c372ebfec790d5c1)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := awstest.NewServer(t, tt.data, tt.opts...)
			lr, res := liveCheck(t, srv.Config(region), s, live.Options{})
			st := step(res, taskstart.StepLogs)
			if st == nil || st.Status != tt.logs {
				t.Fatalf("logs step = %+v, want %s", st, tt.logs)
			}
			hasZone := slices.ContainsFunc(st.Assumptions, func(a string) bool { return strings.Contains(a, "private hosted zone") })
			switch {
			case tt.assumption == "" && hasZone:
				t.Errorf("assumptions %q, want none about hosted zones", st.Assumptions)
			case tt.assumption != "" && !slices.Contains(st.Assumptions, tt.assumption):
				t.Errorf("assumptions %q, want %q", st.Assumptions, tt.assumption)
			}
			var texts []string
			for _, f := range lr.Failures {
				texts = append(texts, f.Text())
			}
			if tt.failure != "" && !slices.ContainsFunc(texts, func(x string) bool { return strings.HasPrefix(x, tt.failure) }) {
				t.Errorf("failures %q, want %q", texts, tt.failure)
			}
			if tt.failure == "" && len(texts) > 0 {
				t.Errorf("failures %q, want none", texts)
			}
			for _, c := range srv.Calls() {
				if (c.Operation == "GetHostedZone" || c.Operation == "ListResourceRecordSets") && slices.ContainsFunc(slices.Collect(maps.Values(c.Params)), func(v string) bool { return strings.Contains(v, "ZCORP") }) {
					t.Errorf("read zone corp.example, which covers no host the task calls: %+v", c)
				}
			}
			if lr.Stats.Calls > 30 || lr.Stats.Rounds > 5 {
				t.Errorf("%d calls in %d rounds, want at most 30 in 5", lr.Stats.Calls, lr.Stats.Rounds)
			}
			t.Logf("%d calls in %d rounds", lr.Stats.Calls, lr.Stats.Rounds)
		})
	}
}
