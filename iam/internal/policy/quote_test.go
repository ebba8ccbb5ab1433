package policy

import (
	"strings"
	"testing"
)

func TestQuoteCutShorten(t *testing.T) {
	a64 := strings.Repeat("a", 64)
	e160 := strings.Repeat("é", 160)
	cases := []struct{ name, got, want string }{
		{"Quote: short value whole", Quote("AppPolicy"), `"AppPolicy"`},
		{"Quote: 65 runes cut with the length", Quote(a64 + "b"), `"` + a64 + `"…(65 bytes)`},
		{"cut: short name whole, unquoted", cut("StringEquals"), "StringEquals"},
		{"cut: 65 runes cut with the length", cut(a64 + "b"), a64 + "…(65 bytes)"},
		{"shorten: library text of 160 runes whole", shorten(e160), e160},
		{"shorten: 161 runes cut on a rune boundary", shorten(e160 + "é"), e160 + "…(322 bytes)"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.got != tc.want {
				t.Fatalf("got %.300q, want %.300q", tc.got, tc.want)
			}
		})
	}
}

// Closest suggests the element a typo meant (IAM-UG "IAM JSON policy
// element reference" lists the element names).
func TestClosest(t *testing.T) {
	cases := []struct{ name, key, want string }{
		{"case differs", "condition", "Condition"},
		{"one letter dropped", "Condtion", "Condition"},
		{"two letters swapped", "Actoin", "Action"},
		{"one letter added", "Effectt", "Effect"},
		{"NotAction, not Action, for a NotAction typo", "NotActon", "NotAction"},
		{"three edits is too far", "Tags", ""},
		{"a long key is not compared", strings.Repeat("Condition", 10), ""},
		{"empty key is far from every name", "", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := Closest(tc.key, statementElements); got != tc.want {
				t.Fatalf("Closest(%q) = %q, want %q", tc.key, got, tc.want)
			}
		})
	}
}
