package live_test

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/examples"
	"github.com/ecs-preflight/ecs-preflight/internal/awstest"
	"github.com/ecs-preflight/ecs-preflight/source/live"
	"github.com/ecs-preflight/ecs-preflight/source/snapshot"
	"github.com/ecs-preflight/ecs-preflight/taskstart"
)

func example(t *testing.T, name string) (data []byte, region string, s service) {
	t.Helper()
	ex, ok := examples.Get(name)
	if !ok {
		t.Fatalf("no example %q", name)
	}
	region, svcs := services(t, ex.Data)
	return ex.Data, region, svcs[0]
}

func step(res *taskstart.Result, kind taskstart.StepKind) *taskstart.Step {
	for ti := range res.Tasks {
		for si := range res.Tasks[ti].Steps {
			if st := &res.Tasks[ti].Steps[si]; st.Step == kind {
				return st
			}
		}
	}
	return nil
}

// A denied read never fails a step and never crashes: the steps that need
// the fact are unknown and name the permission (docs/permissions.md).
func TestDeniedReadIsUnknownNamingThePermission(t *testing.T) {
	tests := []struct {
		name, example, op, match string
		step                     taskstart.StepKind
		want                     string
	}{
		{"inline policy of the execution role", "missing-getauthorizationtoken", "iam:GetRolePolicy", "",
			taskstart.StepRegistryAuth, "AccessDenied on iam:GetRolePolicy for role/billing-batch-execution policy ecr-pull-and-logs"},
		{"the execution role itself", "missing-s3-gateway", "iam:GetRole", "",
			taskstart.StepExecutionRole, "AccessDenied on iam:GetRole for role/ledger-api-execution"},
		{"the task subnets", "missing-s3-gateway", "ec2:DescribeSubnets", "",
			taskstart.StepRegistryAuth, "UnauthorizedOperation on ec2:DescribeSubnets"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, region, s := example(t, tt.example)
			srv := awstest.NewServer(t, data, awstest.WithDenied(tt.op, tt.match))
			lr, res := liveCheck(t, srv.Config(region), s, live.Options{})
			st := step(res, tt.step)
			if st == nil {
				t.Fatalf("no %s step", tt.step)
			}
			if st.Status != taskstart.Unknown {
				t.Errorf("%s: status %s, want unknown; missing %q", tt.step, st.Status, st.Missing)
			}
			if !slices.ContainsFunc(st.Missing, func(m string) bool { return strings.Contains(m, tt.want) }) {
				t.Errorf("%s: missing %q does not name %q (failures %v)", tt.step, st.Missing, tt.want, lr.Failures)
			}
		})
	}
}

// A resource the account does not have: the service's not-found answer is
// named, and never taken for an empty policy.
func TestNonexistentResource(t *testing.T) {
	data, region, s := example(t, "missing-s3-gateway")
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	iam := doc["iam"].(map[string]any)
	iam["GetRole"] = []any{} // the execution role was deleted
	iam["ListAttachedRolePolicies"] = []any{}
	iam["ListRolePolicies"] = []any{}
	data, _ = json.Marshal(doc)
	srv := awstest.NewServer(t, data)
	lr, res := liveCheck(t, srv.Config(region), s, live.Options{})
	st := step(res, taskstart.StepExecutionRole)
	if st == nil || st.Status == taskstart.OK {
		t.Fatalf("execution-role step = %+v, want not ok", st)
	}
	if !slices.ContainsFunc(st.Missing, func(m string) bool {
		return strings.Contains(m, "NoSuchEntity on iam:GetRole for role/ledger-api-execution")
	}) {
		t.Errorf("missing %q does not name NoSuchEntity (failures %v)", st.Missing, lr.Failures)
	}

	t.Run("service", func(t *testing.T) {
		srv := awstest.NewServer(t, data)
		lr, err := live.Read(t.Context(), srv.Config(region), live.Options{Cluster: s.cluster, Services: []string{"no-such-service"},
			Simulate: []taskstart.Option{taskstart.WithService("no-such-service")}})
		if err != nil {
			t.Fatal(err)
		}
		if len(lr.Failures) != 1 || lr.Failures[0].Op != "ecs:DescribeServices" {
			t.Errorf("failures = %v, want the service's MISSING failure", lr.Failures)
		}
		if _, err := taskstart.Simulate(t.Context(), lr.World, taskstart.WithService("no-such-service")); err == nil {
			t.Error("checking a service the cluster does not have passed")
		}
	})
}

// The example's subnet is not in its account: read live, the complete
// DescribeSubnets listing proves it does not exist.
func TestLiveSubnetThatDoesNotExist(t *testing.T) {
	data, region, s := example(t, "unknown-imported-vpc")
	srv := awstest.NewServer(t, data)
	_, res := liveCheck(t, srv.Config(region), s, live.Options{})
	st := step(res, taskstart.StepRegistryAuth)
	if st == nil || st.Status != taskstart.Fail || !slices.ContainsFunc(st.Evidence, func(e string) bool { return strings.Contains(e, "does not exist") }) {
		t.Errorf("registry-auth = %+v, want a fail: the subnet does not exist", st)
	}
}

// Another account's repository is read only through --role-arn-for;
// without it the steps it decides stay unknown, as from a snapshot.
func TestCrossAccountWithoutRoleIsUnknown(t *testing.T) {
	data, region, s := example(t, "cross-account-ecr")
	srv := awstest.NewServer(t, data)
	_, res := liveCheck(t, srv.Config(region), s, live.Options{})
	if st := step(res, taskstart.StepImageManifest); st == nil || st.Status != taskstart.Unknown {
		t.Errorf("image-manifest = %+v, want unknown", st)
	}
	for _, c := range srv.Calls() {
		if c.Operation == "GetRepositoryPolicy" && strings.Contains(c.Params["registryId"], "111122223333") {
			t.Errorf("read another account's repository policy without a role: %+v", c)
		}
	}
}

// Pagination (every list call answers one item per page) and throttling
// (the SDK's retryer backs off and retries) change nothing in the answer.
func TestPaginationAndThrottling(t *testing.T) {
	data, region, s := example(t, "nat-gateway")
	base := awstest.NewServer(t, data)
	lr0, want := liveCheck(t, base.Config(region), s, live.Options{})
	tests := []struct {
		name string
		opts []awstest.Option
	}{
		{"one item per page", []awstest.Option{awstest.WithPageSize(1)}},
		{"throttled, then served", []awstest.Option{awstest.WithThrottle("ecs:DescribeServices", 2), awstest.WithThrottle("ec2:DescribeSubnets", 2), awstest.WithThrottle("iam:GetRole", 1)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := awstest.NewServer(t, data, tt.opts...)
			lr, got := liveCheck(t, srv.Config(region), s, live.Options{})
			if g, w := normalized(t, got), normalized(t, want); g != w {
				t.Errorf("answer changed:\n%s", lineDiff(g, w))
			}
			if len(lr.Failures) != 0 {
				t.Errorf("failures %v", lr.Failures)
			}
			if lr.Stats.Rounds != lr0.Stats.Rounds {
				t.Errorf("%d rounds, want %d", lr.Stats.Rounds, lr0.Stats.Rounds)
			}
			t.Logf("%d calls (server saw %d), %d without faults", lr.Stats.Calls, len(srv.Calls()), lr0.Stats.Calls)
		})
	}
}

// snapshot -o writes the document; check --snapshot on it gives the same
// answers, origins included apart from the file name.
func TestSnapshotRoundTrip(t *testing.T) {
	for _, name := range []string{"kms-cmk-no-decrypt", "nat-gateway", "ssm-secrets-ok"} {
		t.Run(name, func(t *testing.T) {
			data, region, s := example(t, name)
			srv := awstest.NewServer(t, data)
			lr, got := liveCheck(t, srv.Config(region), s, live.Options{})
			b, err := lr.Document.Bytes()
			if err != nil {
				t.Fatal(err)
			}
			w, err := snapshot.Read("account.json", b)
			if err != nil {
				t.Fatal(err)
			}
			again, err := taskstart.Simulate(t.Context(), w, taskstart.WithService(s.name))
			if err != nil {
				t.Fatal(err)
			}
			live.Annotate(again, lr.Failures)
			g, _ := json.Marshal(got)
			a, _ := json.Marshal(again)
			g = bytes.ReplaceAll(g, []byte(lr.Name), []byte("account.json"))
			// The snapshot format has no place for why the read found no
			// organization policies: the file says the input has none.
			g = orgNoteRe.ReplaceAll(g, []byte("(the input has none)"))
			if !bytes.Equal(g, a) {
				t.Errorf("check --snapshot differs from the live check:\n%s", lineDiff(string(g), string(a)))
			}
			if bytes.Contains(b, []byte("value-of-")) {
				t.Error("the snapshot holds a secret value")
			}
		})
	}
}
