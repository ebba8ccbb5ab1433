package json

import (
	"bytes"
	stdjson "encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/internal/contracttest"
	"github.com/ecs-preflight/ecs-preflight/taskstart"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

func schema(t *testing.T) *jsonschema.Schema { return contracttest.Compile(t, Schema) }

// full is a result with every field the contract knows set, so rendering
// it shows every key.
func full() *taskstart.Result {
	return &taskstart.Result{Verdict: taskstart.VerdictFail,
		Region:  &taskstart.Provenance{Value: "us-west-2", From: "pinned by the template: awslogs-region of container app (t.yaml:40)"},
		Account: &taskstart.Provenance{Missing: "the AWS account the tasks run in (--account)"},
		Tasks: []taskstart.Task{{
			TaskDefinition: "app:1", Service: "app", LaunchType: "FARGATE", PlatformVersion: "1.4.0", Verdict: taskstart.VerdictFail,
			Steps: []taskstart.Step{
				{Step: taskstart.StepExecutionRole, Status: taskstart.OK, Summary: "ecs-tasks.amazonaws.com may assume app-exec"},
				{Container: "app", Step: taskstart.StepRegistryAuth, Status: taskstart.Fail,
					StoppedReason: "ResourceInitializationError: unable to pull secrets or registry auth",
					IAM: &taskstart.IAMEvidence{Action: "ecr:GetAuthorizationToken", Resource: "*", Decision: "implicit-deny",
						Policy: "app-exec-inline", Statement: "Pull"},
					Network: &taskstart.NetworkEvidence{Service: "ecr.api", Host: "api.ecr.ap-northeast-1.amazonaws.com", Via: "nat",
						BlockedBy: "route", Subnet: "subnet-1", Endpoint: "vpce-1"},
					Assumptions: []string{"tag 1 exists"}, Fix: "allow ecr:GetAuthorizationToken", RuleID: "ecr-token",
					Subject: "app", Summary: "denied", Evidence: []string{"no statement allows"}, Warnings: []string{"w"},
					Location: "stack.yaml:12"},
				{Container: "app", Step: taskstart.StepLogs, Status: taskstart.Unknown, Missing: []string{"logs:DescribeLogGroups"}},
			},
		}}}
}

func render(t *testing.T, r Renderer, res *taskstart.Result) string {
	t.Helper()
	var b bytes.Buffer
	if err := r.Render(&b, res); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// Rendered output, indented or compact, validates against the contract;
// results the contract forbids do not, so the check has teeth.
func TestRenderMatchesContract(t *testing.T) {
	s := schema(t)
	cases := []struct {
		name  string
		res   func() *taskstart.Result
		valid bool
	}{
		{"every field set", full, true},
		{"empty result", func() *taskstart.Result {
			return &taskstart.Result{Verdict: taskstart.Pass, Tasks: []taskstart.Task{}}
		}, true},
		{"fail without stoppedReason breaks the contract", func() *taskstart.Result {
			r := full()
			r.Tasks[0].Steps[1].StoppedReason = ""
			return r
		}, false},
		{"unknown without missing breaks the contract", func() *taskstart.Result {
			r := full()
			r.Tasks[0].Steps[2].Missing = nil
			return r
		}, false},
		{"a region with neither value nor missing breaks the contract", func() *taskstart.Result {
			r := full()
			r.Region = &taskstart.Provenance{From: "--region"}
			return r
		}, false},
		{"a result without region or account still matches", func() *taskstart.Result {
			r := full()
			r.Region, r.Account = nil, nil
			return r
		}, true},
		{"a task without steps breaks the contract", func() *taskstart.Result {
			r := full()
			r.Tasks[0].Steps = []taskstart.Step{}
			return r
		}, false},
	}
	for _, tc := range cases {
		for _, compact := range []bool{false, true} {
			t.Run(tc.name, func(t *testing.T) {
				out := render(t, Renderer{Compact: compact}, tc.res())
				inst, err := jsonschema.UnmarshalJSON(strings.NewReader(out))
				if err != nil {
					t.Fatal(err)
				}
				err = s.Validate(inst)
				if tc.valid && err != nil {
					t.Fatalf("output does not match the contract: %v\n%s", err, out)
				}
				if !tc.valid && err == nil {
					t.Fatalf("output matches the contract, want a violation:\n%s", out)
				}
			})
		}
	}
}

// Keys come in one fixed order, so diffs of saved reports stay small: the
// order of the contract's fields, verdict before the tasks it sums up.
func TestFieldOrderIsStable(t *testing.T) {
	out := render(t, Renderer{}, full())
	order := []string{
		`"verdict"`, `"region"`, `"value"`, `"from"`, `"account"`, `"missing"`, `"tasks"`,
		`"taskDefinition"`, `"service"`, `"launchType"`, `"platformVersion"`, `"verdict"`, `"steps"`,
		`"step": "execution-role"`,
		`"container": "app"`, `"step": "registry-auth"`, `"status": "fail"`, `"stoppedReason"`,
		`"iam"`, `"action"`, `"resource"`, `"decision"`, `"policy"`, `"statement"`,
		`"network"`, `"service"`, `"host"`, `"via"`, `"blockedBy"`, `"subnet"`, `"endpoint"`,
		`"assumptions"`, `"fix"`,
	}
	rest := out
	for _, key := range order {
		i := strings.Index(rest, key)
		if i < 0 {
			t.Fatalf("%s missing or out of order after the keys before it:\n%s", key, out)
		}
		rest = rest[i+len(key):]
	}
	if again := render(t, Renderer{}, full()); again != out {
		t.Fatal("two renderings of one result differ")
	}
}

// Output is meant to be read and diffed: <, > and & (in ARNs, conditions
// and shell commands) stay as they are; quotes, backslashes and control
// characters are escaped as JSON requires.
func TestEscaping(t *testing.T) {
	res := &taskstart.Result{Verdict: taskstart.VerdictFail, Tasks: []taskstart.Task{{TaskDefinition: "t:1", Verdict: taskstart.VerdictFail,
		Steps: []taskstart.Step{{Step: taskstart.StepLogs, Status: taskstart.Fail, StoppedReason: "a\tb\nc \"q\" \\ \x01",
			Fix: "aws logs create-log-group --log-group-name <name> && echo done"}}}}}
	out := render(t, Renderer{Compact: true}, res)
	for _, want := range []string{
		`"fix":"aws logs create-log-group --log-group-name <name> && echo done"`,
		`"stoppedReason":"a\tb\nc \"q\" \\ \u0001"`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %s:\n%s", want, out)
		}
	}
	if strings.Contains(out, `\u003c`) || strings.Contains(out, `\u0026`) {
		t.Errorf("HTML-escaped output:\n%s", out)
	}
}

// Characters that act on a terminal and that encoding/json leaves raw
// (DEL, C1 controls such as CSI U+009B, bidi overrides: Unicode Standard
// Annex #9, CVE-2021-42574) are written as \u escapes; the decoded value is
// the same (RFC 8259 section 7).
func TestTerminalControlsEscaped(t *testing.T) {
	name := "app\u202egnp.exe\x7f\u009b2J\u2066x\u2069 é"
	res := &taskstart.Result{Verdict: taskstart.Pass, Tasks: []taskstart.Task{{TaskDefinition: name, Verdict: taskstart.Pass, Steps: []taskstart.Step{}}}}
	out := render(t, Renderer{Compact: true}, res)
	for _, raw := range []string{"\u202e", "\x7f", "\u009b", "\u2066", "\u2069"} {
		if strings.Contains(out, raw) {
			t.Errorf("output holds %q raw:\n%q", raw, out)
		}
	}
	for _, esc := range []string{`\u202e`, `\u007f`, `\u009b`, `\u2066`, `\u2069`, "é"} {
		if !strings.Contains(out, esc) {
			t.Errorf("output lacks %s:\n%s", esc, out)
		}
	}
	var back taskstart.Result
	if err := stdjson.Unmarshal([]byte(out), &back); err != nil || back.Tasks[0].TaskDefinition != name {
		t.Fatalf("decoded %q (%v), want %q", back.Tasks[0].TaskDefinition, err, name)
	}
}

// Compact is one line; the default is indented by two spaces. Both end in
// a newline.
func TestLayout(t *testing.T) {
	compact := render(t, Renderer{Compact: true}, full())
	if strings.Count(compact, "\n") != 1 || !strings.HasSuffix(compact, "\n") {
		t.Errorf("compact output is not one line:\n%s", compact)
	}
	indented := render(t, Renderer{}, full())
	if !strings.HasPrefix(indented, "{\n  \"verdict\": \"fail\",\n  \"region\": {\n    \"value\": \"us-west-2\",\n") || !strings.HasSuffix(indented, "}\n") {
		t.Errorf("indented output does not start as documented:\n%s", indented)
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestRenderReportsWriteErrors(t *testing.T) {
	if err := (&Renderer{}).Render(failWriter{}, full()); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("Render to a failing writer: %v, want the write error", err)
	}
}
