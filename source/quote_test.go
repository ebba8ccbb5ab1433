package source_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/source"
)

func TestQuote(t *testing.T) {
	a64 := strings.Repeat("a", 64)
	e64 := strings.Repeat("é", 64) // two bytes a rune: the cut counts runes
	cases := []struct{ name, in, want string }{
		{"short value whole", "eu-west-1", `"eu-west-1"`},
		{"64 runes whole", a64, `"` + a64 + `"`},
		{"65 runes cut with the length", a64 + "b", `"` + a64 + `"…(65 bytes)`},
		{"cut on a rune boundary", e64 + "é", `"` + e64 + `"…(130 bytes)`},
		{"escapes kept", "a\x1bb", `"a\x1bb"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := source.Quote(tc.in); got != tc.want {
				t.Fatalf("Quote(%.20q...) = %s, want %s", tc.in, got, tc.want)
			}
		})
	}
}

// Errorf cuts string arguments quoted with %q and keeps %s text (paths,
// suggestions the readers write themselves) whole.
func TestErrorf(t *testing.T) {
	long := strings.Repeat("x", 1<<20)
	path := "$.ec2.DescribeSecurityGroups.SecurityGroups[12].IpPermissions[3].UserIdGroupPairs[0]"
	err := source.Errorf("invalid value %q (first at %s): %w", long, path, fmt.Errorf("inner"))
	want := `invalid value "` + strings.Repeat("x", 64) + `"…(1048576 bytes) (first at ` + path + `): inner`
	if err.Error() != want {
		t.Fatalf("got %.200s, want %s", err, want)
	}
}

func TestCut(t *testing.T) {
	a64 := strings.Repeat("a", 64)
	cases := []struct{ name, in, want string }{
		{"short name whole, unquoted", "!Reff", "!Reff"},
		{"64 runes whole", a64, a64},
		{"65 runes cut with the length", a64 + "b", a64 + "…(65 bytes)"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := source.Cut(tc.in); got != tc.want {
				t.Fatalf("Cut(%.20q...) = %s, want %s", tc.in, got, tc.want)
			}
		})
	}
}

func TestQuoteFile(t *testing.T) {
	long := strings.Repeat("d/", 300) + "stack.yaml" // 610 bytes: a deep real path
	huge := strings.Repeat("x", 5000)
	cases := []struct{ name, in, want string }{
		{"short path whole", "stack.yaml", `"stack.yaml"`},
		{"a long real path whole", long, `"` + long + `"`},
		{"an argument of kilobytes cut", huge, `"` + huge[:1024] + `"…(5000 bytes)`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := source.QuoteFile(tc.in); got != tc.want {
				t.Fatalf("QuoteFile = %.100q…, want %.100q…", got, tc.want)
			}
		})
	}
}
