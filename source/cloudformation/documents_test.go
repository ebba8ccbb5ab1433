package cloudformation

import (
	"errors"
	"strings"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/source"
)

// One file holds one template (CFN-UG "CloudFormation template format"): a
// second YAML document is an error at its line, not silently dropped.
func TestOneTemplatePerFile(t *testing.T) {
	const tpl = "Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.0.0.0/16\n"
	cases := []struct {
		name     string
		in       string
		wantLine int // 0: no error
		wantErr  string
	}{
		{"one document", tpl, 0, ""},
		{"leading document marker", "---\n" + tpl, 0, ""},
		{"end marker", tpl + "...\n", 0, ""},
		{"trailing empty document", tpl + "---\n", 0, ""},
		{"second template", tpl + "---\n" + tpl, 6, "one template per file"},
		{"second document after an empty one", tpl + "---\n---\nResources: {}\n", 7, "one template per file"},
		{"malformed second document", tpl + "---\nResources: [\n", 7, "did not find expected node content"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Read("stack.yaml", []byte(tc.in))
			if tc.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			var ie *source.InputError
			if !errors.As(err, &ie) || ie.File != "stack.yaml" || ie.Line != tc.wantLine || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("got %v, want an error in stack.yaml at line %d containing %q", err, tc.wantLine, tc.wantErr)
			}
		})
	}
}
