package corpus

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadRepositoryCorpus(t *testing.T) {
	files, err := Load(filepath.Join("..", "..", "testdata", "corpus"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no corpus files")
	}
	for i, f := range files {
		if i > 0 && files[i-1].Path >= f.Path {
			t.Errorf("files not sorted: %s before %s", files[i-1].Path, f.Path)
		}
		if f.Page == "" || len(f.Cases) == 0 {
			t.Errorf("%s: page %q, %d cases", f.Path, f.Page, len(f.Cases))
		}
	}
}

func TestExpand(t *testing.T) {
	f, err := Parse("x.json", []byte(`{
	  "page": "IAM-UG \"Policy evaluation logic\"",
	  "principals": {"default": {"arn": "arn:aws:iam::111122223333:user/a"}, "svc": {"service": "ecs-tasks.amazonaws.com"}},
	  "policies": {"P": {"Statement": []}, "Q": {"Statement": [{"Effect": "Allow", "Action": "*"}]}},
	  "cases": [
	    {"name": "one", "source": "s", "expect": "allow", "action": "a:b", "resource": "*",
	     "policies": {"identity": ["P", "Q"], "scps": [["P"], ["Q"]], "resource": "Q", "unresolved": ["P"], "unresolvedPolicies": [{"name": "Q", "layer": "identity"}], "resourceRequired": true}},
	    {"name": "two", "source": "s", "expect": "unknown", "principal": "svc", "action": "a:b", "resource": "*"},
	    {"name": "three", "source": "s", "expect": "unknown", "principal": {"arn": "arn:aws:iam::1:user/inline"}, "action": "a:b", "resource": "*"}
	  ]
	}`))
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Cases) != 3 || f.Page != `IAM-UG "Policy evaluation logic"` {
		t.Fatalf("file = %+v", f)
	}
	var one struct {
		Name      string
		Principal struct{ ARN string }
		Policies  struct {
			Identity []struct {
				Name     string
				Document json.RawMessage
			}
			SCPs               [][]struct{ Name string }
			Resource           struct{ Name string }
			Unresolved         []string
			UnresolvedPolicies []struct{ Name, Layer string }
			ResourceRequired   bool
		}
	}
	if err := json.Unmarshal(f.Cases[0].Doc, &one); err != nil {
		t.Fatal(err)
	}
	p := one.Policies
	switch {
	case one.Name != "one", one.Principal.ARN != "arn:aws:iam::111122223333:user/a":
		t.Errorf("case one: %+v", one)
	case len(p.Identity) != 2 || p.Identity[0].Name != "P" || !strings.Contains(string(p.Identity[1].Document), "Allow"):
		t.Errorf("identity not resolved: %+v", p.Identity)
	case len(p.SCPs) != 2 || p.SCPs[1][0].Name != "Q" || p.Resource.Name != "Q":
		t.Errorf("levels or resource not resolved: %+v", p)
	case len(p.Unresolved) != 1 || p.Unresolved[0] != "P" || len(p.UnresolvedPolicies) != 1 || !p.ResourceRequired:
		// Unresolved names are names of missing documents, not references.
		t.Errorf("unresolved or flags changed: %+v", p)
	}
	if !strings.Contains(string(f.Cases[1].Doc), "ecs-tasks.amazonaws.com") {
		t.Errorf("named principal not expanded: %s", f.Cases[1].Doc)
	}
	if !strings.Contains(string(f.Cases[2].Doc), "user/inline") {
		t.Errorf("inline principal not kept: %s", f.Cases[2].Doc)
	}
}

func TestParseErrors(t *testing.T) {
	const head = `"page": "p", "principals": {"default": {"arn": "a"}}, "policies": {"P": {}}`
	tests := []struct{ name, doc, want string }{
		{"malformed JSON", `{`, `corpus "c.json": unexpected end of JSON input`},
		{"a page is required", `{"cases": []}`, `corpus "c.json": missing "page"`},
		{"name, source and expect are required", `{` + head + `, "cases": [{"name": "n", "source": "s"}]}`, `corpus "c.json": cases[0]: name, source and expect are required`},
		{"names are unique", `{` + head + `, "cases": [{"name": "n", "source": "s", "expect": "allow"}, {"name": "n", "source": "s", "expect": "allow"}]}`, `corpus "c.json": cases[1]: duplicate name "n"`},
		{"unknown principal", `{` + head + `, "cases": [{"name": "n", "source": "s", "expect": "allow", "principal": "nobody"}]}`, `corpus "c.json": cases[0]: unknown principal "nobody"`},
		{"default principal must exist", `{"page": "p", "cases": [{"name": "n", "source": "s", "expect": "allow"}]}`, `corpus "c.json": cases[0]: unknown principal "default"`},
		{"unknown policy", `{` + head + `, "cases": [{"name": "n", "source": "s", "expect": "allow", "policies": {"identity": ["Q"]}}]}`, `corpus "c.json": cases[0]: policies.identity: unknown policy "Q"`},
		{"unknown policy in a level", `{` + head + `, "cases": [{"name": "n", "source": "s", "expect": "allow", "policies": {"scps": [["P"], ["Q"]]}}]}`, `corpus "c.json": cases[0]: policies.scps: unknown policy "Q"`},
		{"policies must be an object", `{` + head + `, "cases": [{"name": "n", "source": "s", "expect": "allow", "policies": []}]}`, `corpus "c.json": cases[0]: policies: json: cannot unmarshal array`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("c.json", []byte(tt.doc))
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("error = %v, want prefix %q", err, tt.want)
			}
		})
	}
}

func TestLoadErrors(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "bad.json"), []byte(`{"cases": []}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(dir); err == nil || !strings.Contains(err.Error(), `missing "page"`) {
		t.Errorf("Load = %v, want the file's error", err)
	}
	if _, err := Load("["); err == nil {
		t.Error("Load of a malformed glob succeeded")
	}
	files, err := Load(filepath.Join(dir, "none"))
	if err != nil || len(files) != 0 {
		t.Errorf("Load of an empty directory = %v, %v", files, err)
	}
}
