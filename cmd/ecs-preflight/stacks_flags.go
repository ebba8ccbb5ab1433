package main

import (
	"context"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/ecs-preflight/ecs-preflight/internal/paramfile"
	"github.com/ecs-preflight/ecs-preflight/internal/stackglob"
	"github.com/ecs-preflight/ecs-preflight/source"
	"github.com/ecs-preflight/ecs-preflight/source/cdkassembly"
	"github.com/ecs-preflight/ecs-preflight/source/cloudformation"
	"github.com/ecs-preflight/ecs-preflight/taskstart"
	"github.com/ecs-preflight/ecs-preflight/world"
	"github.com/spf13/pflag"
)

// StackOptions are the flags of an application of several templates:
// --cloudformation (repeatable), --stack-name, --stack, --parameters-file,
// and --require-tasks.
//
//   - --cloudformation FILE reads a template; FILE=NAME gives its stack
//     name (AWS::StackName; default: the base name without extension); a
//     directory holding manifest.json is a CDK cloud assembly (cdk.out),
//     every stack of it, of its Stages too. A value that names an existing
//     file or directory as a whole is that path, even with an '=' in it;
//     else it is cut at its last '='. The templates are loaded together
//     with cloudformation.LoadStacks: one stack's Exports resolve another's
//     Fn::ImportValue.
//   - --stack-name NAME is the stack name of a single template.
//   - --stack NAME (repeatable) selects the stacks to check by display name
//     ("Prod/Service"), stack name ("Prod-Service") or artifact id, or for
//     a template by its file or stack name. Every stack still supplies its
//     exports and resources; only the tasks of the selected ones are
//     checked.
//   - --parameters-file FILE (repeatable) reads parameter values in the
//     AWS CLI's, CodePipeline's template configuration or KEY=VALUE shape
//     (internal/paramfile). FILE=STACK gives them to that stack; without
//     =STACK they go to the only stack, and with several stacks =STACK is
//     required. Later files override earlier ones, --parameter overrides
//     every file, and files override the parameters an assembly's manifest
//     gives. --parameter STACK:KEY=VALUE gives a value to one stack of
//     several (parameter and stack names cannot hold ':').
//   - --require-tasks makes an input without ECS task definitions or
//     services an input error (exit 2); without it that is "nothing to
//     check", a pass.
type StackOptions struct {
	Templates      []string
	StackName      string
	Select         []string
	ParameterFiles []string
	RequireTasks   bool

	// selected are the template files of the --stack stacks, filled when
	// the stacks are read; the simulation's filter reads them.
	selected map[string]bool
}

// templatesValue is --cloudformation: every value is kept in Templates,
// and CheckOptions.CloudFormation holds the first, so that the checks that
// ask whether a template is given at all stay as they are.
type templatesValue struct{ o *CheckOptions }

func (v templatesValue) String() string { return strings.Join(v.o.Stacks.Templates, ",") }
func (v templatesValue) Type() string   { return "stringArray" }
func (v templatesValue) Set(s string) error {
	if s == "" {
		return usagef("--cloudformation: want a FILE, FILE=NAME or a cloud assembly directory")
	}
	v.o.Stacks.Templates = append(v.o.Stacks.Templates, s)
	if v.o.CloudFormation == "" {
		v.o.CloudFormation = s
	}
	return nil
}

// registerStackFlags adds the flags of StackOptions to fl.
func (o *CheckOptions) registerStackFlags(fl *pflag.FlagSet) {
	s := &o.Stacks
	fl.Var(templatesValue{o}, "cloudformation", "read a CloudFormation template `FILE` (YAML or JSON), FILE=STACKNAME, or a CDK cloud assembly directory (cdk.out); repeatable: the templates are one application, one stack's exports resolving another's imports")
	fl.StringVar(&s.StackName, "stack-name", "", "the stack `name` (AWS::StackName) of a single --cloudformation template (default: its base name)")
	fl.StringArrayVar(&s.Select, "stack", nil, "check only this stack `NAME` (repeatable): a CDK display name (Stage/Stack), stack name or artifact id, or a template's stack name, or a pattern as cdk takes (Prod/*; ** for every stack); every stack still supplies exports and resources")
	fl.StringArrayVar(&s.ParameterFiles, "parameters-file", nil, "template parameter values from `FILE` (repeatable): AWS CLI [{\"ParameterKey\",\"ParameterValue\"}], CodePipeline {\"Parameters\":{...}} or KEY=VALUE lines; FILE=STACK for one stack of several; --parameter overrides")
	fl.BoolVar(&s.RequireTasks, "require-tasks", false, "an input without ECS task definitions or services is an input error (exit 2) instead of \"nothing to check\" (exit 0)")
}

// validateStacks checks the flags of StackOptions that need no file read.
func (o *CheckOptions) validateStacks() error {
	s := &o.Stacks
	if o.CloudFormation == "" && (s.StackName != "" || len(s.Select) > 0 || len(s.ParameterFiles) > 0) {
		return usagef("--stack-name, --stack and --parameters-file apply to --cloudformation")
	}
	if s.StackName != "" && len(s.Templates) != 1 {
		return usagef("--stack-name names a single template's stack; with several, write --cloudformation FILE=NAME")
	}
	for _, n := range s.Select {
		if n == "" {
			return usagef("--stack: want a stack name")
		}
	}
	for _, f := range s.ParameterFiles {
		if f == "" {
			return usagef("--parameters-file: want a FILE or FILE=STACK")
		}
	}
	return nil
}

// appStack is one stack of the application with the names --stack,
// --parameters-file FILE=STACK and --parameter STACK:KEY=VALUE know it by.
type appStack struct {
	cloudformation.Stack
	names []string
}

// is reports whether the stack answers to name.
func (a *appStack) is(name string) bool { return slices.Contains(a.names, name) }

// splitLast cuts v at its last '=' unless v names an existing path.
func splitLast(v string) (file, name string) {
	if _, err := os.Stat(v); err == nil {
		return v, ""
	}
	if i := strings.LastIndexByte(v, '='); i > 0 {
		return v[:i], v[i+1:]
	}
	return v, ""
}

// stackNameRE is a stack name: CFN API "CreateStack", StackName: "can
// contain only alphanumeric characters (case-sensitive) and hyphens. It
// must start with an alphabetic character and can't be longer than 128
// characters" (pattern [a-zA-Z][-a-zA-Z0-9]*).
var stackNameRE = regexp.MustCompile(`^[a-zA-Z][-a-zA-Z0-9]{0,127}$`)

// templateExts are the extensions the reader cuts from a file's base name
// to make its default stack name.
var templateExts = []string{".template.json", ".json", ".yaml", ".yml", ".template", ".cfn"}

// appStacks reads the --cloudformation values (and the assemblies they
// name) into the stacks of the application, with their parameters.
func (o *CheckOptions) appStacks() ([]*appStack, error) {
	var out []*appStack
	templates := o.Stacks.Templates
	if len(templates) == 0 && o.CloudFormation != "" {
		// Set without the flag, as a Go caller may.
		templates = []string{o.CloudFormation}
	}
	for _, v := range templates {
		file, name := splitLast(v)
		if fi, err := os.Stat(file); err == nil && fi.IsDir() {
			if name != "" || o.Stacks.StackName != "" {
				return nil, usagef("--cloudformation %q: a cloud assembly's stacks have their names (no =NAME or --stack-name)", v)
			}
			if !cdkassembly.IsAssembly(file) {
				return nil, usagef("--cloudformation %q: a directory must be a CDK cloud assembly (with %s)", v, cdkassembly.ManifestFile)
			}
			a, err := cdkassembly.Read(file)
			if err != nil {
				return nil, err
			}
			for _, s := range a.Stacks {
				out = append(out, &appStack{Stack: s.Stack, names: []string{s.DisplayName, s.Stack.Name, s.ID}})
			}
			continue
		}
		if name == "" {
			name = o.Stacks.StackName
		}
		if name != "" && !stackNameRE.MatchString(name) {
			return nil, usagef("stack name %q: a stack name starts with a letter and holds only letters, digits and hyphens, at most 128", name)
		}
		st := &appStack{Stack: cloudformation.Stack{File: file, Name: name}, names: []string{file, filepath.Base(file)}}
		if name != "" {
			st.names = append(st.names, name)
		} else {
			base := filepath.Base(file)
			for _, ext := range templateExts {
				if strings.HasSuffix(strings.ToLower(base), ext) {
					st.names = append(st.names, base[:len(base)-len(ext)])
					break
				}
			}
		}
		out = append(out, st)
	}
	if err := o.stackParameters(out); err != nil {
		return nil, err
	}
	return out, nil
}

// find returns the stack named name.
func find(stacks []*appStack, name, flag string) (*appStack, error) {
	for _, s := range stacks {
		if s.is(name) {
			return s, nil
		}
	}
	var names []string
	for _, s := range stacks {
		names = append(names, s.names[0])
	}
	return nil, usagef("%s: no stack %q; stacks: %s", flag, name, strings.Join(names, ", "))
}

// selectStacks returns the stacks --stack NAME names: the one stack that
// answers to name, or, when name holds a wildcard (* or ?), every stack
// whose display name (a template's file) matches it, as the CDK CLI
// selects stacks (internal/stackglob).
func selectStacks(stacks []*appStack, name string) ([]*appStack, error) {
	if !stackglob.IsPattern(name) {
		s, err := find(stacks, name, "--stack")
		if err != nil {
			return nil, err
		}
		return []*appStack{s}, nil
	}
	re, err := stackglob.Compile(name)
	if err != nil {
		return nil, usagef("--stack %q: %v", name, err)
	}
	var out []*appStack
	for _, s := range stacks {
		if re.MatchString(s.names[0]) {
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		_, err := find(stacks, name, "--stack")
		return nil, err
	}
	return out, nil
}

// stackParameters lays the parameter files, then --parameter, over each
// stack's own parameters (an assembly's).
func (o *CheckOptions) stackParameters(stacks []*appStack) error {
	set := func(s *appStack, vals map[string]string) {
		if s.Parameters == nil {
			s.Parameters = map[string]string{}
		} else {
			s.Parameters = maps.Clone(s.Parameters)
		}
		maps.Copy(s.Parameters, vals)
	}
	only := func(flag, v string) (*appStack, error) {
		if len(stacks) != 1 {
			return nil, usagef("%s %q: several stacks are loaded; name the stack (%s)", flag, v, map[string]string{
				"--parameters-file": "FILE=STACK", "--parameter": "STACK:KEY=VALUE"}[flag])
		}
		return stacks[0], nil
	}
	for _, f := range o.Stacks.ParameterFiles {
		file, name := splitLast(f)
		var target *appStack
		var err error
		if name != "" {
			target, err = find(stacks, name, "--parameters-file "+source.Quote(f))
		} else {
			target, err = only("--parameters-file", f)
		}
		if err != nil {
			return err
		}
		vals, err := paramfile.ReadFile(file)
		if err != nil {
			return err
		}
		set(target, vals)
	}
	for _, p := range o.Parameters {
		kv := p
		stack, rest, scoped := strings.Cut(p, ":")
		scoped = scoped && !strings.Contains(stack, "=")
		if scoped {
			kv = rest
		}
		k, v, _ := strings.Cut(kv, "=")
		var target *appStack
		var err error
		if scoped {
			target, err = find(stacks, stack, "--parameter "+source.Quote(p))
		} else {
			target, err = only("--parameter", p)
		}
		if err != nil {
			return err
		}
		set(target, map[string]string{k: v})
	}
	return nil
}

// stacksInput is the --cloudformation input as a source.Source: every
// stack, loaded together, with the region and account the flags or the
// snapshot give. The stacks are read when it is loaded, so that a bad
// assembly or parameter file is an input error like a bad template.
type stacksInput struct {
	o               *CheckOptions
	region, account string
}

func (in *stacksInput) Load(ctx context.Context) (*world.World, error) {
	o := in.o
	stacks, err := o.appStacks()
	if err != nil {
		return nil, err
	}
	if len(o.Stacks.Select) > 0 {
		o.Stacks.selected = map[string]bool{}
		for _, n := range o.Stacks.Select {
			sel, err := selectStacks(stacks, n)
			if err != nil {
				return nil, err
			}
			for _, s := range sel {
				o.Stacks.selected[s.File] = true
			}
		}
	}
	var opts []cloudformation.Option
	if in.region != "" {
		opts = append(opts, cloudformation.WithRegion(in.region))
	}
	if in.account != "" {
		opts = append(opts, cloudformation.WithAccount(in.account))
	}
	opts = append(opts, o.templateMapOptions()...)
	src := &cloudformation.Stacks{Options: opts}
	for _, s := range stacks {
		src.Stacks = append(src.Stacks, s.Stack)
	}
	w, err := src.Load(ctx)
	if err != nil {
		return nil, err
	}
	// A CDK stack's environment pins the region and account: say so,
	// rather than the option LoadStacks passed it as.
	if r := pinned(stacks, func(s *appStack) string { return s.Region }); in.region == "" && r != "" && w.Region == r {
		w.RegionFrom = "the environment of the cloud assembly's stacks (manifest.json)"
	}
	if a := pinned(stacks, func(s *appStack) string { return s.Account }); in.account == "" && a != "" && w.AccountID == a {
		w.AccountFrom = "the environment of the cloud assembly's stacks (manifest.json)"
	}
	return w, nil
}

// pinned is the value every stack pins, "" when one pins none or they
// differ.
func pinned(stacks []*appStack, get func(*appStack) string) string {
	v := ""
	for i, s := range stacks {
		if i > 0 && get(s) != v {
			return ""
		}
		v = get(s)
	}
	return v
}

// stackFilter is the simulation option of --stack: only the tasks defined
// in the selected stacks' templates are checked (a service by its
// template, a task definition on its own by its). The stacks are known
// once the input is loaded, before the simulation runs.
func (o *CheckOptions) stackFilter() []taskstart.Option {
	if len(o.Stacks.Select) == 0 {
		return nil
	}
	return []taskstart.Option{taskstart.WithFilter(func(td *world.TaskDefinition, svc *world.Service) bool {
		if svc != nil {
			return o.Stacks.selected[svc.Origin.File]
		}
		return o.Stacks.selected[td.Origin.File]
	})}
}
