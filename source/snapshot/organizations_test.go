package snapshot

import (
	"slices"
	"strings"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/world"
)

// Organization fixtures: account 123456789012 (the head's) in OU
// ou-abcd-11111111 under root r-abcd, organization o-exampleorgid managed
// from 111111111111 (AWS Organizations API Reference examples).
const (
	orgFullAccess = `{"Id": "p-FullAWSAccess", "Arn": "arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess", "Name": "FullAWSAccess", "Type": "SERVICE_CONTROL_POLICY", "AwsManaged": true}`
	orgRCPFull    = `{"Id": "p-RCPFullAWSAccess", "Arn": "arn:aws:organizations::aws:policy/resource_control_policy/p-RCPFullAWSAccess", "Name": "RCPFullAWSAccess", "Type": "RESOURCE_CONTROL_POLICY", "AwsManaged": true}`
	orgDenySM     = `{"Id": "p-denysm111", "Arn": "arn:aws:organizations::111111111111:policy/o-exampleorgid/service_control_policy/p-denysm111", "Name": "DenySecrets", "Type": "SERVICE_CONTROL_POLICY", "AwsManaged": false}`
	orgParents    = `"ListParents": [
   {"ChildId": "123456789012", "Parents": [{"Id": "ou-abcd-11111111", "Type": "ORGANIZATIONAL_UNIT"}]},
   {"ChildId": "ou-abcd-11111111", "Parents": [{"Id": "r-abcd", "Type": "ROOT"}]}]`
	orgDenySMDoc = `{"Policy": {"PolicySummary": ` + orgDenySM + `, "Content": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"secretsmanager:*\",\"Resource\":\"*\"}]}"}}`
)

// levels renders a policy path as "TARGET: NAME, NAME [missing: ...]" per
// level, root first.
func levels(p *world.PolicyPath) []string {
	if p == nil {
		return nil
	}
	var out []string
	for _, l := range p.Levels {
		var names []string
		for _, np := range l.Policies {
			names = append(names, np.Name)
		}
		s := l.Target + ": " + strings.Join(names, ", ")
		if len(l.Missing) > 0 {
			s += " [missing: " + strings.Join(l.Missing, "; ") + "]"
		}
		out = append(out, s)
	}
	return out
}

func TestReadOrganizations(t *testing.T) {
	tests := []struct {
		name  string
		body  string
		check func(t *testing.T, w *world.World)
	}{
		{
			name: "root, OU and account: SCPs per level, FullAWSAccess without DescribePolicy, RCP levels not listed are missing",
			body: `"organizations": {
 "DescribeOrganization": {"Organization": {"Id": "o-exampleorgid", "Arn": "arn:aws:organizations::111111111111:organization/o-exampleorgid", "FeatureSet": "ALL", "MasterAccountId": "111111111111"}},
 ` + orgParents + `,
 "ListPoliciesForTarget": [
   {"TargetId": "r-abcd", "Filter": "SERVICE_CONTROL_POLICY", "Policies": [` + orgFullAccess + `]},
   {"TargetId": "ou-abcd-11111111", "Filter": "SERVICE_CONTROL_POLICY", "Policies": [` + orgFullAccess + `, ` + orgDenySM + `]},
   {"TargetId": "123456789012", "Filter": "SERVICE_CONTROL_POLICY", "Policies": [` + orgFullAccess + `]},
   {"TargetId": "r-abcd", "Filter": "RESOURCE_CONTROL_POLICY", "Policies": [` + orgRCPFull + `]}],
 "DescribePolicy": [` + orgDenySMDoc + `]}`,
			check: func(t *testing.T, w *world.World) {
				if w.OrganizationID != "o-exampleorgid" || w.ManagementAccountID != "111111111111" {
					t.Errorf("organization %q, management account %q", w.OrganizationID, w.ManagementAccountID)
				}
				want := []string{"r-abcd: FullAWSAccess", "ou-abcd-11111111: FullAWSAccess, DenySecrets", "123456789012: FullAWSAccess"}
				if got := levels(w.SCPs); !slices.Equal(got, want) {
					t.Errorf("SCP levels\n got %q\nwant %q", got, want)
				}
				full := w.SCPs.Levels[0].Policies[0]
				if full.Document != `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}` {
					t.Errorf("FullAWSAccess document %s", full.Document)
				}
				if full.Origin.Path != "$.organizations.ListPoliciesForTarget[0].Policies[0]" {
					t.Errorf("FullAWSAccess origin %+v", full.Origin)
				}
				deny := w.SCPs.Levels[1].Policies[1]
				if deny.Document != `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"secretsmanager:*","Resource":"*"}]}` ||
					deny.Arn != "arn:aws:organizations::111111111111:policy/o-exampleorgid/service_control_policy/p-denysm111" ||
					deny.Origin.Path != "$.organizations.DescribePolicy[0].Policy" {
					t.Errorf("DenySecrets %+v", deny)
				}
				if o := w.SCPs.Levels[1].Origin; o.Path != "$.organizations.ListPoliciesForTarget[1]" || o.Line == 0 {
					t.Errorf("level origin %+v", o)
				}
				wantRCP := []string{
					"r-abcd: RCPFullAWSAccess",
					"ou-abcd-11111111:  [missing: organizations:ListPoliciesForTarget --target-id ou-abcd-11111111 --filter RESOURCE_CONTROL_POLICY]",
					"123456789012:  [missing: organizations:ListPoliciesForTarget --target-id 123456789012 --filter RESOURCE_CONTROL_POLICY]",
				}
				if got := levels(w.RCPs); !slices.Equal(got, wantRCP) {
					t.Errorf("RCP levels\n got %q\nwant %q", got, wantRCP)
				}
				if !strings.Contains(w.RCPs.Levels[0].Policies[0].Document, `"Principal":"*"`) {
					t.Errorf("RCPFullAWSAccess document %s", w.RCPs.Levels[0].Policies[0].Document)
				}
			},
		},
		{
			name: "a listed policy without DescribePolicy leaves its level missing it",
			body: `"organizations": {` + orgParents + `,
 "ListPoliciesForTarget": [
   {"TargetId": "r-abcd", "Filter": "SERVICE_CONTROL_POLICY", "Policies": [` + orgFullAccess + `]},
   {"TargetId": "ou-abcd-11111111", "Filter": "SERVICE_CONTROL_POLICY", "Policies": [` + orgFullAccess + `, ` + orgDenySM + `]},
   {"TargetId": "123456789012", "Filter": "SERVICE_CONTROL_POLICY", "Policies": [` + orgFullAccess + `]}],
 "DescribePolicy": []}`,
			check: func(t *testing.T, w *world.World) {
				want := []string{"r-abcd: FullAWSAccess", "ou-abcd-11111111: FullAWSAccess [missing: organizations:DescribePolicy p-denysm111 (attached to ou-abcd-11111111)]", "123456789012: FullAWSAccess"}
				if got := levels(w.SCPs); !slices.Equal(got, want) {
					t.Errorf("SCP levels\n got %q\nwant %q", got, want)
				}
				if w.RCPs != nil {
					t.Error("no RESOURCE_CONTROL_POLICY listing: RCPs must stay nil")
				}
				if w.OrganizationID != "o-exampleorgid" || w.ManagementAccountID != "" {
					t.Errorf("without DescribeOrganization: organization %q (from the policy ARN), management account %q (unknown)", w.OrganizationID, w.ManagementAccountID)
				}
			},
		},
		{
			name: "ListParents that stops below the root: an unknown level above, and a truncated listing",
			body: `"organizations": {"ListParents": [{"ChildId": "123456789012", "Parents": [{"Id": "ou-abcd-11111111", "Type": "ORGANIZATIONAL_UNIT"}]}],
 "ListPoliciesForTarget": [
   {"TargetId": "ou-abcd-11111111", "Filter": "SERVICE_CONTROL_POLICY", "Policies": [` + orgFullAccess + `], "NextToken": "t"},
   {"TargetId": "123456789012", "Filter": "SERVICE_CONTROL_POLICY", "Policies": [` + orgFullAccess + `]}]}`,
			check: func(t *testing.T, w *world.World) {
				want := []string{
					":  [missing: organizations:ListParents --child-id ou-abcd-11111111 (the levels above ou-abcd-11111111 and their service control policies)]",
					"ou-abcd-11111111: FullAWSAccess [missing: organizations:ListPoliciesForTarget --target-id ou-abcd-11111111 --filter SERVICE_CONTROL_POLICY (the listing carries NextToken)]",
					"123456789012: FullAWSAccess",
				}
				if got := levels(w.SCPs); !slices.Equal(got, want) {
					t.Errorf("SCP levels\n got %q\nwant %q", got, want)
				}
			},
		},
		{
			name: "DescribeOrganization alone: no policy path",
			body: `"organizations": {"DescribeOrganization": {"Organization": {"Id": "o-exampleorgid", "MasterAccountId": "123456789012", "FeatureSet": "ALL"}}}`,
			check: func(t *testing.T, w *world.World) {
				if w.SCPs != nil || w.RCPs != nil || w.ManagementAccountID != "123456789012" {
					t.Errorf("SCPs %v RCPs %v management %q", w.SCPs, w.RCPs, w.ManagementAccountID)
				}
			},
		},
		{
			name: "consolidated billing only: no SCPs or RCPs apply",
			body: `"organizations": {"DescribeOrganization": {"Organization": {"Id": "o-exampleorgid", "FeatureSet": "CONSOLIDATED_BILLING"}}, ` + orgParents + `,
 "ListPoliciesForTarget": [{"TargetId": "r-abcd", "Filter": "SERVICE_CONTROL_POLICY", "Policies": []}]}`,
			check: func(t *testing.T, w *world.World) {
				if w.SCPs != nil {
					t.Errorf("SCPs %q", levels(w.SCPs))
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, err := Read("t.json", doc(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, w)
		})
	}
}
