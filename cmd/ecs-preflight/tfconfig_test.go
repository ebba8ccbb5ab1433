package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// --terraform-config gives the plan's root module, whose dynamic blocks
// and locals link the modules-fargate service to its subnets (source/tfplan
// doc.go "The configuration's .tf files"): with it the plan passes, or
// fails without a NAT gateway; without it the service's subnets are known
// only after apply and the check is unknown. Every JSON output validates
// against the contract.
func TestTerraformConfigFlag(t *testing.T) {
	dir := filepath.Join("..", "..", "source", "tfplan", "testdata", "real", "modules-fargate")
	schema := contractSchema(t)
	for _, c := range []struct {
		name string
		args []string
		code int
		err  string
	}{
		{"with the configuration: pass", []string{"--terraform-plan", filepath.Join(dir, "plan.json"), "--terraform-config", dir}, exitPass, ""},
		{"with the configuration, no NAT gateway: fail", []string{"--terraform-plan", filepath.Join(dir, "plan-no-nat.json"), "--terraform-config", dir}, exitFail, ""},
		{"without it: unknown", []string{"--terraform-plan", filepath.Join(dir, "plan.json")}, exitUnknown, ""},
		{"a directory that does not exist", []string{"--terraform-plan", filepath.Join(dir, "plan.json"), "--terraform-config", filepath.Join(dir, "nope")}, exitInput, "nope"},
		{"without a plan", []string{"--example", "missing-s3-gateway", "--terraform-config", dir}, exitInput, "--terraform-config applies to --terraform-plan only"},
	} {
		t.Run(c.name, func(t *testing.T) {
			args := append([]string{"check", "--account", "111122223333", "--format", "json"}, c.args...)
			if c.args[0] == "--example" {
				args = append([]string{"check", "--format", "json"}, c.args...)
			}
			code, out, errOut := runCLI(t, args...)
			if code != c.code {
				t.Fatalf("exit %d, want %d\n%s%s", code, c.code, out, errOut)
			}
			if c.err != "" {
				if !strings.Contains(errOut, c.err) {
					t.Errorf("stderr %q, want it to name %q", errOut, c.err)
				}
				return
			}
			var v any
			if err := json.Unmarshal([]byte(out), &v); err != nil {
				t.Fatal(err)
			}
			if err := schema.Validate(v); err != nil {
				t.Errorf("output does not validate against the contract: %v", err)
			}
		})
	}
}
