package live_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/ecs-preflight/ecs-preflight/internal/awstest"
	"github.com/ecs-preflight/ecs-preflight/source/live"
	"github.com/ecs-preflight/ecs-preflight/taskstart"
)

// TestEveryDeniedCallIsNeverAFail denies each call of the reader in turn
// (docs/permissions.md) on examples that pass and one that fails: the
// reader never crashes; no step's answer changes except to unknown; a
// passing service never fails; and when an answer changes, the task names
// the denied call in a missing fact or an assumption, or the read stops
// with an error naming it.
func TestEveryDeniedCallIsNeverAFail(t *testing.T) {
	if testing.Short() {
		t.Skip("one live read per call and example")
	}
	for _, name := range []string{"private-endpoints", "ssm-secrets-ok", "kms-cmk-no-decrypt"} {
		data, region, s := example(t, name)
		base := deniedRun(t, data, region, s, "", nil)
		if base.err != nil {
			t.Fatalf("%s: %v", name, base.err)
		}
		for _, op := range live.Calls {
			t.Run(name+"/"+op, func(t *testing.T) {
				got := deniedRun(t, data, region, s, op, base.res)
				if got.err != nil {
					if !strings.Contains(got.err.Error(), op) {
						t.Fatalf("read stopped with %v, which does not name %s", got.err, op)
					}
					return
				}
				if base.res.Verdict == taskstart.Pass && got.res.Verdict == taskstart.VerdictFail {
					t.Fatalf("denying %s turned a pass into a fail", op)
				}
				changed := len(got.res.Tasks) != len(base.res.Tasks)
				type key struct {
					container, subject string
					step               taskstart.StepKind
				}
				was := map[key]taskstart.Status{}
				for _, tk := range base.res.Tasks {
					for _, st := range tk.Steps {
						was[key{st.Container, st.Subject, st.Step}] = st.Status
					}
				}
				for _, tk := range got.res.Tasks {
					for _, st := range tk.Steps {
						b, ok := was[key{st.Container, st.Subject, st.Step}]
						if ok && st.Status == b {
							continue
						}
						changed = true
						// A warning on a passing step that names the
						// denied call is not a fail.
						if st.Status == taskstart.Warn && slices.ContainsFunc(st.Warnings, func(w string) bool { return strings.Contains(w, op) }) {
							continue
						}
						if st.Status != taskstart.Unknown && (ok || st.Status != taskstart.OK) {
							t.Errorf("%s %s: %s became %s, want it kept or unknown; missing %q", st.Container, st.Step, b, st.Status, st.Missing)
						}
					}
				}
				if changed && !namesCall(got.res, op) {
					t.Errorf("answers changed but no step names %s", op)
				}
			})
		}
	}
}

type deniedResult struct {
	res *taskstart.Result
	err error
}

// deniedRun reads s from an account serving data with op denied ("" for
// none) and simulates it.
func deniedRun(t *testing.T, data []byte, region string, s service, op string, _ *taskstart.Result) deniedResult {
	t.Helper()
	var opts []awstest.Option
	if op != "" {
		opts = append(opts, awstest.WithDenied(op, ""))
	}
	srv := awstest.NewServer(t, data, opts...)
	cfg := srv.Config(region)
	retryer := cfg.Retryer
	cfg.Retryer = func() aws.Retryer { return retry.AddWithMaxAttempts(retryer(), 6) }
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	lo := live.Options{Cluster: s.cluster, Services: []string{s.name}, Simulate: []taskstart.Option{taskstart.WithService(s.name)}}
	lr, err := live.Read(ctx, cfg, lo)
	if err != nil {
		return deniedResult{err: err}
	}
	res, err := taskstart.Simulate(ctx, lr.World, lo.Simulate...)
	if err != nil {
		// As check does: the error names the reads that failed.
		return deniedResult{err: live.WithFailures(err, lr.Failures)}
	}
	live.Annotate(res, lr.Failures)
	return deniedResult{res: res}
}

// namesCall reports whether a step of res names op in a missing fact or an
// assumption.
func namesCall(res *taskstart.Result, op string) bool {
	names := func(s string) bool { return strings.Contains(s, op) }
	for _, tk := range res.Tasks {
		for _, st := range tk.Steps {
			if slices.ContainsFunc(st.Missing, names) || slices.ContainsFunc(st.Assumptions, names) {
				return true
			}
		}
	}
	return false
}
