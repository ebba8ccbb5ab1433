package main

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/taskstart"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// --assume takes one value, defaults; any other is a usage error.
func TestAssumeFlagValues(t *testing.T) {
	cases := []struct {
		name string
		args []string
		code int
	}{
		{"defaults", []string{"--assume", "defaults"}, exitFail},
		{"other value", []string{"--assume", "nothing"}, exitInput},
		{"empty value", []string{"--assume="}, exitInput},
		{"case matters", []string{"--assume", "Defaults"}, exitInput},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errOut := runCLI(t, append([]string{"check", "--example", "missing-s3-gateway"}, tc.args...)...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d; stderr %s", code, tc.code, errOut)
			}
			if tc.code == exitInput && !strings.Contains(errOut, "the only value is defaults") {
				t.Fatalf("stderr %q does not name the accepted value", errOut)
			}
		})
	}
}

// A template in a VPC that exists, pulling from a repository and reading a
// secret the template does not create: unknown alone, decisive with
// --assume defaults, each default named on the step that used it.
func TestAssumeDefaultsTemplate(t *testing.T) {
	base := []string{"check", "--cloudformation", "testdata/assume-defaults.yaml", "--region", "ap-northeast-1", "--account", "123456789012", "--format", "json"}
	code, out, errOut := runCLI(t, base...)
	if code != exitUnknown {
		t.Fatalf("without --assume: exit %d, want %d; stderr %s\n%s", code, exitUnknown, errOut, out)
	}
	if strings.Contains(out, "--assume defaults") {
		t.Fatalf("without --assume the output names it:\n%s", out)
	}

	code, out, errOut = runCLI(t, append(base, "--assume", "defaults")...)
	if code != exitPass {
		t.Fatalf("with --assume defaults: exit %d, want %d; stderr %s\n%s", code, exitPass, errOut, out)
	}
	inst, err := jsonschema.UnmarshalJSON(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if err := contractSchema(t).Validate(inst); err != nil {
		t.Fatalf("output does not match the contract: %v", err)
	}
	var res taskstart.Result
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	// Which step rests on which default.
	want := map[taskstart.StepKind][]string{
		taskstart.StepExecutionRole: {"no service control or resource control policy"},
		taskstart.StepImageManifest: {"no repository policy on ledger", "uses the default network ACL of vpc-0a1b2c3d4e5f60789", "no VPC endpoint for ecr.dkr"},
		taskstart.StepImageLayers:   {"no repository policy on ledger", "no VPC endpoint for s3"},
		taskstart.StepSecrets:       {"no resource policy on secret ledger/db-AbCdEf, and it is encrypted with aws/secretsmanager"},
		taskstart.StepLogs:          {"no VPC endpoint for logs"},
	}
	for _, st := range res.Tasks[0].Steps {
		for _, w := range want[st.Step] {
			if !slices.ContainsFunc(st.Assumptions, func(a string) bool { return strings.Contains(a, w) && strings.Contains(a, "--assume defaults") }) {
				t.Errorf("%s assumptions %q lack %q naming --assume defaults", st.Step, st.Assumptions, w)
			}
		}
		if st.Step == taskstart.StepLogs && slices.ContainsFunc(st.Assumptions, func(a string) bool { return strings.Contains(a, "repository policy") }) {
			t.Errorf("logs rests on a repository default it does not use: %q", st.Assumptions)
		}
	}
	golden(t, "assume-defaults.json", out)
}

// A real Terraform plan (testdata/assume-defaults-plan, made with terraform
// 1.11.4 and the AWS provider 5.100.0) adding a service to a VPC it does
// not manage: the facts --assume defaults covers are missing without it and
// taken, each named, with it. (The plan's route table is a separate
// unknown of the Terraform source; it is not one of these facts.)
func TestAssumeDefaultsPlan(t *testing.T) {
	base := []string{"check", "--terraform-plan", "testdata/assume-defaults-plan/plan.json", "--region", "ap-northeast-1", "--account", "123456789012", "--format", "json"}
	covered := []string{"ec2:DescribeVpcEndpoints", "ecr:GetRepositoryPolicy", "secretsmanager:GetResourcePolicy"}
	for _, on := range []bool{false, true} {
		args := base
		if on {
			args = append(slices.Clip(base), "--assume", "defaults")
		}
		code, out, errOut := runCLI(t, args...)
		if code == exitInput {
			t.Fatalf("exit %d; stderr %s", code, errOut)
		}
		var res taskstart.Result
		if err := json.Unmarshal([]byte(out), &res); err != nil {
			t.Fatal(err)
		}
		var missing, assumed []string
		for _, st := range res.Tasks[0].Steps {
			missing = append(missing, st.Missing...)
			assumed = append(assumed, st.Assumptions...)
		}
		for _, fact := range covered {
			has := slices.ContainsFunc(missing, func(m string) bool { return strings.Contains(m, fact) })
			if has == on {
				t.Errorf("--assume defaults %v: %s missing is %v\nmissing: %q", on, fact, has, missing)
			}
		}
		named := slices.ContainsFunc(assumed, func(a string) bool { return strings.Contains(a, "--assume defaults") })
		if named != on {
			t.Errorf("--assume defaults %v: an assumption names it: %v", on, named)
		}
	}
}
