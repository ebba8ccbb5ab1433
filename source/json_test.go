package source_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/source"
)

func TestPosition(t *testing.T) {
	data := []byte("{\n  \"é\": x\n}")
	cases := []struct {
		name      string
		off       int
		line, col int
	}{
		{"start", 0, 1, 1},
		{"after a newline", 2, 2, 1},
		{"columns count characters, not bytes", 9, 2, 7},
		{"past the end is the end of input", 99, 3, 2},
		{"negative is the start", -5, 1, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if l, c := source.Position(data, tc.off); l != tc.line || c != tc.col {
				t.Fatalf("Position(%d) = %d:%d, want %d:%d", tc.off, l, c, tc.line, tc.col)
			}
		})
	}
}

func TestJSONError(t *testing.T) {
	type doc struct {
		A string `json:"a"`
	}
	cases := []struct {
		name      string
		in        string
		line, col int
		want      string
	}{
		{"empty input", "", 0, 0, "empty document"},
		{"white space only", " \n\t\r\n", 0, 0, "empty document"},
		{"truncated: the end of input", "{\n  \"a\": ", 2, 8, "unexpected end of input: the document is truncated"},
		{"truncated inside a string", `{"a": "abc`, 1, 11, "unexpected end of input: the document is truncated"},
		{"syntax error at the offending byte", "{\n  \"a\": x}", 2, 8, "invalid character 'x' looking for beginning of value"},
		{"wrong type: field and JSON type, no Go type", `{"a": 5}`, 1, 8, "a: want a string, got number"},
		{"wrong type of a long literal is not echoed", `{"a": ` + strings.Repeat("9", 5000) + `}`, 1, 5007, "a: want a string, got number"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var d doc
			err := json.NewDecoder(bytes.NewReader([]byte(tc.in))).Decode(&d)
			line, col, msg := source.JSONError([]byte(tc.in), err)
			if line != tc.line || col != tc.col || msg.Error() != tc.want {
				t.Fatalf("JSONError = %d:%d %q, want %d:%d %q", line, col, msg, tc.line, tc.col, tc.want)
			}
		})
	}
	if _, _, msg := source.JSONError([]byte(""), errors.New(strings.Repeat("z", 1000))); len(msg.Error()) > 200 {
		t.Fatalf("a long library text is not cut: %d bytes", len(msg.Error()))
	}
}

func TestShorten(t *testing.T) {
	long := "unknown anchor '" + strings.Repeat("x", 3000) + "' referenced"
	cases := []struct{ name, in, want string }{
		{"short text whole", "did not find expected key", "did not find expected key"},
		{"long text cut with its length", long, long[:160] + "…(3028 bytes)"},
		{"cut on a rune boundary", strings.Repeat("é", 161), strings.Repeat("é", 160) + "…(322 bytes)"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := source.Shorten(tc.in); got != tc.want {
				t.Fatalf("Shorten = %.200q, want %.200q", got, tc.want)
			}
		})
	}
}

// A wrong type is named by the JSON type the field wants, never by the Go
// type behind it.
func TestJSONErrorTypeNames(t *testing.T) {
	type inner struct{ X int }
	type doc struct {
		S string         `json:"s"`
		B bool           `json:"b"`
		N int            `json:"n"`
		F float64        `json:"f"`
		L []string       `json:"l"`
		O inner          `json:"o"`
		M map[string]int `json:"m"`
		P *bool          `json:"p"`
	}
	cases := []struct{ in, want string }{
		{`{"s": true}`, "s: want a string, got bool"},
		{`{"b": "x"}`, "b: want a boolean, got string"},
		{`{"n": "x"}`, "n: want a number, got string"},
		{`{"f": []}`, "f: want a number, got array"},
		{`{"l": {}}`, "l: want a list, got object"},
		{`{"o": 1}`, "o: want an object, got number"},
		{`{"m": "x"}`, "m: want an object, got string"},
		{`{"p": 1}`, "p: want a boolean, got number"},
		{`{"n": 1e999}`, "n: want a number, got number 1e999 (out of range)"},
		{`{"n": ` + strings.Repeat("9", 100) + `}`, "n: want a number, got number " + strings.Repeat("9", 64) + "…(100 bytes) (out of range)"},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			var d doc
			err := json.Unmarshal([]byte(tc.in), &d)
			if _, _, msg := source.JSONError([]byte(tc.in), err); msg.Error() != tc.want {
				t.Fatalf("JSONError = %q, want %q", msg, tc.want)
			}
		})
	}
}

// FuzzJSONError: for any input encoding/json rejects, JSONError places the
// error inside the input (or at its end) and keeps its text short.
func FuzzJSONError(f *testing.F) {
	for _, s := range []string{"", " \n", "{\n  \"a\": ", `{"a": 5}`, `{"a": "é`, "[1,\n2,\n}", `{"a": "x"} {}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var d struct {
			A string `json:"a"`
			B []int  `json:"b"`
		}
		err := json.Unmarshal(data, &d)
		if err == nil {
			return
		}
		line, col, msg := source.JSONError(data, err)
		if msg == nil || len(msg.Error()) > 200 {
			t.Fatalf("message %v", msg)
		}
		if (line == 0) != (col == 0) || line > bytes.Count(data, []byte{'\n'})+1 || col < 0 {
			t.Fatalf("place %d:%d in %d bytes", line, col, len(data))
		}
	})
}
