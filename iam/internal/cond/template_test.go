package cond

import (
	"testing"

	"github.com/ecs-preflight/ecs-preflight/iam/internal/glob"
)

// TestTemplate follows IAM-UG "IAM policy elements: Variables and tags":
// ${key} is replaced by the request's single value, ${key, 'default'} falls
// back to the default, ${*} ${?} ${$} are literal characters, and a
// variable without a value makes the element not apply (ok false).
func TestTemplate(t *testing.T) {
	e := string(glob.Esc)
	tests := []struct {
		name, in string
		vars     bool
		pattern  bool
		ctx      ctx
		want     string
		ok       bool
	}{
		{"a plain value is a literal", "vpce-1", true, false, nil, "vpce-1", true},
		{"version 2008: variables are literal text", "home/${aws:username}/", false, false, ctx{"aws:username": {"alice"}}, "home/${aws:username}/", true},
		{"a variable is substituted", "home/${aws:username}/", true, false, ctx{"aws:username": {"alice"}}, "home/alice/", true},
		{"two variables", "${aws:PrincipalTag/team}/${aws:username}", true, false, ctx{"aws:username": {"alice"}, "aws:PrincipalTag/team": {"pay"}}, "pay/alice", true},
		{"a variable without a value does not apply", "home/${aws:username}/", true, false, ctx{}, "", false},
		{"a multivalued key is no single value", "home/${aws:username}/", true, false, ctx{"aws:username": {"a", "b"}}, "", false},
		{"a multivalued key takes the default", "${aws:username, 'x'}", true, false, ctx{"aws:username": {"a", "b"}}, "x", true},
		{"the default applies when the key is absent", "team-${aws:PrincipalTag/team, 'none'}", true, false, ctx{}, "team-none", true},
		{"an empty default", "pre-${aws:PrincipalTag/team, ''}", true, false, ctx{}, "pre-", true},
		{"a quote in the default is doubled", "${aws:PrincipalTag/team, 'it''s'}", true, false, ctx{}, "it's", true},
		{"${$} is a literal dollar", "cost${$}", true, true, nil, "cost$", true},
		{"${*} in a pattern is an escaped star", "a${*}b", true, true, nil, "a" + e + "*b", true},
		{"${?} outside a pattern is a plain question mark", "a${?}b", true, false, nil, "a?b", true},
		{"a substituted value is quoted in a pattern", "${aws:username}/*", true, true, ctx{"aws:username": {"a*"}}, "a" + e + "*/*", true},
		{"an unterminated ${ is literal", "a${aws:username", true, false, ctx{"aws:username": {"x"}}, "a${aws:username", true},
		{"an empty ${} is literal and later variables still resolve", "${}${aws:username}", true, false, ctx{"aws:username": {"alice"}}, "${}alice", true},
		{"a key with a space is not a variable", "a${bad key}b", true, false, ctx{}, "a${bad key}b", true},
		{"a default without quotes is not a default", "${aws:username, x}", true, false, ctx{}, "${aws:username, x}", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tpl := NewTemplate(tt.in, tt.vars, tt.pattern)
			got, ok := tpl.Expand(tt.ctx, tt.pattern)
			if got != tt.want || ok != tt.ok {
				t.Errorf("Expand(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
			}
			if lit, isLit := tpl.Literal(); isLit && (lit != tt.want || !tt.ok) {
				t.Errorf("Literal(%q) = %q, want %q", tt.in, lit, tt.want)
			}
		})
	}
}

func TestTemplateLiteral(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want bool
	}{
		{"arn:aws:s3:::b/*", true},
		{"a${*}b", true},
		{"${aws:username}", false},
		{"x-${aws:username}", false},
	} {
		if _, got := NewTemplate(tt.in, true, true).Literal(); got != tt.want {
			t.Errorf("Literal(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}
