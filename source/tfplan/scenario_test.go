package tfplan_test

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/internal/scenario"
	"github.com/ecs-preflight/ecs-preflight/source/tfplan"
	"github.com/ecs-preflight/ecs-preflight/taskstart"
)

// scenarioDirs are the fixture directories: plans modelled by gen.py, and
// real plans Terraform made (testdata/real/README.md).
var scenarioDirs = []string{filepath.Join("testdata", "scenarios"), filepath.Join("testdata", "real")}

func loadScenarios(t *testing.T) []scenario.Scenario {
	t.Helper()
	out, err := scenario.Load(scenarioDirs[0])
	if err != nil {
		t.Fatal(err)
	}
	if len(out) < 8 {
		t.Fatalf("index.json lists %d scenarios, want at least 8", len(out))
	}
	return out
}

// TestScenarios loads every plan fixture and runs the start phase over it.
func TestScenarios(t *testing.T) {
	for _, dir := range scenarioDirs {
		all, err := scenario.Load(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, sc := range all {
			runScenario(t, dir, sc)
		}
	}
}

func runScenario(t *testing.T, dir string, sc scenario.Scenario) {
	t.Run(filepath.Base(dir)+"/"+sc.Name, func(t *testing.T) {
		var opts []tfplan.Option
		if sc.Region != "" {
			opts = append(opts, tfplan.WithRegion(sc.Region))
		}
		if sc.Account != "" {
			opts = append(opts, tfplan.WithAccount(sc.Account))
		}
		w, err := tfplan.Load(filepath.Join(dir, sc.File), opts...)
		if err != nil {
			t.Fatal(err)
		}
		res, err := taskstart.Simulate(context.Background(), w)
		if err != nil {
			t.Fatal(err)
		}
		dump := func() string {
			b, _ := json.MarshalIndent(res, "", "  ")
			return string(b)
		}
		if string(res.Verdict) != sc.Verdict {
			t.Fatalf("verdict %s, want %s\n%s", res.Verdict, sc.Verdict, dump())
		}
		if sc.Verdict == "pass" {
			return
		}
		want := taskstart.Status(sc.Verdict)
		if sc.Verdict == "fail" {
			want = taskstart.Fail
		}
		for _, task := range res.Tasks {
			for _, st := range task.Steps {
				if st.Status != want {
					continue
				}
				if string(st.Step) != sc.Step || st.Container != sc.Container {
					t.Fatalf("first %s step is %s (container %q), want %s (container %q)\n%s", want, st.Step, st.Container, sc.Step, sc.Container, dump())
				}
				if sc.Subject != "" && !strings.EqualFold(st.Subject, sc.Subject) {
					t.Errorf("subject %q, want %q", st.Subject, sc.Subject)
				}
				if sc.BlockedBy != "" && (st.Network == nil || string(st.Network.BlockedBy) != sc.BlockedBy) {
					t.Errorf("network %+v, want blocked by %s", st.Network, sc.BlockedBy)
				}
				if sc.IAMDecision != "" && (st.IAM == nil || string(st.IAM.Decision) != sc.IAMDecision) {
					t.Errorf("iam %+v, want %s", st.IAM, sc.IAMDecision)
				}
				if want == taskstart.Unknown && len(st.Missing) == 0 {
					t.Error("an unknown step names nothing missing")
				}
				if sc.Missing != "" && !strings.Contains(strings.Join(st.Missing, "\n"), sc.Missing) {
					t.Errorf("missing %q, want one naming %q", st.Missing, sc.Missing)
				}
				return
			}
		}
		t.Fatalf("no %s step\n%s", want, dump())
	})
}
