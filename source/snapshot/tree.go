package snapshot

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"io"
	"slices"
	"strconv"
	"unicode/utf8"
	"unsafe"

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
	kind kind
	b    bool
	// lazy marks an object or array the builder skipped (builder.lazyAt):
	// off and end are set, its members are not built yet.
	lazy bool
	// [off, end) in the input: int32, to keep the node small (MaxSize
	// bounds them).
	off, end int32
	// n is the number of an object's members or an array's elements, and
	// keyp and valp point at the first of them in the builder's slabs
	// (keys and vals make them slices): a snapshot's tree holds a node for
	// every value, and two slice headers made a node 80 bytes, not 48,
	// which on a bulk snapshot was a fifth of the memory the load touched.
	n    int32
	text string  // string value, or the literal of a number
	keyp *string // object keys in input order
	valp **node  // an object's values, parallel to its keys, or an array's elements
}

// keys returns an object's keys in input order.
func (n *node) keys() []string {
	if n.keyp == nil {
		return nil
	}
	return unsafe.Slice(n.keyp, n.n)
}

// vals returns an object's values, parallel to its keys, or an array's
// elements. Setting an element sets it in the tree.
func (n *node) vals() []*node {
	if n.valp == nil {
		return nil
	}
	return unsafe.Slice(n.valp, n.n)
}

// get returns the value under key of an object node, or nil.
func (n *node) get(key string) *node {
	if n == nil || n.kind != kObject {
		return nil
	}
	for i, k := range n.keys() {
		if k == key {
			return n.vals()[i]
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
func parse(data []byte) (*node, error) { return parseDoc(data, string(data)) }

// parseDoc is parse with doc, the text of data, whose substrings become the
// tree's strings.
func parseDoc(data []byte, doc string) (*node, error) {
	b := builder{data: data, doc: doc}
	root, err := b.document()
	if err != nil {
		return nil, b.syntaxError(err)
	}
	return root, nil
}

// document builds the one value data holds, white space around it.
func (b *builder) document() (*node, error) {
	root, err := b.value(skipSpace(b.data, 0))
	if err != nil {
		return nil, err
	}
	if skipSpace(b.data, int(root.end)) != len(b.data) {
		return nil, errBuild
	}
	return root, nil
}

// syntaxError turns a build error into the error the document gets: the
// first repeated key of a valid document, else encoding/json's account
// of why it is not JSON (its Decoder names the offending byte), so that
// the builder only has to decide validity as its scanner does.
func (b *builder) syntaxError(err error) error {
	var se *syntaxError
	if errors.As(err, &se) && se != errBuild && json.Valid(b.data) {
		return err
	}
	return invalid(b.data)
}

// maxDepth bounds the nesting the builder follows, as encoding/json's
// scanner does: it rejects a document nested deeper than 10,000 levels.
const maxDepth = 10000

// dupScanKeys is the number of keys of an object up to which the builder
// finds a repeated key by scanning the keys before it.
const dupScanKeys = 48

// errBuild stops the build where the bytes are not JSON; its text is never
// shown (syntaxError asks encoding/json why).
var errBuild = &syntaxError{msg: "invalid JSON"}

// invalid returns the syntax error of a document that is not JSON, as
// encoding/json's Decoder places it.
func invalid(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	var raw json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		return syntaxErr(data, err)
	}
	rest := skipSpace(data, int(dec.InputOffset()))
	if rest == len(data) {
		// The builder rejected what Decode accepts: not expected
		// (FuzzParse compares them).
		rest = 0
	}
	return &syntaxError{off: rest, msg: "unexpected data after the top-level value"}
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

// slabSize is how many nodes, keys or pointers one slab chunk holds.
const slabSize = 4096

// builder builds the tree of a document and decides, as encoding/json's
// scanner does, whether it is JSON: it stays inside data and within
// maxDepth on any input. Strings without escapes are sliced from doc, a
// single copy of the input; nodes and the slices of objects and arrays
// come from slabs and are sized exactly, which keeps a large snapshot to a
// few thousand allocations.
type builder struct {
	data []byte
	doc  string
	// lazyAt is the depth at which objects and arrays are skipped rather
	// than built, left lazy for expand; 0 builds everything.
	lazyAt int

	nodes slabs[node]
	ptrs  slabs[*node]
	strs  slabs[string]

	// stacks of the members of the objects and arrays being built
	kstack []string
	vstack []*node
	depth  int // objects and arrays open
}

func (b *builder) newNode() *node {
	n := &b.nodes.take(1)[0]
	*n = node{} // a slab may be reused (reset)
	return n
}

// takePtrs returns a copy of p carved from the pointer slab, with its
// capacity cut so that an append cannot reach a neighbour.
func (b *builder) takePtrs(p []*node) []*node {
	if len(p) > slabSize/4 {
		return slices.Clone(p)
	}
	s := b.ptrs.take(len(p))
	copy(s, p)
	return s
}

func (b *builder) takeStrs(p []string) []string {
	if len(p) > slabSize/4 {
		return slices.Clone(p)
	}
	s := b.strs.take(len(p))
	copy(s, p)
	return s
}

// reset makes the slabs of every tree built so far free for the next
// trees. The caller must hold no node of those trees: the reader resets
// after each operation, whose tree is garbage once it is in the world,
// so that a bulk snapshot's load touches the memory of its largest
// operation's tree rather than of the whole document's.
func (b *builder) reset() {
	b.nodes.reset()
	b.ptrs.reset()
	b.strs.reset()
}

// slabs hands out slices of chunks of slabSize elements, and takes them
// all back at reset for reuse.
type slabs[T any] struct {
	cur  []T
	used [][]T // full chunks since the last reset
	free [][]T
}

// take returns n <= slabSize elements with capacity n.
func (s *slabs[T]) take(n int) []T {
	if cap(s.cur)-len(s.cur) < n {
		if s.cur != nil {
			s.used = append(s.used, s.cur)
		}
		if k := len(s.free); k > 0 {
			s.cur, s.free = s.free[k-1][:0], s.free[:k-1]
		} else {
			s.cur = make([]T, 0, slabSize)
		}
	}
	i := len(s.cur)
	s.cur = s.cur[:i+n]
	return s.cur[i : i+n : i+n]
}

func (s *slabs[T]) reset() {
	if s.cur != nil {
		s.used = append(s.used, s.cur)
		s.cur = nil
	}
	s.free = append(s.free, s.used...)
	s.used = s.used[:0]
}

// expand builds a lazy node's object or array in full; other nodes are
// returned as they are.
func (b *builder) expand(n *node) (*node, error) {
	if !n.lazy {
		return n, nil
	}
	lazyAt := b.lazyAt
	// The depth the value was skipped at, so that maxDepth counts from
	// the document's top as in a build of the whole tree.
	b.lazyAt, b.depth = 0, lazyAt-1
	v, err := b.value(int(n.off))
	b.lazyAt, b.depth = lazyAt, 0
	if err != nil {
		return nil, err
	}
	if v.end != n.end {
		// Only in a document that is not JSON.
		return nil, errBuild
	}
	return v, nil
}

// skip returns the offset after the object or array starting at data[i],
// without building it; at most len(data) on any input.
func skip(data []byte, i int) int {
	depth := 0
	for ; i < len(data); i++ {
		switch data[i] {
		case '{', '[':
			depth++
		case '}', ']':
			if depth--; depth == 0 {
				return i + 1
			}
		case '"':
			i = strEnd(data, i) - 1
		}
	}
	return len(data)
}

// strEnd returns the offset after the string token at data[i], at most
// len(data).
func strEnd(data []byte, i int) int {
	j := i + 1
	for {
		k := bytes.IndexByte(data[j:], '"')
		if k < 0 {
			return len(data)
		}
		j += k
		bs := 0
		for bs < j-i-1 && data[j-1-bs] == '\\' {
			bs++
		}
		if bs%2 == 0 {
			return j + 1
		}
		j++
	}
}

// value builds the value starting at data[i]. It returns errBuild where
// the bytes are not JSON, and a syntaxError at a repeated key.
func (b *builder) value(i int) (*node, error) {
	if i >= len(b.data) {
		return nil, errBuild
	}
	n := b.newNode()
	n.off = int32(i)
	var end int // the offset after the value
	switch c := b.data[i]; c {
	case '{':
		if b.depth++; b.depth > maxDepth {
			return nil, errBuild
		}
		n.kind = kObject
		if b.depth == b.lazyAt {
			n.lazy, n.end = true, int32(skip(b.data, i))
			b.depth--
			return n, nil
		}
		base, vbase := len(b.kstack), len(b.vstack)
		i = skipSpace(b.data, i+1)
		var seen map[string]int
		for i < len(b.data) && b.data[i] != '}' {
			if len(b.kstack) > base {
				// A member after the first follows a comma.
				if b.data[i] != ',' {
					return nil, errBuild
				}
				i = skipSpace(b.data, i+1)
			}
			if i >= len(b.data) || b.data[i] != '"' {
				return nil, errBuild
			}
			koff := i
			key, kend, ok := b.str(i)
			if !ok {
				return nil, errBuild
			}
			keys := b.kstack[base:]
			// A repeated key would make one of the two values vanish
			// silently (encoding/json keeps the last). A linear scan of
			// the keys before is cheaper than a map for the objects of API
			// responses, a few dozen keys at most; a larger object gets a
			// map, so that a hostile one costs linear time, not quadratic.
			if len(keys) >= dupScanKeys && seen == nil {
				seen = make(map[string]int, 16)
				for j, k := range keys {
					seen[k] = j
				}
			}
			dup := false
			if seen != nil {
				_, dup = seen[key]
				seen[key] = len(keys)
			} else {
				dup = slices.Contains(keys, key)
			}
			if dup {
				return nil, &syntaxError{off: koff, msg: "duplicate key " + source.Quote(key)}
			}
			b.kstack = append(b.kstack, key)
			i = skipSpace(b.data, kend)
			if i >= len(b.data) || b.data[i] != ':' {
				return nil, errBuild
			}
			v, err := b.value(skipSpace(b.data, i+1))
			if err != nil {
				return nil, err
			}
			b.vstack = append(b.vstack, v)
			i = skipSpace(b.data, int(v.end))
		}
		if i >= len(b.data) {
			return nil, errBuild
		}
		if len(b.kstack) > base {
			n.n = int32(len(b.kstack) - base)
			n.keyp = &b.takeStrs(b.kstack[base:])[0]
			n.valp = &b.takePtrs(b.vstack[vbase:])[0]
			b.kstack = b.kstack[:base]
			b.vstack = b.vstack[:vbase]
		}
		b.depth-- // an error above ends the build: no decrement needed there
		end = i + 1
	case '[':
		if b.depth++; b.depth > maxDepth {
			return nil, errBuild
		}
		n.kind = kArray
		if b.depth == b.lazyAt {
			n.lazy, n.end = true, int32(skip(b.data, i))
			b.depth--
			return n, nil
		}
		base := len(b.vstack)
		i = skipSpace(b.data, i+1)
		for i < len(b.data) && b.data[i] != ']' {
			if len(b.vstack) > base {
				if b.data[i] != ',' {
					return nil, errBuild
				}
				i = skipSpace(b.data, i+1)
			}
			v, err := b.value(i)
			if err != nil {
				return nil, err
			}
			b.vstack = append(b.vstack, v)
			i = skipSpace(b.data, int(v.end))
		}
		if i >= len(b.data) {
			return nil, errBuild
		}
		if len(b.vstack) > base {
			n.n = int32(len(b.vstack) - base)
			n.valp = &b.takePtrs(b.vstack[base:])[0]
			b.vstack = b.vstack[:base]
		}
		b.depth-- // an error above ends the build: no decrement needed there
		end = i + 1
	case '"':
		n.kind = kString
		var ok bool
		if n.text, end, ok = b.str(i); !ok {
			return nil, errBuild
		}
	case 't', 'f', 'n':
		lit := [...]string{'t': "true", 'f': "false", 'n': "null"}[c]
		if !bytes.HasPrefix(b.data[i:], []byte(lit)) {
			return nil, errBuild
		}
		n.kind, n.b, end = kBool, c == 't', i+len(lit)
		if c == 'n' {
			n.kind = kNull
		}
	default:
		n.kind = kNumber
		j, ok := numberEnd(b.data, i)
		if !ok {
			return nil, errBuild
		}
		n.text, end = b.doc[i:j], j
	}
	n.end = int32(end)
	return n, nil
}

// numberEnd returns the offset after the number at data[i], and whether
// it is one in JSON's grammar (RFC 8259 section 6).
func numberEnd(data []byte, i int) (int, bool) {
	digits := func(i int) int {
		for i < len(data) && '0' <= data[i] && data[i] <= '9' {
			i++
		}
		return i
	}
	if i < len(data) && data[i] == '-' {
		i++
	}
	switch {
	case i < len(data) && data[i] == '0':
		i++
	case i < len(data) && '1' <= data[i] && data[i] <= '9':
		i = digits(i + 1)
	default:
		return i, false
	}
	if i < len(data) && data[i] == '.' {
		j := digits(i + 1)
		if j == i+1 {
			return j, false
		}
		i = j
	}
	if i < len(data) && (data[i] == 'e' || data[i] == 'E') {
		i++
		if i < len(data) && (data[i] == '+' || data[i] == '-') {
			i++
		}
		j := digits(i)
		if j == i {
			return j, false
		}
		i = j
	}
	return i, true
}

// str returns the value of the string token at data[i], the offset after
// it (at most len(data)), and whether it is a JSON string. A token
// without escapes in valid UTF-8 is a slice of doc; others are decoded by
// encoding/json, which also replaces invalid UTF-8 as its Decoder does.
func (b *builder) str(i int) (string, int, bool) {
	j := i + 1
	esc := false
	for {
		k := bytes.IndexByte(b.data[j:], '"')
		if k < 0 {
			return "", len(b.data), false
		}
		seg := b.data[j : j+k]
		j += k
		if bytes.IndexByte(seg, '\\') < 0 {
			break
		}
		esc = true
		// The quote ends the string unless an odd run of backslashes
		// escapes it.
		bs := 0
		for bs < len(seg) && seg[len(seg)-1-bs] == '\\' {
			bs++
		}
		if bs%2 == 0 {
			break
		}
		j++
	}
	end := j + 1
	if !esc {
		ascii, ok := plainText(b.data[i+1 : j])
		if !ok {
			return "", end, false
		}
		if ascii || utf8.Valid(b.data[i+1:j]) {
			return b.doc[i+1 : j], end, true
		}
	}
	var s string
	if err := json.Unmarshal(b.data[i:end], &s); err != nil {
		return "", end, false
	}
	return s, end, true
}

// plainText reports whether s, the inside of a string token without
// escapes, is all ASCII, and whether it is free of the control characters
// JSON strings must escape (below U+0020). Eight bytes at a time: a
// string's bytes are most of a snapshot's.
func plainText(s []byte) (ascii, ok bool) {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	var all uint64
	for len(s) >= 8 {
		x := binary.LittleEndian.Uint64(s)
		// Some byte is below 0x20 (the "has less than" test of Bit
		// Twiddling Hacks, exact for a bound up to 128).
		if (x-0x20*ones)&^x&highs != 0 {
			return false, false
		}
		all |= x
		s = s[8:]
	}
	for _, c := range s {
		if c < 0x20 {
			return false, false
		}
		all |= uint64(c)
	}
	return all&highs == 0, true
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

// keyOff returns the offset of the opening quote of the key of value v in
// an object. The tree does not keep key offsets, which only errors need:
// going back from the value over white space and ':' reaches the key's
// closing quote, and the opening one is the first quote before it that no
// odd run of backslashes escapes, since no unescaped quote can be inside
// the key.
func keyOff(data []byte, v *node) int {
	i := int(v.off) - 1
	for i >= 0 && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n' || data[i] == ':') {
		i--
	}
	for i--; i >= 0; i-- {
		if data[i] != '"' {
			continue
		}
		bs := 0
		for i-1-bs >= 0 && data[i-1-bs] == '\\' {
			bs++
		}
		if bs%2 == 0 {
			return i
		}
	}
	return 0 // not reached: v is an object member
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
