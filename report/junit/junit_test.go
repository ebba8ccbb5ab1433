package junit

import (
	"bytes"
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/netpath"
	"github.com/ecs-preflight/ecs-preflight/taskstart"
)

func sample() *taskstart.Result {
	return &taskstart.Result{Verdict: taskstart.VerdictFail, Tasks: []taskstart.Task{
		{TaskDefinition: "app:3", Service: "app", LaunchType: "FARGATE", Verdict: taskstart.VerdictFail,
			Steps: []taskstart.Step{
				{Step: taskstart.StepExecutionRole, Status: taskstart.OK, Summary: "ok"},
				{Container: "web", Step: taskstart.StepImageLayers, Status: taskstart.Fail, RuleID: "EPF-ECR-LAYERS",
					Summary:       "download the image layers from Amazon S3: unreachable (route)",
					StoppedReason: "CannotPullContainerError: dial tcp <ip>:443: i/o timeout", Fix: "create the S3 gateway endpoint",
					Evidence:    []string{"subnet-1 → no route"},
					Network:     &taskstart.NetworkEvidence{BlockedBy: netpath.BlockRoute},
					FixLocation: &taskstart.Location{File: "stack.yaml", Line: 12, Path: "PrivateRouteTable"}},
				{Container: "web", Step: taskstart.StepLogs, Status: taskstart.Unknown, Summary: "create log stream",
					Missing: []string{"logs:DescribeLogGroups (/ecs/app)"}},
				{Container: "web", Step: taskstart.StepSecrets, Status: taskstart.Warn, Subject: "db & \"pw\"", Summary: "s",
					Warnings: []string{"fragile"}},
			}},
		{TaskDefinition: "batch:1", Verdict: taskstart.Pass,
			Steps: []taskstart.Step{{Step: taskstart.StepTaskDefinition, Status: taskstart.OK}}},
	}}
}

type doc struct {
	Tests    int `xml:"tests,attr"`
	Failures int `xml:"failures,attr"`
	Suites   []struct {
		Name     string `xml:"name,attr"`
		Tests    int    `xml:"tests,attr"`
		Failures int    `xml:"failures,attr"`
		Skipped  int    `xml:"skipped,attr"`
		Cases    []struct {
			Name      string `xml:"name,attr"`
			Classname string `xml:"classname,attr"`
			Failure   *struct {
				Message string `xml:"message,attr"`
				Body    string `xml:",chardata"`
			} `xml:"failure"`
			Skipped *struct {
				Message string `xml:"message,attr"`
			} `xml:"skipped"`
			SystemOut string `xml:"system-out"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

func render(t testing.TB, r *taskstart.Result) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := (&Renderer{}).Render(&b, r); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// One testsuite per task, one testcase per step; fail is a failure whose
// message is the stoppedReason, unknown is skipped naming what is
// missing, warn passes with its warnings (docs/formats.md "JUnit XML").
func TestSuitesAndCases(t *testing.T) {
	var d doc
	if err := xml.Unmarshal(render(t, sample()), &d); err != nil {
		t.Fatal(err)
	}
	if d.Tests != 5 || d.Failures != 1 || len(d.Suites) != 2 {
		t.Fatalf("totals tests=%d failures=%d suites=%d, want 5 1 2", d.Tests, d.Failures, len(d.Suites))
	}
	s := d.Suites[0]
	if s.Name != "service app (task definition app:3)" || s.Tests != 4 || s.Failures != 1 || s.Skipped != 1 {
		t.Fatalf("suite %+v", s)
	}
	fail := s.Cases[1]
	if fail.Name != "image-layers" || fail.Classname != "app.web" || fail.Failure == nil ||
		fail.Failure.Message != "CannotPullContainerError: dial tcp <ip>:443: i/o timeout" ||
		!strings.Contains(fail.Failure.Body, "fix: create the S3 gateway endpoint") ||
		!strings.Contains(fail.Failure.Body, "evidence: subnet-1 → no route") ||
		!strings.Contains(fail.Failure.Body, "fix at: stack.yaml:12 PrivateRouteTable") {
		t.Errorf("failing case %+v", fail)
	}
	if u := s.Cases[2]; u.Skipped == nil || u.Skipped.Message != "unknown: logs:DescribeLogGroups (/ecs/app)" || u.Failure != nil {
		t.Errorf("unknown case %+v", u)
	}
	if w := s.Cases[3]; w.Name != `secrets db & "pw"` || w.Failure != nil || w.Skipped != nil || w.SystemOut != "s\nfragile" {
		t.Errorf("warn case %+v", w)
	}
	if ok := s.Cases[0]; ok.Classname != "app" || ok.Failure != nil || ok.Skipped != nil {
		t.Errorf("ok case %+v", ok)
	}
	if d.Suites[1].Name != "task definition batch:1" || d.Suites[1].Cases[0].Classname != "batch:1" {
		t.Errorf("task definition on its own: %+v", d.Suites[1])
	}
}

// XMLLint validates out against the vendored junit-10.xsd with xmllint,
// skipping only when xmllint is absent (testdata/README.md).
func XMLLint(t testing.TB, xsd string, out []byte) {
	t.Helper()
	if _, err := exec.LookPath("xmllint"); err != nil {
		t.Skip("xmllint not installed (Debian: apt-get install libxml2-utils)")
	}
	f := filepath.Join(t.TempDir(), "report.xml")
	if err := os.WriteFile(f, out, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("xmllint", "--noout", "--nonet", "--schema", xsd, f)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("xmllint --schema %s: %v\n%s\n%s", xsd, err, msg, out)
	}
}

// Rendered reports validate against junit-10.xsd; a report the schema
// forbids does not, so the check has teeth.
func TestJUnitSchema(t *testing.T) {
	xsd := filepath.Join("testdata", "junit-10.xsd")
	XMLLint(t, xsd, render(t, sample()))
	XMLLint(t, xsd, render(t, &taskstart.Result{Verdict: taskstart.Pass}))
	f := filepath.Join(t.TempDir(), "bad.xml")
	if err := os.WriteFile(f, []byte(`<testsuites><testsuite name="x"><testcase/></testsuite></testsuites>`), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := exec.Command("xmllint", "--noout", "--nonet", "--schema", xsd, f).Run(); err == nil {
		t.Fatal("a testsuite without tests and a testcase without name validate: the schema check has no teeth")
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
	if want := render(t, res); !bytes.Equal(b.Bytes(), want) {
		t.Fatalf("stream and render differ:\n%s\n---\n%s", b.Bytes(), want)
	}
}

// terminalSafe keeps the text an XML reader decodes and leaves nothing in
// the bytes that drives a terminal.
func TestTerminalSafe(t *testing.T) {
	cases := []struct{ in, want string }{
		{"plain", "plain"},
		{"a\u202eb", "a&#x202E;b"},
		{"\u0085x\u009b", "&#x85;x&#x9B;"},
		{"\x7f", "&#x7F;"},
		{"é→", "é→"},
	}
	for _, tc := range cases {
		if got := string(terminalSafe([]byte(tc.in))); got != tc.want {
			t.Errorf("terminalSafe(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// Whatever text the input carries, the report is well-formed XML that
// decodes back to the text (less what XML 1.0 cannot hold), with no raw
// terminal control.
func FuzzRenderText(f *testing.F) {
	f.Add("app", "web", "CannotPullContainerError: <ip>", "db & pw")
	f.Add("a\x1b[31m", "]]>", "\u202e\u0085", "\"'")
	f.Fuzz(func(t *testing.T, service, container, reason, subject string) {
		res := &taskstart.Result{Verdict: taskstart.VerdictFail, Tasks: []taskstart.Task{{
			TaskDefinition: service + ":1", Service: service, Verdict: taskstart.VerdictFail,
			Steps: []taskstart.Step{{Container: container, Step: taskstart.StepLogs, Status: taskstart.Fail,
				StoppedReason: reason, Subject: subject}},
		}}}
		out := render(t, res)
		var d doc
		if err := xml.Unmarshal(out, &d); err != nil {
			t.Fatalf("not well-formed: %v\n%s", err, out)
		}
		if len(d.Suites) != 1 || len(d.Suites[0].Cases) != 1 || d.Suites[0].Cases[0].Failure == nil {
			t.Fatalf("structure lost: %s", out)
		}
		if got, want := d.Suites[0].Cases[0].Failure.Message, xmlText(reason); got != want {
			t.Fatalf("message %q, want %q", got, want)
		}
		// XML readers turn a CR or CRLF in character data into LF (XML 1.0
		// section 2.11).
		eol := strings.NewReplacer("\r\n", "\n", "\r", "\n")
		if body := d.Suites[0].Cases[0].Failure.Body; !strings.Contains(body, eol.Replace(cdataText(reason))) {
			t.Fatalf("body %q does not hold the stoppedReason %q", body, reason)
		}
		for _, r := range string(out) {
			if r == 0x1b || r == 0x9b || r == 0x202e {
				t.Fatalf("raw terminal control %U in output", r)
			}
		}
	})
}

// xmlText is s as XML can carry it in an attribute: encoding/xml writes
// U+FFFD for characters XML 1.0 does not allow and for invalid UTF-8.
func xmlText(s string) string {
	var b strings.Builder
	for _, r := range s { // an invalid byte ranges as U+FFFD, one per byte
		if r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF {
			b.WriteRune(r)
		} else {
			b.WriteRune('\uFFFD')
		}
	}
	return b.String()
}
