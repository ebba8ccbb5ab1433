// Package scenario reads the scenario index of the input readers' test
// data, so that the reader tests and the command's tests agree on what each
// scenario must give.
//
// A scenario directory (source/cloudformation/testdata/scenarios,
// source/tfplan/testdata/scenarios, source/snapshot/testdata/scenarios)
// holds input files and an index.json: a
// JSON array with one object per scenario. The fields are
//
//	name         the test name; defaults to file without its extension
//	file         the input, relative to the directory (a template, or a
//	             plan as `terraform show -json` writes it)
//	why          what the input shows and why the verdict follows; the plan
//	             index spells it "description"
//	region       --region / WithRegion, when the scenario sets one
//	account      --account / WithAccount, when the scenario sets one
//	parameters   template parameter values (--parameter KEY=VALUE)
//	verdict      the run's verdict: "pass", "fail" or "unknown"
//	step         for fail and unknown, the first step with that status
//	             (the blamed step): "task-definition", "registry-auth", ...
//	container    that step's container; "" for task-level steps
//	missing      a substring of that step's missing facts
//	subject      that step's subject
//	blockedBy    that step's network block ("route", "security-group", ...)
//	iamDecision  that step's IAM decision
//	secrets      sensitive values in the input that must not reach the world
//
// Unknown fields are an error, so that a misspelt expectation is not
// silently ignored.
package scenario

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Scenario is one entry of index.json.
type Scenario struct {
	Name        string            `json:"name,omitempty"`
	File        string            `json:"file"`
	Why         string            `json:"why,omitempty"`
	Description string            `json:"description,omitempty"`
	Region      string            `json:"region,omitempty"`
	Account     string            `json:"account,omitempty"`
	Parameters  map[string]string `json:"parameters,omitempty"`
	Verdict     string            `json:"verdict"`
	Step        string            `json:"step,omitempty"`
	Container   string            `json:"container,omitempty"`
	Missing     string            `json:"missing,omitempty"`
	Subject     string            `json:"subject,omitempty"`
	BlockedBy   string            `json:"blockedBy,omitempty"`
	IAMDecision string            `json:"iamDecision,omitempty"`
	Secrets     []string          `json:"secrets,omitempty"`
}

// Load reads dir/index.json and checks each entry: a file that exists in
// dir, a verdict of pass, fail or unknown, and a blamed step for every
// verdict but pass. Names default to the file name without its extension
// and must be unique.
func Load(dir string) ([]Scenario, error) {
	path := filepath.Join(dir, "index.json")
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var out []Scenario
	if err := dec.Decode(&out); err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	seen := map[string]bool{}
	for i := range out {
		sc := &out[i]
		if sc.File == "" {
			return nil, fmt.Errorf("%s: entry %d has no file", path, i)
		}
		if sc.Name == "" {
			sc.Name = strings.TrimSuffix(sc.File, filepath.Ext(sc.File))
		}
		if seen[sc.Name] {
			return nil, fmt.Errorf("%s: scenario %q appears twice", path, sc.Name)
		}
		seen[sc.Name] = true
		if _, err := os.Stat(filepath.Join(dir, sc.File)); err != nil {
			return nil, fmt.Errorf("%s: scenario %q: %w", path, sc.Name, err)
		}
		switch sc.Verdict {
		case "pass":
		case "fail", "unknown":
			if sc.Step == "" {
				return nil, fmt.Errorf("%s: scenario %q: verdict %s names no step", path, sc.Name, sc.Verdict)
			}
		default:
			return nil, fmt.Errorf("%s: scenario %q: verdict %q, want pass, fail or unknown", path, sc.Name, sc.Verdict)
		}
	}
	return out, nil
}
