package tfplan

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/tryfunc"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	tfjson "github.com/hashicorp/terraform-json"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"
	ctyjson "github.com/zclconf/go-cty/cty/json"
)

// Two readings of a configuration expression (config.go): eval computes
// its value where the configuration alone decides it — constants,
// variables given as constants, locals of those — with every value a
// resource, data source or module output gives unknown; refsOf narrows it
// to the references that make up the part at a path (the subnets of the
// object a local builds), in the form the plan JSON writes references, for
// resolveRefs to follow. Neither guesses: a function or operator refsOf
// cannot see through is named in missing.

// maxConfigWork bounds the expression steps one plan may take, so that
// locals that refer to each other many times over stay linear.
const maxConfigWork = 1 << 18

// anyKey is a path step meaning every element of a collection.
var anyKey any = &struct{ name string }{"*"}

// binding is what an iterator (a dynamic block's, or a for expression's
// value symbol) stands for: element key of the collection coll, written in
// the same module, with outer the bindings around coll; keyVal and val are
// the element's key and value for eval.
type binding struct {
	coll   hclsyntax.Expression
	key    any
	outer  map[string]binding
	keyVal cty.Value
	val    cty.Value
	// isKey is true for a for expression's key symbol: it stands for key.
	isKey bool
	// iter is true for a dynamic block's iterator, read as .key and .value.
	iter bool
}

// narrowed is what refsOf finds: references in the module's scope,
// string constants, and what it could not follow.
type narrowed struct {
	refs    []string
	vals    []string
	missing []string
}

// refsOf narrows e at path to references in its module (see above).
func (r *reader) refsOf(sc *scope, e hclsyntax.Expression, path []step, b map[string]binding, depth int, out *narrowed) {
	r.cfgWork++
	if depth > maxDepth || r.cfgWork > maxConfigWork {
		out.missing = append(out.missing, "an expression nested deeper than the reader follows")
		return
	}
	switch x := e.(type) {
	case *hclsyntax.ParenthesesExpr:
		r.refsOf(sc, x.Expression, path, b, depth+1, out)
	case *hclsyntax.TemplateWrapExpr:
		r.refsOf(sc, x.Wrapped, path, b, depth+1, out)
	case *hclsyntax.ScopeTraversalExpr:
		r.traversalRefs(sc, x.Traversal, path, b, depth+1, out)
	case *hclsyntax.RelativeTraversalExpr:
		r.refsOf(sc, x.Source, append(traversalSteps(x.Traversal), path...), b, depth+1, out)
	case *hclsyntax.IndexExpr:
		k := anyKey
		if v, ok := constValue(x.Key); ok {
			switch kv := v.(type) {
			case string, float64:
				k = kv
			}
		}
		r.refsOf(sc, x.Collection, append([]step{{key: k}}, path...), b, depth+1, out)
	case *hclsyntax.SplatExpr:
		each := []step{{key: anyKey}}
		if rt, ok := x.Each.(*hclsyntax.RelativeTraversalExpr); ok {
			if _, ok := rt.Source.(*hclsyntax.AnonSymbolExpr); !ok {
				out.missing = append(out.missing, "a splat expression it cannot follow")
				return
			}
			each = append(each, traversalSteps(rt.Traversal)...)
		} else if _, ok := x.Each.(*hclsyntax.AnonSymbolExpr); !ok {
			out.missing = append(out.missing, "a splat expression it cannot follow")
			return
		}
		// An index into the splat's result is that element of its source:
		// aws_subnet.a[*].id[0] is aws_subnet.a[0].id.
		if len(path) > 0 && path[0].key != nil {
			if n, ok := path[0].key.(float64); ok {
				each[0] = step{key: n}
			}
			path = path[1:]
		}
		r.refsOf(sc, x.Source, append(each, path...), b, depth+1, out)
	case *hclsyntax.TupleConsExpr:
		if len(path) == 0 || path[0].key == anyKey {
			rest := path
			if len(rest) > 0 {
				rest = rest[1:]
			}
			for _, el := range x.Exprs {
				r.refsOf(sc, el, rest, b, depth+1, out)
			}
			return
		}
		if n, ok := path[0].key.(float64); ok && n >= 0 && int(n) < len(x.Exprs) {
			r.refsOf(sc, x.Exprs[int(n)], path[1:], b, depth+1, out)
		}
	case *hclsyntax.ObjectConsExpr:
		want, all := "", len(path) == 0 || path[0].key == anyKey
		if !all {
			want = path[0].name
			if s, ok := path[0].key.(string); ok {
				want = s
			}
		}
		rest := path
		if len(rest) > 0 {
			rest = rest[1:]
		}
		for _, it := range x.Items {
			if all {
				r.refsOf(sc, it.ValueExpr, rest, b, depth+1, out)
				continue
			}
			k, ok := r.objectKey(sc, it.KeyExpr, b)
			if !ok {
				out.missing = append(out.missing, "an object key known only after apply")
				continue
			}
			if k == want {
				r.refsOf(sc, it.ValueExpr, rest, b, depth+1, out)
			}
		}
		// An attribute the object does not have is null: an optional
		// attribute of the variable's type left out.
	case *hclsyntax.FunctionCallExpr:
		r.callRefs(sc, x, path, b, depth, out)
	case *hclsyntax.ConditionalExpr:
		if c, ok := r.evalBool(sc, x.Condition, b); ok {
			if c {
				r.refsOf(sc, x.TrueResult, path, b, depth+1, out)
			} else {
				r.refsOf(sc, x.FalseResult, path, b, depth+1, out)
			}
			return
		}
		switch {
		case isEmptyLiteral(x.FalseResult):
			r.refsOf(sc, x.TrueResult, path, b, depth+1, out)
		case isEmptyLiteral(x.TrueResult):
			r.refsOf(sc, x.FalseResult, path, b, depth+1, out)
		default:
			out.missing = append(out.missing, "a conditional whose condition is known only after apply")
		}
	case *hclsyntax.ForExpr:
		inner := maps1(b)
		key := anyKey
		if len(path) > 0 && path[0].key != nil {
			// {for k, v in m : k => v ...} keeps m's keys: element "a"
			// of the result is element "a" of m.
			if k, ok := path[0].key.(string); ok && x.KeyVar != "" && x.KeyExpr != nil && hcl.ExprAsKeyword(x.KeyExpr) == x.KeyVar {
				key = k
			}
			path = path[1:]
		}
		inner[x.ValVar] = binding{coll: x.CollExpr, key: key, outer: b}
		if x.KeyVar != "" {
			inner[x.KeyVar] = binding{key: key, isKey: true}
		}
		r.refsOf(sc, x.ValExpr, path, inner, depth+1, out)
	default:
		if len(e.Variables()) > 0 {
			out.missing = append(out.missing, "an expression it cannot follow ("+exprKind(e)+")")
			return
		}
		v, ok := constValue(e)
		if !ok {
			out.missing = append(out.missing, "an expression it cannot evaluate ("+exprKind(e)+")")
			return
		}
		out.vals = append(out.vals, strings1(walkValue(v, path))...)
	}
}

// passThrough are functions whose result holds their arguments' elements
// (Terraform language docs, "Functions": concat, flatten, compact, ...).
var passThrough = []string{"concat", "flatten", "compact", "distinct", "tolist", "toset", "sort", "nonsensitive", "sensitive", "setunion", "merge", "coalescelist", "tostring"}

// callRefs is refsOf for a function call.
func (r *reader) callRefs(sc *scope, x *hclsyntax.FunctionCallExpr, path []step, b map[string]binding, depth int, out *narrowed) {
	// A position in a concatenation is any element of the arguments.
	elems := path
	if len(elems) > 0 && elems[0].key != nil {
		elems = append([]step{{key: anyKey}}, elems[1:]...)
	}
	switch {
	case slices.Contains(passThrough, x.Name):
		p := elems
		if x.Name == "flatten" && len(p) > 0 && p[0].key == anyKey {
			// flatten([[a], b]): an element is an element of an element.
			r.refsOf(sc, x.Args[0], append([]step{{key: anyKey}}, p...), b, depth+1, out)
			if len(x.Args) == 1 {
				return
			}
		}
		for _, a := range x.Args {
			r.refsOf(sc, a, p, b, depth+1, out)
		}
	case x.Name == "try" || x.Name == "coalesce" || x.Name == "one":
		// The first argument that has a value is the result; one that
		// the configuration makes null or empty is passed over.
		for _, a := range x.Args {
			var n narrowed
			r.refsOf(sc, a, path, b, depth+1, &n)
			if len(n.refs)+len(n.vals)+len(n.missing) > 0 {
				out.refs = append(out.refs, n.refs...)
				out.vals = append(out.vals, n.vals...)
				out.missing = append(out.missing, n.missing...)
				return
			}
		}
	case x.Name == "element" && len(x.Args) == 2:
		// element(list, count.index): with count.index among the
		// references, instance N takes element N (doc.go).
		r.refsOf(sc, x.Args[0], append([]step{{key: anyKey}}, path...), b, depth+1, out)
		for _, t := range x.Args[1].Variables() {
			if n := t.RootName(); n == "count" || n == "each" {
				out.refs = append(out.refs, n+".index")
			}
		}
	case x.Name == "lookup" && len(x.Args) >= 2:
		k := anyKey
		if v, ok := constValue(x.Args[1]); ok {
			if s, ok := v.(string); ok {
				k = s
			}
		}
		r.refsOf(sc, x.Args[0], append([]step{{key: k}}, path...), b, depth+1, out)
		if len(x.Args) == 3 {
			r.refsOf(sc, x.Args[2], path, b, depth+1, out)
		}
	case x.Name == "values" && len(x.Args) == 1:
		r.refsOf(sc, x.Args[0], elems, b, depth+1, out)
	default:
		out.missing = append(out.missing, "the function "+x.Name)
	}
}

// traversalRefs is refsOf for a traversal: an iterator or a local is
// followed; any other reference is written out with the path.
func (r *reader) traversalRefs(sc *scope, t hcl.Traversal, path []step, b map[string]binding, depth int, out *narrowed) {
	root := t.RootName()
	rest := append(traversalSteps(t[1:]), path...)
	if bd, ok := b[root]; ok {
		switch {
		case bd.isKey:
			if s, ok := bd.key.(string); ok {
				out.vals = append(out.vals, s)
			} else {
				out.missing = append(out.missing, root+" (a key of a collection)")
			}
		case !bd.iter:
			// A for expression's value symbol.
			r.refsOf(sc, bd.coll, append([]step{{key: bd.key}}, rest...), bd.outer, depth+1, out)
		case len(rest) > 0 && rest[0].name == "key" && rest[0].key == nil:
			if s, ok := bd.key.(string); ok {
				out.vals = append(out.vals, s)
			} else if bd.key == anyKey {
				out.missing = append(out.missing, root+".key")
			}
		case len(rest) > 0 && rest[0].name == "value" && rest[0].key == nil:
			r.refsOf(sc, bd.coll, append([]step{{key: bd.key}}, rest[1:]...), bd.outer, depth+1, out)
		default:
			out.missing = append(out.missing, root+" (a dynamic block's iterator is read as "+root+".key or "+root+".value)")
		}
		return
	}
	switch root {
	case "local":
		if len(rest) == 0 || rest[0].key != nil {
			return
		}
		le := sc.src.locals[rest[0].name]
		if le == nil {
			out.missing = append(out.missing, "local."+rest[0].name+" (not in the configuration)")
			return
		}
		r.refsOf(sc, le, rest[1:], nil, depth+1, out)
	case "path", "terraform":
	default:
		ref := refText(root, rest)
		if _, ok := splitTraversal(ref); !ok {
			out.missing = append(out.missing, "a reference it cannot read ("+strconv.Quote(ref)+")")
			return
		}
		out.refs = append(out.refs, ref)
	}
}

// refText writes a reference as the plan JSON does, up to the first step
// that means every element: what follows it names no one instance.
func refText(root string, rest []step) string {
	var sb strings.Builder
	sb.WriteString(root)
	for _, st := range rest {
		if st.key == anyKey {
			break
		}
		if st.key != nil {
			sb.WriteString(keyText(st.key))
			continue
		}
		sb.WriteString("." + st.name)
	}
	return sb.String()
}

// traversalSteps converts HCL traversal steps to this package's steps.
func traversalSteps(t hcl.Traversal) []step {
	var out []step
	for _, tr := range t {
		switch x := tr.(type) {
		case hcl.TraverseRoot:
			out = append(out, step{name: x.Name})
		case hcl.TraverseAttr:
			out = append(out, step{name: x.Name})
		case hcl.TraverseIndex:
			switch {
			case !x.Key.IsKnown() || x.Key.IsNull():
				out = append(out, step{key: anyKey})
			case x.Key.Type() == cty.String:
				out = append(out, step{key: x.Key.AsString()})
			case x.Key.Type() == cty.Number:
				f, _ := x.Key.AsBigFloat().Float64()
				out = append(out, step{key: f})
			default:
				out = append(out, step{key: anyKey})
			}
		case hcl.TraverseSplat:
			out = append(out, step{key: anyKey})
		}
	}
	return out
}

// objectKey returns an object constructor's key: a bare name, or a
// constant or local the configuration decides.
func (r *reader) objectKey(sc *scope, k hclsyntax.Expression, b map[string]binding) (string, bool) {
	if ke, ok := k.(*hclsyntax.ObjectConsKeyExpr); ok {
		if !ke.ForceNonLiteral {
			if name := hcl.ExprAsKeyword(ke.Wrapped); name != "" {
				return name, true
			}
		}
		k = ke.Wrapped
	}
	v := r.eval(sc, sc.path, k, b, 0)
	if !v.IsKnown() || v.IsNull() || v.Type() != cty.String {
		return "", false
	}
	return v.AsString(), true
}

func (r *reader) evalBool(sc *scope, e hclsyntax.Expression, b map[string]binding) (bool, bool) {
	v := r.eval(sc, sc.path, e, b, 0)
	if !v.IsKnown() || v.IsNull() || v.Type() != cty.Bool {
		return false, false
	}
	return v.True(), true
}

// isEmptyLiteral reports whether e is null, [], {} or "".
func isEmptyLiteral(e hclsyntax.Expression) bool {
	switch x := e.(type) {
	case *hclsyntax.TupleConsExpr:
		return len(x.Exprs) == 0
	case *hclsyntax.ObjectConsExpr:
		return len(x.Items) == 0
	case *hclsyntax.LiteralValueExpr:
		return x.Val.IsNull()
	case *hclsyntax.TemplateExpr:
		v, ok := constValue(x)
		return ok && v == ""
	}
	return false
}

func exprKind(e hclsyntax.Expression) string {
	rng := e.Range()
	return strings.TrimPrefix(strings.TrimPrefix(typeName(e), "*hclsyntax."), "hclsyntax.") + " at " + rng.String()
}

func typeName(e any) string {
	switch e.(type) {
	case *hclsyntax.BinaryOpExpr:
		return "an operator"
	case *hclsyntax.UnaryOpExpr:
		return "an operator"
	case *hclsyntax.TemplateExpr, *hclsyntax.TemplateJoinExpr:
		return "a template"
	}
	return "an expression"
}

func maps1(b map[string]binding) map[string]binding {
	out := make(map[string]binding, len(b)+1)
	for k, v := range b {
		out[k] = v
	}
	return out
}

// constValue is the value of an expression that refers to nothing.
func constValue(e hclsyntax.Expression) (any, bool) {
	if len(e.Variables()) > 0 {
		return nil, false
	}
	v, diags := e.Value(&hcl.EvalContext{Functions: functions})
	if diags.HasErrors() || !v.IsWhollyKnown() {
		return nil, false
	}
	return ctyToGo(v)
}

// functions are the Terraform language functions eval computes (Terraform
// language docs "Functions"; those of go-cty's stdlib and HCL's try and
// can behave the same).
var functions = map[string]function.Function{
	"abs": stdlib.AbsoluteFunc, "ceil": stdlib.CeilFunc, "chunklist": stdlib.ChunklistFunc,
	"coalesce": stdlib.CoalesceFunc, "coalescelist": stdlib.CoalesceListFunc, "compact": stdlib.CompactFunc,
	"concat": stdlib.ConcatFunc, "contains": stdlib.ContainsFunc, "distinct": stdlib.DistinctFunc,
	"element": stdlib.ElementFunc, "flatten": stdlib.FlattenFunc, "floor": stdlib.FloorFunc,
	"format": stdlib.FormatFunc, "formatlist": stdlib.FormatListFunc, "indent": stdlib.IndentFunc,
	"join": stdlib.JoinFunc, "jsondecode": stdlib.JSONDecodeFunc, "jsonencode": stdlib.JSONEncodeFunc,
	"keys": stdlib.KeysFunc, "length": stdlib.LengthFunc, "lookup": stdlib.LookupFunc,
	"lower": stdlib.LowerFunc, "max": stdlib.MaxFunc, "merge": stdlib.MergeFunc, "min": stdlib.MinFunc,
	"range": stdlib.RangeFunc, "replace": stdlib.ReplaceFunc, "reverse": stdlib.ReverseListFunc,
	"setunion": stdlib.SetUnionFunc, "slice": stdlib.SliceFunc, "sort": stdlib.SortFunc,
	"split": stdlib.SplitFunc, "substr": stdlib.SubstrFunc, "title": stdlib.TitleFunc,
	"trimspace": stdlib.TrimSpaceFunc, "upper": stdlib.UpperFunc, "values": stdlib.ValuesFunc,
	"zipmap": stdlib.ZipmapFunc, "try": tryfunc.TryFunc, "can": tryfunc.CanFunc,
}

// eval computes e where the configuration decides it (see above); mod is
// the module instance address, for variables given by the calling module.
func (r *reader) eval(sc *scope, mod string, e hclsyntax.Expression, b map[string]binding, depth int) cty.Value {
	r.cfgWork++
	if depth > maxDepth || r.cfgWork > maxConfigWork || e == nil {
		return cty.DynamicVal
	}
	vars := map[string]cty.Value{}
	varNames, localNames := map[string]cty.Value{}, map[string]cty.Value{}
	for _, t := range e.Variables() {
		root := t.RootName()
		if bd, ok := b[root]; ok {
			vars[root] = cty.ObjectVal(map[string]cty.Value{"key": bd.keyVal, "value": bd.val})
			continue
		}
		name := ""
		if len(t) > 1 {
			if a, ok := t[1].(hcl.TraverseAttr); ok {
				name = a.Name
			}
		}
		switch root {
		case "var":
			if _, done := varNames[name]; name != "" && !done {
				varNames[name] = r.varValue(sc, mod, name, depth+1)
			}
		case "local":
			if _, done := localNames[name]; name != "" && !done {
				v := cty.DynamicVal
				if sc != nil && sc.src != nil && sc.src.locals[name] != nil {
					v = r.eval(sc, mod, sc.src.locals[name], nil, depth+1)
				}
				localNames[name] = v
			}
		default:
			vars[root] = cty.DynamicVal
		}
	}
	if len(varNames) > 0 {
		vars["var"] = cty.ObjectVal(varNames)
	}
	if len(localNames) > 0 {
		vars["local"] = cty.ObjectVal(localNames)
	}
	v, diags := e.Value(&hcl.EvalContext{Variables: vars, Functions: functions})
	if diags.HasErrors() {
		return cty.DynamicVal
	}
	// A value built from locals that repeat each other grows
	// exponentially with the chain; past maxValueNodes it is unknown.
	if n := valueNodes(v, maxValueNodes+1); n > maxValueNodes {
		return cty.DynamicVal
	}
	r.cfgWork += valueNodes(v, maxValueNodes) / 64
	return v
}

// maxValueNodes bounds the size of a value eval builds.
const maxValueNodes = 1 << 14

// valueNodes counts the values within v, stopping at limit.
func valueNodes(v cty.Value, limit int) int {
	n := 1
	if !v.IsKnown() || v.IsNull() || !v.CanIterateElements() {
		return n
	}
	for it := v.ElementIterator(); it.Next() && n < limit; {
		_, e := it.Element()
		n += valueNodes(e, limit-n)
	}
	return n
}

// varValue is an input variable's value as the configuration gives it:
// the plan's value in the root module, else the calling module's argument,
// else the default. A sensitive variable is unknown.
func (r *reader) varValue(sc *scope, mod, name string, depth int) cty.Value {
	if sc == nil || sc.mod == nil {
		return cty.DynamicVal
	}
	cv := sc.mod.Variables[name]
	if cv != nil && cv.Sensitive {
		return cty.DynamicVal
	}
	if sc.call == nil {
		if pv := r.p.Variables[name]; pv != nil {
			return goToCty(pv.Value)
		}
		return cty.DynamicVal
	}
	if sc.parent != nil && sc.parent.src != nil {
		if body := sc.parent.src.calls[callName(sc.path)]; body != nil {
			if a := body.Attributes[name]; a != nil {
				return r.eval(sc.parent, parentModule(mod), a.Expr, nil, depth+1)
			}
		}
	} else if e := sc.call.Expressions[name]; e != nil && e.ExpressionData != nil {
		if len(e.References) > 0 || e.ConstantValue == tfjson.UnknownConstantValue {
			return cty.DynamicVal
		}
		return goToCty(e.ConstantValue)
	}
	if cv != nil && cv.Default != nil {
		return goToCty(cv.Default)
	}
	return cty.NullVal(cty.DynamicPseudoType)
}

// callName is the module call name of a scope path: "module.a.module.b" → "b".
func callName(p string) string {
	return p[strings.LastIndex(p, ".")+1:]
}

func goToCty(v any) cty.Value {
	if v == nil {
		return cty.NullVal(cty.DynamicPseudoType)
	}
	b, err := json.Marshal(v)
	if err != nil {
		return cty.DynamicVal
	}
	t, err := ctyjson.ImpliedType(b)
	if err != nil {
		return cty.DynamicVal
	}
	out, err := ctyjson.Unmarshal(b, t)
	if err != nil {
		return cty.DynamicVal
	}
	return out
}

// ctyToGo converts a wholly known value to the JSON shapes the plan uses
// (numbers as float64).
func ctyToGo(v cty.Value) (any, bool) {
	if !v.IsWhollyKnown() {
		return nil, false
	}
	if v.IsNull() {
		return nil, true
	}
	if v.Type() == cty.Number {
		f, _ := v.AsBigFloat().Float64()
		return f, true
	}
	b, err := ctyjson.SimpleJSONValue{Value: v}.MarshalJSON()
	if err != nil {
		return nil, false
	}
	var out any
	if json.Unmarshal(b, &out) != nil {
		return nil, false
	}
	return out, true
}
