// Package termsafe keeps text taken from the input from driving the
// terminal: a name holding ESC, BEL or a bidi override is written escaped
// ("\x1b", "\u202e") rather than raw. Every text writer of the command (the
// text report, the iam command's text output and the errors printed to
// stderr) writes input through Escape. JSON output goes through JSON:
// encoding/json escapes the C0 controls (RFC 8259 section 7) but leaves DEL,
// the C1 controls and the bidi controls raw, and a JSON document printed to
// a terminal is read there too.
package termsafe

import (
	"bytes"
	"fmt"
	"io"
	"reflect"
	"strings"
	"unicode/utf8"
)

// Escape returns s with every character that can change what a terminal
// shows written as a Go escape: the C0 controls (NUL to US, including
// newline and tab, so one value stays on one line), DEL, the C1 controls
// U+0080 to U+009F (ECMA-48 "Control Functions for Coded Character Sets"
// section 5: CSI is both ESC [ and U+009B), the bidi embeddings, overrides
// and isolates U+202A to U+202E and U+2066 to U+2069 and the marks U+200E
// and U+200F (Unicode Standard Annex #9 "Unicode Bidirectional Algorithm";
// CVE-2021-42574 "Trojan Source"), and bytes that are not UTF-8. A backslash
// is kept as it is: the output is for reading, not for parsing back.
func Escape(s string) string {
	if strings.IndexFunc(s, actsOnTerminal) < 0 && utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n <= 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case actsOnTerminal(r) && r < utf8.RuneSelf:
			fmt.Fprintf(&b, `\x%02x`, r)
		case actsOnTerminal(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// EscapeLines is Escape applied to each line of s: the line breaks of a
// multi-line message (a YAML decoder's list of errors) stay breaks.
func EscapeLines(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = Escape(l)
	}
	return strings.Join(lines, "\n")
}

// Raw is text the program itself writes, such as a colour sequence, that
// Fprintf passes through unescaped.
type Raw string

// Fprintf is fmt.Fprintf with every string argument (of any string type)
// but one printed with %q passed through Escape
// and every error or fmt.Stringer through EscapeLines; a Raw argument is
// written as it is.
func Fprintf(w io.Writer, format string, args ...any) (int, error) {
	verbs := verbsOf(format)
	safe := make([]any, len(args))
	for i, a := range args {
		if i < len(verbs) && verbs[i] == 'q' {
			// %q escapes these itself (strconv.Quote: none is printable);
			// escaping first would double the backslashes.
			safe[i] = a
			continue
		}
		switch v := a.(type) {
		case Raw:
			safe[i] = string(v)
		case string:
			safe[i] = Escape(v)
		case error:
			safe[i] = EscapeLines(v.Error())
		case fmt.Stringer:
			safe[i] = Escape(v.String())
		default:
			// A named string type (a status, an effect) is input too.
			if rv := reflect.ValueOf(a); rv.Kind() == reflect.String {
				safe[i] = Escape(rv.String())
			} else {
				safe[i] = a
			}
		}
	}
	return fmt.Fprintf(w, format, safe...)
}

func actsOnTerminal(r rune) bool {
	return r < 0x20 || r == 0x7f || 0x80 <= r && r <= 0x9f || // ECMA-48 C0, DEL, C1
		0x202a <= r && r <= 0x202e || 0x2066 <= r && r <= 0x2069 || r == 0x200e || r == 0x200f // UAX #9
}

// verbsOf returns, per argument, the verb of format that consumes it ('*'
// for a width or precision argument). A format with explicit argument
// indexes gives nil, so that every argument is escaped.
func verbsOf(format string) []byte {
	if strings.Contains(format, "[") {
		return nil
	}
	var out []byte
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		i++
		for i < len(format) && strings.IndexByte("+-# 0123456789.*", format[i]) >= 0 {
			if format[i] == '*' {
				out = append(out, '*')
			}
			i++
		}
		if i < len(format) && format[i] != '%' {
			out = append(out, format[i])
		}
	}
	return out
}

// JSON returns the encoded JSON document b with every character that acts
// on a terminal and that encoding/json leaves raw (DEL, the C1 controls,
// the bidi controls) written as a \u escape. Outside strings a JSON
// document is ASCII without controls (RFC 8259 section 2), so these
// characters can only stand inside strings, where \uXXXX decodes to the
// same character (section 7): the document means the same.
func JSON(b []byte) []byte {
	if !hasRawControl(b) {
		return b
	}
	out := make([]byte, 0, len(b)+16)
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if JSONEscapes(r) {
			out = fmt.Appendf(out, `\u%04x`, r)
		} else {
			out = append(out, b[i:i+n]...)
		}
		i += n
	}
	return out
}

// rawControlLeads are the bytes that can start a character JSON escapes:
// DEL, or the lead byte of U+0080 to U+009F (0xC2) or of the bidi controls
// (0xE2). Neither lead byte is a continuation byte, so every occurrence
// starts a character wherever decoding began.
var rawControlLeads = [...]byte{0x7f, 0xc2, 0xe2}

// hasRawControl looks for each of rawControlLeads with bytes.IndexByte,
// which scans many bytes at a time: the JSON report checks every task it
// writes, and a byte-at-a-time loop was a few percent of a bulk check.
func hasRawControl(b []byte) bool {
	for _, lead := range rawControlLeads {
		for i := 0; i < len(b); i++ {
			j := bytes.IndexByte(b[i:], lead)
			if j < 0 {
				break
			}
			i += j
			if rawControlAt(b, i) {
				return true
			}
		}
	}
	return false
}

// rawControlAt reports whether the character at b[i] is one JSON escapes.
func rawControlAt(b []byte, i int) bool {
	r, _ := utf8.DecodeRune(b[i:])
	return JSONEscapes(r)
}

// JSONEscapes reports whether JSON writes r, found raw in an encoded
// document, as a \u escape: r acts on a terminal and encoding/json leaves it
// raw. An encoder that writes its strings itself (report/json's stream)
// escapes these as it goes, with the bytes JSON writes.
func JSONEscapes(r rune) bool {
	return r >= 0x20 && actsOnTerminal(r)
}
