// Package sarif writes a simulation result as a SARIF 2.1.0 log (OASIS
// "Static Analysis Results Interchange Format (SARIF) Version 2.1.0"), the
// format code scanning services read, with github.com/owenrumney/go-sarif.
//
// One run, whose tool driver lists every failure class as a rule (Rules;
// ids and scheme in docs/sarif.md). Each step that is not ok is a result:
// fail is level error, warn is warning, unknown is note. A result is located
// at the resource to change (the step's fixLocation on a failing step, else
// its origin): a physical location (the file, and the line where the
// input has lines) when the input is a file, and always a logical location naming the resource (a
// template's logical id, a plan's address, a snapshot's JSON path).
// Renderers only format: the rule of a result is read from the step's
// evidence (RuleFor), never recomputed.
package sarif

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/ecs-preflight/ecs-preflight/internal/termsafe"
	"github.com/ecs-preflight/ecs-preflight/report"
	"github.com/ecs-preflight/ecs-preflight/taskstart"
	gosarif "github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"
)

// InformationURI is the tool's home page, written as the driver's
// informationUri.
const InformationURI = "https://github.com/ecs-preflight/ecs-preflight"

// Renderer writes SARIF.
type Renderer struct {
	// Version is the tool's version, written as the driver's
	// semanticVersion when it is not empty (a development build has none).
	Version string
}

var _ report.Renderer = (*Renderer)(nil)

// Render writes r as one SARIF log.
func (x *Renderer) Render(w io.Writer, r *taskstart.Result) error {
	return report.RenderAll(x.Stream(w), r)
}

// Stream writes the SARIF log of a result whose tasks arrive one at a time;
// see report.Stream. The log is one JSON document whose results come
// before nothing else the run needs, but SARIF readers expect the whole
// document, so results are kept (one per step that is not ok) and the log
// is written by Finish.
type Stream struct {
	w       io.Writer
	version string
	results []*gosarif.Result
}

var _ report.Stream = (*Stream)(nil)

// Stream starts a stream writing to w.
func (x *Renderer) Stream(w io.Writer) *Stream {
	return &Stream{w: w, version: x.Version, results: []*gosarif.Result{}}
}

// Task records the results of one task.
func (s *Stream) Task(t taskstart.Task) error {
	for i := range t.Steps {
		if r := result(&t, &t.Steps[i]); r != nil {
			s.results = append(s.results, r)
		}
	}
	return nil
}

// Finish writes the log.
func (s *Stream) Finish(*taskstart.Result) error {
	log := gosarif.NewReport()
	run := gosarif.NewRunWithInformationURI("ecs-preflight", InformationURI)
	// Template columns count Unicode code points (world.Origin.Column);
	// SARIF 2.1.0 "columnKind property" lets a run say so, where a
	// consumer could otherwise count UTF-16 code units and put a column
	// after a character outside the BMP one off.
	run.WithColumnKind("unicodeCodePoints")
	run.Tool.Driver.Rules = rules()
	if s.version != "" {
		run.Tool.Driver.WithSemanticVersion(strings.TrimPrefix(s.version, "v"))
	}
	run.Results = s.results
	log.AddRun(run)
	// go-sarif writes every array and every index sentinel (-1) SARIF
	// defines as a default; SARIF 2.1.0 section 3.7.2 and 3.4 say an
	// absent property means the same, and Multitool warns about them
	// (SARIF2004). Round-trip through a generic tree without them; the
	// tree's keys come out sorted, so the output is deterministic.
	raw, err := marshal(log)
	if err != nil {
		return err
	}
	var tree any
	if err := json.Unmarshal(raw, &tree); err != nil {
		return err
	}
	b, err := marshal(prune(tree, ""))
	if err != nil {
		return err
	}
	_, err = s.w.Write(termsafe.JSON(b))
	return err
}

func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	err := enc.Encode(v)
	return b.Bytes(), err
}

// sentinels are the properties whose value -1 means "not set" (SARIF
// 2.1.0 section 3.4 for indices, 3.27.24 rank, 3.28.2 location id, 3.30
// region offsets).
var sentinels = map[string]bool{"index": true, "parentIndex": true, "id": true,
	"rank": true, "byteOffset": true, "charOffset": true}

// prune drops the properties whose value is their SARIF default: empty
// arrays (but a run's results, which GitHub code scanning requires),
// empty property bags and -1 sentinels.
func prune(v any, key string) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if n, ok := e.(float64); ok && n == -1 && sentinels[k] {
				delete(x, k)
				continue
			}
			if a, ok := e.([]any); ok && len(a) == 0 && k != "results" {
				delete(x, k)
				continue
			}
			if m, ok := e.(map[string]any); ok && len(m) == 0 && k == "properties" {
				delete(x, k)
				continue
			}
			x[k] = prune(e, k)
		}
	case []any:
		for i := range x {
			x[i] = prune(x[i], key)
		}
	}
	return v
}

// Close does nothing: the stream holds only memory.
func (s *Stream) Close() error { return nil }

func rules() []*gosarif.ReportingDescriptor {
	out := make([]*gosarif.ReportingDescriptor, 0, len(Rules))
	for _, r := range Rules {
		d := gosarif.NewRule(r.ID).
			WithName(r.Name).
			WithDescription(r.Short).
			WithFullDescription(gosarif.NewMultiformatMessageString().WithText(r.Full)).
			WithHelpURI(HelpBase + strings.ToLower(r.ID))
		// GitHub code scanning requires help on every rule (Multitool's
		// GH2012): the full description and where the rule is documented.
		help := r.Full + " Documentation: " + HelpBase + strings.ToLower(r.ID)
		md := r.Full + "\n\n[" + r.ID + "](" + HelpBase + strings.ToLower(r.ID) + ")"
		d.Help = gosarif.NewMultiformatMessageString().WithText(help).WithMarkdown(md)
		out = append(out, d)
	}
	return out
}

// levels maps a step status to a SARIF result level.
var levels = map[taskstart.Status]string{
	taskstart.Fail:    gosarif.LevelError,
	taskstart.Warn:    gosarif.LevelWarning,
	taskstart.Unknown: gosarif.LevelNote,
}

// result is the SARIF result of one step, nil for a step that is ok.
func result(t *taskstart.Task, st *taskstart.Step) *gosarif.Result {
	level, ok := levels[st.Status]
	if !ok {
		return nil
	}
	id := RuleFor(st)
	r := gosarif.NewRuleResult(id).
		WithRuleIndex(index[id]).
		WithLevel(level).
		WithMessage(gosarif.NewTextMessage(Message(t, st)))
	if l := location(st); l != nil {
		r.AddLocation(l)
	}
	r.WithPartialFingerprints(map[string]string{"ecsPreflightStep/v1": fingerprint(t, st)})
	props := gosarif.NewPropertyBag()
	add := func(k, v string) {
		if v != "" {
			props.Add(k, v)
		}
	}
	add("service", t.Service)
	add("taskDefinition", t.TaskDefinition)
	add("container", st.Container)
	props.Add("step", string(st.Step))
	props.Add("status", string(st.Status))
	add("subject", st.Subject)
	add("check", st.RuleID)
	add("stoppedReason", st.StoppedReason)
	add("fix", st.Fix)
	if len(st.Missing) > 0 {
		props.Add("missing", st.Missing)
	}
	r.WithProperties(props)
	return r
}

// Message is the result's text: what ran, what was found, what the
// platform would print and what to change.
func Message(t *taskstart.Task, st *taskstart.Step) string {
	var b strings.Builder
	b.WriteString(Subject(t, st))
	b.WriteString(": ")
	b.WriteString(string(st.Step))
	b.WriteString(" ")
	b.WriteString(string(st.Status))
	if st.Summary != "" {
		b.WriteString(": ")
		b.WriteString(st.Summary)
	}
	b.WriteString(".")
	if st.StoppedReason != "" {
		b.WriteString(" stoppedReason: ")
		b.WriteString(st.StoppedReason)
	}
	if len(st.Missing) > 0 {
		b.WriteString(" Missing: ")
		b.WriteString(strings.Join(st.Missing, "; "))
		b.WriteString(".")
	}
	if st.Fix != "" {
		b.WriteString(" Fix: ")
		b.WriteString(st.Fix)
	}
	return b.String()
}

// Subject names the task and container of a step: "service api (task
// definition api:3), container app".
func Subject(t *taskstart.Task, st *taskstart.Step) string {
	var b strings.Builder
	if t.Service != "" {
		b.WriteString("service " + t.Service + " (task definition " + t.TaskDefinition + ")")
	} else {
		b.WriteString("task definition " + t.TaskDefinition)
	}
	if st.Container != "" {
		b.WriteString(", container " + st.Container)
	}
	if st.Subject != "" {
		b.WriteString(", " + st.Subject)
	}
	return b.String()
}

// location is where the result points: the resource a failing step's fix
// changes, else what the step is about.
func location(st *taskstart.Step) *gosarif.Location {
	loc := st.Origin
	if st.Status == taskstart.Fail && st.FixLocation != nil {
		loc = st.FixLocation
	}
	if loc == nil || (loc.File == "" && loc.Path == "" && loc.Resource == "") {
		return nil
	}
	l := gosarif.NewLocation()
	if uri, ok := FileURI(loc.File); ok {
		pl := gosarif.NewPhysicalLocation().WithArtifactLocation(gosarif.NewSimpleArtifactLocation(uri))
		if loc.Line > 0 {
			reg := gosarif.NewRegion().WithStartLine(loc.Line)
			if loc.Column > 0 {
				reg.WithStartColumn(loc.Column)
			}
			pl.WithRegion(reg)
		}
		l.WithPhysicalLocation(pl)
	}
	name := loc.Path
	if name == "" {
		name = loc.Resource
	}
	if name != "" {
		ll := gosarif.NewLogicalLocation().WithName(name).WithKind("resource")
		if loc.File != "" {
			ll.WithFullyQualifiedName(loc.File + " " + name)
		}
		if loc.Resource != "" && loc.Resource != name {
			ll.WithDecoratedName(loc.Resource)
		}
		l.AddLogicalLocation(ll)
	}
	return l
}

// FileURI is the artifact URI of an input file: a relative reference for a
// relative path (relative to where the tool ran, which code scanning
// takes as the repository root), a file URI for an absolute one. Inputs
// that are not files (an embedded example "example:NAME", a live read
// "aws:ACCOUNT/REGION", "the command line") have none.
func FileURI(file string) (string, bool) {
	if file == "" || strings.HasPrefix(file, "example:") || strings.HasPrefix(file, "aws:") || strings.HasPrefix(file, "the ") {
		return "", false
	}
	p := filepath.ToSlash(file)
	if filepath.IsAbs(file) {
		if !strings.HasPrefix(p, "/") {
			p = "/" + p // a Windows drive path
		}
		return (&url.URL{Scheme: "file", Path: p}).String(), true
	}
	return (&url.URL{Path: strings.TrimPrefix(p, "./")}).String(), true
}

// fingerprint identifies a step across runs for code scanning's alert
// tracking: the task, container, step, subject and check, not the
// messages, which carry ids that change.
func fingerprint(t *taskstart.Task, st *taskstart.Step) string {
	// The family, not the revision: a deploy registers a new revision of
	// the same task.
	family := t.TaskDefinition
	if i := strings.LastIndexByte(family, ':'); i >= 0 {
		if _, err := strconv.Atoi(family[i+1:]); err == nil {
			family = family[:i]
		}
	}
	h := sha256.Sum256([]byte(strings.Join([]string{t.Service, family, st.Container, string(st.Step), st.Subject, st.RuleID}, "\x00")))
	return hex.EncodeToString(h[:16])
}
