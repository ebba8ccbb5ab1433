package main

import (
	"errors"
	"strings"

	"github.com/ecs-preflight/ecs-preflight/internal/termsafe"
	"github.com/ecs-preflight/ecs-preflight/report"
	"github.com/ecs-preflight/ecs-preflight/report/text"
	"github.com/ecs-preflight/ecs-preflight/taskstart"
)

// errNoTasks is --require-tasks' error for an input without tasks.
var errNoTasks = errors.New("the input has no ECS task definitions or services to check")

// nothingToCheck ends a run that found no task: a template, assembly or
// plan of only a network, or a stack without ECS, is not wrong, so it is a
// pass, said as "nothing to check" (in JSON: verdict pass, tasks [], and
// nothingToCheck), unless --require-tasks makes it an input error.
func (o *CheckOptions) nothingToCheck(out report.Stream, res *taskstart.Result) error {
	if o.Stacks.RequireTasks {
		return errNoTasks
	}
	msg := "no ECS task definition or service in " + o.inputName()
	if _, ok := out.(*text.Stream); ok {
		termsafe.Fprintf(o.IO.Out, "nothing to check: %s\n", msg)
		return nil
	}
	// A document format (JSON, and any other) says it in its document.
	r := *res
	r.NothingToCheck = msg
	return out.Finish(&r)
}

// inputName names the input the way the user gave it.
func (o *CheckOptions) inputName() string {
	var parts []string
	if len(o.Stacks.Select) > 0 {
		parts = append(parts, "stack "+strings.Join(o.Stacks.Select, ", ")+" of")
	}
	switch {
	case o.Example != "":
		parts = append(parts, "example "+o.Example)
	case len(o.Stacks.Templates) > 0:
		parts = append(parts, strings.Join(o.Stacks.Templates, ", "))
	case o.TerraformPlan != "":
		parts = append(parts, o.TerraformPlan)
	case o.Snapshot != "":
		parts = append(parts, o.Snapshot)
	case o.Live.Cluster != "":
		parts = append(parts, "cluster "+o.Live.Cluster)
	}
	if o.Snapshot != "" && (len(o.Stacks.Templates) > 0 || o.TerraformPlan != "") {
		parts = append(parts, "and "+o.Snapshot)
	}
	return strings.Join(parts, " ")
}
