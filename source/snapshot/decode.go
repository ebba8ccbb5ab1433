package snapshot

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"sync"
)

// jp appends an object key to a JSON path: $.a.b, or $.a["awslogs-group"]
// when the key is not an identifier.
func jp(path, key string) string {
	if isIdent(key) {
		return path + "." + key
	}
	return path + "[" + strconv.Quote(key) + "]"
}

// ji appends an array index to a JSON path.
func ji(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }

func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for i, c := range s {
		switch {
		case c == '_' || c == '$' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z':
		case i > 0 && '0' <= c && c <= '9':
		default:
			return false
		}
	}
	return true
}

// policyFields are the response fields that hold a policy document. The AWS
// CLI prints IAM documents as objects (it URL-decodes them), other services'
// as JSON strings, and the IAM API itself returns URL-encoded JSON; all three
// are accepted and stored as compact JSON text.
var policyFields = map[string]bool{
	"AssumeRolePolicyDocument": true,
	"PolicyDocument":           true,
	"Document":                 true,
	"policyText":               true,
	"ResourcePolicy":           true,
	"Policy":                   true,
}

// fieldInfo is one settable struct field and its JSON name.
type fieldInfo struct {
	index int
	name  string
}

var fieldCache sync.Map // reflect.Type -> map[string]fieldInfo

// fieldsOf returns the JSON-named fields of a world struct type. Fields
// tagged "-" are facts the reader derives itself, never taken from input.
func fieldsOf(t reflect.Type) map[string]fieldInfo {
	if f, ok := fieldCache.Load(t); ok {
		return f.(map[string]fieldInfo)
	}
	m := make(map[string]fieldInfo)
	for i := range t.NumField() {
		sf := t.Field(i)
		if !sf.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = sf.Name
		}
		m[name] = fieldInfo{index: i, name: name}
	}
	fieldCache.Store(t, m)
	return m
}

// decode fills v (a pointer) from n. Keys are matched exactly as the AWS API
// spells them; keys the world type does not know are ignored, because AWS
// adds response fields over time. JSON null leaves the zero value.
func (r *reader) decode(n *node, path string, v any) error {
	return r.decodeValue(n, path, reflect.ValueOf(v).Elem(), "")
}

func (r *reader) decodeValue(n *node, path string, v reflect.Value, name string) error {
	r.dpath = decodePath{base: path, parts: r.dpath.parts[:0]}
	return r.decodeLazy(n, v, name)
}

// decodePath is the JSON path of the value decodeLazy decodes, spelled out
// only when an error names it: most fields decode without one, and
// building every field's path was the reader's largest allocation after
// the tree.
type decodePath struct {
	base  string
	parts []pathPart
}

// pathPart is an object key, or an array index when isKey is false.
type pathPart struct {
	key   string
	index int
	isKey bool
}

func (p *decodePath) String() string {
	s := p.base
	for _, e := range p.parts {
		if e.isKey {
			s = jp(s, e.key)
		} else {
			s = ji(s, e.index)
		}
	}
	return s
}

// decodeLazy is decodeValue at the path r.dpath.
func (r *reader) decodeLazy(n *node, v reflect.Value, name string) error {
	if n.kind == kNull {
		return nil
	}
	switch v.Kind() {
	case reflect.String:
		if policyFields[name] {
			s, err := r.policy(n, r.dpath.String())
			if err != nil {
				return err
			}
			v.SetString(s)
			return nil
		}
		if n.kind != kString {
			return r.want(n, r.dpath.String(), "string")
		}
		v.SetString(n.text)
	case reflect.Bool:
		if n.kind != kBool {
			return r.want(n, r.dpath.String(), "bool")
		}
		v.SetBool(n.b)
	case reflect.Int:
		if n.kind != kNumber {
			return r.want(n, r.dpath.String(), "integer")
		}
		i, err := strconv.ParseInt(n.text, 10, 64)
		if err != nil || int64(int(i)) != i {
			return r.want(n, r.dpath.String(), "integer")
		}
		v.SetInt(i)
	case reflect.Pointer:
		p := reflect.New(v.Type().Elem())
		if err := r.decodeLazy(n, p.Elem(), name); err != nil {
			return err
		}
		v.Set(p)
	case reflect.Slice:
		if n.kind != kArray {
			return r.want(n, r.dpath.String(), "array")
		}
		s := reflect.MakeSlice(v.Type(), len(n.vals()), len(n.vals()))
		for i, e := range n.vals() {
			r.dpath.parts = append(r.dpath.parts, pathPart{index: i})
			if err := r.decodeLazy(e, s.Index(i), ""); err != nil {
				return err
			}
			r.dpath.parts = r.dpath.parts[:len(r.dpath.parts)-1]
		}
		v.Set(s)
	case reflect.Map:
		if n.kind != kObject {
			return r.want(n, r.dpath.String(), "object")
		}
		if v.Type().Key().Kind() != reflect.String {
			return fmt.Errorf("snapshot: cannot decode into %s", v.Type()) // programming error
		}
		m := reflect.MakeMapWithSize(v.Type(), len(n.keys()))
		for i, k := range n.keys() {
			e := reflect.New(v.Type().Elem()).Elem()
			r.dpath.parts = append(r.dpath.parts, pathPart{key: k, isKey: true})
			if err := r.decodeLazy(n.vals()[i], e, ""); err != nil {
				return err
			}
			r.dpath.parts = r.dpath.parts[:len(r.dpath.parts)-1]
			m.SetMapIndex(reflect.ValueOf(k).Convert(v.Type().Key()), e)
		}
		v.Set(m)
	case reflect.Struct:
		if n.kind != kObject {
			return r.want(n, r.dpath.String(), "object")
		}
		fields := fieldsOf(v.Type())
		for i, k := range n.keys() {
			f, ok := fields[k]
			if !ok {
				continue
			}
			r.dpath.parts = append(r.dpath.parts, pathPart{key: k, isKey: true})
			if err := r.decodeLazy(n.vals()[i], v.Field(f.index), f.name); err != nil {
				return err
			}
			r.dpath.parts = r.dpath.parts[:len(r.dpath.parts)-1]
		}
	default:
		return fmt.Errorf("snapshot: cannot decode into %s", v.Type()) // programming error
	}
	return nil
}

// want reports a value of the wrong JSON type.
func (r *reader) want(n *node, path, want string) error {
	return r.fail(n, path, "want %s, got %s", want, describe(n))
}

// policy returns the compact JSON text of a policy document given as an
// object, a JSON string, or a URL-encoded JSON string; "" for an empty
// string.
func (r *reader) policy(n *node, path string) (string, error) {
	var doc []byte
	switch n.kind {
	case kObject:
		// The builder accepted these bytes as JSON: only white space is
		// left to drop.
		return string(compactJSON(make([]byte, 0, n.end-n.off), r.data[n.off:n.end])), nil
	case kString:
		s := strings.TrimSpace(n.text)
		if s == "" {
			return "", nil
		}
		if !strings.HasPrefix(s, "{") {
			// The IAM API URL-encodes documents (RFC 3986); botocore decodes
			// them with urllib's unquote, which leaves "+" alone, as
			// PathUnescape does.
			u, err := url.PathUnescape(s)
			if err != nil {
				return "", r.fail(n, path, "policy document is neither JSON nor URL-encoded JSON: %v", err)
			}
			s = strings.TrimSpace(u)
		}
		doc = []byte(s)
	default:
		return "", r.want(n, path, "policy document (object or string)")
	}
	var buf bytes.Buffer
	buf.Grow(len(doc)) // compacting never lengthens
	if err := json.Compact(&buf, doc); err != nil {
		return "", r.fail(n, path, "policy document is not valid JSON: %v", err)
	}
	if buf.Len() == 0 || buf.Bytes()[0] != '{' {
		return "", r.fail(n, path, "policy document is not a JSON object")
	}
	return buf.String(), nil
}

// compactJSON appends src, a JSON text the builder accepted, without the
// white space between its tokens, as json.Compact does (strings are
// copied as they are).
func compactJSON(dst, src []byte) []byte {
	for i := 0; i < len(src); {
		switch c := src[i]; c {
		case ' ', '\t', '\r', '\n':
			i++
		case '"':
			end := strEnd(src, i)
			dst = append(dst, src[i:end]...)
			i = end
		default:
			dst = append(dst, c)
			i++
		}
	}
	return dst
}
