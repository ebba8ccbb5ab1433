package stackglob

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestCompile(t *testing.T) {
	cases := []struct {
		pattern string
		match   []string
		miss    []string
	}{
		{"Prod/*", []string{"Prod/Service", "Prod/"}, []string{"Prod/A/B", "Dev/Service", "Prod"}},
		{"*", []string{"Network", "Service"}, []string{"Prod/Service"}},
		{"**", []string{"Network", "Prod/Service", "Pipeline/Prod/Service"}, nil},
		{"Prod/Serv?ce", []string{"Prod/Service"}, []string{"Prod/Servce", "Prod/Serv/ce"}},
		{"a.b(c)", []string{"a.b(c)"}, []string{"axb(c)", "a.bc"}},
		{"Pipeline/**/Service", []string{"Pipeline/Prod/Service", "Pipeline/A/B/Service"}, []string{"Pipeline/Prod/Other"}},
	}
	for _, tc := range cases {
		t.Run(tc.pattern, func(t *testing.T) {
			re, err := Compile(tc.pattern)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range tc.match {
				if !re.MatchString(m) {
					t.Errorf("%q does not match %q", tc.pattern, m)
				}
			}
			for _, m := range tc.miss {
				if re.MatchString(m) {
					t.Errorf("%q matches %q", tc.pattern, m)
				}
			}
		})
	}
	if _, err := Compile(strings.Repeat("*", MaxLen+1)); err == nil {
		t.Error("a pattern longer than MaxLen is refused")
	}
}

// FuzzCompile: any pattern compiles or is refused, never a panic, and a
// pattern without wildcards matches itself.
func FuzzCompile(f *testing.F) {
	for _, s := range []string{"Prod/*", "**", "a?b", "x[y]", "\xff*", "(?i)A"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, p string) {
		re, err := Compile(p)
		if err != nil {
			return
		}
		if !IsPattern(p) && utf8.ValidString(p) && !re.MatchString(p) {
			t.Fatalf("%q does not match itself (%s)", p, re)
		}
	})
}

// BenchmarkCompile compiles a pattern of MaxLen characters, the worst a
// --stack value may cost.
func BenchmarkCompile(b *testing.B) {
	p := strings.Repeat("a*", MaxLen/2)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Compile(p); err != nil {
			b.Fatal(err)
		}
	}
}
