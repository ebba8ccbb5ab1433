package policy

import (
	"encoding/json"
	"strings"
)

// maxFastDepth is the nesting decodeFast handles; a policy nests four deep
// (document, Statement list, statement, Condition operator, key).
const maxFastDepth = 32

// decodeFast decodes the usual policy document, plain ASCII JSON, into the
// tree encoding/json builds with UseNumber: map[string]any, []any (never
// nil), string, json.Number, bool and nil, the last of duplicate keys
// winning. It gives up (ok false) at anything else: an escape or non-ASCII
// byte in a string, a syntax error, data after the value, deep nesting.
// Parse then decodes with encoding/json, whose errors it reports: a bulk
// run parses a policy per task, and the decoder's reflection and buffers
// were most of the cost.
func decodeFast(doc []byte) (v any, ok bool) {
	// Every string of the tree is a substring of one copy of the document,
	// which holds them as they are: no escapes are decoded here.
	d := fastDecoder{b: string(doc)}
	v, ok = d.value(0)
	if !ok {
		return nil, false
	}
	d.space()
	return v, d.i == len(d.b)
}

type fastDecoder struct {
	b string
	i int
}

func (d *fastDecoder) space() {
	for d.i < len(d.b) {
		switch d.b[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

func (d *fastDecoder) value(depth int) (any, bool) {
	d.space()
	if d.i >= len(d.b) || depth > maxFastDepth {
		return nil, false
	}
	switch c := d.b[d.i]; {
	case c == '{':
		return d.object(depth)
	case c == '[':
		return d.array(depth)
	case c == '"':
		return d.str()
	case c == '-' || '0' <= c && c <= '9':
		return d.number()
	}
	for _, lit := range [...]struct {
		text string
		v    any
	}{{"true", true}, {"false", false}, {"null", nil}} {
		if strings.HasPrefix(d.b[d.i:], lit.text) {
			d.i += len(lit.text)
			return lit.v, true
		}
	}
	return nil, false
}

func (d *fastDecoder) object(depth int) (any, bool) {
	d.i++ // '{'
	m := map[string]any{}
	d.space()
	if d.i < len(d.b) && d.b[d.i] == '}' {
		d.i++
		return m, true
	}
	for {
		d.space()
		if d.i >= len(d.b) || d.b[d.i] != '"' {
			return nil, false
		}
		k, ok := d.str()
		if !ok {
			return nil, false
		}
		d.space()
		if d.i >= len(d.b) || d.b[d.i] != ':' {
			return nil, false
		}
		d.i++
		v, ok := d.value(depth + 1)
		if !ok {
			return nil, false
		}
		m[k.(string)] = v
		switch done, ok := d.after('}'); {
		case !ok:
			return nil, false
		case done:
			return m, true
		}
	}
}

// after reads what follows a member or element: a comma, or close ending
// the object or array (done).
func (d *fastDecoder) after(close byte) (done, ok bool) {
	d.space()
	if d.i >= len(d.b) {
		return false, false
	}
	switch d.b[d.i] {
	case ',':
		d.i++
		return false, true
	case close:
		d.i++
		return true, true
	}
	return false, false
}

func (d *fastDecoder) array(depth int) (any, bool) {
	d.i++ // '['
	l := make([]any, 0)
	d.space()
	if d.i < len(d.b) && d.b[d.i] == ']' {
		d.i++
		return l, true
	}
	for {
		v, ok := d.value(depth + 1)
		if !ok {
			return nil, false
		}
		l = append(l, v)
		switch done, ok := d.after(']'); {
		case !ok:
			return nil, false
		case done:
			return l, true
		}
	}
}

// str reads a string of printable ASCII without escapes, which is its own
// value.
func (d *fastDecoder) str() (any, bool) {
	d.i++ // '"'
	start := d.i
	for d.i < len(d.b) {
		switch c := d.b[d.i]; {
		case c == '"':
			s := d.b[start:d.i]
			d.i++
			return s, true
		case c == '\\' || c < 0x20 || c >= 0x80:
			return nil, false
		}
		d.i++
	}
	return nil, false
}

// number reads a number by the JSON grammar (RFC 8259 section 6) as the
// json.Number of its text.
func (d *fastDecoder) number() (any, bool) {
	start := d.i
	digits := func() int {
		n := 0
		for d.i < len(d.b) && '0' <= d.b[d.i] && d.b[d.i] <= '9' {
			d.i++
			n++
		}
		return n
	}
	if d.b[d.i] == '-' {
		d.i++
	}
	if d.i < len(d.b) && d.b[d.i] == '0' {
		d.i++
	} else if digits() == 0 {
		return nil, false
	}
	if d.i < len(d.b) && d.b[d.i] == '.' {
		d.i++
		if digits() == 0 {
			return nil, false
		}
	}
	if d.i < len(d.b) && (d.b[d.i] == 'e' || d.b[d.i] == 'E') {
		d.i++
		if d.i < len(d.b) && (d.b[d.i] == '+' || d.b[d.i] == '-') {
			d.i++
		}
		if digits() == 0 {
			return nil, false
		}
	}
	return json.Number(d.b[start:d.i]), true
}
