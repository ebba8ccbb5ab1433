package awstest

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"maps"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"
)

// The snapshot holds responses as the AWS CLI prints them; the wire differs in
// three ways, each decided by the SDK's Go type of the field (the SDK output
// structs are the schema here):
//   - timestamps: the CLI prints ISO 8601 text; the JSON protocols send epoch
//     seconds (Smithy "awsJson1_1 protocol": timestamps default to
//     epoch-seconds) and the XML protocols ISO 8601 date-time;
//   - documents the CLI decodes (IAM policies print as JSON objects) are
//     strings on the wire, and URL-encoded in IAM responses (IAM API reference
//     "GetRolePolicy": "The policy document returned in this structure is
//     URL-encoded compliant with RFC 3986");
//   - element names of the XML protocols (EC2 renames, list members).

var timeType = reflect.TypeFor[time.Time]()

// fieldCache maps a struct type to its exported fields by lower-cased name.
var fieldCache sync.Map // reflect.Type -> map[string]reflect.StructField

// fieldOf returns t's field whose name equals key ignoring case, as the SDK's
// deserializers match member names.
func fieldOf(t reflect.Type, key string) (reflect.StructField, bool) {
	m, ok := fieldCache.Load(t)
	if !ok {
		fields := map[string]reflect.StructField{}
		for i := range t.NumField() {
			if f := t.Field(i); f.IsExported() {
				fields[strings.ToLower(f.Name)] = f
			}
		}
		m, _ = fieldCache.LoadOrStore(t, fields)
	}
	f, ok := m.(map[string]reflect.StructField)[strings.ToLower(key)]
	return f, ok
}

func deref(t reflect.Type) reflect.Type {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t
}

// parseTime reads the timestamp texts the AWS CLI prints.
func parseTime(s string) (time.Time, bool) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999Z0700", "2006-01-02T15:04:05.999999999", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// compact returns v as compact JSON text: a document the CLI printed decoded.
func compact(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// jsonWire converts v, a value of Go type t in the CLI's JSON, to the JSON
// protocols' wire form. Keys without a Go field pass through unchanged.
func jsonWire(v any, t reflect.Type) any {
	t = deref(t)
	switch x := v.(type) {
	case map[string]any:
		switch t.Kind() {
		case reflect.Struct:
			if t == timeType {
				return v
			}
			out := make(map[string]any, len(x))
			for k, e := range x {
				if f, ok := fieldOf(t, k); ok {
					out[k] = jsonWire(e, f.Type)
				} else {
					out[k] = e
				}
			}
			return out
		case reflect.Map:
			out := make(map[string]any, len(x))
			for k, e := range x {
				out[k] = jsonWire(e, t.Elem())
			}
			return out
		case reflect.String:
			return compact(x)
		}
		return v
	case []any:
		if t.Kind() != reflect.Slice {
			return v
		}
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = jsonWire(e, t.Elem())
		}
		return out
	case string:
		if t == timeType {
			if tm, ok := parseTime(x); ok {
				return json.Number(epoch(tm))
			}
		}
		return v
	}
	return v
}

// epoch formats t as epoch seconds with milliseconds, as AWS sends them.
func epoch(t time.Time) string {
	return strconv.FormatFloat(float64(t.UnixMilli())/1000, 'f', -1, 64)
}

// xmlStyle names the elements of one XML protocol.
type xmlStyle struct {
	// name is the element of field f of struct type t.
	name func(t reflect.Type, f reflect.StructField) string
	// member is the element of a list item of element type elem.
	member func(elem reflect.Type) string
	// urlEncodeDocs URL-encodes policy documents (IAM).
	urlEncodeDocs bool
}

var (
	// queryStyle is the AWS query protocol (IAM, STS): member names as
	// modelled, lists of <member> (Smithy "AWS query protocol").
	queryStyle = &xmlStyle{
		name:   func(_ reflect.Type, f reflect.StructField) string { return f.Name },
		member: func(reflect.Type) string { return "member" },
	}
	// iamStyle is queryStyle with IAM's URL-encoded policy documents.
	iamStyle = &xmlStyle{name: queryStyle.name, member: queryStyle.member, urlEncodeDocs: true}
	// ec2Style is the EC2 query protocol: lowerCamel names with the
	// locationName renames of ec2Renames, lists of <item> (Smithy "EC2
	// query protocol").
	ec2Style = &xmlStyle{
		name: func(t reflect.Type, f reflect.StructField) string {
			if n, ok := ec2Renames[t.Name()+"."+f.Name]; ok {
				return n
			}
			r, size := utf8.DecodeRuneInString(f.Name)
			return string(unicode.ToLower(r)) + f.Name[size:]
		},
		member: func(reflect.Type) string { return "item" },
	}
	// restXMLStyle is REST-XML as Route 53 models it: member names as
	// modelled, list items named after their shape.
	restXMLStyle = &xmlStyle{
		name:   func(_ reflect.Type, f reflect.StructField) string { return f.Name },
		member: func(elem reflect.Type) string { return deref(elem).Name() },
	}
)

// policyFields are IAM's URL-encoded policy document members.
var policyFields = map[string]bool{"AssumeRolePolicyDocument": true, "Document": true, "PolicyDocument": true}

// writeXMLFields writes the members of m, a struct of Go type t, sorted by
// name so that output is deterministic.
func (st *xmlStyle) writeXMLFields(b *bytes.Buffer, m map[string]any, t reflect.Type) {
	t = deref(t)
	for _, k := range slices.Sorted(maps.Keys(m)) {
		f, ok := fieldOf(t, k)
		if !ok || m[k] == nil {
			continue // unknown to the SDK: the client would skip it
		}
		st.writeXML(b, st.name(t, f), m[k], f.Type, st.urlEncodeDocs && policyFields[f.Name])
	}
}

// writeXML writes v, of Go type t, as element name.
func (st *xmlStyle) writeXML(b *bytes.Buffer, name string, v any, t reflect.Type, urlEncode bool) {
	t = deref(t)
	switch x := v.(type) {
	case map[string]any:
		switch t.Kind() {
		case reflect.Struct:
			if t == timeType {
				return
			}
			b.WriteString("<" + name + ">")
			st.writeXMLFields(b, x, t)
			b.WriteString("</" + name + ">")
			return
		case reflect.Map:
			b.WriteString("<" + name + ">")
			for _, k := range slices.Sorted(maps.Keys(x)) {
				b.WriteString("<entry><key>")
				xmlText(b, k)
				b.WriteString("</key>")
				st.writeXML(b, "value", x[k], t.Elem(), false)
				b.WriteString("</entry>")
			}
			b.WriteString("</" + name + ">")
			return
		case reflect.String:
			st.writeScalar(b, name, compact(x), urlEncode)
			return
		}
	case []any:
		if t.Kind() != reflect.Slice {
			return
		}
		b.WriteString("<" + name + ">")
		for _, e := range x {
			st.writeXML(b, st.member(t.Elem()), e, t.Elem(), false)
		}
		b.WriteString("</" + name + ">")
		return
	case string:
		if t == timeType {
			if tm, ok := parseTime(x); ok {
				x = tm.UTC().Format("2006-01-02T15:04:05.000Z")
			}
		}
		st.writeScalar(b, name, x, urlEncode)
		return
	case json.Number:
		if t == timeType {
			if f, err := x.Float64(); err == nil {
				st.writeScalar(b, name, time.UnixMilli(int64(f*1000)).UTC().Format("2006-01-02T15:04:05.000Z"), false)
			}
			return
		}
		st.writeScalar(b, name, x.String(), false)
	case bool:
		if x {
			st.writeScalar(b, name, "true", false)
		} else {
			st.writeScalar(b, name, "false", false)
		}
	}
}

func (st *xmlStyle) writeScalar(b *bytes.Buffer, name, text string, urlEncode bool) {
	if urlEncode && strings.HasPrefix(strings.TrimSpace(text), "{") {
		text = strings.ReplaceAll(url.QueryEscape(text), "+", "%20")
	}
	b.WriteString("<" + name + ">")
	xmlText(b, text)
	b.WriteString("</" + name + ">")
}

func xmlText(b *bytes.Buffer, s string) {
	_ = xml.EscapeText(b, []byte(s))
}
