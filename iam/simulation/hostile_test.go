package simulation

import (
	"os"
	"reflect"
	"strings"
	"testing"
	"unicode/utf16"
)

func withMark(data []byte, enc string) []byte {
	switch enc {
	case "utf-8":
		return append([]byte{0xEF, 0xBB, 0xBF}, data...)
	case "utf-16le", "utf-16be":
		var b []byte
		for _, u := range append([]uint16{0xFEFF}, utf16.Encode([]rune(string(data)))...) {
			if enc == "utf-16be" {
				b = append(b, byte(u>>8), byte(u))
			} else {
				b = append(b, byte(u), byte(u>>8))
			}
		}
		return b
	}
	return data
}

// A document saved with a byte-order mark (Windows editors; PowerShell 5
// writes UTF-16 LE) reads as the same document without one, as snapshots
// do (docs/snapshot.md).
func TestReadByteOrderMark(t *testing.T) {
	const f = "testdata/ecr-token-denied.json"
	data, err := os.ReadFile(f)
	if err != nil {
		t.Fatal(err)
	}
	plain, err := Read(f, data)
	if err != nil {
		t.Fatal(err)
	}
	for _, enc := range []string{"utf-8", "utf-16le", "utf-16be"} {
		t.Run(enc, func(t *testing.T) {
			s, err := Read(f, withMark(data, enc))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(s, plain) {
				t.Fatalf("read %+v, want %+v", s, plain)
			}
			if d := s.Run(); d.Effect != s.Expect {
				t.Fatalf("decision %s, want %s", d.Effect, s.Expect)
			}
		})
	}
}

// A hostile value is quoted by its start only: the error stays short and
// still names the field.
func TestReadErrorQuotesAShortPrefix(t *testing.T) {
	long := strings.Repeat("x", 1<<20)
	doc := `{"action": "ecr:GetAuthorizationToken", "resource": "*", "principal": {"service": "ecs-tasks.amazonaws.com"}, "expect": "` + long + `"}`
	_, err := Read("sim.json", []byte(doc))
	if err == nil {
		t.Fatal("no error")
	}
	if msg := err.Error(); len(msg) > 500 || !strings.Contains(msg, `$.expect: want allow`) || !strings.Contains(msg, "…(1048576 bytes)") {
		t.Fatalf("error of %d bytes %.600q, want at most 500 naming $.expect", len(msg), msg)
	}
}

// UTF-16 with an odd number of bytes is no text: an input error.
func TestReadOddUTF16(t *testing.T) {
	_, err := Read("sim.json", []byte{0xFF, 0xFE, '{'})
	if err == nil || !strings.Contains(err.Error(), "UTF-16 text with an odd number of bytes") {
		t.Fatalf("got %v, want the UTF-16 error", err)
	}
}
