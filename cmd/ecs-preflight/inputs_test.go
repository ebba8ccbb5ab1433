package main

import (
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/internal/scenario"
	"github.com/ecs-preflight/ecs-preflight/taskstart"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

func loadScenarios(t *testing.T, dir string) []scenario.Scenario {
	t.Helper()
	out, err := scenario.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

var verdictExit = map[string]int{"pass": exitPass, "fail": exitFail, "unknown": exitUnknown}

// Every CloudFormation and Terraform plan fixture, through the CLI: the
// documented verdict and blamed step, the output contract, and golden JSON
// (docs/testing.md "Golden files").
func TestTemplatesAndPlans(t *testing.T) {
	schema := contractSchema(t)
	inputs := []struct {
		flag, dir, prefix string
		defaults          []string
	}{
		// A template scenario gives --region and --account in its index
		// entry; without them the template pins its own or is unknown.
		{"--cloudformation", "../../source/cloudformation/testdata/scenarios", "cfn-", nil},
		{"--terraform-plan", "../../source/tfplan/testdata/scenarios", "tf-", nil},
	}
	for _, in := range inputs {
		for _, sc := range loadScenarios(t, in.dir) {
			t.Run(in.prefix+sc.Name, func(t *testing.T) {
				args := []string{"check", in.flag, filepath.Join(in.dir, sc.File), "--format", "json"}
				switch {
				case sc.Region != "" || sc.Account != "":
					args = append(args, "--region", sc.Region, "--account", sc.Account)
				default:
					args = append(args, in.defaults...)
				}
				keys := make([]string, 0, len(sc.Parameters))
				for k := range sc.Parameters {
					keys = append(keys, k)
				}
				sort.Strings(keys)
				for _, k := range keys {
					args = append(args, "--parameter", k+"="+sc.Parameters[k])
				}
				code, out, errOut := runCLI(t, args...)
				if code != verdictExit[sc.Verdict] {
					t.Fatalf("exit %d, want %d (%s); stderr: %s\n%s", code, verdictExit[sc.Verdict], sc.Verdict, errOut, out)
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
				if sc.Step != "" {
					st := firstNotOK(res)
					if st == nil || string(st.Step) != sc.Step || st.Container != sc.Container {
						t.Fatalf("first failing or unknown step %+v, want %s in container %q", st, sc.Step, sc.Container)
					}
				}
				golden(t, in.prefix+sc.Name+".json", out)
			})
		}
	}
}

func TestTemplateFlagsErrors(t *testing.T) {
	cases := []struct {
		name   string
		args   []string
		stderr string
	}{
		{"parameter without template", []string{"check", "--example", "public-subnet", "--parameter", "A=b"}, "--parameter applies to --cloudformation only"},
		{"parameter without =", []string{"check", "--cloudformation", "x.yaml", "--parameter", "A"}, "want KEY=VALUE"},
		{"region with snapshot only", []string{"check", "--snapshot", "x.json", "--region", "us-east-1"}, "--region and --account apply"},
		{"template and plan", []string{"check", "--cloudformation", "x.yaml", "--terraform-plan", "p.json"}, "exactly one input"},
		{"example with snapshot", []string{"check", "--example", "public-subnet", "--snapshot", "x.json"}, "exactly one input"},
		{"malformed template names file and line", []string{"check", "--cloudformation", "testdata/bad-template.yaml"}, `loading template "testdata/bad-template.yaml": line 4`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errOut := runCLI(t, tc.args...)
			if code != exitInput || !strings.Contains(errOut, tc.stderr) {
				t.Fatalf("exit %d stderr %q, want exit 2 and %q", code, errOut, tc.stderr)
			}
		})
	}
}

// A snapshot supplies what a template references but does not define.
func TestTemplateWithSnapshot(t *testing.T) {
	dir := "../../source/cloudformation/testdata/scenarios"
	code, out, errOut := runCLI(t, "check", "--cloudformation", filepath.Join(dir, "exec-role-parameter-default.yaml"),
		"--snapshot", "testdata/exec-role-snapshot.json", "--format", "json")
	if code != exitPass {
		t.Fatalf("exit %d; stderr %s\n%s", code, errOut, out)
	}
}

// Every input is loaded through its source.Source, which stops when the
// context is done, before reading anything.
func TestLoadThroughSources(t *testing.T) {
	cfn := "../../source/cloudformation/testdata/scenarios/exec-role-parameter-default.yaml"
	plan := "../../source/tfplan/testdata/scenarios/new-stack-nat.json"
	snap := "testdata/exec-role-snapshot.json"
	cases := []struct {
		name string
		opts CheckOptions
	}{
		{"example", CheckOptions{Example: "public-subnet"}},
		{"snapshot", CheckOptions{Snapshot: "../../source/snapshot/testdata/full.json"}},
		{"template", CheckOptions{CloudFormation: cfn}},
		{"template over snapshot", CheckOptions{CloudFormation: cfn, Snapshot: snap}},
		{"plan", CheckOptions{TerraformPlan: plan}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w, err := tc.opts.load(context.Background())
			if err != nil || w == nil || w.TaskDefinitions.Len() == 0 {
				t.Fatalf("load: world %v, err %v", w, err)
			}
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			if _, err := tc.opts.load(ctx); !errors.Is(err, context.Canceled) {
				t.Fatalf("load with a cancelled context: %v, want context.Canceled", err)
			}
		})
	}
}
