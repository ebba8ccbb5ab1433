package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestTemplateMap checks --template-map: a packaged parent template whose
// nested stacks have S3 TemplateURLs is read from a local folder and gives
// the verdict of the same application read from local paths; without the
// map the nested stacks are unknown, each naming its URL; a malformed map
// is a usage error.
func TestTemplateMap(t *testing.T) {
	schema := contractSchema(t)
	const (
		master = "../../source/cloudformation/testdata/stacks/remote/master.yaml"
		mapped = "https://s3.eu-west-1.amazonaws.com/orders-templates/=../../source/cloudformation/testdata/stacks/nested"
	)
	env := []string{"--region", "eu-west-1", "--account", "123456789012", "--format", "json"}
	for _, tc := range []struct {
		name    string
		args    []string
		code    int
		step    string
		missing string
	}{
		{"mapped, no S3 gateway endpoint", []string{"--template-map", mapped}, exitFail, "image-layers", ""},
		{"mapped, S3 gateway endpoint", []string{"--template-map", mapped, "--parameter", "S3GatewayEndpoint=true"}, exitPass, "", ""},
		{"not mapped", nil, exitUnknown, "task-definition", "https://s3.eu-west-1.amazonaws.com/orders-templates/services/orders-api/service.yaml is remote and not read"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := append(append([]string{"check", "--cloudformation", master}, env...), tc.args...)
			code, out, errOut := runCLI(t, args...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d\n%s%s", code, tc.code, errOut, out)
			}
			var doc any
			if err := json.Unmarshal([]byte(out), &doc); err != nil {
				t.Fatal(err)
			}
			if err := schema.Validate(doc); err != nil {
				t.Fatalf("output does not validate against the contract: %v", err)
			}
			if tc.step != "" && !strings.Contains(out, `"step": "`+tc.step+`",
          "status": "`) {
				t.Fatalf("no %s step in\n%s", tc.step, out)
			}
			if !strings.Contains(out, tc.missing) {
				t.Fatalf("output does not name %q\n%s", tc.missing, out)
			}
		})
	}
	for _, bad := range []string{"https://x/", "file:///x=dir", "https://x/="} {
		code, _, errOut := runCLI(t, "check", "--cloudformation", master, "--template-map", bad)
		if code != exitInput || !strings.Contains(errOut, "want PREFIX=DIR") {
			t.Errorf("--template-map %q: exit %d %q, want a usage error", bad, code, errOut)
		}
	}
	code, _, errOut := runCLI(t, "check", "--example", "public-subnet", "--template-map", mapped)
	if code != exitInput || !strings.Contains(errOut, "--template-map applies to --cloudformation only") {
		t.Errorf("--template-map with --example: exit %d %q", code, errOut)
	}
}
