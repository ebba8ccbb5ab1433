package cloudformation_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/source/cloudformation"
	"github.com/ecs-preflight/ecs-preflight/taskstart"
)

// scenario is one entry of testdata/scenarios/index.json: a template as
// users write it, and what the start phase does with it.
type scenario struct {
	Name       string            `json:"name"`
	File       string            `json:"file"`
	Why        string            `json:"why"`
	Region     string            `json:"region,omitempty"`
	Account    string            `json:"account,omitempty"`
	Parameters map[string]string `json:"parameters,omitempty"`
	// Verdict is the run's verdict; Step and Container name the first step
	// whose status is the verdict's (fail or unknown), empty for pass.
	Verdict   string `json:"verdict"`
	Step      string `json:"step,omitempty"`
	Container string `json:"container,omitempty"`
	// Missing, when set, must be a substring of that step's missing facts.
	Missing string `json:"missing,omitempty"`
}

func loadIndex(t testing.TB) []scenario {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "scenarios", "index.json"))
	if err != nil {
		t.Fatal(err)
	}
	var out []scenario
	if err := json.Unmarshal(data, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func (sc scenario) options() []cloudformation.Option {
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
			w, err := cloudformation.Load(filepath.Join("testdata", "scenarios", sc.File), sc.options()...)
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
