package cloudformation_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/source/cloudformation"
	"github.com/ecs-preflight/ecs-preflight/taskstart"
)

// outcome is what a check decides for a template: the verdict, and per
// task its verdict with the first step that fails or is unknown and its
// stoppedReason.
type outcome struct {
	verdict string
	tasks   []string
}

func outcomeOf(t *testing.T, file string, params map[string]string) outcome {
	t.Helper()
	opts := []cloudformation.Option{cloudformation.WithRegion("ap-northeast-1"), cloudformation.WithAccount("123456789012")}
	if params != nil {
		opts = append(opts, cloudformation.WithParameters(params))
	}
	w, err := cloudformation.Load(filepath.Join("testdata", "language", file), opts...)
	if err != nil {
		t.Fatal(err)
	}
	res, err := taskstart.Simulate(context.Background(), w)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Tasks) == 0 {
		t.Fatalf("%s: no task simulated", file)
	}
	o := outcome{verdict: string(res.Verdict)}
	for _, task := range res.Tasks {
		s := task.TaskDefinition + " " + string(task.Verdict)
		for _, st := range task.Steps {
			if st.Status == taskstart.Fail || st.Status == taskstart.Unknown {
				s += " " + string(st.Step) + " " + st.Container + " " + string(st.Status) + ": " + st.StoppedReason
				break
			}
		}
		o.tasks = append(o.tasks, s)
	}
	return o
}

// TestLanguageExtensionsSameAsHandExpanded: a template written with
// Fn::ForEach (CFN "Fn::ForEach"), or with AWS::Include snippets (CFN
// "AWS::Include transform"), gives the same verdicts, blamed step and
// stoppedReason as the same application written out by hand, for an
// application that passes and one that fails (no logs endpoint: the
// awslogs driver cannot create its stream).
func TestLanguageExtensionsSameAsHandExpanded(t *testing.T) {
	for _, tc := range []struct {
		name, file string
		params     map[string]string
		twin       string
		verdict    string
	}{
		{"Fn::ForEach, passing", "foreach-app.yaml", nil, "foreach-app.expanded.yaml", "pass"},
		{"Fn::ForEach over a given CommaDelimitedList, failing", "foreach-app.yaml", map[string]string{"InterfaceEndpoints": "ecr.api,ecr.dkr,secretsmanager"}, "foreach-app.nologs.expanded.yaml", "fail"},
		{"AWS::Include, passing", "include-app.yaml", nil, "foreach-app.expanded.yaml", "pass"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := outcomeOf(t, tc.file, tc.params)
			want := outcomeOf(t, tc.twin, nil)
			if got.verdict != tc.verdict || want.verdict != tc.verdict {
				t.Fatalf("verdicts %s (%s) and %s (%s), want %s", got.verdict, tc.file, want.verdict, tc.twin, tc.verdict)
			}
			if len(got.tasks) != len(want.tasks) {
				t.Fatalf("tasks %q, want %q", got.tasks, want.tasks)
			}
			for i := range got.tasks {
				if got.tasks[i] != want.tasks[i] {
					t.Errorf("task %d: %s\nwant %s", i, got.tasks[i], want.tasks[i])
				}
			}
		})
	}
}

// TestLanguageFixtureRuleAndPattern: the fixture's Rules and
// AllowedPattern refuse values CloudFormation would refuse (CFN-UG
// "Rules", "Parameters").
func TestLanguageFixtureRuleAndPattern(t *testing.T) {
	for _, tc := range []struct {
		name   string
		params map[string]string
		want   string
	}{
		{"CFN-UG Rules: ecr.api without ecr.dkr", map[string]string{"InterfaceEndpoints": "ecr.api,logs"}, `assertion failed: "ecr.api and ecr.dkr endpoints go together"`},
		{"CFN-UG Parameters: ImageTag breaks AllowedPattern", map[string]string{"ImageTag": "latest"}, "a semantic version such as 1.4.2"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := cloudformation.Load(filepath.Join("testdata", "language", "foreach-app.yaml"), cloudformation.WithParameters(tc.params))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one holding %q", err, tc.want)
			}
		})
	}
}

// TestUncheckedPatternIsAnAssumption: a parameter whose AllowedPattern
// Go's RE2 cannot run (a lookahead) is not checked, and the check says so
// as an assumption of the task-definition step (CFN-UG "Parameters":
// AllowedPattern is a Java regular expression).
func TestUncheckedPatternIsAnAssumption(t *testing.T) {
	tpl := `Parameters:
  Tag:
    Type: String
    Default: "1.4.2"
    AllowedPattern: '(?=.*\d)[0-9.]+'
Resources:
  Task:
    Type: AWS::ECS::TaskDefinition
    Properties:
      Family: app
      NetworkMode: bridge
      RequiresCompatibilities: [EC2]
      Memory: "512"
      ContainerDefinitions:
        - Name: app
          Image: !Sub public.ecr.aws/nginx/nginx:${Tag}
`
	w, err := cloudformation.Read("t.yaml", []byte(tpl), cloudformation.WithRegion("us-east-1"), cloudformation.WithAccount("123456789012"))
	if err != nil {
		t.Fatal(err)
	}
	res, err := taskstart.Simulate(context.Background(), w)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Tasks) != 1 {
		t.Fatalf("%d tasks", len(res.Tasks))
	}
	for _, st := range res.Tasks[0].Steps {
		if st.Step == taskstart.StepTaskDefinition && st.Status == taskstart.OK {
			for _, a := range st.Assumptions {
				if strings.Contains(a, "parameter Tag is taken to match its AllowedPattern") {
					return
				}
			}
			t.Fatalf("task-definition assumptions %q, want the unchecked pattern", st.Assumptions)
		}
	}
	t.Fatalf("no ok task-definition step: %+v", res.Tasks[0].Steps)
}
