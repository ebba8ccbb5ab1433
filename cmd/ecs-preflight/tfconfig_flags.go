package main

import (
	"github.com/spf13/pflag"

	"github.com/ecs-preflight/ecs-preflight/source/tfplan"
)

// registerTerraformConfig adds --terraform-config: the directory of the
// root module the plan was made from, whose .tf files give what the plan
// JSON leaves out (dynamic blocks and locals; source/tfplan doc.go).
func registerTerraformConfig(fl *pflag.FlagSet, o *CheckOptions) {
	fl.StringVar(&o.TerraformConfig, "terraform-config", "", "with --terraform-plan: the root module `DIR` the plan was made from, read for its dynamic blocks and locals, which the plan JSON leaves out")
}

// validateTerraformConfig refuses --terraform-config without a plan.
func (o *CheckOptions) validateTerraformConfig() error {
	if o.TerraformConfig != "" && o.TerraformPlan == "" {
		return usagef("--terraform-config applies to --terraform-plan only")
	}
	return nil
}

// terraformConfig is the tfplan option --terraform-config gives, if any.
func (o *CheckOptions) terraformConfig() []tfplan.Option {
	if o.TerraformConfig == "" {
		return nil
	}
	return []tfplan.Option{tfplan.WithConfigDir(o.TerraformConfig)}
}
