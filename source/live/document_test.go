package live

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/ecs-preflight/ecs-preflight/examples"
	"github.com/ecs-preflight/ecs-preflight/source/snapshot"
)

// addedRequestFields are the request parameters docs/snapshot.md adds beside
// a response ("added request field"); the SDK output has no such member.
var addedRequestFields = map[string]bool{"RoleName": true, "PolicyArn": true, "KeyId": true, "Bucket": true, "PrefixListId": true, "SecretKeys": true}

// TestWriterRoundTrip decodes every response of every embedded example into
// the SDK output struct of its operation, writes it back with the
// document's converter, and checks that every field the example has comes
// back with the same name and value (docs/snapshot.md: field names are
// matched as the API spells them).
func TestWriterRoundTrip(t *testing.T) {
	for _, ex := range examples.All() {
		t.Run(ex.Name, func(t *testing.T) {
			var doc map[string]any
			if err := json.Unmarshal(ex.Data, &doc); err != nil {
				t.Fatal(err)
			}
			for _, section := range sectionOrder {
				ops, _ := doc[section].(map[string]any)
				for op, v := range ops {
					typ, ok := outputTypes[section+"."+op]
					if !ok {
						continue // not written by the live reader (SecretKeys)
					}
					entries, isArr := v.([]any)
					if !isArr {
						entries = []any{v}
					}
					for i, e := range entries {
						raw, _ := json.Marshal(wireDocuments(e))
						out := reflect.New(typ)
						if err := json.Unmarshal(raw, out.Interface()); err != nil {
							t.Errorf("%s.%s[%d]: into %s: %v", section, op, i, typ, err)
							continue
						}
						got := toJSON(out, camelSections[section])
						compareFields(t, section+"."+op, e, got, true)
					}
				}
			}
		})
	}
}

// compareFields checks that every field of want is in got with the same
// value; got may have more (members the SDK keeps that the example omits).
func compareFields(t *testing.T, path string, want, got any, top bool) {
	t.Helper()
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			t.Errorf("%s: got %T, want object", path, got)
			return
		}
		for k, wv := range w {
			if top && addedRequestFields[k] {
				continue
			}
			gv, ok := g[k]
			if !ok {
				if wv == nil || isEmptyPolicyDoc(k, wv) {
					continue
				}
				t.Errorf("%s.%s: missing in the written document", path, k)
				continue
			}
			if _, isText := gv.(string); isText && isDocumentField(k) {
				continue // an object in the CLI's output, a string on the wire: compared by the reader test
			}
			compareFields(t, path+"."+k, wv, gv, false)
		}
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			t.Errorf("%s: got %v, want %d elements", path, got, len(w))
			return
		}
		for i := range w {
			compareFields(t, path, w[i], g[i], false)
		}
	case float64:
		var gf float64
		switch g := got.(type) {
		case int64:
			gf = float64(g)
		case uint64:
			gf = float64(g)
		case float64:
			gf = g
		}
		if gf != w {
			t.Errorf("%s: got %v, want %v", path, got, w)
		}
	case string:
		if g, ok := got.(string); !ok || g != w && !sameTime(g, w) {
			t.Errorf("%s: got %v, want %q", path, got, w)
		}
	default:
		if !reflect.DeepEqual(want, got) {
			t.Errorf("%s: got %v, want %v", path, got, want)
		}
	}
}

func isDocumentField(k string) bool {
	switch k {
	case "AssumeRolePolicyDocument", "PolicyDocument", "Document", "policyText", "ResourcePolicy", "Policy":
		return true
	}
	return false
}

func isEmptyPolicyDoc(k string, v any) bool { return isDocumentField(k) && v == "" }

// sameTime accepts the same instant written with another offset or
// precision.
func sameTime(a, b string) bool {
	ta, errA := time.Parse(time.RFC3339Nano, a)
	tb, errB := time.Parse(time.RFC3339Nano, b)
	return errA == nil && errB == nil && ta.Equal(tb)
}

// TestDocumentLoads writes a small document and reads it with the snapshot
// reader.
func TestDocumentLoads(t *testing.T) {
	d := NewDocument("aws", "eu-west-1", "123456789012")
	d.Touch("ecr", "GetRepositoryPolicy")
	b, err := d.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	w, err := snapshot.Read("aws:123456789012/eu-west-1", b)
	if err != nil {
		t.Fatalf("%v\n%s", err, b)
	}
	if w.Region != "eu-west-1" || w.AccountID != "123456789012" || !w.Repositories.Known {
		t.Errorf("world = region %q account %q repositories known %v", w.Region, w.AccountID, w.Repositories.Known)
	}
}

// wireDocuments replaces the policy documents the AWS CLI prints as objects
// by the JSON strings the wire carries.
func wireDocuments(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, e := range x {
			if m, obj := e.(map[string]any); obj && isDocumentField(k) && (m["Statement"] != nil || m["Version"] != nil) {
				b, _ := json.Marshal(e)
				out[k] = string(b)
				continue
			}
			out[k] = wireDocuments(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = wireDocuments(e)
		}
		return out
	}
	return v
}
