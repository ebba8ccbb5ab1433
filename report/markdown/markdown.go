// Package markdown writes a simulation result as Markdown for pull-request
// comments: a summary table (service, verdict, failing step, fix), then for
// every task that fails or is unknown its steps that are not ok and a
// mermaid sequenceDiagram of its start phase, the failing call drawn as a
// failed arrow with a note naming what blocks it (docs/formats.md).
//
// Everything taken from the input is escaped for Markdown (Text, Code) or
// for mermaid (Mermaid), and for a terminal: a name cannot change the
// document's structure, end a diagram statement, or drive the terminal the
// Markdown is printed to.
package markdown

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/ecs-preflight/ecs-preflight/report"
	"github.com/ecs-preflight/ecs-preflight/taskstart"
)

// GitHubCommentLimit is the most characters GitHub takes in a comment body
// (its API answers "Body is too long (maximum is 65536 characters)";
// reported in mshick/add-pr-comment#93 and runatlantis/atlantis#66).
const GitHubCommentLimit = 65536

// Renderer writes Markdown.
type Renderer struct {
	// MaxChars bounds the document's length in characters (0: no bound).
	// Rows of the table and task sections that would go past it are left
	// out, in order, and a last line says how many and where to see them.
	MaxChars int
}

var _ report.Renderer = (*Renderer)(nil)

// Render writes r as one Markdown document.
func (x *Renderer) Render(w io.Writer, r *taskstart.Result) error {
	return report.RenderAll(x.Stream(w), r)
}

// Stream writes the Markdown of a result whose tasks arrive one at a time;
// see report.Stream. The summary table comes first and names every task,
// so the table's rows and the sections of the failing tasks are kept and
// the document is written by Finish.
type Stream struct {
	w        io.Writer
	max      int
	rows     []string
	sections []string
	counts   map[taskstart.Verdict]int
	n        int
}

var _ report.Stream = (*Stream)(nil)

// Stream starts a stream writing to w.
func (x *Renderer) Stream(w io.Writer) *Stream {
	return &Stream{w: w, max: x.MaxChars, counts: map[taskstart.Verdict]int{}}
}

// verdictMark is how a verdict reads in the table.
var verdictMark = map[taskstart.Verdict]string{
	taskstart.Pass:           "✅ pass",
	taskstart.VerdictFail:    "❌ fail",
	taskstart.VerdictUnknown: "❔ unknown",
}

// Task records one task: its row, and its section when it is not a pass.
func (s *Stream) Task(t taskstart.Task) error {
	s.n++
	s.counts[t.Verdict]++
	st := deciding(&t)
	step, fix := "", ""
	if st != nil {
		step = Code(string(st.Step), true)
		if st.Container != "" {
			step += " in " + Code(st.Container, true)
		}
		if st.Subject != "" {
			step += " (" + Text(st.Subject) + ")"
		}
		fix = Text(st.Fix)
		if st.Status == taskstart.Unknown {
			fix = "missing: " + Text(strings.Join(st.Missing, "; "))
		}
	}
	s.rows = append(s.rows, fmt.Sprintf("| %s | %s | %s | %s |\n", Text(taskName(&t)), verdictMark[t.Verdict], dash(step), dash(fix)))
	if t.Verdict != taskstart.Pass {
		s.sections = append(s.sections, section(&t))
	}
	return nil
}

func dash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// Finish writes the document.
func (s *Stream) Finish(r *taskstart.Result) error {
	var b bytes.Buffer
	fmt.Fprintf(&b, "## ecs-preflight: %s\n\n", strings.ToUpper(string(r.Verdict)))
	noun := "tasks"
	if s.n == 1 {
		noun = "task"
	}
	if r.NothingToCheck != "" && s.n == 0 {
		// The input defines no task: say so, rather than "0 tasks".
		fmt.Fprintf(&b, "Nothing to check: %s.", Text(r.NothingToCheck))
	} else {
		fmt.Fprintf(&b, "%d %s: %d pass, %d fail, %d unknown.", s.n, noun,
			s.counts[taskstart.Pass], s.counts[taskstart.VerdictFail], s.counts[taskstart.VerdictUnknown])
	}
	for _, p := range []struct {
		name string
		v    *taskstart.Provenance
	}{{"Region", r.Region}, {"Account", r.Account}} {
		switch {
		case p.v == nil:
		case p.v.Value != "":
			fmt.Fprintf(&b, " %s %s (%s).", p.name, Code(p.v.Value, false), Text(p.v.From))
		default:
			fmt.Fprintf(&b, " %s unknown: %s.", p.name, Text(p.v.Missing))
		}
	}
	b.WriteString("\n")
	// The bound keeps room for the table's head and the closing line; the
	// table takes at most half of the rest when there are sections, so a
	// large run still shows the first diagrams.
	budget := s.max - utf8.RuneCount(b.Bytes()) - 400
	tableBudget := budget
	if len(s.sections) > 0 {
		tableBudget = budget / 2
	}
	tableShare := tableBudget
	fits := func(part string, budget *int) bool {
		if s.max <= 0 {
			return true
		}
		n := utf8.RuneCountInString(part)
		if n > *budget {
			*budget = 0 // keep the order: nothing after a part left out
			return false
		}
		*budget -= n
		return true
	}
	var rows, sections int
	if s.n > 0 {
		b.WriteString("\n| service | verdict | failing step | fix |\n| --- | --- | --- | --- |\n")
		for _, r := range s.rows {
			if !fits(r, &tableBudget) {
				break
			}
			b.WriteString(r)
			rows++
		}
	}
	budget -= tableShare - tableBudget // what the rows used
	for _, sec := range s.sections {
		if !fits(sec, &budget) {
			break
		}
		b.WriteString(sec)
		sections++
	}
	if rows < len(s.rows) || sections < len(s.sections) {
		fmt.Fprintf(&b, "\nLeft out to stay within %d characters: %d of %d table rows, %d of %d task sections. The text or JSON output has every task.\n",
			s.max, len(s.rows)-rows, len(s.rows), len(s.sections)-sections, len(s.sections))
	}
	_, err := s.w.Write(b.Bytes())
	return err
}

// Close does nothing: the stream holds only memory.
func (s *Stream) Close() error { return nil }

func taskName(t *taskstart.Task) string {
	if t.Service != "" {
		return t.Service
	}
	return "task definition " + t.TaskDefinition
}

// deciding is the step that decides a task's verdict: the first failing
// step of a failing task, the first unknown step of an unknown one.
func deciding(t *taskstart.Task) *taskstart.Step {
	want := taskstart.Unknown
	switch t.Verdict {
	case taskstart.Pass:
		return nil
	case taskstart.VerdictFail:
		want = taskstart.Fail
	}
	for i := range t.Steps {
		if t.Steps[i].Status == want {
			return &t.Steps[i]
		}
	}
	return nil
}

// section is a failing or unknown task: its steps that are not ok, then
// its diagram.
func section(t *taskstart.Task) string {
	b := &bytes.Buffer{}
	title := "task definition " + Code(t.TaskDefinition, false)
	if t.Service != "" {
		title = "service " + Code(t.Service, false) + " (task definition " + Code(t.TaskDefinition, false) + ")"
	}
	fmt.Fprintf(b, "\n### %s: %s\n\n", title, t.Verdict)
	for i := range t.Steps {
		st := &t.Steps[i]
		if st.Status != taskstart.Fail && st.Status != taskstart.Unknown {
			continue
		}
		fmt.Fprintf(b, "- **%s** %s", st.Status, Code(string(st.Step), false))
		if st.Container != "" {
			fmt.Fprintf(b, " in %s", Code(st.Container, false))
		}
		if st.Subject != "" {
			fmt.Fprintf(b, " (%s)", Text(st.Subject))
		}
		if st.Summary != "" {
			fmt.Fprintf(b, ": %s", Text(st.Summary))
		}
		b.WriteString("\n")
		if st.StoppedReason != "" {
			fmt.Fprintf(b, "  - stoppedReason: %s\n", Code(st.StoppedReason, false))
		}
		for _, m := range st.Missing {
			fmt.Fprintf(b, "  - missing: %s\n", Text(m))
		}
		if st.Fix != "" {
			fmt.Fprintf(b, "  - fix: %s\n", Text(st.Fix))
		}
		if l := st.FixLocation; l != nil && st.Status == taskstart.Fail && (l.File != "" || l.Path != "") {
			fmt.Fprintf(b, "  - change: %s\n", Code(strings.TrimSpace(where(l)), false))
		}
	}
	b.WriteString("\n```mermaid\n")
	b.WriteString(Diagram(t))
	b.WriteString("```\n")
	return b.String()
}

func where(l *taskstart.Location) string {
	s := l.File
	if l.Line > 0 {
		s += fmt.Sprintf(":%d", l.Line)
	}
	if l.Path != "" {
		s += " " + l.Path
	}
	if l.Resource != "" && l.Resource != l.Path {
		s += " (" + l.Resource + ")"
	}
	return s
}
