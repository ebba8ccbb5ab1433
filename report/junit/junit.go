// Package junit writes a simulation result as JUnit XML, the test report
// format CI systems display (Jenkins, GitLab, GitHub test reporters), in the
// shape of the Jenkins xUnit plugin's junit-10.xsd (testdata/README.md).
//
// One testsuite per task (a service, or a task definition on its own), one
// testcase per step: its name is the step (and subject), its classname the
// service and container. A failing step is a failure whose message is the
// stoppedReason the platform would print (the summary when the step has
// none) and whose body holds the summary, the evidence, the fix and the
// location. An unknown step is skipped, its message naming the missing
// facts: JUnit has no "undecided" outcome, a failure would claim a fail and
// a pass would claim a pass the input does not show (docs/formats.md
// "JUnit XML"). A
// warning passes, with its warnings in system-out. The exit code of the
// command still says fail or unknown.
package junit

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/ecs-preflight/ecs-preflight/internal/termsafe"
	"github.com/ecs-preflight/ecs-preflight/report"
	"github.com/ecs-preflight/ecs-preflight/taskstart"
)

// Renderer writes JUnit XML.
type Renderer struct{}

var _ report.Renderer = (*Renderer)(nil)

// Render writes r as one testsuites document.
func (x *Renderer) Render(w io.Writer, r *taskstart.Result) error {
	return report.RenderAll(x.Stream(w), r)
}

// Stream writes the JUnit XML of a result whose tasks arrive one at a
// time; see report.Stream. The root element carries the totals, known
// only after the last task, so each task's testsuite is encoded as it
// comes and the document is written by Finish.
type Stream struct {
	w               io.Writer
	suites          bytes.Buffer
	tests, failures int
	err             error
}

var _ report.Stream = (*Stream)(nil)

// Stream starts a stream writing to w.
func (x *Renderer) Stream(w io.Writer) *Stream { return &Stream{w: w} }

type suite struct {
	XMLName    xml.Name   `xml:"testsuite"`
	Name       string     `xml:"name,attr"`
	Tests      int        `xml:"tests,attr"`
	Failures   int        `xml:"failures,attr"`
	Errors     int        `xml:"errors,attr"`
	Skipped    int        `xml:"skipped,attr"`
	Properties []property `xml:"properties>property,omitempty"`
	Cases      []testcase `xml:"testcase"`
}

type property struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type testcase struct {
	Name      string   `xml:"name,attr"`
	Classname string   `xml:"classname,attr"`
	Failure   *outcome `xml:"failure,omitempty"`
	Skipped   *outcome `xml:"skipped,omitempty"`
	SystemOut string   `xml:"system-out,omitempty"`
}

type outcome struct {
	Type    string `xml:"type,attr,omitempty"`
	Message string `xml:"message,attr"`
	// Body is a CDATA section, so that its lines stay lines in the file
	// (encoding/xml writes a newline of character data as &#xA;).
	Body string `xml:",cdata"`
}

// Task encodes one task's testsuite.
func (s *Stream) Task(t taskstart.Task) error {
	if s.err != nil {
		return s.err
	}
	su := suite{Name: SuiteName(&t)}
	for _, p := range [][2]string{{"taskDefinition", t.TaskDefinition}, {"service", t.Service},
		{"launchType", t.LaunchType}, {"platformVersion", t.PlatformVersion}, {"verdict", string(t.Verdict)}} {
		if p[1] != "" {
			su.Properties = append(su.Properties, property{p[0], p[1]})
		}
	}
	for i := range t.Steps {
		st := &t.Steps[i]
		c := testcase{Name: CaseName(st), Classname: className(&t, st)}
		switch st.Status {
		case taskstart.Fail:
			msg := st.StoppedReason
			if msg == "" {
				msg = st.Summary
			}
			c.Failure = &outcome{Type: st.RuleID, Message: msg, Body: cdataText(failureBody(st))}
			su.Failures++
		case taskstart.Unknown:
			c.Skipped = &outcome{Message: "unknown: " + missing(st), Body: cdataText(failureBody(st))}
			su.Skipped++
		case taskstart.Warn:
			c.SystemOut = strings.Join(append([]string{st.Summary}, st.Warnings...), "\n")
		}
		su.Cases = append(su.Cases, c)
	}
	su.Tests = len(su.Cases)
	s.tests += su.Tests
	s.failures += su.Failures
	s.suites.WriteString("\n")
	enc := xml.NewEncoder(&s.suites)
	enc.Indent("  ", "  ")
	if err := enc.Encode(su); err != nil {
		s.err = fmt.Errorf("junit: task %q: %w", t.TaskDefinition, err)
	}
	return s.err
}

// Finish writes the document.
func (s *Stream) Finish(*taskstart.Result) error {
	if s.err != nil {
		return s.err
	}
	var b bytes.Buffer
	b.WriteString(xml.Header)
	// junit-10.xsd has no skipped count on testsuites; each testsuite
	// has its own.
	fmt.Fprintf(&b, `<testsuites name="ecs-preflight" tests="%d" failures="%d" errors="0">`, s.tests, s.failures)
	b.Write(s.suites.Bytes())
	b.WriteString("\n</testsuites>\n")
	_, err := s.w.Write(terminalSafe(b.Bytes()))
	return err
}

// Close does nothing: the stream holds only memory.
func (s *Stream) Close() error { return nil }

// SuiteName names a task's testsuite.
func SuiteName(t *taskstart.Task) string {
	if t.Service != "" {
		return "service " + t.Service + " (task definition " + t.TaskDefinition + ")"
	}
	return "task definition " + t.TaskDefinition
}

// CaseName names a step's testcase: the step, and its subject when a
// container has several steps of the kind.
func CaseName(st *taskstart.Step) string {
	if st.Subject != "" {
		return string(st.Step) + " " + st.Subject
	}
	return string(st.Step)
}

// className groups a task's testcases by container, as test reporters
// group by class: "SERVICE.CONTAINER", "SERVICE" for the task-level steps.
func className(t *taskstart.Task, st *taskstart.Step) string {
	name := t.Service
	if name == "" {
		name = t.TaskDefinition
	}
	if st.Container != "" {
		name += "." + st.Container
	}
	return name
}

func missing(st *taskstart.Step) string {
	if len(st.Missing) == 0 {
		return st.Summary
	}
	return strings.Join(st.Missing, "; ")
}

// failureBody is the detail of a failing or unknown step, one item a line.
func failureBody(st *taskstart.Step) string {
	var b strings.Builder
	line := func(label, v string) {
		if v != "" {
			b.WriteString(label + v + "\n")
		}
	}
	line("", st.Summary)
	line("stoppedReason: ", st.StoppedReason)
	for _, m := range st.Missing {
		line("missing: ", m)
	}
	for _, e := range st.Evidence {
		line("evidence: ", e)
	}
	for _, a := range st.Assumptions {
		line("assumption: ", a)
	}
	line("fix: ", st.Fix)
	if l := st.FixLocation; l != nil && st.Status == taskstart.Fail {
		line("fix at: ", where(l))
	} else if l := st.Origin; l != nil {
		line("at: ", where(l))
	}
	return b.String()
}

func where(l *taskstart.Location) string {
	s := l.File
	if l.Line > 0 {
		s += ":" + strconv.Itoa(l.Line)
	}
	if l.Path != "" {
		s = strings.TrimSpace(s + " " + l.Path)
	}
	return s
}

// cdataText is a failure body as a CDATA section can hold it: character
// references mean nothing inside CDATA, so what can drive a terminal is
// written as a Go escape ("\x1b", "\u202e"), as the text report writes it
// (internal/termsafe); the body is for reading.
func cdataText(s string) string { return xmlChars(termsafe.EscapeLines(s)) }

// xmlChars replaces what XML 1.0 cannot hold (its Char production: C0
// controls but tab, newline and carriage return; surrogates; U+FFFE and
// U+FFFF; invalid UTF-8) by U+FFFD, as encoding/xml does for character
// data but not for CDATA.
func xmlChars(s string) string {
	return strings.Map(func(r rune) rune {
		if r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF {
			return r
		}
		return '\uFFFD'
	}, strings.ToValidUTF8(s, "\uFFFD"))
}

// terminalSafe writes the characters that can drive a terminal but that
// XML 1.0 allows raw, in attributes and character data (bodies are
// escaped before, cdataText) (DEL, the C1 controls, the bidi controls: the set
// internal/termsafe names) as character references, which an XML reader
// decodes back to the same text. encoding/xml already replaces the C0
// controls XML forbids with U+FFFD and escapes tab and newline in
// attributes.
func terminalSafe(b []byte) []byte {
	var out []byte
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == 0x7f || 0x80 <= r && r <= 0x9f || 0x202a <= r && r <= 0x202e || 0x2066 <= r && r <= 0x2069 || r == 0x200e || r == 0x200f {
			if out == nil {
				out = append(make([]byte, 0, len(b)+16), b[:i]...)
			}
			out = fmt.Appendf(out, "&#x%X;", r)
		} else if out != nil {
			out = append(out, b[i:i+n]...)
		}
		i += n
	}
	if out == nil {
		return b
	}
	return out
}
