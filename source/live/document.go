package live

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"maps"
	"reflect"
	"slices"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"
)

// sectionOrder is the order of the snapshot's service sections
// (docs/snapshot.md "Top level").
var sectionOrder = []string{"ecs", "iam", "ec2", "ecr", "secretsmanager", "kms", "ssm", "logs", "s3", "route53", "organizations"}

// camelSections are the services whose JSON protocol spells members in
// lowerCamelCase, as the AWS CLI prints them (docs/snapshot.md: "camelCase
// for ECS, ECR and CloudWatch Logs"); the others keep the member names the
// SDK's Go fields carry.
var camelSections = map[string]bool{"ecs": true, "ecr": true, "logs": true}

// Document is a snapshot document (docs/snapshot.md, v1) being filled from
// SDK responses. It is safe for concurrent use.
type Document struct {
	Partition string
	Region    string
	AccountID string

	mu       sync.Mutex
	ops      map[string]map[string]*opValue // section -> operation -> value
	poisoned map[string]bool                // "section.Operation" left out for good
	// excluded are per-resource entries left out for good, by
	// "section.Operation" and then identifying field and value: what merges
	// into a resource whose own read failed (docs/snapshot.md "Entries that
	// merge into a resource must find it").
	excluded map[string][][2]string
}

// opValue is one operation's value: the pages of a list operation, or one
// response per resource.
type opValue struct {
	perResource bool
	entries     []any
}

// NewDocument returns an empty document of one account and region.
func NewDocument(partition, region, account string) *Document {
	return &Document{Partition: partition, Region: region, AccountID: account, ops: map[string]map[string]*opValue{}}
}

func (d *Document) value(section, op string, perResource bool) *opValue {
	if d.poisoned[section+"."+op] {
		return &opValue{} // written nowhere
	}
	s := d.ops[section]
	if s == nil {
		s = map[string]*opValue{}
		d.ops[section] = s
	}
	v := s[op]
	if v == nil {
		v = &opValue{perResource: perResource}
		s[op] = v
	}
	return v
}

// AddPage adds one page of a list operation's response (an SDK output
// struct).
func (d *Document) AddPage(section, op string, out any) {
	j := toJSON(reflect.ValueOf(out), camelSections[section])
	d.mu.Lock()
	defer d.mu.Unlock()
	v := d.value(section, op, false)
	v.entries = append(v.entries, j)
}

// AddResource adds one per-resource response (an SDK output struct), with
// the request's identifying fields added beside the response's where the
// response does not name its resource (docs/snapshot.md "added request
// field").
func (d *Document) AddResource(section, op string, out any, request map[string]any) {
	j, _ := toJSON(reflect.ValueOf(out), camelSections[section]).(map[string]any)
	if j == nil {
		j = map[string]any{}
	}
	for k, v := range request {
		j[k] = v
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.isExcluded(section+"."+op, j) {
		return
	}
	v := d.value(section, op, true)
	v.entries = append(v.entries, j)
}

// Touch makes an operation present with no entry: a per-resource operation
// whose presence says "no entry, no policy" (GetRepositoryPolicy,
// GetResourcePolicy, GetBucketPolicy, after a not-found answer).
func (d *Document) Touch(section, op string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.value(section, op, true)
}

// Has reports whether the document holds the operation.
func (d *Document) Has(section, op string) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	_, ok := d.ops[section][op]
	return ok
}

// MarshalJSON writes the document: top-level keys, then the sections in
// the documented order, operations sorted by name.
func (d *Document) MarshalJSON() ([]byte, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	var b bytes.Buffer
	b.WriteString(`{"snapshotVersion":"1"`)
	for _, kv := range [][2]string{{"partition", d.Partition}, {"region", d.Region}, {"accountId", d.AccountID}} {
		if kv[1] == "" {
			continue
		}
		k, _ := json.Marshal(kv[0])
		v, _ := json.Marshal(kv[1])
		b.WriteByte(',')
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	for _, s := range sectionOrder {
		ops := d.ops[s]
		if len(ops) == 0 {
			continue
		}
		b.WriteString(`,"` + s + `":{`)
		for i, name := range slices.Sorted(maps.Keys(ops)) {
			if i > 0 {
				b.WriteByte(',')
			}
			v := ops[name]
			var val any = v.entries
			if !v.perResource && len(v.entries) == 1 {
				val = v.entries[0]
			}
			if v.entries == nil {
				val = []any{}
			}
			enc, err := json.Marshal(val)
			if err != nil {
				return nil, err
			}
			b.WriteString(`"` + name + `":`)
			b.Write(enc)
		}
		b.WriteByte('}')
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// Bytes returns the document as indented JSON, as `snapshot -o` writes it.
func (d *Document) Bytes() ([]byte, error) {
	raw, err := d.MarshalJSON()
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	if err := json.Indent(&out, raw, "", "  "); err != nil {
		return nil, err
	}
	out.WriteByte('\n')
	return out.Bytes(), nil
}

var timeType = reflect.TypeFor[time.Time]()

// toJSON converts an SDK output value to the JSON value the AWS CLI prints
// for it: member names as the service's protocol spells them (camel), nil
// pointers and slices left out (absent in the response), non-pointer
// numbers and booleans kept even when zero (primitive members the services
// always return, as runningCount 0), empty enums left out, empty slices kept, timestamps as ISO 8601 (the CLI's
// default), blobs as base64. The result metadata is not a response member.
func toJSON(v reflect.Value, camel bool) any {
	switch v.Kind() {
	case reflect.Invalid:
		return nil
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil
		}
		return toJSON(v.Elem(), camel)
	case reflect.Struct:
		if v.Type() == timeType {
			return v.Interface().(time.Time).UTC().Format(time.RFC3339Nano)
		}
		m := map[string]any{}
		t := v.Type()
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() || f.Name == "ResultMetadata" {
				continue
			}
			fv := v.Field(i)
			if omit(fv) {
				continue
			}
			name := f.Name
			if camel {
				name = lowerFirst(name)
			}
			if j := toJSON(fv, camel); j != nil {
				m[name] = j
			}
		}
		return m
	case reflect.Slice:
		if v.IsNil() {
			return nil
		}
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return base64.StdEncoding.EncodeToString(v.Bytes())
		}
		out := make([]any, 0, v.Len())
		for i := range v.Len() {
			out = append(out, toJSON(v.Index(i), camel))
		}
		return out
	case reflect.Map:
		if v.IsNil() {
			return nil
		}
		out := map[string]any{}
		it := v.MapRange()
		for it.Next() {
			out[it.Key().String()] = toJSON(it.Value(), camel)
		}
		return out
	case reflect.String:
		return v.String()
	case reflect.Bool:
		return v.Bool()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return v.Uint()
	case reflect.Float32, reflect.Float64:
		return v.Float()
	}
	return nil
}

// omit reports a member absent from the response: nil, or an empty enum.
func omit(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface, reflect.Slice, reflect.Map:
		return v.IsNil()
	case reflect.String:
		return v.Len() == 0
	}
	return false
}

// lowerFirst lowers the first letter: the SDK's Go field name of a
// camelCase member is the member name with its first letter raised.
func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToLower(r)) + s[n:]
}

// AddRaw adds one per-resource entry already in the snapshot's shape (the
// SecretKeys extension).
func (d *Document) AddRaw(section, op string, entry map[string]any) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.poisoned[section+"."+op] {
		return
	}
	v := d.value(section, op, true)
	v.entries = append(v.entries, entry)
}

// Poison removes an operation for good: what it would hold would claim
// more than was read (a policy operation one of whose reads failed:
// docs/snapshot.md takes a resource without an entry as having no
// policy).
func (d *Document) Poison(section, op string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.poisoned == nil {
		d.poisoned = map[string]bool{}
	}
	d.poisoned[section+"."+op] = true
	delete(d.ops[section], op)
}

// Exclude leaves out, now and later, the entries of a per-resource
// operation whose field has value.
func (d *Document) Exclude(section, op, field, value string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.excluded == nil {
		d.excluded = map[string][][2]string{}
	}
	key := section + "." + op
	d.excluded[key] = append(d.excluded[key], [2]string{field, value})
	if v := d.ops[section][op]; v != nil {
		v.entries = slices.DeleteFunc(v.entries, func(e any) bool {
			m, _ := e.(map[string]any)
			return d.isExcluded(key, m)
		})
	}
}

func (d *Document) isExcluded(key string, entry map[string]any) bool {
	for _, fv := range d.excluded[key] {
		if s, _ := entry[fv[0]].(string); s == fv[1] {
			return true
		}
	}
	return false
}
