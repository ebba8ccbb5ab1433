package iam_test

import (
	"testing"

	"github.com/ecs-preflight/ecs-preflight/iam"
	"github.com/ecs-preflight/ecs-preflight/iam/internal/corpus"
	"github.com/ecs-preflight/ecs-preflight/iam/simulation"
)

// minCorpus is the number of documentation-derived decisions the shared
// corpus must hold, so that cases cannot be dropped unnoticed; the Go
// tables in this package add more.
const minCorpus = 250

// TestCorpus runs the shared decision corpus (testdata/corpus, one file per
// documentation page) through Evaluate. iam/simulation runs the same files
// through the reader `ecs-preflight iam` uses.
func TestCorpus(t *testing.T) {
	files, err := corpus.Load("testdata/corpus")
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, f := range files {
		t.Run(f.Page, func(t *testing.T) {
			for _, c := range f.Cases {
				t.Run(c.Name, func(t *testing.T) {
					s, err := simulation.Read(f.Path, c.Doc)
					if err != nil {
						t.Fatalf("%v\n%s", err, c.Doc)
					}
					d := iam.Evaluate(s.Request, s.Layers)
					if d.Effect != s.Expect {
						t.Fatalf("source %s\ndecision %s, want %s\nreason %q deniedBy %q missing %q\n%s", c.Source, d.Effect, s.Expect, d.Reason, d.DeniedBy, d.Missing, c.Doc)
					}
					switch d.Effect {
					case iam.Allow:
						if len(d.Deciding) == 0 {
							t.Error("allow cites no statement")
						}
					case iam.ImplicitDeny, iam.ExplicitDeny:
						if d.Reason == "" || d.DeniedBy == "" {
							t.Errorf("deny without Reason or DeniedBy: %+v", d)
						}
					case iam.Unknown:
						if len(d.Missing) == 0 {
							t.Error("unknown without Missing")
						}
					}
				})
			}
		})
		t.Logf("%3d  %s", len(f.Cases), f.Page)
		total += len(f.Cases)
	}
	t.Logf("%3d  decisions in the corpus", total)
	if total < minCorpus {
		t.Errorf("corpus has %d decisions, want at least %d", total, minCorpus)
	}
}
