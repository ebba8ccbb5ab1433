package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	"github.com/ecs-preflight/ecs-preflight/examples"
	"github.com/ecs-preflight/ecs-preflight/explain"
	"github.com/ecs-preflight/ecs-preflight/internal/termsafe"
	"github.com/ecs-preflight/ecs-preflight/iostreams"
	"github.com/ecs-preflight/ecs-preflight/netpath"
	"github.com/ecs-preflight/ecs-preflight/report/text"
	"github.com/ecs-preflight/ecs-preflight/source"
	"github.com/ecs-preflight/ecs-preflight/taskstart"
	"github.com/ecs-preflight/ecs-preflight/world"
	"github.com/spf13/cobra"
)

// maxExplainText caps the text explain reads from stdin, as the readers
// cap their files: a megabyte line still classifies in linear time, and a
// stream without end fails instead of filling memory.
const maxExplainText = 4 << 20

// ExplainOptions are the flags of `explain`.
type ExplainOptions struct {
	IO *iostreams.IOStreams

	// Text is the argument: the error text, or "-" for stdin.
	Text   string
	Format string
	// Task is --task: with --cluster, the stopped task whose reasons are
	// read (ECS API "DescribeTasks").
	Task string
	// Check holds the inputs a check runs on (--snapshot, --example,
	// --cloudformation, --terraform-plan, --cluster and the credential
	// flags), as `check` takes them.
	Check CheckOptions
}

func newCmdExplain(f *Factory, runF func(*ExplainOptions) error) *cobra.Command {
	opts := &ExplainOptions{IO: f.IOStreams}
	opts.Check.IO = f.IOStreams
	cmd := &cobra.Command{
		Use:   "explain [TEXT | -]",
		Short: "Name the failing step and likely causes of a stoppedReason",
		Long: `Explain the error text of a stopped ECS task (its stoppedReason or a container's
reason, as the console, the CLI or a service event shows it): which start-phase
step failed, the error class, the service, IAM action and resource it names, and
the candidate causes, most likely first, each with why, what to check and the fix.

The text is the argument, or stdin with "-". Line breaks of a console copy, case,
redacted ARNs, retry counts and a cut-off tail do not matter. With --cluster and
--task the text is read from the stopped task (ecs:DescribeTasks).

With an input (--snapshot, --cloudformation, --terraform-plan, --example, or the
live task), the matching steps of 'check' are run and the failing ones that fit
the text are reported as findings; their causes come first.

Exit codes: 0 a step or cause was found, 3 nothing matched, 2 usage or input error.`,
		Example: `  ecs-preflight explain "CannotPullContainerError: pull image manifest has been retried 5 time(s): ... i/o timeout"
  aws ecs describe-tasks --cluster prod --tasks ID --query 'tasks[0].stoppedReason' --output text | ecs-preflight explain -
  ecs-preflight explain "unable to retrieve secret from asm ..." --example missing-s3-gateway
  ecs-preflight explain --cluster prod --task 0123456789abcdef0 --region eu-west-1`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.Text = args[0]
			}
			if err := opts.validate(); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return runExplain(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	c := &opts.Check
	fl.StringVar(&c.Snapshot, "snapshot", "", "check the services of a snapshot `FILE` and report the failing steps that match the text")
	fl.StringVar(&c.CloudFormation, "cloudformation", "", "check a CloudFormation template `FILE` (YAML or JSON)")
	fl.StringVar(&c.TerraformPlan, "terraform-plan", "", "check a Terraform plan `FILE` (terraform show -json)")
	fl.StringArrayVar(&c.Parameters, "parameter", nil, "template parameter `KEY=VALUE` (repeatable; --cloudformation only)")
	fl.StringVar(&c.Example, "example", "", "check an embedded example `NAME`: "+strings.Join(examples.Names(), ", "))
	fl.StringVar(&c.Region, "region", "", "region of the template or plan; with --cluster, the region to read")
	fl.StringVar(&c.Account, "account", "", "account id of the template or plan")
	fl.StringVar(&c.Service, "service", "", "check only this service (`name or ARN`)")
	fl.StringVar(&opts.Task, "task", "", "with --cluster: read the text from this stopped task `ID or ARN` (ecs:DescribeTasks) and check the service that ran it")
	fl.StringVarP(&opts.Format, "format", "f", "text", "output `format`: text or json")
	c.Live.register(fl)
	return cmd
}

func (o *ExplainOptions) validate() error {
	switch o.Format {
	case "text", "json":
	default:
		return usagef("unknown format %q; formats: text, json", o.Format)
	}
	c := &o.Check
	switch {
	case o.Task != "" && c.Live.Cluster == "":
		return usagef("--task reads a stopped task: give --cluster too")
	case c.Live.Cluster != "" && o.Task == "":
		return usagef("--cluster: give the stopped --task to explain")
	case o.Task != "" && o.Text != "":
		return usagef("give the text or --task, not both")
	case o.Task == "" && o.Text == "":
		return usagef("explain needs the error text (an argument, or - for stdin) or --cluster and --task")
	}
	if !o.checks() {
		if len(c.Parameters) > 0 || c.Region != "" || c.Account != "" || c.Service != "" {
			return usagef("--parameter, --region, --account and --service apply to an input: --snapshot, --cloudformation, --terraform-plan, --example or --cluster")
		}
		return c.Live.validate()
	}
	// The inputs are check's: validate them as check does.
	c.Format = "text"
	return c.validate()
}

// checks reports whether an input to check was given.
func (o *ExplainOptions) checks() bool {
	c := &o.Check
	return c.Snapshot != "" || c.Example != "" || c.CloudFormation != "" || c.TerraformPlan != "" || c.Live.Cluster != ""
}

func runExplain(ctx context.Context, o *ExplainOptions) error {
	if ctx == nil {
		ctx = context.Background()
	}
	in := o.Text
	if in == "-" {
		b, err := source.ReadLimited(o.IO.In, maxExplainText)
		if err != nil {
			return &source.InputError{Kind: "text", File: "stdin", Err: err}
		}
		in = string(b)
	}
	var e *explain.Explanation
	if o.Task != "" {
		te, svc, td, err := o.describeTask(ctx)
		if err != nil {
			return err
		}
		e = te
		// Check the service that ran the task, else its task definition.
		if o.Check.Service == "" && svc != "" {
			o.Check.Service = svc
		} else if o.Check.Service == "" && td != "" {
			o.Check.TaskDefinition = td
		}
	} else {
		e = explain.Classify(in)
	}
	if o.checks() {
		if err := o.findings(ctx, e); err != nil {
			return err
		}
	}
	if err := o.render(e); err != nil {
		return err
	}
	if !e.Matched() {
		return &verdictError{exitUnknown}
	}
	return nil
}

// describeTask reads the stopped task (ECS API "DescribeTasks": the task's
// stoppedReason and each container's reason) and explains the first of
// those texts that names a step, else the stoppedReason. It returns the
// service that started the task (its group "service:NAME") and its task
// definition.
func (o *ExplainOptions) describeTask(ctx context.Context) (*explain.Explanation, string, string, error) {
	cfg, err := o.Check.Live.config(ctx, o.Check.Region)
	if err != nil {
		return nil, "", "", err
	}
	out, err := ecs.NewFromConfig(cfg).DescribeTasks(ctx, &ecs.DescribeTasksInput{
		Cluster: aws.String(o.Check.Live.Cluster),
		Tasks:   []string{o.Task},
	})
	if err != nil {
		return nil, "", "", fmt.Errorf("ecs:DescribeTasks %s: %w", source.Quote(o.Task), err)
	}
	if len(out.Tasks) == 0 {
		reason := "MISSING"
		if len(out.Failures) > 0 {
			reason = aws.ToString(out.Failures[0].Reason)
		}
		return nil, "", "", &source.InputError{Kind: "task", File: o.Task, Err: fmt.Errorf("cluster %s: %s (ECS keeps a stopped task about an hour)", source.Quote(o.Check.Live.Cluster), reason)}
	}
	task := out.Tasks[0]
	texts := []string{aws.ToString(task.StoppedReason)}
	for _, c := range task.Containers {
		texts = append(texts, aws.ToString(c.Reason))
	}
	var e *explain.Explanation
	for _, t := range texts {
		if t == "" {
			continue
		}
		if x := explain.Classify(t); x.Step != explain.StepUnknown {
			e = x
			break
		} else if e == nil {
			e = x
		}
	}
	if e == nil {
		e = explain.Classify("")
	}
	svc, _ := strings.CutPrefix(aws.ToString(task.Group), "service:")
	if svc == aws.ToString(task.Group) {
		svc = ""
	}
	return e, svc, aws.ToString(task.TaskDefinitionArn), nil
}

// findings runs the check of the input through the same loading and
// simulation as `check`, keeps the failing steps that match the
// explanation, and moves the causes they show to the front.
func (o *ExplainOptions) findings(ctx context.Context, e *explain.Explanation) error {
	c := &o.Check
	sopts := c.simulateOptions()
	var w *world.World
	if c.Live.reads() {
		lr, err := c.loadLive(ctx, sopts)
		if err != nil {
			return err
		}
		reportFailures(o.IO, lr)
		w = lr.World
	} else {
		var err error
		if w, err = c.load(ctx); err != nil {
			return err
		}
	}
	var found []taskstart.Step
	_, err := taskstart.SimulateEach(ctx, w, func(t taskstart.Task) error {
		for _, st := range t.Steps {
			if st.Status == taskstart.Fail && matches(e, st) {
				found = append(found, st)
			}
		}
		return nil
	}, sopts...)
	if err != nil {
		return err
	}
	var first []string
	for _, st := range found {
		e.Findings = append(e.Findings, st)
		first = append(first, findingCauses(st)...)
	}
	promote(e, first)
	return nil
}

// matches reports whether a failing step of the check fits the text: the
// same step (any, when the text does not say) and, when both name one, the
// same service.
func matches(e *explain.Explanation, st taskstart.Step) bool {
	if e.Step != explain.StepUnknown && string(st.Step) != e.Step {
		return false
	}
	svc := stepService(st)
	if e.Service == "" || svc == "" || svc == e.Service {
		return true
	}
	// A KMS denial is reported on the secret's read.
	return e.Service == "kms" && (svc == "secretsmanager" || svc == "ssm")
}

// stepService is the service a step called: its network evidence's, else
// its IAM action's.
func stepService(st taskstart.Step) string {
	if st.Network != nil && st.Network.Service != "" {
		return st.Network.Service
	}
	if st.IAM == nil {
		return ""
	}
	svc, _, _ := strings.Cut(st.IAM.Action, ":")
	switch st.IAM.Action {
	case "ecr:GetAuthorizationToken":
		return "ecr.api"
	case "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer":
		return "ecr.dkr"
	}
	return svc
}

// findingCauses are the cause ids a failing step shows: the network block
// that drops the call, or the IAM decision that denies it.
func findingCauses(st taskstart.Step) []string {
	var out []string
	if n := st.Network; n != nil && n.BlockedBy != "" {
		switch n.BlockedBy {
		case netpath.BlockRoute:
			if n.Service != "" && n.Service != "registry" {
				out = append(out, "network:endpoint-missing:"+n.Service)
			}
			out = append(out, "network:no-route")
		case netpath.BlockPublicIP:
			out = append(out, "network:no-public-ip")
		case netpath.BlockSecurityGroup:
			out = append(out, "network:security-group")
		case netpath.BlockNACL:
			out = append(out, "network:nacl")
		case netpath.BlockDNS:
			out = append(out, "network:private-dns")
		case netpath.BlockEndpointPolicy:
			out = append(out, "network:endpoint-policy")
		}
	}
	if st.IAM != nil && st.IAM.Decision != "allow" && st.IAM.Decision != "unknown" {
		// The policy that decides, as taskstart names the resource policies
		// it parses.
		for prefix, id := range resourcePolicyCauses {
			if strings.HasPrefix(st.IAM.Policy, prefix) {
				out = append(out, id)
			}
		}
	}
	if st.IAM != nil && validAction(st.IAM.Action) {
		switch st.IAM.Decision {
		case "explicit-deny":
			out = append(out, "explicit-deny:"+st.IAM.Action)
		case "implicit-deny":
			out = append(out, "missing-permission:"+st.IAM.Action)
		}
	}
	return out
}

// resourcePolicyCauses are the causes of a denial by a resource-based
// policy, by the name taskstart gives the policy.
var resourcePolicyCauses = map[string]string{
	"bucket policy of ":         "bucket-policy",
	"repository policy of ":     "repository-policy",
	"key policy of ":            "kms-key-policy",
	"resource policy of secret": "secret-resource-policy",
	"endpoint policy of ":       "network:endpoint-policy",
}

// validAction reports whether an IAM action has the contract's form
// service:Action.
func validAction(a string) bool {
	svc, act, ok := strings.Cut(a, ":")
	return ok && svc != "" && act != "" && !strings.ContainsAny(a, " \t") && strings.Count(a, ":") == 1
}

// promote moves the causes the check found to the front, in the order
// found, adding those the text alone did not suggest.
func promote(e *explain.Explanation, ids []string) {
	if len(ids) == 0 {
		return
	}
	var front []explain.Cause
	for _, id := range ids {
		if slices.ContainsFunc(front, func(c explain.Cause) bool { return c.Cause == id }) {
			continue
		}
		if i := slices.IndexFunc(e.Causes, func(c explain.Cause) bool { return c.Cause == id }); i >= 0 {
			c := e.Causes[i]
			c.Why = "the check finds it: " + c.Why
			front = append(front, c)
			e.Causes = slices.Delete(e.Causes, i, i+1)
			continue
		}
		c := explain.Describe(id, e)
		c.Why = "the check finds it: " + c.Why
		front = append(front, c)
	}
	e.Causes = append(front, e.Causes...)
}

func (o *ExplainOptions) render(e *explain.Explanation) error {
	if o.Format == "json" {
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(e); err != nil {
			return err
		}
		_, err := o.IO.Out.Write(termsafe.JSON(b.Bytes()))
		return err
	}
	return writeExplanation(o.IO.Out, e, o.IO.TerminalWidth())
}

// shownCauses is how many causes the text form writes in full.
const shownCauses = 3

// writeExplanation is the short text form, folded to width on a terminal
// (0: not folded) as check's text is.
func writeExplanation(w io.Writer, e *explain.Explanation, width int) error {
	if !e.Matched() {
		_, err := termsafe.Fprintf(w, "no start-phase error recognised in the text\n")
		return err
	}
	head := e.Step
	var notes []string
	if e.Class != "" {
		notes = append(notes, e.Class)
	}
	switch e.LaunchType {
	case explain.FamilyFargate:
		notes = append(notes, "Fargate platform wording")
	case explain.FamilyEC2:
		notes = append(notes, "ECS agent wording")
	}
	if len(notes) > 0 {
		head += " (" + strings.Join(notes, ", ") + ")"
	}
	var b strings.Builder
	termsafe.Fprintf(&b, "step: %s\n", head)
	for _, kv := range [][2]string{{"service", e.Service}, {"action", e.Action}, {"resource", e.Resource}} {
		if kv[1] != "" {
			termsafe.Fprintf(&b, "%s: %s\n", kv[0], source.Cut(kv[1]))
		}
	}
	if len(e.Causes) > 0 {
		b.WriteString("causes, most likely first:\n")
	}
	for i, c := range e.Causes {
		if i == shownCauses {
			// Short: the rest by id only; --format json has them all.
			var rest []string
			for _, c := range e.Causes[i:] {
				rest = append(rest, c.Cause)
			}
			termsafe.Fprintf(&b, "  also: %s\n", strings.Join(rest, ", "))
			break
		}
		termsafe.Fprintf(&b, "  %d. %s\n     why: %s\n", i+1, c.Cause, c.Why)
		if c.Check != "" {
			termsafe.Fprintf(&b, "     check: %s\n", c.Check)
		}
		if c.Fix != "" {
			termsafe.Fprintf(&b, "     fix: %s\n", c.Fix)
		}
	}
	if len(e.Findings) > 0 {
		b.WriteString("findings of the check:\n")
	}
	for _, f := range e.Findings {
		st, ok := f.(taskstart.Step)
		if !ok {
			continue
		}
		where := string(st.Step)
		if st.Container != "" {
			where = "container " + st.Container + ", " + where
		}
		termsafe.Fprintf(&b, "  %s: %s\n", where, st.Summary)
		if st.Fix != "" {
			termsafe.Fprintf(&b, "     fix: %s\n", st.Fix)
		}
	}
	_, err := io.WriteString(w, text.FoldBlock(b.String(), width))
	return err
}
