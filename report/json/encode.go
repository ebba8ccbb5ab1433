package json

import (
	"math/bits"
	"strconv"
	"unicode/utf8"

	"github.com/ecs-preflight/ecs-preflight/internal/termsafe"
	"github.com/ecs-preflight/ecs-preflight/taskstart"
)

// The methods of layout below append a task as JSON, byte for byte what
// encoding/json writes for it with SetEscapeHTML(false) (before the
// Encoder's newline): the fields in declaration order under their json
// tags, omitempty as encoding/json decides it (an empty string or slice, a
// nil pointer, a zero int), a nil slice without omitempty as null, and
// strings escaped as its appendString escapes them. encoding/json finds all
// of that by reflection for every value, and took most of the time of
// encoding a bulk report (docs/testing.md, "Scale").
//
// A layout writes the task compact, or indented as json.Indent indents
// encoding/json's output, and can escape what termsafe.JSON escapes as it
// goes: the stream writes each task in one pass over its strings instead of
// encoding, indenting and then scanning for terminal controls.
//
// TestEncodeTaskFieldsKnown fails when a field is added to one of these
// types, TestAppendTaskEqualsEncodingJSON and FuzzAppendTask compare the
// bytes with encoding/json's, and TestStreamLayout and FuzzAppendTask
// compare the stream's with appendIndent and termsafe.JSON applied to them.

// layout is how a task's JSON is laid out.
type layout struct {
	// nl is what starts a line at each depth inside the task: a newline,
	// the prefix and depth indents; all "" when compact.
	nl [5]string
	// colon follows a key: ":", or ": " when indented.
	colon string
	// termsafe escapes, as termsafe.JSON does, the characters encoding/json
	// leaves raw that act on a terminal.
	termsafe bool
}

// compact is encoding/json's compact form.
var compact = &layout{colon: ":"}

// newLayout returns the layout of a task written at prefix, indented by
// indent per level ("" and "" for compact), escaping for a terminal.
func newLayout(prefix, indent string, indented bool) *layout {
	l := &layout{colon: ":", termsafe: true}
	if indented {
		l.colon = ": "
		for d := range l.nl {
			l.nl[d] = "\n" + prefix
			for range d {
				l.nl[d] += indent
			}
		}
	}
	return l
}

// appendTask appends t as encoding/json's compact form.
func appendTask(b []byte, t *taskstart.Task) []byte {
	return compact.task(b, t)
}

// key appends a key starting a line at depth d, after a comma when comma.
func (l *layout) key(b []byte, d int, comma bool, name string) []byte {
	if comma {
		b = append(b, ',')
	}
	b = append(b, l.nl[d]...)
	b = append(b, name...)
	return append(b, l.colon...)
}

// task appends t; its fields are at depth 1.
func (l *layout) task(b []byte, t *taskstart.Task) []byte {
	b = append(b, '{')
	b = l.key(b, 1, false, `"taskDefinition"`)
	b = l.str(b, t.TaskDefinition)
	b = l.field(b, 1, `"service"`, t.Service)
	b = l.field(b, 1, `"launchType"`, t.LaunchType)
	b = l.field(b, 1, `"platformVersion"`, t.PlatformVersion)
	b = l.key(b, 1, true, `"verdict"`)
	b = l.str(b, string(t.Verdict))
	b = l.key(b, 1, true, `"steps"`)
	switch {
	case t.Steps == nil:
		b = append(b, "null"...)
	case len(t.Steps) == 0:
		b = append(b, "[]"...)
	default:
		b = append(b, '[')
		for i := range t.Steps {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, l.nl[2]...)
			b = l.step(b, &t.Steps[i])
		}
		b = append(b, l.nl[1]...)
		b = append(b, ']')
	}
	b = append(b, l.nl[0]...)
	return append(b, '}')
}

// step appends s; its fields are at depth 3. Container is the first field
// and omitempty, so the comma before the next field depends on whether it
// was written.
func (l *layout) step(b []byte, s *taskstart.Step) []byte {
	b = append(b, '{')
	if s.Container != "" {
		b = l.key(b, 3, false, `"container"`)
		b = l.str(b, s.Container)
		b = append(b, ',')
	}
	b = l.key(b, 3, false, `"step"`)
	b = l.str(b, string(s.Step))
	b = l.key(b, 3, true, `"status"`)
	b = l.str(b, string(s.Status))
	b = l.field(b, 3, `"stoppedReason"`, s.StoppedReason)
	if e := s.IAM; e != nil {
		b = l.key(b, 3, true, `"iam"`)
		b = append(b, '{')
		b = l.key(b, 4, false, `"action"`)
		b = l.str(b, e.Action)
		b = l.field(b, 4, `"resource"`, e.Resource)
		b = l.key(b, 4, true, `"decision"`)
		b = l.str(b, string(e.Decision))
		b = l.field(b, 4, `"policy"`, e.Policy)
		b = l.field(b, 4, `"statement"`, e.Statement)
		b = append(b, l.nl[3]...)
		b = append(b, '}')
	}
	if e := s.Network; e != nil {
		b = l.key(b, 3, true, `"network"`)
		b = append(b, '{')
		b = l.key(b, 4, false, `"service"`)
		b = l.str(b, e.Service)
		b = l.field(b, 4, `"host"`, e.Host)
		b = l.field(b, 4, `"via"`, string(e.Via))
		b = l.field(b, 4, `"blockedBy"`, string(e.BlockedBy))
		b = l.field(b, 4, `"subnet"`, e.Subnet)
		b = l.field(b, 4, `"endpoint"`, e.Endpoint)
		b = append(b, l.nl[3]...)
		b = append(b, '}')
	}
	b = l.strings(b, `"missing"`, s.Missing)
	b = l.strings(b, `"assumptions"`, s.Assumptions)
	b = l.field(b, 3, `"fix"`, s.Fix)
	b = l.field(b, 3, `"ruleId"`, s.RuleID)
	b = l.field(b, 3, `"subject"`, s.Subject)
	b = l.field(b, 3, `"summary"`, s.Summary)
	b = l.strings(b, `"evidence"`, s.Evidence)
	b = l.strings(b, `"warnings"`, s.Warnings)
	b = l.field(b, 3, `"location"`, s.Location)
	b = l.location(b, `"origin"`, s.Origin)
	b = l.location(b, `"fixLocation"`, s.FixLocation)
	b = append(b, l.nl[2]...)
	return append(b, '}')
}

// location appends an omitempty *Location field of a step. Every field of
// Location is omitempty: a comma goes before each but the first written,
// and one with none is {} on its line.
func (l *layout) location(b []byte, name string, loc *taskstart.Location) []byte {
	if loc == nil {
		return b
	}
	b = l.key(b, 3, true, name)
	b = append(b, '{')
	empty := len(b)
	if loc.File != "" {
		b = l.str(l.key(b, 4, len(b) > empty, `"file"`), loc.File)
	}
	if loc.Line != 0 {
		b = strconv.AppendInt(l.key(b, 4, len(b) > empty, `"line"`), int64(loc.Line), 10)
	}
	if loc.Column != 0 {
		b = strconv.AppendInt(l.key(b, 4, len(b) > empty, `"column"`), int64(loc.Column), 10)
	}
	if loc.Path != "" {
		b = l.str(l.key(b, 4, len(b) > empty, `"path"`), loc.Path)
	}
	if loc.Resource != "" {
		b = l.str(l.key(b, 4, len(b) > empty, `"resource"`), loc.Resource)
	}
	if len(b) > empty {
		b = append(b, l.nl[3]...)
	}
	return append(b, '}')
}

// field appends an omitempty string field at depth d after a comma, or
// nothing when the value is empty.
func (l *layout) field(b []byte, d int, name, v string) []byte {
	if v == "" {
		return b
	}
	return l.str(l.key(b, d, true, name), v)
}

// strings appends an omitempty []string field of a step.
func (l *layout) strings(b []byte, name string, vs []string) []byte {
	if len(vs) == 0 {
		return b
	}
	b = l.key(b, 3, true, name)
	b = append(b, '[')
	for i, v := range vs {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, l.nl[4]...)
		b = l.str(b, v)
	}
	b = append(b, l.nl[3]...)
	return append(b, ']')
}

// str appends s as a JSON string, escaped for a terminal when l says so.
func (l *layout) str(b []byte, s string) []byte {
	return appendString(b, s, l.termsafe)
}

const hexDigits = "0123456789abcdef"

// Masks of the bytes of a word, for finding in eight bytes at once the
// first that needs more than a copy (see stop).
const (
	lsb = 0x0101010101010101
	msb = 0x8080808080808080
)

// stop returns a word whose lowest set bit is the high bit of the first
// byte of x (little-endian) that appendString cannot copy as it is: a
// control character, '"', '\\', a byte of a non-ASCII character, and DEL
// when term; 0 when there is none. A byte of x - 0x20*lsb has its high
// bit set when it was below 0x20, of (x ^ c*lsb) - lsb when it was c, and
// of x + lsb when it was 0x7f; each may also set it for bytes at and
// above 0x80, which x sets anyway. Borrows and carries only go up from a byte
// that is set, so bits above the lowest may be wrong but it is not.
func stop(x uint64, term bool) uint64 {
	m := x | (x - 0x20*lsb) | ((x ^ '"'*lsb) - lsb) | ((x ^ '\\'*lsb) - lsb)
	if term {
		m |= x + lsb
	}
	return m & msb
}

// appendString appends s as a JSON string as encoding/json writes it
// without HTML escaping: '"' and '\\' escaped, control characters as \b,
// \f, \n, \r, \t or \u00XX, each byte of invalid UTF-8 as \ufffd, and
// U+2028 and U+2029 as \u2028 and \u2029 (encoding/json's appendString).
// With term, the characters termsafe.JSON escapes are written as it writes
// them, \u and four lower-case hex digits: the bytes termsafe.JSON would
// make of encoding/json's.
func appendString(b []byte, s string, term bool) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		// Skip eight plain bytes at a time: most of a report's text is
		// ASCII without quotes.
		for i+8 <= len(s) {
			w := s[i : i+8] // one bounds check; the compiler loads the word at once
			x := uint64(w[0]) | uint64(w[1])<<8 | uint64(w[2])<<16 | uint64(w[3])<<24 |
				uint64(w[4])<<32 | uint64(w[5])<<40 | uint64(w[6])<<48 | uint64(w[7])<<56
			if m := stop(x, term); m != 0 {
				i += bits.TrailingZeros64(m) >> 3
				break
			}
			i += 8
		}
		if i >= len(s) {
			break
		}
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && (c != 0x7f || !term) {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
		case term && termsafe.JSONEscapes(r):
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', hexDigits[r>>12&0xF], hexDigits[r>>8&0xF], hexDigits[r>>4&0xF], hexDigits[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
