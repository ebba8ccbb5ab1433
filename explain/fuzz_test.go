package explain

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzClassify: any text classifies without a panic, to a known step and
// causes of the contract's vocabulary; the corpus seeds it.
func FuzzClassify(f *testing.F) {
	for _, c := range loadCorpus(f) {
		f.Add(c.Text)
	}
	f.Add("")
	f.Add("\\")
	f.Add("dial tcp 10.")
	f.Fuzz(func(t *testing.T, in string) {
		e := Classify(in)
		switch e.Step {
		case StepTaskDefinition, StepExecutionRole, StepRegistryAuth, StepImageManifest, StepImageLayers, StepSecrets, StepEnvironmentFiles, StepLogs, StepUnknown:
		default:
			t.Fatalf("step %q", e.Step)
		}
		for _, c := range e.Causes {
			if !causeRE.MatchString(c.Cause) || c.Why == "" {
				t.Fatalf("cause %+v", c)
			}
		}
		if e.Action != "" && !actionIDRE.MatchString(e.Action) {
			t.Fatalf("action %q", e.Action)
		}
		if utf8.ValidString(in) && e.Input != strings.TrimSpace(in) {
			t.Fatalf("input %q, want %q", e.Input, strings.TrimSpace(in))
		}
	})
}

// BenchmarkClassify1MB classifies one line of a megabyte: the matchers are
// a fixed number of linear scans.
func BenchmarkClassify1MB(b *testing.B) {
	line := strings.Repeat("CannotPullContainerError: ref pull has been retried 1 time(s): ", 1<<20/64)
	b.SetBytes(int64(len(line)))
	b.ReportAllocs()
	for b.Loop() {
		Classify(line)
	}
}

// BenchmarkClassifyReason classifies a typical stoppedReason.
func BenchmarkClassifyReason(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		Classify(copilotASM)
	}
}

// causeRE and actionIDRE are the contract's own patterns.
var causeRE, actionIDRE = schemaPatterns()

func schemaPatterns() (*regexp.Regexp, *regexp.Regexp) {
	var s struct {
		Properties struct {
			Action struct{ Pattern string }
			Causes struct {
				Items struct {
					Properties struct{ Cause struct{ Pattern string } }
				}
			}
		}
	}
	if err := json.Unmarshal(Schema, &s); err != nil {
		panic(err)
	}
	return regexp.MustCompile(s.Properties.Causes.Items.Properties.Cause.Pattern), regexp.MustCompile(s.Properties.Action.Pattern)
}
