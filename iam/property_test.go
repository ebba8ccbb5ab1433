package iam

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// The property tests generate request and policy sets from a small
// vocabulary so that statements often overlap, then check the two
// monotonicity rules of IAM-UG "Policy evaluation logic": an explicit deny
// can only take permission away, and permission comes only from allows.

type gStmt struct {
	allow     bool
	actions   []string
	resources []string // nil: no Resource element
	principal string   // JSON value, "" for none
	cond      string   // JSON object, "" for none
}

type gWorld struct {
	identity [][]gStmt
	boundary []gStmt // nil: no boundary
	resource []gStmt // nil: no resource policy
	endpoint []gStmt
	scps     [][]gStmt // one policy per level
	session  []gStmt   // nil: no session policy
	rr       bool
	mgmt     bool // principal in the management account
	grants   bool // KMS grants unknown
	req      Request
}

var (
	gActions   = []string{"*", "ecr:*", "ecr:Batch*", "ecr:BatchGetImage", "ecr:GetAuthorizationToken", "s3:GetObject", "kms:Decrypt", "secretsmanager:Get*"}
	gResources = []string{"*", repoARN, "arn:aws:ecr:*:111122223333:repository/*", xRepoARN, keyARN, "arn:aws:s3:::b/*", secARN}
	gPrinc     = []string{`"*"`, `{"AWS":"111122223333"}`, `{"AWS":"arn:aws:iam::444455556666:root"}`, `{"AWS":"` + roleARN + `"}`, `{"AWS":"` + sessARN + `"}`, `{"Service":"ecs-tasks.amazonaws.com"}`}
	gConds     = []string{
		`{"StringEquals":{"aws:SourceVpce":"vpce-1"}}`,
		`{"StringNotEquals":{"aws:SourceVpce":"vpce-1"}}`,
		`{"StringEqualsIfExists":{"aws:sourcevpce":["vpce-1","vpce-2"]}}`,
		`{"Null":{"aws:SourceVpce":"true"}}`,
		`{"ForAnyValue:StringLike":{"aws:TagKeys":"e*"}}`,
		`{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}`,
		`{"StringEqualsPerhaps":{"aws:SourceVpce":"vpce-1"}}`, // unsupported: Unknown
	}
	gRequests = []struct{ action, resource, account string }{
		{"ecr:BatchGetImage", repoARN, ""},
		{"ecr:GetAuthorizationToken", "*", ""},
		{"ecr:BatchGetImage", xRepoARN, otherAcc},
		{"kms:Decrypt", keyARN, ""},
		{"s3:GetObject", "arn:aws:s3:::b/k", ""},
		{"secretsmanager:GetSecretValue", secARN, ""},
	}
)

func pick[T any](rng *rand.Rand, xs []T) T { return xs[rng.IntN(len(xs))] }

func genStmt(rng *rand.Rand, principal bool) gStmt {
	s := gStmt{allow: rng.IntN(3) > 0}
	for n := 1 + rng.IntN(2); n > 0; n-- {
		s.actions = append(s.actions, pick(rng, gActions))
	}
	if !principal || rng.IntN(2) == 0 {
		s.resources = []string{pick(rng, gResources)}
	}
	if principal {
		s.principal = pick(rng, gPrinc)
	}
	if rng.IntN(3) == 0 {
		s.cond = pick(rng, gConds)
	}
	return s
}

func genStmts(rng *rand.Rand, principal bool) []gStmt {
	var ss []gStmt
	for n := 1 + rng.IntN(3); n > 0; n-- {
		ss = append(ss, genStmt(rng, principal))
	}
	return ss
}

func genWorld(rng *rand.Rand) gWorld {
	var w gWorld
	for n := rng.IntN(3); n > 0; n-- {
		w.identity = append(w.identity, genStmts(rng, false))
	}
	if rng.IntN(3) == 0 {
		w.boundary = genStmts(rng, false)
	}
	if rng.IntN(2) == 0 {
		w.resource = genStmts(rng, true)
	}
	if rng.IntN(4) == 0 {
		w.endpoint = genStmts(rng, true)
	}
	for n := rng.IntN(3); n > 0; n-- {
		w.scps = append(w.scps, genStmts(rng, false))
	}
	if rng.IntN(4) == 0 {
		w.session = genStmts(rng, false)
	}
	w.rr = rng.IntN(4) == 0
	w.mgmt = rng.IntN(5) == 0
	w.grants = rng.IntN(4) == 0
	g := pick(rng, gRequests)
	p := execRole
	if rng.IntN(6) == 0 {
		p = ecsTasks
	}
	w.req = Request{Principal: p, Action: g.action, Resource: g.resource, ResourceAccount: g.account}
	if rng.IntN(2) == 0 {
		w.req.Context = map[string][]string{"aws:SourceVpce": {pick(rng, []string{"vpce-1", "vpce-2", "vpce-3"})}}
	} else {
		w.req.Context = map[string][]string{"aws:SourceIp": {"203.0.113.9"}, "aws:TagKeys": {"env"}}
	}
	return w
}

func render(ss []gStmt) string {
	var parts []string
	for _, s := range ss {
		var b strings.Builder
		eff := "Deny"
		if s.allow {
			eff = "Allow"
		}
		fmt.Fprintf(&b, `{"Effect":%q,"Action":[%s]`, eff, quoteAll(s.actions))
		if s.resources != nil {
			fmt.Fprintf(&b, `,"Resource":[%s]`, quoteAll(s.resources))
		}
		if s.principal != "" {
			fmt.Fprintf(&b, `,"Principal":%s`, s.principal)
		}
		if s.cond != "" {
			fmt.Fprintf(&b, `,"Condition":%s`, s.cond)
		}
		b.WriteString("}")
		parts = append(parts, b.String())
	}
	return `{"Version":"2012-10-17","Statement":[` + strings.Join(parts, ",") + `]}`
}

func (w gWorld) layers(t *testing.T) Layers {
	t.Helper()
	parse := func(name string, ss []gStmt) *Policy {
		p, err := Parse(name, []byte(render(ss)))
		if err != nil {
			t.Fatalf("generated policy does not parse: %v\n%s", err, render(ss))
		}
		return p
	}
	l := Layers{ResourceRequired: w.rr, ManagementAccount: w.mgmt, KeyGrantsUnknown: w.grants}
	if w.session != nil {
		l.Session = []*Policy{parse("session", w.session)}
	}
	for i, ss := range w.identity {
		l.Identity = append(l.Identity, parse(fmt.Sprintf("id%d", i), ss))
	}
	if w.boundary != nil {
		l.Boundary = parse("boundary", w.boundary)
	}
	if w.resource != nil {
		l.Resource = parse("resource", w.resource)
	}
	if w.endpoint != nil {
		l.Endpoint = parse("endpoint", w.endpoint)
	}
	for i, ss := range w.scps {
		l.SCPs = append(l.SCPs, []*Policy{parse(fmt.Sprintf("scp%d", i), ss)})
	}
	return l
}

// slots lists every policy's statement list so a test can edit one.
func (w *gWorld) slots() []*[]gStmt {
	var s []*[]gStmt
	for i := range w.identity {
		s = append(s, &w.identity[i])
	}
	for _, p := range []*[]gStmt{&w.boundary, &w.resource, &w.endpoint, &w.session} {
		if *p != nil {
			s = append(s, p)
		}
	}
	for i := range w.scps {
		s = append(s, &w.scps[i])
	}
	return s
}

func clone(w gWorld) gWorld {
	c := w
	cp := func(ss []gStmt) []gStmt {
		if ss == nil {
			return nil
		}
		return append([]gStmt(nil), ss...)
	}
	c.identity = nil
	for _, ss := range w.identity {
		c.identity = append(c.identity, cp(ss))
	}
	c.scps = nil
	for _, ss := range w.scps {
		c.scps = append(c.scps, cp(ss))
	}
	c.boundary, c.resource, c.endpoint, c.session = cp(w.boundary), cp(w.resource), cp(w.endpoint), cp(w.session)
	return c
}

func TestPropertyAddingDenyNeverAllows(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 3000; i++ {
		w := genWorld(rng)
		slots := w.slots()
		if len(slots) == 0 {
			continue
		}
		before := Evaluate(w.req, w.layers(t))
		w2 := clone(w)
		slot := w2.slots()[rng.IntN(len(slots))]
		d := genStmt(rng, slot == &w2.resource || slot == &w2.endpoint)
		d.allow = false
		*slot = append(*slot, d)
		after := Evaluate(w2.req, w2.layers(t))
		if after.Effect == Allow && before.Effect != Allow {
			t.Fatalf("adding a Deny turned %s into Allow\nrequest %+v\nadded %+v", before.Effect, w.req, d)
		}
	}
}

func TestPropertyRemovingAllowNeverAllows(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 3000; i++ {
		w := genWorld(rng)
		before := Evaluate(w.req, w.layers(t))
		w2 := clone(w)
		var allows [][2]int
		slots := w2.slots()
		for si, s := range slots {
			for j, st := range *s {
				if st.allow {
					allows = append(allows, [2]int{si, j})
				}
			}
		}
		if len(allows) == 0 {
			continue
		}
		a := pick(rng, allows)
		s := slots[a[0]]
		*s = append((*s)[:a[1]:a[1]], (*s)[a[1]+1:]...)
		if len(*s) == 0 {
			// A policy needs a statement list; an empty one grants nothing.
			*s = []gStmt{}
		}
		after := Evaluate(w2.req, w2.layers(t))
		if after.Effect == Allow && before.Effect != Allow {
			t.Fatalf("removing an Allow turned %s into Allow\nrequest %+v", before.Effect, w.req)
		}
	}
}
