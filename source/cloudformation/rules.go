package cloudformation

import (
	"fmt"
	"slices"
	"strconv"

	"go.yaml.in/yaml/v3"

	"github.com/ecs-preflight/ecs-preflight/source"
)

// checkRules evaluates the Rules section (CFN-UG "Rules"; CFN template
// reference "Rule functions"): for each rule whose RuleCondition is true,
// or that has none, every Assertions[].Assert must be true, else
// CloudFormation refuses to create the stack. A failing assertion whose
// values are all known is an input error quoting its AssertDescription.
// A rule or assertion that depends on something the template cannot know —
// a parameter without value, Fn::ValueOf, Fn::ValueOfAll and Fn::RefAll,
// which read the account at deploy — is skipped: the stack may or may not
// be refused, which decides nothing about the tasks.
func (l *loader) checkRules(rules *yaml.Node) error {
	if rules == nil {
		return nil
	}
	if rules.Kind != yaml.MappingNode {
		return l.errAt(rules, "Rules", "want object, got %s", kindName(rules))
	}
	for _, r := range pairs(rules) {
		name, def := r[0].Value, r[1]
		path := "Rules." + name
		if def.Kind != yaml.MappingNode {
			return l.errAt(def, path, "a rule is an object with Assertions, got %s", kindName(def))
		}
		if c := lookup(def, "RuleCondition"); c != nil {
			t, err := l.ruleCond(c, path+".RuleCondition")
			if err != nil {
				return err
			}
			if t.t != tTrue {
				continue
			}
		}
		asserts := lookup(def, "Assertions")
		if asserts == nil {
			return l.errAt(def, path, "a rule has Assertions")
		}
		if asserts.Kind != yaml.SequenceNode {
			return l.errAt(asserts, path+".Assertions", "want list, got %s", kindName(asserts))
		}
		for i, a := range asserts.Content {
			apath := path + ".Assertions[" + strconv.Itoa(i) + "]"
			if a.Kind != yaml.MappingNode {
				return l.errAt(a, apath, "an assertion is an object with Assert, got %s", kindName(a))
			}
			expr := lookup(a, "Assert")
			if expr == nil {
				return l.errAt(a, apath, "an assertion has Assert")
			}
			t, err := l.ruleCond(expr, apath+".Assert")
			if err != nil {
				return err
			}
			if t.t != tFalse {
				continue
			}
			desc := "(no AssertDescription)"
			if d := lookup(a, "AssertDescription"); d != nil && d.Kind == yaml.ScalarNode {
				desc = strconv.Quote(source.Cut(d.Value))
			}
			return l.errAt(expr, apath, "rule %s: assertion failed: %s", name, desc)
		}
	}
	return nil
}

// ruleFnOf returns the function a rule expression calls and its argument:
// the rule-only functions, which intrinsicOf does not know, and the others.
func ruleFnOf(n *yaml.Node) (string, *yaml.Node) {
	if n.Kind == yaml.MappingNode && len(n.Content) == 2 && ruleFn[n.Content[0].Value] {
		return n.Content[0].Value, n.Content[1]
	}
	return intrinsicOf(n)
}

// ruleCond evaluates a rule-specific condition: Fn::And, Fn::Or, Fn::Not,
// Fn::Equals, Fn::Contains, Fn::EachMemberEquals, Fn::EachMemberIn (CFN
// "Rule functions"), to true, false or unknown.
func (l *loader) ruleCond(n *yaml.Node, path string) (condResult, error) {
	if err := l.step(n, path); err != nil {
		return condResult{}, err
	}
	fn, arg := ruleFnOf(n)
	switch fn {
	case "Fn::Not", "Fn::And", "Fn::Or":
		return l.logical(fn, arg, path, l.ruleCond)
	case "Fn::Equals":
		a, err := l.args(fn, arg, path, 2)
		if err != nil {
			return condResult{}, err
		}
		x, err := l.ruleValue(a[0], path)
		if err != nil {
			return condResult{}, err
		}
		y, err := l.ruleValue(a[1], path)
		if err != nil {
			return condResult{}, err
		}
		if w := firstUnknown(x, y); w != "" {
			return condResult{why: w}, nil
		}
		return condResult{t: triOf(plain(x) == plain(y))}, nil
	case "Fn::Contains", "Fn::EachMemberEquals", "Fn::EachMemberIn":
		a, err := l.args(fn, arg, path, 2)
		if err != nil {
			return condResult{}, err
		}
		list, err := l.ruleValue(a[0], path)
		if err != nil {
			return condResult{}, err
		}
		y, err := l.ruleValue(a[1], path)
		if err != nil {
			return condResult{}, err
		}
		if w := firstUnknown(list, y); w != "" {
			return condResult{why: w}, nil
		}
		xs := ruleStrings(list)
		switch fn {
		case "Fn::Contains":
			// "Returns true if a specified string matches at least one
			// value in a list of strings."
			return condResult{t: triOf(slices.Contains(xs, plain(y)))}, nil
		case "Fn::EachMemberEquals":
			// "Returns true if a specified string matches all values in a
			// list."
			for _, x := range xs {
				if x != plain(y) {
					return condResult{t: tFalse}, nil
				}
			}
			return condResult{t: tTrue}, nil
		default:
			// "Returns true if each member in a list of strings matches at
			// least one value in a second list of strings."
			ys := ruleStrings(y)
			for _, x := range xs {
				if !slices.Contains(ys, x) {
					return condResult{t: tFalse}, nil
				}
			}
			return condResult{t: tTrue}, nil
		}
	case "Fn::ValueOf", "Fn::ValueOfAll", "Fn::RefAll", "Ref", "Fn::FindInMap", "Fn::Select", "Fn::If", "Fn::Join", "Fn::Sub":
		v, err := l.ruleValue(n, path)
		if err != nil {
			return condResult{}, err
		}
		return boolCond(v), nil
	}
	if n.Kind == yaml.ScalarNode {
		return boolCond(str(n.Value, n.Line, n.Column)), nil
	}
	return condResult{}, l.errAt(n, path, "want a rule function (Fn::And, Fn::Contains, Fn::EachMemberEquals, Fn::EachMemberIn, Fn::Equals, Fn::Not, Fn::Or), got %s", kindName(n))
}

// ruleValue evaluates an operand of a rule function: Fn::ValueOf,
// Fn::ValueOfAll and Fn::RefAll read the account at deploy and are
// unknown; a list is evaluated element by element (it may hold those);
// anything else as in the rest of the template.
func (l *loader) ruleValue(n *yaml.Node, path string) (val, error) {
	fn, arg := ruleFnOf(n)
	switch fn {
	case "Fn::ValueOf", "Fn::ValueOfAll":
		a, err := l.args(fn, arg, path, 2)
		if err != nil {
			return val{}, err
		}
		return unresolved(fmt.Sprintf("%s [%s, %s], read from the account at deploy", fn, source.Cut(a[0].Value), source.Cut(a[1].Value)), n.Line, n.Column), nil
	case "Fn::RefAll":
		return unresolved(fmt.Sprintf("Fn::RefAll %s, every such value in the account, read at deploy", source.Cut(arg.Value)), n.Line, n.Column), nil
	case "Fn::Contains", "Fn::EachMemberEquals", "Fn::EachMemberIn", "Fn::And", "Fn::Or", "Fn::Not", "Fn::Equals":
		c, err := l.ruleCond(n, path)
		if err != nil {
			return val{}, err
		}
		switch c.t {
		case tTrue:
			return val{k: vStr, sk: sBool, s: "true", line: n.Line, col: n.Column}, nil
		case tFalse:
			return val{k: vStr, sk: sBool, s: "false", line: n.Line, col: n.Column}, nil
		}
		return unresolved(c.why, n.Line, n.Column), nil
	}
	if fn == "" && n.Kind == yaml.SequenceNode {
		out := val{k: vList, line: n.Line, col: n.Column}
		for i, e := range n.Content {
			v, err := l.ruleValue(e, path+"["+strconv.Itoa(i)+"]")
			if err != nil {
				return val{}, err
			}
			out.l = append(out.l, v)
		}
		return out, nil
	}
	return l.eval(n, path)
}

// firstUnknown returns what the first unresolved value depends on, or "".
func firstUnknown(vs ...val) string {
	for _, v := range vs {
		if v.unres() {
			return v.why()
		}
	}
	return ""
}

// ruleStrings is a rule operand as a list of strings: a list's elements,
// or a single string as a list of one.
func ruleStrings(v val) []string {
	if v.k != vList {
		return []string{plain(v)}
	}
	out := make([]string, 0, len(v.l))
	for _, e := range v.l {
		out = append(out, plain(e))
	}
	return out
}
