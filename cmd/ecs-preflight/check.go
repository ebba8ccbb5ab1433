package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/ecs-preflight/ecs-preflight/examples"
	"github.com/ecs-preflight/ecs-preflight/iostreams"
	"github.com/ecs-preflight/ecs-preflight/report"
	jsonreport "github.com/ecs-preflight/ecs-preflight/report/json"
	"github.com/ecs-preflight/ecs-preflight/report/text"
	"github.com/ecs-preflight/ecs-preflight/source/snapshot"
	"github.com/ecs-preflight/ecs-preflight/taskstart"
	"github.com/ecs-preflight/ecs-preflight/world"
	"github.com/spf13/cobra"
)

// CheckOptions are the flags of `check`.
type CheckOptions struct {
	IO *iostreams.IOStreams

	Snapshot       string
	Example        string
	TaskDefinition string
	Service        string
	Format         string
	Verbose        bool
}

func newCmdCheck(f *Factory, runF func(*CheckOptions) error) *cobra.Command {
	opts := &CheckOptions{IO: f.IOStreams}
	cmd := &cobra.Command{
		Use:   "check",
		Short: "Simulate the start phase of ECS tasks and report each step",
		Long: `Simulate the start phase of every ECS service and task definition in the input
and report, per container and step, ok, fail, warn or unknown.

Inputs: --snapshot FILE (AWS CLI outputs, see docs/snapshot.md) or --example NAME
(an embedded example; no AWS account needed).`,
		Example: `  ecs-preflight check --example private-endpoints
  ecs-preflight check --snapshot account.json --service api --format json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := opts.validate(); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return runCheck(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.Snapshot, "snapshot", "", "read the account from a snapshot `FILE` (docs/snapshot.md)")
	fl.StringVar(&opts.Example, "example", "", "run an embedded example `NAME`: "+strings.Join(examples.Names(), ", "))
	fl.StringVar(&opts.TaskDefinition, "task-definition", "", "check only this task definition (`ARN, family:revision or family`)")
	fl.StringVar(&opts.Service, "service", "", "check only this service (`name or ARN`)")
	fl.StringVarP(&opts.Format, "format", "f", "text", "output `format`: text or json")
	fl.BoolVarP(&opts.Verbose, "verbose", "v", false, "show the evidence and assumptions of every step (text format)")
	return cmd
}

func (o *CheckOptions) validate() error {
	n := 0
	for _, v := range []string{o.Snapshot, o.Example} {
		if v != "" {
			n++
		}
	}
	if n != 1 {
		return usagef("check needs exactly one input: --snapshot FILE or --example NAME")
	}
	if o.Example != "" {
		if _, ok := examples.Get(o.Example); !ok {
			return usagef("unknown example %q; examples: %s", o.Example, strings.Join(examples.Names(), ", "))
		}
	}
	switch o.Format {
	case "text", "json":
	default:
		return usagef("unknown format %q; formats: text, json", o.Format)
	}
	return nil
}

func (o *CheckOptions) load() (*world.World, error) {
	if o.Example != "" {
		ex, _ := examples.Get(o.Example)
		return snapshot.Read("example:"+ex.Name, ex.Data)
	}
	return snapshot.Load(o.Snapshot)
}

func (o *CheckOptions) renderer() report.Renderer {
	if o.Format == "json" {
		return &jsonreport.Renderer{}
	}
	return &text.Renderer{Color: o.IO.ColorEnabled(), Verbose: o.Verbose}
}

func runCheck(ctx context.Context, o *CheckOptions) error {
	if ctx == nil {
		ctx = context.Background()
	}
	w, err := o.load()
	if err != nil {
		return err
	}
	var sopts []taskstart.Option
	if o.TaskDefinition != "" {
		sopts = append(sopts, taskstart.WithTaskDefinition(o.TaskDefinition))
	}
	if o.Service != "" {
		sopts = append(sopts, taskstart.WithService(o.Service))
	}
	res, err := taskstart.Simulate(ctx, w, sopts...)
	if err != nil {
		return err
	}
	if len(res.Tasks) == 0 {
		return fmt.Errorf("the input has no ECS task definitions or services to check")
	}
	if err := o.renderer().Render(o.IO.Out, res); err != nil {
		return err
	}
	switch res.Verdict {
	case taskstart.VerdictFail:
		return &verdictError{exitFail}
	case taskstart.VerdictUnknown:
		return &verdictError{exitUnknown}
	}
	return nil
}
