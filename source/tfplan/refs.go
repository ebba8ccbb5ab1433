package tfplan

import (
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2/hclsyntax"
	tfjson "github.com/hashicorp/terraform-json"

	"github.com/ecs-preflight/ecs-preflight/world"
)

// maxDepth bounds reference chains (a module output naming a variable
// naming another module's output ...) and guards against cycles.
const maxDepth = 24

// link is a resource instance a reference names, with the attribute it
// reads ("" when the reference names the whole instance, as a splat does).
type link struct {
	in   *inst
	attr string
}

// resolved is what a list of references leads to.
type resolved struct {
	links   []link
	values  []string // strings known through variables and constants
	missing []string // references that could not be followed
	known   bool     // some reference was followed to a value or link
	local   bool     // some reference is a local value, which the plan JSON does not hold
}

// resolveRefs follows the references of one expression, written in module
// scope sc whose instance address is mod, from an instance with key idx.
// Terraform lists each reference from the most to the least specific
// (aws_subnet.a[0].id, aws_subnet.a[0], aws_subnet.a); the most specific
// one decides which instances are meant.
//
// fe is the for_each expression of the resource the references are
// written in, from the .tf files (config.go), or nil: each.value reads
// the element of key idx of it.
func (r *reader) resolveRefs(sc *scope, mod string, idx any, refs []string, fe hclsyntax.Expression, depth int) resolved {
	var out resolved
	if depth > maxDepth {
		out.missing = append(out.missing, "a reference chain deeper than "+strconv.Itoa(maxDepth))
		return out
	}
	type target struct {
		addr  string
		keys  []any
		keyed bool
		attr  string
	}
	var order []string
	targets := map[string]*target{}
	perIndex := false
	seen := map[string]bool{}
	for _, ref := range refs {
		steps, ok := splitTraversal(ref)
		if !ok {
			out.missing = append(out.missing, ref+" (not a reference)")
			continue
		}
		// Terraform CLI docs "References to Named Values": the first
		// name says what a reference names.
		switch steps[0].name {
		case "count", "each":
			if steps[0].name == "each" && len(steps) > 1 && steps[1].name == "value" && steps[1].key == nil {
				// Terraform lists each.value.x before each.value; the
				// longest decides.
				if slices.ContainsFunc(refs, func(o string) bool { return hasPrefixDot(o, ref) }) {
					continue
				}
				if s, ok := idx.(string); ok && fe != nil && sc != nil && sc.src != nil {
					out.merge(r.resolveNarrowed(sc, mod, idx, fe, append([]step{{key: s}}, steps[2:]...), nil, depth+1))
					continue
				}
				// Terraform CLI docs "JSON Output Format": the for_each
				// collection's elements are not in the plan, only the
				// references of its expression.
				out.missing = append(out.missing, ref+" (an element of the for_each collection, which the plan JSON does not hold)")
				continue
			}
			perIndex = true
			continue
		case "path", "terraform", "self":
			continue
		case "local":
			if len(steps) > 1 && steps[1].key == nil && sc != nil && sc.src != nil && sc.src.locals[steps[1].name] != nil {
				// config.go: the local's expression, from the .tf files.
				if seen[ref] {
					continue
				}
				seen[ref] = true
				out.merge(r.resolveNarrowed(sc, mod, idx, sc.src.locals[steps[1].name], steps[2:], refs, depth+1))
				continue
			}
			out.local = true
			out.missing = append(out.missing, ref+" (locals are not in the plan JSON)")
			continue
		case "ephemeral":
			out.missing = append(out.missing, ref+" (ephemeral resources are not in the plan JSON)")
			continue
		case "var":
			if len(steps) < 2 || steps[1].key != nil {
				continue
			}
			name := steps[1].name
			if seen["var."+name] {
				continue
			}
			seen["var."+name] = true
			out.merge(r.resolveVar(sc, mod, name, steps[2:], depth+1))
			continue
		case "module":
			mods, rest := parseModules(steps)
			if len(mods) != 1 || len(rest) == 0 || rest[0].key != nil {
				// module.NAME alone: Terraform lists it after the output
				// it reads.
				continue
			}
			key := moduleAddr(mods, true) + "." + rest[0].name
			if seen[key] {
				continue
			}
			seen[key] = true
			out.merge(r.resolveOutput(sc, mod, mods[0], rest[0].name, rest[1:], depth+1))
			continue
		}
		a, ok := parseAddress(ref)
		if !ok || len(a.modules) > 0 {
			continue
		}
		addr := joinAddr(mod, a.resource())
		t := targets[addr]
		if t == nil {
			t = &target{addr: addr}
			targets[addr] = t
			order = append(order, addr)
		}
		if a.key != nil {
			t.keyed = true
			if !slices.Contains(t.keys, a.key) {
				t.keys = append(t.keys, a.key)
			}
		}
		if len(a.rest) > 0 && a.rest[0].key == nil && t.attr == "" {
			t.attr = a.rest[0].name
		}
	}
	for _, a := range order {
		t := targets[a]
		insts := r.byRes[a]
		if len(insts) == 0 {
			out.missing = append(out.missing, a+" (not in the plan)")
			continue
		}
		switch {
		case t.keyed:
			insts = slices.DeleteFunc(slices.Clone(insts), func(in *inst) bool { return !slices.Contains(t.keys, in.index) })
			if len(insts) == 0 {
				out.missing = append(out.missing, a+" with that key (not in the plan)")
			}
		case perIndex && idx != nil && len(insts) > 1:
			insts = pickByIndex(insts, idx)
		}
		for _, in := range insts {
			out.links = append(out.links, link{in: in, attr: t.attr})
		}
		if len(insts) > 0 {
			out.known = true
		}
	}
	return out
}

// pickByIndex chooses, for an instance with key idx that refers to a
// counted or for_each resource together with count.index or each.key,
// the instance with the same key. For counted resources the key wraps
// around the count, as element(list, count.index) does — the form the
// terraform-aws-modules modules use. [assumption: the plan JSON does not
// carry the expression text, so this reads the usual shape]
func pickByIndex(insts []*inst, idx any) []*inst {
	switch k := idx.(type) {
	case float64:
		var counted []*inst
		for _, in := range insts {
			if _, ok := in.index.(float64); ok {
				counted = append(counted, in)
			}
		}
		if len(counted) == len(insts) {
			return []*inst{counted[int(k)%len(counted)]}
		}
	case string:
		for _, in := range insts {
			if s, ok := in.index.(string); ok && s == k {
				return []*inst{in}
			}
		}
	}
	return insts
}

func (o *resolved) merge(x resolved) {
	o.links = append(o.links, x.links...)
	o.values = append(o.values, x.values...)
	o.missing = append(o.missing, x.missing...)
	o.known = o.known || x.known
	o.local = o.local || x.local
}

// resolveVar follows an input variable: in the root module its value is in
// the plan's variables; in a child module it is the module call's argument,
// resolved in the calling module, or the variable's default.
func (r *reader) resolveVar(sc *scope, mod, name string, rest []step, depth int) resolved {
	var out resolved
	if sc == nil {
		out.missing = append(out.missing, "var."+name)
		return out
	}
	if sc.call == nil {
		if cv := sc.mod.Variables[name]; cv != nil && cv.Sensitive {
			out.missing = append(out.missing, "var."+name+" (sensitive)")
			return out
		}
		pv := r.p.Variables[name]
		if pv == nil {
			out.missing = append(out.missing, "var."+name+" (no value in the plan)")
			return out
		}
		out.values = strings1(walkValue(pv.Value, rest))
		out.known = true
		return out
	}
	if sc.parent != nil && sc.parent.src != nil {
		// config.go: the argument's expression in the calling module's
		// .tf files, narrowed to the part the reference reads.
		if body := sc.parent.src.calls[callName(sc.path)]; body != nil && body.Attributes[name] != nil {
			return r.resolveNarrowed(sc.parent, parentModule(mod), nil, body.Attributes[name].Expr, rest, nil, depth)
		}
	}
	e := sc.call.Expressions[name]
	if e == nil || e.ExpressionData == nil {
		if cv := sc.mod.Variables[name]; cv != nil && !cv.Sensitive {
			out.values = strings1(walkValue(cv.Default, rest))
			out.known = true
			return out
		}
		out.missing = append(out.missing, joinAddr(mod, "var."+name))
		return out
	}
	return r.resolveExpr(sc.parent, parentModule(mod), nil, e, depth)
}

// resolveNarrowed resolves the part at path of a configuration expression
// read from the .tf files (config.go), written in scope sc. When the
// references it is used with (outer) include count.index or each.key, so
// do the narrowed ones: element(local.ids, count.index).
func (r *reader) resolveNarrowed(sc *scope, mod string, idx any, e hclsyntax.Expression, path []step, outer []string, depth int) resolved {
	var n narrowed
	r.refsOf(sc, e, path, nil, depth, &n)
	refs := n.refs
	for _, o := range outer {
		if strings.HasPrefix(o, "count.") || strings.HasPrefix(o, "each.") {
			refs = append(refs, o)
		}
	}
	var out resolved
	if len(n.refs) > 0 {
		out = r.resolveRefs(sc, mod, idx, refs, nil, depth+1)
	}
	out.values = append(out.values, n.vals...)
	out.missing = append(out.missing, n.missing...)
	out.known = out.known || len(n.vals) > 0 || len(n.refs) == 0 && len(n.missing) == 0
	return out
}

// resolveOutput follows a module output to what its expression references.
//
// path is the part of the output the reference reads (module.vpc.ids[0]):
// with the module's .tf files the output's expression is narrowed to it
// (config.go); without them an element of an output cannot be told from
// the others, and is missing.
func (r *reader) resolveOutput(sc *scope, mod string, call modStep, output string, path []step, depth int) resolved {
	var out resolved
	name := moduleAddr([]modStep{call}, true) + "." + output
	child := r.scopes[joinAddr(scopePath(sc), "module."+call.name)]
	if child == nil {
		out.missing = append(out.missing, name+" (module not in the configuration)")
		return out
	}
	o := child.mod.Outputs[output]
	if o == nil || o.Expression == nil || o.Expression.ExpressionData == nil {
		out.missing = append(out.missing, name+" (no such output)")
		return out
	}
	if o.Sensitive {
		out.missing = append(out.missing, name+" (sensitive)")
		return out
	}
	if len(path) > 0 && path[0].key != nil {
		if child.src != nil && child.src.outputs[output] != nil {
			return r.resolveNarrowed(child, joinAddr(mod, moduleAddr([]modStep{call}, true)), nil, child.src.outputs[output], path, nil, depth)
		}
		out.missing = append(out.missing, refText(name, path)+" (an element of a module output, which the plan JSON cannot select)")
		return out
	}
	return r.resolveExpr(child, joinAddr(mod, moduleAddr([]modStep{call}, true)), nil, o.Expression, depth)
}

func scopePath(sc *scope) string {
	if sc == nil {
		return ""
	}
	return sc.path
}

// resolveExpr resolves an expression: its constant value, else its
// references.
func (r *reader) resolveExpr(sc *scope, mod string, idx any, e *tfjson.Expression, depth int) resolved {
	var out resolved
	if e == nil || e.ExpressionData == nil {
		return out
	}
	if len(e.References) == 0 {
		if e.ConstantValue != tfjson.UnknownConstantValue {
			out.values = strings1(e.ConstantValue)
			out.known = true
		}
		return out
	}
	return r.resolveRefs(sc, mod, idx, e.References, r.forEach[e], depth+1)
}

// walkValue descends into a variable's value along a reference's
// remaining traversal (var.net.subnets, var.ids[0], var.m["k"]).
func walkValue(v any, rest []step) any {
	for _, st := range rest {
		switch k := st.key.(type) {
		case nil:
			m, _ := v.(map[string]any)
			v = m[st.name]
		case float64:
			l, _ := v.([]any)
			if int(k) >= len(l) {
				return nil
			}
			v = l[int(k)]
		case string:
			m, _ := v.(map[string]any)
			v = m[k]
		}
	}
	return v
}

// strings1 returns the strings in a value: a string, or the strings of a
// list or set.
func strings1(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []any:
		var out []string
		for _, e := range x {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// expr returns the configuration expression of an attribute of in, walking
// nested blocks: expr(in, "network_configuration", 0, "subnets").
func (r *reader) expr(in *inst, path ...any) *tfjson.Expression {
	if in.cfg == nil || len(path) == 0 {
		return nil
	}
	first, _ := path[0].(string)
	e := in.cfg.Expressions[first]
	for _, p := range path[1:] {
		if e == nil || e.ExpressionData == nil {
			return nil
		}
		switch k := p.(type) {
		case int:
			if k < 0 || k >= len(e.NestedBlocks) {
				return nil
			}
			blk := e.NestedBlocks[k]
			e = &tfjson.Expression{ExpressionData: &tfjson.ExpressionData{NestedBlocks: []map[string]*tfjson.Expression{blk}}}
		case string:
			if len(e.NestedBlocks) != 1 {
				return nil
			}
			e = e.NestedBlocks[0][k]
		}
	}
	if e == nil || e.ExpressionData == nil {
		return nil
	}
	return e
}

// configured reports whether the configuration sets the attribute.
func (r *reader) configured(in *inst, path ...any) bool {
	return r.expr(in, path...) != nil
}

// strs returns the string values of an attribute of in as they will be
// after apply: the known value; for a value known only after apply, what
// the configuration's references name (the stand-in ids of the instances
// they name, see doc.go); for an instance's own id or ARN, its stand-in.
// types, when given, are the resource types the attribute links to: when
// the only references go through locals (not in the plan JSON), the one
// instance of such a type in the same module is taken. ok is false when
// some value could not be resolved; why names the attribute and the
// references that could not be followed.
func (r *reader) strs(in *inst, types []string, path ...any) (vals []string, ok bool, why string) {
	key := in.addr + "\x00" + attrPath(path)
	if r.linking[key] {
		return nil, false, in.addr + "." + attrPath(path) + " (a reference cycle)"
	}
	r.linking[key] = true
	defer delete(r.linking, key)

	v, known := in.get(path...)
	partial := false
	if known {
		vals = strings1(v)
		partial = hasUnknown(r.unknownAt(in, path...))
		if !partial {
			return vals, true, ""
		}
	}
	attr, _ := path[len(path)-1].(string)
	if len(path) == 1 && !in.data && !in.read {
		if id, ok := r.synth(in, attr); ok {
			return []string{id}, true, ""
		}
	}
	what := in.addr + "." + attrPath(path) + " (known only after apply)"
	e := r.expr(in, path...)
	if e == nil {
		return vals, false, what
	}
	more, ok, why := r.fromExpr(in, e, types, what)
	// The values are ids a list or set attribute holds; each once, in
	// the order of a set of strings.
	vals = append(vals, more...)
	slices.Sort(vals)
	return slices.Compact(vals), ok, why
}

// fromExpr resolves a configuration expression of in to string values, as
// strs does; what names the value for the reason.
func (r *reader) fromExpr(in *inst, e *tfjson.Expression, types []string, what string) ([]string, bool, string) {
	res := r.resolveExpr(in.scope, in.module, in.index, e, len(r.linking))
	// Only a value passed through a local is taken to be the module's one
	// resource of the type (see doc.go); a sensitive or missing variable,
	// or a resource not in the plan, stays unknown.
	if len(res.links) == 0 && res.local && len(types) > 0 {
		if only := r.onlyOfType(in.module, types, in.index); only != nil {
			res.links = append(res.links, link{in: only})
			res.missing = nil
		}
	}
	vals := append([]string(nil), res.values...)
	var whys []string
	for _, l := range res.links {
		if len(types) > 0 && !slices.Contains(types, l.in.typ) && l.attr == "" {
			continue
		}
		attr := l.attr
		if attr == "" {
			attr = "id"
		}
		sub, ok, why := r.strs(l.in, nil, attr)
		vals = append(vals, sub...)
		if !ok {
			whys = append(whys, why)
		}
	}
	whys = append(whys, res.missing...)
	slices.Sort(vals)
	vals = slices.Compact(vals)
	if len(whys) > 0 || (len(vals) == 0 && !res.known) {
		if len(whys) == 0 {
			whys = append(whys, "no reference in its configuration names a resource in the plan")
		}
		return vals, false, what + ": " + strings.Join(whys, "; ")
	}
	return vals, true, ""
}

// str is strs for a single-valued attribute. A value that cannot be
// resolved, or that resolves to several candidates, is a world.Unresolved
// stand-in; ok is then false.
func (r *reader) str(in *inst, types []string, path ...any) (string, bool, string) {
	vals, ok, why := r.strs(in, types, path...)
	switch {
	case ok && len(vals) == 1:
		return vals[0], true, ""
	case ok && len(vals) == 0:
		return "", true, ""
	case ok:
		why = in.addr + "." + attrPath(path) + " names several resources (" + strings.Join(vals, ", ") + ")"
	}
	return world.Unresolved(why), false, why
}

// list is strs for a list attribute: unresolved parts become one
// world.Unresolved stand-in in the list.
func (r *reader) list(in *inst, types []string, path ...any) ([]string, bool, string) {
	vals, ok, why := r.strs(in, types, path...)
	if !ok {
		vals = append(vals, world.Unresolved(why))
	}
	return vals, ok, why
}

// onlyOfType returns the one managed instance of the given types in module
// mod, picking by key when the resource is counted; nil when there is not
// exactly one resource of those types.
func (r *reader) onlyOfType(mod string, types []string, idx any) *inst {
	var res []string
	for addr, insts := range r.byRes {
		if len(insts) == 0 || insts[0].module != mod || insts[0].data || !slices.Contains(types, insts[0].typ) {
			continue
		}
		res = append(res, addr)
	}
	if len(res) != 1 {
		return nil
	}
	insts := r.byRes[res[0]]
	if len(insts) == 1 {
		return insts[0]
	}
	if idx != nil {
		if p := pickByIndex(insts, idx); len(p) == 1 {
			return p[0]
		}
	}
	return nil
}

// unknownAt returns the after_unknown mark at a path.
func (r *reader) unknownAt(in *inst, path ...any) any {
	u := in.unknown
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, _ := u.(map[string]any)
			u = m[k]
		case int:
			l, _ := u.([]any)
			if k < 0 || k >= len(l) {
				return nil
			}
			u = l[k]
		}
	}
	return u
}

func hasUnknown(u any) bool {
	switch x := u.(type) {
	case bool:
		return x
	case []any:
		for _, e := range x {
			if hasUnknown(e) {
				return true
			}
		}
	case map[string]any:
		for _, e := range x {
			if hasUnknown(e) {
				return true
			}
		}
	}
	return false
}
