package markdown

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ecs-preflight/ecs-preflight/iam"
	"github.com/ecs-preflight/ecs-preflight/netpath"
	"github.com/ecs-preflight/ecs-preflight/taskstart"
)

func sample() *taskstart.Result {
	return &taskstart.Result{Verdict: taskstart.VerdictFail,
		Region: &taskstart.Provenance{Value: "us-east-1", From: "--region"},
		Tasks: []taskstart.Task{
			{TaskDefinition: "web:3", Service: "web", LaunchType: "FARGATE", Verdict: taskstart.VerdictFail,
				Steps: []taskstart.Step{
					{Step: taskstart.StepTaskDefinition, Status: taskstart.OK},
					{Step: taskstart.StepExecutionRole, Status: taskstart.OK, IAM: &taskstart.IAMEvidence{Action: "sts:AssumeRole", Decision: iam.Allow}},
					{Container: "app", Step: taskstart.StepRegistryAuth, Status: taskstart.Fail, Summary: "denied",
						StoppedReason: "ResourceInitializationError: unable to pull secrets or registry auth",
						IAM:           &taskstart.IAMEvidence{Action: "ecr:GetAuthorizationToken", Decision: iam.ExplicitDeny, Policy: "deny-all", Statement: "Deny1"},
						Network:       &taskstart.NetworkEvidence{Service: "ecr.api", Via: netpath.ViaNAT},
						Fix:           "remove the Deny", FixLocation: &taskstart.Location{File: "t.yaml", Line: 9, Path: "Policy", Resource: "policy deny-all"}},
					{Container: "app", Step: taskstart.StepImageLayers, Status: taskstart.Fail, Summary: "unreachable",
						Network:     &taskstart.NetworkEvidence{Service: "s3", BlockedBy: netpath.BlockRoute},
						FixLocation: &taskstart.Location{Resource: "rtb-1"}},
					{Container: "app", Step: taskstart.StepLogs, Status: taskstart.Unknown, Missing: []string{"logs:DescribeLogGroups"},
						Network: &taskstart.NetworkEvidence{Service: "logs", Via: netpath.ViaUnknown}},
				}},
			{TaskDefinition: "ok:1", Service: "ok", Verdict: taskstart.Pass,
				Steps: []taskstart.Step{{Step: taskstart.StepTaskDefinition, Status: taskstart.OK}}},
			{TaskDefinition: "batch:2", LaunchType: "EC2", Verdict: taskstart.VerdictUnknown,
				Steps: []taskstart.Step{{Container: "b", Step: taskstart.StepSecrets, Status: taskstart.Unknown, Subject: "db",
					IAM: &taskstart.IAMEvidence{Action: "ssm:GetParameters", Decision: iam.Unknown}, Missing: []string{"iam:GetRole (<unresolved Ref Role>)"}}}},
		}}
}

func render(t testing.TB, r *taskstart.Result) string {
	t.Helper()
	var b bytes.Buffer
	if err := (&Renderer{}).Render(&b, r); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// The summary has a row per task with its deciding step and fix; only the
// failing and unknown tasks get a section and a diagram (docs/formats.md
// "Markdown").
func TestDocument(t *testing.T) {
	out := render(t, sample())
	for _, want := range []string{
		"## ecs-preflight: FAIL\n",
		"3 tasks: 1 pass, 1 fail, 1 unknown. Region `us-east-1` (--region).",
		"| web | ❌ fail | `registry-auth` in `app` | remove the Deny |",
		"| ok | ✅ pass | — | — |",
		"| task definition batch:2 | ❔ unknown | `secrets` in `b` (db) | missing: iam:GetRole (\\<unresolved Ref Role\\>) |",
		"  - stoppedReason: `ResourceInitializationError: unable to pull secrets or registry auth`\n",
		"  - change: `t.yaml:9 Policy (policy deny-all)`\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in\n%s", want, out)
		}
	}
	if n := strings.Count(out, "```mermaid\n"); n != 2 {
		t.Errorf("%d diagrams, want 2 (the failing and the unknown task)", n)
	}
}

// The diagram: the failing calls crossed with a note naming the statement
// or route, the unknown call dotted, the role assumed by ECS, only the
// participants used; on EC2 the calls come from the container instance
// (docs/model.md "Steps and calls").
func TestDiagram(t *testing.T) {
	res := sample()
	d := Diagram(&res.Tasks[0])
	for _, want := range []string{
		"    participant Task as task ENI\n",
		"    Role->>Role: ECS assumes the execution role (sts:AssumeRole)\n",
		"    Task-xECRAPI: registry-auth app (ecr:GetAuthorizationToken)\n",
		"    Note over Task,ECRAPI: explicit-deny ecr:GetAuthorizationToken by deny-all statement Deny1 (policy deny-all)\n",
		"    Task-xS3: image-layers app (s3:GetObject)\n",
		"    Note over Task,S3: blocked by route rtb-1\n",
		"    Task-->>Logs: logs app\n",
		"    Note over Task,Logs: unknown, missing: logs:DescribeLogGroups\n",
	} {
		if !strings.Contains(d, want) {
			t.Errorf("no %q in\n%s", want, d)
		}
	}
	for _, absent := range []string{"participant SM", "participant SSM", "participant KMS", "participant Registry"} {
		if strings.Contains(d, absent) {
			t.Errorf("%q declared but unused:\n%s", absent, d)
		}
	}
	ec2 := Diagram(&res.Tasks[2])
	if !strings.Contains(ec2, "participant Task as container instance\n") || !strings.Contains(ec2, "Task-->>SSM: secrets b db (ssm:GetParameters)\n") {
		t.Errorf("EC2 diagram:\n%s", ec2)
	}
}

func TestText(t *testing.T) {
	cases := []struct{ in, want string }{
		{"ledger-api", "ledger-api"},
		{"a|b", `a\|b`},
		{"*x* _y_ `z`", "\\*x\\* \\_y\\_ \\`z\\`"},
		{"[l](http://x)", `\[l\](http://x)`},
		{"<img src=x onerror=y>", `\<img src=x onerror=y\>`},
		{"&amp; @team #1 ~~s~~ $x$", `\&amp; \@team \#1 \~\~s\~\~ \$x\$`},
		{"line1\nline2", `line1\\x0aline2`},
		{"\x1b[31mred", `\\x1b\[31mred`},
		{`back\slash`, `back\\slash`},
	}
	for _, tc := range cases {
		if got := Text(tc.in); got != tc.want {
			t.Errorf("Text(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestCode(t *testing.T) {
	cases := []struct {
		in      string
		inTable bool
		want    string
	}{
		{"plain", false, "`plain`"},
		{"a`b", false, "``a`b``"},
		{"`x", false, "`` `x ``"},
		{"a``b", false, "```a``b```"},
		{"a|b", true, "`a\\|b`"},
		{"a|b", false, "`a|b`"},
		{"", false, "`  `"},
		{"x\ny", false, "`x\\x0ay`"},
	}
	for _, tc := range cases {
		if got := Code(tc.in, tc.inTable); got != tc.want {
			t.Errorf("Code(%q, %v) = %q, want %q", tc.in, tc.inTable, got, tc.want)
		}
	}
}

func TestMermaid(t *testing.T) {
	cases := []struct{ in, want string }{
		{"rtb-0a1 (route)", "rtb-0a1 (route)"},
		{"arn:aws:iam::1:role/x", "arn:aws:iam::1:role/x"},
		{"a;b", "a#59;b"},
		{"#x", "#35;x"},
		{"%%c", "#37;#37;c"},
		{"<b>", "#60;b#62;"},
		{"```", "#96;#96;#96;"},
		{"a\nNote over A: x", "a#92;x0aNote over A: x"},
		{"→", "#8594;"},
	}
	for _, tc := range cases {
		if got := Mermaid(tc.in); got != tc.want {
			t.Errorf("Mermaid(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestStreamIsRender(t *testing.T) {
	res := sample()
	var b bytes.Buffer
	s := (&Renderer{}).Stream(&b)
	for _, tk := range res.Tasks {
		if err := s.Task(tk); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Finish(res); err != nil {
		t.Fatal(err)
	}
	if want := render(t, res); b.String() != want {
		t.Fatalf("stream and render differ:\n%s\n---\n%s", b.String(), want)
	}
}

var (
	// What Text may leave unescaped: no Markdown-active punctuation
	// without its backslash.
	unescapedActive = regexp.MustCompile("(^|[^\\\\])(\\\\\\\\)*[`*_{}\\[\\]<>#!|~&@$]")
	mermaidSafe     = regexp.MustCompile(`^[A-Za-z0-9 .,/_()=+\-:]*(#[0-9]+;[A-Za-z0-9 .,/_()=+\-:]*)*$`)
)

// Whatever the input, Text leaves every active character escaped and one
// line, Code one code span on one line, and Mermaid only the characters
// mermaid reads as text.
func FuzzEscapers(f *testing.F) {
	for _, s := range []string{"ledger-api", "a|b`c", "\\`", "<x>&#1;", "a\nb\r\x1b\u202e", "``` mermaid", "%%{init}%%;#"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		txt := Text(s)
		if strings.ContainsAny(txt, "\n\r") {
			t.Fatalf("Text(%q) = %q spans lines", s, txt)
		}
		if m := unescapedActive.FindString(txt); m != "" {
			t.Fatalf("Text(%q) = %q leaves %q unescaped", s, txt, m)
		}
		code := Code(s, true)
		if strings.ContainsAny(code, "\n\r") {
			t.Fatalf("Code(%q) = %q spans lines", s, code)
		}
		fence := code[:strings.IndexFunc(code, func(r rune) bool { return r != '`' })]
		inner := strings.TrimSuffix(strings.TrimPrefix(code, fence), fence)
		if strings.Contains(inner, fence) {
			t.Fatalf("Code(%q) = %q: the fence appears inside", s, code)
		}
		if strings.Contains(strings.ReplaceAll(inner, `\|`, ""), "|") {
			t.Fatalf("Code(%q) = %q: a raw pipe would split the table cell", s, code)
		}
		if mm := Mermaid(s); !mermaidSafe.MatchString(mm) {
			t.Fatalf("Mermaid(%q) = %q holds a character mermaid may read as syntax", s, mm)
		}
	})
}

// A bounded document stays within its bound, keeps the rows and sections
// in order up to it, and says how many it left out; unbounded, nothing
// is left out.
func TestMaxChars(t *testing.T) {
	res := sample()
	for range 200 {
		res.Tasks = append(res.Tasks, res.Tasks[0])
	}
	var b bytes.Buffer
	if err := (&Renderer{MaxChars: 8000}).Render(&b, res); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if n := utf8.RuneCountInString(out); n > 8000 {
		t.Fatalf("%d characters, bound 8000", n)
	}
	if !strings.Contains(out, "Left out to stay within 8000 characters: ") || !strings.Contains(out, "| web | ❌ fail |") || !strings.Contains(out, "```mermaid") {
		t.Fatalf("bounded document:\n%s", out)
	}
	if strings.Contains(render(t, res), "Left out") {
		t.Fatal("an unbounded document leaves something out")
	}
}

// The diagram's other cases (docs/formats.md "Markdown"): an invalid task
// definition is a note before any call; the KMS call for a customer
// managed key comes from the service that holds the secret (docs/model.md
// "Steps and calls": Secrets Manager and SSM call KMS), and the next
// secret is fetched from the task again; an unknown step without named
// missing facts shows its summary.
func TestDiagramCases(t *testing.T) {
	task := taskstart.Task{TaskDefinition: "t:1", Verdict: taskstart.VerdictFail, Steps: []taskstart.Step{
		{Step: taskstart.StepTaskDefinition, Status: taskstart.Fail, Summary: "cpu 300 is not valid"},
		{Container: "c", Step: taskstart.StepSecrets, Status: taskstart.OK, Subject: "A",
			IAM: &taskstart.IAMEvidence{Action: "ssm:GetParameters", Decision: iam.Allow}, Network: &taskstart.NetworkEvidence{Service: "ssm"}},
		{Container: "c", Step: taskstart.StepSecrets, Status: taskstart.Fail, Subject: "kms key of A",
			IAM: &taskstart.IAMEvidence{Action: "kms:Decrypt", Decision: iam.ImplicitDeny}},
		{Container: "c", Step: taskstart.StepSecrets, Status: taskstart.OK, Subject: "kms key of A again",
			IAM: &taskstart.IAMEvidence{Action: "kms:Decrypt", Decision: iam.Allow}},
		{Container: "c", Step: taskstart.StepEnvironmentFiles, Status: taskstart.Unknown, Summary: "read the file: cannot decide"},
		{Container: "c", Step: taskstart.StepTaskDefinition, Status: taskstart.OK, Summary: "fine"},
	}}
	d := Diagram(&task)
	for _, want := range []string{
		"    Note over Task: task definition fail: cpu 300 is not valid\n",
		"    Task->>SSM: secrets c A (ssm:GetParameters)\n",
		"    SSM-xKMS: secrets c kms key of A (kms:Decrypt)\n",
		"    Note over SSM,KMS: implicit deny: no statement allows kms:Decrypt\n",
		"    SSM->>KMS: secrets c kms key of A again (kms:Decrypt)\n",
		"    Task-->>S3: environment-files c\n",
		"    Note over Task,S3: read the file: cannot decide\n",
	} {
		if !strings.Contains(d, want) {
			t.Errorf("no %q in\n%s", want, d)
		}
	}
	if strings.Contains(d, "fine") || strings.Contains(d, "participant Role") {
		t.Errorf("a passing task-definition step or an unused participant is drawn:\n%s", d)
	}
	kms := taskstart.Task{TaskDefinition: "k:1", Verdict: taskstart.VerdictFail, Steps: []taskstart.Step{
		{Container: "c", Step: taskstart.StepSecrets, Status: taskstart.Fail, IAM: &taskstart.IAMEvidence{Action: "kms:Decrypt", Decision: iam.ImplicitDeny}},
	}}
	if d := Diagram(&kms); !strings.Contains(d, "    Task-xKMS: ") {
		t.Errorf("a KMS call with no secret before it comes from the task:\n%s", d)
	}
}

// A section names a task definition run on its own, and steps without a
// container or subject.
func TestSectionCases(t *testing.T) {
	task := taskstart.Task{TaskDefinition: "solo:2", Verdict: taskstart.VerdictFail, Steps: []taskstart.Step{
		{Step: taskstart.StepExecutionRole, Status: taskstart.Fail, Summary: "no role", Fix: "add one",
			FixLocation: &taskstart.Location{File: "t.yaml", Line: 3, Path: "TaskDef"}},
		{Container: "c", Step: taskstart.StepLogs, Status: taskstart.OK},
	}}
	s := section(&task)
	for _, want := range []string{
		"\n### task definition `solo:2`: fail\n\n",
		"- **fail** `execution-role`: no role\n",
		"  - fix: add one\n",
		"  - change: `t.yaml:3 TaskDef`\n",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("no %q in\n%s", want, s)
		}
	}
	if strings.Contains(s, "`logs`") {
		t.Errorf("an ok step is listed:\n%s", s)
	}
}

// The table takes at most half of a bounded document when there are
// sections: a run of many passing tasks still shows the failing task's
// diagram, and the document fills its bound to within the reserve.
func TestMaxCharsTableShare(t *testing.T) {
	res := sample()
	pass := res.Tasks[1]
	res.Tasks = []taskstart.Task{}
	for range 400 {
		res.Tasks = append(res.Tasks, pass)
	}
	res.Tasks = append(res.Tasks, sample().Tasks[0])
	var b bytes.Buffer
	if err := (&Renderer{MaxChars: 6000}).Render(&b, res); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if n := utf8.RuneCountInString(out); n > 6000 {
		t.Fatalf("%d characters for a bound of 6000", n)
	}
	if !strings.Contains(out, "```mermaid") || !strings.Contains(out, " of 401 table rows, 0 of 1 task sections.") {
		t.Fatalf("the failing task's section is not shown:\n%s", out)
	}
	if rows := strings.Count(out, "| ok |"); rows < 30 {
		t.Fatalf("%d rows: the table should take up to half of the bound", rows)
	}

	// Rows alone fill the bound, less the reserve for the head and the
	// closing line.
	res.Tasks = res.Tasks[:400]
	res.Verdict = taskstart.Pass
	b.Reset()
	if err := (&Renderer{MaxChars: 6000}).Render(&b, res); err != nil {
		t.Fatal(err)
	}
	if n := utf8.RuneCountInString(b.String()); n > 6000 || n < 6000-600 {
		t.Fatalf("%d characters for a bound of 6000, rows only", n)
	}
}

// The bound's edges: a long header (a region's provenance) counts against
// the bound; no tasks write no table; the closing line counts exactly.
func TestMaxCharsEdges(t *testing.T) {
	res := sample()
	pass := res.Tasks[1]
	res.Tasks = nil
	for range 300 {
		res.Tasks = append(res.Tasks, pass)
	}
	res.Verdict = taskstart.Pass
	res.Region = &taskstart.Provenance{Value: "us-east-1", From: strings.Repeat("x", 3000)}
	var b bytes.Buffer
	if err := (&Renderer{MaxChars: 6000}).Render(&b, res); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if n := utf8.RuneCountInString(out); n > 6000 {
		t.Fatalf("%d characters for a bound of 6000 with a 3000-character header", n)
	}
	shown := strings.Count(out, "| ok |")
	if want := fmt.Sprintf("Left out to stay within 6000 characters: %d of 300 table rows, 0 of 0 task sections.", 300-shown); !strings.Contains(out, want) {
		t.Fatalf("no %q in\n%s", want, out)
	}

	empty := render(t, &taskstart.Result{Verdict: taskstart.Pass})
	if strings.Contains(empty, "| service |") || !strings.Contains(empty, "0 tasks: 0 pass, 0 fail, 0 unknown.") {
		t.Fatalf("no tasks:\n%s", empty)
	}
}

// Only a place in the input is a place to change: a fix location naming a
// resource alone gives no "change" line; a line 0 is no line.
func TestWhere(t *testing.T) {
	out := render(t, sample())
	if n := strings.Count(out, "  - change: "); n != 1 {
		t.Fatalf("%d change lines, want 1 (the route table has no file):\n%s", n, out)
	}
	cases := []struct {
		l    taskstart.Location
		want string
	}{
		{taskstart.Location{File: "t.yaml", Line: 0, Path: "P"}, "t.yaml P"},
		{taskstart.Location{File: "t.yaml", Line: 1, Path: "P", Resource: "role r"}, "t.yaml:1 P (role r)"},
		{taskstart.Location{File: "t.yaml", Line: 2, Path: "P", Resource: "P"}, "t.yaml:2 P"},
	}
	for _, tc := range cases {
		if got := where(&tc.l); got != tc.want {
			t.Errorf("where(%+v) = %q, want %q", tc.l, got, tc.want)
		}
	}
}

// An input without tasks says so, rather than "0 tasks".
func TestNothingToCheck(t *testing.T) {
	var b strings.Builder
	r := &taskstart.Result{Verdict: taskstart.Pass, NothingToCheck: "no ECS task definition or service in net.yaml"}
	if err := (&Renderer{}).Render(&b, r); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "Nothing to check: no ECS task definition or service in net.yaml.") || strings.Contains(b.String(), "0 tasks") {
		t.Errorf("got:\n%s", b.String())
	}
}
