package cloudformation

import (
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/ecs-preflight/ecs-preflight/source"
)

// evalState holds what makes evaluation linear in the template's size:
// memos of every Ref and Fn::GetAtt value and every resource property read
// on its own, the references being evaluated (to name a cycle), and a
// bound on the total number of evaluation steps.
type evalState struct {
	attrMemo map[attrKey]attrResult
	propMemo map[attrKey]propResult
	mapMemo  map[*yaml.Node]val

	// busy is the stack of references being evaluated, busyAt the index
	// of each in it.
	busy   []attrKey
	busyAt map[attrKey]int
	// deepest is the most references evaluated inside one another.
	deepest int

	steps, maxSteps int
	// nodes and bytes are the template's YAML nodes and the bytes of its
	// scalars, which the step bound is proportional to.
	nodes, bytes int
}

// attrKey names a resource's attribute ("" for Ref) or property.
type attrKey struct{ id, name string }

func (k attrKey) String() string {
	if k.name == "" {
		return k.id
	}
	return k.id + "." + k.name
}

type attrResult struct {
	s   string
	ok  bool
	err error
}

type propResult struct {
	v  val
	ok bool
}

// The step bound. With the memos, a node is evaluated a small constant
// number of times (a property once on its own for Ref and Fn::GetAtt and
// once with the other properties, a mapping value once), and a string a
// function builds (Fn::Join, Fn::Sub, Fn::Base64, Fn::ToJsonString) costs
// a step per byte, mostly bytes the template holds. The bound is generous:
// it stops only a template whose evaluation is not linear in its size,
// such as one that joins a value with itself at every level of a chain.
const (
	stepsPerNode = 64
	stepsPerByte = 8
	minSteps     = 1 << 16
)

// initEval sets up the memos and the step bound for the template root; a
// bound already set (by a test) is kept.
func (l *loader) initEval(root *yaml.Node) {
	l.memos()
	l.nodes, l.bytes = countNodes(root)
	if l.maxSteps == 0 {
		l.maxSteps = stepsPerNode*l.nodes + stepsPerByte*l.bytes + minSteps
	}
}

// memos makes the memo maps, for a loader that initEval did not set up.
func (l *loader) memos() {
	if l.attrMemo == nil {
		l.attrMemo = map[attrKey]attrResult{}
		l.propMemo = map[attrKey]propResult{}
		l.mapMemo = map[*yaml.Node]val{}
		l.busyAt = map[attrKey]int{}
	}
}

// countNodes counts the YAML nodes under n, n included, and the bytes of
// their values.
func countNodes(n *yaml.Node) (nodes, bytes int) {
	nodes, bytes = 1, len(n.Value)
	for _, e := range n.Content {
		c, b := countNodes(e)
		nodes += c
		bytes += b
	}
	return nodes, bytes
}

// step counts one evaluation step and fails once the bound is passed.
func (l *loader) step(n *yaml.Node, path string) error {
	return l.charge(n, path, 1)
}

// charge counts k evaluation steps and fails once the bound is passed.
func (l *loader) charge(n *yaml.Node, path string, k int) error {
	l.steps += k
	if l.maxSteps > 0 && l.steps > l.maxSteps {
		return l.errAt(n, path, "evaluating the template takes more than %d steps for its %d YAML nodes and %d bytes of values", l.maxSteps, l.nodes, l.bytes)
	}
	return nil
}

// enter marks k as being evaluated; a reference back to it is a circular
// dependency (CloudFormation: "Circular dependency between resources"),
// reported with the references that close the cycle.
func (l *loader) enter(r *resource, k attrKey) error {
	l.memos()
	if i, busy := l.busyAt[k]; busy {
		path := make([]string, 0, len(l.busy)-i+1)
		for _, b := range l.busy[i:] {
			path = append(path, b.String())
		}
		path = append(path, k.String())
		return l.errAt(r.node, r.id, "circular dependency between resources: %s", source.Shorten(strings.Join(path, " → ")))
	}
	l.busyAt[k] = len(l.busy)
	l.busy = append(l.busy, k)
	l.deepest = max(l.deepest, len(l.busy))
	return nil
}

// leave ends the evaluation of k, the innermost reference.
func (l *loader) leave(k attrKey) {
	delete(l.busyAt, k)
	l.busy = l.busy[:len(l.busy)-1]
}

// warm evaluates every Ref and Fn::GetAtt target of the template's
// resources, dependencies first, so that the evaluation proper finds each
// in the memo: without it a chain of n resources recurses n deep and a
// long one overflows the stack. Errors are kept in the memo and reported
// when the evaluation proper reaches them, in its order. It runs after
// checkCycles, so the references form no cycle.
func (l *loader) warm() {
	l.memos()
	targets := map[string][]attrKey{}
	for _, id := range l.order {
		r := l.res[id]
		if r.props == nil {
			continue
		}
		seen := map[attrKey]bool{}
		collectTargets(r.props, func(k attrKey) {
			if _, ok := l.res[k.id]; ok && !seen[k] {
				seen[k] = true
				targets[id] = append(targets[id], k)
			}
		})
	}
	// Iterative depth-first post-order: the chain can be as long as the
	// template allows.
	done := map[string]bool{}
	type frame struct {
		id string
		i  int
	}
	for _, root := range l.order {
		if done[root] {
			continue
		}
		done[root] = true
		stack := []frame{{root, 0}}
		for len(stack) > 0 {
			f := &stack[len(stack)-1]
			if ts := targets[f.id]; f.i < len(ts) {
				d := ts[f.i].id
				f.i++
				if !done[d] {
					done[d] = true
					stack = append(stack, frame{d, 0})
				}
				continue
			}
			for _, k := range targets[f.id] {
				_, _, _ = l.attr(l.res[k.id], k.name) // an error is kept in the memo
			}
			stack = stack[:len(stack)-1]
		}
	}
}

// collectTargets calls add with every resource attribute n refers to
// through Ref (name ""), Fn::GetAtt and Fn::Sub (CFN "Fn::Sub": ${Res} is
// a Ref, ${Res.Attr} a Fn::GetAtt). Fn::GetAtt with a computed attribute
// name is left to the evaluation proper.
func collectTargets(n *yaml.Node, add func(attrKey)) {
	fn, arg := intrinsicOf(n)
	switch fn {
	case "Ref":
		if arg.Kind == yaml.ScalarNode {
			add(attrKey{arg.Value, ""})
		}
	case "Fn::GetAtt":
		switch {
		case arg.Kind == yaml.ScalarNode:
			if id, a, ok := strings.Cut(arg.Value, "."); ok {
				add(attrKey{id, a})
			}
		case arg.Kind == yaml.SequenceNode && len(arg.Content) == 2:
			if a := arg.Content[1]; a.Kind == yaml.ScalarNode {
				if fn, _ := intrinsicOf(a); fn == "" {
					add(attrKey{arg.Content[0].Value, a.Value})
				}
			}
		}
	case "Fn::Sub":
		s := arg
		if arg.Kind == yaml.SequenceNode && len(arg.Content) > 0 {
			s = arg.Content[0]
		}
		if s.Kind == yaml.ScalarNode {
			for _, ref := range subRefs(s.Value) {
				id, a, _ := strings.Cut(ref, ".")
				add(attrKey{id, a})
			}
		}
	}
	for _, c := range n.Content {
		collectTargets(c, add)
	}
}
