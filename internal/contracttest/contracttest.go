// Package contracttest compiles an output contract (a JSON Schema, such as
// report/json.Schema) for tests that validate rendered output against it.
// It is a test helper: nothing outside tests imports it. It takes the
// schema's bytes so that report/json's own tests can use it without an
// import cycle.
package contracttest

import (
	"bytes"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// Compile returns the compiled schema, failing t when it does not compile.
func Compile(t testing.TB, schema []byte) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(schema))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("file:///check-output.schema.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("file:///check-output.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	return s
}
