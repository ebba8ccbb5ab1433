package text

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ecs-preflight/ecs-preflight/taskstart"
)

func TestFold(t *testing.T) {
	cases := []struct {
		name               string
		text               string
		used, indent, wide int
		want               []string
	}{
		{"no width: whole", "a b c", 0, 0, 0, []string{"a b c"}},
		{"fits", "a b c", 2, 4, 7, []string{"a b c"}},
		{"breaks at spaces", "aaa bbb ccc", 0, 2, 25, []string{"aaa bbb ccc"}},
		{"continuation indented", "aaaa bbbb cccc dddd eeee ffff", 0, 4, 24, []string{"aaaa bbbb cccc dddd eeee", "ffff"}},
		{"first line starts at used", "aaaa bbbb cccc dddd eeee ffff", 10, 0, 30, []string{"aaaa bbbb cccc dddd", "eeee ffff"}},
		{"a long word is cut at the width", strings.Repeat("x", 45), 0, 0, 20, []string{strings.Repeat("x", 20), strings.Repeat("x", 20), strings.Repeat("x", 5)}},
		{"a long word after a short one", "ab " + strings.Repeat("y", 30), 0, 0, 20, []string{"ab", strings.Repeat("y", 20), strings.Repeat("y", 10)}},
		{"runes, not bytes", strings.Repeat("é", 25), 0, 0, 20, []string{strings.Repeat("é", 20), strings.Repeat("é", 5)}},
		{"narrower than the indent: still minFold wide", "aaaa bbbb cccc dddd eeee ffff gggg", 0, 30, 30, []string{"aaaa bbbb cccc dddd eeee ffff", "gggg"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := fold(tc.text, tc.used, tc.indent, tc.wide)
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Fatalf("fold(%q, %d, %d, %d) = %q, want %q", tc.text, tc.used, tc.indent, tc.wide, got, tc.want)
			}
		})
	}
}

// Folded lines fit the width (when the indentation leaves room), and
// keep every character of the text but the spaces they break at.
func FuzzFold(f *testing.F) {
	f.Add("CannotPullContainerError: ref pull has been retried 1 time(s): failed to copy: httpReadSeeker", 10, 30, 80)
	f.Add(strings.Repeat("arn:aws:iam::123456789012:role/x", 5), 0, 4, 40)
	f.Add("a  b\tc\n d", 3, 3, 5)
	f.Fuzz(func(t *testing.T, text string, used, indent, width int) {
		if used < 0 || indent < 0 || used > 200 || indent > 200 || width > 500 {
			return
		}
		lines := fold(text, used, indent, width)
		if len(lines) == 0 {
			t.Fatal("no lines")
		}
		if width <= 0 {
			if len(lines) != 1 || lines[0] != text {
				t.Fatalf("width %d changed the text: %q", width, lines)
			}
			return
		}
		if len(lines) > 1 {
			for i, l := range lines {
				start := indent
				if i == 0 {
					start = used
				}
				if n := utf8.RuneCountInString(l); n > max(width-start, minFold) {
					t.Fatalf("line %d %q is %d runes, room %d", i, l, n, max(width-start, minFold))
				}
			}
		}
		strip := func(s string) string { return strings.Join(strings.Fields(s), "") }
		if strip(strings.Join(lines, " ")) != strip(text) && utf8.ValidString(text) {
			t.Fatalf("fold lost text: %q from %q", lines, text)
		}
	})
}

// On an 80-column terminal no line is wider than 80 columns, and the
// text holds the same words as the whole lines written when piped.
func TestRenderWidth(t *testing.T) {
	r := result()
	r.Tasks[0].Steps[1].StoppedReason = "CannotPullContainerError: ref pull has been retried 1 time(s): failed to copy: httpReadSeeker: failed open: failed to do request: Get \"https://prod-ap-northeast-1-starport-layer-bucket.s3.ap-northeast-1.amazonaws.com/0123/abcd\": dial tcp 52.219.0.1:443: i/o timeout"
	r.Region = &taskstart.Provenance{Value: "ap-northeast-1", From: "the snapshot's region, which is a long explanation of where it came from"}
	var piped, tty bytes.Buffer
	if err := (&Renderer{}).Render(&piped, r); err != nil {
		t.Fatal(err)
	}
	if err := (&Renderer{Width: 80}).Render(&tty, r); err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(tty.String(), "\n") {
		if n := utf8.RuneCountInString(l); n > 80 {
			t.Errorf("line of %d columns: %q", n, l)
		}
	}
	if strings.Join(strings.Fields(piped.String()), "") != strings.Join(strings.Fields(tty.String()), "") {
		t.Fatalf("folding changed the text:\n%s\nvs\n%s", tty.String(), piped.String())
	}
	if !strings.Contains(piped.String(), "stoppedReason: "+r.Tasks[0].Steps[1].StoppedReason+"\n") {
		t.Fatal("piped output does not hold the stoppedReason whole")
	}
}

// Quiet shows the failing and unknown steps under their task's line and
// the verdict; no ok step, no settings line, no task that passes.
func TestRenderQuiet(t *testing.T) {
	r := result()
	r.Region = &taskstart.Provenance{Value: "ap-northeast-1"}
	r.Tasks = append(r.Tasks, taskstart.Task{TaskDefinition: "ok:1", Service: "fine", LaunchType: "FARGATE", Verdict: taskstart.Pass,
		Steps: []taskstart.Step{{Step: taskstart.StepExecutionRole, Status: taskstart.OK, Summary: "ok"}}})
	var b bytes.Buffer
	if err := (&Renderer{Quiet: true}).Render(&b, r); err != nil {
		t.Fatal(err)
	}
	var s bytes.Buffer
	st := (&Renderer{Quiet: true}).Stream(&s, r)
	for _, task := range r.Tasks {
		if err := st.Task(task); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.Finish(r); err != nil {
		t.Fatal(err)
	}
	want := `service app (task definition app:1), FARGATE 1.4.0: FAIL
  container app
    registry-auth     FAIL    denied
                              stoppedReason: ResourceInitializationError: x
                              fix: add a statement
    logs              UNKNOWN cannot decide
                              missing: logs:DescribeLogGroups

verdict: FAIL (2 tasks: 1 pass, 1 fail, 0 unknown)
`
	if b.String() != want || s.String() != want {
		t.Fatalf("quiet Render:\n%s\nStream:\n%s\nwant:\n%s", b.String(), s.String(), want)
	}
	// All pass: the verdict alone.
	b.Reset()
	pass := &taskstart.Result{Verdict: taskstart.Pass, Tasks: r.Tasks[1:]}
	if err := (&Renderer{Quiet: true}).Render(&b, pass); err != nil {
		t.Fatal(err)
	}
	if b.String() != "verdict: PASS (1 tasks: 1 pass, 0 fail, 0 unknown)\n" {
		t.Fatalf("quiet, all pass: %q", b.String())
	}
}

func TestFoldBlock(t *testing.T) {
	block := "step: secrets (ResourceInitializationError, Fargate platform wording)\n" +
		"causes, most likely first:\n" +
		"  1. network:no-route\n" +
		"     why: the call to secretsmanager got no answer: the task's subnets have no route to it (no NAT or internet gateway default route, and no VPC endpoint)\n" +
		"     check: aws ec2 describe-route-tables --filters Name=association.subnet-id,Values=SUBNET-0123456789abcdef0123456789\n"
	if got := FoldBlock(block, 0); got != block {
		t.Errorf("width 0 changed the block:\n%s", got)
	}
	got := FoldBlock(block, 40)
	if !strings.HasSuffix(got, "\n") || strings.Count(got, "\n") <= strings.Count(block, "\n") {
		t.Fatalf("not folded:\n%s", got)
	}
	for _, line := range strings.Split(got, "\n") {
		if n := utf8.RuneCountInString(line); n > 40 {
			t.Errorf("line of %d columns: %q", n, line)
		}
	}
	// A label's continuation lines start under the text after the label.
	if !strings.Contains(got, "     why: the call to secretsmanager got\n          no answer") {
		t.Errorf("why: not continued under its text:\n%s", got)
	}
	// The words are those of the block, in order (long words are cut).
	if strings.Join(strings.Fields(got), "") != strings.Join(strings.Fields(block), "") {
		t.Errorf("folding lost or reordered text:\n%s", got)
	}
}
