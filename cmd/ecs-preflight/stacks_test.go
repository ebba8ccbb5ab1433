package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/source/cdkassembly"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

const (
	assemblyDir = "../../source/cdkassembly/testdata/cdk.out"
	twinDir     = "../../source/cdkassembly/testdata/twin"
	scenarioDir = "../../source/cloudformation/testdata/scenarios"
)

// checkJSON runs check with --format json, validates the output against
// the contract and returns the exit code and the document.
func checkJSON(t *testing.T, args ...string) (int, map[string]any, string) {
	t.Helper()
	code, out, errOut := runCLI(t, append(append([]string{"check"}, args...), "--format", "json")...)
	if code == exitInput {
		return code, nil, errOut
	}
	inst, err := jsonschema.UnmarshalJSON(strings.NewReader(out))
	if err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out)
	}
	if err := contractSchema(t).Validate(inst); err != nil {
		t.Fatalf("output does not validate against the contract: %v\n%s", err, out)
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	return code, doc, out
}

// taskVerdicts are, per task, its verdict, the first step that is not ok
// (the blamed step) and that step's stoppedReason.
func taskVerdicts(doc map[string]any) []string {
	var out []string
	for _, tk := range doc["tasks"].([]any) {
		task := tk.(map[string]any)
		s := task["verdict"].(string)
		for _, st := range task["steps"].([]any) {
			step := st.(map[string]any)
			if step["status"] != "ok" {
				reason, _ := step["stoppedReason"].(string)
				s += " " + step["step"].(string) + " " + step["status"].(string) + " " + reason
				break
			}
		}
		out = append(out, s)
	}
	return out
}

// The cloud assembly and its one-template twin are the same application:
// the same verdicts, blamed step and stoppedReason; dev fails for want of
// the S3 gateway endpoint (image layers come from S3), Prod passes.
func TestAssemblySameAsOneTemplate(t *testing.T) {
	cases := []struct {
		name, stack, twin, verdict string
		code                       int
	}{
		{"fails: no S3 gateway endpoint in the isolated subnets", "Service", "DevOne.template.json", "fail image-layers fail", exitFail},
		{"passes: S3 gateway endpoint on the subnets' route tables", "Prod/Service", "ProdOne.template.json", "pass", exitPass},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			// The twin has no environment: the assembly's account is
			// given as the flag.
			tcode, tdoc, tout := checkJSON(t, "--cloudformation", filepath.Join(twinDir, tc.twin), "--account", "111122223333")
			if tcode != tc.code {
				t.Fatalf("twin: exit %d, want %d\n%s", tcode, tc.code, tout)
			}
			want := taskVerdicts(tdoc)
			if len(want) != 1 || !strings.HasPrefix(want[0], tc.verdict) {
				t.Fatalf("twin: %q, want one task %q", want, tc.verdict)
			}
			code, doc, out := checkJSON(t, "--cloudformation", assemblyDir, "--stack", tc.stack)
			if code != tc.code {
				t.Fatalf("assembly: exit %d, want %d\n%s", code, tc.code, out)
			}
			if got := taskVerdicts(doc); strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Fatalf("assembly %q, one template %q", got, want)
			}
		})
	}
}

// Every stack of the assembly checked on its own: the stacks without ECS
// exit 0, saying there is nothing to check; the service stacks are checked.
func TestAssemblyEveryStack(t *testing.T) {
	a, err := cdkassembly.Read(assemblyDir)
	if err != nil {
		t.Fatal(err)
	}
	noECS := map[string]bool{"Network": true, "Config": true, "Prod/Network": true}
	for _, s := range a.Stacks {
		for _, name := range []string{s.DisplayName, s.Stack.Name} {
			t.Run(name, func(t *testing.T) {
				code, out, errOut := runCLI(t, "check", "--cloudformation", assemblyDir, "--stack", name)
				if noECS[s.DisplayName] {
					if code != exitPass || !strings.HasPrefix(out, "nothing to check: no ECS task definition or service in stack "+name+" of ") {
						t.Fatalf("exit %d, want 0 and nothing to check; stdout %q stderr %q", code, out, errOut)
					}
					return
				}
				if code == exitInput || strings.Contains(out, "nothing to check") || !strings.Contains(out, "verdict: ") {
					t.Fatalf("exit %d, want the service checked; stdout %q stderr %q", code, out, errOut)
				}
			})
		}
	}
}

// A file asset's bucket and key are stack parameters cdk deploy sets: the
// environment file step is unknown, naming the CDK asset, never a fail.
func TestAssemblyAssetParametersUnknown(t *testing.T) {
	code, doc, out := checkJSON(t, "--cloudformation", assemblyDir, "--stack", "Worker")
	if code != exitUnknown {
		t.Fatalf("exit %d, want 3\n%s", code, out)
	}
	// The region and account come from the stacks' aws://ACCOUNT/REGION,
	// not from a flag that was not given.
	for _, k := range []string{"region", "account"} {
		if from := doc[k].(map[string]any)["from"]; from != "the environment of the cloud assembly's stacks (manifest.json)" {
			t.Errorf("%s from %q", k, from)
		}
	}
	found := false
	for _, st := range doc["tasks"].([]any)[0].(map[string]any)["steps"].([]any) {
		step := st.(map[string]any)
		if step["step"] == "environment-files" {
			found = true
			if step["status"] != "unknown" || !strings.Contains(out, `CDK asset \"asset.a7f8cbfd`) {
				t.Fatalf("environment-files %v, want unknown naming the CDK asset\n%s", step["status"], out)
			}
		}
	}
	if !found {
		t.Fatalf("no environment-files step\n%s", out)
	}
}

// Item: "nothing to check" is a pass with its own field in JSON, and an
// input error with --require-tasks.
func TestNothingToCheck(t *testing.T) {
	network := filepath.Join(assemblyDir, "Network.template.json")
	code, doc, out := checkJSON(t, "--cloudformation", network)
	if code != exitPass || doc["verdict"] != "pass" || len(doc["tasks"].([]any)) != 0 {
		t.Fatalf("exit %d, want 0, verdict pass and no task\n%s", code, out)
	}
	if msg, _ := doc["nothingToCheck"].(string); msg != "no ECS task definition or service in "+network {
		t.Fatalf("nothingToCheck %q", msg)
	}
	code, stdout, _ := runCLI(t, "check", "--cloudformation", network)
	if code != exitPass || stdout != "nothing to check: no ECS task definition or service in "+network+"\n" {
		t.Fatalf("text: exit %d stdout %q", code, stdout)
	}
	code, _, errOut := runCLI(t, "check", "--cloudformation", network, "--require-tasks")
	if code != exitInput || !strings.Contains(errOut, "no ECS task definitions or services") {
		t.Fatalf("--require-tasks: exit %d stderr %q", code, errOut)
	}
	// A plan without ECS too.
	plan := filepath.Join(t.TempDir(), "plan.json")
	if err := os.WriteFile(plan, []byte(`{"format_version":"1.2","terraform_version":"1.11.4","planned_values":{"root_module":{}}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, out, errOut := runCLI(t, "check", "--terraform-plan", plan); code != exitPass || !strings.Contains(out, "nothing to check") {
		t.Fatalf("plan: exit %d stdout %q stderr %q", code, out, errOut)
	}
}

// A parameter file gives the same result as the same --parameter flags,
// in each of its three shapes; --parameter overrides the file.
func TestParametersFileSameAsFlags(t *testing.T) {
	tmpl := filepath.Join(scenarioDir, "private-vpc-endpoints.yaml")
	base := []string{"--cloudformation", tmpl, "--region", "ap-northeast-1", "--account", "123456789012"}
	_, _, flags := checkJSON(t, append(base, "--parameter", "ImageTag=2.0.0", "--parameter", "Environment=dev")...)
	_, _, defaults := checkJSON(t, base...)
	if flags == defaults || !strings.Contains(flags, "tag 2.0.0 exists") {
		t.Fatal("the parameter does not change the output: the test cannot tell")
	}
	dir := t.TempDir()
	files := map[string]string{
		"aws-cli.json":  `[{"ParameterKey":"ImageTag","ParameterValue":"2.0.0"},{"ParameterKey":"Environment","ParameterValue":"dev"}]`,
		"pipeline.json": `{"Parameters":{"ImageTag":"2.0.0","Environment":"dev"},"Tags":{"team":"orders"}}`,
		"lines.env":     "# overrides\nImageTag=2.0.0\nEnvironment=dev\n",
		"stale.json":    `{"Parameters":{"ImageTag":"0.9.0","Environment":"dev"}}`,
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cases := []struct {
		name string
		args []string
	}{
		{"AWS CLI parameters file", []string{"--parameters-file", filepath.Join(dir, "aws-cli.json")}},
		{"CodePipeline template configuration", []string{"--parameters-file", filepath.Join(dir, "pipeline.json")}},
		{"KEY=VALUE lines", []string{"--parameters-file", filepath.Join(dir, "lines.env")}},
		{"FILE=STACK names the template's stack", []string{"--parameters-file", filepath.Join(dir, "lines.env") + "=private-vpc-endpoints"}},
		{"--parameter overrides the file", []string{"--parameters-file", filepath.Join(dir, "stale.json"), "--parameter", "ImageTag=2.0.0"}},
		{"a later file overrides an earlier one", []string{"--parameters-file", filepath.Join(dir, "stale.json"), "--parameters-file", filepath.Join(dir, "aws-cli.json")}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, _, got := checkJSON(t, append(base, tc.args...)...)
			if got != flags {
				t.Fatalf("output differs from the --parameter flags:\n%s\nwant\n%s", got, flags)
			}
		})
	}
}

func TestStackFlagErrors(t *testing.T) {
	net := filepath.Join(assemblyDir, "Network.template.json")
	dir := t.TempDir()
	params := filepath.Join(dir, "p.env")
	if err := os.WriteFile(params, []byte("A=1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte("[\n{\"ParameterKey\": 3}]"), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name   string
		args   []string
		stderr string
	}{
		{"--stack-name with several templates", []string{"--cloudformation", net, "--cloudformation", net, "--stack-name", "x"}, "--stack-name names a single template"},
		{"--stack without --cloudformation", []string{"--example", "public-subnet", "--stack", "x"}, "apply to --cloudformation"},
		{"--parameters-file with --cluster", []string{"--cluster", "prod", "--parameters-file", "p.json"}, "apply to --cloudformation"},
		{"--stack names no stack", []string{"--cloudformation", assemblyDir, "--stack", "Nope"}, `no stack "Nope"; stacks: Config, Network, Service, Worker, Prod/Network, Prod/Service`},
		{"a parameters file for one of several stacks must name it", []string{"--cloudformation", assemblyDir, "--parameters-file", params}, "name the stack (FILE=STACK)"},
		{"--parameter for one of several stacks must name it", []string{"--cloudformation", assemblyDir, "--parameter", "A=1"}, "name the stack (STACK:KEY=VALUE)"},
		{"a malformed parameters file names file and line", []string{"--cloudformation", net, "--parameters-file", bad}, "bad.json\": line 2"},
		{"a directory that is no assembly", []string{"--cloudformation", dir}, "must be a CDK cloud assembly"},
		{"an assembly takes no =NAME", []string{"--cloudformation", assemblyDir + "=x"}, "have their names"},
		{"an assembly takes no --stack-name", []string{"--cloudformation", assemblyDir, "--stack-name", "x"}, "have their names"},
		{"a --stack pattern too long", []string{"--cloudformation", assemblyDir, "--stack", strings.Repeat("*", 300)}, "more than 256"},
		{"FILE=NAME with a name CloudFormation refuses", []string{"--cloudformation", net + "=1net"}, `stack name "1net"`},
		{"--stack-name CloudFormation refuses", []string{"--cloudformation", net, "--stack-name", "a_b"}, `stack name "a_b"`},
		{"a parameter the stack does not declare", []string{"--cloudformation", assemblyDir, "--parameter", "Network:Nope=1"}, `"Nope"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errOut := runCLI(t, append([]string{"check"}, tc.args...)...)
			if code != exitInput || !strings.Contains(errOut, tc.stderr) {
				t.Fatalf("exit %d stderr %q, want exit 2 and %q", code, errOut, tc.stderr)
			}
		})
	}
}

// --cloudformation FILE=NAME and --stack-name name the stack; --parameter
// STACK:KEY=VALUE and FILE=STACK route values to one stack of several.
func TestAppStacks(t *testing.T) {
	net := filepath.Join(assemblyDir, "Network.template.json")
	o := &CheckOptions{Parameters: []string{"Prod/Network:BootstrapVersion=7", "dev-service:BootstrapVersion=8"}}
	templatesValue{o}.Set(assemblyDir)
	templatesValue{o}.Set(net + "=edge")
	stacks, err := o.appStacks()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, s := range stacks {
		got[s.names[0]+"="+s.Name] = s.Parameters["BootstrapVersion"]
	}
	want := map[string]string{
		"Config=Config": "", "Network=dev-network": "", "Service=dev-service": "8",
		"Prod/Network=Prod-Network": "7", "Prod/Service=Prod-Service": "", net + "=edge": "",
	}
	for k, v := range want {
		if gv, ok := got[k]; !ok || gv != v {
			t.Errorf("stack %s: parameter %q (present %v), want %q; got %v", k, gv, ok, v, got)
		}
	}
	one := &CheckOptions{Stacks: StackOptions{StackName: "api-prod"}}
	templatesValue{one}.Set(net)
	stacks, err = one.appStacks()
	if err != nil || len(stacks) != 1 || stacks[0].Name != "api-prod" || !stacks[0].is("api-prod") {
		t.Fatalf("--stack-name: %+v, %v", stacks, err)
	}
}

// --stack takes the CDK CLI's glob patterns on display names.
func TestStackPattern(t *testing.T) {
	cases := []struct {
		pattern string
		code    int
		want    []string // services or task definitions checked
	}{
		{"Prod/*", -1, []string{"Prod-Service-Svc"}},
		{"*", -1, []string{"dev-service-", "Worker"}},
		{"**", -1, []string{"dev-service-", "Worker", "Prod-Service-Svc"}},
		{"Prod/Serv?ce", -1, []string{"Prod-Service-Svc"}},
		{"Net*", exitPass, nil},
		{"Nope/*", exitInput, nil},
	}
	for _, tc := range cases {
		t.Run(tc.pattern, func(t *testing.T) {
			code, out, errOut := runCLI(t, "check", "--cloudformation", assemblyDir, "--stack", tc.pattern)
			if tc.code >= 0 && code != tc.code {
				t.Fatalf("exit %d, want %d; stdout %q stderr %q", code, tc.code, out, errOut)
			}
			if tc.code < 0 && code == exitInput {
				t.Fatalf("exit 2: %s", errOut)
			}
			var got int
			for _, line := range strings.Split(out, "\n") {
				if strings.HasPrefix(line, "service ") || strings.HasPrefix(line, "task definition ") {
					got++
				}
			}
			if got != len(tc.want) {
				t.Fatalf("%d tasks checked, want %d (%v)\n%s", got, len(tc.want), tc.want, out)
			}
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("%s not checked\n%s", w, out)
				}
			}
		})
	}
}
