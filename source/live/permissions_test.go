package live

import (
	"bytes"
	"flag"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite docs/permissions.md's generated policy")

const (
	policyStart = "<!-- policy: generated from source/live.Calls by go test ./source/live -run TestPermissionsDoc -update -->\n```json\n"
	policyEnd   = "```\n<!-- end policy -->"
)

// docs/permissions.md prints the policy generated from Calls, the one list
// of the calls the reader makes.
func TestPermissionsDoc(t *testing.T) {
	path := filepath.Join("..", "..", "docs", "permissions.md")
	doc, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	pol, err := Policy()
	if err != nil {
		t.Fatal(err)
	}
	i := bytes.Index(doc, []byte(policyStart))
	j := bytes.Index(doc, []byte(policyEnd))
	if i < 0 || j < i {
		t.Fatalf("%s has no generated policy block (%q ... %q)", path, policyStart, policyEnd)
	}
	want := append(append([]byte{}, pol...), '\n')
	got := doc[i+len(policyStart) : j]
	if !bytes.Equal(got, want) {
		if *update {
			out := slices.Concat(doc[:i+len(policyStart)], want, doc[j:])
			if err := os.WriteFile(path, out, 0o644); err != nil {
				t.Fatal(err)
			}
			return
		}
		t.Errorf("%s's policy is not the one generated from Calls: go test ./source/live -run TestPermissionsDoc -update", path)
	}
}

// Every read the reader's code makes ((*reader).do, a static scan of its
// switch) is in Calls or OptInCalls, and every call in Calls has a read,
// apart from the identity and the service listing Read makes itself. The
// awstest-backed tests check the calls actually made
// (TestLiveCheckEqualsExample).
func TestCallsCoverEveryRead(t *testing.T) {
	if !slices.IsSorted(Calls) {
		t.Error("Calls is not sorted")
	}
	f, err := parser.ParseFile(token.NewFileSet(), "read.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string]bool{}
	for _, d := range f.Decls {
		fn, ok := d.(*ast.FuncDecl)
		if !ok || fn.Name.Name != "do" {
			continue
		}
		ast.Inspect(fn, func(n ast.Node) bool {
			if cc, ok := n.(*ast.CaseClause); ok {
				for _, e := range cc.List {
					if lit, ok := e.(*ast.BasicLit); ok {
						s, _ := strconv.Unquote(lit.Value)
						cases[s] = true
					}
				}
			}
			return true
		})
	}
	if len(cases) == 0 {
		t.Fatal("no reads found in (*reader).do")
	}
	// The organization and hosted zone walks are one read made of several
	// calls (organizations.go, route53.go), each named in a read literal.
	for file, prefix := range map[string]string{"organizations.go": "organizations:", "route53.go": "route53:"} {
		of, err := parser.ParseFile(token.NewFileSet(), file, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(of, func(n ast.Node) bool {
			if lit, ok := n.(*ast.BasicLit); ok {
				if s, _ := strconv.Unquote(lit.Value); strings.HasPrefix(s, prefix) && !strings.Contains(s, " ") {
					cases[s] = true
				}
			}
			return true
		})
	}
	for c := range cases {
		if _, optIn := OptInCalls[c]; !slices.Contains(Calls, c) && !optIn {
			t.Errorf("the reader calls %s, which Calls (docs/permissions.md) does not list", c)
		}
	}
	for _, c := range Calls {
		if !cases[c] && c != "sts:GetCallerIdentity" && c != "ecs:ListServices" {
			t.Errorf("Calls lists %s, which the reader never calls", c)
		}
	}
}
