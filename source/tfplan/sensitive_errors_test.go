package tfplan_test

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/source/tfplan"
)

// codeLiterals returns the string literals of the package's source (not its
// tests) that match re: the resource types and attribute names the reader
// reads, so the test below follows the code without a hand list.
func codeLiterals(t *testing.T, re *regexp.Regexp) []string {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	fset := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		file, err := parser.ParseFile(fset, f, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
				if s, err := strconv.Unquote(lit.Value); err == nil && re.MatchString(s) {
					seen[s] = true
				}
			}
			return true
		})
	}
	return slices.Sorted(func(yield func(string) bool) {
		for s := range seen {
			if !yield(s) {
				return
			}
		}
	})
}

// TestSensitiveValueNeverInErrors puts a value marked sensitive
// (Terraform CLI docs "JSON Output Format": after_sensitive) into every
// attribute name of every resource type the reader knows, as a string, a
// number and a list of objects, and checks that no error shows it.
func TestSensitiveValueNeverInErrors(t *testing.T) {
	types := codeLiterals(t, regexp.MustCompile(`^aws_[a-z0-9_]+$`))
	attrs := codeLiterals(t, regexp.MustCompile(`^[a-z][a-z0-9_]*$`))
	if len(types) < 10 || len(attrs) < 20 {
		t.Fatalf("found %d types and %d attribute names in the source; the test would prove little", len(types), len(attrs))
	}
	const secret = "s3cr3t-sensitive-value"
	values := []any{secret, 987654321, []any{map[string]any{"k": secret}}}
	var reads, errs int
	for _, typ := range types {
		for _, attr := range attrs {
			for _, v := range values {
				sens := map[string]any{attr: true}
				plan := map[string]any{"format_version": "1.2", "resource_changes": []any{map[string]any{
					"address": typ + ".x", "type": typ, "name": "x", "mode": "managed",
					"change": map[string]any{"actions": []any{"create"}, "after": map[string]any{attr: v}, "after_sensitive": sens}}}}
				data, err := json.Marshal(plan)
				if err != nil {
					t.Fatal(err)
				}
				reads++
				if _, err := tfplan.Read("p.json", data); err != nil {
					errs++
					if msg := err.Error(); strings.Contains(msg, secret) || strings.Contains(msg, "987654321") {
						t.Errorf("%s.%s = %v: error shows the sensitive value: %s", typ, attr, v, msg)
					}
				}
			}
		}
	}
	t.Logf("%d reads, %d errors", reads, errs)
	if errs == 0 {
		t.Fatal("no read failed; the plans do not reach the error paths")
	}
}
