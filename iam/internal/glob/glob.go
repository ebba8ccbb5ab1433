// Package glob matches IAM wildcard patterns: '*' matches any run of
// characters, '?' exactly one. Matching is a greedy two-pointer walk, so a
// hostile pattern such as "*a*a*a*a*b" costs O(len(pattern)·len(s)) at worst
// and never backtracks exponentially.
//
// Patterns may carry escaped bytes: Esc followed by a byte makes that byte a
// literal. Policy variables such as ${*} and values substituted from the
// request context use it, so a '*' in a tag value never acts as a wildcard.
package glob

import (
	"math"
	"strings"
	"sync/atomic"
	"unicode/utf8"
)

// Esc marks the next pattern byte as a literal. The policy parser rejects
// NUL in policy text, so the byte cannot come from a document.
const Esc = '\x00'

// Match reports whether s matches pattern, case-sensitively.
func Match(pattern, s string) bool {
	ok, _, _ := match(pattern, s, false, math.MaxInt)
	return ok
}

// MatchLimit is Match with a bound on its work, for callers that match
// many patterns: it gives up once it has taken more than limit steps (as
// CountSteps counts them), reporting done false and ok false. steps is the
// work it took; a hostile pattern ("*aaaa…b" against "aaaa…") costs up to
// len(pattern)·len(s).
func MatchLimit(pattern, s string, limit int) (ok, done bool, steps int) {
	return match(pattern, s, false, limit)
}

// MatchFold reports whether s matches pattern with ASCII letters compared
// case-insensitively (IAM action names are case-insensitive; IAM-UG "IAM
// JSON policy elements: Action").
func MatchFold(pattern, s string) bool {
	ok, _, _ := match(pattern, s, true, math.MaxInt)
	return ok
}

// counter, when set, receives the steps every match takes (CountSteps).
var counter atomic.Pointer[atomic.Int64]

// CountSteps makes every match add the steps it takes (one per pattern or
// subject position visited, at least one per call) to c until the returned
// function is called. It lets tests bound the work of a matcher without
// timing it; c == nil stops counting.
func CountSteps(c *atomic.Int64) (restore func()) {
	old := counter.Swap(c)
	return func() { counter.Store(old) }
}

func match(p, s string, fold bool, limit int) (ok, done bool, steps int) {
	ok, done, steps = walk(p, s, fold, limit)
	if c := counter.Load(); c != nil {
		c.Add(int64(steps))
	}
	return ok, done, steps
}

// walk is match, also returning whether it finished within limit steps
// and the number of steps it took.
func walk(p, s string, fold bool, limit int) (ok, done bool, steps int) {
	pi, si := 0, 0
	star, mark := -1, 0 // position after the last '*' in p, and the s offset it consumed up to
	steps = 1
	for si < len(s) {
		steps++
		if pi < len(p) {
			switch c := p[pi]; c {
			case '*':
				pi++
				star, mark = pi, si
				continue
			case '?':
				_, n := utf8.DecodeRuneInString(s[si:])
				pi++
				si += n
				continue
			case Esc:
				if pi+1 < len(p) && p[pi+1] == s[si] {
					pi += 2
					si++
					continue
				}
			default:
				if c == s[si] || fold && lower(c) == lower(s[si]) {
					pi++
					si++
					continue
				}
			}
		}
		if star < 0 {
			return false, true, steps
		}
		// Only these retries repeat work; the walk between two is at most
		// len(p) steps.
		if steps > limit {
			return false, false, steps
		}
		// Let the last '*' swallow one more character and retry from there.
		_, n := utf8.DecodeRuneInString(s[mark:])
		mark += n
		pi, si = star, mark
	}
	for pi < len(p) && p[pi] == '*' {
		pi++
		steps++
	}
	return pi == len(p), true, steps
}

func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// HasMeta reports whether pattern contains an unescaped wildcard.
func HasMeta(pattern string) bool {
	for i := 0; i < len(pattern); i++ {
		switch pattern[i] {
		case Esc:
			i++
		case '*', '?':
			return true
		}
	}
	return false
}

// Quote escapes the wildcard characters (and Esc) in s so that s matches
// only itself.
func Quote(s string) string {
	if !strings.ContainsAny(s, "*?\x00") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 4)
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == '*' || c == '?' || c == Esc {
			b.WriteByte(Esc)
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// Unquote removes escapes, giving the literal text a pattern without
// wildcards stands for.
func Unquote(p string) string {
	if !strings.Contains(p, string(Esc)) {
		return p
	}
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		if p[i] == Esc && i+1 < len(p) {
			i++
		}
		b.WriteByte(p[i])
	}
	return b.String()
}

// arnSegments is the number of colon-separated fields before the resource
// part of an ARN: arn:partition:service:region:account:resource.
const arnSegments = 5

// MatchARN matches a resource ARN against a policy pattern the way IAM-UG
// "IAM JSON policy elements: Resource" describes: wildcards work within each
// colon-separated segment; the resource part (everything after the fifth
// colon) is one segment in which '*' also spans '/' and ':'; a '*' that ends
// a pattern with fewer segments than the ARN expands across the remaining
// colons ("arn:aws:ecr:*" matches every ECR ARN). A bare "*" matches
// anything, including the "*" that stands for actions without a resource.
// Comparison is case-sensitive.
func MatchARN(pattern, arn string) bool {
	ok, _, _ := MatchARNLimit(pattern, arn, math.MaxInt)
	return ok
}

// MatchARNLimit is MatchARN with a bound on its work, as MatchLimit.
func MatchARNLimit(pattern, arn string, limit int) (ok, done bool, steps int) {
	if pattern == "*" {
		return true, true, 1
	}
	if !strings.HasPrefix(arn, "arn:") || !strings.HasPrefix(pattern, "arn:") {
		// Not ARN shaped (an S3 "*" resource, a bare name): plain glob.
		return match(pattern, arn, false, limit)
	}
	p, s := pattern, arn
	for seg := 0; seg < arnSegments; seg++ {
		pc := strings.IndexByte(p, ':')
		sc := strings.IndexByte(s, ':')
		if pc < 0 {
			// The pattern ends early. Its last segment covers the rest of the
			// ARN only when it ends in '*'; otherwise it must be the ARN's
			// last segment too.
			if sc >= 0 && !endsWithStar(p) {
				return false, true, steps + 1
			}
			ok, done, n := match(p, s, false, limit-steps)
			return ok, done, steps + n
		}
		if sc < 0 {
			return false, true, steps + 1
		}
		ok, done, n := match(p[:pc], s[:sc], false, limit-steps)
		steps += n
		if !ok {
			return false, done, steps
		}
		p, s = p[pc+1:], s[sc+1:]
	}
	ok, done, n := match(p, s, false, limit-steps)
	return ok, done, steps + n
}

func endsWithStar(p string) bool {
	if !strings.HasSuffix(p, "*") {
		return false
	}
	// An escaped '*' is a literal: count the Esc bytes before it.
	n := 0
	for i := len(p) - 2; i >= 0 && p[i] == Esc; i-- {
		n++
	}
	return n%2 == 0
}

// maxIntersect bounds the work of Intersect; beyond it Intersect answers
// true, the answer that never rules a match out.
const maxIntersect = 1 << 20

type token struct {
	kind byte // '*', '?', or 0 for a literal rune
	r    rune
}

func tokens(p string) []token {
	var out []token
	for i := 0; i < len(p); {
		switch c := p[i]; c {
		case '*', '?':
			out = append(out, token{kind: c})
			i++
		case Esc:
			if i+1 < len(p) {
				out = append(out, token{r: rune(p[i+1])})
				i += 2
				continue
			}
			out = append(out, token{r: rune(c)})
			i++
		default:
			r, n := utf8.DecodeRuneInString(p[i:])
			out = append(out, token{r: r})
			i += n
		}
	}
	return out
}

// Intersect reports whether some string matches both patterns (the
// product of the two patterns' automata reaches its end). It is how a
// value with an unknown part (written as '*') is compared with a policy
// pattern: false means no value of that part can match.
func Intersect(a, b string) bool {
	ta, tb := tokens(a), tokens(b)
	w := len(tb) + 1
	if (len(ta)+1)*w > maxIntersect {
		return true
	}
	seen := make([]bool, (len(ta)+1)*w)
	stack := []int{0}
	seen[0] = true
	push := func(i, j int) {
		if k := i*w + j; !seen[k] {
			seen[k] = true
			stack = append(stack, k)
		}
	}
	for len(stack) > 0 {
		k := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		i, j := k/w, k%w
		if i == len(ta) && j == len(tb) {
			return true
		}
		// A star may match nothing.
		if i < len(ta) && ta[i].kind == '*' {
			push(i+1, j)
		}
		if j < len(tb) && tb[j].kind == '*' {
			push(i, j+1)
		}
		if i == len(ta) || j == len(tb) {
			continue
		}
		// Both consume one character.
		x, y := ta[i], tb[j]
		if x.kind == 0 && y.kind == 0 && x.r != y.r {
			continue
		}
		ni, nj := i+1, j+1
		if x.kind == '*' {
			ni = i
		}
		if y.kind == '*' {
			nj = j
		}
		if ni != i || nj != j {
			push(ni, nj)
		}
	}
	return false
}
