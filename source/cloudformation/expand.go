package cloudformation

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/ecs-preflight/ecs-preflight/source"
	"github.com/ecs-preflight/ecs-preflight/world"
)

// maxExpandedNodes bounds the YAML nodes that AWS::Include and Fn::ForEach
// add to a template. CloudFormation applies its quotas (1 MB, 500
// resources; CFN-UG "Understand CloudFormation quotas") to the expanded
// template (CFN "Fn::ForEach": "Using the Fn::ForEach intrinsic function
// does not change the quotas, which apply to the resultant template"); a
// 1 MB template holds fewer nodes than this. The evaluation's step bound is
// then proportional to the expanded template, so it stays bounded too.
const maxExpandedNodes = 1 << 19

// maxIncludeDepth bounds snippets that include snippets. Assumption: CFN
// "AWS::Include transform" does not say whether a snippet may itself use
// AWS::Include; a chain this deep is taken as a mistake.
const maxIncludeDepth = 8

// expander holds the state of one template's expansion.
type expander struct {
	l     *loader
	added int      // nodes added, against maxExpandedNodes
	read  int      // snippet bytes read, against MaxSize
	chain []string // snippet files being included, outermost first
	// langExt is whether the template declares AWS::LanguageExtensions.
	langExt bool
}

// expand rewrites the parsed template as CloudFormation's transforms would
// before it is read: AWS::Include snippets with a local Location are
// inserted (expandIncludes), then the Fn::ForEach loops of
// AWS::LanguageExtensions are expanded in Conditions, Outputs and Resources
// (expandLoops).
func (l *loader) expand(root *yaml.Node) error {
	x := &expander{l: l}
	if err := x.topInclude(root); err != nil {
		return err
	}
	// A loop's collection may Ref a parameter or use Fn::FindInMap.
	l.params = map[string]*param{}
	if ps := lookup(root, "Parameters"); ps != nil {
		if err := l.readParameters(ps); err != nil {
			return err
		}
	}
	if m := lookup(root, "Mappings"); m != nil && m.Kind == yaml.MappingNode {
		l.mappings = m
	}
	for _, p := range pairs(root) {
		switch p[0].Value {
		case "Parameters", "AWSTemplateFormatVersion", "Transform":
			// CFN "AWS::Include transform": usable anywhere but in the
			// parameters section and the template version.
		default:
			n, err := x.includes(p[1], p[0].Value, 0)
			if err != nil {
				return err
			}
			root.Content[slices.Index(root.Content, p[1])] = n
		}
	}
	return x.loops(root)
}

// loopUnknowns makes every task definition unknown when a Fn::ForEach
// loop of Resources has an unknown collection: the resources it makes —
// VPC endpoints, routes, policies, the tasks themselves — may decide any
// step, and none of them can be named.
func (l *loader) loopUnknowns() {
	if len(l.unknownLoops) == 0 {
		return
	}
	msg := "what Fn::ForEach makes is unknown before deploy: " + strings.Join(l.unknownLoops, "; ") + " (give the value with --parameter)"
	for _, td := range l.w.TaskDefinitions.All() {
		if td.Unknown == nil {
			td.Unknown = map[string]string{}
		}
		if _, set := td.Unknown["taskDefinition"]; !set {
			td.Unknown["taskDefinition"] = msg
		}
	}
}

// includeOf returns the Location node of an AWS::Include call in n, in the
// long form {Fn::Transform: {Name: AWS::Include, Parameters: {Location}}}
// and the short form !Transform {Name: ..., Parameters: ...}; nil when n
// is not one.
func includeOf(n *yaml.Node) (*yaml.Node, bool) {
	var arg *yaml.Node
	switch {
	case n.Tag == "!Transform" && n.Kind == yaml.MappingNode:
		arg = n
	case n.Kind == yaml.MappingNode && len(n.Content) == 2 && n.Content[0].Value == "Fn::Transform":
		arg = n.Content[1]
	default:
		return nil, false
	}
	if name := lookup(arg, "Name"); name == nil || name.Value != "AWS::Include" {
		return nil, false
	}
	return lookup(lookup(arg, "Parameters"), "Location"), true
}

// topInclude expands AWS::Include in the Transform section ("Syntax at the
// top level of a template"): the snippet's sections join the template's.
func (x *expander) topInclude(root *yaml.Node) error {
	t := lookup(root, "Transform")
	if t == nil {
		return nil
	}
	items := []*yaml.Node{t}
	if t.Kind == yaml.SequenceNode {
		items = t.Content
	}
	var keep []*yaml.Node
	for _, it := range items {
		if it.Kind == yaml.ScalarNode && it.Value == "AWS::LanguageExtensions" {
			x.langExt = true
		}
		if it.Kind != yaml.MappingNode || lookup(it, "Name") == nil || lookup(it, "Name").Value != "AWS::Include" {
			keep = append(keep, it)
			continue
		}
		loc := lookup(lookup(it, "Parameters"), "Location")
		snippet, remote, err := x.readSnippet(loc, "Transform", 0)
		if err != nil {
			return err
		}
		if remote != "" {
			// Named as a transform: every task definition is unknown.
			keep = append(keep, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: remote, Line: it.Line, Column: it.Column})
			continue
		}
		if snippet.Kind != yaml.MappingNode {
			return x.errIn(loc, "Transform", "the AWS::Include snippet at the top level is an object of template sections, got %s", kindName(snippet))
		}
		for _, p := range pairs(snippet) {
			if lookup(root, p[0].Value) != nil {
				return x.errIn(p[0], p[0].Value, "the AWS::Include snippet repeats the template section %s", source.Cut(p[0].Value))
			}
			root.Content = append(root.Content, p[0], p[1])
		}
	}
	if t.Kind == yaml.SequenceNode {
		t.Content = keep
	} else if len(keep) == 0 {
		t.Kind, t.Tag, t.Content = yaml.SequenceNode, "!!seq", nil
	} else {
		*t = *keep[0]
	}
	return nil
}

// includes returns n with every AWS::Include under it replaced by its
// snippet: a call that is a whole value becomes the snippet; a
// Fn::Transform key among other keys (a section-level include) adds the
// snippet's keys in its place.
func (x *expander) includes(n *yaml.Node, path string, depth int) (*yaml.Node, error) {
	if loc, ok := includeOf(n); ok {
		snippet, remote, err := x.readSnippet(loc, path, depth)
		if err != nil {
			return nil, err
		}
		if remote != "" {
			return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: world.Unresolved(remote + ", inserted at deploy"), Line: n.Line, Column: n.Column}, nil
		}
		return snippet, nil
	}
	switch n.Kind {
	case yaml.SequenceNode:
		for i, c := range n.Content {
			e, err := x.includes(c, path+"["+strconv.Itoa(i)+"]", depth)
			if err != nil {
				return nil, err
			}
			n.Content[i] = e
		}
	case yaml.MappingNode:
		var out []*yaml.Node
		for _, p := range pairs(n) {
			k, v := p[0], p[1]
			if k.Value == "Fn::Transform" && len(n.Content) > 2 {
				whole := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Content: []*yaml.Node{k, v}}
				if loc, ok := includeOf(whole); ok {
					snippet, remote, err := x.readSnippet(loc, path, depth)
					if err != nil {
						return nil, err
					}
					if remote != "" {
						// Keys the snippet adds are unknown; the transform
						// is named, and every task definition is unknown.
						x.l.transforms = append(x.l.transforms, remote)
						continue
					}
					if snippet.Kind != yaml.MappingNode {
						return nil, x.errIn(loc, path, "an AWS::Include snippet among keys is an object, got %s", kindName(snippet))
					}
					out = append(out, snippet.Content...)
					continue
				}
			}
			e, err := x.includes(v, joinPath(path, k.Value), depth)
			if err != nil {
				return nil, err
			}
			out = append(out, k, e)
		}
		n.Content = out
		seen := map[string]bool{}
		for _, p := range pairs(n) {
			if seen[p[0].Value] {
				return nil, x.errIn(p[0], path, "key %s appears twice after AWS::Include", source.Cut(p[0].Value))
			}
			seen[p[0].Value] = true
		}
	}
	return n, nil
}

// readSnippet reads the snippet an AWS::Include Location names. A local
// path is read relative to the template's folder, as `aws cloudformation
// package` resolves it before uploading (AWS CLI reference "package": the
// "Location parameter for the AWS::Include transform" is among the local
// artifacts it uploads). An s3:// or https://
// Location is not read: remote is what to name as unknown.
func (x *expander) readSnippet(loc *yaml.Node, path string, depth int) (snippet *yaml.Node, remote string, err error) {
	l := x.l
	if loc == nil || loc.Kind != yaml.ScalarNode || loc.Value == "" {
		return nil, "", l.errAt(loc, path, "AWS::Include: want Parameters.Location, a file or an s3:// URI")
	}
	if _, tagged := tagFn[loc.Tag]; tagged {
		return nil, "", l.errAt(loc, path, "AWS::Include: Location is a literal string, not %s", loc.Tag)
	}
	where := loc.Value
	if strings.HasPrefix(where, "s3://") || strings.HasPrefix(where, "https://") || strings.HasPrefix(where, "http://") {
		return nil, "AWS::Include (Location " + source.Cut(where) + ")", nil
	}
	if depth >= maxIncludeDepth {
		return nil, "", l.errAt(loc, path, "AWS::Include: snippets nested deeper than %d: %s", maxIncludeDepth, source.Shorten(strings.Join(append(slices.Clone(x.chain), where), " → ")))
	}
	file := filepath.Join(filepath.Dir(x.current()), filepath.FromSlash(where))
	if slices.Contains(x.chain, file) || file == l.file {
		return nil, "", l.errAt(loc, path, "AWS::Include: a snippet includes itself: %s", source.Shorten(strings.Join(append(append([]string{l.file}, x.chain...), file), " → ")))
	}
	data, rerr := source.ReadFile(file, MaxSize)
	if rerr != nil {
		return nil, "", &source.InputError{Kind: "template", File: l.file, Path: path, Line: loc.Line, Column: loc.Column,
			Err: fmt.Errorf("AWS::Include Location %q: %w", source.Cut(where), rerr)}
	}
	x.read += len(data)
	if x.read > MaxSize {
		return nil, "", l.errAt(loc, path, "AWS::Include: the snippets add more than %d MiB", MaxSize>>20)
	}
	if data, rerr = source.ToUTF8(data); rerr != nil {
		return nil, "", &source.InputError{Kind: "template", File: file, Err: rerr}
	}
	orig := data
	isJSON := false
	if t := bytes.TrimLeft(data, " \r\n\t"); len(t) > 0 && (t[0] == '{' || t[0] == '[') {
		isJSON = true
		data = bytes.ReplaceAll(data, []byte{'\t'}, []byte{' '})
	}
	// Errors in the snippet name the snippet's file.
	outer := l.file
	l.file = file
	defer func() { l.file = outer }()
	var doc yaml.Node
	if derr := yaml.NewDecoder(bytes.NewReader(data)).Decode(&doc); derr != nil && !errors.Is(derr, io.EOF) {
		return nil, "", l.syntaxError(orig, isJSON, derr)
	}
	if len(doc.Content) == 0 {
		return nil, "", &source.InputError{Kind: "template", File: file, Err: errors.New("empty AWS::Include snippet")}
	}
	root := doc.Content[0]
	if err := l.checkTags(root, ""); err != nil {
		return nil, "", err
	}
	nodes, _ := countNodes(root)
	if err := x.add(loc, path, nodes); err != nil {
		return nil, "", err
	}
	x.chain = append(x.chain, file)
	defer func() { x.chain = x.chain[:len(x.chain)-1] }()
	out, err := x.includes(root, path, depth+1)
	return out, "", err
}

// current is the file being expanded: the innermost snippet, else the
// template.
func (x *expander) current() string {
	if len(x.chain) > 0 {
		return x.chain[len(x.chain)-1]
	}
	return x.l.file
}

// errIn is an input error at n in the file being expanded.
func (x *expander) errIn(n *yaml.Node, path, format string, args ...any) error {
	outer := x.l.file
	x.l.file = x.current()
	defer func() { x.l.file = outer }()
	return x.l.errAt(n, path, format, args...)
}

// add counts k nodes added to the template and fails past the bound.
func (x *expander) add(n *yaml.Node, path string, k int) error {
	x.added += k
	if x.added > maxExpandedNodes {
		return x.errIn(n, path, "the expanded template has more than %d YAML nodes more than the template; CloudFormation's quotas apply to the expanded template", maxExpandedNodes)
	}
	return nil
}

const forEachPrefix = "Fn::ForEach::"

// loops expands Fn::ForEach (CFN "Fn::ForEach") in the Conditions,
// Outputs and Resources sections, resource properties included. A loop
// needs the AWS::LanguageExtensions transform ("If you use the
// Fn::ForEach intrinsic function in your template, you must also use the
// AWS::LanguageExtensions transform").
func (x *expander) loops(root *yaml.Node) error {
	for _, p := range pairs(root) {
		switch p[0].Value {
		case "Conditions", "Outputs", "Resources":
			if err := x.walk(p[1], p[0].Value); err != nil {
				return err
			}
		}
	}
	return nil
}

// walk expands the loops under n, in place.
func (x *expander) walk(n *yaml.Node, path string) error {
	switch n.Kind {
	case yaml.SequenceNode:
		for i, c := range n.Content {
			if err := x.walk(c, path+"["+strconv.Itoa(i)+"]"); err != nil {
				return err
			}
		}
	case yaml.MappingNode:
		has := false
		for _, p := range pairs(n) {
			if strings.HasPrefix(p[0].Value, forEachPrefix) {
				has = true
				break
			}
		}
		if !has {
			for _, p := range pairs(n) {
				if err := x.walk(p[1], joinPath(path, p[0].Value)); err != nil {
					return err
				}
			}
			return nil
		}
		var out []*yaml.Node
		for _, p := range pairs(n) {
			if !strings.HasPrefix(p[0].Value, forEachPrefix) {
				if err := x.walk(p[1], joinPath(path, p[0].Value)); err != nil {
					return err
				}
				out = append(out, p[0], p[1])
				continue
			}
			made, err := x.loop(p[0], p[1], joinPath(path, p[0].Value))
			if err != nil {
				return err
			}
			out = append(out, made...)
		}
		seen := map[string]*yaml.Node{}
		for i := 0; i+1 < len(out); i += 2 {
			k := out[i]
			if _, dup := seen[k.Value]; dup {
				return x.l.errAt(k, path, "Fn::ForEach makes the key %s twice", source.Cut(k.Value))
			}
			seen[k.Value] = k
		}
		n.Content = out
	}
	return nil
}

// loop expands one Fn::ForEach::Name: [Identifier, Collection, {OutputKey:
// OutputValue}] into the key/value nodes it makes, nested loops expanded.
func (x *expander) loop(key, def *yaml.Node, path string) ([]*yaml.Node, error) {
	l := x.l
	if !x.langExt {
		return nil, l.errAt(key, path, "Fn::ForEach needs Transform: AWS::LanguageExtensions")
	}
	if def.Kind != yaml.SequenceNode || len(def.Content) != 3 {
		return nil, l.errAt(def, path, "Fn::ForEach: want [Identifier, Collection, {OutputKey: OutputValue}]")
	}
	idn, coll, body := def.Content[0], def.Content[1], def.Content[2]
	if idn.Kind != yaml.ScalarNode || idn.Value == "" {
		return nil, l.errAt(idn, path, "Fn::ForEach: the identifier is a name, got %s", kindName(idn))
	}
	id := idn.Value
	if body.Kind != yaml.MappingNode || len(body.Content) == 0 {
		return nil, l.errAt(body, path, "Fn::ForEach: want {OutputKey: OutputValue}, got %s", kindName(body))
	}
	for _, p := range pairs(body) {
		k := p[0].Value
		if !strings.HasPrefix(k, forEachPrefix) && !strings.Contains(k, "${"+id+"}") && !strings.Contains(k, "&{"+id+"}") {
			// CFN "Fn::ForEach": "${Identifier} or &{Identifier} must be
			// included in the OutputKey parameter."
			return nil, l.errAt(p[0], path, "Fn::ForEach: the OutputKey %s holds neither ${%s} nor &{%s}", source.Cut(k), id, id)
		}
	}
	values, why, err := x.collection(coll, path)
	if err != nil {
		return nil, err
	}
	unknown := ""
	if why != "" {
		// The stand-in item names what the collection depends on, not
		// the loop, so that loops over the same parameter (a loop of
		// Conditions and one of Resources using its conditions) make the
		// same names.
		unknown = world.Unresolved("an item of " + why)
		// The loop's keys and values stand on one unresolved item, so
		// that references to what it makes resolve to stand-ins; how many
		// resources it makes, and which, is unknown (loopUnknowns).
		values = []string{unknown}
		if !strings.HasPrefix(path, "Outputs") && !strings.HasPrefix(path, "Conditions") {
			l.unknownLoops = append(l.unknownLoops, key.Value+" over "+why)
		}
	}
	tmp := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	for _, v := range values {
		for _, p := range pairs(body) {
			k, err := x.subst(p[0], id, v, unknown != "", path)
			if err != nil {
				return nil, err
			}
			val, err := x.subst(p[1], id, v, unknown != "", path)
			if err != nil {
				return nil, err
			}
			tmp.Content = append(tmp.Content, k, val)
		}
	}
	if err := x.walk(tmp, path); err != nil {
		return nil, err
	}
	return tmp.Content, nil
}

// collection returns a loop's items: a literal list, or a Ref to a
// CommaDelimitedList (or List<...>) parameter (CFN "Fn::ForEach":
// "This can be an array in this parameter, or it can be a Ref to a
// CommaDelimitedList"); other functions are evaluated as elsewhere. A
// collection the template cannot know has no values and why names what it
// depends on.
func (x *expander) collection(n *yaml.Node, path string) (values []string, why string, err error) {
	l := x.l
	if values, ok := literalList(n); ok {
		return values, "", nil
	}
	v, err := l.eval(n, path)
	if err != nil {
		return nil, "", err
	}
	if v.unres() {
		return nil, v.why(), nil
	}
	if v.k != vList {
		return nil, "", l.errVal(v, path, "Fn::ForEach: the collection is a list, got %s", v.typeName())
	}
	for _, e := range v.l {
		if e.k != vStr {
			return nil, "", l.errVal(e, path, "Fn::ForEach: want a list of strings, got an element that is %s", e.typeName())
		}
		values = append(values, e.s)
	}
	return values, "", nil
}

// literalList returns the strings of a list of plain scalars; ok is false
// for anything else.
func literalList(n *yaml.Node) ([]string, bool) {
	if fn, _ := intrinsicOf(n); fn != "" || n.Kind != yaml.SequenceNode {
		return nil, false
	}
	out := make([]string, 0, len(n.Content))
	for _, e := range n.Content {
		if e.Kind != yaml.ScalarNode || strings.HasPrefix(e.Tag, "!") && !strings.HasPrefix(e.Tag, "!!") {
			return nil, false
		}
		out = append(out, e.Value)
	}
	return out, true
}

// subst copies n with the identifier replaced by value: ${id} with the
// value and &{id} with its alphanumeric characters only in keys and
// strings, and a Ref to id by the value (CFN "Fn::ForEach": "All instances
// of ${Identifier} or &{Identifier} in the OutputKey and OutputValue
// parameters are replaced with the values from the Collection"; "&{}
// syntax allows non-alphanumeric characters of the Collection to be used
// in OutputKey"). A stand-in value stays whole in both forms.
func (x *expander) subst(n *yaml.Node, id, value string, unknown bool, path string) (*yaml.Node, error) {
	if err := x.add(n, path, 1); err != nil {
		return nil, err
	}
	if fn, arg := intrinsicOf(n); fn == "Ref" && arg.Kind == yaml.ScalarNode && arg.Value == id {
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: value, Line: n.Line, Column: n.Column}, nil
	}
	c := *n
	if n.Kind == yaml.ScalarNode {
		amp := value
		if !unknown {
			amp = strings.Map(func(r rune) rune {
				if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
					return r
				}
				return -1
			}, value)
		}
		c.Value = strings.ReplaceAll(strings.ReplaceAll(n.Value, "${"+id+"}", value), "&{"+id+"}", amp)
		if len(c.Value) > maxValue {
			return nil, x.l.errAt(n, path, "Fn::ForEach: a value longer than %d bytes", maxValue)
		}
		return &c, nil
	}
	c.Content = make([]*yaml.Node, len(n.Content))
	for i, e := range n.Content {
		s, err := x.subst(e, id, value, unknown, path)
		if err != nil {
			return nil, err
		}
		c.Content[i] = s
	}
	return &c, nil
}
