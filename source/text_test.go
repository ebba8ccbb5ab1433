package source_test

import (
	"bytes"
	"testing"
	"unicode/utf16"

	"github.com/ecs-preflight/ecs-preflight/source"
)

// EncodeUTF16 writes s as UTF-16 with a byte-order mark, as PowerShell 5's
// Out-File does (little endian) or a big-endian editor would.
func encodeUTF16(s string, bigEndian bool) []byte {
	var b []byte
	for _, u := range append([]uint16{0xFEFF}, utf16.Encode([]rune(s))...) {
		if bigEndian {
			b = append(b, byte(u>>8), byte(u))
		} else {
			b = append(b, byte(u), byte(u>>8))
		}
	}
	return b
}

func TestToUTF8(t *testing.T) {
	const text = `{"name": "café 🚀"}` // a rune outside the BMP: a surrogate pair in UTF-16
	cases := []struct {
		name    string
		in      []byte
		want    string
		wantErr bool
	}{
		{"no mark", []byte(text), text, false},
		{"UTF-8 mark dropped", append([]byte{0xEF, 0xBB, 0xBF}, text...), text, false},
		{"UTF-16 little endian decoded", encodeUTF16(text, false), text, false},
		{"UTF-16 big endian decoded", encodeUTF16(text, true), text, false},
		{"UTF-16 of an odd length", append(encodeUTF16(text, false), 'x'), "", true},
		{"a mark inside the text is kept", append([]byte("a"), 0xEF, 0xBB, 0xBF), "a\uFEFF", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := source.ToUTF8(tc.in)
			if (err != nil) != tc.wantErr {
				t.Fatalf("error %v, want error %v", err, tc.wantErr)
			}
			if !tc.wantErr && !bytes.Equal(got, []byte(tc.want)) {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
		})
	}
}
