package cloudformation

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/source"
	"github.com/ecs-preflight/ecs-preflight/world"
)

// logGroupNames reads a template and returns its log group names, sorted:
// the loops below make log groups, the simplest resource with a name.
func logGroupNames(t *testing.T, tpl string, opts ...Option) ([]string, error) {
	t.Helper()
	w, err := Read("stack.yaml", []byte(tpl), opts...)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, g := range w.LogGroups.All() {
		out = append(out, g.LogGroupName)
	}
	slices.Sort(out)
	return out, nil
}

const langExt = "Transform: AWS::LanguageExtensions\n"

// TestForEach checks the expansion of Fn::ForEach (CFN template reference
// "Fn::ForEach", AWS::LanguageExtensions).
func TestForEach(t *testing.T) {
	for _, tc := range []struct {
		name, tpl string
		given     map[string]string
		want      []string
		err       string
	}{
		{"Fn::ForEach: ${Identifier} in OutputKey and OutputValue", langExt + `Resources:
  Fn::ForEach::Logs:
    - App
    - [api, worker]
    - Log${App}:
        Type: AWS::Logs::LogGroup
        Properties: {LogGroupName: '/ecs/${App}'}
`, nil, []string{"/ecs/api", "/ecs/worker"}, ""},
		{"Fn::ForEach: Ref Identifier is the item", langExt + `Resources:
  Fn::ForEach::Logs:
    - App
    - [api]
    - Log${App}:
        Type: AWS::Logs::LogGroup
        Properties: {LogGroupName: !Ref App}
`, nil, []string{"api"}, ""},
		{"Fn::ForEach: &{Identifier} drops non-alphanumeric characters", langExt + `Resources:
  Fn::ForEach::Logs:
    - Cidr
    - [10.0.2.0/24]
    - Log&{Cidr}:
        Type: AWS::Logs::LogGroup
        Properties: {LogGroupName: !Sub 'x-&{Cidr}-${Cidr}'}
  Probe:
    Type: AWS::Logs::LogGroup
    Properties: {LogGroupName: !Sub 'p-${Log1002024}'}
`, nil, []string{"p-x-1002024-10.0.2.0/24", "x-1002024-10.0.2.0/24"}, ""},
		{"Fn::ForEach: nested loops", langExt + `Resources:
  Fn::ForEach::Envs:
    - Env
    - [dev, prod]
    - Fn::ForEach::Apps:
        - App
        - [api, web]
        - ${Env}${App}Log:
            Type: AWS::Logs::LogGroup
            Properties: {LogGroupName: !Sub '/${Env}/${App}'}
`, nil, []string{"/dev/api", "/dev/web", "/prod/api", "/prod/web"}, ""},
		{"Fn::ForEach: collection from a Ref to a CommaDelimitedList", langExt + `Parameters:
  Apps: {Type: CommaDelimitedList, Default: "a, b"}
Resources:
  Fn::ForEach::Logs:
    - App
    - !Ref Apps
    - Log${App}:
        Type: AWS::Logs::LogGroup
        Properties: {LogGroupName: '/l/${App}'}
`, map[string]string{"Apps": "x,y,z"}, []string{"/l/x", "/l/y", "/l/z"}, ""},
		{"Fn::ForEach: in Conditions and Outputs", langExt + `Conditions:
  Fn::ForEach::Conds:
    - Env
    - [dev, prod]
    - Is${Env}: !Equals [!Ref AWS::StackName, stack]
Resources:
  Fn::ForEach::Logs:
    - Env
    - [dev, prod]
    - Log${Env}:
        Type: AWS::Logs::LogGroup
        Condition: Is${Env}
        Properties: {LogGroupName: '/${Env}'}
Outputs:
  Fn::ForEach::Outs:
    - Env
    - [dev, prod]
    - Log${Env}Name: {Value: !Ref "Log${Env}"}
`, nil, []string{"/dev", "/prod"}, ""},
		{"Fn::ForEach: in resource properties", langExt + `Resources:
  Log:
    Type: AWS::Logs::LogGroup
    Properties:
      LogGroupName: one
      Fn::ForEach::Tags:
        - K
        - [RetentionInDays]
        - ${K}: 7
`, nil, []string{"one"}, ""},
		{"Fn::ForEach: needs the AWS::LanguageExtensions transform", `Resources:
  Fn::ForEach::Logs:
    - App
    - [api]
    - Log${App}: {Type: AWS::Logs::LogGroup}
`, nil, nil, "Fn::ForEach needs Transform: AWS::LanguageExtensions"},
		{"Fn::ForEach: the OutputKey must hold the identifier", langExt + `Resources:
  Fn::ForEach::Logs:
    - App
    - [api, web]
    - Log: {Type: AWS::Logs::LogGroup}
`, nil, nil, "the OutputKey Log holds neither ${App} nor &{App}"},
		{"Fn::ForEach: a logical id made twice", langExt + `Resources:
  Fn::ForEach::Logs:
    - App
    - [a-b, ab]
    - Log&{App}: {Type: AWS::Logs::LogGroup}
`, nil, nil, "Fn::ForEach makes the key Logab twice"},
		{"Fn::ForEach: a logical id the template already has", langExt + `Resources:
  Loga: {Type: AWS::Logs::LogGroup}
  Fn::ForEach::Logs:
    - App
    - [a]
    - Log${App}: {Type: AWS::Logs::LogGroup}
`, nil, nil, "Fn::ForEach makes the key Loga twice"},
		{"Fn::ForEach: want three arguments", langExt + `Resources:
  Fn::ForEach::Logs: [App, [a]]
`, nil, nil, "Fn::ForEach: want [Identifier, Collection, {OutputKey: OutputValue}]"},
		{"Fn::ForEach: a collection of objects is refused", langExt + `Resources:
  Fn::ForEach::Logs:
    - App
    - [{a: b}]
    - Log${App}: {Type: AWS::Logs::LogGroup}
`, nil, nil, "want a list of strings"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var opts []Option
			if tc.given != nil {
				opts = append(opts, WithParameters(tc.given))
			}
			got, err := logGroupNames(t, tc.tpl, opts...)
			if tc.err != "" {
				var ie *source.InputError
				if !errors.As(err, &ie) || !strings.Contains(err.Error(), tc.err) || ie.Line == 0 {
					t.Fatalf("error %v, want an input error with a line holding %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tc.want) {
				t.Fatalf("log groups %q, want %q", got, tc.want)
			}
		})
	}
}

// TestForEachUnknownCollection: a loop over a parameter without value
// makes nothing that can be named, so every task definition is unknown
// with the loop and the parameter named, never a fail from a missing
// endpoint (the principle of docs/model.md: a missing deciding fact is
// unknown).
func TestForEachUnknownCollection(t *testing.T) {
	tpl := langExt + `Parameters:
  Services: {Type: CommaDelimitedList}
Resources:
  Fn::ForEach::Endpoints:
    - Service
    - !Ref Services
    - Endpoint&{Service}:
        Type: AWS::EC2::VPCEndpoint
        Properties: {VpcId: vpc-1, ServiceName: !Sub 'com.amazonaws.us-east-1.${Service}'}
  Task:
    Type: AWS::ECS::TaskDefinition
    Properties:
      Family: app
      ContainerDefinitions: [{Name: app, Image: nginx}]
`
	w, err := Read("stack.yaml", []byte(tpl), docEnv...)
	if err != nil {
		t.Fatal(err)
	}
	tds := w.TaskDefinitions.All()
	if len(tds) != 1 {
		t.Fatalf("%d task definitions", len(tds))
	}
	msg := tds[0].Unknown["taskDefinition"]
	for _, want := range []string{"Fn::ForEach::Endpoints", `parameter "Services"`} {
		if !strings.Contains(msg, want) {
			t.Errorf("unknown %q, want it to name %s", msg, want)
		}
	}
	for _, e := range w.VPCEndpoints.All() {
		if !world.IsUnresolved(e.ServiceName) {
			t.Errorf("endpoint service %q, want a stand-in", e.ServiceName)
		}
	}
	// Given a value, the loop expands and nothing is unknown.
	w, err = Read("stack.yaml", []byte(tpl), append(docEnv, WithParameters(map[string]string{"Services": "logs,ecr.api"}))...)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(w.VPCEndpoints.All()); n != 2 {
		t.Errorf("%d endpoints, want 2", n)
	}
	if msg := w.TaskDefinitions.All()[0].Unknown["taskDefinition"]; msg != "" {
		t.Errorf("task definition unknown: %s", msg)
	}
}

// TestForEachUnknownConditionsAndResources: a Conditions loop and a
// Resources loop over the same parameter without value make the same
// stand-in names, so a resource's Condition still finds its condition and
// the template reads as unknown, not as an error.
func TestForEachUnknownConditionsAndResources(t *testing.T) {
	file := filepath.Join("testdata", "language", "foreach-app.yaml")
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	data = []byte(strings.Replace(string(data), "    Default: \"A,B\"\n", "", 1))
	w, err := Read(file, data, docEnv...)
	if err != nil {
		t.Fatal(err)
	}
	tds := w.TaskDefinitions.All()
	if len(tds) != 1 || !strings.Contains(tds[0].Unknown["taskDefinition"], `Fn::ForEach::Subnets over parameter "Zones"`) {
		t.Fatalf("task definitions %+v, want one unknown naming the Subnets loop and Zones", tds)
	}
}

// TestForEachBounded: a loop nest that would make more than the bound of
// nodes is an input error, not an exhausted memory (CFN "Fn::ForEach": the
// quotas apply to the resultant template).
func TestForEachBounded(t *testing.T) {
	var xs []string
	for i := range 100 {
		xs = append(xs, "a"+strconv.Itoa(i))
	}
	items := "[" + strings.Join(xs, ",") + "]"
	tpl := langExt + "Resources:\n"
	tpl += "  Fn::ForEach::A:\n    - X\n    - " + items + "\n    - Fn::ForEach::B:\n        - Y\n        - " + items + "\n        - Fn::ForEach::C:\n            - Z\n            - " + items + "\n            - L${X}${Y}${Z}: {Type: AWS::Logs::LogGroup, Properties: {LogGroupName: x}}\n"
	_, err := Read("stack.yaml", []byte(tpl))
	if err == nil || !strings.Contains(err.Error(), "YAML nodes more than the template") {
		t.Fatalf("error %v, want the expansion bound", err)
	}
}

// TestInclude checks AWS::Include (CFN "AWS::Include transform") with local
// snippets, read relative to the template as `aws cloudformation package`
// resolves Location, and remote ones, which stay unknown and named.
func TestInclude(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("logs.yaml", "IncludedLog:\n  Type: AWS::Logs::LogGroup\n  Properties: {LogGroupName: from-snippet}\n")
	write("name.json", `"json-name"`)
	write("self.yaml", "A:\n  Fn::Transform: {Name: AWS::Include, Parameters: {Location: self.yaml}}\n")
	write("sections.yaml", "Resources:\n  TopLog: {Type: AWS::Logs::LogGroup, Properties: {LogGroupName: top}}\n")
	write("bad.yaml", "A: [unclosed\n")
	task := "  Task:\n    Type: AWS::ECS::TaskDefinition\n    Properties: {Family: app, ContainerDefinitions: [{Name: app, Image: nginx}]}\n"
	for _, tc := range []struct {
		name, tpl   string
		want        []string
		unknownTask string // what the task definition's unknown must name
		err         string
	}{
		{"AWS::Include transform: a snippet among the resources", "Resources:\n  Own: {Type: AWS::Logs::LogGroup, Properties: {LogGroupName: own}}\n  Fn::Transform:\n    Name: AWS::Include\n    Parameters: {Location: logs.yaml}\n",
			[]string{"from-snippet", "own"}, "", ""},
		{"AWS::Include transform: a snippet as a property value (JSON)", "Resources:\n  L:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      LogGroupName: {'Fn::Transform': {Name: 'AWS::Include', Parameters: {Location: name.json}}}\n",
			[]string{"json-name"}, "", ""},
		{"AWS::Include transform: short form !Transform", "Resources:\n  L:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      LogGroupName: !Transform {Name: 'AWS::Include', Parameters: {Location: ./name.json}}\n",
			[]string{"json-name"}, "", ""},
		{"AWS::Include transform: the whole Resources section", "Resources:\n  Fn::Transform: {Name: AWS::Include, Parameters: {Location: logs.yaml}}\n",
			[]string{"from-snippet"}, "", ""},
		{"AWS::Include transform: syntax at the top level of a template", "Transform:\n  Name: AWS::Include\n  Parameters: {Location: sections.yaml}\n",
			[]string{"top"}, "", ""},
		{"AWS::Include transform: in a Transform list beside AWS::LanguageExtensions", "Transform: [AWS::LanguageExtensions, {Name: AWS::Include, Parameters: {Location: sections.yaml}}]\nConditions:\n  Fn::ForEach::C: [X, [a], {'Is${X}': !Equals [a, a]}]\n",
			[]string{"top"}, "", ""},
		{"AWS::Include transform: a snippet repeating a template section", "Transform: {Name: AWS::Include, Parameters: {Location: sections.yaml}}\nResources: {}\n",
			nil, "", "repeats the template section Resources"},
		{"AWS::Include transform: Location is a literal", "Resources:\n  Fn::Transform: {Name: AWS::Include, Parameters: {Location: !Ref X}}\n",
			nil, "", "Location is a literal string"},
		{"AWS::Include transform: an s3 Location is unknown, named", "Resources:\n" + task + "  Fn::Transform: {Name: AWS::Include, Parameters: {Location: 's3://bucket/endpoints.yaml'}}\n",
			nil, "AWS::Include (Location s3://bucket/endpoints.yaml), a snippet CloudFormation inserts at deploy", ""},
		{"AWS::Include transform: an s3 Location at the top level is unknown, named", "Transform: {Name: AWS::Include, Parameters: {Location: 's3://bucket/all.yaml'}}\nResources:\n" + task,
			nil, "AWS::Include (Location s3://bucket/all.yaml), a snippet CloudFormation inserts at deploy", ""},
		{"AWS::Include transform: a missing file names the Location", "Resources:\n  Fn::Transform: {Name: AWS::Include, Parameters: {Location: nothere.yaml}}\n",
			nil, "", `AWS::Include Location "nothere.yaml"`},
		{"AWS::Include transform: a snippet that includes itself", "Resources:\n  Fn::Transform: {Name: AWS::Include, Parameters: {Location: self.yaml}}\n",
			nil, "", "a snippet includes itself"},
		{"AWS::Include transform: a snippet's syntax error names the snippet", "Resources:\n  Fn::Transform: {Name: AWS::Include, Parameters: {Location: bad.yaml}}\n",
			nil, "", "bad.yaml"},
		{"AWS::Include transform: Location is required", "Resources:\n  Fn::Transform: {Name: AWS::Include, Parameters: {}}\n",
			nil, "", "want Parameters.Location"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w, err := Read(filepath.Join(dir, "stack.yaml"), []byte(tc.tpl), docEnv...)
			if tc.err != "" {
				var ie *source.InputError
				if !errors.As(err, &ie) || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want an input error holding %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, g := range w.LogGroups.All() {
				got = append(got, g.LogGroupName)
			}
			slices.Sort(got)
			if !slices.Equal(got, tc.want) {
				t.Errorf("log groups %q, want %q", got, tc.want)
			}
			if tc.unknownTask != "" {
				tds := w.TaskDefinitions.All()
				if len(tds) != 1 || !strings.Contains(tds[0].Unknown["taskDefinition"], tc.unknownTask) {
					t.Fatalf("task definitions %v, want one unknown naming %q", tds, tc.unknownTask)
				}
			}
		})
	}
}

// FuzzExpand checks that expanding Fn::ForEach and AWS::Include never
// panics, that every error is an *source.InputError, and that the
// expansion stays within its bound.
func FuzzExpand(f *testing.F) {
	// Small seeds only: with the fixtures (6 KB and more) the fuzzing
	// engine spends its time minimizing them and makes no progress.
	f.Add([]byte("Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      Policies: {'Fn::Transform': {Name: 'AWS::Include', Parameters: {Location: snippets/read-secret-policy.json}}}\n  DbSecret: {Type: AWS::SecretsManager::Secret}\n"))
	f.Add([]byte(langExt + "Parameters:\n  P: {Type: CommaDelimitedList, Default: 'a,b', AllowedPattern: '[a-z]+'}\nRules:\n  R:\n    Assertions: [{Assert: {'Fn::Contains': [!Ref P, a]}}]\nConditions:\n  Fn::ForEach::C: [X, !Ref P, {'Is${X}': !Equals [!Ref X, a]}]\nResources:\n  Fn::ForEach::A: [X, !Ref P, {'L${X}': {Type: AWS::Logs::LogGroup, Condition: 'Is${X}'}}]\n"))
	f.Add([]byte(langExt + "Resources:\n  Fn::ForEach::A:\n    - X\n    - [a, b]\n    - Fn::ForEach::B:\n        - Y\n        - [c]\n        - L${X}&{Y}: {Type: AWS::Logs::LogGroup, Properties: {LogGroupName: !Ref X}}\n"))
	f.Add([]byte(langExt + "Parameters:\n  P: {Type: CommaDelimitedList}\nResources:\n  Fn::ForEach::A: [X, !Ref P, {L${X}: {Type: AWS::SNS::Topic}}]\n"))
	f.Add([]byte("Transform: {Name: AWS::Include, Parameters: {Location: snippets/interface-endpoints.yaml}}\nResources:\n  Fn::Transform: {Name: AWS::Include, Parameters: {Location: s3://b/k}}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		_, err := Read(filepath.Join("testdata", "language", "fuzz.yaml"), data)
		if err == nil {
			return
		}
		var ie *source.InputError
		if !errors.As(err, &ie) {
			t.Fatalf("error %v is %T, not *source.InputError", err, err)
		}
		if len(err.Error()) > 4096 {
			t.Fatalf("error of %d bytes", len(err.Error()))
		}
	})
}

// BenchmarkForEach reads a template whose loop makes 400 resources (two
// per item over 200 items), the expansion and the evaluation of what it
// makes.
func BenchmarkForEach(b *testing.B) {
	var xs []string
	for i := range 200 {
		xs = append(xs, "s"+strconv.Itoa(i))
	}
	tpl := []byte(langExt + "Resources:\n  Fn::ForEach::L:\n    - X\n    - [" + strings.Join(xs, ", ") + "]\n" +
		"    - Log${X}: {Type: AWS::Logs::LogGroup, Properties: {LogGroupName: !Sub '/ecs/${X}'}}\n" +
		"      Topic${X}: {Type: AWS::SNS::Topic, Properties: {TopicName: !GetAtt ['Log${X}', Arn]}}\n")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Read("stack.yaml", tpl, docEnv...); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLanguageFixture reads the Fn::ForEach fixture, with its
// parameter constraints and rules.
func BenchmarkLanguageFixture(b *testing.B) {
	data, err := os.ReadFile(filepath.Join("testdata", "language", "foreach-app.yaml"))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Read(filepath.Join("testdata", "language", "foreach-app.yaml"), data, docEnv...); err != nil {
			b.Fatal(err)
		}
	}
}
