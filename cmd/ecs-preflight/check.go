package main

import (
	"cmp"
	"context"
	"strings"

	"github.com/ecs-preflight/ecs-preflight/examples"
	"github.com/ecs-preflight/ecs-preflight/iostreams"
	"github.com/ecs-preflight/ecs-preflight/report"
	jsonreport "github.com/ecs-preflight/ecs-preflight/report/json"
	"github.com/ecs-preflight/ecs-preflight/report/text"
	"github.com/ecs-preflight/ecs-preflight/source"
	"github.com/ecs-preflight/ecs-preflight/source/live"
	"github.com/ecs-preflight/ecs-preflight/source/snapshot"
	"github.com/ecs-preflight/ecs-preflight/source/tfplan"
	"github.com/ecs-preflight/ecs-preflight/taskstart"
	"github.com/ecs-preflight/ecs-preflight/world"
	"github.com/spf13/cobra"
)

// CheckOptions are the flags of `check`.
type CheckOptions struct {
	IO *iostreams.IOStreams

	Snapshot       string
	Example        string
	CloudFormation string
	TerraformPlan  string
	Parameters     []string
	TemplateMaps   []string
	Region         string
	Account        string
	TaskDefinition string
	Service        string
	Format         string
	Verbose        bool
	Quiet          bool
	Output         string
	// Assume is --assume; assumeGiven says the flag was passed at all, so
	// that --assume= is refused like any other value but "defaults".
	Assume      string
	assumeGiven bool

	// Stacks are the flags of several templates (stacks_flags.go).
	Stacks StackOptions

	// TerraformConfig is --terraform-config (tfconfig_flags.go).
	TerraformConfig string

	// Live reads the account (--cluster and the credential flags).
	Live LiveOptions
	// Subnets, SecurityGroups and AssignPublicIP place --task-definition
	// as RunTask would (with --cluster).
	Subnets        []string
	SecurityGroups []string
	AssignPublicIP bool
	// PlatformVersion is the Fargate platform version of that task; ""
	// is RunTask's default, LATEST.
	PlatformVersion string
}

func newCmdCheck(f *Factory, runF func(*CheckOptions) error) *cobra.Command {
	opts := &CheckOptions{IO: f.IOStreams}
	cmd := &cobra.Command{
		Use:   "check",
		Short: "Simulate the start phase of ECS tasks and report each step",
		Long: `Simulate the start phase of every ECS service and task definition in the input
and report, per container and step, ok, fail, warn or unknown.

Inputs: --snapshot FILE (AWS CLI outputs, see docs/snapshot.md), --cloudformation
FILE (a template, YAML or JSON), --terraform-plan FILE (terraform show -json output),
--example NAME (an embedded example; no AWS account needed), or --cluster NAME: the
account itself, read-only, with the AWS CLI's credentials (--profile, --region,
SSO, credential_process; --role-arn to read through a role). Only what the checked
services need is read (docs/permissions.md lists the calls and the policy); a denied
read leaves the steps that need it unknown, naming the call. Origins of live facts
are "aws:ACCOUNT/REGION" with the JSON path in the document 'snapshot' writes. A snapshot may be
given with a template or plan: it supplies what the template references but does not
define, and the template wins where both speak.

Several templates are one application: --cloudformation repeated (FILE=STACKNAME
names a stack; default: the base name), or a CDK cloud assembly directory (cdk.out,
its Stages included, each stack with its environment and asset parameters). One
stack's Exports resolve another's Fn::ImportValue. --stack NAME checks only that
stack (a CDK display name such as Prod/Service, or a stack name) while every stack
supplies its exports and resources. --parameters-file FILE[=STACK] reads parameter
values (AWS CLI, CodePipeline template configuration or KEY=VALUE lines);
--parameter [STACK:]KEY=VALUE overrides it. An input without ECS task definitions
or services is "nothing to check", a pass (exit 0); --require-tasks makes it exit 2.

Which tasks: every service, with the task definition revision it runs (its
taskDefinition in DescribeServices), and every ACTIVE task definition no service
runs, on its own (its network placement is then unknown). --service NAME keeps that
service. --task-definition ARN or FAMILY:REVISION keeps that revision, even an
INACTIVE one, with every service that runs it, else on its own. --task-definition
FAMILY keeps every service running a revision of that family, each with the revision
it runs, and the family's latest ACTIVE revision on its own when no service runs it:
a family alone means its latest ACTIVE revision, as in ECS RunTask.

--assume defaults: a template or plan alone cannot show what lives only in the
account (the policy of a repository it references, the network ACL of a subnet in
a VPC it does not create, endpoints added by hand), so those steps are unknown.
With --assume defaults, each such fact of the input's own account takes what AWS
gives a resource created without that setting: no repository, bucket or secret
policy (and aws/secretsmanager for a secret the input does not show), the VPC's
default network ACL that allows all, enableDnsSupport true, no VPC endpoints
beyond those in the input, no service or resource control policy beyond the input's. Each default used is
listed in the assumptions of the step that used it (-v or --format json). Another
account's facts, KMS key policies and values known only after deploy stay unknown.`,
		Example: `  ecs-preflight check --example private-endpoints
  ecs-preflight check --cluster prod --service api --region eu-west-1
  ecs-preflight check --snapshot account.json --service api --format json
  ecs-preflight check --cloudformation stack.yaml --region ap-northeast-1 --account 123456789012
  ecs-preflight check --cloudformation cdk.out --stack Prod/Service
  ecs-preflight check --terraform-plan plan.json --snapshot account.json
  ecs-preflight check --cloudformation stack.yaml --account 123456789012 --assume defaults -v`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.assumeGiven = cmd.Flags().Changed("assume")
			if err := opts.validate(); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return withOutputFile(&opts.IO, opts.Output, func() error { return runCheck(cmd.Context(), opts) })
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.Snapshot, "snapshot", "", "read the account from a snapshot `FILE` (docs/snapshot.md)")
	opts.registerStackFlags(fl)
	fl.StringVar(&opts.TerraformPlan, "terraform-plan", "", "read a Terraform plan `FILE` (terraform show -json)")
	fl.StringArrayVar(&opts.Parameters, "parameter", nil, "template parameter `KEY=VALUE` (repeatable; --cloudformation only; STACK:KEY=VALUE for one stack of several; overrides --parameters-file)")
	registerTemplateMap(fl, opts)
	fl.StringVar(&opts.Region, "region", "", "region of the template or plan (default: the snapshot's, else inferred from the template or plan; unknown when it pins none or several); with --cluster or --live, the region to read (default: the AWS CLI's)")
	fl.StringVar(&opts.Account, "account", "", "account id of the template or plan (default: the snapshot's, else inferred from the template or plan; unknown when it pins none or several)")
	fl.StringVar(&opts.Example, "example", "", "run an embedded example `NAME`: "+strings.Join(examples.Names(), ", "))
	fl.StringVar(&opts.TaskDefinition, "task-definition", "", "check only this task definition `NAME` (ARN or family:revision); a family selects its services and its latest ACTIVE revision")
	fl.StringVar(&opts.Service, "service", "", "check only this service (`name or ARN`)")
	fl.StringVarP(&opts.Format, "format", "f", "text", "output `format`: "+formatNames)
	fl.BoolVarP(&opts.Verbose, "verbose", "v", false, "show the evidence and assumptions of every step (text format)")
	fl.BoolVarP(&opts.Quiet, "quiet", "q", false, "show only the failing and unknown steps and the verdict (text format)")
	fl.StringVarP(&opts.Output, "output", "o", "", "write the report to `FILE` (atomically: replaced only when a verdict is reached; - for standard output); the exit code is unchanged")
	opts.Live.register(fl)
	registerTerraformConfig(fl, opts)
	fl.StringSliceVar(&opts.Subnets, "subnets", nil, "with --cluster and --task-definition: check the task definition as RunTask would start it on Fargate in these `subnets` (reported as service run-task)")
	fl.StringSliceVar(&opts.SecurityGroups, "security-groups", nil, "with --subnets: the task's security `groups` (default: the VPC's default group, as RunTask)")
	fl.BoolVar(&opts.AssignPublicIP, "assign-public-ip", false, "with --subnets: give the task a public IP (awsvpcConfiguration.assignPublicIp ENABLED)")
	fl.StringVar(&opts.PlatformVersion, "platform-version", "", "with --subnets: the Fargate platform `version` of the task (default: LATEST, as RunTask)")
	fl.BoolVar(&opts.Live.Live, "live", false, "with --cloudformation or --terraform-plan: read what the template or plan references but does not define from the account (the template wins where both speak)")
	fl.StringVar(&opts.Assume, "assume", "", "take AWS's `defaults` (the only value) for facts of the input's own account that it does not show, each listed in the step's assumptions")
	return cmd
}

func (o *CheckOptions) validate() error {
	if err := o.validateStacks(); err != nil {
		return err
	}
	if o.Live.Cluster != "" {
		if o.Snapshot != "" || o.Example != "" || o.CloudFormation != "" || o.TerraformPlan != "" || len(o.Parameters) > 0 {
			return usagef("--cluster reads the account: give no --snapshot, --example, --cloudformation, --terraform-plan or --parameter with it")
		}
		return o.validateCommon()
	}
	if o.Live.Live && (o.CloudFormation == "" && o.TerraformPlan == "" || o.Snapshot != "") {
		return usagef("--live reads what a template or plan references from the account: give --cloudformation or --terraform-plan, and no --snapshot")
	}
	if err := o.Live.validate(); err != nil {
		return err
	}
	n := 0
	for _, v := range []string{o.Example, o.CloudFormation, o.TerraformPlan} {
		if v != "" {
			n++
		}
	}
	switch {
	case n > 1, n == 1 && o.Example != "" && o.Snapshot != "", n == 0 && o.Snapshot == "":
		return usagef("check needs exactly one input: --snapshot FILE, --cloudformation FILE, --terraform-plan FILE (each of the last two optionally with --snapshot) or --example NAME")
	}
	if err := o.validateTerraformConfig(); err != nil {
		return err
	}
	if len(o.Parameters) > 0 && o.CloudFormation == "" {
		return usagef("--parameter applies to --cloudformation only")
	}
	if err := o.validateTemplateMaps(); err != nil {
		return err
	}
	for _, p := range o.Parameters {
		if k, _, ok := strings.Cut(p, "="); !ok || k == "" {
			return usagef("--parameter %q: want KEY=VALUE", p)
		}
	}
	if (o.Region != "" || o.Account != "") && o.CloudFormation == "" && o.TerraformPlan == "" && !o.Live.reads() {
		return usagef("--region and --account apply to --cloudformation, --terraform-plan and --cluster")
	}
	if o.Example != "" {
		if _, ok := examples.Get(o.Example); !ok {
			return usagef("unknown example %q; examples: %s", o.Example, strings.Join(examples.Names(), ", "))
		}
	}
	return o.validateCommon()
}

// validateCommon checks the flags every input takes.
func (o *CheckOptions) validateCommon() error {
	if (len(o.SecurityGroups) > 0 || o.AssignPublicIP || o.PlatformVersion != "") && len(o.Subnets) == 0 {
		return usagef("--security-groups, --assign-public-ip and --platform-version apply to --subnets")
	}
	if len(o.Subnets) > 0 && (o.Live.Cluster == "" || o.TaskDefinition == "" || o.Service != "") {
		return usagef("--subnets checks a task definition as RunTask would start it: give --cluster and --task-definition, and no --service")
	}
	if o.Live.reads() {
		if o.Account != "" {
			return usagef("--account: the account read is the credentials' (sts:GetCallerIdentity)")
		}
		if err := o.Live.validate(); err != nil {
			return err
		}
	}
	if _, ok := extraFormats[o.Format]; !ok && o.Format != "text" && o.Format != "json" {
		return usagef("unknown format %q; formats: %s", o.Format, formatNames)
	}
	if o.Quiet && (o.Verbose || o.Format != "text") {
		return usagef("--quiet applies to the text format, without --verbose")
	}
	if o.assumeGiven && o.Assume != "defaults" {
		return usagef("--assume %q: the only value is defaults", o.Assume)
	}
	return nil
}

// load reads the inputs into one world, each through its source.Source:
// the snapshot (or example) as the base, a template or plan laid over it.
func (o *CheckOptions) load(ctx context.Context) (*world.World, error) {
	if o.Example != "" {
		ex, _ := examples.Get(o.Example)
		return (&snapshot.Bytes{Name: "example:" + ex.Name, Data: ex.Data}).Load(ctx)
	}
	var base *world.World
	if o.Snapshot != "" {
		// The operations' trees and the reader's maps are garbage after
		// the load; collecting them then sets the next collection's goal
		// from the world alone, which lowers the peak memory of a bulk
		// check (gcload.go).
		w, err := withoutGC(func() (*world.World, error) { return (&snapshot.File{Path: o.Snapshot}).Load(ctx) })
		if err != nil {
			return nil, err
		}
		base = w
	}
	overlay := o.overlay(base)
	if overlay == nil {
		return base, nil
	}
	w, err := overlay.Load(ctx)
	if err != nil {
		return nil, err
	}
	m := world.Merge(base, w)
	// The overlay took the snapshot's region and account as options; say
	// where they came from.
	if base != nil && o.Region == "" && base.Region != "" {
		m.RegionFrom = cmp.Or(base.RegionFrom, "the snapshot")
	}
	if base != nil && o.Account == "" && base.AccountID != "" {
		m.AccountFrom = cmp.Or(base.AccountFrom, "the snapshot")
	}
	return m, nil
}

// overlay is the template or plan input, nil when there is none. Its
// region and account default to the snapshot's; without either the reader
// takes what the input pins, and never a placeholder (world/unresolved.go).
func (o *CheckOptions) overlay(base *world.World) source.Source {
	region, account := o.Region, o.Account
	if base != nil {
		if region == "" {
			region = base.Region
		}
		if account == "" {
			account = base.AccountID
		}
	}
	switch {
	case o.CloudFormation != "":
		return &stacksInput{o: o, region: region, account: account}
	case o.TerraformPlan != "":
		var opts []tfplan.Option
		if region != "" {
			opts = append(opts, tfplan.WithRegion(region))
		}
		if account != "" {
			opts = append(opts, tfplan.WithAccount(account))
		}
		opts = append(opts, o.terraformConfig()...)
		return &tfplan.File{Path: o.TerraformPlan, Options: opts}
	}
	return nil
}

// stream is the output format, written one task at a time as the
// simulation delivers them.
func (o *CheckOptions) stream(w *world.World) report.Stream {
	if o.Format == "json" {
		return (&jsonreport.Renderer{}).Stream(o.IO.Out)
	}
	if f, ok := extraFormats[o.Format]; ok {
		return f(o)
	}
	return (&text.Renderer{Color: o.IO.ColorEnabled(), Verbose: o.Verbose, Quiet: o.Quiet, Width: o.IO.TerminalWidth()}).Stream(o.IO.Out, taskstart.Settings(w))
}

func runCheck(ctx context.Context, o *CheckOptions) error {
	if ctx == nil {
		ctx = context.Background()
	}
	sopts := o.simulateOptions()
	var w *world.World
	var lr *live.Result
	if o.Live.reads() {
		var err error
		if lr, err = o.loadLive(ctx, sopts); err != nil {
			return err
		}
		reportFailures(o.IO, lr)
		w = lr.World
	} else {
		var err error
		if w, err = o.load(ctx); err != nil {
			return err
		}
	}
	out := o.stream(w)
	defer out.Close()
	// A failed read of the account is named in the steps it left unknown,
	// task by task, before the task is written.
	annotate := func(taskstart.Task) {}
	if lr != nil && len(lr.Failures) > 0 {
		annotate = func(t taskstart.Task) { live.AnnotateTask(&t, lr.Failures) }
	}
	n := 0
	var res *taskstart.Result
	var err error
	if js, ok := out.(*jsonreport.Stream); ok {
		// The simulation's workers encode the JSON too.
		res, err = taskstart.SimulateEachWith(ctx, w, func(t taskstart.Task) jsonreport.Encoded {
			annotate(t)
			return js.Encode(t)
		}, func(_ taskstart.Task, e jsonreport.Encoded) error {
			n++
			return js.WriteEncoded(e)
		}, sopts...)
	} else {
		res, err = taskstart.SimulateEach(ctx, w, func(t taskstart.Task) error {
			n++
			annotate(t)
			return out.Task(t)
		}, sopts...)
	}
	if err != nil {
		if lr != nil {
			return live.WithFailures(err, lr.Failures)
		}
		return err
	}
	if n == 0 {
		return o.nothingToCheck(out, res)
	}
	if err := out.Finish(res); err != nil {
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

// loadLive reads the account: the services of --cluster, or what the
// template or plan references but does not define (--live; the template
// wins where both speak, as over a snapshot). The template's account is
// the credentials'.
func (o *CheckOptions) loadLive(ctx context.Context, sopts []taskstart.Option) (*live.Result, error) {
	cfg, err := o.Live.config(ctx, o.Region)
	if err != nil {
		return nil, err
	}
	var base *world.World
	if o.Live.Live {
		account, err := live.Account(ctx, cfg)
		if err != nil {
			return nil, err
		}
		id := &world.World{Region: cfg.Region, AccountID: account}
		if base, err = o.overlay(id).Load(ctx); err != nil {
			return nil, err
		}
	}
	cluster := o.Live.Cluster
	var services []string
	if o.Service != "" {
		services = []string{o.Service}
	}
	if len(o.Subnets) > 0 {
		// RunTask: no service of the cluster is read; the task definition
		// runs on its own with the network the flags give.
		base, cluster = o.runTask(), ""
	}
	lr, err := o.Live.read(ctx, o.IO, cfg, cluster, services, sopts, base)
	if err != nil {
		return nil, err
	}
	// The region and account are those of the read, not of a snapshot
	// file or a flag the user did not give.
	if o.Region == "" && lr.World.Region == cfg.Region {
		lr.World.RegionFrom = "the region read: the AWS CLI configuration"
	} else if lr.World.Region == o.Region {
		lr.World.RegionFrom = "--region"
	}
	if o.Account == "" && lr.World.AccountID != "" && lr.World.AccountID == lr.Document.AccountID {
		lr.World.AccountFrom = "the account read: sts:GetCallerIdentity"
	}
	return lr, nil
}

// runTask is the task --task-definition and --subnets describe, as a
// service named run-task (ECS API "RunTask": launchType FARGATE,
// networkConfiguration.awsvpcConfiguration; without security groups the
// VPC's default group is used).
func (o *CheckOptions) runTask() *world.World {
	public := "DISABLED"
	if o.AssignPublicIP {
		public = "ENABLED"
	}
	w := &world.World{Services: world.NewSet[world.Service]("the command line", false)}
	w.Services.Put("run-task", &world.Service{
		ServiceName:     "run-task",
		TaskDefinition:  o.TaskDefinition,
		LaunchType:      "FARGATE",
		PlatformVersion: o.PlatformVersion,
		NetworkConfiguration: &world.NetworkConfiguration{AwsvpcConfiguration: &world.AwsVpcConfiguration{
			Subnets: o.Subnets, SecurityGroups: o.SecurityGroups, AssignPublicIp: public}},
		Origin: world.Origin{File: "the command line", Path: "--task-definition --subnets"},
	})
	return w
}

// simulateOptions are the simulation options the flags ask for.
func (o *CheckOptions) simulateOptions() []taskstart.Option {
	var sopts []taskstart.Option
	if o.TaskDefinition != "" {
		sopts = append(sopts, taskstart.WithTaskDefinition(o.TaskDefinition))
	}
	if o.Service != "" {
		sopts = append(sopts, taskstart.WithService(o.Service))
	}
	if o.Assume == "defaults" {
		sopts = append(sopts, taskstart.WithAssumedDefaults())
	}
	return append(sopts, o.stackFilter()...)
}
