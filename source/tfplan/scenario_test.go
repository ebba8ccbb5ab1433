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

func loadScenarios(t *testing.T) []scenario.Scenario {
	t.Helper()
	out, err := scenario.Load(filepath.Join("testdata", "scenarios"))
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
	for _, sc := range loadScenarios(t) {
		t.Run(strings.TrimSuffix(sc.File, ".json"), func(t *testing.T) {
			w, err := tfplan.Load(filepath.Join("testdata", "scenarios", sc.File))
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
					return
				}
			}
			t.Fatalf("no %s step\n%s", want, dump())
		})
	}
}
