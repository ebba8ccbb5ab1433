package iam

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"unicode"
)

// standIn is the stand-in a source writes for an account it cannot
// resolve (world.Unresolved).
const standIn = "<unresolved AWS::AccountId>"

// TestStandIns follows the convention of world/unresolved.go that a match
// depending on a stand-in is unknown, never a deny, within IAM-UG "Policy
// evaluation logic": a statement that applies only for some values of a
// stand-in may apply; such an Allow cannot allow, such a Deny keeps the
// request from being allowed, and a Deny that applies whatever the
// stand-in holds still decides.
func TestStandIns(t *testing.T) {
	secretX := "arn:aws:secretsmanager:ap-northeast-1:" + standIn + ":secret:db-AbCdEf"
	unresolvedRole := Principal{
		ARN:       "arn:aws:sts::" + standIn + ":assumed-role/ecsTaskExecutionRole/3f2a9c",
		RoleARN:   "arn:aws:iam::" + standIn + ":role/ecsTaskExecutionRole",
		AccountID: standIn,
	}
	get := "secretsmanager:GetSecretValue"
	allowReal := pol("AllowDbSecret", allowDoc("arn:aws:secretsmanager:ap-northeast-1:111122223333:secret:db-*", get))
	allowAnyAccount := pol("AllowDbSecretAnyAccount", allowDoc("arn:aws:secretsmanager:ap-northeast-1:*:secret:db-*", get))
	allowSsm := pol("AllowSsm", allowDoc("arn:aws:ssm:ap-northeast-1:111122223333:parameter/*", "ssm:GetParameters", get))
	allowStandIn := pol("AllowDbSecretStandIn", allowDoc("arn:aws:secretsmanager:ap-northeast-1:"+standIn+":secret:db-*", get))
	allowAll := pol("AllowSecrets", allowDoc("*", get))
	denyReal := pol("DenyDbSecret", denyDoc("arn:aws:secretsmanager:ap-northeast-1:111122223333:secret:db-*", get))
	denyAll := pol("DenySecrets", denyDoc("*", "secretsmanager:*"))
	notResource := pol("DenyAllButDb", `{"Version":"2012-10-17","Statement":[{"Sid":"OnlyDb","Effect":"Deny","Action":"secretsmanager:*","NotResource":"arn:aws:secretsmanager:ap-northeast-1:111122223333:secret:db-*"}]}`)
	onlyExec := pol("secret policy", `{"Version":"2012-10-17","Statement":[{"Sid":"OnlyExecRole","Effect":"Deny","Principal":"*","Action":"secretsmanager:GetSecretValue","Resource":"*","Condition":{"ArnNotEquals":{"aws:PrincipalArn":"`+roleARN+`"}}}]}`)
	forRoleStandIn := pol("secret policy", `{"Version":"2012-10-17","Statement":[{"Sid":"ExecRole","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::`+standIn+`:role/ecsTaskExecutionRole"},"Action":"secretsmanager:GetSecretValue","Resource":"*"}]}`)
	ownAccount := pol("secret policy", `{"Version":"2012-10-17","Statement":[{"Sid":"OwnAccount","Effect":"Allow","Principal":"*","Action":"secretsmanager:GetSecretValue","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalAccount":"`+standIn+`"}}}]}`)
	vpceOnly := pol("DenyOutsideEndpoint", `{"Version":"2012-10-17","Statement":[{"Sid":"DenyUnlessVpce","Effect":"Deny","Action":"secretsmanager:*","Resource":"*","Condition":{"StringNotEquals":{"aws:SourceVpce":"vpce-0a1b2c3d"}}}]}`)
	maxKeys := pol("MaxKeys", `{"Version":"2012-10-17","Statement":[{"Sid":"Small","Effect":"Allow","Action":"secretsmanager:*","Resource":"*","Condition":{"NumericLessThan":{"secretsmanager:MaxResults":"10"}}}]}`)

	for _, c := range []evalCase{
		{name: "IAM-UG evaluation logic: an allow for the real account may not cover the unresolved one",
			req: r(execRole, get, secretX), layers: Layers{Identity: []*Policy{allowReal}}, want: Unknown,
			missing: []string{`policy "AllowDbSecret": whether resource ` + secretX + ` matches arn:aws:secretsmanager:ap-northeast-1:111122223333:secret:db-* depends on ` + standIn}},
		{name: "IAM-UG Resource: a wildcard account covers the unresolved account",
			req: r(execRole, get, secretX), layers: Layers{Identity: []*Policy{allowAnyAccount}}, want: Allow},
		{name: "IAM-UG evaluation logic: no value of the stand-in makes an SSM allow cover a secret",
			req: r(execRole, get, secretX), layers: Layers{Identity: []*Policy{allowSsm}}, want: ImplicitDeny, deniedBy: LayerIdentity},
		{name: "IAM-UG evaluation logic: the same stand-in in the policy and the request is the same account",
			req: r(execRole, get, secretX), layers: Layers{Identity: []*Policy{allowStandIn}}, want: Allow},
		{name: "IAM-UG evaluation logic: a policy built for an unresolved account may not cover a real one",
			req: r(execRole, get, "arn:aws:secretsmanager:ap-northeast-1:111122223333:secret:db-AbCdEf"), layers: Layers{Identity: []*Policy{allowStandIn}}, want: Unknown},
		{name: "IAM-UG evaluation logic: a deny that may apply keeps an allow from deciding",
			req: r(execRole, get, secretX), layers: Layers{Identity: []*Policy{allowAll, denyReal}}, want: Unknown},
		{name: "IAM-UG evaluation logic: a deny that applies whatever the stand-in holds decides",
			req: r(execRole, get, secretX), layers: Layers{Identity: []*Policy{allowReal, denyAll}}, want: ExplicitDeny, deniedBy: LayerIdentity},
		{name: "IAM-UG NotResource: whether the resource is excluded depends on the stand-in",
			req: r(execRole, get, secretX), layers: Layers{Identity: []*Policy{allowAll, notResource}}, want: Unknown},
		{name: "IAM-UG NotResource: \"*\" excludes every resource, a stand-in's too",
			req: r(execRole, get, secretX), layers: Layers{Identity: []*Policy{allowAll, pol("DenyNone", `{"Version":"2012-10-17","Statement":[{"Sid":"None","Effect":"Deny","Action":"secretsmanager:*","NotResource":"*"}]}`)}}, want: Allow},
		{name: "IAM-UG NotResource: a resource of another service is never excluded",
			req: r(execRole, "secretsmanager:ListSecrets", "arn:aws:ssm:ap-northeast-1:"+standIn+":parameter/x"), layers: Layers{Identity: []*Policy{pol("All", allowDoc("*", "secretsmanager:*")), notResource}}, want: ExplicitDeny, deniedBy: LayerIdentity},
		{name: "IAM-UG Condition: aws:PrincipalArn of an unresolved role may differ from the named role",
			req: r(unresolvedRole, get, secretX), layers: Layers{Identity: []*Policy{allowAll}, Resource: onlyExec}, want: Unknown},
		{name: "IAM-UG Principal: a resource policy naming the role in an unresolved account may name the caller",
			req: r(execRole, get, secARN), layers: Layers{Resource: forRoleStandIn}, want: Unknown},
		{name: "IAM-UG Principal: the same unresolved account in the caller and the policy names the caller",
			req: r(unresolvedRole, get, secretX), layers: Layers{Resource: forRoleStandIn}, want: Allow},
		{name: "IAM-UG Condition: aws:PrincipalAccount equal to the same stand-in matches",
			req: r(unresolvedRole, get, secretX), layers: Layers{Resource: ownAccount}, want: Allow},
		{name: "IAM-UG Condition: an unresolved endpoint id may be the allowed one",
			req: withCtx(r(execRole, get, secARN), "aws:SourceVpce", "<unresolved Ref SecretsEndpoint>"), layers: Layers{Identity: []*Policy{allowAll, vpceOnly}}, want: Unknown,
			missing: []string{`policy "DenyOutsideEndpoint": condition StringNotEquals on "aws:SourceVpce": whether "<unresolved Ref SecretsEndpoint>" matches "vpce-0a1b2c3d" depends on <unresolved Ref SecretsEndpoint>`}},
		{name: "IAM-UG Condition: an unresolved number is unknown",
			req: withCtx(r(execRole, get, secARN), "secretsmanager:MaxResults", "<unresolved Ref PageSize>"), layers: Layers{Identity: []*Policy{maxKeys}}, want: Unknown},
		{name: "IAM-UG Cross-account evaluation: whether the resource is in the caller's account depends on the stand-in",
			req: cross(r(execRole, get, secretX), standIn), layers: Layers{Identity: []*Policy{allowAll}}, want: Unknown,
			missing: []string{"whether resource account " + standIn + " is the caller's account 111122223333 depends on " + standIn}},
		{name: "IAM-UG Cross-account evaluation: same or cross account, the resource policy allows both ways",
			req: cross(r(execRole, get, secretX), standIn), layers: Layers{Identity: []*Policy{allowAll}, Resource: pol("secret policy", `{"Version":"2012-10-17","Statement":[{"Sid":"Exec","Effect":"Allow","Principal":{"AWS":"`+roleARN+`"},"Action":"secretsmanager:GetSecretValue","Resource":"*"}]}`)}, want: Allow},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := Evaluate(c.req, c.layers)
			if d.Effect != c.want {
				t.Fatalf("decision %s, want %s: %+v", d.Effect, c.want, d)
			}
			if c.want != Allow && c.want != ExplicitDeny && c.want != ImplicitDeny {
				found := false
				for _, m := range d.Missing {
					found = found || strings.Contains(m, "<unresolved ")
				}
				if !found {
					t.Errorf("Missing %q names no stand-in", d.Missing)
				}
			}
			if c.deniedBy != "" && d.DeniedBy != c.deniedBy {
				t.Errorf("denied by %q, want %q", d.DeniedBy, c.deniedBy)
			}
			if c.missing != nil && !slices.Equal(d.Missing, c.missing) {
				t.Errorf("missing %q\nwant    %q", d.Missing, c.missing)
			}
		})
	}
}

// FuzzStandIn checks the principle that no unresolved value decides:
// whatever a stand-in holds, a decision reached with the stand-in is the
// decision reached with a concrete value in its place. An Allow stays
// Allow, an ExplicitDeny stays ExplicitDeny, and an ImplicitDeny stays a
// deny (a Deny that only may apply does not stop an implicit deny that
// holds whatever it does, IAM-UG "Policy evaluation logic"). The concrete
// values tried are the fuzzed value and every word of the policy, so that
// matches are tried as well as mismatches.
func FuzzStandIn(f *testing.F) {
	for _, s := range []struct {
		doc, value string
	}{
		{allowDoc("arn:aws:secretsmanager:ap-northeast-1:111122223333:secret:db-*", "secretsmanager:GetSecretValue"), "111122223333"},
		{allowDoc("arn:aws:secretsmanager:ap-northeast-1:"+standIn+":secret:db-*", "secretsmanager:GetSecretValue"), "x"},
		{`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"secretsmanager:*","Resource":"*","Condition":{"ArnNotEquals":{"aws:PrincipalArn":"arn:aws:iam::111122223333:role/ecsTaskExecutionRole"}}},{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}`, "444455556666"},
		{`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["` + standIn + `","arn:aws:iam::` + standIn + `:role/ecsTaskExecutionRole"]},"Action":"secretsmanager:*","Resource":"*"}]}`, "111122223333"},
		{`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotPrincipal":{"AWS":["arn:aws:sts::` + standIn + `:assumed-role/ecsTaskExecutionRole/3f2a9c","arn:aws:iam::111122223333:role/ecsTaskExecutionRole","111122223333"]},"Action":"*","NotResource":"arn:aws:secretsmanager:*:111122223333:secret:?b-*"}]}`, "111122223333"},
		{`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"arn:aws:secretsmanager:*:${aws:PrincipalAccount}:secret:*","Condition":{"StringLike":{"aws:ResourceAccount":"1111*"},"ForAnyValue:StringEquals":{"aws:PrincipalAccount":["` + standIn + `","1"]}}}]}`, "111122223333"},
	} {
		f.Add([]byte(s.doc), s.value, uint8(0))
	}
	f.Fuzz(func(t *testing.T, doc []byte, value string, shape uint8) {
		if len(doc) > 2000 || !concrete(value) {
			return
		}
		p, err := Parse("fuzz", doc)
		if err != nil {
			return
		}
		caller := Principal{
			ARN:       "arn:aws:sts::" + standIn + ":assumed-role/ecsTaskExecutionRole/3f2a9c",
			RoleARN:   "arn:aws:iam::" + standIn + ":role/ecsTaskExecutionRole",
			AccountID: standIn,
		}
		if shape&1 != 0 {
			caller = execRole
		}
		req := Request{Principal: caller, Action: "secretsmanager:GetSecretValue", Resource: "arn:aws:secretsmanager:ap-northeast-1:" + standIn + ":secret:db-AbCdEf"}
		if shape&2 != 0 {
			req.ResourceAccount = standIn
		}
		if shape&4 != 0 {
			req.Context = map[string][]string{"aws:SourceVpce": {"vpce-" + standIn}}
		}
		layerSets := func(p *Policy) []Layers {
			return []Layers{
				{Identity: []*Policy{p}},
				{Resource: p},
				{Identity: []*Policy{p}, Resource: p},
				{Identity: []*Policy{fullAccess}, Boundary: p, Resource: p},
				{Identity: []*Policy{fullAccess}, Session: []*Policy{p}, SCPs: [][]*Policy{{p}}},
				{Resource: p, ResourceRequired: true},
			}
		}
		withStandIn := layerSets(p)
		decisions := make([]Decision, len(withStandIn))
		for i, l := range withStandIn {
			decisions[i] = Evaluate(req, l)
			wellFormed(t, "stand-in", decisions[i])
		}
		for _, v := range append(words(doc), value, "111122223333") {
			cdoc := bytes.ReplaceAll(doc, []byte(standIn), []byte(v))
			cp, err := Parse("fuzz", cdoc)
			if err != nil {
				continue
			}
			creq := resolve(req, v)
			for i, l := range layerSets(cp) {
				got, base := Evaluate(creq, l), decisions[i]
				bad := false
				switch base.Effect {
				case Allow:
					bad = got.Effect != Allow
				case ExplicitDeny:
					bad = got.Effect != ExplicitDeny
				case ImplicitDeny:
					bad = got.Effect != ImplicitDeny && got.Effect != ExplicitDeny
				}
				if bad {
					t.Fatalf("layers %d: with the stand-in %s (%+v), with %q %s (%+v)\ndoc %s", i, base.Effect, base, v, got.Effect, got, doc)
				}
			}
		}
	})
}

// concrete reports whether v can stand for an account, a region or a
// name: non-empty, without ':' (world's convention for a stand-in inside
// an ARN), wildcards or characters JSON would escape.
func concrete(v string) bool {
	return v != "" && len(v) < 40 && !strings.ContainsFunc(v, func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_' || r == '.') || r > unicode.MaxASCII
	})
}

// words returns the distinct concrete words of doc, at most 12.
func words(doc []byte) []string {
	var out []string
	for _, w := range strings.FieldsFunc(string(doc), func(r rune) bool { return !concrete(string(r)) }) {
		if len(out) < 12 && concrete(w) && !slices.Contains(out, w) {
			out = append(out, w)
		}
	}
	return out
}

// resolve replaces the stand-in by v in every field of the request.
func resolve(q Request, v string) Request {
	rep := func(s string) string { return strings.ReplaceAll(s, standIn, v) }
	q.Principal.ARN, q.Principal.RoleARN, q.Principal.AccountID = rep(q.Principal.ARN), rep(q.Principal.RoleARN), rep(q.Principal.AccountID)
	q.Resource, q.ResourceAccount = rep(q.Resource), rep(q.ResourceAccount)
	if q.Context != nil {
		c := map[string][]string{}
		for k, vs := range q.Context {
			for _, s := range vs {
				c[k] = append(c[k], rep(s))
			}
		}
		q.Context = c
	}
	return q
}
