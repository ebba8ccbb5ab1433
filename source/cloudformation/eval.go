package cloudformation

import (
	"encoding/base64"
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/ecs-preflight/ecs-preflight/source"
)

// eval evaluates the intrinsic functions in n (CFN "Intrinsic function
// reference"). path names the place for errors.
func (l *loader) eval(n *yaml.Node, path string) (val, error) {
	if err := l.step(n, path); err != nil {
		return val{}, err
	}
	if fn, arg := intrinsicOf(n); fn != "" {
		return l.call(fn, arg, n, path)
	}
	switch n.Kind {
	case yaml.ScalarNode:
		v := str(n.Value, n.Line, n.Column)
		switch n.Tag {
		case "!!null":
			v.k = vNull
		case "!!bool":
			v.sk = sBool
		case "!!int", "!!float":
			v.sk = sNumber
		}
		return v, nil
	case yaml.SequenceNode:
		v := val{k: vList, line: n.Line, col: n.Column}
		for i, c := range n.Content {
			e, err := l.eval(c, fmt.Sprintf("%s[%d]", path, i))
			if err != nil {
				return val{}, err
			}
			if e.k == vNoValue {
				continue
			}
			v.l = append(v.l, e)
		}
		return v, nil
	case yaml.MappingNode:
		v := val{k: vMap, line: n.Line, col: n.Column}
		for _, p := range pairs(n) {
			e, err := l.eval(p[1], joinPath(path, p[0].Value))
			if err != nil {
				return val{}, err
			}
			if e.k == vNoValue {
				continue
			}
			v.m = append(v.m, kv{p[0].Value, e})
		}
		return v, nil
	}
	return val{}, l.errAt(n, path, "YAML aliases are not allowed in CloudFormation templates")
}

// evalString evaluates n and wants a scalar.
func (l *loader) evalString(n *yaml.Node, path, fn string) (val, error) {
	v, err := l.eval(n, path)
	if err != nil {
		return val{}, err
	}
	if v.k != vStr {
		return val{}, l.errAt(n, path, "%s: want string, got %s", fn, v.typeName())
	}
	return v, nil
}

// evalList evaluates n and wants a list; an unresolved scalar stands for an
// unresolved list.
func (l *loader) evalList(n *yaml.Node, path, fn string) (val, error) {
	v, err := l.eval(n, path)
	if err != nil {
		return val{}, err
	}
	if v.k == vList || v.k == vStr && v.unres() {
		return v, nil
	}
	return val{}, l.errAt(n, path, "%s: want list, got %s", fn, v.typeName())
}

// args checks that an intrinsic's argument is a list of want elements
// (want < 0: at least -want).
func (l *loader) args(fn string, arg *yaml.Node, path string, want int) ([]*yaml.Node, error) {
	if arg.Kind != yaml.SequenceNode {
		return nil, l.errAt(arg, path, "%s: want a list of arguments, got %s", fn, kindName(arg))
	}
	n := len(arg.Content)
	if want >= 0 && n != want || want < 0 && n < -want {
		w := strconv.Itoa(want)
		if want < 0 {
			w = "at least " + strconv.Itoa(-want)
		}
		return nil, l.errAt(arg, path, "%s: want %s arguments, got %d", fn, w, n)
	}
	return arg.Content, nil
}

func (l *loader) call(fn string, arg, n *yaml.Node, path string) (val, error) {
	line, col := n.Line, n.Column
	switch fn {
	case "Ref":
		if arg.Kind != yaml.ScalarNode {
			return val{}, l.errAt(arg, path, "Ref: want a logical id or parameter name, got %s", kindName(arg))
		}
		return l.ref(arg.Value, arg, path)
	case "Fn::GetAtt":
		return l.getAttCall(arg, path)
	case "Fn::Sub":
		return l.sub(arg, path)
	case "Fn::Join":
		a, err := l.args(fn, arg, path, 2)
		if err != nil {
			return val{}, err
		}
		d, err := l.evalString(a[0], path, fn)
		if err != nil {
			return val{}, err
		}
		list, err := l.evalList(a[1], path, fn)
		if err != nil {
			return val{}, err
		}
		if list.k == vStr {
			return list, nil
		}
		parts := make([]string, 0, len(list.l))
		for _, e := range list.l {
			if e.k != vStr {
				return val{}, l.errVal(e, path, "Fn::Join: want string elements, got %s", e.typeName())
			}
			parts = append(parts, e.s)
		}
		out := strings.Join(parts, d.s)
		if len(out) > maxValue {
			return val{}, l.errAt(n, path, "Fn::Join: the value is longer than %d bytes", maxValue)
		}
		if err := l.charge(n, path, len(out)); err != nil {
			return val{}, err
		}
		return str(out, line, col), nil
	case "Fn::Select":
		a, err := l.args(fn, arg, path, 2)
		if err != nil {
			return val{}, err
		}
		iv, err := l.evalString(a[0], path, fn)
		if err != nil {
			return val{}, err
		}
		list, err := l.evalList(a[1], path, fn)
		if err != nil {
			return val{}, err
		}
		if iv.unres() {
			return iv, nil
		}
		if list.k == vStr {
			return list, nil
		}
		i, err := strconv.Atoi(iv.s)
		if err != nil || i < 0 {
			return val{}, l.errVal(iv, path, "Fn::Select: index %q is not a non-negative integer", iv.s)
		}
		if i >= len(list.l) {
			return val{}, l.errVal(iv, path, "Fn::Select: index %d out of range (the list has %d elements)", i, len(list.l))
		}
		e := list.l[i]
		e.line, e.col = line, col
		return e, nil
	case "Fn::Split":
		a, err := l.args(fn, arg, path, 2)
		if err != nil {
			return val{}, err
		}
		d, err := l.evalString(a[0], path, fn)
		if err != nil {
			return val{}, err
		}
		s, err := l.evalString(a[1], path, fn)
		if err != nil {
			return val{}, err
		}
		if d.s == "" {
			return val{}, l.errVal(d, path, "Fn::Split: the delimiter is empty")
		}
		if s.unres() {
			// How many parts an unknown string has is unknown too.
			return s, nil
		}
		out := val{k: vList, line: line, col: col}
		for _, p := range strings.Split(s.s, d.s) {
			out.l = append(out.l, str(p, line, col))
		}
		return out, nil
	case "Fn::If":
		a, err := l.args(fn, arg, path, 3)
		if err != nil {
			return val{}, err
		}
		if a[0].Kind != yaml.ScalarNode {
			return val{}, l.errAt(a[0], path, "Fn::If: want a condition name, got %s", kindName(a[0]))
		}
		c, err := l.condition(a[0].Value, a[0], path)
		if err != nil {
			return val{}, err
		}
		switch c.t {
		case tTrue:
			return l.eval(a[1], path)
		case tFalse:
			return l.eval(a[2], path)
		}
		return unresolved(fmt.Sprintf("Fn::If condition %q, which depends on %s", a[0].Value, c.why), line, col), nil
	case "Fn::Equals", "Fn::Not", "Fn::And", "Fn::Or", "Condition":
		c, err := l.condExpr(n, path)
		if err != nil {
			return val{}, err
		}
		switch c.t {
		case tTrue:
			return val{k: vStr, sk: sBool, s: "true", line: line, col: col}, nil
		case tFalse:
			return val{k: vStr, sk: sBool, s: "false", line: line, col: col}, nil
		}
		return unresolved(c.why, line, col), nil
	case "Fn::FindInMap":
		return l.findInMap(arg, path)
	case "Fn::ImportValue":
		v, err := l.evalString(arg, path, fn)
		if err != nil {
			return val{}, err
		}
		if v.unres() {
			return v, nil
		}
		if x, ok := l.imported(v.s, line, col); ok {
			return x, nil
		}
		// Exports of stacks not given are resolved at deploy.
		return unresolved(fmt.Sprintf("Fn::ImportValue %q", v.s)+l.importHint(v.s), line, col), nil
	case "Fn::GetAZs":
		v, err := l.evalString(arg, path, fn)
		if err != nil {
			return val{}, err
		}
		if v.unres() {
			return v, nil
		}
		r := v.s
		if r == "" {
			r = l.region
			if !l.regionKnown {
				return str(r, line, col), nil
			}
		}
		// Which zones an account sees is not in the template; three
		// zone names stand for them. Zones decide no outcome, only the
		// cross-zone warning of endpoints.
		out := val{k: vList, line: line, col: col}
		for _, z := range []string{"a", "b", "c"} {
			out.l = append(out.l, str(r+z, line, col))
		}
		return out, nil
	case "Fn::Base64":
		v, err := l.evalString(arg, path, fn)
		if err != nil {
			return val{}, err
		}
		if v.unres() {
			return v, nil
		}
		out := base64.StdEncoding.EncodeToString([]byte(v.s))
		if err := l.charge(n, path, len(out)); err != nil {
			return val{}, err
		}
		return str(out, line, col), nil
	case "Fn::Cidr":
		return l.cidr(arg, path, line, col)
	case "Fn::Transform":
		name := "?"
		if nn := lookup(arg, "Name"); nn != nil {
			name = nn.Value
		}
		return unresolved(fmt.Sprintf("Fn::Transform macro %q, expanded at deploy", name), line, col), nil
	case "Fn::ToJsonString":
		v, err := l.eval(arg, path)
		if err != nil {
			return val{}, err
		}
		out := v.json()
		if err := l.charge(n, path, len(out)); err != nil {
			return val{}, err
		}
		return str(out, line, col), nil
	case "Fn::Length":
		v, err := l.evalList(arg, path, fn)
		if err != nil {
			return val{}, err
		}
		if v.k == vStr {
			return v, nil
		}
		return val{k: vStr, sk: sNumber, s: strconv.Itoa(len(v.l)), line: line, col: col}, nil
	}
	return val{}, l.errAt(n, path, "unknown intrinsic function %s", source.Cut(fn))
}

// getAttCall reads Fn::GetAtt in its forms: "Res.Attr", [Res, Attr] and
// [Res, {Ref: P}].
func (l *loader) getAttCall(arg *yaml.Node, path string) (val, error) {
	var id, attr string
	switch arg.Kind {
	case yaml.ScalarNode:
		var ok bool
		id, attr, ok = strings.Cut(arg.Value, ".")
		if !ok {
			return val{}, l.errAt(arg, path, "Fn::GetAtt: want Resource.Attribute, got %q", arg.Value)
		}
	case yaml.SequenceNode:
		if len(arg.Content) != 2 || arg.Content[0].Kind != yaml.ScalarNode {
			return val{}, l.errAt(arg, path, "Fn::GetAtt: want [Resource, Attribute]")
		}
		id = arg.Content[0].Value
		a, err := l.evalString(arg.Content[1], path, "Fn::GetAtt")
		if err != nil {
			return val{}, err
		}
		if a.unres() {
			return a, nil
		}
		attr = a.s
	default:
		return val{}, l.errAt(arg, path, "Fn::GetAtt: want Resource.Attribute, got %s", kindName(arg))
	}
	return l.getAtt(id, attr, arg, path)
}

// sub evaluates Fn::Sub: "${Name}", "${Res.Attr}", "${AWS::Region}" and
// "${!Literal}" (CFN "Fn::Sub").
func (l *loader) sub(arg *yaml.Node, path string) (val, error) {
	tmpl := arg
	vars := map[string]val{}
	if arg.Kind == yaml.SequenceNode {
		if len(arg.Content) != 2 {
			return val{}, l.errAt(arg, path, "Fn::Sub: want [string, {variables}], got %d arguments", len(arg.Content))
		}
		tmpl = arg.Content[0]
		m := arg.Content[1]
		if m.Kind != yaml.MappingNode {
			return val{}, l.errAt(m, path, "Fn::Sub: want an object of variables, got %s", kindName(m))
		}
		for _, p := range pairs(m) {
			v, err := l.eval(p[1], path+"."+p[0].Value)
			if err != nil {
				return val{}, err
			}
			vars[p[0].Value] = v
		}
	}
	if tmpl.Kind != yaml.ScalarNode {
		return val{}, l.errAt(tmpl, path, "Fn::Sub: want a string, got %s", kindName(tmpl))
	}
	s := tmpl.Value
	var b strings.Builder
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			b.WriteString(s)
			break
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:i])
		ref := s[i+2 : i+j]
		s = s[i+j+1:]
		if strings.HasPrefix(ref, "!") {
			b.WriteString("${" + ref[1:] + "}")
			continue
		}
		ref = strings.TrimSpace(ref)
		var v val
		var err error
		if x, ok := vars[ref]; ok {
			v = x
		} else if id, attr, ok := strings.Cut(ref, "."); ok && !strings.HasPrefix(ref, "AWS::") {
			v, err = l.getAtt(id, attr, tmpl, path)
		} else {
			v, err = l.ref(ref, tmpl, path)
		}
		if err != nil {
			return val{}, err
		}
		switch v.k {
		case vStr:
			b.WriteString(v.s)
		case vList:
			// A list parameter in Fn::Sub is written comma-joined.
			parts := make([]string, 0, len(v.l))
			for _, e := range v.l {
				parts = append(parts, e.s)
			}
			b.WriteString(strings.Join(parts, ","))
		default:
			return val{}, l.errAt(tmpl, path, "Fn::Sub: ${%s} is %s, not a string", source.Cut(ref), v.typeName())
		}
	}
	if b.Len() > maxValue {
		return val{}, l.errAt(tmpl, path, "Fn::Sub: the value is longer than %d bytes", maxValue)
	}
	if err := l.charge(tmpl, path, b.Len()); err != nil {
		return val{}, err
	}
	return str(b.String(), tmpl.Line, tmpl.Column), nil
}

// maxValue caps one evaluated string. CloudFormation's own limits are far
// lower (a template is at most 1 MB); the cap stops references that double
// a string at every step from exhausting memory.
const maxValue = 1 << 20

func (l *loader) findInMap(arg *yaml.Node, path string) (val, error) {
	a, err := l.args("Fn::FindInMap", arg, path, -3)
	if err != nil {
		return val{}, err
	}
	var keys [3]val
	for i := range 3 {
		if keys[i], err = l.evalString(a[i], path, "Fn::FindInMap"); err != nil {
			return val{}, err
		}
		if keys[i].unres() {
			return keys[i], nil
		}
	}
	var def *yaml.Node
	if len(a) > 3 {
		// AWS::LanguageExtensions: [Map, Top, Second, {DefaultValue: v}].
		def = lookup(a[3], "DefaultValue")
	}
	m := lookup(l.mappings, keys[0].s)
	if m == nil {
		if def != nil {
			return l.eval(def, path)
		}
		return val{}, l.errAt(arg, path, "Fn::FindInMap: mapping %q is not defined in Mappings", keys[0].s)
	}
	top := lookup(m, keys[1].s)
	if top == nil {
		if def != nil {
			return l.eval(def, path)
		}
		return val{}, l.errAt(arg, path, "Fn::FindInMap: mapping %q has no key %q", keys[0].s, keys[1].s)
	}
	v := lookup(top, keys[2].s)
	if v == nil {
		if def != nil {
			return l.eval(def, path)
		}
		return val{}, l.errAt(arg, path, "Fn::FindInMap: mapping %q has no key %q under %q", keys[0].s, keys[2].s, keys[1].s)
	}
	// Mapping values are literals (CFN "Mappings": no parameters, pseudo
	// parameters or intrinsic functions), so each is evaluated once.
	l.memos()
	out, done := l.mapMemo[v]
	if !done {
		var err error
		if out, err = l.eval(v, path); err != nil {
			return val{}, err
		}
		l.mapMemo[v] = out
	}
	out.line, out.col = arg.Line, arg.Column
	return out, nil
}

// cidr evaluates Fn::Cidr [ipBlock, count, cidrBits]: count consecutive
// blocks with cidrBits host bits (CFN "Fn::Cidr").
func (l *loader) cidr(arg *yaml.Node, path string, line, col int) (val, error) {
	a, err := l.args("Fn::Cidr", arg, path, 3)
	if err != nil {
		return val{}, err
	}
	var v [3]val
	for i := range 3 {
		if v[i], err = l.evalString(a[i], path, "Fn::Cidr"); err != nil {
			return val{}, err
		}
		if v[i].unres() {
			return v[i], nil
		}
	}
	pfx, err := netip.ParsePrefix(v[0].s)
	if err != nil || !pfx.Addr().Is4() {
		return val{}, l.errVal(v[0], path, "Fn::Cidr: %q is not an IPv4 CIDR block", v[0].s)
	}
	count, err1 := strconv.Atoi(v[1].s)
	bits, err2 := strconv.Atoi(v[2].s)
	size := 32 - bits
	if err1 != nil || err2 != nil || count < 1 || count > 256 || bits < 0 || size < pfx.Bits() || size > 32 {
		return val{}, l.errVal(v[1], path, "Fn::Cidr: cannot make %s blocks of %s host bits from %s", source.Cut(v[1].s), source.Cut(v[2].s), source.Cut(v[0].s))
	}
	if uint64(count) > uint64(1)<<uint(size-pfx.Bits()) {
		return val{}, l.errVal(v[1], path, "Fn::Cidr: %s has room for fewer than %d blocks of /%d", source.Cut(v[0].s), count, size)
	}
	b := pfx.Masked().Addr().As4()
	base := uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
	out := val{k: vList, line: line, col: col}
	for i := range count {
		x := base + uint32(i)<<uint(bits)
		ip := netip.AddrFrom4([4]byte{byte(x >> 24), byte(x >> 16), byte(x >> 8), byte(x)})
		out.l = append(out.l, str(netip.PrefixFrom(ip, size).String(), line, col))
	}
	return out, nil
}

// tri is a condition's value: true, false, or unknown before deploy.
type tri int8

const (
	tUnknown tri = iota
	tTrue
	tFalse
)

type condResult struct {
	t   tri
	why string // for tUnknown: what it depends on
}

func triOf(b bool) tri {
	if b {
		return tTrue
	}
	return tFalse
}

// condition evaluates a named condition of the Conditions section.
func (l *loader) condition(name string, at *yaml.Node, path string) (condResult, error) {
	if c, ok := l.condVal[name]; ok {
		return c, nil
	}
	n, ok := l.conds[name]
	if !ok {
		return condResult{}, l.errAt(at, path, "condition %q is not defined in Conditions", name)
	}
	if l.condBusy[name] {
		return condResult{}, l.errAt(n, "Conditions."+name, "circular condition: %q refers to itself", name)
	}
	l.condBusy[name] = true
	c, err := l.condExpr(n, "Conditions."+name)
	l.condBusy[name] = false
	if err != nil {
		return condResult{}, err
	}
	l.condVal[name] = c
	return c, nil
}

// condExpr evaluates a condition function: Fn::Equals, Fn::Not, Fn::And,
// Fn::Or and Condition (CFN "Condition functions").
func (l *loader) condExpr(n *yaml.Node, path string) (condResult, error) {
	fn, arg := intrinsicOf(n)
	if fn == "" && n.Kind == yaml.MappingNode && len(n.Content) == 2 && n.Content[0].Value == "Condition" {
		fn, arg = "Condition", n.Content[1]
	}
	switch fn {
	case "Condition":
		if arg.Kind != yaml.ScalarNode {
			return condResult{}, l.errAt(arg, path, "Condition: want a condition name, got %s", kindName(arg))
		}
		return l.condition(arg.Value, arg, path)
	case "Fn::Equals":
		a, err := l.args(fn, arg, path, 2)
		if err != nil {
			return condResult{}, err
		}
		x, err := l.eval(a[0], path)
		if err != nil {
			return condResult{}, err
		}
		y, err := l.eval(a[1], path)
		if err != nil {
			return condResult{}, err
		}
		if x.unres() {
			return condResult{why: x.why()}, nil
		}
		if y.unres() {
			return condResult{why: y.why()}, nil
		}
		return condResult{t: triOf(plain(x) == plain(y))}, nil
	case "Fn::Not", "Fn::And", "Fn::Or":
		return l.logical(fn, arg, path, l.condExpr)
	case "Fn::If", "Ref", "Fn::FindInMap", "Fn::Select":
		v, err := l.eval(n, path)
		if err != nil {
			return condResult{}, err
		}
		return boolCond(v), nil
	}
	if n.Kind == yaml.ScalarNode {
		return boolCond(str(n.Value, n.Line, n.Column)), nil
	}
	return condResult{}, l.errAt(n, path, "want a condition function (Fn::Equals, Fn::Not, Fn::And, Fn::Or, Condition), got %s", kindName(n))
}

func boolCond(v val) condResult {
	if v.unres() {
		return condResult{why: v.why()}
	}
	return condResult{t: triOf(strings.EqualFold(plain(v), "true"))}
}

// plain renders a value for comparison: scalars as their text, others as
// JSON.
func plain(v val) string {
	if v.k == vStr {
		return v.s
	}
	return v.json()
}

// pseudo returns a pseudo parameter's value (CFN "Pseudo parameters
// reference"); ok is false for a name that is not one.
func (l *loader) pseudo(name string, line, col int) (val, bool) {
	switch name {
	case "AWS::Region":
		return str(l.region, line, col), true
	case "AWS::AccountId":
		return str(l.account, line, col), true
	case "AWS::Partition":
		return str(l.partition, line, col), true
	case "AWS::URLSuffix":
		return str(l.urlSuffix(), line, col), true
	case "AWS::StackName":
		return str(l.stack, line, col), true
	case "AWS::StackId":
		// The stack id's UUID exists only after create; a fixed one keeps
		// values that embed it deterministic.
		return str("arn:"+l.partition+":cloudformation:"+l.region+":"+l.account+":stack/"+l.stack+"/00000000-0000-0000-0000-000000000000", line, col), true
	case "AWS::NoValue":
		return val{k: vNoValue, line: line, col: col}, true
	case "AWS::NotificationARNs":
		return val{k: vList, line: line, col: col}, true
	}
	return val{}, false
}

// ref evaluates Ref: a pseudo parameter, a parameter, or a resource.
func (l *loader) ref(name string, at *yaml.Node, path string) (val, error) {
	if v, ok := l.pseudo(name, at.Line, at.Column); ok {
		return v, nil
	}
	if strings.HasPrefix(name, "AWS::") {
		return val{}, l.errAt(at, path, "Ref: unknown pseudo parameter %s", source.Cut(name))
	}
	if p, ok := l.params[name]; ok {
		v, err := l.paramValue(p, at.Line, at.Column)
		v.line, v.col = at.Line, at.Column
		return v, err
	}
	if r, ok := l.res[name]; ok {
		return l.refValue(r, at, path)
	}
	if l.hasTransform() {
		return unresolved(fmt.Sprintf("Ref %s, a resource the transform %s adds at deploy", name, strings.Join(l.transforms, ", ")), at.Line, at.Column), nil
	}
	// CloudFormation: "Unresolved resource dependencies [X] in the
	// Resources block of the template".
	return val{}, l.errAt(at, path, "Ref: %q is not a parameter, resource or pseudo parameter of the template", name)
}

// paramValue is a parameter's value: the --parameter override, else its
// Default, else unresolved.
func (l *loader) paramValue(p *param, line, col int) (val, error) {
	if p.v != nil {
		return *p.v, nil
	}
	path := "Parameters." + p.name
	var v val
	given, ok := l.o.params[p.name]
	def := lookup(p.node, "Default")
	ssm := strings.HasPrefix(p.typ, "AWS::SSM::Parameter::Value<")
	switch {
	case ok:
		v = str(given, p.node.Line, p.node.Column)
	case ssm:
		name := ""
		if def != nil {
			name = def.Value
		}
		v = unresolved(fmt.Sprintf("parameter %q (%s %q, read from SSM at deploy)", p.name, p.typ, name), line, col)
	case def != nil && def.Kind == yaml.ScalarNode:
		v = str(def.Value, def.Line, def.Column)
		if def.Tag == "!!int" || def.Tag == "!!float" {
			v.sk = sNumber
		}
	case def != nil && def.Kind == yaml.SequenceNode:
		parts := make([]string, 0, len(def.Content))
		for _, e := range def.Content {
			parts = append(parts, e.Value)
		}
		v = str(strings.Join(parts, ","), def.Line, def.Column)
	case def != nil:
		return val{}, l.errAt(def, path+".Default", "want string, got %s", kindName(def))
	default:
		v = unresolved(fmt.Sprintf("parameter %q", p.name), line, col)
	}
	if !v.unres() {
		if err := l.checkAllowed(p, v); err != nil {
			return val{}, err
		}
		if err := l.checkConstraints(p, v); err != nil {
			return val{}, err
		}
		if strings.HasPrefix(p.typ, "List<") || p.typ == "CommaDelimitedList" || ssm && strings.Contains(p.typ, "List<") {
			list := val{k: vList, line: v.line, col: v.col}
			if v.s != "" {
				for _, e := range strings.Split(v.s, ",") {
					list.l = append(list.l, str(strings.TrimSpace(e), v.line, v.col))
				}
			}
			v = list
		}
	}
	p.v = &v
	return v, nil
}

// checkAllowed enforces AllowedValues (CFN "Parameters": a value outside
// the list fails the create).
func (l *loader) checkAllowed(p *param, v val) error {
	av := lookup(p.node, "AllowedValues")
	if av == nil || av.Kind != yaml.SequenceNode {
		return nil
	}
	allowed := map[string]bool{}
	var list []string
	for _, e := range av.Content {
		allowed[e.Value] = true
		list = append(list, e.Value)
	}
	values := []string{v.s}
	if strings.HasPrefix(p.typ, "List<") || p.typ == "CommaDelimitedList" {
		values = strings.Split(v.s, ",")
	}
	for _, x := range values {
		x = strings.TrimSpace(x)
		if !allowed[x] {
			at := lookup(p.node, "Default")
			if _, given := l.o.params[p.name]; given || at == nil {
				at = p.node
			}
			if p.noEcho() {
				return l.errNoEcho(at, p, "is not one of AllowedValues [%s]", source.Shorten(strings.Join(list, ", ")))
			}
			return l.errAt(at, "Parameters."+p.name, "value %q is not one of AllowedValues [%s]", x, source.Shorten(strings.Join(list, ", ")))
		}
	}
	return nil
}

// props evaluates a resource's Properties once.
func (l *loader) props(r *resource) (val, error) {
	if r.pv != nil {
		return *r.pv, nil
	}
	v := val{k: vMap, line: r.node.Line, col: r.node.Column}
	if r.props != nil {
		var err error
		v, err = l.eval(r.props, r.id+".Properties")
		if err != nil {
			return val{}, err
		}
		if v.k == vStr && v.unres() {
			// Properties chosen by an unknown Fn::If: nothing is known.
			v = val{k: vMap, line: v.line, col: v.col, m: []kv{{"<unresolved>", v}}}
		} else if v.k != vMap {
			return val{}, l.errAt(r.props, r.id+".Properties", "want object, got %s", v.typeName())
		}
	}
	r.pv = &v
	return v, nil
}

// prop evaluates one property of a resource without evaluating the others,
// for Ref and Fn::GetAtt, which need only the name.
func (l *loader) prop(r *resource, key string) (val, bool, error) {
	l.memos()
	k := attrKey{r.id, key}
	if m, done := l.propMemo[k]; done {
		return m.v, m.ok, nil
	}
	v, ok, err := l.prop1(r, key)
	if err == nil {
		l.propMemo[k] = propResult{v, ok}
	}
	return v, ok, err
}

func (l *loader) prop1(r *resource, key string) (val, bool, error) {
	if r.pv != nil {
		v, ok := r.pv.get(key)
		return v, ok, nil
	}
	if r.props == nil {
		return val{}, false, nil
	}
	// Properties that are one intrinsic (Fn::If, CFN User Guide "Fn::If")
	// are evaluated as a whole before a property can be read.
	if fn, _ := intrinsicOf(r.props); fn != "" || r.props.Kind != yaml.MappingNode || r.props.Tag != "!!map" {
		pv, err := l.props(r)
		if err != nil {
			return val{}, false, err
		}
		v, ok := pv.get(key)
		return v, ok, nil
	}
	n := lookup(r.props, key)
	if n == nil {
		return val{}, false, nil
	}
	v, err := l.eval(n, r.id+".Properties."+key)
	if err != nil || v.k == vNoValue || v.k == vNull {
		return val{}, false, err
	}
	return v, true, nil
}

// propString is prop for a string property; def is used when it is absent.
func (l *loader) propString(r *resource, key, def string) (string, error) {
	v, ok, err := l.prop(r, key)
	if err != nil || !ok {
		return def, err
	}
	if v.k != vStr {
		return "", l.errVal(v, r.id+".Properties."+key, "want string, got %s", v.typeName())
	}
	return v.s, nil
}

// logical decides Fn::Not, Fn::And and Fn::Or, each operand by sub (a
// template condition or a rule condition). Fn::And is false when any
// operand is false, Fn::Or true when any is true, whatever the unknown
// ones turn out to be (CFN-UG "Condition functions", "Rule functions").
func (l *loader) logical(fn string, arg *yaml.Node, path string, sub func(*yaml.Node, string) (condResult, error)) (condResult, error) {
	if fn == "Fn::Not" {
		a, err := l.args(fn, arg, path, 1)
		if err != nil {
			return condResult{}, err
		}
		c, err := sub(a[0], path)
		switch c.t {
		case tTrue:
			c.t = tFalse
		case tFalse:
			c.t = tTrue
		}
		return c, err
	}
	a, err := l.args(fn, arg, path, -2)
	if err != nil {
		return condResult{}, err
	}
	decisive, neutral := tFalse, tTrue
	if fn == "Fn::Or" {
		decisive, neutral = tTrue, tFalse
	}
	out := condResult{t: neutral}
	for _, e := range a {
		c, err := sub(e, path)
		if err != nil {
			return condResult{}, err
		}
		switch c.t {
		case decisive:
			return c, nil
		case tUnknown:
			out = c
		}
	}
	return out, nil
}
