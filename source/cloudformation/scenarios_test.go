package cloudformation_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/internal/scenario"
	"github.com/ecs-preflight/ecs-preflight/source/cloudformation"
	"github.com/ecs-preflight/ecs-preflight/taskstart"
)

func loadIndex(t testing.TB) []scenario.Scenario {
	t.Helper()
	scs, err := scenario.Load(filepath.Join("testdata", "scenarios"))
	if err != nil {
		t.Fatal(err)
	}
	return scs
}

func options(sc scenario.Scenario) []cloudformation.Option {
	var opts []cloudformation.Option
	if sc.Region != "" {
		opts = append(opts, cloudformation.WithRegion(sc.Region))
	}
	if sc.Account != "" {
		opts = append(opts, cloudformation.WithAccount(sc.Account))
	}
	if sc.Parameters != nil {
		opts = append(opts, cloudformation.WithParameters(sc.Parameters))
	}
	return opts
}

// TestScenarios loads every scenario template and runs the start-phase
// simulation over it.
func TestScenarios(t *testing.T) {
	index := loadIndex(t)
	if len(index) < 15 {
		t.Errorf("index has %d scenarios, want at least 15", len(index))
	}
	for _, sc := range index {
		t.Run(sc.Name, func(t *testing.T) {
			w, err := cloudformation.Load(filepath.Join("testdata", "scenarios", sc.File), options(sc)...)
			if err != nil {
				t.Fatal(err)
			}
			res, err := taskstart.Simulate(context.Background(), w)
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Tasks) == 0 {
				t.Fatal("no task simulated")
			}
			var first *taskstart.Step
			for _, task := range res.Tasks {
				for i := range task.Steps {
					st := &task.Steps[i]
					if string(st.Status) == sc.Verdict && first == nil {
						first = st
					}
				}
			}
			if os.Getenv("CFN_DUMP") == sc.Name {
				t.Log("\n" + dump(res))
			}
			got := string(res.Verdict)
			if got != sc.Verdict {
				t.Fatalf("verdict %s, want %s\n%s", got, sc.Verdict, dump(res))
			}
			if sc.Verdict == "pass" {
				return
			}
			if first == nil {
				t.Fatalf("no %s step\n%s", sc.Verdict, dump(res))
			}
			if string(first.Step) != sc.Step || first.Container != sc.Container {
				t.Fatalf("first %s step is %s (container %q), want %s (container %q)\n%s", sc.Verdict, first.Step, first.Container, sc.Step, sc.Container, dump(res))
			}
			if sc.Missing != "" && !strings.Contains(strings.Join(first.Missing, "\n"), sc.Missing) {
				t.Fatalf("missing %q, want it to mention %q", first.Missing, sc.Missing)
			}
		})
	}
}

func dump(res *taskstart.Result) string {
	var b strings.Builder
	for _, task := range res.Tasks {
		b.WriteString(task.TaskDefinition + " " + string(task.Verdict) + "\n")
		for _, st := range task.Steps {
			b.WriteString("  " + string(st.Step) + " " + st.Container + " " + string(st.Status) + ": " + st.Summary)
			if st.StoppedReason != "" {
				b.WriteString("\n    reason: " + st.StoppedReason)
			}
			for _, m := range st.Missing {
				b.WriteString("\n    missing: " + m)
			}
			if st.Network != nil && st.Network.BlockedBy != "" {
				b.WriteString("\n    blocked by: " + string(st.Network.BlockedBy))
			}
			b.WriteString("\n")
		}
	}
	return b.String()
}
