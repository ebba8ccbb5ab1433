package cloudformation

import (
	"strconv"
	"strings"

	"github.com/ecs-preflight/ecs-preflight/world"
)

// obj is an evaluated object with the place it came from, for typed
// access to properties.
type obj struct {
	l    *loader
	v    val
	path string
}

func (o obj) sub(key string) string { return o.path + "." + key }

// has reports whether key is present.
func (o obj) has(key string) bool { _, ok := o.v.get(key); return ok }

// raw returns the value under key.
func (o obj) raw(key string) (val, bool) { return o.v.get(key) }

// str returns a string property; numbers and booleans are read as their
// text, as CloudFormation does.
func (o obj) str(key string) (string, bool, error) {
	v, ok := o.v.get(key)
	if !ok {
		return "", false, nil
	}
	if v.k != vStr {
		return "", false, o.l.errVal(v, o.sub(key), "want string, got %s", v.typeName())
	}
	return v.s, true, nil
}

// strOr is str with a default.
func (o obj) strOr(key, def string) (string, error) {
	s, ok, err := o.str(key)
	if !ok {
		return def, err
	}
	return s, err
}

// strs returns a list of strings; an unresolved scalar stands for the whole
// list.
func (o obj) strs(key string) ([]string, error) {
	v, ok := o.v.get(key)
	if !ok {
		return nil, nil
	}
	if v.k == vStr && v.unres() {
		return []string{v.s}, nil
	}
	if v.k != vList {
		return nil, o.l.errVal(v, o.sub(key), "want list, got %s", v.typeName())
	}
	out := make([]string, 0, len(v.l))
	for i, e := range v.l {
		if e.k != vStr {
			return nil, o.l.errVal(e, o.sub(key)+"["+strconv.Itoa(i)+"]", "want string, got %s", e.typeName())
		}
		out = append(out, e.s)
	}
	return out, nil
}

// list returns a list of objects; unresolved is the marker when the list
// itself is not known.
func (o obj) list(key string) (items []obj, unresolved val, err error) {
	v, ok := o.v.get(key)
	if !ok {
		return nil, val{}, nil
	}
	if v.k == vStr && v.unres() {
		return nil, v, nil
	}
	if v.k != vList {
		return nil, val{}, o.l.errVal(v, o.sub(key), "want list, got %s", v.typeName())
	}
	for i, e := range v.l {
		p := o.sub(key) + "[" + strconv.Itoa(i) + "]"
		if e.k == vStr && e.unres() {
			items = append(items, obj{l: o.l, v: val{k: vMap, line: e.line, col: e.col, m: []kv{{"<unresolved>", e}}}, path: p})
			continue
		}
		if e.k != vMap {
			return nil, val{}, o.l.errVal(e, p, "want object, got %s", e.typeName())
		}
		items = append(items, obj{l: o.l, v: e, path: p})
	}
	return items, val{}, nil
}

// object returns a nested object.
func (o obj) object(key string) (obj, bool, error) {
	v, ok := o.v.get(key)
	if !ok {
		return obj{}, false, nil
	}
	if v.k == vStr && v.unres() {
		return obj{l: o.l, v: val{k: vMap, line: v.line, col: v.col, m: []kv{{"<unresolved>", v}}}, path: o.sub(key)}, true, nil
	}
	if v.k != vMap {
		return obj{}, false, o.l.errVal(v, o.sub(key), "want object, got %s", v.typeName())
	}
	return obj{l: o.l, v: v, path: o.sub(key)}, true, nil
}

// unres reports whether the object as a whole is unknown.
func (o obj) unres() (val, bool) {
	if x, ok := o.v.get("<unresolved>"); ok {
		return x, true
	}
	return val{}, false
}

// boolean returns a Boolean property; nil when absent or unresolved.
func (o obj) boolean(key string) (*bool, error) {
	v, ok := o.v.get(key)
	if !ok || v.k == vStr && v.unres() {
		return nil, nil
	}
	if v.k == vStr {
		switch strings.ToLower(v.s) {
		case "true":
			t := true
			return &t, nil
		case "false":
			f := false
			return &f, nil
		}
	}
	return nil, o.l.errVal(v, o.sub(key), "want boolean, got %s %q", v.typeName(), v.s)
}

// boolOr is boolean with a default for absent or unresolved values.
func (o obj) boolOr(key string, def bool) (bool, error) {
	b, err := o.boolean(key)
	if b == nil {
		return def, err
	}
	return *b, err
}

// integer returns an Integer property; nil when absent or unresolved.
func (o obj) integer(key string) (*int, error) {
	v, ok := o.v.get(key)
	if !ok || v.k == vStr && v.unres() {
		return nil, nil
	}
	if v.k == vStr {
		if n, err := strconv.Atoi(strings.TrimSpace(v.s)); err == nil {
			return &n, nil
		}
	}
	return nil, o.l.errVal(v, o.sub(key), "want integer, got %s %q", v.typeName(), v.s)
}

// policy returns a policy document property as JSON text. A document that
// depends on a value known only at deploy is returned as "" with the reason.
func (o obj) policy(key string) (doc, unknown string, ok bool, err error) {
	v, ok := o.v.get(key)
	if !ok {
		return "", "", false, nil
	}
	if v.unres() {
		return "", o.l.unknownMsg(o.sub(key), v), true, nil
	}
	switch v.k {
	case vStr:
		// Some templates write the document as a JSON string.
		return v.s, "", true, nil
	case vMap:
		return v.json(), "", true, nil
	}
	return "", "", false, o.l.errVal(v, o.sub(key), "want a policy document object, got %s", v.typeName())
}

// unknownMsg says what a field depends on and how to supply it.
func (l *loader) unknownMsg(what string, v val) string {
	why := v.why()
	msg := what + " in " + l.file + " depends on " + why
	if name, ok := paramName(why); ok {
		return msg + "; give it with --parameter " + name + "=VALUE"
	}
	switch {
	case strings.HasPrefix(why, "AWS::Region "), strings.HasPrefix(why, "AWS::Partition "):
		return msg + "; give it with --region REGION"
	case strings.HasPrefix(why, "AWS::AccountId "):
		return msg + "; give it with --account ACCOUNT"
	}
	return msg + "; check the deployed stack with --snapshot"
}

// paramName returns the parameter a reason names: `parameter "X" ...`.
func paramName(why string) (string, bool) {
	rest, ok := strings.CutPrefix(why, "parameter \"")
	if !ok {
		return "", false
	}
	name, _, ok := strings.Cut(rest, "\"")
	return name, ok
}

// origin is where a resource came from.
func (l *loader) origin(r *resource) world.Origin {
	return world.Origin{File: l.file, Line: r.key.Line, Column: r.key.Column, Path: r.id}
}
