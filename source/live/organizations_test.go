package live_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/internal/awstest"
	"github.com/ecs-preflight/ecs-preflight/source/live"
	"github.com/ecs-preflight/ecs-preflight/taskstart"
)

// withOrganization adds an organizations section to an example: the account
// under one OU under the root, FullAWSAccess everywhere, and at the account
// an SCP that denies ecr:GetAuthorizationToken; RCPFullAWSAccess on every
// node.
func withOrganization(t *testing.T, data []byte) []byte {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	acct := doc["accountId"].(string)
	full := map[string]any{"Id": "p-FullAWSAccess", "Arn": "arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess", "Name": "FullAWSAccess", "Type": "SERVICE_CONTROL_POLICY", "AwsManaged": true}
	deny := map[string]any{"Id": "p-denyecr1", "Arn": "arn:aws:organizations::111111111111:policy/o-exampleorgid/service_control_policy/p-denyecr1", "Name": "deny-ecr-auth", "Type": "SERVICE_CONTROL_POLICY", "AwsManaged": false}
	rcp := map[string]any{"Id": "p-RCPFullAWSAccess", "Arn": "arn:aws:organizations::aws:policy/resource_control_policy/p-RCPFullAWSAccess", "Name": "RCPFullAWSAccess", "Type": "RESOURCE_CONTROL_POLICY", "AwsManaged": true}
	list := func(target string, ps ...any) map[string]any {
		return map[string]any{"TargetId": target, "Filter": "SERVICE_CONTROL_POLICY", "Policies": ps}
	}
	rcps := func(target string) map[string]any {
		return map[string]any{"TargetId": target, "Filter": "RESOURCE_CONTROL_POLICY", "Policies": []any{rcp}}
	}
	doc["organizations"] = map[string]any{
		"DescribeOrganization": map[string]any{"Organization": map[string]any{"Id": "o-exampleorgid", "MasterAccountId": "111111111111", "FeatureSet": "ALL"}},
		"ListParents": []any{
			map[string]any{"ChildId": acct, "Parents": []any{map[string]any{"Id": "ou-ab12-prod", "Type": "ORGANIZATIONAL_UNIT"}}},
			map[string]any{"ChildId": "ou-ab12-prod", "Parents": []any{map[string]any{"Id": "r-ab12", "Type": "ROOT"}}},
		},
		"ListPoliciesForTarget": []any{list("r-ab12", full), list("ou-ab12-prod", full), list(acct, full, deny),
			rcps("r-ab12"), rcps("ou-ab12-prod"), rcps(acct)},
		"DescribePolicy": []any{map[string]any{"Policy": map[string]any{"PolicySummary": deny,
			"Content": `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"ecr:GetAuthorizationToken","Resource":"*"}]}`}}},
	}
	out, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// The organization policies: AWS Organizations "DescribeOrganization"
// answers AWSOrganizationsNotInUseException outside an organization (no
// SCP applies, and the step says so); the calls work only from the
// management account or a delegated administrator, so a denied call keeps
// the assumption a snapshot without the section gets, naming the call, and
// never turns into a fail; from a management account the SCPs on the path
// root → OU → account are read and decide (AWS Organizations "Service
// control policies": a Deny at any level denies).
func TestOrganizationPolicies(t *testing.T) {
	data, region, s := example(t, "missing-s3-gateway")
	tests := []struct {
		name       string
		data       []byte
		opts       []awstest.Option
		assumption string // in the execution-role step; "" for none
		failure    string // a Failure's text; "" for none
		auth       taskstart.Status
		evidence   string
	}{
		{name: "not in an organization", data: data,
			assumption: "no service control or resource control policy of an organization restricts this account (the account is in no organization: organizations:DescribeOrganization answers AWSOrganizationsNotInUseException)",
			auth:       taskstart.OK},
		{name: "describe organization denied", data: withOrganization(t, data), opts: []awstest.Option{awstest.WithDenied("organizations:DescribeOrganization", "")},
			assumption: "no service control or resource control policy of an organization restricts this account (not read: AccessDeniedException on organizations:DescribeOrganization; the organizations calls work only from the management account or a delegated administrator)",
			failure:    "AccessDeniedException on organizations:DescribeOrganization",
			auth:       taskstart.OK},
		{name: "list parents denied", data: withOrganization(t, data), opts: []awstest.Option{awstest.WithDenied("organizations:ListParents", "")},
			assumption: "(not read: AccessDeniedException on organizations:ListParents;",
			failure:    "AccessDeniedException on organizations:ListParents",
			auth:       taskstart.OK},
		{name: "management account reads a deny at the account", data: withOrganization(t, data),
			evidence: "service control policies: r-ab12 (FullAWSAccess); ou-ab12-prod (FullAWSAccess); 123456789012 (FullAWSAccess, deny-ecr-auth)",
			auth:     taskstart.Fail},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := awstest.NewServer(t, tt.data, tt.opts...)
			lr, res := liveCheck(t, srv.Config(region), s, live.Options{})
			role := step(res, taskstart.StepExecutionRole)
			if role == nil {
				t.Fatal("no execution-role step")
			}
			hasOrg := slices.ContainsFunc(role.Assumptions, func(a string) bool { return strings.Contains(a, "organization") })
			switch {
			case tt.assumption == "" && hasOrg:
				t.Errorf("assumptions %q, want none about organizations", role.Assumptions)
			case tt.assumption != "" && !slices.ContainsFunc(role.Assumptions, func(a string) bool { return strings.Contains(a, tt.assumption) }):
				t.Errorf("assumptions %q, want %q", role.Assumptions, tt.assumption)
			}
			if tt.evidence != "" && !slices.Contains(role.Evidence, tt.evidence) {
				t.Errorf("evidence %q, want %q", role.Evidence, tt.evidence)
			}
			var texts []string
			for _, f := range lr.Failures {
				texts = append(texts, f.Text())
			}
			if got := slices.ContainsFunc(texts, func(x string) bool { return strings.HasPrefix(x, tt.failure) }); tt.failure != "" && !got {
				t.Errorf("failures %q, want %q", texts, tt.failure)
			}
			if tt.failure == "" && len(texts) > 0 {
				t.Errorf("failures %q, want none", texts)
			}
			if auth := step(res, taskstart.StepRegistryAuth); auth == nil || auth.Status != tt.auth {
				t.Errorf("registry-auth = %+v, want %s", auth, tt.auth)
			}
			// The example takes 22 calls; the organization walk adds one
			// DescribeOrganization, a ListParents per level below the root
			// (2), a ListPoliciesForTarget per level and type (6) and a
			// DescribePolicy per customer policy (1), within the same
			// rounds (one read walks the tree).
			if lr.Stats.Calls > 32 || lr.Stats.Rounds > 5 {
				t.Errorf("%d calls in %d rounds, want at most 32 in 5", lr.Stats.Calls, lr.Stats.Rounds)
			}
			t.Logf("%d calls in %d rounds", lr.Stats.Calls, lr.Stats.Rounds)
		})
	}
}
