// Package policy parses IAM policy documents into compiled statements and
// matches single statements against a request. The iam package combines the
// statements of many policies into a decision.
package policy

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/ecs-preflight/ecs-preflight/iam/internal/cond"
	"github.com/ecs-preflight/ecs-preflight/iam/internal/standin"
	"github.com/ecs-preflight/ecs-preflight/internal/closest"
)

// MaxSize caps a document. IAM's own limits are far lower (6,144 characters
// for a managed policy, 10,240 for a role's inline policies; IAM-UG "IAM and
// AWS STS quotas"); the cap only keeps hostile input from costing memory.
const MaxSize = 1 << 20

// The policy language versions (IAM-UG "IAM JSON policy elements: Version").
const (
	Version2012 = "2012-10-17"
	Version2008 = "2008-10-17"
)

// Policy is a compiled document.
type Policy struct {
	Version    string // "" when the document has none
	ID         string
	Statements []Statement
}

// Vars reports whether policy variables are substituted: only in version
// 2012-10-17 (IAM-UG "Version": with 2008-10-17 or no Version, ${...} is
// literal text).
func (p *Policy) Vars() bool { return p.Version == Version2012 }

// ReadsContext reports whether matching a statement of p can read the
// request context: only a Condition element and a policy variable in
// Resource or NotResource do (Statement.Match).
func (p *Policy) ReadsContext() bool {
	for i := range p.Statements {
		st := &p.Statements[i]
		if len(st.Conditions) > 0 {
			return true
		}
		for _, t := range st.resources {
			if _, lit := t.Literal(); !lit {
				return true
			}
		}
	}
	return false
}

// Parse decodes and compiles doc. Errors name the place in the document by
// its JSON path, e.g. `$.Statement[2].Effect: must be "Allow" or "Deny",
// got "allow"`.
func Parse(doc []byte) (*Policy, error) {
	if len(doc) > MaxSize {
		return nil, fmt.Errorf("document is %d bytes, more than the %d this tool reads (IAM allows at most 10,240 characters)", len(doc), MaxSize)
	}
	root, err := decode(doc)
	if err != nil {
		return nil, err
	}
	obj, ok := root.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("document must be a JSON object, got %s", typeName(root))
	}
	p := &Policy{}
	if k, ok := firstUnknown(obj, "Version", "Id", "Statement"); ok {
		return nil, unknownElement("$", k, "Version", "Id", "Statement")
	}
	if v, ok := obj["Version"]; ok {
		s, ok := v.(string)
		if !ok || (s != Version2012 && s != Version2008) {
			return nil, fmt.Errorf("$.Version: must be %q or %q, got %s", Version2012, Version2008, show(v))
		}
		p.Version = s
	}
	if v, ok := obj["Id"]; ok {
		s, ok := v.(string)
		if !ok {
			return nil, fmt.Errorf("$.Id: must be a string, got %s", typeName(v))
		}
		p.ID = s
	}
	raw, ok := obj["Statement"]
	if !ok {
		return nil, errors.New(`missing "Statement"`)
	}
	var list []any
	switch v := raw.(type) {
	case []any:
		list = v
	case map[string]any:
		list = []any{v}
	default:
		return nil, fmt.Errorf("$.Statement: must be an object or a list of objects, got %s", typeName(raw))
	}
	p.Statements = make([]Statement, 0, len(list))
	for i, s := range list {
		// The statement's name in decisions is "Statement[N]"; errors
		// name it by its JSON path.
		where := "Statement[" + strconv.Itoa(i) + "]"
		m, ok := s.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("$.%s: must be an object, got %s", where, typeName(s))
		}
		st, err := compileStatement("$."+where, m, p.Vars())
		if err != nil {
			return nil, err
		}
		if st.ID == "" {
			st.ID = where
		}
		p.Statements = append(p.Statements, st)
	}
	return p, nil
}

// decode decodes doc as encoding/json does with UseNumber, by decodeFast
// when it can; its errors name the place in the document.
func decode(doc []byte) (any, error) {
	if v, ok := decodeFast(doc); ok {
		return v, nil
	}
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	var root any
	if err := dec.Decode(&root); err != nil {
		return nil, syntaxError(doc, err)
	}
	if _, err := dec.Token(); err == nil {
		return nil, fmt.Errorf("malformed JSON: unexpected data after the document at %s", position(doc, dec.InputOffset()))
	}
	return root, nil
}

var statementElements = []string{"Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"}

func compileStatement(where string, m map[string]any, vars bool) (Statement, error) {
	var st Statement
	if k, ok := firstUnknown(m, statementElements...); ok {
		return st, unknownElement(where, k, statementElements...)
	}
	if v, ok := m["Sid"]; ok {
		s, ok := v.(string)
		if !ok {
			return st, fmt.Errorf("%s.Sid: must be a string, got %s", where, typeName(v))
		}
		st.ID = s
	}
	switch e := m["Effect"]; e {
	case "Allow":
		st.Allow = true
	case "Deny":
	case nil:
		return st, fmt.Errorf(`%s: missing "Effect"`, where)
	default:
		// Effect is case-sensitive (IAM-UG "IAM JSON policy elements: Effect").
		return st, fmt.Errorf(`%s.Effect: must be "Allow" or "Deny", got %s`, where, show(e))
	}

	if err := exclusive(where, m, "Action", "NotAction", true); err != nil {
		return st, err
	}
	name := "Action"
	if _, ok := m["NotAction"]; ok {
		name, st.NotAction = "NotAction", true
	}
	acts, err := stringList(where+"."+name, m[name])
	if err != nil {
		return st, err
	}
	for i, a := range acts {
		if a != "*" && !strings.Contains(a, ":") {
			// IAM rejects these: "Actions/Conditions must be prefaced by a vendor".
			return st, fmt.Errorf("%s.%s[%d]: %s has no service prefix (want \"service:action\")", where, name, i, Quote(a))
		}
		st.actions = append(st.actions, strings.ToLower(a))
	}

	if err := exclusive(where, m, "Resource", "NotResource", false); err != nil {
		return st, err
	}
	// Trust policies and many resource policies (an ECR repository policy)
	// have no Resource: the statement covers the resource it is attached to.
	for _, name := range []string{"Resource", "NotResource"} {
		v, ok := m[name]
		if !ok {
			continue
		}
		rs, err := stringList(where+"."+name, v)
		if err != nil {
			return st, err
		}
		st.hasResource, st.NotResource = true, name == "NotResource"
		for _, r := range rs {
			st.resources = append(st.resources, cond.NewTemplate(r, vars, true))
		}
	}

	if err := exclusive(where, m, "Principal", "NotPrincipal", false); err != nil {
		return st, err
	}
	for _, name := range []string{"Principal", "NotPrincipal"} {
		v, ok := m[name]
		if !ok {
			continue
		}
		if name == "NotPrincipal" && st.Allow {
			// IAM-UG "NotPrincipal": "Using it with "Effect":"Allow" is not supported."
			return st, fmt.Errorf(`%s.NotPrincipal: only allowed with "Effect": "Deny"`, where)
		}
		ps, err := compilePrincipals(where+"."+name, v)
		if err != nil {
			return st, err
		}
		st.hasPrincipal, st.NotPrincipal, st.principals = true, name == "NotPrincipal", ps
	}

	if v, ok := m["Condition"]; ok {
		b, err := compileConditions(where+".Condition", v, vars)
		if err != nil {
			return st, err
		}
		st.Conditions = b
	}
	return st, nil
}

func exclusive(where string, m map[string]any, a, b string, required bool) error {
	_, hasA := m[a]
	_, hasB := m[b]
	switch {
	case hasA && hasB:
		return fmt.Errorf("%s: has both %q and %q", where, a, b)
	case required && !hasA && !hasB:
		return fmt.Errorf("%s: missing %q or %q", where, a, b)
	}
	return nil
}

func compilePrincipals(where string, v any) (principals, error) {
	var ps principals
	if s, ok := v.(string); ok {
		if s != "*" {
			return ps, fmt.Errorf(`%s: a string principal must be "*", got %s (use {"AWS": %s})`, where, Quote(s), Quote(s))
		}
		ps.any = true
		return ps, nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		return ps, fmt.Errorf(`%s: must be "*" or an object, got %s`, where, typeName(v))
	}
	if len(m) == 0 {
		return ps, fmt.Errorf("%s: is empty", where)
	}
	for _, k := range sortedKeys(m) {
		vals, err := stringList(where+"."+cut(k), m[k])
		if err != nil {
			return ps, err
		}
		switch k {
		case "AWS":
			for _, s := range vals {
				switch {
				case s == "*":
					ps.any = true
				case isAccountID(s):
					ps.accounts = append(ps.accounts, s)
				case rootAccount(s) != "":
					ps.accounts = append(ps.accounts, rootAccount(s))
				default:
					ps.arns = append(ps.arns, s)
				}
			}
		case "Service":
			ps.services = append(ps.services, vals...)
		case "Federated", "CanonicalUser":
			ps.other = append(ps.other, vals...)
		default:
			return ps, unknownElement(where, k, "AWS", "Service", "Federated", "CanonicalUser")
		}
		for _, s := range vals {
			ps.standIns = ps.standIns || standin.Has(s)
		}
	}
	return ps, nil
}

// isAccountID reports whether s is a 12-digit AWS account id.
func isAccountID(s string) bool {
	return len(s) == 12 && !strings.ContainsFunc(s, func(r rune) bool { return r < '0' || r > '9' })
}

// rootAccount returns ACCT for "arn:PARTITION:iam::ACCT:root", else "".
func rootAccount(s string) string {
	rest, ok := strings.CutPrefix(s, "arn:")
	if !ok {
		return ""
	}
	_, rest, ok = strings.Cut(rest, ":")
	if !ok {
		return ""
	}
	acct, ok := strings.CutPrefix(rest, "iam::")
	if !ok {
		return ""
	}
	acct, ok = strings.CutSuffix(acct, ":root")
	if !ok || !isAccountID(acct) {
		return ""
	}
	return acct
}

func compileConditions(where string, v any, vars bool) (cond.Block, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("%s: must be an object, got %s", where, typeName(v))
	}
	var b cond.Block
	for _, op := range sortedKeys(m) {
		keys, ok := m[op].(map[string]any)
		if !ok {
			return nil, fmt.Errorf("%s.%s: must be an object of condition keys, got %s", where, cut(op), typeName(m[op]))
		}
		for _, k := range sortedKeys(keys) {
			vals, err := scalarList(fmt.Sprintf("%s.%s[%s]", where, cut(op), Quote(k)), keys[k])
			if err != nil {
				return nil, err
			}
			if err := noNUL(fmt.Sprintf("%s.%s", where, cut(op)), k); err != nil {
				return nil, err
			}
			b = append(b, cond.Compile(op, k, vals, vars))
		}
	}
	return b, nil
}

// stringList reads a string or a non-empty list of strings.
func stringList(where string, v any) ([]string, error) {
	switch v := v.(type) {
	case string:
		if err := noNUL(where, v); err != nil {
			return nil, err
		}
		return []string{v}, nil
	case []any:
		if len(v) == 0 {
			return nil, fmt.Errorf("%s: is an empty list", where)
		}
		out := make([]string, len(v))
		for i, e := range v {
			s, ok := e.(string)
			if !ok {
				return nil, fmt.Errorf("%s[%d]: must be a string, got %s", where, i, typeName(e))
			}
			if err := noNUL(fmt.Sprintf("%s[%d]", where, i), s); err != nil {
				return nil, err
			}
			out[i] = s
		}
		return out, nil
	}
	return nil, fmt.Errorf("%s: must be a string or a list of strings, got %s", where, typeName(v))
}

// scalarList reads condition values: strings, numbers or booleans, alone or
// in a list, as the strings AWS compares (IAM accepts `"aws:MultiFactorAuthPresent": true`).
func scalarList(where string, v any) ([]string, error) {
	one := func(where string, e any) (string, error) {
		switch e := e.(type) {
		case string:
			return e, noNUL(where, e)
		case json.Number:
			return e.String(), nil
		case bool:
			if e {
				return "true", nil
			}
			return "false", nil
		}
		return "", fmt.Errorf("%s: must be a string, number or boolean, got %s", where, typeName(e))
	}
	if l, ok := v.([]any); ok {
		if len(l) == 0 {
			return nil, fmt.Errorf("%s: is an empty list", where)
		}
		out := make([]string, len(l))
		for i, e := range l {
			s, err := one(fmt.Sprintf("%s[%d]", where, i), e)
			if err != nil {
				return nil, err
			}
			out[i] = s
		}
		return out, nil
	}
	s, err := one(where, v)
	if err != nil {
		return nil, err
	}
	return []string{s}, nil
}

// noNUL rejects NUL characters, which IAM does not accept in policies and
// which the matcher reserves as its escape byte.
func noNUL(where, s string) error {
	if strings.IndexByte(s, 0) >= 0 {
		return fmt.Errorf("%s: contains a NUL character", where)
	}
	return nil
}

// unknownElement is the error for key k, not one of known, in the object
// at JSON path parent: it names the key's own path
// ($.Statement[1].Condtion) and the closest known name when one is near.
func unknownElement(parent, k string, known ...string) error {
	path := JSONPath(parent, k)
	for _, e := range known {
		if strings.EqualFold(e, k) {
			return fmt.Errorf("%s: unknown element (element names are case-sensitive: %q)", path, e)
		}
	}
	if near := Closest(k, known); near != "" {
		return fmt.Errorf("%s: unknown element; did you mean %q? (want one of %s)", path, near, strings.Join(known, ", "))
	}
	return fmt.Errorf("%s: unknown element (want one of %s)", path, strings.Join(known, ", "))
}

// JSONPath appends key to a JSON path: .key for a plain name, ["key"]
// (cut by Quote) for any other.
func JSONPath(path, key string) string {
	plain := key != "" && len(key) <= quoteRunes && !strings.ContainsFunc(key, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-')
	})
	if plain {
		return path + "." + key
	}
	return path + "[" + Quote(key) + "]"
}

// Closest returns the name of known nearest to k (closest.Name).
func Closest(k string, known []string) string { return closest.Name(k, known) }

func sortedKeys(m map[string]any) []string { return slices.Sorted(maps.Keys(m)) }

// firstUnknown returns the first key of m in sorted order that is not one
// of known, the one an error names; ok is false when every key is known,
// which it tells without sorting.
func firstUnknown(m map[string]any, known ...string) (k string, ok bool) {
	for k := range m {
		if !slices.Contains(known, k) {
			ok = true
			break
		}
	}
	if !ok {
		return "", false
	}
	for _, k := range sortedKeys(m) {
		if !slices.Contains(known, k) {
			return k, true
		}
	}
	return "", false
}

func typeName(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case bool:
		return "a boolean"
	case []any:
		return "a list"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}

func show(v any) string {
	if s, ok := v.(string); ok {
		return Quote(s)
	}
	return typeName(v)
}

func syntaxError(doc []byte, err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Errorf("malformed JSON at %s: %s", position(doc, se.Offset), shorten(se.Error()))
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return fmt.Errorf("malformed JSON at %s: %s", position(doc, te.Offset), shorten(te.Error()))
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		if len(bytes.TrimSpace(doc)) == 0 {
			return errors.New("empty document")
		}
		// The place is the end of input, where the document was cut.
		return fmt.Errorf("malformed JSON at %s: unexpected end of input: the document is truncated", position(doc, int64(len(doc))+1))
	}
	return fmt.Errorf("malformed JSON: %s", shorten(err.Error()))
}

// position reports where the byte just read lies, as "line L, column C"
// (1-based, the column in characters). off is a decoder offset: the number
// of bytes consumed, so the offending byte is the one before it.
func position(doc []byte, off int64) string {
	off--
	if off > int64(len(doc)) {
		off = int64(len(doc))
	}
	if off < 0 {
		off = 0
	}
	before := doc[:off]
	start := bytes.LastIndexByte(before, '\n') + 1
	line := bytes.Count(before, []byte{'\n'}) + 1
	col := utf8.RuneCount(before[start:]) + 1
	return fmt.Sprintf("line %d, column %d", line, col)
}
