package cloudformation

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/ecs-preflight/ecs-preflight/source"
	"github.com/ecs-preflight/ecs-preflight/world"
)

// loader turns one parsed template into a world.
type loader struct {
	file                              string
	o                                 options
	region, account, partition, stack string
	// regionFrom and accountFrom say where the region and account come
	// from, or what is missing; the *Known flags are false when the value
	// is a stand-in (see settle).
	regionFrom, accountFrom                   string
	regionKnown, accountKnown, partitionKnown bool

	params     map[string]*param
	mappings   *yaml.Node
	conds      map[string]*yaml.Node
	condVal    map[string]condResult
	condBusy   map[string]bool
	res        map[string]*resource
	order      []string // resource logical ids in template order
	transforms []string
	outputs    *yaml.Node // the Outputs section
	stackOut              // outputs, exports and nested stacks (stacks.go)
	assumed    []string   // what the reader takes on trust (constraints.go)
	// unknownLoops name the Fn::ForEach loops whose collection is unknown
	// (expand.go).
	unknownLoops []string

	evalState // memos and the work bound of evaluation (eval.go)

	w *world.World
	// roleByName finds template roles by the name Ref returns, to attach
	// AWS::IAM::Policy and friends.
	roleByName map[string]*world.Role
	roleByID   map[string]*world.Role
	vpcs       map[string]bool              // ids of VPCs the template creates
	zoneByName map[string]*world.HostedZone // template hosted zones, by name without the final dot
	explicit   map[string]bool              // "rtb SUBNET", "acl SUBNET": explicit associations
}

// param is a declared template parameter.
type param struct {
	name string
	typ  string
	node *yaml.Node
	v    *val
}

// resource is one entry of the Resources section.
type resource struct {
	key   *yaml.Node // the logical id's node, for origins
	id    string
	typ   string
	node  *yaml.Node
	props *yaml.Node // nil when the resource has no Properties
	cond  string
	pv    *val    // evaluated Properties, cached
	name  *string // evaluated name, cached
}

func newLoader(file string, o options) *loader {
	l := &loader{file: file, o: o}
	l.stack = stackName(file)
	if o.stackName != "" {
		l.stack = o.stackName
	}
	return l
}

// errAt returns an InputError at node n.
func (l *loader) errAt(n *yaml.Node, path, format string, args ...any) error {
	e := &source.InputError{Kind: "template", File: l.file, Path: path, Err: source.Errorf(format, l.hideNoEcho(args)...)}
	if n != nil {
		e.Line, e.Column = n.Line, n.Column
	}
	return e
}

// errVal returns an InputError at an evaluated value.
func (l *loader) errVal(v val, path, format string, args ...any) error {
	return &source.InputError{Kind: "template", File: l.file, Path: path, Line: v.line, Column: v.col, Err: source.Errorf(format, l.hideNoEcho(args)...)}
}

// errNoEcho returns an InputError about p's value that names p instead of
// showing the value (CFN-UG "Parameters": NoEcho masks it): "the value
// given for NoEcho parameter X " and the message. Its arguments come from
// the template's declaration, not from the value, so they are not hidden.
func (l *loader) errNoEcho(n *yaml.Node, p *param, format string, args ...any) error {
	return &source.InputError{Kind: "template", File: l.file, Path: "Parameters." + p.name, Line: n.Line, Column: n.Column,
		Err: fmt.Errorf("the value given for NoEcho parameter %s "+format, append([]any{p.name}, args...)...)}
}

// noEcho reports whether p masks its value (CFN-UG "Parameters": NoEcho
// "Whether to mask the parameter value to prevent it from being displayed
// in the console, command line tools, or API").
func (p *param) noEcho() bool {
	n := lookup(p.node, "NoEcho")
	return n != nil && n.Kind == yaml.ScalarNode && strings.EqualFold(n.Value, "true")
}

// hideNoEcho replaces in the arguments of an error message every value of
// a NoEcho parameter, whole, as a list element or as %q writes it, by "the
// value given for NoEcho parameter X": a value can reach any error through
// Ref, so every error of the reader passes here rather than each quoting
// site checking. The format, the reader's own words, is left alone.
func (l *loader) hideNoEcho(args []any) []any {
	type secret struct{ text, name string }
	var secrets []secret
	for _, name := range slices.Sorted(maps.Keys(l.params)) {
		p := l.params[name]
		if !p.noEcho() {
			continue
		}
		var whole []string
		if given, ok := l.o.params[name]; ok {
			whole = []string{given}
		} else if def := lookup(p.node, "Default"); def != nil && def.Kind == yaml.ScalarNode {
			whole = []string{def.Value}
		} else if def != nil && def.Kind == yaml.SequenceNode {
			for _, e := range def.Content {
				whole = append(whole, e.Value)
			}
		}
		for _, w := range whole {
			parts := append([]string{w}, strings.Split(w, ",")...)
			for _, x := range parts {
				for _, t := range []string{x, strings.TrimSpace(x)} {
					q := strconv.Quote(t)
					for _, form := range []string{t, q[1 : len(q)-1]} {
						if form != "" {
							secrets = append(secrets, secret{form, name})
						}
					}
				}
			}
		}
	}
	if len(secrets) == 0 {
		return args
	}
	// Longest first, so that a list's whole value goes before its elements;
	// one Replacer pass never rewrites its own replacement text.
	slices.SortStableFunc(secrets, func(a, b secret) int { return len(b.text) - len(a.text) })
	var oldnew []string
	for _, s := range secrets {
		oldnew = append(oldnew, s.text, "<the value given for NoEcho parameter "+s.name+">")
	}
	r := strings.NewReplacer(oldnew...)
	out := slices.Clone(args)
	for i, a := range args {
		text := fmt.Sprint(a) // an error's or a number's text too
		if hidden := r.Replace(text); hidden != text {
			out[i] = hidden
		}
	}
	return out
}

// mapping returns the key and value nodes of a mapping node in order.
func pairs(n *yaml.Node) [][2]*yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	out := make([][2]*yaml.Node, 0, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		out = append(out, [2]*yaml.Node{n.Content[i], n.Content[i+1]})
	}
	return out
}

// lookup returns the value node under key in a mapping node.
func lookup(n *yaml.Node, key string) *yaml.Node {
	for _, p := range pairs(n) {
		if p[0].Value == key {
			return p[1]
		}
	}
	return nil
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "object"
	case yaml.SequenceNode:
		return "list"
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return "null"
		}
		return "string"
	}
	return "value"
}

// load reads the sections and builds the world.
func (l *loader) load(root *yaml.Node) error {
	if root.Kind != yaml.MappingNode {
		return l.errAt(root, "", "a template is an object with a Resources section, got %s", kindName(root))
	}
	if err := l.checkTags(root, ""); err != nil {
		return err
	}
	if err := l.expand(root); err != nil {
		return err
	}
	l.initEval(root)
	l.params = map[string]*param{}
	l.conds = map[string]*yaml.Node{}
	l.condVal = map[string]condResult{}
	l.condBusy = map[string]bool{}
	l.res = map[string]*resource{}
	var resources *yaml.Node
	for _, p := range pairs(root) {
		k, v := p[0], p[1]
		switch k.Value {
		case "Outputs":
			l.outputs = v
		case "AWSTemplateFormatVersion", "Description", "Metadata", "Rules", "Globals", "Hooks":
			// Globals is SAM's section, Hooks the Blue/Green deployment
			// section; neither holds facts this reader uses.
		case "Parameters":
			if err := l.readParameters(v); err != nil {
				return err
			}
		case "Mappings":
			if v.Kind != yaml.MappingNode {
				return l.errAt(v, "Mappings", "want object, got %s", kindName(v))
			}
			l.mappings = v
		case "Conditions":
			if v.Kind != yaml.MappingNode {
				return l.errAt(v, "Conditions", "want object, got %s", kindName(v))
			}
			for _, c := range pairs(v) {
				l.conds[c[0].Value] = c[1]
			}
		case "Transform":
			switch v.Kind {
			case yaml.ScalarNode:
				l.transforms = append(l.transforms, v.Value)
			case yaml.SequenceNode:
				for _, t := range v.Content {
					if t.Kind == yaml.ScalarNode {
						l.transforms = append(l.transforms, t.Value)
					} else if name := lookup(t, "Name"); name != nil {
						l.transforms = append(l.transforms, name.Value)
					}
				}
			case yaml.MappingNode:
				if name := lookup(v, "Name"); name != nil {
					l.transforms = append(l.transforms, name.Value)
				}
			}
		case "Resources":
			resources = v
		default:
			// CFN User Guide "Template anatomy": these are the only
			// top-level sections; anything else is a typo CloudFormation
			// rejects.
			return l.errAt(k, k.Value, "unknown template section %q", k.Value)
		}
	}
	if resources == nil {
		return l.errAt(root, "Resources", "the template has no Resources section")
	}
	if resources.Kind != yaml.MappingNode {
		return l.errAt(resources, "Resources", "want object, got %s", kindName(resources))
	}
	for name := range l.o.params {
		if _, ok := l.params[name]; !ok {
			return &source.InputError{Kind: "template", File: l.file, Path: "Parameters",
				Err: source.Errorf("parameter %q given with %s is not declared in the template", name, cmp.Or(l.o.paramsFrom, "--parameter"))}
		}
	}
	if err := l.readResources(resources); err != nil {
		return err
	}
	l.joinApp()
	l.settle()
	if err := l.checkCycles(); err != nil {
		return err
	}
	l.warm()
	if err := l.checkParameters(); err != nil {
		return err
	}
	if err := l.checkRules(lookup(root, "Rules")); err != nil {
		return err
	}
	if err := l.build(); err != nil {
		return err
	}
	l.w.Assumptions = l.assumed
	l.loopUnknowns()
	return nil
}

func (l *loader) readParameters(n *yaml.Node) error {
	if n.Kind != yaml.MappingNode {
		return l.errAt(n, "Parameters", "want object, got %s", kindName(n))
	}
	for _, p := range pairs(n) {
		name, def := p[0].Value, p[1]
		path := "Parameters." + name
		if def.Kind != yaml.MappingNode {
			return l.errAt(def, path, "want object, got %s", kindName(def))
		}
		t := lookup(def, "Type")
		if t == nil {
			return l.errAt(def, path, "parameter has no Type")
		}
		if t.Kind != yaml.ScalarNode {
			return l.errAt(t, path+".Type", "want string, got %s", kindName(t))
		}
		l.params[name] = &param{name: name, typ: t.Value, node: def}
	}
	return nil
}

// checkParameters evaluates every parameter once, so that a value outside
// AllowedValues is an error even when nothing uses it (CloudFormation
// rejects it at create time).
func (l *loader) checkParameters() error {
	for _, n := range slices.Sorted(maps.Keys(l.params)) {
		if _, err := l.paramValue(l.params[n], 0, 0); err != nil {
			return err
		}
	}
	return nil
}

func (l *loader) readResources(n *yaml.Node) error {
	for _, p := range pairs(n) {
		id, def := p[0].Value, p[1]
		if def.Kind != yaml.MappingNode {
			return l.errAt(def, id, "a resource is an object with Type and Properties, got %s", kindName(def))
		}
		r := &resource{key: p[0], id: id, node: def}
		for _, f := range pairs(def) {
			switch f[0].Value {
			case "Type":
				if f[1].Kind != yaml.ScalarNode {
					return l.errAt(f[1], id+".Type", "want string, got %s", kindName(f[1]))
				}
				r.typ = f[1].Value
			case "Properties":
				switch {
				case f[1].Kind == yaml.MappingNode && f[1].Tag == "!!map":
					r.props = f[1]
				case f[1].Kind == yaml.ScalarNode && f[1].Tag == "!!null":
				case f[1].Kind == yaml.MappingNode:
					// An intrinsic as the whole of Properties (Fn::If):
					// allowed, evaluated later.
					r.props = f[1]
				default:
					return l.errAt(f[1], id+".Properties", "want object, got %s", kindName(f[1]))
				}
			case "Condition":
				if f[1].Kind != yaml.ScalarNode {
					return l.errAt(f[1], id+".Condition", "want a condition name, got %s", kindName(f[1]))
				}
				r.cond = f[1].Value
				if _, ok := l.conds[r.cond]; !ok {
					return l.errAt(f[1], id+".Condition", "condition %q is not defined in Conditions", r.cond)
				}
			}
		}
		if r.typ == "" {
			return l.errAt(def, id, "resource has no Type")
		}
		if _, dup := l.params[id]; dup {
			return l.errAt(p[0], id, "logical id %q is both a parameter and a resource", id)
		}
		l.res[id] = r
		l.order = append(l.order, id)
	}
	return nil
}

// hasTransform reports whether the template names a transform or macro,
// which rewrites it at deploy.
func (l *loader) hasTransform() bool { return len(l.transforms) > 0 }

// checkTags rejects tags that are not intrinsic functions (a typo such as
// !Reff) and YAML aliases, everywhere in the template.
func (l *loader) checkTags(n *yaml.Node, path string) error {
	switch n.Kind {
	case yaml.AliasNode:
		// CloudFormation: "Template format error: YAML aliases are not
		// allowed in CloudFormation templates".
		return l.errAt(n, path, "YAML aliases are not allowed in CloudFormation templates")
	case yaml.MappingNode:
		if n.Anchor != "" {
			return l.errAt(n, path, "YAML anchors and aliases are not allowed in CloudFormation templates")
		}
		if len(n.Content) == 2 {
			if k := n.Content[0].Value; strings.HasPrefix(k, "Fn::") && !knownFn[k] && !ruleFn[k] && !strings.HasPrefix(k, "Fn::ForEach::") {
				return l.errAt(n.Content[0], path, "unknown intrinsic function %s", source.Cut(k))
			}
		}
	}
	if n.Anchor != "" {
		return l.errAt(n, path, "YAML anchors and aliases are not allowed in CloudFormation templates")
	}
	if strings.HasPrefix(n.Tag, "!") && !strings.HasPrefix(n.Tag, "!!") && n.Tag != "!" {
		if _, ok := tagFn[n.Tag]; !ok {
			return l.errAt(n, path, "unknown tag %s", source.Cut(n.Tag))
		}
	}
	for i, c := range n.Content {
		p := path
		if n.Kind == yaml.MappingNode && i%2 == 1 {
			p = joinPath(path, n.Content[i-1].Value)
		}
		if err := l.checkTags(c, p); err != nil {
			return err
		}
	}
	return nil
}

func joinPath(a, b string) string {
	if a == "" {
		return b
	}
	return a + "." + b
}

// tagFn maps short-form tags to the intrinsic function they stand for (CFN
// "Intrinsic function reference").
var tagFn = map[string]string{
	"!Ref": "Ref", "!Condition": "Condition",
	"!GetAtt": "Fn::GetAtt", "!Sub": "Fn::Sub", "!Join": "Fn::Join", "!Select": "Fn::Select",
	"!Split": "Fn::Split", "!If": "Fn::If", "!Equals": "Fn::Equals", "!Not": "Fn::Not",
	"!And": "Fn::And", "!Or": "Fn::Or", "!FindInMap": "Fn::FindInMap", "!ImportValue": "Fn::ImportValue",
	"!GetAZs": "Fn::GetAZs", "!Base64": "Fn::Base64", "!Cidr": "Fn::Cidr", "!Transform": "Fn::Transform",
	"!ToJsonString": "Fn::ToJsonString", "!Length": "Fn::Length",
}

// ruleFn are the functions only the Rules section uses (CFN "Rule
// functions"), evaluated by checkRules.
var ruleFn = map[string]bool{
	"Fn::Contains": true, "Fn::EachMemberEquals": true, "Fn::EachMemberIn": true,
	"Fn::RefAll": true, "Fn::ValueOf": true, "Fn::ValueOfAll": true,
}

var knownFn = func() map[string]bool {
	m := map[string]bool{}
	for _, v := range tagFn {
		m[v] = true
	}
	return m
}()

// checkCycles finds circular dependencies between resources through Ref,
// Fn::GetAtt, Fn::Sub and DependsOn, which CloudFormation rejects
// ("Circular dependency between resources").
func (l *loader) checkCycles() error {
	deps := map[string][]string{}
	for _, id := range l.order {
		r := l.res[id]
		seen := map[string]bool{}
		add := func(d string) {
			if _, ok := l.res[d]; ok && !seen[d] {
				seen[d] = true
				deps[id] = append(deps[id], d)
			}
		}
		if r.props != nil {
			collectRefs(r.props, add)
		}
		if d := lookup(r.node, "DependsOn"); d != nil {
			if d.Kind == yaml.ScalarNode {
				add(d.Value)
			}
			for _, e := range d.Content {
				add(e.Value)
			}
		}
	}
	const (
		white = iota
		grey
		black
	)
	color := map[string]int{}
	var stack []string
	var visit func(id string) []string
	visit = func(id string) []string {
		color[id] = grey
		stack = append(stack, id)
		for _, d := range deps[id] {
			switch color[d] {
			case grey:
				i := len(stack) - 1
				for stack[i] != d {
					i--
				}
				return append(append([]string(nil), stack[i:]...), d)
			case white:
				if c := visit(d); c != nil {
					return c
				}
			}
		}
		stack = stack[:len(stack)-1]
		color[id] = black
		return nil
	}
	for _, id := range l.order {
		if color[id] == white {
			if c := visit(id); c != nil {
				r := l.res[c[0]]
				return l.errAt(r.node, c[0], "circular dependency between resources: %s", source.Shorten(strings.Join(c, " → ")))
			}
		}
	}
	return nil
}

// collectRefs calls add with every logical id n refers to.
func collectRefs(n *yaml.Node, add func(string)) {
	fn, arg := intrinsicOf(n)
	switch fn {
	case "Ref":
		if arg.Kind == yaml.ScalarNode {
			add(arg.Value)
		}
	case "Fn::GetAtt":
		switch {
		case arg.Kind == yaml.ScalarNode:
			id, _, _ := strings.Cut(arg.Value, ".")
			add(id)
		case arg.Kind == yaml.SequenceNode && len(arg.Content) > 0:
			add(arg.Content[0].Value)
		}
	case "Fn::Sub":
		s := arg
		if arg.Kind == yaml.SequenceNode && len(arg.Content) > 0 {
			s = arg.Content[0]
		}
		if s.Kind == yaml.ScalarNode {
			for _, ref := range subRefs(s.Value) {
				id, _, _ := strings.Cut(ref, ".")
				add(id)
			}
		}
	}
	for _, c := range n.Content {
		collectRefs(c, add)
	}
}

// subRefs returns the ${...} references of a Fn::Sub string, without ${!}
// literals.
func subRefs(s string) []string {
	var out []string
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			return out
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			return out
		}
		ref := s[i+2 : i+j]
		if !strings.HasPrefix(ref, "!") {
			out = append(out, strings.TrimSpace(ref))
		}
		s = s[i+j+1:]
	}
}

// intrinsicOf returns the intrinsic function n calls and its argument, in
// either the short (tag) or the long (one-key object) form; fn is "" for
// plain values. The Condition function is recognised only by tag here;
// condition contexts also accept {"Condition": name}.
func intrinsicOf(n *yaml.Node) (fn string, arg *yaml.Node) {
	if f, ok := tagFn[n.Tag]; ok {
		c := *n
		switch n.Kind {
		case yaml.ScalarNode:
			c.Tag = "!!str"
		case yaml.SequenceNode:
			c.Tag = "!!seq"
		case yaml.MappingNode:
			c.Tag = "!!map"
		}
		return f, &c
	}
	if n.Kind == yaml.MappingNode && len(n.Content) == 2 {
		k := n.Content[0].Value
		if k == "Ref" || knownFn[k] && k != "Condition" {
			return k, n.Content[1]
		}
	}
	return "", nil
}
