package main

import (
	"encoding/json"
	"errors"
	"io/fs"
	"strings"

	"github.com/ecs-preflight/ecs-preflight/iam"
	"github.com/ecs-preflight/ecs-preflight/iam/simulation"
	"github.com/ecs-preflight/ecs-preflight/internal/termsafe"
	"github.com/ecs-preflight/ecs-preflight/iostreams"
	"github.com/ecs-preflight/ecs-preflight/source"
	"github.com/spf13/cobra"
)

// IAMOptions are the flags of `iam`.
type IAMOptions struct {
	IO     *iostreams.IOStreams
	File   string
	Format string
	Output string
}

func newCmdIAM(f *Factory, runF func(*IAMOptions) error) *cobra.Command {
	opts := &IAMOptions{IO: f.IOStreams}
	cmd := &cobra.Command{
		Use:   "iam FILE",
		Short: "Decide one IAM request described in a simulation document",
		Long: `Decide one request — principal, action, resource, context keys and the identity,
boundary, SCP, RCP, resource and VPC endpoint policies that apply — with AWS's
policy evaluation logic, and print the decision with the statements that decided it.
The document format is in docs/iam-simulation.md. Use - for standard input.

Exit codes: 0 allow, 1 deny (implicit or explicit), 3 unknown, 2 usage or input
error; with "expect" in the document, 1 when the decision differs from it.`,
		Example: `  ecs-preflight iam request.json
  ecs-preflight iam --format json - < request.json`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.File = args[0]
			switch opts.Format {
			case "text", "json":
			default:
				return usagef("unknown format %q; formats: text, json", opts.Format)
			}
			if runF != nil {
				return runF(opts)
			}
			return withOutputFile(&opts.IO, opts.Output, func() error { return runIAM(opts) })
		},
	}
	cmd.Flags().StringVarP(&opts.Format, "format", "f", "text", "output `format`: text or json")
	cmd.Flags().StringVarP(&opts.Output, "output", "o", "", "write the decision to `FILE` (atomically); the exit code is unchanged")
	return cmd
}

// iamOutput is the JSON form of a decision.
type iamOutput struct {
	Decision string     `json:"decision"`
	Reason   string     `json:"reason,omitempty"`
	DeniedBy string     `json:"deniedBy,omitempty"`
	Deciding []iamMatch `json:"deciding,omitempty"`
	Missing  []string   `json:"missing,omitempty"`
	// Note qualifies a decisive deny beside unresolved policies: they could
	// only make it explicit.
	Note    string     `json:"note,omitempty"`
	Expect  string     `json:"expect,omitempty"`
	Request iamRequest `json:"request"`
}

type iamMatch struct {
	Layer     string `json:"layer"`
	Policy    string `json:"policy"`
	Statement string `json:"statement"`
	Effect    string `json:"effect"`
}

type iamRequest struct {
	Principal string `json:"principal"`
	Action    string `json:"action"`
	Resource  string `json:"resource"`
}

func runIAM(o *IAMOptions) error {
	var data []byte
	var err error
	if o.File == "-" {
		data, err = source.ReadLimited(o.IO.In, simulation.MaxSize)
	} else {
		data, err = source.ReadFile(o.File, simulation.MaxSize)
	}
	if err != nil {
		// The *fs.PathError would repeat the file name whole.
		if pe, ok := errors.AsType[*fs.PathError](err); ok {
			err = pe.Err
		}
		return &source.InputError{Kind: "simulation", File: o.File, Err: err}
	}
	sim, err := simulation.Read(o.File, data)
	if err != nil {
		return locate(err, data)
	}
	dec := sim.Run()
	who := sim.Request.Principal.ARN
	if who == "" {
		who = sim.Request.Principal.Service
	}
	out := iamOutput{
		Decision: string(dec.Effect), Reason: dec.Reason, DeniedBy: string(dec.DeniedBy),
		Missing: dec.Missing, Note: dec.Note, Expect: string(sim.Expect),
		Request: iamRequest{Principal: who, Action: sim.Request.Action, Resource: sim.Request.Resource},
	}
	for _, m := range dec.Deciding {
		out.Deciding = append(out.Deciding, iamMatch{Layer: string(m.Layer), Policy: m.Policy, Statement: m.Statement, Effect: m.Effect})
	}
	if o.Format == "json" {
		enc := json.NewEncoder(o.IO.Out)
		enc.SetIndent("", "  ")
		if err := enc.Encode(out); err != nil {
			return err
		}
	} else {
		termsafe.Fprintf(o.IO.Out, "%s %s on %s: %s\n", who, out.Request.Action, out.Request.Resource, out.Decision)
		if dec.Reason != "" {
			termsafe.Fprintf(o.IO.Out, "  %s\n", dec.Reason)
		}
		for _, m := range out.Deciding {
			termsafe.Fprintf(o.IO.Out, "  %s statement %s of %s %q\n", m.Effect, m.Statement, m.Layer, m.Policy)
		}
		for _, m := range dec.Missing {
			termsafe.Fprintf(o.IO.Out, "  missing: %s\n", m)
		}
		if dec.Note != "" {
			termsafe.Fprintf(o.IO.Out, "  note: %s\n", dec.Note)
		}
		switch {
		case sim.Expect == dec.Effect:
			termsafe.Fprintf(o.IO.Out, "  expect %s: matched\n", sim.Expect)
		case sim.Expect != "":
			termsafe.Fprintf(o.IO.Out, "  expect %s: NOT matched (the decision is %s)\n", sim.Expect, dec.Effect)
		}
	}
	switch {
	case sim.Expect != "" && sim.Expect != dec.Effect:
		return &verdictError{exitFail}
	case sim.Expect != "":
		return nil
	case dec.Effect == iam.Allow:
		return nil
	case dec.Effect == iam.Unknown:
		return &verdictError{exitUnknown}
	}
	return &verdictError{exitFail}
}

// locate gives an error that names a JSON path of the document the line
// and column where that value starts, so that an editor can go there; a
// path into a policy document given as an object is followed into it
// ("$.policies.identity[0]" with the policy's "$.Statement[1].Condtion"
// is "$.policies.identity[0].document.Statement[1].Condtion").
func locate(err error, data []byte) error {
	ie, ok := errors.AsType[*source.InputError](err)
	if !ok || ie.Line > 0 || !strings.HasPrefix(ie.Path, "$") {
		return err
	}
	path := ie.Path
	// iam.Parse's errors: "policy NAME: " and the policy's own error,
	// which starts with its JSON path when it has one.
	if inner := errors.Unwrap(ie.Err); inner != nil && strings.HasPrefix(ie.Err.Error(), "policy ") {
		path += ".document"
		if in, _, _ := strings.Cut(inner.Error(), ": "); strings.HasPrefix(in, "$") {
			path += in[1:]
		}
	}
	if line, col, ok := jsonPosition(data, path); ok {
		ie.Line, ie.Column = line, col
	}
	return err
}
