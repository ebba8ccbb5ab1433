package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Every file argument is read through the size cap of its reader, devices
// included: `iam /dev/zero` once read until the runtime died out of memory.
// The deadline is far above normal; the test asserts the command finishes.
func TestFileArgumentsCapped(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero:", err)
	}
	cases := []struct {
		name   string
		args   []string
		stderr string
	}{
		{"iam document", []string{"iam", "/dev/zero"}, `loading simulation "/dev/zero": larger than the 8388608 bytes`},
		{"cloudformation template", []string{"check", "--cloudformation", "/dev/zero"}, `loading template "/dev/zero": read /dev/zero: larger than the 16777216 bytes`},
		{"snapshot", []string{"check", "--snapshot", "/dev/zero"}, `loading snapshot "/dev/zero": larger than the 67108864 bytes`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			type result struct {
				code   int
				stderr string
			}
			done := make(chan result, 1)
			go func() {
				code, _, errOut := runCLI(t, tc.args...)
				done <- result{code, errOut}
			}()
			select {
			case r := <-done:
				if r.code != exitInput || !strings.Contains(r.stderr, tc.stderr) {
					t.Fatalf("exit %d stderr %q, want exit 2 and %q", r.code, r.stderr, tc.stderr)
				}
			case <-time.After(60 * time.Second):
				t.Fatalf("%v did not finish", tc.args)
			}
		})
	}
}

// A simulation document that is empty, truncated or has a misspelt field
// gets an error with the file name and the place.
func TestIAMDocumentErrorsHaveAPlace(t *testing.T) {
	dir := t.TempDir()
	cases := []struct{ name, doc, stderr string }{
		{"empty file", "", `loading simulation "DOC": empty document`},
		{"white space only", "  \n\t\n", `loading simulation "DOC": empty document`},
		{"truncated JSON: line and column of the end of input", "{\"action\": \"s3:GetObject\",\n \"resource\": ", `loading simulation "DOC": line 2, column 14: unexpected end of input`},
		{"unknown field: its JSON path", `{"action": "s3:GetObject", "resource": "*", "principal": {"servce": "x"}}`, `loading simulation "DOC": line 1, column 69: $.principal.servce: unknown field; did you mean "service"?`},
		{"unknown policy element: its JSON path", `{"action": "s3:GetObject", "resource": "*", "principal": {"service": "x"}, "policies": {"resource": {"name": "r", "document": {"Statement": [{"Effect": "Allow", "Action": "*"}, {"Effect": "Allow", "Action": "*", "Condtion": {}}]}}}}`, `line 1, column 225: $.policies.resource: policy "r": $.Statement[1].Condtion: unknown element; did you mean "Condition"?`},
	}
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := filepath.Join(dir, fmt.Sprintf("doc%d.json", i))
			if err := os.WriteFile(f, []byte(tc.doc), 0o600); err != nil {
				t.Fatal(err)
			}
			code, _, stderr := runCLI(t, "iam", f)
			want := strings.ReplaceAll(tc.stderr, "DOC", f)
			if code != exitInput || !strings.Contains(stderr, want) {
				t.Fatalf("exit %d stderr %q, want exit 2 and %q", code, stderr, want)
			}
		})
	}
}
