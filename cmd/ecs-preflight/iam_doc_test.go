package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// docs/iam-simulation.md's example document (the first json block, under
// "Format") runs as written with each command of the sh block before it,
// saved as request.json, and reaches the decision it expects.
func TestIAMDocExample(t *testing.T) {
	blocks := mdBlocks(t, filepath.Join(repoRoot, "docs", "iam-simulation.md"))
	var sh, doc *mdBlock
	for i := range blocks {
		switch {
		case blocks[i].lang == "sh" && sh == nil:
			sh = &blocks[i]
		case blocks[i].lang == "json" && doc == nil:
			doc = &blocks[i]
		}
	}
	if sh == nil || doc == nil || !strings.Contains(sh.notRun, "TestIAMDocExample") {
		t.Fatal("docs/iam-simulation.md has no sh block marked for TestIAMDocExample followed by a json example document")
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "request.json"), []byte(doc.body), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(strings.TrimSpace(sh.body), "\n") {
		c, err := parseCommand(line)
		if err != nil {
			t.Fatalf("%q: %v", line, err)
		}
		c.dir = dir
		t.Run(c.text, func(t *testing.T) {
			code, out, errOut := runDoc(t, c)
			if code != exitPass {
				t.Fatalf("exit %d, want 0 (the document expects allow): %s%s", code, out, errOut)
			}
			want := "expect allow: matched"
			if strings.Contains(c.text, "json") && strings.Contains(c.text, "--format") {
				want = `"decision": "allow"`
			}
			if !strings.Contains(out, want) {
				t.Fatalf("output has no %q:\n%s", want, out)
			}
		})
	}
}

// With "expect", the text output says whether the decision matched it; a
// mismatch exits 1 (docs/iam-simulation.md "Output").
func TestIAMExpectLine(t *testing.T) {
	doc := `{"principal": {"arn": "arn:aws:iam::111122223333:role/r"}, "action": "s3:GetObject", "resource": "*",
 "policies": {"identity": [{"name": "p", "document": {"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}}]}, "expect": "%s"}`
	cases := []struct {
		name, expect string
		code         int
		line         string
	}{
		{"matched", "allow", exitPass, "  expect allow: matched"},
		{"not matched", "implicit-deny", exitFail, "  expect implicit-deny: NOT matched (the decision is allow)"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "r.json")
			if err := os.WriteFile(path, []byte(strings.Replace(doc, "%s", tc.expect, 1)), 0o644); err != nil {
				t.Fatal(err)
			}
			code, out, errOut := runCLI(t, "iam", path)
			if code != tc.code || !strings.Contains(out, tc.line+"\n") {
				t.Fatalf("exit %d (want %d), output %q (want the line %q); %s", code, tc.code, out, tc.line, errOut)
			}
		})
	}
}

// Errors of the iam command name the line and column of the value their
// JSON path names, inside a policy given as an object too.
func TestIAMErrorsHaveLineAndColumn(t *testing.T) {
	cases := []struct {
		name, doc, want string
	}{
		{"missing field: the enclosing object", `{"principal": {"arn": "arn:aws:iam::1:role/r"}, "resource": "*"}`,
			`line 1, column 1: $.action: is required`},
		{"unknown field of the document", "{\n  \"principal\": {\"servce\": \"ecs-tasks.amazonaws.com\"}}",
			`line 2, column 27: $.principal.servce: unknown field`},
		{"a typo inside a policy object", "{\"principal\": {\"arn\": \"arn:aws:iam::1:role/r\"}, \"action\": \"s3:GetObject\", \"resource\": \"*\",\n \"policies\": {\"identity\": [\n  {\"name\": \"p\", \"document\": {\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:*\", \"Resource\": \"*\",\n   \"Condtion\": {}}]}}]}}",
			`line 4, column 16: $.policies.identity[0]: policy "p": $.Statement[0].Condtion: unknown element`},
		{"a policy given as a string: where the string starts", "{\"principal\": {\"arn\": \"arn:aws:iam::1:role/r\"}, \"action\": \"s3:GetObject\", \"resource\": \"*\",\n \"policies\": {\"boundary\": {\"name\": \"b\",\n  \"document\": \"{}\"}}}",
			`line 3, column 15: $.policies.boundary: policy "b": missing "Statement"`},
		{"a bad expect value", "{\"principal\": {\"arn\": \"arn:aws:iam::1:role/r\"}, \"action\": \"s3:GetObject\", \"resource\": \"*\",\n\"expect\": \"alow\"}",
			`line 2, column 11: $.expect: want allow`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "r.json")
			if err := os.WriteFile(path, []byte(tc.doc), 0o644); err != nil {
				t.Fatal(err)
			}
			code, _, errOut := runCLI(t, "iam", path)
			if code != exitInput || !strings.Contains(errOut, tc.want) {
				t.Fatalf("exit %d, stderr %q; want exit 2 with %q", code, errOut, tc.want)
			}
		})
	}
}
