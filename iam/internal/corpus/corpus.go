// Package corpus reads the shared IAM decision corpus in iam/testdata/corpus:
// cases built from the AWS documentation, each a simulation document (the
// format of docs/iam-simulation.md) with the decision the documentation
// says it reaches. Every evaluator runs the same cases: the iam package's
// tests, and the iam/simulation reader that `ecs-preflight iam` uses.
//
// A corpus file groups the cases of one documentation page and lets them
// share principals and policies by name, so that a case stays one line:
//
//	{
//	  "page": "IAM-UG \"Session policies\"",
//	  "principals": {"default": {"arn": "...", "roleArn": "...", "accountId": "..."}},
//	  "policies": {"S3Only": {"Version": "2012-10-17", "Statement": [...]}},
//	  "cases": [
//	    {"name": "...", "source": "the example or table on the page",
//	     "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k",
//	     "policies": {"identity": ["S3Only"], "session": ["S3Only"]},
//	     "expect": "allow"}
//	  ]
//	}
//
// A case's "principal" may be a name from "principals" (absent means
// "default"); a policy entry may be a name from "policies" instead of
// {"name", "document"}. Expand turns a case into a standalone simulation
// document.
package corpus

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
)

// File is one corpus file.
type File struct {
	Path  string
	Page  string
	Cases []Case
}

// Case is one expanded case.
type Case struct {
	Name, Source, Expect string
	// Doc is a standalone simulation document.
	Doc []byte
}

type rawFile struct {
	Page       string                     `json:"page"`
	Principals map[string]json.RawMessage `json:"principals"`
	Policies   map[string]json.RawMessage `json:"policies"`
	Cases      []map[string]json.RawMessage
}

// Load reads every *.json file of dir, sorted by name.
func Load(dir string) ([]File, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return nil, err
	}
	slices.Sort(paths)
	var out []File
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		f, err := Parse(p, data)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, nil
}

// Parse reads one corpus file.
func Parse(path string, data []byte) (File, error) {
	var rf rawFile
	if err := json.Unmarshal(data, &rf); err != nil {
		return File{}, fmt.Errorf("corpus %q: %w", path, err)
	}
	if rf.Page == "" {
		return File{}, fmt.Errorf("corpus %q: missing \"page\"", path)
	}
	f := File{Path: path, Page: rf.Page}
	names := map[string]bool{}
	for i, c := range rf.Cases {
		out, err := expand(&rf, c)
		if err != nil {
			return File{}, fmt.Errorf("corpus %q: cases[%d]: %w", path, i, err)
		}
		if out.Name == "" || out.Source == "" || out.Expect == "" {
			return File{}, fmt.Errorf("corpus %q: cases[%d]: name, source and expect are required", path, i)
		}
		if names[out.Name] {
			return File{}, fmt.Errorf("corpus %q: cases[%d]: duplicate name %q", path, i, out.Name)
		}
		names[out.Name] = true
		f.Cases = append(f.Cases, out)
	}
	return f, nil
}

func str(m map[string]json.RawMessage, k string) string {
	var s string
	_ = json.Unmarshal(m[k], &s)
	return s
}

func expand(rf *rawFile, c map[string]json.RawMessage) (Case, error) {
	out := Case{Name: str(c, "name"), Source: str(c, "source"), Expect: str(c, "expect")}
	doc := make(map[string]json.RawMessage, len(c))
	maps.Copy(doc, c)
	// The principal: a name, or absent for "default".
	p, ok := c["principal"]
	var name string
	if !ok {
		name = "default"
	} else if json.Unmarshal(p, &name) != nil {
		name = ""
	}
	if name != "" {
		v, ok := rf.Principals[name]
		if !ok {
			return out, fmt.Errorf("unknown principal %q", name)
		}
		doc["principal"] = v
	}
	if raw, ok := c["policies"]; ok {
		var pol map[string]json.RawMessage
		if err := json.Unmarshal(raw, &pol); err != nil {
			return out, fmt.Errorf("policies: %w", err)
		}
		for k, v := range pol {
			if k == "unresolved" || k == "unresolvedPolicies" {
				continue // names of missing policies, not references
			}
			e, err := resolve(rf, v)
			if err != nil {
				return out, fmt.Errorf("policies.%s: %w", k, err)
			}
			pol[k] = e
		}
		b, err := json.Marshal(pol)
		if err != nil {
			return out, err
		}
		doc["policies"] = b
	}
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return out, err
	}
	out.Doc = b
	return out, nil
}

// resolve replaces policy names by {"name", "document"} objects, in a
// single entry, a list, or a list of lists; other values pass through.
func resolve(rf *rawFile, v json.RawMessage) (json.RawMessage, error) {
	var name string
	if json.Unmarshal(v, &name) == nil {
		d, ok := rf.Policies[name]
		if !ok {
			return nil, fmt.Errorf("unknown policy %q", name)
		}
		return json.Marshal(map[string]json.RawMessage{"name": mustJSON(name), "document": d})
	}
	var list []json.RawMessage
	if json.Unmarshal(v, &list) == nil {
		for i, e := range list {
			r, err := resolve(rf, e)
			if err != nil {
				return nil, err
			}
			list[i] = r
		}
		return json.Marshal(list)
	}
	return v, nil
}

func mustJSON(s string) json.RawMessage {
	b, _ := json.Marshal(s)
	return b
}
