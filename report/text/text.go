// Package text renders a simulation result for people: grouped by task and
// container, one line per step, with the stoppedReason, the fix and what is
// missing under each step that is not ok. Verbose adds the evidence and the
// assumptions of every step.
package text

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/ecs-preflight/ecs-preflight/internal/termsafe"
	"github.com/ecs-preflight/ecs-preflight/report"
	"github.com/ecs-preflight/ecs-preflight/taskstart"
)

// Renderer writes the human report.
type Renderer struct {
	// Color adds ANSI colours to statuses. Default false; the CLI sets it
	// only when stdout is a terminal.
	Color bool
	// Verbose shows evidence and assumptions for every step. Default false.
	Verbose bool
	// Quiet shows only the failing and unknown steps, under their task's
	// line, and the verdict: no settings line, no task that passes.
	Quiet bool
	// Width folds lines to a terminal of that many columns (fold); 0, the
	// default and the CLI's when the output is not a terminal, writes each
	// line whole.
	Width int
}

var _ report.Renderer = (*Renderer)(nil)

const (
	stepWidth   = 17
	statusWidth = 7
)

// Render writes r as text.
func (t *Renderer) Render(w io.Writer, r *taskstart.Result) error {
	ew := newErrWriter(w)
	if line := settingsLine(r); line != "" && !t.Quiet {
		t.folded(ew, "", line, 2)
		ew.printf("\n")
	}
	shown := 0
	for _, task := range r.Tasks {
		if t.Quiet && task.Verdict == taskstart.Pass {
			continue
		}
		if shown > 0 {
			ew.printf("\n")
		}
		t.task(ew, &task)
		shown++
	}
	if t.Quiet && shown == 0 {
		ew.printf("%s\n", termsafe.Raw(t.verdictLine(r))) // only the verdict
	} else {
		ew.printf("\n%s\n", termsafe.Raw(t.verdictLine(r)))
	}
	ew.flush()
	return ew.err
}

// settingsLine says in which region and account the tasks were checked, and
// how each is known: "region us-west-2 (--region); account unknown: the
// AWS account the tasks run in (--account)".
func settingsLine(r *taskstart.Result) string {
	var parts []string
	for _, s := range []struct {
		name string
		p    *taskstart.Provenance
	}{{"region", r.Region}, {"account", r.Account}} {
		switch {
		case s.p == nil:
		case s.p.Value == "":
			parts = append(parts, s.name+" unknown: "+s.p.Missing)
		case s.p.From != "":
			parts = append(parts, s.name+" "+s.p.Value+" ("+s.p.From+")")
		default:
			parts = append(parts, s.name+" "+s.p.Value)
		}
	}
	return strings.Join(parts, "; ")
}

func (t *Renderer) task(w *errWriter, task *taskstart.Task) {
	head := "task definition " + task.TaskDefinition
	if task.Service != "" {
		head = "service " + task.Service + " (task definition " + task.TaskDefinition + ")"
	}
	where := task.LaunchType
	if where == "" {
		where = "launch type unknown"
	}
	if task.PlatformVersion != "" {
		where += " " + task.PlatformVersion
	}
	if t.Width > 0 {
		head += ", " + where + ":"
		parts := fold(head, 0, 2, t.Width-1-len(task.Verdict))
		for _, p := range parts[:len(parts)-1] {
			w.printf("%s\n  ", p)
		}
		w.printf("%s %s\n", parts[len(parts)-1], termsafe.Raw(t.verdict(task.Verdict)))
	} else {
		// printf("%s, %s: %s\n", head, where, Raw(verdict)), without fmt's
		// allocations: this and the step lines are most of a bulk report.
		w.escaped(head, 0)
		w.write(", ")
		w.escaped(where, 0)
		w.write(": ")
		w.write(t.verdict(task.Verdict))
		w.write("\n")
	}
	container := "\x00"
	for _, st := range task.Steps {
		if t.Quiet && st.Status != taskstart.Fail && st.Status != taskstart.Unknown {
			continue
		}
		if st.Container != container && st.Container != "" {
			w.write("  container ")
			w.escaped(st.Container, 0)
			w.write("\n")
		}
		container = st.Container
		pad := "  "
		if st.Container != "" {
			pad = "    "
		}
		name := string(st.Step)
		col := len(pad) + stepWidth + 1 + statusWidth + 1
		if t.Width > 0 {
			parts := fold(line(st), col, col, t.Width)
			w.printf("%s%-*s %s %s\n", pad, stepWidth, name, termsafe.Raw(t.status(st.Status)), parts[0])
			for _, p := range parts[1:] {
				w.printf("%*s%s\n", col, "", p)
			}
		} else {
			// printf("%s%-*s %s %s\n", pad, stepWidth, name, Raw(status), line(st))
			w.write(pad)
			w.escaped(name, stepWidth)
			w.write(" ")
			w.write(t.status(st.Status))
			w.write(" ")
			w.escaped(line(st), 0)
			w.write("\n")
		}
		t.details(w, &st, spaces(col))
	}
}

// folded writes prefix and text as one line, or folded to the Width with
// the continuation lines indented by indent columns.
func (t *Renderer) folded(w *errWriter, prefix, text string, indent int) {
	if t.Width <= 0 {
		w.printf("%s%s\n", prefix, text)
		return
	}
	parts := fold(text, len(prefix), indent, t.Width)
	w.printf("%s%s\n", prefix, parts[0])
	for _, p := range parts[1:] {
		w.printf("%*s%s\n", indent, "", p)
	}
}

func line(st taskstart.Step) string {
	s := st.Summary
	if st.Subject != "" && !strings.Contains(s, st.Subject) {
		s = st.Subject + ": " + s
	}
	return s
}

// details writes the lines under a step, aligned with its summary.
func (t *Renderer) details(w *errWriter, st *taskstart.Step, col string) {
	show := func(label, text string) {
		if text != "" {
			t.folded(w, col+label+" ", text, len(col)+2)
		}
	}
	if st.Status == taskstart.Fail {
		show("stoppedReason:", st.StoppedReason)
		show("fix:", st.Fix)
	}
	if st.Status == taskstart.Warn {
		for _, x := range st.Warnings {
			show("warning:", x)
		}
		show("fix:", st.Fix)
	}
	if st.Status == taskstart.Unknown {
		for _, m := range st.Missing {
			show("missing:", m)
		}
	}
	if !t.Verbose {
		return
	}
	if st.IAM != nil {
		ev := fmt.Sprintf("%s on %s: %s", st.IAM.Action, st.IAM.Resource, st.IAM.Decision)
		if st.IAM.Policy != "" {
			ev += fmt.Sprintf(" (%s, %s)", st.IAM.Policy, st.IAM.Statement)
		}
		show("iam:", ev)
	}
	if n := st.Network; n != nil {
		ev := n.Service + " " + n.Host + " via " + string(n.Via)
		if n.Endpoint != "" {
			ev += " " + n.Endpoint
		}
		if n.Subnet != "" {
			ev += " from " + n.Subnet
		}
		if n.BlockedBy != "" {
			ev += ", blocked by " + string(n.BlockedBy)
		}
		show("network:", ev)
	}
	for _, e := range st.Evidence {
		show("evidence:", e)
	}
	for _, a := range st.Assumptions {
		show("assumes:", a)
	}
	show("source:", st.Location)
}

func (t *Renderer) verdictLine(r *taskstart.Result) string {
	counts := map[taskstart.Verdict]int{}
	for _, task := range r.Tasks {
		counts[task.Verdict]++
	}
	return t.verdictCounts(r.Verdict, len(r.Tasks), counts)
}

// verdictCounts is the verdict line for n tasks whose verdicts counts
// counts.
func (t *Renderer) verdictCounts(v taskstart.Verdict, n int, counts map[taskstart.Verdict]int) string {
	return fmt.Sprintf("verdict: %s (%d tasks: %d pass, %d fail, %d unknown)", t.verdict(v),
		n, counts[taskstart.Pass], counts[taskstart.VerdictFail], counts[taskstart.VerdictUnknown])
}

const (
	red    = "\x1b[31m"
	green  = "\x1b[32m"
	yellow = "\x1b[33m"
	blue   = "\x1b[34m"
	reset  = "\x1b[0m"
)

func (t *Renderer) status(s taskstart.Status) string {
	label, ok := statusLabels[s]
	if !ok {
		label = fmt.Sprintf("%-*s", statusWidth, strings.ToUpper(string(s)))
	}
	if !t.Color {
		return label
	}
	return colour(s) + label + reset
}

// statusLabels are status's labels of the statuses a simulation writes,
// made once rather than for every step.
var statusLabels = map[taskstart.Status]string{
	taskstart.OK:      "OK     ",
	taskstart.Warn:    "WARN   ",
	taskstart.Unknown: "UNKNOWN",
	taskstart.Fail:    "FAIL   ",
}

func colour(s taskstart.Status) string {
	switch s {
	case taskstart.OK:
		return green
	case taskstart.Warn:
		return yellow
	case taskstart.Unknown:
		return blue
	}
	return red
}

func (t *Renderer) verdict(v taskstart.Verdict) string {
	label := strings.ToUpper(string(v))
	if !t.Color {
		return label
	}
	switch v {
	case taskstart.Pass:
		return green + label + reset
	case taskstart.VerdictUnknown:
		return blue + label + reset
	}
	return red + label + reset
}

// errWriter keeps the first write error so the rendering code stays flat.
// Its printf escapes every string argument (termsafe.Fprintf): names and
// summaries come from the input and must not drive the terminal.
type errWriter struct {
	w   io.Writer
	err error
}

// newErrWriter returns an errWriter buffering what it writes to w until
// flush: a report is many short lines, and on an unbuffered stdout each
// was a write system call (80,000 for a bulk report of 5,000 tasks).
func newErrWriter(w io.Writer) *errWriter {
	return &errWriter{w: bufio.NewWriterSize(w, 32<<10)}
}

// flush writes out what is buffered.
func (e *errWriter) flush() {
	if b, ok := e.w.(*bufio.Writer); ok && e.err == nil {
		e.err = b.Flush()
	}
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err == nil {
		_, e.err = termsafe.Fprintf(e.w, format, args...)
	}
}

// write writes s as it is, as printf writes a termsafe.Raw argument.
func (e *errWriter) write(s string) {
	if e.err == nil {
		_, e.err = io.WriteString(e.w, s)
	}
}

// escaped writes s as printf writes a string argument, through
// termsafe.Escape, padded with spaces to width runes as %-*s pads it.
func (e *errWriter) escaped(s string, width int) {
	s = termsafe.Escape(s)
	e.write(s)
	if n := width - utf8.RuneCountInString(s); n > 0 {
		e.write(spaces(n))
	}
}

// blanks backs spaces.
const blanks = "                                        "

// spaces returns n spaces, without allocating for the widths of a report.
func spaces(n int) string {
	if n <= len(blanks) {
		return blanks[:n]
	}
	return strings.Repeat(" ", n)
}
