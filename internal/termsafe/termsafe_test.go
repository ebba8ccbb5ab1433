package termsafe

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

// Each class of character that can act on a terminal (ECMA-48 C0 and C1
// controls, DEL; Unicode Standard Annex #9 embeddings, overrides, isolates
// and marks) comes out escaped; printable text, including non-ASCII, is kept.
func TestEscape(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"plain ASCII kept", "web-exec:3", "web-exec:3"},
		{"printable non-ASCII kept", "café – 東京", "café – 東京"},
		{"ESC of a CSI sequence (ECMA-48 C0)", "a\x1b[2Jb", `a\x1b[2Jb`},
		{"NUL", "a\x00b", `a\x00b`},
		{"BEL", "\a", `\x07`},
		{"newline and tab keep a value on its line", "a\nb\tc", `a\x0ab\x09c`},
		{"DEL", "\x7f", `\x7f`},
		{"C1 CSI U+009B", "a\u009b2J", `a\u009b2J`},
		{"C1 NEL U+0085", "\u0085", `\u0085`},
		{"RLO U+202E (UAX #9 override)", "abc\u202edef", `abc\u202edef`},
		{"LRE U+202A and PDF U+202C", "\u202ax\u202c", `\u202ax\u202c`},
		{"isolates U+2066 to U+2069", "\u2066\u2067\u2068\u2069", `\u2066\u2067\u2068\u2069`},
		{"marks U+200E and U+200F", "\u200e\u200f", `\u200e\u200f`},
		{"U+206A after the isolates kept", "\u206a", "\u206a"},
		{"invalid UTF-8 byte", "a\xffb", `a\xffb`},
		{"range ends escaped: U+001F, U+0080, U+009F", "\u001f\u0080\u009f", `\x1f\u0080\u009f`},
		{"neighbours kept: space, ~, U+00A0", " ~\u00a0", " ~\u00a0"},
		{"neighbours of the bidi ranges kept", "\u200d\u2010\u2029\u202f\u2065", "\u200d\u2010\u2029\u202f\u2065"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := Escape(tc.in); got != tc.want {
				t.Errorf("Escape(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// Fprintf escapes strings of any string type, errors and Stringers, keeps
// an error's own line breaks, and passes Raw through.
func TestFprintf(t *testing.T) {
	type status string
	var b bytes.Buffer
	_, err := Fprintf(&b, "%s|%s|%v|%s|%d\n", Raw("\x1b[31m"), status("x\x1b"), errors.New("l1\x07\nl2\u202e"), "n\x1b", 7)
	if err != nil {
		t.Fatal(err)
	}
	want := "\x1b[31m|x\\x1b|l1\\x07\nl2\\u202e|n\\x1b|7\n"
	if b.String() != want {
		t.Errorf("Fprintf wrote %q, want %q", b.String(), want)
	}
}

// An argument printed with %q is left to strconv.Quote, which escapes every
// character Escape would (none is printable), so backslashes are not
// doubled; the verb is found past a '*' width argument.
func TestFprintfQuoted(t *testing.T) {
	cases := []struct {
		name, format string
		args         []any
		want         string
	}{
		{"q after s", "%s %q", []any{"a\x1b", "p\a\u202e"}, `a\x1b "p\a\u202e"`},
		{"q after a star width", "%-*s|%q", []any{3, "\x1b", "\x1b"}, `\x1b|"\x1b"`},
		{"percent literal", "100%% %q %s", []any{"\x00", "\x00"}, `100% "\x00" \x00`},
		{"q after a bare star width", "%*s|%q", []any{3, "\x1b", "\x1b"}, `\x1b|"\x1b"`},
		{"q with a leading flag", "%+q|%s", []any{"\x1b", "\x1b"}, `"\x1b"|\x1b`},
		{"trailing percent", "%s%", []any{"\x1b"}, `\x1b%!(NOVERB)`},
		{"trailing flag", "%s%-", []any{"\x1b"}, `\x1b%!(NOVERB)`},
		{"explicit index escapes all", "%[1]q", []any{"\x07"}, `"\\x07"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			if _, err := Fprintf(&b, tc.format, tc.args...); err != nil {
				t.Fatal(err)
			}
			if b.String() != tc.want {
				t.Errorf("Fprintf(%q) wrote %q, want %q", tc.format, b.String(), tc.want)
			}
		})
	}
}

// FuzzJSON: for any string, its JSON encoding passed through JSON decodes
// to the same string (RFC 8259 section 7) and holds no raw character that
// acts on a terminal.
func FuzzJSON(f *testing.F) {
	for _, s := range []string{"", "plain", "a\u202eb", "\x7f\u009b[2J", "\u2066x\u2069\u200e\u200f", "é\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		enc, err := json.Marshal(s)
		if err != nil {
			t.Skip()
		}
		out := JSON(enc)
		var back string
		if err := json.Unmarshal(out, &back); err != nil {
			t.Fatalf("JSON(%q) = %q is not JSON: %v", enc, out, err)
		}
		var want string
		_ = json.Unmarshal(enc, &want)
		if back != want {
			t.Fatalf("JSON(%q) decodes to %q, want %q", enc, back, want)
		}
		if strings.IndexFunc(string(out), actsOnTerminal) >= 0 {
			t.Fatalf("JSON(%q) = %q holds a raw terminal control", enc, out)
		}
	})
}

// FuzzHasRawControl: the byte scan finds a character JSON must escape
// exactly when decoding b rune by rune does, for any bytes, valid UTF-8 or
// not.
func FuzzHasRawControl(f *testing.F) {
	for _, s := range []string{"", "plain", "a\u202eb", "\x7f", "\u009b", "\xc2", "\xe2\x80", "\xe2\x80\x8e", "\xf0\xe2\x80\xaa", "\xc2\xc2\x9f", "é\xff\u2069"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		want := false
		for i := 0; i < len(b); {
			r, n := utf8.DecodeRune(b[i:])
			if r >= 0x20 && actsOnTerminal(r) {
				want = true
				break
			}
			i += n
		}
		if got := hasRawControl(b); got != want {
			t.Fatalf("hasRawControl(%q) = %v, want %v", b, got, want)
		}
	})
}

// JSONEscapes names exactly the characters JSON rewrites, for every
// character up to U+FFFF: JSON's filter by lead byte (rawControlLeads)
// misses none of them, and an encoder that escapes them itself
// (report/json's stream) writes what JSON would.
func TestJSONEscapes(t *testing.T) {
	for r := rune(0); r <= 0xffff; r++ {
		if 0xd800 <= r && r <= 0xdfff {
			continue // surrogates are not characters
		}
		in := []byte(string(r))
		rewritten := !bytes.Equal(JSON(in), in)
		if JSONEscapes(r) != rewritten {
			t.Errorf("U+%04X: JSONEscapes %v, JSON rewrites it %v", r, JSONEscapes(r), rewritten)
		}
	}
}
