package tfplan_test

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/ecs-preflight/ecs-preflight/source/tfplan"
)

// A plan saved with a byte-order mark reads as the same plan: PowerShell 5's
// `terraform show -json p > plan.json` writes UTF-16 LE with a mark, and
// some editors add a UTF-8 one. The snapshot reader accepts the same
// (docs/snapshot.md).
func TestReadByteOrderMark(t *testing.T) {
	path := filepath.Join("testdata", "real", "dns-off", "plan.json")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	plain, err := tfplan.Read("plan.json", data)
	if err != nil {
		t.Fatal(err)
	}
	utf16With := func(bigEndian bool) []byte {
		var b []byte
		for _, u := range append([]uint16{0xFEFF}, utf16.Encode([]rune(string(data)))...) {
			if bigEndian {
				b = append(b, byte(u>>8), byte(u))
			} else {
				b = append(b, byte(u), byte(u>>8))
			}
		}
		return b
	}
	cases := []struct {
		name string
		in   []byte
	}{
		{"utf-8 mark", append([]byte{0xEF, 0xBB, 0xBF}, data...)},
		{"utf-16 little endian", utf16With(false)},
		{"utf-16 big endian", utf16With(true)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w, err := tfplan.Read("plan.json", tc.in)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(w, plain) {
				t.Fatal("the world differs from the one read without a mark")
			}
		})
	}
}

// UTF-16 with an odd number of bytes is no text: an input error.
func TestReadOddUTF16(t *testing.T) {
	_, err := tfplan.Read("plan.json", []byte{0xFE, 0xFF, '{'})
	if err == nil || !strings.Contains(err.Error(), `loading plan "plan.json": UTF-16 text with an odd number of bytes`) {
		t.Fatalf("got %v, want the UTF-16 error", err)
	}
}
