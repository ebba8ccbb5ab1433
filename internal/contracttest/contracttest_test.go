package contracttest

import (
	"runtime"
	"strings"
	"testing"

	jsonreport "github.com/ecs-preflight/ecs-preflight/report/json"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// TestCompile: the embedded contract compiles, accepts a minimal result and
// rejects one without tasks.
func TestCompile(t *testing.T) {
	s := Compile(t, jsonreport.Schema)
	for doc, ok := range map[string]bool{
		`{"verdict": "pass", "tasks": []}`:  true,
		`{"verdict": "pass"}`:               false,
		`{"verdict": "maybe", "tasks": []}`: false,
	} {
		v, err := jsonschema.UnmarshalJSON(strings.NewReader(doc))
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Validate(v); (err == nil) != ok {
			t.Errorf("Validate(%s) = %v, want valid %v", doc, err, ok)
		}
	}
}

// fatalTB records Fatal and stops the goroutine, as testing.T does.
type fatalTB struct {
	testing.TB
	failed bool
}

func (f *fatalTB) Helper() {}
func (f *fatalTB) Fatal(args ...any) {
	f.failed = true
	runtime.Goexit()
}

// TestCompileFails: a schema that is not JSON, or not a schema, fails the
// test instead of returning nil.
func TestCompileFails(t *testing.T) {
	for _, schema := range []string{`{`, `{"type": 12}`} {
		f := &fatalTB{TB: t}
		done := make(chan struct{})
		go func() {
			defer close(done)
			Compile(f, []byte(schema))
		}()
		<-done
		if !f.failed {
			t.Errorf("Compile(%s) did not fail", schema)
		}
	}
}
