package closest

import (
	"strings"
	"testing"
)

func TestDistance(t *testing.T) {
	cases := []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"abc", "", 3}, {"", "ab", 2}, {"kitten", "sitting", 3}, {"condtion", "condition", 1}, {"same", "same", 0},
	}
	for _, tc := range cases {
		if got := Distance(tc.a, tc.b); got != tc.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestName(t *testing.T) {
	known := []string{"Effect", "Action", "NotAction", "Condition", "DescribeSubnets"}
	cases := []struct{ key, want string }{
		{"Condtion", "Condition"},
		{"effect", "Effect"},
		{"Efect", "Effect"},
		{"DescribeSubnet", "DescribeSubnets"},
		{"Principal", ""},
		{"Actio", "Action"},
		{strings.Repeat("a", 65), ""},
	}
	for _, tc := range cases {
		if got := Name(tc.key, known); got != tc.want {
			t.Errorf("Name(%.20q) = %q, want %q", tc.key, got, tc.want)
		}
	}
}

func FuzzName(f *testing.F) {
	f.Add("Condtion", "Condition")
	f.Add("", "x")
	f.Fuzz(func(t *testing.T, k, e string) {
		got := Name(k, []string{e})
		if got != "" && got != e {
			t.Fatalf("Name(%q, [%q]) = %q: not a known name", k, e, got)
		}
		if d := Distance(k, e); d != Distance(e, k) || d > max(len(k), len(e)) {
			t.Fatalf("Distance(%q, %q) = %d: not symmetric or too large", k, e, d)
		}
	})
}
