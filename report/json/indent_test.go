package json

import (
	"bytes"
	"context"
	stdjson "encoding/json"
	"testing"
	"time"

	"github.com/ecs-preflight/ecs-preflight/examples"
	"github.com/ecs-preflight/ecs-preflight/internal/gen"
	"github.com/ecs-preflight/ecs-preflight/internal/termsafe"
	"github.com/ecs-preflight/ecs-preflight/source/snapshot"
	"github.com/ecs-preflight/ecs-preflight/taskstart"
)

// stdIndent is what Render wrote before appendIndent: encoding/json's own
// indenting encoder, then termsafe.JSON.
func stdIndent(t *testing.T, v any) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := stdjson.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return termsafe.JSON(buf.Bytes())
}

// Render's indented output is byte for byte encoding/json's indented
// output on every embedded example and on a bulk snapshot.
func TestRenderEqualsEncodingJSON(t *testing.T) {
	docs := map[string][]byte{}
	for _, ex := range examples.All() {
		docs["example:"+ex.Name] = ex.Data
	}
	b, err := gen.BulkSnapshot(gen.DefaultConfig(60))
	if err != nil {
		t.Fatal(err)
	}
	docs["bulk-60"] = b
	ctx := context.Background()
	for name, doc := range docs {
		w, err := (&snapshot.Bytes{Name: name, Data: doc}).Load(ctx)
		if err != nil {
			t.Fatal(err)
		}
		res, err := taskstart.Simulate(ctx, w, taskstart.WithNow(time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)))
		if err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		if err := (&Renderer{}).Render(&got, res); err != nil {
			t.Fatal(err)
		}
		if want := stdIndent(t, res); !bytes.Equal(got.Bytes(), want) {
			t.Errorf("%s: Render differs from encoding/json's indented output", name)
		}
	}
}

func TestAppendIndent(t *testing.T) {
	for _, tc := range []struct{ name, in string }{
		{"empty object and array", `{"a":{},"b":[],"c":[{}]}`},
		{"punctuation in strings", `{"{[,:]}":"a,b:{c}[d]","q":"say \"hi\", {x}"}`},
		{"escaped backslash before a quote", `["a\\","b\\\\\"c",":"]`},
		{"scalars", `[1,-2.5e3,true,false,null,""]`},
		{"top-level scalar", `"x"`},
		{"nesting", `{"a":[[1,[2,{"b":[]}]],{"c":{"d":null}}]}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var want bytes.Buffer
			if err := stdjson.Indent(&want, []byte(tc.in), ">", "\t"); err != nil {
				t.Fatal(err)
			}
			if got := appendIndent(nil, []byte(tc.in), ">", "\t"); !bytes.Equal(got, want.Bytes()) {
				t.Errorf("appendIndent(%s) =\n%s\nwant\n%s", tc.in, got, want.Bytes())
			}
		})
	}
}

// FuzzAppendIndent: on any valid JSON, compacted as encoding/json marshals
// it, appendIndent writes the bytes json.Indent writes.
func FuzzAppendIndent(f *testing.F) {
	for _, s := range []string{`{}`, `[]`, `{"a":[1,{"b":"c\"}"}],"d":{}}`, `"\\\\"`, `[" ,:{}[]\u202e"]`, "{\"\u0085\":[null]}"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if !stdjson.Valid(b) {
			t.Skip()
		}
		var compact bytes.Buffer
		if err := stdjson.Compact(&compact, b); err != nil {
			t.Skip()
		}
		var want bytes.Buffer
		if err := stdjson.Indent(&want, compact.Bytes(), "    ", "  "); err != nil {
			t.Fatal(err)
		}
		if got := appendIndent(nil, compact.Bytes(), "    ", "  "); !bytes.Equal(got, want.Bytes()) {
			t.Fatalf("appendIndent(%q) = %q, want %q", compact.Bytes(), got, want.Bytes())
		}
	})
}
