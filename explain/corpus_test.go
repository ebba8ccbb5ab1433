package explain

import (
	"encoding/json"
	"os"
	"slices"
	"testing"
)

// corpusEntry is one real text from a public source (testdata/corpus.json):
// the step it failed at and the causes the source names (any of them in
// the top three is a hit).
type corpusEntry struct {
	Text   string   `json:"text"`
	Source string   `json:"source"`
	Step   string   `json:"step"`
	Causes []string `json:"causes"`
	Family string   `json:"family"`
}

func loadCorpus(t testing.TB) []corpusEntry {
	t.Helper()
	data, err := os.ReadFile("testdata/corpus.json")
	if err != nil {
		t.Fatal(err)
	}
	var c []corpusEntry
	if err := json.Unmarshal(data, &c); err != nil {
		t.Fatal(err)
	}
	return c
}

// TestCorpusAccuracy classifies every text of the corpus and fails under
// 95% of steps right or 90% of texts with an expected cause in the top
// three.
func TestCorpusAccuracy(t *testing.T) {
	corpus := loadCorpus(t)
	if len(corpus) < 80 {
		t.Fatalf("corpus has %d texts, want at least 80", len(corpus))
	}
	steps, causes, families, withFamily := 0, 0, 0, 0
	seenStep := map[string]bool{}
	seenFamily := map[string]bool{}
	for _, c := range corpus {
		if c.Source == "" || c.Text == "" || len(c.Causes) == 0 {
			t.Errorf("corpus entry %q: want text, source and causes", c.Text)
		}
		seenStep[c.Step] = true
		e := Classify(c.Text)
		if e.Step == c.Step {
			steps++
		} else {
			t.Logf("step: %s: got %s, want %s\n\t%.160s", c.Source, e.Step, c.Step, c.Text)
		}
		var top []string
		for i, k := range e.Causes {
			if i < 3 {
				top = append(top, k.Cause)
			}
		}
		if slices.ContainsFunc(c.Causes, func(want string) bool { return slices.Contains(top, want) }) {
			causes++
		} else {
			t.Logf("cause: %s: got %v, want one of %v\n\t%.160s", c.Source, top, c.Causes, c.Text)
		}
		if c.Family != "" {
			withFamily++
			seenFamily[c.Family] = true
			if e.LaunchType == c.Family {
				families++
			} else {
				t.Logf("family: %s: got %s, want %s", c.Source, e.LaunchType, c.Family)
			}
		}
	}
	n := float64(len(corpus))
	stepAcc, causeAcc := float64(steps)/n, float64(causes)/n
	t.Logf("corpus %d texts: step %d (%.1f%%), cause in top 3 %d (%.1f%%), wording family %d of %d", len(corpus), steps, 100*stepAcc, causes, 100*causeAcc, families, withFamily)
	if stepAcc < 0.95 {
		t.Errorf("step accuracy %.1f%%, want at least 95%%", 100*stepAcc)
	}
	if causeAcc < 0.90 {
		t.Errorf("cause-in-top-3 accuracy %.1f%%, want at least 90%%", 100*causeAcc)
	}
	for _, s := range []string{StepExecutionRole, StepRegistryAuth, StepImageManifest, StepImageLayers, StepSecrets, StepEnvironmentFiles, StepLogs, StepTaskDefinition} {
		if !seenStep[s] {
			t.Errorf("corpus has no text of step %s", s)
		}
	}
	if !seenFamily[FamilyFargate] || !seenFamily[FamilyEC2] {
		t.Errorf("corpus families %v, want both wording families", seenFamily)
	}
}
