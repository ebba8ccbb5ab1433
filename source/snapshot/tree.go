package snapshot

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strconv"

	"github.com/ecs-preflight/ecs-preflight/source"
)

// kind is the JSON type of a node, named as error messages name it.
type kind uint8

const (
	kNull kind = iota
	kBool
	kNumber
	kString
	kArray
	kObject
)

func (k kind) String() string {
	return [...]string{"null", "bool", "number", "string", "array", "object"}[k]
}

// node is one JSON value with the byte offsets it spans in the input, so
// that every error and every Origin can name a line and a column.
//
// encoding/json cannot say where a value was after decoding it into a
// struct, and its type errors carry Go field names without array indexes;
// a small tree of the document gives both, and lets the reader insist on
// exact key spelling (encoding/json matches keys case-insensitively).
type node struct {
	kind     kind
	off, end int    // [off, end) in the input
	text     string // string value, or the literal of a number
	b        bool
	keys     []string // object keys in input order
	keyOffs  []int
	vals     []*node // object values, parallel to keys
	elems    []*node // array elements
}

// get returns the value under key of an object node, or nil.
func (n *node) get(key string) *node {
	if n == nil || n.kind != kObject {
		return nil
	}
	for i, k := range n.keys {
		if k == key {
			return n.vals[i]
		}
	}
	return nil
}

// syntaxError is malformed JSON at a byte offset.
type syntaxError struct {
	off int
	msg string
}

func (e *syntaxError) Error() string { return e.msg }

// parse validates data as exactly one JSON value and returns its tree.
func parse(data []byte) (*node, error) {
	// encoding/json's scanner finds syntax errors with their offset and
	// bounds nesting depth, which keeps the recursive build below safe.
	dec := json.NewDecoder(bytes.NewReader(data))
	var raw json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		return nil, syntaxErr(data, err)
	}
	if rest := skipSpace(data, int(dec.InputOffset())); rest < len(data) {
		return nil, &syntaxError{off: rest, msg: "unexpected data after the top-level value"}
	}
	b := builder{data: data, dec: json.NewDecoder(bytes.NewReader(data))}
	b.dec.UseNumber()
	return b.value()
}

// syntaxErr places an encoding/json decoding error at the offending byte.
func syntaxErr(data []byte, err error) error {
	var se *json.SyntaxError
	switch {
	case errors.As(err, &se):
		// Offset counts the bytes read, the offending one included.
		off := max(int(se.Offset)-1, 0)
		return &syntaxError{off: off, msg: se.Error()}
	case errors.Is(err, io.EOF):
		return &syntaxError{off: len(data), msg: "empty document (want a JSON object)"}
	case errors.Is(err, io.ErrUnexpectedEOF):
		return &syntaxError{off: len(data), msg: "unexpected end of JSON input"}
	}
	return &syntaxError{off: 0, msg: source.Shorten(err.Error())}
}

type builder struct {
	data []byte
	dec  *json.Decoder
}

func (b *builder) value() (*node, error) {
	start := skipSep(b.data, int(b.dec.InputOffset()))
	tok, err := b.dec.Token()
	if err != nil {
		return nil, syntaxErr(b.data, err)
	}
	n := &node{off: start}
	switch t := tok.(type) {
	case json.Delim:
		if t == '{' {
			n.kind = kObject
			var seen map[string]int
			for b.dec.More() {
				koff := skipSep(b.data, int(b.dec.InputOffset()))
				kt, err := b.dec.Token()
				if err != nil {
					return nil, syntaxErr(b.data, err)
				}
				key, _ := kt.(string)
				// A repeated key would make one of the two values vanish
				// silently (encoding/json keeps the last).
				if len(n.keys) >= 8 && seen == nil {
					seen = make(map[string]int, 16)
					for i, k := range n.keys {
						seen[k] = i
					}
				}
				dup := -1
				if seen != nil {
					if i, ok := seen[key]; ok {
						dup = i
					}
					seen[key] = len(n.keys)
				} else {
					for i, k := range n.keys {
						if k == key {
							dup = i
							break
						}
					}
				}
				if dup >= 0 {
					return nil, &syntaxError{off: koff, msg: "duplicate key " + source.Quote(key)}
				}
				v, err := b.value()
				if err != nil {
					return nil, err
				}
				n.keys = append(n.keys, key)
				n.keyOffs = append(n.keyOffs, koff)
				n.vals = append(n.vals, v)
			}
		} else {
			n.kind = kArray
			for b.dec.More() {
				v, err := b.value()
				if err != nil {
					return nil, err
				}
				n.elems = append(n.elems, v)
			}
		}
		if _, err := b.dec.Token(); err != nil { // the closing delimiter
			return nil, syntaxErr(b.data, err)
		}
	case string:
		n.kind, n.text = kString, t
	case json.Number:
		n.kind, n.text = kNumber, string(t)
	case bool:
		n.kind, n.b = kBool, t
	case nil:
		n.kind = kNull
	}
	n.end = int(b.dec.InputOffset())
	return n, nil
}

func skipSpace(data []byte, i int) int {
	for i < len(data) {
		switch data[i] {
		case ' ', '\t', '\r', '\n':
			i++
		default:
			return i
		}
	}
	return i
}

// skipSep skips what lies between the end of one token and the start of
// the next value: white space, ':' and ','.
func skipSep(data []byte, i int) int {
	for i < len(data) {
		switch data[i] {
		case ' ', '\t', '\r', '\n', ':', ',':
			i++
		default:
			return i
		}
	}
	return i
}

// describe names a node's type for "want X, got Y" messages, with the
// value when it is short and not a string (strings may be secrets).
func describe(n *node) string {
	switch n.kind {
	case kBool:
		return "bool " + strconv.FormatBool(n.b)
	case kNumber:
		if len(n.text) <= 20 {
			return "number " + n.text
		}
	}
	return n.kind.String()
}
