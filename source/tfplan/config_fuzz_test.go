package tfplan

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/ecs-preflight/ecs-preflight/source"
)

// FuzzRefsOf narrows any expression, at any path, in a module with any
// locals: it never panics, stays within its work bound, and every
// reference it writes is one the resolver reads (splitTraversal).
func FuzzRefsOf(f *testing.F) {
	f.Add(narrowModule, `flatten(concat([try(aws_security_group.this[0].id, [])], var.extra))`, `x`)
	f.Add(narrowModule, `[local.cfg]`, `x[0].subnets`)
	f.Add(narrowModule, `{ for k, v in var.rules : k => v if v != null }`, `x["alb"].sg`)
	f.Add(`locals { a = [for s in aws_subnet.a : s.id] }`, `element(local.a, count.index)`, `x`)
	f.Add(`locals { a = local.a }`, `var.on ? local.a : lookup(var.m, "k", null)`, `x.y`)
	f.Fuzz(func(t *testing.T, mod, expr, path string) {
		r := newReader("plan.json", nil, options{configFS: fstest.MapFS{"main.tf": {Data: []byte(mod)}}, configDir: "."})
		m, err := r.readModule(".")
		if err != nil || m == nil {
			return
		}
		e, diags := hclsyntax.ParseExpression([]byte(expr), "e.tf", hcl.InitialPos)
		if diags.HasErrors() {
			return
		}
		steps, ok := splitTraversal(path)
		if !ok {
			return
		}
		sc := &scope{src: m}
		var n narrowed
		r.refsOf(sc, e, steps[1:], nil, 0, &n)
		for _, ref := range n.refs {
			if _, ok := splitTraversal(ref); !ok {
				t.Errorf("refsOf wrote %q, which is not a reference", ref)
			}
		}
		r.eval(sc, "", e, nil, 0)
		if r.cfgWork > maxConfigWork+maxDepth {
			t.Errorf("%d steps, over the bound %d", r.cfgWork, maxConfigWork)
		}
	})
}

// FuzzConfigResolve reads the modules-fargate plan with its configuration,
// the service module's file replaced by the fuzzer's: the dynamic blocks,
// locals, for_each and module arguments it holds are resolved against the
// plan. It never panics, and a file that does not parse is an InputError
// at a line.
func FuzzConfigResolve(f *testing.F) {
	dir := filepath.Join("testdata", "real", "modules-fargate")
	plan, err := os.ReadFile(filepath.Join(dir, "plan.json"))
	if err != nil {
		f.Fatal(err)
	}
	fsys := fstest.MapFS{}
	for _, p := range []string{"main.tf", "modules/vpc/main.tf", "modules/alb/main.tf", "modules/cluster/main.tf", "modules/service/main.tf"} {
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p)))
		if err != nil {
			f.Fatal(err)
		}
		fsys[p] = &fstest.MapFile{Data: b}
	}
	f.Add(string(fsys["modules/service/main.tf"].Data))
	f.Add(string(fsys["modules/vpc/main.tf"].Data))
	f.Fuzz(func(t *testing.T, svc string) {
		m := fstest.MapFS{}
		for k, v := range fsys {
			m[k] = v
		}
		m["modules/service/main.tf"] = &fstest.MapFile{Data: []byte(svc)}
		_, err := Read("plan.json", plan, WithConfig(m, "."), WithAccount("111122223333"))
		var ie *source.InputError
		if err != nil && (!errors.As(err, &ie) || ie.Kind == "configuration" && ie.Line == 0) {
			t.Errorf("error %v (%#v), want an InputError at a line", err, ie)
		}
	})
}
