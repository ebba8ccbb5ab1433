package tfplan

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	tfjson "github.com/hashicorp/terraform-json"
	"github.com/zclconf/go-cty/cty"

	"github.com/ecs-preflight/ecs-preflight/source"
)

// The plan JSON's configuration section leaves out two things Terraform
// modules use to link resources: `dynamic` blocks (Terraform CLI docs
// "JSON Output Format": the expressions of a resource are those of its
// static arguments and blocks; a dynamic block has none) and local values
// (the format has no locals). The terraform-aws-modules/ecs service module
// builds its network_configuration as a dynamic block over a local, and the
// vpc module links every resource to its VPC through local.vpc_id. With
// WithConfig the reader reads the configuration's .tf files for those two
// only: what a dynamic block's content and a local refer to.

// maxConfigFiles and maxConfigBytes bound the configuration read.
const (
	maxConfigFiles = 4096
	maxConfigBytes = 64 << 20
)

// WithConfig makes Load and Read also read the Terraform configuration the
// plan was made from: the root module's .tf files in fsys at dir, and each
// module call's, found as Terraform finds them (Terraform CLI docs "Module
// Sources": a local path starting with ./ or ../ is relative to the calling
// module; a module Terraform installed is listed in
// .terraform/modules/modules.json with its directory). Only dynamic blocks
// and locals are taken from it, and only in modules whose resources and
// module calls are exactly those the plan's configuration lists; a
// module whose files do not match, or cannot be found, is read from the
// plan alone, as without WithConfig.
func WithConfig(fsys fs.FS, dir string) Option {
	return func(o *options) error {
		if fsys == nil {
			return source.Errorf("tfplan: no file system for the configuration")
		}
		o.configFS, o.configDir = fsys, path.Clean(dir)
		return nil
	}
}

// WithConfigDir is WithConfig for a directory on disk.
func WithConfigDir(dir string) Option {
	return func(o *options) error {
		st, err := os.Stat(dir)
		if err != nil {
			return source.Errorf("tfplan: configuration directory %q: %v", dir, errors.Unwrap(err))
		}
		if !st.IsDir() {
			return source.Errorf("tfplan: configuration directory %q is not a directory", dir)
		}
		o.configFS, o.configDir = os.DirFS(dir), "."
		o.configName = dir
		return nil
	}
}

// hclModule is one module's .tf files, parsed.
type hclModule struct {
	dir       string
	resources map[string]*hclsyntax.Body // "aws_subnet.a", "data.aws_x.y"
	calls     map[string]*hclsyntax.Body // module blocks by name
	locals    map[string]hclsyntax.Expression
	outputs   map[string]hclsyntax.Expression
}

// readModule parses the .tf files of one module directory. A directory
// with no .tf file gives nil.
func (r *reader) readModule(dir string) (*hclModule, error) {
	ents, err := fs.ReadDir(r.opt.configFS, dir)
	if err != nil {
		return nil, nil
	}
	m := &hclModule{dir: dir, resources: map[string]*hclsyntax.Body{}, calls: map[string]*hclsyntax.Body{}, locals: map[string]hclsyntax.Expression{}, outputs: map[string]hclsyntax.Expression{}}
	n := 0
	for _, e := range ents {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".tf") {
			continue
		}
		r.cfgFiles++
		if r.cfgFiles > maxConfigFiles {
			return nil, fmt.Errorf("more than %d .tf files", maxConfigFiles)
		}
		name := path.Join(dir, e.Name())
		src, err := fs.ReadFile(r.opt.configFS, name)
		if err != nil {
			return nil, r.configError(name, hcl.Pos{}, err)
		}
		r.cfgBytes += len(src)
		if r.cfgBytes > maxConfigBytes {
			return nil, r.configError(name, hcl.Pos{}, fmt.Errorf("the configuration is larger than %d MiB", maxConfigBytes>>20))
		}
		f, diags := hclsyntax.ParseConfig(src, name, hcl.InitialPos)
		if diags.HasErrors() {
			d := diags.Errs()[0]
			var pos hcl.Pos
			var de *hcl.Diagnostic
			if errors.As(d, &de) && de.Subject != nil {
				pos = de.Subject.Start
			}
			msg := d.Error()
			if de != nil {
				msg = de.Summary + ": " + de.Detail
			}
			return nil, r.configError(name, pos, errors.New(msg))
		}
		body, _ := f.Body.(*hclsyntax.Body)
		if body == nil {
			continue
		}
		n++
		for _, b := range body.Blocks {
			switch {
			case b.Type == "resource" && len(b.Labels) == 2:
				m.resources[b.Labels[0]+"."+b.Labels[1]] = b.Body
			case b.Type == "data" && len(b.Labels) == 2:
				m.resources["data."+b.Labels[0]+"."+b.Labels[1]] = b.Body
			case b.Type == "module" && len(b.Labels) == 1:
				m.calls[b.Labels[0]] = b.Body
			case b.Type == "output" && len(b.Labels) == 1 && b.Body.Attributes["value"] != nil:
				m.outputs[b.Labels[0]] = b.Body.Attributes["value"].Expr
			case b.Type == "locals":
				for name, a := range b.Body.Attributes {
					m.locals[name] = a.Expr
				}
			}
		}
	}
	if n == 0 {
		return nil, nil
	}
	return m, nil
}

// configError is an InputError at a place in a .tf file.
func (r *reader) configError(name string, pos hcl.Pos, err error) error {
	file := name
	if r.opt.configName != "" {
		file = path.Join(r.opt.configName, name)
	}
	return &source.InputError{Kind: "configuration", File: file, Line: pos.Line, Column: pos.Column, Err: err}
}

// loadConfig reads the configuration for every module scope of the plan
// and expands the dynamic blocks of its resources into the scope's
// expressions.
func (r *reader) loadConfig() error {
	if r.opt.configFS == nil {
		return nil
	}
	installed := r.installedModules()
	for _, p := range slices.Sorted(maps.Keys(r.scopes)) {
		sc := r.scopes[p]
		dir := r.opt.configDir
		if sc.call != nil {
			if sc.parent == nil || sc.parent.src == nil {
				continue
			}
			key := strings.ReplaceAll(strings.TrimPrefix(p, "module."), ".module.", ".")
			switch d, ok := installed[key]; {
			case ok:
				dir = d
			case strings.HasPrefix(sc.call.Source, "./") || strings.HasPrefix(sc.call.Source, "../"):
				dir = path.Join(sc.parent.src.dir, sc.call.Source)
			default:
				continue
			}
			if !fs.ValidPath(dir) {
				continue
			}
		}
		m, err := r.readModule(dir)
		if err != nil {
			return err
		}
		if m == nil || !matches(sc, m) {
			continue
		}
		sc.src = m
	}
	for _, p := range slices.Sorted(maps.Keys(r.scopes)) {
		if sc := r.scopes[p]; sc.src != nil {
			r.expandDynamic(sc)
		}
	}
	return nil
}

// installedModules reads .terraform/modules/modules.json, which terraform
// init writes with each installed module's key ("vpc", "a.b") and
// directory, relative to the root module.
func (r *reader) installedModules() map[string]string {
	out := map[string]string{}
	b, err := fs.ReadFile(r.opt.configFS, path.Join(r.opt.configDir, ".terraform", "modules", "modules.json"))
	if err != nil {
		return out
	}
	var mj struct {
		Modules []struct{ Key, Dir string }
	}
	if json.Unmarshal(b, &mj) != nil {
		return out
	}
	for _, m := range mj.Modules {
		if m.Key != "" {
			out[m.Key] = path.Join(r.opt.configDir, path.Clean(m.Dir))
		}
	}
	return out
}

// matches reports whether the parsed files of a module hold exactly the
// resources and module calls the plan's configuration lists for it: files
// edited after the plan was made must not link anything.
func matches(sc *scope, m *hclModule) bool {
	if len(m.resources) != len(sc.res) || len(m.calls) != len(sc.mod.ModuleCalls) {
		return false
	}
	for a := range sc.res {
		if m.resources[a] == nil {
			return false
		}
	}
	for n := range sc.mod.ModuleCalls {
		if m.calls[n] == nil {
			return false
		}
	}
	return true
}

// expandDynamic adds the dynamic blocks of each resource of sc to its
// configuration expressions, as the plan JSON writes static blocks: one
// block per element of the for_each collection when the configuration
// decides the collection (Terraform language docs "dynamic Blocks": the
// content is generated once per element, the iterator, named by the
// iterator argument or else the block's label, holding key and value),
// else one block standing for every element. Each attribute of the
// content is a constant when the configuration decides it, else the
// references it narrows to; an attribute mixing both is left out, so it
// stays unknown.
func (r *reader) expandDynamic(sc *scope) {
	for _, a := range slices.Sorted(maps.Keys(sc.res)) {
		cr, body := sc.res[a], sc.src.resources[a]
		for _, blk := range body.Blocks {
			if blk.Type != "dynamic" || len(blk.Labels) != 1 {
				continue
			}
			nb := r.dynamicBlocks(sc, blk)
			if cr.Expressions == nil {
				cr.Expressions = map[string]*tfjson.Expression{}
			}
			e := cr.Expressions[blk.Labels[0]]
			if e == nil || e.ExpressionData == nil {
				e = &tfjson.Expression{ExpressionData: &tfjson.ExpressionData{}}
				cr.Expressions[blk.Labels[0]] = e
			}
			e.NestedBlocks = append(e.NestedBlocks, nb...)
		}
		if fe := body.Attributes["for_each"]; fe != nil {
			if r.forEach == nil {
				r.forEach = map[*tfjson.Expression]hclsyntax.Expression{}
			}
			for _, e := range cr.Expressions {
				markForEach(r.forEach, e, fe.Expr, 0)
			}
		}
	}
}

// markForEach files e and the expressions of its nested blocks under fe.
func markForEach(m map[*tfjson.Expression]hclsyntax.Expression, e *tfjson.Expression, fe hclsyntax.Expression, depth int) {
	if e == nil || e.ExpressionData == nil || depth > maxDepth {
		return
	}
	m[e] = fe
	for _, blk := range e.NestedBlocks {
		for _, x := range blk {
			markForEach(m, x, fe, depth+1)
		}
	}
}

func (r *reader) dynamicBlocks(sc *scope, blk *hclsyntax.Block) []map[string]*tfjson.Expression {
	fe := blk.Body.Attributes["for_each"]
	var content *hclsyntax.Body
	for _, c := range blk.Body.Blocks {
		if c.Type == "content" {
			content = c.Body
		}
	}
	if fe == nil || content == nil {
		return nil
	}
	iter := blk.Labels[0]
	if it := blk.Body.Attributes["iterator"]; it != nil {
		if k := hcl.ExprAsKeyword(it.Expr); k != "" {
			iter = k
		}
	}
	type elem struct {
		key     any
		kv, val cty.Value
	}
	var elems []elem
	coll := r.eval(sc, sc.path, fe.Expr, nil, 0)
	if coll.IsKnown() && !coll.IsNull() && coll.CanIterateElements() && coll.LengthInt() <= 4096 {
		for it := coll.ElementIterator(); it.Next(); {
			k, v := it.Element()
			var key any = anyKey
			if kg, ok := ctyToGo(k); ok {
				switch x := kg.(type) {
				case string, float64:
					key = x
				}
			}
			if coll.Type().IsSetType() {
				key = anyKey
			}
			elems = append(elems, elem{key: key, kv: k, val: v})
		}
	} else {
		elems = []elem{{key: anyKey, kv: cty.DynamicVal, val: cty.DynamicVal}}
	}
	var out []map[string]*tfjson.Expression
	for _, el := range elems {
		b := map[string]binding{iter: {coll: fe.Expr, key: el.key, keyVal: el.kv, val: el.val, iter: true}}
		m := map[string]*tfjson.Expression{}
		for name, attr := range content.Attributes {
			if v, ok := ctyToGo(r.eval(sc, sc.path, attr.Expr, b, 0)); ok {
				m[name] = &tfjson.Expression{ExpressionData: &tfjson.ExpressionData{ConstantValue: v}}
				continue
			}
			var n narrowed
			r.refsOf(sc, attr.Expr, nil, b, 0, &n)
			if len(n.missing) > 0 || len(n.vals) > 0 && len(n.refs) > 0 {
				continue
			}
			if len(n.refs) == 0 {
				m[name] = &tfjson.Expression{ExpressionData: &tfjson.ExpressionData{ConstantValue: strsAny(n.vals)}}
				continue
			}
			m[name] = &tfjson.Expression{ExpressionData: &tfjson.ExpressionData{References: slices.Compact(n.refs)}}
		}
		out = append(out, m)
	}
	return out
}

func strsAny(v []string) any {
	out := make([]any, len(v))
	for i, s := range v {
		out[i] = s
	}
	return out
}
