package cloudformation

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/ecs-preflight/ecs-preflight/world"
)

// vkind is the kind of an evaluated template value.
type vkind uint8

const (
	vNull    vkind = iota
	vStr           // a scalar; sk says which
	vList          // a sequence
	vMap           // a mapping, in template order
	vNoValue       // AWS::NoValue: the property or element is removed
)

// skind is the YAML type of a scalar, kept so that policy documents render
// as the JSON the template wrote.
type skind uint8

const (
	sString skind = iota
	sBool
	sNumber
)

// val is a template value with intrinsic functions evaluated. A value that
// cannot be known before deploy is a string holding world.Unresolved
// markers; lists and maps built from such values keep the markers in their
// elements.
type val struct {
	k    vkind
	sk   skind
	s    string
	l    []val
	m    []kv
	line int
	col  int
}

type kv struct {
	k string
	v val
}

func str(s string, line, col int) val { return val{k: vStr, s: s, line: line, col: col} }

func unresolved(what string, line, col int) val {
	return val{k: vStr, s: world.Unresolved(what), line: line, col: col}
}

// unres reports whether v holds an unresolved marker anywhere.
func (v val) unres() bool {
	switch v.k {
	case vStr:
		return world.IsUnresolved(v.s)
	case vList:
		for _, e := range v.l {
			if e.unres() {
				return true
			}
		}
	case vMap:
		for _, e := range v.m {
			if e.v.unres() {
				return true
			}
		}
	}
	return false
}

// why returns the text of the first unresolved marker in v: what the value
// depends on.
func (v val) why() string {
	switch v.k {
	case vStr:
		return markerText(v.s)
	case vList:
		for _, e := range v.l {
			if w := e.why(); w != "" {
				return w
			}
		}
	case vMap:
		for _, e := range v.m {
			if w := e.v.why(); w != "" {
				return w
			}
		}
	}
	return ""
}

const markerOpen = "<unresolved "

// markerText extracts what the first marker in s names.
func markerText(s string) string {
	i := strings.Index(s, markerOpen)
	if i < 0 {
		return ""
	}
	rest := s[i+len(markerOpen):]
	// Markers nest when an unresolved value is built from another; the
	// innermost reason is the outermost marker's content up to the
	// matching close.
	depth := 1
	for j := 0; j < len(rest); j++ {
		switch {
		case strings.HasPrefix(rest[j:], markerOpen):
			depth++
			j += len(markerOpen) - 1
		case rest[j] == '>':
			depth--
			if depth == 0 {
				return rest[:j]
			}
		}
	}
	return rest
}

// get returns the value under key in a map; ok is false when absent (or
// removed with AWS::NoValue).
func (v val) get(key string) (val, bool) {
	if v.k != vMap {
		return val{}, false
	}
	for _, e := range v.m {
		if e.k == key {
			if e.v.k == vNoValue || e.v.k == vNull {
				return val{}, false
			}
			return e.v, true
		}
	}
	return val{}, false
}

// typeName names v's kind for error messages.
func (v val) typeName() string {
	switch v.k {
	case vStr:
		switch v.sk {
		case sBool:
			return "boolean"
		case sNumber:
			return "number"
		}
		return "string"
	case vList:
		return "list"
	case vMap:
		return "object"
	}
	return "null"
}

// json renders v as JSON text, for policy documents; markers stay in the
// strings.
func (v val) json() string {
	var b strings.Builder
	v.writeJSON(&b)
	return b.String()
}

func (v val) writeJSON(b *strings.Builder) {
	switch v.k {
	case vStr:
		switch v.sk {
		case sBool:
			if t, err := strconv.ParseBool(v.s); err == nil {
				b.WriteString(strconv.FormatBool(t))
				return
			}
		case sNumber:
			if json.Valid([]byte(v.s)) {
				b.WriteString(v.s)
				return
			}
		}
		q, _ := json.Marshal(v.s)
		b.Write(q)
	case vList:
		b.WriteByte('[')
		n := 0
		for _, e := range v.l {
			if e.k == vNoValue {
				continue
			}
			if n > 0 {
				b.WriteByte(',')
			}
			e.writeJSON(b)
			n++
		}
		b.WriteByte(']')
	case vMap:
		b.WriteByte('{')
		n := 0
		for _, e := range v.m {
			if e.v.k == vNoValue {
				continue
			}
			if n > 0 {
				b.WriteByte(',')
			}
			q, _ := json.Marshal(e.k)
			b.Write(q)
			b.WriteByte(':')
			e.v.writeJSON(b)
			n++
		}
		b.WriteByte('}')
	default:
		b.WriteString("null")
	}
}
