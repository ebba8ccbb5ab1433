package main

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/examples"
	"github.com/ecs-preflight/ecs-preflight/internal/contracttest"
	"github.com/ecs-preflight/ecs-preflight/iostreams"
	jsonreport "github.com/ecs-preflight/ecs-preflight/report/json"
	"github.com/ecs-preflight/ecs-preflight/taskstart"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	io, out, errOut := iostreams.Test()
	code = run(args, io)
	return code, out.String(), errOut.String()
}

func contractSchema(t *testing.T) *jsonschema.Schema {
	return contracttest.Compile(t, jsonreport.Schema)
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/ecs-preflight -update to create it)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs from the golden file; run go test ./cmd/ecs-preflight -update and review the diff.\ngot:\n%s", path, got)
	}
}

var wantExit = map[string]int{examples.Pass: exitPass, examples.Fail: exitFail, examples.Unknown: exitUnknown}

// Every embedded example gives its documented verdict, blames its
// documented step, validates against the output contract, and renders as
// its golden files say.
func TestExamples(t *testing.T) {
	schema := contractSchema(t)
	for _, ex := range examples.All() {
		t.Run(ex.Name, func(t *testing.T) {
			code, out, errOut := runCLI(t, "check", "--example", ex.Name, "--format", "json")
			if code != wantExit[ex.Expect.Verdict] {
				t.Fatalf("exit %d, want %d (verdict %s); stderr: %s\n%s", code, wantExit[ex.Expect.Verdict], ex.Expect.Verdict, errOut, out)
			}
			inst, err := jsonschema.UnmarshalJSON(strings.NewReader(out))
			if err != nil {
				t.Fatal(err)
			}
			if err := schema.Validate(inst); err != nil {
				t.Fatalf("output does not match the contract: %v", err)
			}
			var res taskstart.Result
			if err := json.Unmarshal([]byte(out), &res); err != nil {
				t.Fatal(err)
			}
			if string(res.Verdict) != ex.Expect.Verdict {
				t.Fatalf("verdict %s, want %s", res.Verdict, ex.Expect.Verdict)
			}
			if ex.Expect.Step != "" {
				st := firstNotOK(res)
				if st == nil || string(st.Step) != ex.Expect.Step || st.Container != ex.Expect.Container {
					t.Fatalf("first failing or unknown step is %+v, want %s in container %s", st, ex.Expect.Step, ex.Expect.Container)
				}
			}
			golden(t, ex.Name+".json", out)

			_, text, _ := runCLI(t, "check", "--example", ex.Name)
			golden(t, ex.Name+".txt", text)
		})
	}
}

func firstNotOK(res taskstart.Result) *taskstart.Step {
	// The step that decides the verdict: the first failing one when the
	// verdict is fail (an unknown step before it does not decide), else
	// the first unknown one. internal/scenario reads it the same way.
	want := taskstart.Unknown
	if res.Verdict == taskstart.VerdictFail {
		want = taskstart.Fail
	}
	for i := range res.Tasks {
		for j := range res.Tasks[i].Steps {
			st := &res.Tasks[i].Steps[j]
			if st.Status == want {
				return st
			}
		}
	}
	return nil
}

func TestUsageAndInputErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte("{\n  \"ecs\": {\n    \"DescribeServices\": [}\n}"), 0o644); err != nil {
		t.Fatal(err)
	}
	empty := filepath.Join(dir, "empty.json")
	if err := os.WriteFile(empty, []byte(`{"region":"us-east-1","accountId":"111122223333"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"no input", []string{"check"}, exitInput, "exactly one input"},
		{"two inputs", []string{"check", "--example", "public-subnet", "--snapshot", "x.json"}, exitInput, "exactly one input"},
		{"unknown example", []string{"check", "--example", "nope"}, exitInput, `unknown example "nope"`},
		{"unknown format", []string{"check", "--example", "public-subnet", "--format", "xml"}, exitInput, `unknown format "xml"`},
		{"unknown flag", []string{"check", "--frobnicate"}, exitInput, "unknown flag"},
		{"missing file", []string{"check", "--snapshot", filepath.Join(dir, "missing.json")}, exitInput, "missing.json"},
		{"malformed snapshot names file and line", []string{"check", "--snapshot", bad}, exitInput, "line 3"},
		{"nothing to check with --require-tasks", []string{"check", "--snapshot", empty, "--require-tasks"}, exitInput, "no ECS task definitions"},
		{"service not in input", []string{"check", "--example", "public-subnet", "--service", "nope"}, exitInput, `service "nope" is not in the input`},
		{"stray argument", []string{"check", "--example", "public-subnet", "extra"}, exitInput, "unknown command"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errOut := runCLI(t, tc.args...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d; stderr: %s", code, tc.code, errOut)
			}
			if !strings.Contains(errOut, tc.stderr) {
				t.Fatalf("stderr %q does not contain %q", errOut, tc.stderr)
			}
		})
	}
}

func TestVersion(t *testing.T) {
	code, out, _ := runCLI(t, "version")
	if code != 0 || !strings.HasPrefix(out, "ecs-preflight ") {
		t.Fatalf("version: exit %d, output %q", code, out)
	}
}

// --verbose shows evidence; the default text hides it.
func TestVerboseShowsEvidence(t *testing.T) {
	_, plain, _ := runCLI(t, "check", "--example", "nat-gateway")
	_, verbose, _ := runCLI(t, "check", "--example", "nat-gateway", "-v")
	if strings.Contains(plain, "evidence:") || !strings.Contains(verbose, "evidence:") {
		t.Fatalf("evidence lines: plain has them=%v, verbose has them=%v", strings.Contains(plain, "evidence:"), strings.Contains(verbose, "evidence:"))
	}
	if strings.Contains(verbose, "\x1b[") {
		t.Fatal("colour escapes in output that is not a terminal")
	}
}

func TestSelectServiceAndTaskDefinition(t *testing.T) {
	code, out, errOut := runCLI(t, "check", "--example", "nat-gateway", "--service", "worker", "--format", "json")
	if code != exitPass {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var res taskstart.Result
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	if len(res.Tasks) != 1 || res.Tasks[0].Service != "worker" {
		t.Fatalf("selected %+v", res.Tasks)
	}
}

func TestIAMCommand(t *testing.T) {
	sim := filepath.Join("..", "..", "iam", "simulation", "testdata")
	cases := []struct {
		name string
		args []string
		code int
		out  string
	}{
		{"expected decision exits 0", []string{"iam", filepath.Join(sim, "ecr-token-denied.json")}, exitPass, "because no identity-based policy allows the ecr:GetAuthorizationToken action"},
		{"cross-account allow lists both layers", []string{"iam", "--format", "json", filepath.Join(sim, "cross-account-pull.json")}, exitPass, `"layer": "resource-based policy"`},
		{"a known SCP denies beside an unresolved policy, with a note", []string{"iam", filepath.Join(sim, "scp-denies-beside-unresolved.json")}, exitPass, "note: denied whatever these hold"},
		{"the note is in the JSON form too", []string{"iam", "--format", "json", filepath.Join(sim, "scp-denies-beside-unresolved.json")}, exitPass, `"note": "denied whatever these hold`},
		{"missing file", []string{"iam", "nope.json"}, exitInput, ""},
		{"two files", []string{"iam", "a.json", "b.json"}, exitInput, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := runCLI(t, tc.args...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d; stdout %s stderr %s", code, tc.code, out, errOut)
			}
			if !strings.Contains(out, tc.out) {
				t.Fatalf("output %q does not contain %q", out, tc.out)
			}
		})
	}
	// Without "expect", the exit code is the decision.
	io, out, _ := iostreams.Test()
	io.In = strings.NewReader(`{"principal": {"service": "ecs-tasks.amazonaws.com"}, "action": "sts:AssumeRole", "resource": "arn:aws:iam::111122223333:role/r",
		"policies": {"resource": {"name": "trust", "document": {"Statement": [{"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole"}]}}, "resourceRequired": true}}`)
	if code := run([]string{"iam", "-"}, io); code != exitPass || !strings.Contains(out.String(), ": allow") {
		t.Fatalf("stdin trust allow: exit %d, %s", code, out)
	}
}

// The README's first command names every example a user can run.
func TestREADMEListsExamples(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range examples.Names() {
		if !strings.Contains(string(readme), "`"+name+"`") {
			t.Errorf("README does not list example %q", name)
		}
	}
}
