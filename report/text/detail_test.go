package text

import (
	"bytes"
	"strings"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/taskstart"
)

func two() *taskstart.Result {
	return &taskstart.Result{Verdict: taskstart.VerdictUnknown, Tasks: []taskstart.Task{
		{TaskDefinition: "web:3", LaunchType: "FARGATE", Verdict: taskstart.Pass, Steps: []taskstart.Step{
			{Step: taskstart.StepExecutionRole, Status: taskstart.OK, Summary: "may assume web-exec",
				IAM: &taskstart.IAMEvidence{Action: "sts:AssumeRole", Resource: "arn:aws:iam::1:role/web-exec", Decision: "allow"}},
			{Container: "web", Step: taskstart.StepImageLayers, Status: taskstart.Warn, Subject: "web:latest", Summary: "layers over NAT",
				Warnings: []string{"pull through cache needs internet egress"}, Fix: "add a NAT gateway",
				Network: &taskstart.NetworkEvidence{Service: "s3", Host: "prod-r-starport-layer-bucket.s3.r.amazonaws.com", Via: "nat"}},
		}},
		{TaskDefinition: "api:8", Service: "api", LaunchType: "FARGATE", PlatformVersion: "1.4.0", Verdict: taskstart.VerdictUnknown, Steps: []taskstart.Step{
			{Container: "api", Step: taskstart.StepSecrets, Status: taskstart.Unknown, Subject: "DB_PASSWORD", Summary: "DB_PASSWORD: key not described",
				Missing: []string{"secretsmanager:DescribeSecret db"}, Evidence: []string{"secret db"},
				Assumptions: []string{"the key exists"}, Location: "stack.yaml:40",
				IAM: &taskstart.IAMEvidence{Action: "secretsmanager:GetSecretValue", Resource: "arn:db", Decision: "allow", Policy: "api-exec", Statement: "Secrets"},
				Network: &taskstart.NetworkEvidence{Service: "secretsmanager", Host: "secretsmanager.r.amazonaws.com", Via: "vpce",
					Endpoint: "vpce-1", Subnet: "subnet-1", BlockedBy: "security-group"}},
		}},
	}}
}

// The whole verbose layout, byte for byte: tasks separated by a blank
// line, task-level steps indented two spaces and container steps four,
// details aligned under the summary, and the verdict line counting tasks.
func TestRenderVerboseLayout(t *testing.T) {
	want := `task definition web:3, FARGATE: PASS
  execution-role    OK      may assume web-exec
                            iam: sts:AssumeRole on arn:aws:iam::1:role/web-exec: allow
  container web
    image-layers      WARN    web:latest: layers over NAT
                              warning: pull through cache needs internet egress
                              fix: add a NAT gateway
                              network: s3 prod-r-starport-layer-bucket.s3.r.amazonaws.com via nat

service api (task definition api:8), FARGATE 1.4.0: UNKNOWN
  container api
    secrets           UNKNOWN DB_PASSWORD: key not described
                              missing: secretsmanager:DescribeSecret db
                              iam: secretsmanager:GetSecretValue on arn:db: allow (api-exec, Secrets)
                              network: secretsmanager secretsmanager.r.amazonaws.com via vpce vpce-1 from subnet-1, blocked by security-group
                              evidence: secret db
                              assumes: the key exists
                              source: stack.yaml:40

verdict: UNKNOWN (2 tasks: 1 pass, 0 fail, 1 unknown)
`
	var b bytes.Buffer
	if err := (&Renderer{Verbose: true}).Render(&b, two()); err != nil {
		t.Fatal(err)
	}
	if b.String() != want {
		t.Fatalf("got:\n%s\nwant:\n%s", b.String(), want)
	}
}

// Only what a status calls for shows without -v: the fix of a warning but
// never of an ok step, no evidence, and a failing step's reason.
func TestDetailsByStatus(t *testing.T) {
	cases := []struct {
		name      string
		st        taskstart.Step
		want, not []string
	}{
		{"ok hides fix, warnings and missing", taskstart.Step{Status: taskstart.OK, Fix: "f", Warnings: []string{"w"}, Missing: []string{"m"}, StoppedReason: "s"},
			nil, []string{"fix:", "warning:", "missing:", "stoppedReason:"}},
		{"warn shows warnings and fix", taskstart.Step{Status: taskstart.Warn, Fix: "f", Warnings: []string{"w1", "w2"}, StoppedReason: "s"},
			[]string{"warning: w1", "warning: w2", "fix: f"}, []string{"stoppedReason:"}},
		{"fail shows reason and fix", taskstart.Step{Status: taskstart.Fail, Fix: "f", StoppedReason: "s", Missing: []string{"m"}},
			[]string{"stoppedReason: s", "fix: f"}, []string{"missing:"}},
		{"unknown shows missing only", taskstart.Step{Status: taskstart.Unknown, Fix: "f", Missing: []string{"m1", "m2"}},
			[]string{"missing: m1", "missing: m2"}, []string{"fix:"}},
		{"empty fields print nothing", taskstart.Step{Status: taskstart.Fail},
			nil, []string{"stoppedReason:", "fix:"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := &errWriter{w: &bytes.Buffer{}}
			(&Renderer{}).details(w, &tc.st, "")
			got := w.w.(*bytes.Buffer).String()
			for _, s := range tc.want {
				if !strings.Contains(got, s) {
					t.Errorf("lacks %q:\n%s", s, got)
				}
			}
			for _, s := range tc.not {
				if strings.Contains(got, s) {
					t.Errorf("has %q:\n%s", s, got)
				}
			}
		})
	}
}

// The subject leads the summary unless the summary already names it.
func TestLine(t *testing.T) {
	cases := []struct {
		name string
		st   taskstart.Step
		want string
	}{
		{"no subject", taskstart.Step{Summary: "ok"}, "ok"},
		{"subject added", taskstart.Step{Subject: "DB", Summary: "denied"}, "DB: denied"},
		{"subject already in the summary", taskstart.Step{Subject: "DB", Summary: "DB is denied"}, "DB is denied"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := line(tc.st); got != tc.want {
				t.Fatalf("line = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestColours(t *testing.T) {
	c := &Renderer{Color: true}
	statuses := []struct {
		s    taskstart.Status
		want string
	}{
		{taskstart.OK, green}, {taskstart.Warn, yellow}, {taskstart.Unknown, blue}, {taskstart.Fail, red},
	}
	for _, tc := range statuses {
		if got := c.status(tc.s); !strings.HasPrefix(got, tc.want) || !strings.HasSuffix(got, reset) {
			t.Errorf("status %s coloured %q, want prefix %q", tc.s, got, tc.want)
		}
	}
	verdicts := []struct {
		v    taskstart.Verdict
		want string
	}{
		{taskstart.Pass, green + "PASS" + reset}, {taskstart.VerdictUnknown, blue + "UNKNOWN" + reset}, {taskstart.VerdictFail, red + "FAIL" + reset},
	}
	for _, tc := range verdicts {
		if got := c.verdict(tc.v); got != tc.want {
			t.Errorf("verdict %s = %q, want %q", tc.v, got, tc.want)
		}
		if got := (&Renderer{}).verdict(tc.v); strings.Contains(got, "\x1b[") {
			t.Errorf("verdict %s coloured without Color: %q", tc.v, got)
		}
	}
}
