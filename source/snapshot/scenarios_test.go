package snapshot

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/internal/scenario"
	"github.com/ecs-preflight/ecs-preflight/taskstart"
)

// TestScenarios reads every snapshot scenario (testdata/scenarios/index.json,
// internal/scenario) and runs the start-phase simulation over it: the
// verdict, the first step with that verdict, and its missing fact or
// network block.
func TestScenarios(t *testing.T) {
	dir := filepath.Join("testdata", "scenarios")
	index, err := scenario.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	sch := compileSchema(t)
	for _, sc := range index {
		t.Run(sc.Name, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(dir, sc.File))
			if err != nil {
				t.Fatal(err)
			}
			if err := validate(t, sch, data); err != nil {
				t.Fatalf("%s does not validate against %s: %v", sc.File, schemaPath, err)
			}
			w, err := Read(sc.File, data)
			if err != nil {
				t.Fatal(err)
			}
			res, err := taskstart.Simulate(context.Background(), w)
			if err != nil {
				t.Fatal(err)
			}
			if string(res.Verdict) != sc.Verdict {
				t.Fatalf("verdict %s, want %s\n%s", res.Verdict, sc.Verdict, dumpResult(res))
			}
			if sc.Verdict == "pass" {
				return
			}
			var first *taskstart.Step
			for _, task := range res.Tasks {
				for i := range task.Steps {
					if st := &task.Steps[i]; first == nil && string(st.Status) == sc.Verdict {
						first = st
					}
				}
			}
			if first == nil || string(first.Step) != sc.Step || first.Container != sc.Container {
				t.Fatalf("first %s step %+v, want %s (container %q)\n%s", sc.Verdict, first, sc.Step, sc.Container, dumpResult(res))
			}
			if sc.Missing != "" && !strings.Contains(strings.Join(first.Missing, "\n"), sc.Missing) {
				t.Fatalf("missing %q, want it to mention %q", first.Missing, sc.Missing)
			}
			if sc.BlockedBy != "" && (first.Network == nil || string(first.Network.BlockedBy) != sc.BlockedBy) {
				t.Fatalf("network %+v, want blocked by %s\n%s", first.Network, sc.BlockedBy, dumpResult(res))
			}
		})
	}
}

func dumpResult(res *taskstart.Result) string {
	var b strings.Builder
	for _, task := range res.Tasks {
		b.WriteString(task.TaskDefinition + " " + string(task.Verdict) + "\n")
		for _, st := range task.Steps {
			b.WriteString("  " + string(st.Step) + " " + st.Container + " " + string(st.Status) + ": " + st.Summary + "\n")
			for _, m := range st.Missing {
				b.WriteString("    missing: " + m + "\n")
			}
			if st.Network != nil && st.Network.BlockedBy != "" {
				b.WriteString("    blocked by: " + string(st.Network.BlockedBy) + "\n")
			}
		}
	}
	return b.String()
}
