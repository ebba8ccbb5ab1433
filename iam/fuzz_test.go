package iam

import (
	"reflect"
	"regexp"
	"slices"
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
		" \n",
		`{"Statement":[{"Effect":"Allow","Action":"s3:*","Condtion":{}}]}`,
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
			// An error quotes the input by short prefixes only.
			if len(err.Error()) > 1024 {
				t.Fatalf("error of %d bytes: %.300q", len(err.Error()), err)
			}
			return
		}
		// Whatever parses must evaluate in every layer, and every decision
		// must keep the invariants of checkInvariants.
		for _, c := range []struct {
			req Request
			l   Layers
		}{
			{req, Layers{Identity: []*Policy{p}}},
			{req, Layers{Identity: []*Policy{p}, Resource: p}},
			{req, Layers{Identity: []*Policy{p}, Boundary: p, Resource: p, Endpoint: p, SCPs: [][]*Policy{{p}}}},
			{req, Layers{Identity: []*Policy{fullAccess}, SCPs: [][]*Policy{{fullAccess}, {p}}, RCPs: [][]*Policy{{p}}, Session: []*Policy{p}}},
			{req, Layers{Resource: p, Boundary: p}},
			{cross(req, otherAcc), Layers{Identity: []*Policy{p}, Resource: p, ResourceRequired: true}},
			{r(ecsTasks, "sts:AssumeRole", roleARN), Layers{Resource: p, ResourceRequired: true}},
			{req, Layers{Identity: []*Policy{p}, SCPs: [][]*Policy{{p}}, ManagementAccount: true, RCPs: [][]*Policy{{p}}, ResourceManagementAccount: true}},
		} {
			checkInvariants(t, c.req, c.l)
		}
	})
}

// checkInvariants evaluates req against l, then against l with one more
// unresolved policy in each layer, and asserts:
//
//  1. A decision is well formed: Allow cites at least one statement, every
//     one an Allow, and carries no Reason, DeniedBy or Missing; a deny has
//     a Reason and a DeniedBy; ExplicitDeny cites only Deny statements;
//     Unknown names what is missing; Note appears on ImplicitDeny only.
//  2. Evaluate is deterministic.
//  3. With an unresolved policy that could matter the decision is never
//     Allow (IAM-UG "Policy evaluation logic": the unseen policy may hold
//     an explicit Deny, which overrides any Allow). The exact invariant:
//     Allow only when every unresolved policy is irrelevant, that is of a
//     known layer the request does not pass: an SCP with
//     ManagementAccount or a service principal, an RCP with
//     ResourceManagementAccount, an identity-based, boundary, session or
//     endpoint policy with a service principal. An irrelevant one changes
//     nothing at all.
//  4. An unresolved policy never lifts a deny: ExplicitDeny stays
//     ExplicitDeny with the same statements (a known explicit deny
//     decides); ImplicitDeny becomes ImplicitDeny or Unknown, never Allow
//     or ExplicitDeny; Allow becomes Unknown.
//  5. A filter decides: an ImplicitDeny by an SCP, RCP or VPC endpoint
//     policy stays that same ImplicitDeny beside an unresolved
//     identity-based or resource-based policy, which cannot lift it.
func checkInvariants(t *testing.T, req Request, l Layers) {
	t.Helper()
	base := Evaluate(req, l)
	wellFormed(t, "base", base)
	if again := Evaluate(req, l); !reflect.DeepEqual(base, again) {
		t.Fatalf("Evaluate is not deterministic: %+v then %+v", base, again)
	}
	for _, layer := range []Layer{"", LayerIdentity, LayerBoundary, LayerSession, LayerSCP, LayerRCP, LayerResource, LayerEndpoint} {
		u := l
		u.UnresolvedPolicies = append(slices.Clip(l.UnresolvedPolicies), UnresolvedPolicy{Name: "unseen", Layer: layer})
		d := Evaluate(req, u)
		where := "unresolved " + string(layer)
		wellFormed(t, where, d)
		if irrelevant(req, l, layer) {
			if !reflect.DeepEqual(d, base) {
				t.Fatalf("%s: an irrelevant unresolved policy changed %+v to %+v", where, base, d)
			}
			continue
		}
		switch {
		case d.Effect == Allow:
			t.Fatalf("%s: Allow beside an unresolved policy: %+v", where, d)
		case base.Effect == ExplicitDeny && (d.Effect != ExplicitDeny || !reflect.DeepEqual(d.Deciding, base.Deciding)):
			t.Fatalf("%s: explicit deny %+v became %+v", where, base, d)
		case base.Effect == ImplicitDeny && d.Effect != ImplicitDeny && d.Effect != Unknown:
			t.Fatalf("%s: implicit deny %+v became %+v", where, base, d)
		case base.Effect == Allow && d.Effect != Unknown:
			t.Fatalf("%s: allow became %+v", where, d)
		}
		filter := base.DeniedBy == LayerSCP || base.DeniedBy == LayerRCP || base.DeniedBy == LayerEndpoint
		if base.Effect == ImplicitDeny && filter && (layer == LayerIdentity || layer == LayerResource) &&
			(d.Effect != ImplicitDeny || d.DeniedBy != base.DeniedBy) {
			t.Fatalf("%s: a deny by %s was lifted: %+v", where, base.DeniedBy, d)
		}
	}
}

// irrelevant reports whether an unresolved policy of layer cannot apply to
// req (AWS Organizations "Service control policies", "Resource control
// policies"; a service principal is judged by resource policies and RCPs).
func irrelevant(req Request, l Layers, layer Layer) bool {
	service := req.Principal.Service != ""
	switch layer {
	case LayerSCP:
		return l.ManagementAccount || service
	case LayerRCP:
		return l.ResourceManagementAccount
	case LayerIdentity, LayerBoundary, LayerSession, LayerEndpoint:
		return service
	}
	return false
}

func wellFormed(t *testing.T, where string, d Decision) {
	t.Helper()
	switch d.Effect {
	case Allow:
		if len(d.Deciding) == 0 || d.Reason != "" || d.DeniedBy != "" || len(d.Missing) > 0 {
			t.Fatalf("%s: malformed allow %+v", where, d)
		}
		for _, m := range d.Deciding {
			if m.Effect != "Allow" || m.Policy == "" || m.Statement == "" || m.Layer == "" {
				t.Fatalf("%s: allow cites %+v", where, m)
			}
		}
	case ExplicitDeny:
		if len(d.Deciding) == 0 || d.Reason == "" || d.DeniedBy == "" {
			t.Fatalf("%s: malformed explicit deny %+v", where, d)
		}
		for _, m := range d.Deciding {
			if m.Effect != "Deny" {
				t.Fatalf("%s: explicit deny cites %+v", where, m)
			}
		}
	case ImplicitDeny:
		if d.Reason == "" || d.DeniedBy == "" || len(d.Deciding) > 0 {
			t.Fatalf("%s: malformed implicit deny %+v", where, d)
		}
	case Unknown:
		if len(d.Missing) == 0 {
			t.Fatalf("%s: Unknown without Missing %+v", where, d)
		}
	default:
		t.Fatalf("%s: Effect %q is not a decision", where, d.Effect)
	}
	if d.Note != "" && d.Effect != ImplicitDeny {
		t.Fatalf("%s: Note on %s", where, d.Effect)
	}
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
		res, why := c.EvalWhy(ctx)
		if res != c.Eval(ctx) {
			t.Fatalf("%s %q %q: Eval and EvalWhy differ", op, key, value)
		}
		if res == cond.Unknown && why == "" {
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
