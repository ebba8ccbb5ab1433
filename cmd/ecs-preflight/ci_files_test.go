package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// actionStep is a step of a composite action.
type actionStep struct {
	ID   string            `yaml:"id"`
	Name string            `yaml:"name"`
	If   string            `yaml:"if"`
	Uses string            `yaml:"uses"`
	Run  string            `yaml:"run"`
	With map[string]string `yaml:"with"`
	Env  map[string]string `yaml:"env"`
}

// action.yml is a composite action that installs the tool with go install
// at its version input, runs check with the inputs (through env, so an
// input cannot inject shell), uploads SARIF only for format sarif, and
// fails by the exit code. Its check and verdict scripts run against an
// example with the built binary as the installed one.
func TestActionYAML(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(repoRoot, "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var a struct {
		Name   string `yaml:"name"`
		Inputs map[string]struct {
			Default  string `yaml:"default"`
			Required bool   `yaml:"required"`
		} `yaml:"inputs"`
		Runs struct {
			Using string       `yaml:"using"`
			Steps []actionStep `yaml:"steps"`
		} `yaml:"runs"`
	}
	if err := yaml.Unmarshal(data, &a); err != nil {
		t.Fatal(err)
	}
	if a.Runs.Using != "composite" {
		t.Fatalf("runs.using %q, want composite", a.Runs.Using)
	}
	for _, in := range []string{"version", "args", "format", "output", "upload-sarif", "fail-on", "go-version"} {
		if _, ok := a.Inputs[in]; !ok {
			t.Errorf("no input %q", in)
		}
	}
	step := func(pred func(actionStep) bool) *actionStep {
		for i := range a.Runs.Steps {
			if pred(a.Runs.Steps[i]) {
				return &a.Runs.Steps[i]
			}
		}
		return nil
	}
	if step(func(s actionStep) bool { return strings.HasPrefix(s.Uses, "actions/setup-go@") }) == nil {
		t.Error("no actions/setup-go step")
	}
	install := step(func(s actionStep) bool { return strings.Contains(s.Run, "go install") })
	if install == nil || !strings.Contains(install.Run, "github.com/ecs-preflight/ecs-preflight/cmd/ecs-preflight@${VERSION}") || install.Env["VERSION"] != "${{ inputs.version }}" {
		t.Errorf("the install step does not go install the module at the version input: %+v", install)
	}
	upload := step(func(s actionStep) bool { return strings.HasPrefix(s.Uses, "github/codeql-action/upload-sarif@") })
	if upload == nil || !strings.Contains(upload.If, "inputs.format == 'sarif'") {
		t.Errorf("no SARIF upload conditioned on format sarif: %+v", upload)
	}
	for _, s := range a.Runs.Steps {
		if strings.Contains(s.Run, "${{") {
			t.Errorf("step %q interpolates an expression into its script; pass it through env", s.Name)
		}
	}
	check := step(func(s actionStep) bool { return s.ID == "check" })
	verdict := step(func(s actionStep) bool { return s.Name == "Verdict" })
	if check == nil || verdict == nil {
		t.Fatal("no check step (id check) or Verdict step")
	}
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash to run the action's scripts")
	}
	bin := builtBinary(t)
	cases := []struct {
		name, args, format, failOn string
		code, stepCode             int
		report                     string
	}{
		{"a failing example fails the step", "--example missing-s3-gateway", "text", "fail", 1, 1, ""},
		{"unknown passes with fail-on fail", "--example unknown-imported-vpc", "json", "fail", 3, 0, ""},
		{"unknown fails with fail-on unknown", "--example unknown-imported-vpc", "text", "unknown", 3, 3, ""},
		{"never", "--example missing-s3-gateway", "text", "never", 1, 0, ""},
		{"a report file", "--example nat-gateway", "json", "fail", 0, 0, "report.json"},
		{"an input error fails the step", "--example no-such-example", "text", "fail", 2, 2, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			ghOut := filepath.Join(dir, "github_output")
			env := append(os.Environ(), "PATH="+filepath.Dir(bin)+string(os.PathListSeparator)+os.Getenv("PATH"),
				"GITHUB_OUTPUT="+ghOut, "ARGS="+tc.args, "FORMAT="+tc.format, "OUTPUT="+tc.report, "NO_COLOR=1")
			cmd := exec.Command(bash, "-e", "-c", check.Run)
			cmd.Dir, cmd.Env = dir, env
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("the check step failed itself: %v\n%s", err, out)
			}
			outputs, err := os.ReadFile(ghOut)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(outputs), "exit-code="+strconv.Itoa(tc.code)+"\n") || !strings.Contains(string(outputs), "report="+tc.report+"\n") {
				t.Fatalf("GITHUB_OUTPUT %q, want exit-code=%d and report=%s", outputs, tc.code, tc.report)
			}
			if tc.report != "" {
				if _, err := os.Stat(filepath.Join(dir, tc.report)); err != nil {
					t.Fatalf("no report file: %v", err)
				}
			}
			cmd = exec.Command(bash, "-e", "-c", verdict.Run)
			cmd.Env = append(os.Environ(), "CODE="+strconv.Itoa(tc.code), "FAIL_ON="+tc.failOn)
			err = cmd.Run()
			code := 0
			if ee, ok := err.(*exec.ExitError); ok {
				code = ee.ExitCode()
			}
			if code != tc.stepCode {
				t.Fatalf("the Verdict step exits %d, want %d", code, tc.stepCode)
			}
		})
	}
}

// .pre-commit-hooks.yaml declares a golang hook whose entry is the
// installed command; the entry with an example's args exits as check
// does.
func TestPreCommitHooks(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(repoRoot, ".pre-commit-hooks.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var hooks []struct {
		ID            string `yaml:"id"`
		Name          string `yaml:"name"`
		Description   string `yaml:"description"`
		Entry         string `yaml:"entry"`
		Language      string `yaml:"language"`
		PassFilenames *bool  `yaml:"pass_filenames"`
		Files         string `yaml:"files"`
		RequireSerial bool   `yaml:"require_serial"`
	}
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	dec.KnownFields(true)
	if err := dec.Decode(&hooks); err != nil {
		t.Fatal(err)
	}
	if len(hooks) == 0 {
		t.Fatal("no hooks")
	}
	for _, h := range hooks {
		t.Run(h.ID, func(t *testing.T) {
			if h.ID == "" || h.Name == "" || h.Language != "golang" || h.PassFilenames == nil || *h.PassFilenames {
				t.Fatalf("hook %+v: want an id, a name, language golang and pass_filenames false (check takes its input from args)", h)
			}
			c, err := parseCommand(h.Entry + " --example missing-s3-gateway")
			if err != nil {
				t.Fatalf("entry %q: %v", h.Entry, err)
			}
			code, out, errOut := runDoc(t, c)
			if code != exitFail || !strings.Contains(out, "verdict: FAIL") {
				t.Fatalf("%s: exit %d, want 1 with a FAIL verdict: %s%s", c.text, code, out, errOut)
			}
		})
	}
}
