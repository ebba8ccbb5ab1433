// Package simulation reads an IAM simulation document — one request and the
// policies that apply to it — and decides it with package iam. It lets a
// user ask "why" about one call of the start phase, and lets any other
// policy simulator be compared with ours on the same input. The format is
// documented in docs/iam-simulation.md.
package simulation

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"reflect"
	"slices"
	"strings"

	"github.com/ecs-preflight/ecs-preflight/iam"
	"github.com/ecs-preflight/ecs-preflight/iam/internal/policy"
	"github.com/ecs-preflight/ecs-preflight/source"
)

// MaxSize caps a simulation document.
const MaxSize = 8 << 20

// Document is the JSON form of one simulation.
type Document struct {
	// Name and Source describe the document (a test case's name, the
	// documentation page its expected decision comes from); they are not
	// evaluated.
	Name            string             `json:"name,omitempty"`
	Source          string             `json:"source,omitempty"`
	Principal       Principal          `json:"principal"`
	Action          string             `json:"action"`
	Resource        string             `json:"resource"`
	ResourceAccount string             `json:"resourceAccount,omitempty"`
	Context         map[string]Strings `json:"context,omitempty"`
	Policies        Policies           `json:"policies"`
	Expect          string             `json:"expect,omitempty"`
}

// Principal is the caller.
type Principal struct {
	ARN       string `json:"arn,omitempty"`
	RoleARN   string `json:"roleArn,omitempty"`
	AccountID string `json:"accountId,omitempty"`
	Service   string `json:"service,omitempty"`
}

// Policies are the layers, each policy a NamedDocument.
type Policies struct {
	Identity         []NamedDocument   `json:"identity,omitempty"`
	Boundary         *NamedDocument    `json:"boundary,omitempty"`
	SCPs             [][]NamedDocument `json:"scps,omitempty"`
	RCPs             [][]NamedDocument `json:"rcps,omitempty"`
	Resource         *NamedDocument    `json:"resource,omitempty"`
	ResourceRequired bool              `json:"resourceRequired,omitempty"`
	Endpoint         *NamedDocument    `json:"endpoint,omitempty"`
	Unresolved       []string          `json:"unresolved,omitempty"`
	// UnresolvedPolicies are unresolved policies whose layer is known; see
	// iam.Layers.UnresolvedPolicies.
	UnresolvedPolicies []UnresolvedPolicy `json:"unresolvedPolicies,omitempty"`
	// Session holds the session policies; see iam.Layers.Session.
	Session []NamedDocument `json:"session,omitempty"`
	// ManagementAccount: the principal is in the organization's management
	// account, so SCPs do not apply.
	ManagementAccount bool `json:"managementAccount,omitempty"`
	// ResourceManagementAccount: the resource is in the management
	// account, so RCPs do not apply.
	ResourceManagementAccount bool `json:"resourceManagementAccount,omitempty"`
	// KeyGrantsUnknown: the KMS key's grants are not known; see
	// iam.Layers.KeyGrantsUnknown.
	KeyGrantsUnknown bool `json:"keyGrantsUnknown,omitempty"`
}

// UnresolvedPolicy names a policy whose document the input does not have,
// with its layer: one of the keys of "policies" that hold documents
// ("identity", "boundary", "session", "scps", "rcps", "resource",
// "endpoint"), or "" when not known. Level is the 1-based SCP or RCP level
// (1 is the root); 0 or absent means any level.
type UnresolvedPolicy struct {
	Name  string `json:"name"`
	Layer string `json:"layer,omitempty"`
	Level int    `json:"level,omitempty"`
}

// layers maps UnresolvedPolicy.Layer to the iam layer.
var layers = map[string]iam.Layer{
	"":         "",
	"identity": iam.LayerIdentity,
	"boundary": iam.LayerBoundary,
	"session":  iam.LayerSession,
	"scps":     iam.LayerSCP,
	"rcps":     iam.LayerRCP,
	"resource": iam.LayerResource,
	"endpoint": iam.LayerEndpoint,
}

// NamedDocument is a policy with a name; Document is the policy as a JSON
// object or as a JSON string.
type NamedDocument struct {
	Name     string          `json:"name"`
	Document json.RawMessage `json:"document"`
}

// Strings is a context value: a string or a list of strings.
type Strings []string

// UnmarshalJSON accepts "v", ["v1","v2"], and numbers or booleans, which
// AWS sends as strings.
func (s *Strings) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '[' {
		var raw []json.RawMessage
		if err := json.Unmarshal(b, &raw); err != nil {
			return err
		}
		out := make([]string, 0, len(raw))
		for _, r := range raw {
			v, err := scalar(r)
			if err != nil {
				return err
			}
			out = append(out, v)
		}
		*s = out
		return nil
	}
	v, err := scalar(b)
	if err != nil {
		return err
	}
	*s = Strings{v}
	return nil
}

func scalar(b []byte) (string, error) {
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		return "", err
	}
	switch x := v.(type) {
	case string:
		return x, nil
	case bool, float64:
		return string(bytes.TrimSpace(b)), nil
	}
	// An UnmarshalTypeError gets the field's path from encoding/json; the
	// value itself is named by its type only.
	return "", &json.UnmarshalTypeError{Value: jsonKind(v) + " (want a string, number or boolean)", Type: reflect.TypeFor[string]()}
}

// jsonKind names the type of a decoded JSON value.
func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case []any:
		return "a list"
	case map[string]any:
		return "an object"
	}
	return "a value"
}

// Simulation is a parsed document, ready to decide.
type Simulation struct {
	Request iam.Request
	Layers  iam.Layers
	// Expect is the decision the document says it should reach, if any.
	Expect iam.Effect
	// Name and Source are the document's, for reports.
	Name, Source string
}

// Read parses a simulation document; errors are *source.InputError naming
// the file and the field.
func Read(name string, data []byte) (*Simulation, error) {
	bad := func(path string, err error) error {
		return &source.InputError{Kind: "simulation", File: name, Path: path, Err: err}
	}
	if len(data) > MaxSize {
		return nil, bad("", fmt.Errorf("document is %d bytes, more than the %d this reader accepts", len(data), MaxSize))
	}
	// A document saved by a Windows editor or PowerShell 5 starts with a
	// byte-order mark; read it as the snapshot reader does.
	data, err := source.ToUTF8(data)
	if err != nil {
		return nil, bad("", err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var doc Document
	if err := dec.Decode(&doc); err != nil {
		if path, err := unknownField(data); err != nil {
			return nil, bad(path, err)
		}
		line, col, err := source.JSONError(data, err)
		return nil, &source.InputError{Kind: "simulation", File: name, Line: line, Column: col, Err: err}
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		line, col := source.Position(data, skipSpace(data, int(dec.InputOffset())))
		return nil, &source.InputError{Kind: "simulation", File: name, Line: line, Column: col, Err: errors.New("trailing data after the document")}
	}
	if doc.Action == "" {
		return nil, bad("$.action", errors.New("is required"))
	}
	if doc.Resource == "" {
		return nil, bad("$.resource", errors.New(`is required ("*" for actions without a resource)`))
	}
	if doc.Principal.ARN == "" && doc.Principal.Service == "" {
		return nil, bad("$.principal", errors.New("needs arn or service"))
	}
	s := &Simulation{Name: doc.Name, Source: doc.Source, Request: iam.Request{
		Principal:       iam.Principal(doc.Principal),
		Action:          doc.Action,
		Resource:        doc.Resource,
		ResourceAccount: doc.ResourceAccount,
		Context:         map[string][]string{},
	}}
	for k, v := range doc.Context {
		s.Request.Context[k] = v
	}
	switch doc.Expect {
	case "", string(iam.Allow), string(iam.ImplicitDeny), string(iam.ExplicitDeny), string(iam.Unknown):
		s.Expect = iam.Effect(doc.Expect)
	default:
		return nil, bad("$.expect", source.Errorf("want allow, implicit-deny, explicit-deny or unknown, got %q", doc.Expect))
	}
	parse := func(path string, nd NamedDocument) (*iam.Policy, error) {
		raw := nd.Document
		var str string
		if json.Unmarshal(raw, &str) == nil {
			raw = []byte(str)
		}
		name := nd.Name
		if name == "" {
			name = path
		}
		p, err := iam.Parse(name, raw)
		if err != nil {
			return nil, bad(path, err)
		}
		return p, nil
	}
	l := &s.Layers
	for i, nd := range doc.Policies.Identity {
		p, err := parse(fmt.Sprintf("$.policies.identity[%d]", i), nd)
		if err != nil {
			return nil, err
		}
		l.Identity = append(l.Identity, p)
	}
	for i, nd := range doc.Policies.Session {
		p, err := parse(fmt.Sprintf("$.policies.session[%d]", i), nd)
		if err != nil {
			return nil, err
		}
		l.Session = append(l.Session, p)
	}
	one := func(path string, nd *NamedDocument) (*iam.Policy, error) {
		if nd == nil {
			return nil, nil
		}
		return parse(path, *nd)
	}
	if l.Boundary, err = one("$.policies.boundary", doc.Policies.Boundary); err != nil {
		return nil, err
	}
	if l.Resource, err = one("$.policies.resource", doc.Policies.Resource); err != nil {
		return nil, err
	}
	if l.Endpoint, err = one("$.policies.endpoint", doc.Policies.Endpoint); err != nil {
		return nil, err
	}
	levels := func(field string, in [][]NamedDocument) ([][]*iam.Policy, error) {
		var out [][]*iam.Policy
		for i, lvl := range in {
			var ps []*iam.Policy
			for j, nd := range lvl {
				p, err := parse(fmt.Sprintf("$.policies.%s[%d][%d]", field, i, j), nd)
				if err != nil {
					return nil, err
				}
				ps = append(ps, p)
			}
			out = append(out, ps)
		}
		return out, nil
	}
	if l.SCPs, err = levels("scps", doc.Policies.SCPs); err != nil {
		return nil, err
	}
	if l.RCPs, err = levels("rcps", doc.Policies.RCPs); err != nil {
		return nil, err
	}
	l.ResourceRequired = doc.Policies.ResourceRequired
	l.Unresolved = doc.Policies.Unresolved
	for i, u := range doc.Policies.UnresolvedPolicies {
		path := fmt.Sprintf("$.policies.unresolvedPolicies[%d]", i)
		layer, ok := layers[u.Layer]
		switch {
		case u.Name == "":
			return nil, bad(path+".name", errors.New("is required"))
		case !ok:
			return nil, bad(path+".layer", source.Errorf("want identity, boundary, session, scps, rcps, resource or endpoint, got %q", u.Layer))
		case u.Level < 0 || u.Level > 0 && layer != iam.LayerSCP && layer != iam.LayerRCP:
			return nil, bad(path+".level", fmt.Errorf("must be a level of scps or rcps (1 for the root), got %d", u.Level))
		}
		l.UnresolvedPolicies = append(l.UnresolvedPolicies, iam.UnresolvedPolicy{Name: u.Name, Layer: layer, Level: u.Level})
	}
	l.ManagementAccount = doc.Policies.ManagementAccount
	l.ResourceManagementAccount = doc.Policies.ResourceManagementAccount
	l.KeyGrantsUnknown = doc.Policies.KeyGrantsUnknown
	return s, nil
}

// Run decides the request.
func (s *Simulation) Run() iam.Decision { return iam.Evaluate(s.Request, s.Layers) }

// skipSpace returns the offset of the first byte at or after off that is
// not JSON white space.
func skipSpace(data []byte, off int) int {
	return len(data) - len(bytes.TrimLeft(data[min(off, len(data)):], " \t\r\n"))
}

// unknownField finds a key of the document that no field of Document
// takes, as encoding/json's DisallowUnknownFields does (keys match field
// names case-insensitively), and returns its JSON path and an error naming
// the closest known name. encoding/json names only the key, not where it
// is. err is nil when data has no unknown key or is no JSON.
func unknownField(data []byte) (path string, err error) {
	var v any
	if json.Unmarshal(data, &v) != nil {
		return "", nil
	}
	return findUnknown(reflect.TypeFor[Document](), v, "$")
}

var rawMessage = reflect.TypeFor[json.RawMessage]()
var unmarshaler = reflect.TypeFor[json.Unmarshaler]()

// findUnknown is unknownField for value v decoded into type t at path.
func findUnknown(t reflect.Type, v any, path string) (string, error) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == rawMessage || reflect.PointerTo(t).Implements(unmarshaler) {
		return "", nil
	}
	switch t.Kind() {
	case reflect.Struct:
		m, isObj := v.(map[string]any)
		if !isObj {
			return "", nil
		}
		names := make([]string, t.NumField())
		for i := range t.NumField() {
			names[i], _, _ = strings.Cut(t.Field(i).Tag.Get("json"), ",")
		}
		for _, k := range slices.Sorted(maps.Keys(m)) {
			i := slices.IndexFunc(names, func(n string) bool { return strings.EqualFold(n, k) })
			if i < 0 {
				return policy.JSONPath(path, k), unknownKey(k, names)
			}
			if p, err := findUnknown(t.Field(i).Type, m[k], policy.JSONPath(path, names[i])); err != nil {
				return p, err
			}
		}
	case reflect.Slice:
		l, isList := v.([]any)
		if !isList {
			return "", nil
		}
		for i, e := range l {
			if p, err := findUnknown(t.Elem(), e, fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return p, err
			}
		}
	case reflect.Map:
		m, isObj := v.(map[string]any)
		if !isObj {
			return "", nil
		}
		for _, k := range slices.Sorted(maps.Keys(m)) {
			if p, err := findUnknown(t.Elem(), m[k], policy.JSONPath(path, k)); err != nil {
				return p, err
			}
		}
	}
	return "", nil
}

// unknownKey is the error for an unknown key, with the closest known name
// when one is near: a different case, or a typo of one or two letters.
func unknownKey(k string, known []string) error {
	if near := policy.Closest(k, known); near != "" {
		return fmt.Errorf("unknown field; did you mean %q?", near)
	}
	return fmt.Errorf("unknown field (want one of %s)", strings.Join(known, ", "))
}
