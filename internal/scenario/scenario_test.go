package scenario

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadRepositoryIndexes(t *testing.T) {
	for _, dir := range []string{"../../source/cloudformation/testdata/scenarios", "../../source/tfplan/testdata/scenarios"} {
		scs, err := Load(dir)
		if err != nil {
			t.Fatal(err)
		}
		if len(scs) == 0 {
			t.Errorf("%s: no scenarios", dir)
		}
	}
}

func TestLoad(t *testing.T) {
	for _, tc := range []struct {
		name, index, err string
		want             Scenario
	}{
		{name: "name defaults to the file", index: `[{"file": "a.yaml", "verdict": "fail", "step": "logs", "container": "app"}]`,
			want: Scenario{Name: "a", File: "a.yaml", Verdict: "fail", Step: "logs", Container: "app"}},
		{name: "pass needs no step", index: `[{"name": "x", "file": "a.yaml", "why": "w", "verdict": "pass"}]`,
			want: Scenario{Name: "x", File: "a.yaml", Why: "w", Verdict: "pass"}},
		{name: "unknown field", index: `[{"file": "a.yaml", "verdict": "pass", "stepp": "logs"}]`, err: `unknown field "stepp"`},
		{name: "no file", index: `[{"verdict": "pass"}]`, err: "has no file"},
		{name: "missing file", index: `[{"file": "b.yaml", "verdict": "pass"}]`, err: "b.yaml"},
		{name: "bad verdict", index: `[{"file": "a.yaml", "verdict": "ok"}]`, err: `verdict "ok"`},
		{name: "fail without step", index: `[{"file": "a.yaml", "verdict": "fail"}]`, err: "names no step"},
		{name: "duplicate", index: `[{"file": "a.yaml", "verdict": "pass"}, {"name": "a", "file": "a.yaml", "verdict": "pass"}]`, err: "appears twice"},
		{name: "not an array", index: `{}`, err: "reading"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "a.yaml"), []byte("Resources: {}\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "index.json"), []byte(tc.index), 0o644); err != nil {
				t.Fatal(err)
			}
			scs, err := Load(dir)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("err %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := scs[0]
			if got.Name != tc.want.Name || got.File != tc.want.File || got.Why != tc.want.Why || got.Verdict != tc.want.Verdict || got.Step != tc.want.Step || got.Container != tc.want.Container {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
	if _, err := Load(t.TempDir()); err == nil {
		t.Error("no index.json: no error")
	}
}
