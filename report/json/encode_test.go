package json

import (
	"bytes"
	"encoding/binary"
	stdjson "encoding/json"
	"math/bits"
	"reflect"
	"slices"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/internal/termsafe"
	"github.com/ecs-preflight/ecs-preflight/taskstart"
)

// stdTask is what encoding/json writes for t, as the stream's encoder
// would: HTML characters unescaped, without the Encoder's newline.
func stdTask(tb testing.TB, t *taskstart.Task) []byte {
	tb.Helper()
	var buf bytes.Buffer
	enc := stdjson.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(t); err != nil {
		tb.Fatal(err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

// appendTask writes the fields of these types by hand: a field added to
// one of them must be added there too, which this test says.
func TestEncodeTaskFieldsKnown(t *testing.T) {
	for _, c := range []struct {
		v    any
		tags []string
	}{
		{taskstart.Task{}, []string{"taskDefinition", "service,omitempty", "launchType,omitempty",
			"platformVersion,omitempty", "verdict", "steps"}},
		{taskstart.Step{}, []string{"container,omitempty", "step", "status", "stoppedReason,omitempty",
			"iam,omitempty", "network,omitempty", "missing,omitempty", "assumptions,omitempty", "fix,omitempty",
			"ruleId,omitempty", "subject,omitempty", "summary,omitempty", "evidence,omitempty",
			"warnings,omitempty", "location,omitempty", "origin,omitempty", "fixLocation,omitempty"}},
		{taskstart.IAMEvidence{}, []string{"action", "resource,omitempty", "decision", "policy,omitempty",
			"statement,omitempty"}},
		{taskstart.NetworkEvidence{}, []string{"service", "host,omitempty", "via,omitempty",
			"blockedBy,omitempty", "subnet,omitempty", "endpoint,omitempty"}},
		{taskstart.Location{}, []string{"file,omitempty", "line,omitempty", "column,omitempty", "path,omitempty", "resource,omitempty"}},
	} {
		typ := reflect.TypeOf(c.v)
		var tags []string
		for f := range typ.Fields() {
			tags = append(tags, f.Tag.Get("json"))
		}
		if !slices.Equal(tags, c.tags) {
			t.Errorf("%s: json tags %q, appendTask writes %q: update report/json/encode.go", typ, tags, c.tags)
		}
	}
}

// fullTask has every field set, with strings that need each of
// encoding/json's escapes.
func fullTask(s string) taskstart.Task {
	loc := &taskstart.Location{File: s, Line: 12, Column: 7, Path: s, Resource: s}
	return taskstart.Task{TaskDefinition: s, Service: s, LaunchType: s, PlatformVersion: s, Verdict: taskstart.Verdict(s),
		Steps: []taskstart.Step{{
			Container: s, Step: taskstart.StepKind(s), Status: taskstart.Status(s), StoppedReason: s,
			IAM:         &taskstart.IAMEvidence{Action: s, Resource: s, Decision: "allow", Policy: s, Statement: s},
			Network:     &taskstart.NetworkEvidence{Service: s, Host: s, Via: "vpce", BlockedBy: "route", Subnet: s, Endpoint: s},
			Missing:     []string{s, ""},
			Assumptions: []string{s},
			Fix:         s, RuleID: s, Subject: s, Summary: s,
			Evidence: []string{s, s}, Warnings: []string{s},
			Location: s, Origin: loc, FixLocation: loc,
		}, {}}}
}

// encodeCases are tasks with every field present and absent, each
// omitempty case and each escape of encoding/json and of termsafe.JSON.
func encodeCases() map[string]taskstart.Task {
	return map[string]taskstart.Task{
		"zero":                          {},
		"nil steps (null)":              {TaskDefinition: "web:1", Verdict: "pass"},
		"empty steps":                   {TaskDefinition: "web:1", Verdict: "pass", Steps: []taskstart.Step{}},
		"plain":                         fullTask("arn:aws:ecs:eu-west-1:123456789012:task-definition/web:1"),
		"quote and backslash":           fullTask(`a"b\c\\"`),
		"control characters":            fullTask("\x00\x01\b\f\n\r\t\x1f\x7f"),
		"HTML characters unescaped":     fullTask("<script>&amp;</script>"),
		"invalid UTF-8":                 fullTask("a\xffb\xc3(c\xed\xa0\x80"),
		"line and paragraph separators": fullTask("a\u2028b\u2029c\u2027"),
		"non-ASCII":                     fullTask("ré → 東京 🚀"),
		"empty strings":                 fullTask(""),
		"location line only": {Steps: []taskstart.Step{{Origin: &taskstart.Location{Line: -3},
			FixLocation: &taskstart.Location{}, IAM: &taskstart.IAMEvidence{}, Network: &taskstart.NetworkEvidence{}}}},
		"location path only": {Steps: []taskstart.Step{{Origin: &taskstart.Location{Path: "$.x"},
			FixLocation: &taskstart.Location{Resource: "r", Line: 1}}}},
		// termsafe: DEL, C1 (CSI U+009B), bidi overrides and isolates, marks.
		"terminal controls":                    fullTask("a\x7fb\u0080\u009b[31m\u009f\u202a\u202e\u2066\u2069\u200e\u200f\u2029\u2070\u00a0"),
		"long plain and escapes at word edges": fullTask("0123456\"89abcdef\u202e0123456789abcdef\\0123456\x7f"),
	}
}

// The hand-written encoder writes what encoding/json writes, for every
// field present and absent, each omitempty case and each escape.
func TestAppendTaskEqualsEncodingJSON(t *testing.T) {
	for name, task := range encodeCases() {
		t.Run(name, func(t *testing.T) {
			want := stdTask(t, &task)
			if got := appendTask(nil, &task); !bytes.Equal(got, want) {
				t.Errorf("appendTask:\n got %s\nwant %s", got, want)
			}
		})
	}
}

// streamWant is what the stream wrote for a task before it encoded in one
// pass: encoding/json's bytes, indented (appendIndent, which
// TestAppendIndent compares with json.Indent) unless compact, then
// termsafe.JSON.
func streamWant(tb testing.TB, task *taskstart.Task, compact bool) []byte {
	b := stdTask(tb, task)
	if !compact {
		b = appendIndent(nil, b, elemPrefix, "  ")
	}
	return termsafe.JSON(b)
}

// The stream's layouts write in one pass what encoding, indenting and
// termsafe.JSON wrote one after the other.
func TestStreamLayout(t *testing.T) {
	for name, task := range encodeCases() {
		t.Run(name, func(t *testing.T) {
			if got, want := indentedTask.task(nil, &task), streamWant(t, &task, false); !bytes.Equal(got, want) {
				t.Errorf("indented:\n got %s\nwant %s", got, want)
			}
			if got, want := compactTask.task(nil, &task), streamWant(t, &task, true); !bytes.Equal(got, want) {
				t.Errorf("compact:\n got %s\nwant %s", got, want)
			}
		})
	}
}

// FuzzAppendTask compares the hand-written encoder with encoding/json on
// arbitrary strings in every field, a line number and which optional
// parts are present.
func FuzzAppendTask(f *testing.F) {
	f.Add("web:1", "api", 3, uint8(0xff))
	f.Add("a\"b\\c\x00\u2028\xff<>&", "", 0, uint8(0))
	f.Add("\xed\xa0\x80\xf4\x90\x80\x80", "\t\n", -1, uint8(0x55))
	f.Add("0123456\x7f\u009b\u202e\u2066abcdefgh\"", "\u200f", 7, uint8(0xaa))
	f.Fuzz(func(t *testing.T, s, s2 string, line int, parts uint8) {
		task := fullTask(s)
		st := &task.Steps[0]
		st.Container, st.Summary = s2, s2
		st.Origin.Line = line
		if parts&1 == 0 {
			st.IAM = nil
		}
		if parts&2 == 0 {
			st.Network = nil
		}
		if parts&4 == 0 {
			st.Origin = &taskstart.Location{Line: line, Column: line / 2}
		}
		if parts&8 == 0 {
			st.FixLocation = nil
		}
		if parts&16 == 0 {
			st.Missing = nil
		}
		if parts&32 == 0 {
			task.Steps = nil
		}
		if parts&64 == 0 {
			task.Service = ""
		}
		want := stdTask(t, &task)
		if got := appendTask(nil, &task); !bytes.Equal(got, want) {
			t.Errorf("appendTask:\n got %s\nwant %s", got, want)
		}
		if got, want := indentedTask.task(nil, &task), streamWant(t, &task, false); !bytes.Equal(got, want) {
			t.Errorf("indented:\n got %s\nwant %s", got, want)
		}
		if got, want := compactTask.task(nil, &task), streamWant(t, &task, true); !bytes.Equal(got, want) {
			t.Errorf("compact:\n got %s\nwant %s", got, want)
		}
	})
}

// stop finds the first byte appendString must look at, for every pair of
// byte values at every pair of places in a word of plain bytes, with and
// without DEL escaped: the borrows between bytes never move it.
func TestStop(t *testing.T) {
	plain := func(c byte, term bool) bool {
		return c >= 0x20 && c < 0x80 && c != '"' && c != '\\' && (c != 0x7f || !term)
	}
	for _, term := range []bool{false, true} {
		for p1 := range 8 {
			for p2 := p1 + 1; p2 < 8; p2++ {
				for c1 := range 256 {
					for c2 := range 256 {
						w := [8]byte{'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'}
						w[p1], w[p2] = byte(c1), byte(c2)
						want := 8
						for i, c := range w {
							if !plain(c, term) {
								want = i
								break
							}
						}
						m := stop(binary.LittleEndian.Uint64(w[:]), term)
						if got := bits.TrailingZeros64(m) / 8; got != want || m&^msb != 0 {
							t.Fatalf("term %v, %q: stop %#x, first byte %d, want %d", term, w, m, got, want)
						}
					}
				}
			}
		}
	}
}
