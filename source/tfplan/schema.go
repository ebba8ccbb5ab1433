package tfplan

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/ecs-preflight/ecs-preflight/source"
)

// providerSchema is the part of the hashicorp/aws provider's schema
// (`terraform providers schema -json`, provider 5.100.0) that the reader
// uses: the resource and data source types it reads and, of each, the
// attributes and nested blocks it reads, with their types as the provider
// states them. schema/README.md says how it is made.
//
//go:embed schema/aws.json
var providerSchema []byte

// tfType is a value type of the provider schema, as Terraform writes the
// value in plan JSON (Terraform CLI docs "JSON Output Format": values are
// written as JSON, a list or set as an array, a map or object as an object).
type tfType struct {
	// prim is "string", "number" or "bool"; "" for the others.
	prim string
	// coll is "list", "set" or "map", with elem the type of an element.
	coll string
	elem *tfType
	// attrs are an object's attributes (and nested blocks), when neither
	// prim nor coll is set; names are their names in order, so that the
	// first wrong value found is always the same.
	attrs map[string]*tfType
	names []string
}

// want names the type in an error.
func (t *tfType) want() string {
	switch {
	case t.prim != "":
		return t.prim
	case t.coll == "map":
		return "map"
	case t.coll != "" && t.elem != nil && t.elem.prim != "":
		return "list of " + t.elem.prim + "s"
	case t.coll != "":
		return "list of objects"
	}
	return "object"
}

type schemaBlock struct {
	Attributes map[string]json.RawMessage `json:"attributes"`
	BlockTypes map[string]struct {
		NestingMode string      `json:"nesting_mode"`
		Block       schemaBlock `json:"block"`
	} `json:"block_types"`
	Names []string `json:"names"`
}

type schemaFile struct {
	Resources   map[string]schemaBlock `json:"resource_schemas"`
	DataSources map[string]schemaBlock `json:"data_source_schemas"`
}

// typeTable holds the object type of each resource type the reader reads,
// keyed by type ("aws_subnet") and, for a data source, "data." and the type.
// typeNames holds every attribute and block name of those types.
type typeTable struct {
	types map[string]*tfType
	names map[string][]string
}

var schemas = sync.OnceValue(func() typeTable {
	var f schemaFile
	if err := json.Unmarshal(providerSchema, &f); err != nil {
		panic("tfplan: embedded provider schema: " + err.Error())
	}
	tt := typeTable{types: map[string]*tfType{}, names: map[string][]string{}}
	for prefix, blocks := range map[string]map[string]schemaBlock{"": f.Resources, "data.": f.DataSources} {
		for name, b := range blocks {
			tt.types[prefix+name] = blockType(b)
			tt.names[prefix+name] = b.Names
		}
	}
	return tt
})

// blockType turns a schema block into an object type: a nested block with
// nesting mode list or set is a list of objects, single or group an object,
// map a map of objects.
func blockType(b schemaBlock) *tfType {
	t := &tfType{attrs: map[string]*tfType{}}
	for name, raw := range b.Attributes {
		var v any
		if err := json.Unmarshal(raw, &v); err != nil {
			panic("tfplan: embedded provider schema: " + err.Error())
		}
		t.attrs[name] = attrType(v)
	}
	for name, bt := range b.BlockTypes {
		obj := blockType(bt.Block)
		switch bt.NestingMode {
		case "list", "set":
			t.attrs[name] = &tfType{coll: "list", elem: obj}
		case "map":
			t.attrs[name] = &tfType{coll: "map", elem: obj}
		default:
			t.attrs[name] = obj
		}
	}
	t.names = slices.Sorted(maps.Keys(t.attrs))
	return t
}

// attrType reads a type in the notation of `terraform providers schema
// -json`: "string", ["list", "string"], ["object", {"a": "string"}]. A
// dynamic or tuple type is nil: any value.
func attrType(v any) *tfType {
	switch x := v.(type) {
	case string:
		if x == "string" || x == "number" || x == "bool" {
			return &tfType{prim: x}
		}
	case []any:
		if len(x) != 2 {
			return nil
		}
		switch k, _ := x[0].(string); k {
		case "list", "set", "map":
			if e := attrType(x[1]); e != nil {
				return &tfType{coll: k, elem: e}
			}
		case "object":
			m, _ := x[1].(map[string]any)
			t := &tfType{attrs: map[string]*tfType{}}
			for name, a := range m {
				t.attrs[name] = attrType(a)
			}
			t.names = slices.Sorted(maps.Keys(t.attrs))
			return t
		}
	}
	return nil
}

// jsonKind names the JSON type of a decoded value.
func jsonKind(v any) string {
	switch v.(type) {
	case string:
		return "string"
	case float64, json.Number:
		return "number"
	case bool:
		return "bool"
	case []any:
		return "list"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}

// attrTypeError is a value whose JSON type is not the provider's.
type attrTypeError struct {
	path      []any // attribute path: "network_configuration", 0, "subnets"
	unknown   bool  // the after_unknown mark is wrong, not the value
	want, got string
}

// checkValue returns the first value under v (in attribute order) whose
// type is not t. A null value, a value the plan marks unknown after apply
// (unk is true) and a sensitive value are not checked: the reader treats
// them as unknown or absent whatever they hold.
func checkValue(v, unk any, t *tfType) *attrTypeError {
	switch unk.(type) {
	case nil, bool, []any, map[string]any:
	default:
		// Terraform CLI docs "JSON Output Format": after_unknown has the
		// shape of after, with true where a value is unknown.
		return &attrTypeError{unknown: true, want: "true, a list or an object", got: jsonKind(unk)}
	}
	if t == nil || v == nil {
		return nil
	}
	if b, _ := unk.(bool); b {
		return nil
	}
	if _, ok := v.(sensitiveValue); ok {
		return nil
	}
	bad := func() *attrTypeError {
		return &attrTypeError{want: t.want(), got: jsonKind(v)}
	}
	switch {
	case t.prim != "":
		if jsonKind(v) != t.prim {
			return bad()
		}
	case t.coll == "map":
		m, ok := v.(map[string]any)
		if !ok {
			return bad()
		}
		um, _ := unk.(map[string]any)
		for _, k := range slices.Sorted(maps.Keys(m)) {
			if e := checkValue(m[k], um[k], t.elem); e != nil {
				return e.in(mapKey(k))
			}
		}
	case t.coll != "":
		l, ok := v.([]any)
		if !ok {
			return bad()
		}
		ul, _ := unk.([]any)
		for i, e := range l {
			var u any
			if i < len(ul) {
				u = ul[i]
			}
			if e := checkValue(e, u, t.elem); e != nil {
				return e.in(i)
			}
		}
	default:
		m, ok := v.(map[string]any)
		if !ok {
			return bad()
		}
		um, _ := unk.(map[string]any)
		for _, k := range t.names {
			if e := checkValue(m[k], um[k], t.attrs[k]); e != nil {
				return e.in(k)
			}
		}
	}
	return nil
}

// in puts step in front of the error's path, as checkValue returns from
// the value the step leads to; the path is built only for an error.
func (e *attrTypeError) in(step any) *attrTypeError {
	e.path = append([]any{step}, e.path...)
	return e
}

// mapKey is a map element's key in an attribute path.
type mapKey string

// attrPath writes an attribute path as Terraform writes one:
// network_configuration[0].subnets, tags["Name"].
func attrPath(path []any) string {
	var b strings.Builder
	for i, p := range path {
		switch k := p.(type) {
		case string:
			if i > 0 {
				b.WriteByte('.')
			}
			b.WriteString(k)
		case int:
			b.WriteString("[" + strconv.Itoa(k) + "]")
		case mapKey:
			b.WriteString("[" + source.Quote(string(k)) + "]")
		}
	}
	return b.String()
}

// schemaKey is the key of in's type in the schema table.
func schemaKey(data bool, typ string) string {
	if data {
		return "data." + typ
	}
	return typ
}

// checkTypes checks the attributes the reader reads of one instance's
// values against the provider's types. A wrong type is bad input: reading
// it as absent would decide on a value the plan does not hold (a
// cidr_block of 12345 read as no CIDR block). Types the reader does not
// read have no entry and are not checked.
func (r *reader) checkTypes(addr string, data bool, typ string, vals map[string]any, unk any) error {
	t := schemas().types[schemaKey(data, typ)]
	if t == nil {
		return nil
	}
	if e := checkValue(vals, unk, t); e != nil {
		return r.attrError(addr, e)
	}
	return nil
}

// attrError is the InputError for a wrong-typed attribute: "aws_subnet.a:
// attribute "cidr_block": want string, got number".
func (r *reader) attrError(addr string, e *attrTypeError) error {
	what := "attribute"
	if e.unknown {
		what = "after_unknown of attribute"
	}
	return &source.InputError{Kind: "plan", File: r.file, Path: addr,
		Err: source.Errorf("%s %q: want %s, got %s", what, attrPath(e.path), e.want, e.got)}
}
