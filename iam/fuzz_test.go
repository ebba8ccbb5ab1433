package iam

import (
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ecs-preflight/ecs-preflight/iam/internal/cond"
	"github.com/ecs-preflight/ecs-preflight/iam/internal/glob"
)

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		allowDoc("*", "ecr:GetAuthorizationToken"),
		render([]gStmt{{allow: true, actions: []string{"ecr:*"}, principal: `{"AWS":["111122223333","arn:aws:iam::444455556666:root"]}`, cond: `{"ForAllValues:StringLike":{"aws:TagKeys":["a*","${aws:username}"]}}`}}),
		`{"Statement":{"Effect":"Deny","NotPrincipal":{"Service":"x"},"NotAction":"s3:*","NotResource":"arn:aws:s3:::b/${*}"}}`,
		`{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Action":"a:b","Condition":{"NumericLessThan":{"k":1e400},"Bool":{"b":true},"DateLessThan":{"d":"2024-01-01"}}}]}`,
		`{"Statement":[{"Effect":"allow"}]}`,
		`{"Statement":`,
		`[[[[[[[[`,
		``,
	} {
		f.Add([]byte(s))
	}
	req := withCtx(r(execRole, "ecr:BatchGetImage", repoARN), "aws:SourceVpce", "vpce-1", "aws:username", "alice")
	f.Fuzz(func(t *testing.T, doc []byte) {
		p, err := Parse("fuzz", doc)
		if err != nil {
			if p != nil {
				t.Fatal("Parse returned a policy and an error")
			}
			return
		}
		// Whatever parses must evaluate in every layer without panicking.
		Evaluate(req, Layers{Identity: []*Policy{p}, Boundary: p, Resource: p, Endpoint: p, SCPs: [][]*Policy{{p}}})
		Evaluate(cross(req, otherAcc), Layers{Identity: []*Policy{p}, Resource: p, ResourceRequired: true})
		Evaluate(r(ecsTasks, "sts:AssumeRole", roleARN), Layers{Resource: p})
	})
}

// globRegexp is the reference matcher: the wildcard pattern as an anchored
// regular expression.
func globRegexp(pattern string, fold bool) *regexp.Regexp {
	var b strings.Builder
	if fold {
		b.WriteString("(?i)")
	}
	b.WriteString("^")
	for _, c := range pattern {
		switch c {
		case '*':
			b.WriteString("(?s:.*)")
		case '?':
			b.WriteString("(?s:.)")
		default:
			b.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	b.WriteString("$")
	return regexp.MustCompile(b.String())
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func FuzzWildcard(f *testing.F) {
	for _, s := range [][2]string{
		{"ecr:*", "ecr:GetAuthorizationToken"},
		{"*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaac"},
		{"a?c", "abc"},
		{"caf?", "café"},
		{"*", ""},
		{"", ""},
		{"?*?", "x"},
		{"ECR:Get*", "ecr:getauthorizationtoken"},
		{"arn:aws:logs:*:*:log-group:/ecs/*", "arn:aws:logs:us-east-1:1:log-group:/ecs/a:log-stream:b"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, pattern, s string) {
		if !utf8.ValidString(pattern) || !utf8.ValidString(s) || strings.IndexByte(pattern, glob.Esc) >= 0 || len(pattern) > 200 {
			return
		}
		if got, want := glob.Match(pattern, s), globRegexp(pattern, false).MatchString(s); got != want {
			t.Fatalf("Match(%q, %q) = %v, regexp says %v", pattern, s, got, want)
		}
		// MatchFold folds ASCII only, as action names are ASCII; Unicode
		// folding (K and the Kelvin sign) would differ on purpose.
		if isASCII(pattern) && isASCII(s) {
			if got, want := glob.MatchFold(pattern, s), globRegexp(pattern, true).MatchString(s); got != want {
				t.Fatalf("MatchFold(%q, %q) = %v, regexp says %v", pattern, s, got, want)
			}
		}
		// A quoted string matches itself and nothing with a different length.
		q := glob.Quote(s)
		if !glob.Match(q, s) {
			t.Fatalf("Match(Quote(%q), itself) = false", s)
		}
	})
}

// negations pairs each positive operator with its negated form.
var negations = map[string]string{
	"StringEquals":           "StringNotEquals",
	"StringEqualsIgnoreCase": "StringNotEqualsIgnoreCase",
	"StringLike":             "StringNotLike",
	"ArnLike":                "ArnNotLike",
	"ArnEquals":              "ArnNotEquals",
	"NumericEquals":          "NumericNotEquals",
	"DateEquals":             "DateNotEquals",
	"IpAddress":              "NotIpAddress",
}

type fuzzCtx map[string][]string

func (c fuzzCtx) Lookup(key string) ([]string, bool) {
	for k, v := range c {
		if strings.EqualFold(k, key) {
			return v, true
		}
	}
	return nil, false
}

func FuzzCondition(f *testing.F) {
	for _, s := range [][4]string{
		{"StringEquals", "aws:SourceVpce", "vpce-1", "vpce-1"},
		{"StringLike", "aws:SourceArn", "arn:aws:ecs:*", "arn:aws:ecs:us-east-1:1:task/x"},
		{"IpAddress", "aws:SourceIp", "2001:db8::/32", "2001:db8::1"},
		{"NumericEquals", "s3:max-keys", "10", "10.0"},
		{"DateEquals", "aws:CurrentTime", "2024-01-01", "1704067200"},
		{"ForAllValues:StringEqualsIfExists", "aws:TagKeys", "a", ""},
		{"Null", "k", "true", ""},
		{"StringEquals", "k", "${aws:username}", "x"},
		{"BogusOperator", "k", "v", "v"},
	} {
		f.Add(s[0], s[1], s[2], s[3])
	}
	f.Fuzz(func(t *testing.T, op, key, value, reqValue string) {
		ctx := fuzzCtx{}
		if reqValue != "" {
			ctx[key] = []string{reqValue}
		}
		c := cond.Compile(op, key, []string{value}, true)
		res := c.Eval(ctx)
		if res == cond.Unknown && c.Problem() == "" {
			t.Fatalf("%s %q %q: Unknown without a problem", op, key, value)
		}
		// A negated operator is the complement of its positive form for a
		// single request value, when the policy value has no variables.
		neg, ok := negations[op]
		if !ok || strings.Contains(value, "${") {
			return
		}
		n := cond.Compile(neg, key, []string{value}, true)
		nres := n.Eval(ctx)
		if res != cond.Unknown && nres != cond.Unknown && res == nres {
			t.Fatalf("%s and %s on %q=%q vs %q both give %v", op, neg, key, reqValue, value, res)
		}
	})
}
