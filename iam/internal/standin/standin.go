// Package standin matches values that hold stand-ins for unresolved parts.
//
// A source writes "<unresolved WHAT>" (world.Unresolved) where a value
// exists only after deploy or cannot be resolved from the input: an ARN
// built from a parameter without a value, say
// "arn:aws:secretsmanager:us-east-1:<unresolved AWS::AccountId>:secret:db".
// Matching such a value against a policy is three-valued: Yes when every
// resolution matches, No when none does, and Maybe otherwise, so that no
// decision ever rests on what the stand-in might hold.
//
// Two assumptions, both following world's conventions: the same stand-in
// text stands for the same value wherever it appears in one input (the
// account of one template is one account), and a stand-in inside a longer
// value stands for text without ':' (one part of an ARN: an account, a
// region, a name). A whole value that is a stand-in may be anything.
package standin

import (
	"slices"
	"strings"

	"github.com/ecs-preflight/ecs-preflight/iam/internal/glob"
)

// Prefix opens a stand-in; world.Unresolved writes "<unresolved " + what + ">".
const Prefix = "<unresolved "

// Tri is a three-valued answer.
type Tri int8

// The answers of a three-valued match.
const (
	No Tri = iota
	Yes
	Maybe
)

// Has reports whether s holds a stand-in.
func Has(s string) bool { return strings.Contains(s, Prefix) }

// span returns the start and end (exclusive) of the first stand-in in s;
// a negative start when there is none.
func span(s string) (int, int) {
	i := strings.Index(s, Prefix)
	if i < 0 {
		return i, i
	}
	j := strings.IndexByte(s[i+len(Prefix):], '>')
	if j < 0 {
		return i, len(s)
	}
	return i, i + len(Prefix) + j + 1
}

// Find returns the distinct stand-ins of the values, in order.
func Find(values ...string) []string {
	var out []string
	for _, s := range values {
		for {
			i, j := span(s)
			if i < 0 {
				break
			}
			if !slices.Contains(out, s[i:j]) {
				out = append(out, s[i:j])
			}
			s = s[j:]
		}
	}
	return out
}

// Describe names the stand-ins the values depend on, for Decision.Missing.
func Describe(values ...string) string { return strings.Join(Find(values...), ", ") }

// replace rewrites every stand-in of s with f(stand-in) and every other
// run of text with g(text).
func replace(s string, f, g func(string) string) string {
	var b strings.Builder
	for {
		i, j := span(s)
		if i < 0 {
			b.WriteString(g(s))
			return b.String()
		}
		b.WriteString(g(s[:i]))
		b.WriteString(f(s[i:j]))
		s = s[j:]
	}
}

func same(s string) string { return s }

// sentinels substitutes each distinct stand-in of the values by n copies
// of its own private-use rune, the same stand-in by the same rune in every
// value. No policy text or ARN holds these runes, so only a wildcard can
// match them.
func sentinels(n int, values ...string) []string {
	ids := Find(values...)
	out := make([]string, len(values))
	for k, v := range values {
		out[k] = replace(v, func(si string) string {
			// The private-use area E000-F8FF holds 6,400 runes, more
			// stand-ins than a policy of MaxSize can hold.
			r := rune(0xE000 + slices.Index(ids, si))
			return strings.Repeat(string(r), n)
		}, same)
	}
	return out
}

// Match decides whether value matches pattern under match (glob.MatchARN,
// glob.Match) when either holds a stand-in. pattern is a glob (escaped
// with glob.Esc); value is literal text.
func Match(pattern, value string, match func(pattern, value string) bool) Tri {
	if !Has(pattern) && !Has(value) {
		if match(pattern, value) {
			return Yes
		}
		return No
	}
	// Yes when the stand-ins' text does not matter: the match holds with
	// each replaced by one and by two characters no pattern holds, which
	// only wildcards can cover, and a wildcard run that covers one and two
	// characters covers any non-empty text.
	one, two := sentinels(1, pattern, value), sentinels(2, pattern, value)
	if match(one[0], one[1]) && match(two[0], two[1]) {
		return Yes
	}
	if glob.Intersect(toGlob(pattern, true), toGlob(value, false)) {
		return Maybe
	}
	return No
}

// Equal decides a == b (or strings.EqualFold with fold) when either holds
// a stand-in.
func Equal(a, b string, fold bool) Tri {
	if a == b || fold && strings.EqualFold(a, b) {
		return Yes
	}
	if !Has(a) && !Has(b) {
		return No
	}
	if fold {
		a, b = strings.ToLower(a), strings.ToLower(b)
	}
	if glob.Intersect(toGlob(a, false), toGlob(b, false)) {
		return Maybe
	}
	return No
}

// toGlob turns s into a glob in which each stand-in is '*'. A pattern
// keeps its wildcards; a literal value is quoted.
func toGlob(s string, pattern bool) string {
	g := glob.Quote
	if pattern {
		g = same
	}
	return replace(s, func(string) string { return "*" }, g)
}
