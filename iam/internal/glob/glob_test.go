package glob

import (
	"strings"
	"sync/atomic"
	"testing"
)

func TestMatch(t *testing.T) {
	tests := []struct {
		name       string
		pattern, s string
		fold, want bool
	}{
		{name: "IAM-UG Action: exact", pattern: "ecr:getauthorizationtoken", s: "ecr:GetAuthorizationToken", fold: true, want: true},
		{name: "IAM-UG Action: prefix wildcard", pattern: "ecr:get*", s: "ecr:GetDownloadUrlForLayer", fold: true, want: true},
		{name: "IAM-UG Action: names are case-insensitive", pattern: "ECR:BATCH*", s: "ecr:BatchGetImage", fold: true, want: true},
		{name: "IAM-UG Resource: case-sensitive", pattern: "repository/App", s: "repository/app", want: false},
		{name: "'?' is exactly one character", pattern: "log-group:/ecs/ap?", s: "log-group:/ecs/app", want: true},
		{name: "'?' does not match nothing", pattern: "ab?", s: "ab", want: false},
		{name: "'*' matches empty", pattern: "a*b", s: "ab", want: true},
		{name: "IAM-UG Action: trailing stars match an empty rest", pattern: "ecr:get**", s: "ecr:Get", fold: true, want: true},
		{name: "a '?' after the subject ends does not match", pattern: "ecr:get*?", s: "ecr:Get", fold: true, want: false},
		{name: "several stars", pattern: "*a*a*b", s: "xxaxxaxxb", want: true},
		{name: "hostile pattern, no match", pattern: "*a*a*a*a*a*a*b", s: "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", want: false},
		{name: "escaped star is literal", pattern: "a" + string(Esc) + "*", s: "a*", want: true},
		{name: "escaped star does not wildcard", pattern: "a" + string(Esc) + "*", s: "abc", want: false},
		{name: "'?' takes a whole rune", pattern: "caf?", s: "café", want: true},
		// A pattern without '*' has nothing to retry from: the first
		// mismatch decides (kills an initial star index other than -1).
		{name: "IAM-UG Resource: a pattern without wildcards must match from the start", pattern: "repository/app", s: "xepository/app", want: false},
		{name: "IAM-UG Action: a literal pattern does not match another first letter", pattern: "ecr:batchgetimage", s: "xcr:batchgetimage", fold: true, want: false},
		{name: "IAM-UG Action: Z folds like every other letter", pattern: "ECR:GETAUTHORIZATIONTOKEN", s: "ecr:GetAuthorizationToken", fold: true, want: true},
		{name: "a lone escape byte at the end is literal and matches nothing else", pattern: "a" + string(Esc), s: "ab", want: false},
		{name: "an escaped NUL matches NUL", pattern: "a" + string(Esc) + string(Esc), s: "a" + string(Esc), want: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := Match
			if tt.fold {
				m = MatchFold
			}
			if got := m(tt.pattern, tt.s); got != tt.want {
				t.Errorf("match(%q, %q) = %v, want %v", tt.pattern, tt.s, got, tt.want)
			}
		})
	}
}

func TestMatchARN(t *testing.T) {
	tests := []struct {
		name, pattern, arn string
		want               bool
	}{
		{"IAM-UG Resource: bare * matches everything", "*", "arn:aws:ecr:us-east-1:111122223333:repository/app", true},
		{"IAM-UG Resource: bare * matches the * of unscoped actions", "*", "*", true},
		{"ECR-UG: GetAuthorizationToken resource * is not a repository ARN", "arn:aws:ecr:*:*:repository/*", "*", false},
		{"IAM-UG Resource: * in the resource part spans '/' and ':' (ECS-DG \"Amazon ECS task execution IAM role\" log group)", "arn:aws:logs:ap-northeast-1:123456789012:log-group:/ecs/*", "arn:aws:logs:ap-northeast-1:123456789012:log-group:/ecs/app:log-stream:ecs/app/0f1e", true},
		{"IAM-UG Resource: wildcard within the region segment", "arn:aws:ecr:us-*:111122223333:repository/app", "arn:aws:ecr:us-east-1:111122223333:repository/app", true},
		{"IAM-UG Resource: region wildcard does not match another region", "arn:aws:ecr:us-*:111122223333:repository/app", "arn:aws:ecr:eu-west-1:111122223333:repository/app", false},
		{"IAM-UG Resource: trailing * of a short pattern expands across colons", "arn:aws:ecr:*", "arn:aws:ecr:us-east-1:111122223333:repository/app", true},
		{"short pattern without trailing * needs as many segments", "arn:aws:ecr:us-east-1", "arn:aws:ecr:us-east-1:111122223333:repository/app", false},
		{"IAM-UG Resource: case-sensitive", "arn:aws:ecr:us-east-1:111122223333:repository/App", "arn:aws:ecr:us-east-1:111122223333:repository/app", false},
		{"account segment must match", "arn:aws:ecr:us-east-1:111122223333:repository/*", "arn:aws:ecr:us-east-1:444455556666:repository/app", false},
		{"ECR-UG VPC endpoints: starport layer bucket", "arn:aws:s3:::prod-us-east-1-starport-layer-bucket/*", "arn:aws:s3:::prod-us-east-1-starport-layer-bucket/sha256/ab/cd", true},
		{"S3 bucket pattern does not cover another bucket", "arn:aws:s3:::prod-us-east-1-starport-layer-bucket/*", "arn:aws:s3:::my-bucket/env/app.env", false},
		// IAM-UG "IAM JSON policy elements: Resource": wildcards work
		// within a colon-separated segment, so a '*' in the region does not
		// reach into the account; only the resource part spans colons.
		{"IAM-UG Resource: * in the region segment does not span the account segment", "arn:aws:logs:*:log-group:/ecs/app", "arn:aws:logs:us-east-1:111122223333:log-group:/ecs/app", false},
		{"IAM-UG Resource: * in the account segment does not span into the resource", "arn:aws:ecr:us-east-1:*:app", "arn:aws:ecr:us-east-1:111122223333:repository:app", false},
		{"IAM-UG Resource: * at the start of the resource part spans its colons", "arn:aws:logs:us-east-1:111122223333:*:log-stream:ecs/app/1", "arn:aws:logs:us-east-1:111122223333:log-group:/ecs/app:log-stream:ecs/app/1", true},
		{"IAM-UG Resource: empty region and account segments (S3 bucket ARN) match exactly", "arn:aws:s3:::my-env-files", "arn:aws:s3:::my-env-files", true},
		{"IAM-UG Resource: an S3 bucket ARN does not cover its objects", "arn:aws:s3:::my-env-files", "arn:aws:s3:::my-env-files/app.env", false},
		{"IAM-UG Resource: a '*' inside a short pattern's last segment does not span the remaining colons", "arn:aws:s3:*files", "arn:aws:s3:::my-env-files", false},
		{"IAM-UG Resource: a pattern with more segments than the ARN does not match", "arn:aws:ecr:us-east-1:111122223333:repository/app", "arn:aws:ecr:us-east-1", false},
		{"not ARN-shaped: plain glob", "my-*", "my-bucket", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := MatchARN(tt.pattern, tt.arn); got != tt.want {
				t.Errorf("MatchARN(%q, %q) = %v, want %v", tt.pattern, tt.arn, got, tt.want)
			}
		})
	}
}

func TestQuoteExact(t *testing.T) {
	// A substituted policy variable value matches only itself (IAM-UG "IAM
	// policy elements: Variables and tags": ${*}, ${?} and values are
	// literal), so every wildcard and the escape byte get one Esc.
	e := string(Esc)
	for _, tt := range []struct{ in, want string }{
		{"plain", "plain"},
		{"*lead", e + "*lead"},
		{"a*b?c", "a" + e + "*b" + e + "?c"},
		{"x" + e + "y", "x" + e + e + "y"},
		{"", ""},
	} {
		if got := Quote(tt.in); got != tt.want {
			t.Errorf("Quote(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	for _, tt := range []struct{ in, want string }{
		{"plain", "plain"},
		{e + "*lead", "*lead"},
		{"a" + e, "a" + e}, // a lone trailing escape stays
		{e + e + "x", e + "x"},
	} {
		if got := Unquote(tt.in); got != tt.want {
			t.Errorf("Unquote(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestHasMeta(t *testing.T) {
	e := string(Esc)
	for _, tt := range []struct {
		in   string
		want bool
	}{
		{"repository/app", false},
		{"repository/*", true},
		{"log-group:/ecs/ap?", true},
		{"a" + e + "*", false},
		{"a" + e + "*?", true},
	} {
		if got := HasMeta(tt.in); got != tt.want {
			t.Errorf("HasMeta(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestEndsWithStar(t *testing.T) {
	// MatchARN lets a short pattern's trailing '*' span the remaining
	// colons (IAM-UG "IAM JSON policy elements: Resource"); an escaped '*'
	// (a substituted ${*}) is a literal and does not.
	e := string(Esc)
	for _, tt := range []struct {
		in   string
		want bool
	}{
		{"ecr*", true},
		{"*", true},
		{"ecr", false},
		{e + "*", false},
		{"a" + e + "*", false},
		{e + e + "*", true},
		{"a" + e + e + "*", true},
		{e + e + e + "*", false},
	} {
		if got := endsWithStar(tt.in); got != tt.want {
			t.Errorf("endsWithStar(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestQuote(t *testing.T) {
	for _, s := range []string{"plain", "a*b?c", "x\x00y", ""} {
		q := Quote(s)
		if !Match(q, s) {
			t.Errorf("Match(Quote(%q), %q) = false", s, s)
		}
		if Unquote(q) != s {
			t.Errorf("Unquote(Quote(%q)) = %q", s, Unquote(q))
		}
		if HasMeta(q) {
			t.Errorf("HasMeta(Quote(%q)) = true", s)
		}
	}
}

func TestIntersect(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{"abc", "abc", true},
		{"abc", "abd", false},
		{"a*", "*c", true},
		{"a*b", "c*", false},
		{"a?c", "*b*", true},
		{"??", "a", false},
		{"*", "", true},
		{"x\x00*y", "x*", true},
		{"x\x00*y", "xzy", false},
		{"arn:aws:ssm:*", "arn:aws:secretsmanager:us-east-1:*:secret:x", false},
		{"arn:aws:secretsmanager:*:111122223333:secret:*", "arn:aws:secretsmanager:us-east-1:*:secret:x", true},
		{"é?", "?\u00e9", true},
		{"é", "??", false},
		{"éa", "?b", false},
		{"é?", "?*", true},
		{"a\x00", "a\x00", true},
		{"a\x00", "a", false},
		{"a\x00*", "aa", false},
		{"a\x00*", "a*", true},
	} {
		if got := Intersect(c.a, c.b); got != c.want {
			t.Errorf("Intersect(%q, %q) = %v, want %v", c.a, c.b, got, c.want)
		}
		if got := Intersect(c.b, c.a); got != c.want {
			t.Errorf("Intersect(%q, %q) = %v, want %v", c.b, c.a, got, c.want)
		}
	}
}

// FuzzIntersect checks that Intersect never rules out a string that
// matches both patterns.
func FuzzIntersect(f *testing.F) {
	f.Add("a*b", "*b", "ab")
	f.Add("a?c", "*", "abc")
	f.Fuzz(func(t *testing.T, a, b, s string) {
		if len(a) > 64 || len(b) > 64 || len(s) > 64 {
			return
		}
		if Match(a, s) && Match(b, s) && !Intersect(a, b) {
			t.Fatalf("%q matches %q and %q, yet Intersect is false", s, a, b)
		}
	})
}

// TestIntersectBounded checks that Intersect gives up on huge inputs with
// true, the answer that never rules a match out.
func TestIntersectBounded(t *testing.T) {
	a := strings.Repeat("a", 1100)
	if !Intersect(a, strings.Repeat("b", 1100)) {
		t.Error("Intersect on inputs past its bound ruled a match out")
	}
	if Intersect(a[:100], strings.Repeat("b", 100)) {
		t.Error("Intersect within its bound matched different literals")
	}
}

// TestCountSteps: the counter sees one step per subject byte walked (and
// one per call), and nothing after restore.
func TestCountSteps(t *testing.T) {
	var n atomic.Int64
	restore := CountSteps(&n)
	Match("abc", "abc")
	got := n.Load()
	restore()
	Match("abc", "abc")
	if got < 4 || n.Load() != got {
		t.Errorf("steps = %d, then %d after restore; want at least 4, unchanged", got, n.Load())
	}
	n.Store(0)
	restore = CountSteps(&n)
	defer restore()
	Match(strings.Repeat("*a", 20)+"*b", strings.Repeat("a", 200))
	if n.Load() < 200 {
		t.Errorf("a hostile pattern took %d steps, want at least one per subject byte", n.Load())
	}
}

// TestLimitAgreesWithCounter: MatchLimit and MatchARNLimit with room to
// finish give the answers of Match and MatchARN and report at least the
// steps CountSteps sees (an ARN ruled out by its shape costs one).
func TestLimitAgreesWithCounter(t *testing.T) {
	for _, c := range []struct{ pattern, s string }{
		{"arn:aws:logs:*:111122223333:log-group:/ecs/*", "arn:aws:logs:ap-northeast-1:111122223333:log-group:/ecs/app:log-stream:x"},
		{"arn:aws:ecr:*", "arn:aws:ecr:us-east-1:111122223333:repository/app"},
		{"arn:aws:ecr:us-east-1", "arn:aws:ecr:us-east-1:111122223333:repository/app"},
		{"*", "anything"},
		{"a*b?c", "axxbyc"},
		{"arn:aws:s3:::b/*", "s3-bucket"},
	} {
		var n atomic.Int64
		restore := CountSteps(&n)
		ok, done, steps := MatchARNLimit(c.pattern, c.s, 1<<20)
		counted := n.Load()
		okPlain, donePlain, plainSteps := MatchLimit(c.pattern, c.s, 1<<20)
		restore()
		if ok != MatchARN(c.pattern, c.s) || okPlain != Match(c.pattern, c.s) || !done || !donePlain {
			t.Errorf("%q %q: the Limit forms answer differently or do not finish", c.pattern, c.s)
		}
		if steps < 1 || int64(steps) < counted {
			t.Errorf("MatchARNLimit(%q, %q) = %d steps, the counter saw %d", c.pattern, c.s, steps, counted)
		}
		if plainSteps < 1 {
			t.Errorf("MatchLimit(%q, %q) = %d steps, want at least 1", c.pattern, c.s, plainSteps)
		}
	}
}

// TestLimitStopsAHostileMatch: "*aaaa…b" against "aaaa…" retries the
// star at every position and compares the whole run each time; with a
// limit the walk stops soon after passing it.
func TestLimitStopsAHostileMatch(t *testing.T) {
	p := "*" + strings.Repeat("a", 1000) + "b"
	s := strings.Repeat("a", 100000)
	for _, match := range []func(string, string, int) (bool, bool, int){MatchLimit, MatchARNLimit} {
		ok, done, steps := match(p, s, 50000)
		if ok || done || steps > 50000+len(p)+2 {
			t.Errorf("= %v, %v, %d steps; want false, not done, at most the limit and one run", ok, done, steps)
		}
	}
	if ok, done, _ := MatchLimit(p, strings.Repeat("a", 1000)+"b", 50000); !ok || !done {
		t.Errorf("a subject that matches within the limit: = %v, %v; want true, done", ok, done)
	}
}
