package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/examples"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// sarifSchema is the SARIF 2.1.0 schema vendored beside the renderer
// (report/sarif/testdata/README.md names its source).
func sarifSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "report", "sarif", "testdata", "sarif-schema-2.1.0.json"))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("file:///sarif.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("file:///sarif.json")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// formatInputs are the inputs every extra format is checked on: each
// embedded example, and a template and a plan, whose results have files.
func formatInputs() [][2]string {
	var in [][2]string
	for _, ex := range examples.All() {
		in = append(in, [2]string{ex.Name, "--example=" + ex.Name})
	}
	in = append(in,
		[2]string{"cfn-s3-gateway-wrong-route-table", "--cloudformation=../../source/cloudformation/testdata/scenarios/s3-gateway-wrong-route-table.yaml"},
		[2]string{"tf-sg-without-egress", "--terraform-plan=../../source/tfplan/testdata/scenarios/sg-without-egress.json"})
	return in
}

func inputArgs(flag string) []string {
	args := []string{"check", flag}
	if flag[2] != 'e' { // a template or plan: the examples' region and account
		args = append(args, "--region", "ap-northeast-1", "--account", "123456789012")
	}
	return args
}

// Every example's SARIF log validates against the SARIF 2.1.0 schema,
// keeps the exit code of the other formats, and is as its golden file.
func TestSARIFGolden(t *testing.T) {
	s := sarifSchema(t)
	for _, in := range formatInputs() {
		t.Run(in[0], func(t *testing.T) {
			wantCode, _, _ := runCLI(t, inputArgs(in[1])...)
			code, out, errOut := runCLI(t, append(inputArgs(in[1]), "--format", "sarif")...)
			if code != wantCode {
				t.Fatalf("exit %d, want %d as for text; stderr %s", code, wantCode, errOut)
			}
			inst, err := jsonschema.UnmarshalJSON(bytes.NewReader([]byte(out)))
			if err != nil {
				t.Fatal(err)
			}
			if err := s.Validate(inst); err != nil {
				t.Fatalf("invalid SARIF 2.1.0: %v", err)
			}
			golden(t, in[0]+".sarif", out)
		})
	}
}

// Every example's JUnit report validates against the vendored
// junit-10.xsd (report/junit/testdata/README.md) with xmllint, skipped
// only where xmllint is absent, and is as its golden file.
func TestJUnitGolden(t *testing.T) {
	xsd := filepath.Join("..", "..", "report", "junit", "testdata", "junit-10.xsd")
	_, lintErr := exec.LookPath("xmllint")
	for _, in := range formatInputs() {
		t.Run(in[0], func(t *testing.T) {
			wantCode, _, _ := runCLI(t, inputArgs(in[1])...)
			code, out, errOut := runCLI(t, append(inputArgs(in[1]), "--format", "junit")...)
			if code != wantCode {
				t.Fatalf("exit %d, want %d as for text; stderr %s", code, wantCode, errOut)
			}
			golden(t, in[0]+".junit.xml", out)
			if lintErr != nil {
				t.Skip("xmllint not installed (Debian: apt-get install libxml2-utils)")
			}
			f := filepath.Join(t.TempDir(), "report.xml")
			if err := os.WriteFile(f, []byte(out), 0o644); err != nil {
				t.Fatal(err)
			}
			if msg, err := exec.Command("xmllint", "--noout", "--nonet", "--schema", xsd, f).CombinedOutput(); err != nil {
				t.Fatalf("xmllint: %v\n%s", err, msg)
			}
		})
	}
}
