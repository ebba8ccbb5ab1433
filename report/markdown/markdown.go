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

	"github.com/ecs-preflight/ecs-preflight/report"
	"github.com/ecs-preflight/ecs-preflight/taskstart"
)

// Renderer writes Markdown.
type Renderer struct{}

var _ report.Renderer = (*Renderer)(nil)

// Render writes r as one Markdown document.
func (x *Renderer) Render(w io.Writer, r *taskstart.Result) error {
	s := x.Stream(w)
	for _, t := range r.Tasks {
		if err := s.Task(t); err != nil {
			return err
		}
	}
	return s.Finish(r)
}

// Stream writes the Markdown of a result whose tasks arrive one at a time;
// see report.Stream. The summary table comes first and names every task,
// so the table's rows and the sections of the failing tasks are kept and
// the document is written by Finish.
type Stream struct {
	w        io.Writer
	rows     bytes.Buffer
	sections bytes.Buffer
	counts   map[taskstart.Verdict]int
	n        int
}

var _ report.Stream = (*Stream)(nil)

// Stream starts a stream writing to w.
func (x *Renderer) Stream(w io.Writer) *Stream {
	return &Stream{w: w, counts: map[taskstart.Verdict]int{}}
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
	fmt.Fprintf(&s.rows, "| %s | %s | %s | %s |\n", Text(taskName(&t)), verdictMark[t.Verdict], dash(step), dash(fix))
	if t.Verdict != taskstart.Pass {
		s.section(&t)
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
	fmt.Fprintf(&b, "%d %s: %d pass, %d fail, %d unknown.", s.n, noun,
		s.counts[taskstart.Pass], s.counts[taskstart.VerdictFail], s.counts[taskstart.VerdictUnknown])
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
	if s.n > 0 {
		b.WriteString("\n| service | verdict | failing step | fix |\n| --- | --- | --- | --- |\n")
		b.Write(s.rows.Bytes())
	}
	b.Write(s.sections.Bytes())
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

// section writes a failing or unknown task: its steps that are not ok,
// then its diagram.
func (s *Stream) section(t *taskstart.Task) {
	b := &s.sections
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
