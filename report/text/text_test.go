package text

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/internal/termsafe"
	"github.com/ecs-preflight/ecs-preflight/taskstart"
)

func result() *taskstart.Result {
	return &taskstart.Result{Verdict: taskstart.VerdictFail, Tasks: []taskstart.Task{{
		TaskDefinition: "app:1", Service: "app", LaunchType: "FARGATE", PlatformVersion: "1.4.0", Verdict: taskstart.VerdictFail,
		Steps: []taskstart.Step{
			{Step: taskstart.StepExecutionRole, Status: taskstart.OK, Summary: "ok", Evidence: []string{"trust allows"}},
			{Container: "app", Step: taskstart.StepRegistryAuth, Status: taskstart.Fail, Summary: "denied",
				StoppedReason: "ResourceInitializationError: x", Fix: "add a statement"},
			{Container: "app", Step: taskstart.StepLogs, Status: taskstart.Unknown, Summary: "cannot decide", Missing: []string{"logs:DescribeLogGroups"}},
		},
	}}}
}

func TestRender(t *testing.T) {
	cases := []struct {
		name      string
		r         Renderer
		want, not []string
	}{
		{"plain shows reason, fix and missing, no evidence, no colour", Renderer{},
			[]string{"service app (task definition app:1), FARGATE 1.4.0: FAIL", "container app", "stoppedReason: ResourceInitializationError: x", "fix: add a statement", "missing: logs:DescribeLogGroups", "verdict: FAIL (1 tasks: 0 pass, 1 fail, 0 unknown)"},
			[]string{"evidence:", "\x1b["}},
		{"verbose shows evidence", Renderer{Verbose: true}, []string{"evidence: trust allows"}, []string{"\x1b["}},
		{"colour on a terminal", Renderer{Color: true}, []string{red + "FAIL   " + reset, green + "OK     " + reset, blue + "UNKNOWN" + reset}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := tc.r.Render(&b, result()); err != nil {
				t.Fatal(err)
			}
			for _, w := range tc.want {
				if !strings.Contains(b.String(), w) {
					t.Errorf("output lacks %q:\n%s", w, b.String())
				}
			}
			for _, n := range tc.not {
				if strings.Contains(b.String(), n) {
					t.Errorf("output has %q:\n%s", n, b.String())
				}
			}
		})
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestRenderReportsWriteErrors(t *testing.T) {
	if err := (&Renderer{}).Render(failWriter{}, result()); err == nil {
		t.Fatal("a write error was swallowed")
	}
}

// The region and account line says how each is known, or what is missing
// when the input does not pin it (docs/model.md: a guessed region or
// account never decides).
func TestSettingsLine(t *testing.T) {
	cases := []struct {
		name            string
		region, account *taskstart.Provenance
		want            string
	}{
		{"both known, with where from",
			&taskstart.Provenance{Value: "us-west-2", From: "pinned by the template: awslogs-region of container app (t.yaml:40)"},
			&taskstart.Provenance{Value: "111122223333", From: "--account"},
			"region us-west-2 (pinned by the template: awslogs-region of container app (t.yaml:40)); account 111122223333 (--account)"},
		{"known without a note", &taskstart.Provenance{Value: "eu-west-1"}, nil, "region eu-west-1"},
		{"unknown names what is missing", &taskstart.Provenance{Missing: "the region (--region): the template pins us-east-1 and eu-west-1"},
			&taskstart.Provenance{Missing: "the AWS account (--account)"},
			"region unknown: the region (--region): the template pins us-east-1 and eu-west-1; account unknown: the AWS account (--account)"},
		{"neither: no line", nil, nil, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := result()
			r.Region, r.Account = tc.region, tc.account
			if got := settingsLine(r); got != tc.want {
				t.Errorf("settingsLine = %q, want %q", got, tc.want)
			}
			var b bytes.Buffer
			if err := (&Renderer{}).Render(&b, r); err != nil {
				t.Fatal(err)
			}
			if first, _, _ := strings.Cut(b.String(), "\n"); tc.want != "" && first != tc.want {
				t.Errorf("first line %q, want %q", first, tc.want)
			}
		})
	}
}

// Names and summaries come from the input: a control sequence or a bidi
// override in them is written escaped, never raw (ECMA-48 CSI "ESC [2J"
// clears the screen; Unicode Standard Annex #9 U+202E reverses what follows),
// while the renderer's own colours stay raw.
func TestRenderEscapesControls(t *testing.T) {
	r := two()
	r.Tasks[0].TaskDefinition = "web\x1b[2J:3"
	r.Tasks[0].Steps[0].Summary = "may assume \u202eexe-bew"
	r.Tasks[1].Steps[0].Container = "api\a\x00"
	r.Tasks[1].Steps[0].Evidence = []string{"secret \u009b2J db"}
	var b bytes.Buffer
	if err := (&Renderer{Verbose: true, Color: true}).Render(&b, r); err != nil {
		t.Fatal(err)
	}
	got := b.String()
	for _, want := range []string{`web\x1b[2J:3`, `may assume \u202eexe-bew`, `container api\x07\x00`, `secret \u009b2J db`, green + "PASS" + reset} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	for _, raw := range []string{"\x1b[2J", "\u202e", "\a", "\x00", "\u009b"} {
		if strings.Contains(got, raw) {
			t.Errorf("output holds %q raw:\n%q", raw, got)
		}
	}
}

// writeCounter counts the writes made to it.
type writeCounter struct {
	bytes.Buffer
	writes int
}

func (w *writeCounter) Write(p []byte) (int, error) {
	w.writes++
	return w.Buffer.Write(p)
}

// The stream writes each task as it arrives, in one write, not one per
// line: on an unbuffered stdout each write is a system call. Render writes
// the same bytes.
func TestStreamOneWritePerTask(t *testing.T) {
	r := result()
	r.Tasks = append(r.Tasks, r.Tasks[0], r.Tasks[0])
	var w writeCounter
	s := (&Renderer{Verbose: true}).Stream(&w, r)
	for i, task := range r.Tasks {
		if err := s.Task(task); err != nil {
			t.Fatal(err)
		}
		if w.writes != i+1 {
			t.Fatalf("after task %d: %d writes, want %d", i+1, w.writes, i+1)
		}
	}
	if err := s.Finish(r); err != nil {
		t.Fatal(err)
	}
	if w.writes != len(r.Tasks)+1 {
		t.Errorf("after Finish: %d writes, want %d", w.writes, len(r.Tasks)+1)
	}
	var want bytes.Buffer
	if err := (&Renderer{Verbose: true}).Render(&want, r); err != nil {
		t.Fatal(err)
	}
	if w.String() != want.String() {
		t.Errorf("streamed:\n%s\nRender:\n%s", w.String(), want.String())
	}
}

// The step and task lines are written without fmt; they are the bytes
// termsafe.Fprintf wrote: the labels of the statuses as %-*s pads them,
// and input escaped and padded by runes as %s and %-*s write it.
func TestWritesAsPrintf(t *testing.T) {
	for s, label := range statusLabels {
		if want := fmt.Sprintf("%-*s", statusWidth, strings.ToUpper(string(s))); label != want {
			t.Errorf("status %q: label %q, want %q", s, label, want)
		}
	}
	for _, s := range []string{"", "task-definition", "registry-auth", "exactly-seventeen", "longer than seventeen columns",
		"\x1b[31mred", "é → 東京", "a\xffb", "\u202eevil", "tab\there", strings.Repeat("x", 50)} {
		for _, width := range []int{0, stepWidth, 45} {
			var got, want bytes.Buffer
			w := &errWriter{w: &got}
			w.escaped(s, width)
			if _, err := termsafe.Fprintf(&want, "%-*s", width, s); err != nil {
				t.Fatal(err)
			}
			if got.String() != want.String() {
				t.Errorf("escaped(%q, %d) = %q, Fprintf %%-*s %q", s, width, got.String(), want.String())
			}
		}
	}
}
