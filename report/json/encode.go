package json

import (
	"strconv"
	"unicode/utf8"

	"github.com/ecs-preflight/ecs-preflight/taskstart"
)

// The functions below append a task as compact JSON, byte for byte what
// encoding/json writes for it with SetEscapeHTML(false) (before the
// Encoder's newline): the fields in declaration order under their json
// tags, omitempty as encoding/json decides it (an empty string or slice, a
// nil pointer, a zero int), a nil slice without omitempty as null, and
// strings escaped as its appendString escapes them. encoding/json finds all
// of that by reflection for every value, and took most of the time of
// encoding a bulk report (docs/testing.md, "Scale").
//
// TestEncodeTaskFieldsKnown fails when a field is added to one of these
// types, and TestAppendTaskEqualsEncodingJSON and FuzzAppendTask compare
// the bytes with encoding/json's.

// appendTask appends t.
func appendTask(b []byte, t *taskstart.Task) []byte {
	b = append(b, `{"taskDefinition":`...)
	b = appendString(b, t.TaskDefinition)
	b = appendField(b, `,"service":`, t.Service)
	b = appendField(b, `,"launchType":`, t.LaunchType)
	b = appendField(b, `,"platformVersion":`, t.PlatformVersion)
	b = append(b, `,"verdict":`...)
	b = appendString(b, string(t.Verdict))
	b = append(b, `,"steps":`...)
	if t.Steps == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i := range t.Steps {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendStep(b, &t.Steps[i])
		}
		b = append(b, ']')
	}
	return append(b, '}')
}

// appendStep appends s. Container is the first field and omitempty, so
// the comma before each later field depends on whether it was written.
func appendStep(b []byte, s *taskstart.Step) []byte {
	b = append(b, '{')
	if s.Container != "" {
		b = append(b, `"container":`...)
		b = appendString(b, s.Container)
		b = append(b, ',')
	}
	b = append(b, `"step":`...)
	b = appendString(b, string(s.Step))
	b = append(b, `,"status":`...)
	b = appendString(b, string(s.Status))
	b = appendField(b, `,"stoppedReason":`, s.StoppedReason)
	if e := s.IAM; e != nil {
		b = append(b, `,"iam":{"action":`...)
		b = appendString(b, e.Action)
		b = appendField(b, `,"resource":`, e.Resource)
		b = append(b, `,"decision":`...)
		b = appendString(b, string(e.Decision))
		b = appendField(b, `,"policy":`, e.Policy)
		b = appendField(b, `,"statement":`, e.Statement)
		b = append(b, '}')
	}
	if e := s.Network; e != nil {
		b = append(b, `,"network":{"service":`...)
		b = appendString(b, e.Service)
		b = appendField(b, `,"host":`, e.Host)
		b = appendField(b, `,"via":`, string(e.Via))
		b = appendField(b, `,"blockedBy":`, string(e.BlockedBy))
		b = appendField(b, `,"subnet":`, e.Subnet)
		b = appendField(b, `,"endpoint":`, e.Endpoint)
		b = append(b, '}')
	}
	b = appendStrings(b, `,"missing":`, s.Missing)
	b = appendStrings(b, `,"assumptions":`, s.Assumptions)
	b = appendField(b, `,"fix":`, s.Fix)
	b = appendField(b, `,"ruleId":`, s.RuleID)
	b = appendField(b, `,"subject":`, s.Subject)
	b = appendField(b, `,"summary":`, s.Summary)
	b = appendStrings(b, `,"evidence":`, s.Evidence)
	b = appendStrings(b, `,"warnings":`, s.Warnings)
	b = appendField(b, `,"location":`, s.Location)
	b = appendLocation(b, `,"origin":`, s.Origin)
	b = appendLocation(b, `,"fixLocation":`, s.FixLocation)
	return append(b, '}')
}

// appendLocation appends an omitempty *Location field. Every field of
// Location is omitempty: a comma goes before each but the first written.
func appendLocation(b []byte, key string, l *taskstart.Location) []byte {
	if l == nil {
		return b
	}
	b = append(b, key...)
	b = append(b, '{')
	empty := len(b)
	sep := func(b []byte, name string) []byte {
		if len(b) > empty {
			b = append(b, ',')
		}
		return append(b, name...)
	}
	if l.File != "" {
		b = appendString(sep(b, `"file":`), l.File)
	}
	if l.Line != 0 {
		b = strconv.AppendInt(sep(b, `"line":`), int64(l.Line), 10)
	}
	if l.Column != 0 {
		b = strconv.AppendInt(sep(b, `"column":`), int64(l.Column), 10)
	}
	if l.Path != "" {
		b = appendString(sep(b, `"path":`), l.Path)
	}
	if l.Resource != "" {
		b = appendString(sep(b, `"resource":`), l.Resource)
	}
	return append(b, '}')
}

// appendField appends an omitempty string field: key (with its leading
// comma) and value, or nothing when the value is empty.
func appendField(b []byte, key, v string) []byte {
	if v == "" {
		return b
	}
	b = append(b, key...)
	return appendString(b, v)
}

// appendStrings appends an omitempty []string field.
func appendStrings(b []byte, key string, vs []string) []byte {
	if len(vs) == 0 {
		return b
	}
	b = append(b, key...)
	b = append(b, '[')
	for i, v := range vs {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, v)
	}
	return append(b, ']')
}

const hexDigits = "0123456789abcdef"

// appendString appends s as a JSON string as encoding/json writes it
// without HTML escaping: '"' and '\\' escaped, control characters as \b,
// \f, \n, \r, \t or \u00XX, each byte of invalid UTF-8 as \ufffd, and
// U+2028 and U+2029 as \u2028 and \u2029 (encoding/json's appendString).
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
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
