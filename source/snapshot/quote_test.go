package snapshot

import (
	"strings"
	"testing"
)

// A hostile value is not echoed whole into the error: a 50 MB region once
// made an error of 50 MB. The error still names the field and the value's
// start.
func TestErrorsQuoteAShortPrefix(t *testing.T) {
	long := strings.Repeat("R", 1<<20)
	cases := []struct{ name, in, field string }{
		{"region", `{"region": "` + long + `"}`, `$.region: invalid region "RRRR`},
		{"account id", `{"accountId": "` + long + `"}`, `$.accountId: invalid account id "RRRR`},
		{"unknown top-level key", `{"` + long + `": 1}`, `unknown key "RRRR`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Read("big.json", []byte(tc.in))
			if err == nil {
				t.Fatal("no error")
			}
			msg := err.Error()
			if len(msg) > 500 || !strings.Contains(msg, tc.field) || !strings.Contains(msg, "…(1048576 bytes)") {
				t.Fatalf("error of %d bytes %.600q, want at most 500 naming %q and the length", len(msg), msg, tc.field)
			}
		})
	}
}
