package snapshot

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/source"
	"unsafe"
)

// FuzzParse compares parse with encoding/json, differentially: the same
// documents accepted and rejected (a duplicate key aside, which only parse
// rejects), the same values, the same error for a rejected one, and the
// same tree, offsets included, as the Decoder.Token builder parse replaced.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		`{}`, `[]`, `null`, `true`, `false`, `0`, `-1.5e+10`, `""`, ` {"a" : [1, "x", {"b": null}] } `,
		`{"a": "\u00e9\"\\\/\b\f\n\r\t", "b\u0000": "\ud800", "c": "\"\\"}`,
		"{\"a\": \"\xff\xfe\", \"\xc3\": 1}", `{"a": 1, "a": 2}`, `{"a":1,"b":2,"c":3,"d":4,"e":5,"f":6,"g":7,"h":8,"i":9,"a":0}`,
		`{"a": 1} x`, `{"a": 1`, `[1,]`, `{"a" 1}`, "", "  ", `[[[[[]]]]]`, strings.Repeat("[", 10001) + strings.Repeat("]", 10001),
		`{"a\\": "b\\\\", "\\\"": 1}`, `["\\\\\"", "a\\"]`,
		"{\"a\\\"\" \t:\n 1, \"\\\\\" : {\"x\\\\\\\"y\\\\\"\r\n:\t[]}}",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		n, err := parse(data)
		old, oldErr := tokenParse(data)
		if (err == nil) != (oldErr == nil) || err != nil && err.Error() != oldErr.Error() {
			t.Fatalf("parse: %v; the Token builder: %v", err, oldErr)
		}
		var se, oldSE *syntaxError
		if err != nil && errors.As(err, &se) && errors.As(oldErr, &oldSE) && se.off != oldSE.off {
			t.Fatalf("error %q at %d; the Token builder at %d", se.msg, se.off, oldSE.off)
		}
		lazyMatches(t, data, err == nil, old)
		valid := json.Valid(data)
		if err != nil {
			if valid && !strings.HasPrefix(err.Error(), "duplicate key ") {
				t.Fatalf("valid JSON rejected: %v", err)
			}
			return
		}
		if !valid {
			t.Fatal("invalid JSON accepted")
		}
		var compact bytes.Buffer
		if err := json.Compact(&compact, data); err != nil {
			t.Fatal(err)
		}
		if got := compactJSON(nil, data); !bytes.Equal(got, compact.Bytes()) {
			t.Fatalf("compactJSON = %q, json.Compact %q", got, compact.Bytes())
		}
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		var want any
		if err := dec.Decode(&want); err != nil {
			t.Fatal(err)
		}
		if got := toAny(n); !reflect.DeepEqual(got, want) {
			t.Fatalf("value %#v, encoding/json %#v", got, want)
		}
		sameTree(t, data, n, old)
	})
}

// lazyMatches builds data leaving objects and arrays lazy at each depth
// the snapshot reader might use, then expands them: on a document parse
// accepts, the tree is the one the Token builder made; on any document,
// the build stays inside data and returns. The builder's slabs are reset
// and reused between the depths, as the reader reuses them.
func lazyMatches(t *testing.T, data []byte, accepted bool, ref *refNode) {
	t.Helper()
	var b builder
	for lazyAt := 1; lazyAt <= 4; lazyAt++ {
		b = builder{data: data, doc: string(data), lazyAt: lazyAt, nodes: b.nodes, ptrs: b.ptrs, strs: b.strs}
		b.reset()
		n, err := b.value(skipSpace(data, 0))
		if err == nil {
			n, err = expandAll(&b, n)
		}
		if !accepted {
			continue
		}
		if err != nil {
			t.Fatalf("lazy at depth %d: %v", lazyAt, err)
		}
		sameTree(t, data, n, ref)
	}
}

// expandAll expands every lazy node under n.
func expandAll(b *builder, n *node) (*node, error) {
	n, err := b.expand(n)
	if err != nil {
		return nil, err
	}
	for i, v := range n.vals() {
		if n.vals()[i], err = expandAll(b, v); err != nil {
			return nil, err
		}
	}
	return n, nil
}

// skip and strEnd find the end of a value and of a string without
// building them, whatever the escapes in between.
func TestSkip(t *testing.T) {
	for _, doc := range []string{
		`{}`, `[]`, `{"a": [1, {"b": "}"}], "c": "]"}`, `["\\"]`, `["\"", "]"]`,
		`{"a\\\"b": "\\\\"}`, `[[[["[[["]]]]`, `{"x": "\u005d"}`,
	} {
		data := []byte(doc + ` , "tail"`)
		if got := skip(data, 0); got != len(doc) {
			t.Errorf("skip(%s) = %d, want %d", doc, got, len(doc))
		}
	}
	for doc, want := range map[string]int{
		`{"a": [1, 2`: 11, `["abc`: 5, `{`: 1, `["\`: 3,
	} {
		if got := skip([]byte(doc), 0); got != want {
			t.Errorf("skip(%q) = %d, want %d (the end of the input)", doc, got, want)
		}
	}
}

// toAny converts a tree as encoding/json decodes into any with UseNumber.
func toAny(n *node) any {
	switch n.kind {
	case kBool:
		return n.b
	case kNumber:
		return json.Number(n.text)
	case kString:
		return n.text
	case kArray:
		a := make([]any, len(n.vals()))
		for i, e := range n.vals() {
			a[i] = toAny(e)
		}
		return a
	case kObject:
		m := make(map[string]any, len(n.keys()))
		for i, k := range n.keys() {
			m[k] = toAny(n.vals()[i])
		}
		return m
	}
	return nil
}

func sameTree(t *testing.T, data []byte, n *node, o *refNode) {
	t.Helper()
	if n.kind != o.kind || n.b != o.b || int(n.off) != o.off || int(n.end) != o.end || n.text != o.text ||
		!slices.Equal(n.keys(), o.keys) ||
		len(n.vals()) != len(o.vals) {
		t.Fatalf("node %+v, the Token builder %+v", *n, *o)
	}
	for i := range n.vals() {
		sameTree(t, data, n.vals()[i], o.vals[i])
	}
	for i := range n.keys() {
		if off := keyOff(data, n.vals()[i]); off != o.keyOffs[i] {
			t.Fatalf("key %q at %d, the Token builder at %d", n.keys()[i], off, o.keyOffs[i])
		}
	}
}

// refNode is a node as the Token builder made it, key offsets included.
type refNode struct {
	kind     kind
	b        bool
	off, end int
	text     string
	keys     []string
	keyOffs  []int
	vals     []*refNode
}

// tokenParse is the tree builder over encoding/json's Decoder.Token that
// parse replaced, kept as the reference of FuzzParse.
func tokenParse(data []byte) (*refNode, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	var raw json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		return nil, syntaxErr(data, err)
	}
	if rest := skipSpace(data, int(dec.InputOffset())); rest < len(data) {
		return nil, &syntaxError{off: rest, msg: "unexpected data after the top-level value"}
	}
	b := tokenBuilder{data: data, dec: json.NewDecoder(bytes.NewReader(data))}
	b.dec.UseNumber()
	return b.value()
}

type tokenBuilder struct {
	data []byte
	dec  *json.Decoder
}

func (b *tokenBuilder) value() (*refNode, error) {
	start := skipSep(b.data, int(b.dec.InputOffset()))
	tok, err := b.dec.Token()
	if err != nil {
		return nil, syntaxErr(b.data, err)
	}
	n := &refNode{off: start}
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
				n.vals = append(n.vals, v)
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

// The builder runs beside json.Valid (parseDoc), so it meets invalid
// documents: it must return, inside data and within maxDepth, whatever the
// bytes. FuzzParse reaches it through parse; this calls it directly.
func TestBuilderOnInvalidInput(t *testing.T) {
	for name, doc := range map[string]string{
		"empty":               "",
		"unterminated object": `{"a": 1`,
		"unterminated array":  `[1, 2`,
		"unterminated string": `{"a": "b`,
		"truncated literal":   `[tru`,
		"key without quotes":  `{a: 1}`,
		"closing only":        `}`,
		"escape at the end":   `["\`,
		"deep arrays":         strings.Repeat("[", 3*maxDepth),
		"deep objects":        strings.Repeat(`{"a":`, 3*maxDepth),
		"mixed garbage":       "{\"\xff\":[}{]]\"\\",
	} {
		t.Run(name, func(t *testing.T) {
			if json.Valid([]byte(doc)) {
				t.Fatalf("%q is valid JSON", doc)
			}
			b := builder{data: []byte(doc), doc: doc}
			n, err := b.value(skipSpace(b.data, 0))
			if err == nil && n == nil {
				t.Error("no tree and no error")
			}
			if _, err := parse([]byte(doc)); err == nil {
				t.Error("parse accepted invalid JSON")
			}
		})
	}
}

// A repeated key is an error at the repeat in objects of every size: those
// the builder scans (up to dupScanKeys keys) and those it indexes.
func TestDuplicateKeyAnySize(t *testing.T) {
	for _, n := range []int{2, dupScanKeys - 1, dupScanKeys, dupScanKeys + 1, 3 * dupScanKeys} {
		for _, first := range []int{0, n / 2, n - 1} {
			var doc strings.Builder
			doc.WriteString("{")
			for i := range n {
				fmt.Fprintf(&doc, `"k%d": %d, `, i, i)
			}
			off := doc.Len()
			fmt.Fprintf(&doc, `"k%d": true}`, first)
			_, err := parse([]byte(doc.String()))
			var se *syntaxError
			if !errors.As(err, &se) || se.off != off || se.msg != fmt.Sprintf(`duplicate key "k%d"`, first) {
				t.Errorf("%d keys, k%d repeated at %d: %v", n, first, off, err)
			}
		}
		var doc strings.Builder
		doc.WriteString("{")
		for i := range n {
			fmt.Fprintf(&doc, `"k%d": %d,`, i, i)
		}
		doc.WriteString(`"last": 0}`)
		if _, err := parse([]byte(doc.String())); err != nil {
			t.Errorf("%d distinct keys: %v", n, err)
		}
	}
}

// lineStarts gives the offset of every line's first byte: 0, and the
// offset after each newline.
func TestLineStarts(t *testing.T) {
	for doc, want := range map[string][]int32{
		"":          {0},
		"{}":        {0},
		"\n":        {0, 1},
		"{\n}\n":    {0, 2, 4},
		"a\n\n\nb":  {0, 2, 3, 4},
		"\r\n{\r\n": {0, 2, 5},
	} {
		if got := lineStarts([]byte(doc)); !slices.Equal(got, want) {
			t.Errorf("lineStarts(%q) = %v, want %v", doc, got, want)
		}
	}
}

// A snapshot's tree holds a node for every JSON value: the node stays at
// 48 bytes on 64-bit platforms (docs/testing.md, "Scale").
func TestNodeSize(t *testing.T) {
	if unsafe.Sizeof(uintptr(0)) != 8 {
		t.Skip("the bound is for 64-bit platforms")
	}
	if got := unsafe.Sizeof(node{}); got > 48 {
		t.Errorf("node is %d bytes, want at most 48", got)
	}
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

// reset hands the slabs back: building the same tree again after it
// allocates nothing, so that reading operation after operation touches
// the memory of the largest one only.
func TestBuilderResetReusesSlabs(t *testing.T) {
	inner := `[` + strings.Repeat(`{"a": ["x", "y", {"b": 1}], "c": "d"},`, 500) + `{}]`
	doc := `[` + strings.Repeat(inner+`,`, 5) + inner + `]`
	b := builder{data: []byte(doc), doc: doc}
	build := func() {
		if _, err := b.document(); err != nil {
			t.Fatal(err)
		}
		b.reset()
	}
	build()
	if allocs := testing.AllocsPerRun(3, build); allocs != 0 {
		t.Errorf("%v allocations to build the tree again after reset, want 0", allocs)
	}
}
