package iam

import (
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/ecs-preflight/ecs-preflight/iam/internal/cond"
	"github.com/ecs-preflight/ecs-preflight/iam/internal/policy"
	"github.com/ecs-preflight/ecs-preflight/iam/internal/standin"
)

// Evaluate decides one request against the layers of policies that apply,
// following IAM-UG "Policy evaluation logic" and "Cross-account policy
// evaluation logic":
//
//  1. An explicit Deny in any layer decides ExplicitDeny; every matching
//     Deny is listed.
//  2. Every SCP level (unless the principal is in the management account),
//     every RCP level (unless the resource is) and the VPC endpoint policy
//     (when present) must allow.
//  3. A service principal (trust-policy evaluation) is allowed by the
//     resource policy alone.
//  4. Same account: an identity-policy allow (within the permissions
//     boundary and the session policies) or a resource-policy allow naming
//     the caller suffices. A resource policy naming the role is still
//     limited by the boundary and the session policies; one naming the
//     session ARN, or "*", is not. With ResourceRequired (KMS key policies, trust
//     policies) the resource policy must allow, directly or by naming the
//     account, which delegates to identity policies.
//  5. Cross account: the identity policy (within the boundary and the
//     session policies) and the resource policy must both allow.
//  6. With KeyGrantsUnknown, an implicit deny that a KMS grant could
//     override is Unknown.
//
// Unknown statements and unresolved policies never produce Allow, and
// never lift a deny by a known filter (SCP, RCP, endpoint policy,
// boundary, session policy) they cannot belong to: that deny is reported
// as ImplicitDeny with Decision.Note saying they could only make it
// explicit.
// Evaluate is pure and safe for concurrent use.
func Evaluate(req Request, l Layers) Decision { return EvaluateInto(req, l, nil) }

// EvaluateInto is Evaluate with the decision's Deciding list appended to
// buf[:0] when buf is not nil: a caller that makes many evaluations and is
// done with each decision before the next passes the same buffer, and the
// usual decision then allocates nothing. Deciding shares buf's array (or a
// larger one, when it does not fit).
func EvaluateInto(req Request, l Layers, buf []Match) Decision {
	// One object holds the whole evaluation state: the condition context
	// reaches cond through an interface, so it escapes, and the request
	// copy lives beside it. It comes from a pool, since a bulk check
	// evaluates thousands of requests, and goes back cleared: the decision
	// copies what it keeps of it.
	e := evaluators.Get().(*evaluator)
	defer func() {
		*e = evaluator{}
		evaluators.Put(e)
	}()
	*e = evaluator{req: req}
	e.service = req.Principal.Service != ""
	e.boundary = l.Boundary != nil && !e.service
	e.session = len(l.Session) > 0 && !e.service
	e.ctx.req = &e.req
	e.preq = policy.Request{
		Principal: policy.Principal(req.Principal),
		Action:    req.Action,
		Resource:  req.Resource,
	}
	e.denies = e.denyBuf[:0]
	e.out = buf
	return e.run(&l)
}

// tri is a three-valued answer to "does this layer allow?": no < maybe < yes.
type tri int8

const (
	no tri = iota
	maybe
	yes
)

// allowed is the allow side of one layer: whether it allows, and the first
// allowing statement.
type allowed struct {
	t     tri
	match Match
}

// widen records that a policy the input does not have may hold this
// layer's Allow.
func (a *allowed) widen() {
	if a.t == no {
		a.t = maybe
	}
}

func (a *allowed) add(o policy.Outcome, m Match) {
	switch {
	case o == policy.Matched && a.t != yes:
		a.t, a.match = yes, m
	case o == policy.Unknown && a.t == no:
		a.t = maybe
	}
}

// resourceAllowed splits a resource policy's allows by how they name the
// caller, because the kinds combine differently with identity policies and
// boundaries.
type resourceAllowed struct {
	any     allowed // any grant (service callers, cross-account)
	direct  allowed // the session or user ARN, or "*": not limited by the boundary
	bounded allowed // the role ARN: limited by the boundary
	account allowed // the account root: delegates to identity policies
}

// widen records that an unresolved resource policy may grant in any way.
func (r *resourceAllowed) widen() {
	r.any.widen()
	r.direct.widen()
	r.bounded.widen()
	r.account.widen()
}

// evaluators holds evaluators for reuse by Evaluate.
var evaluators = sync.Pool{New: func() any { return new(evaluator) }}

type evaluator struct {
	req  Request
	ctx  evalCtx
	preq policy.Request

	service  bool // the caller is an AWS service (trust-policy evaluation)
	boundary bool // the caller has a permissions boundary
	session  bool // the caller has session policies

	// out is the caller's buffer for Deciding (EvaluateInto); nil makes
	// a new array.
	out          []Match
	denies       []Match
	denyBuf      [8]Match
	unknownDeny  []string
	unknownAllow []string
	// unknownFacts are facts other than statements that a stand-in leaves
	// open (package standin).
	unknownFacts []string
}

// scanned is the allow side of every layer after the statement scan.
type scanned struct {
	id, bnd, sess, ep allowed
	res               resourceAllowed
}

// levels holds the allow side of every SCP and RCP level. It is apart
// from scanned because escape analysis does not tell fields apart: the
// matches of scanned reach the heap in Deciding, and the level slices
// point into buffers on run's stack.
type levels struct {
	scps, rcps []allowed
}

// run decides in three parts: the statement scan, which collects every
// explicit Deny; the filters (SCP, RCP and VPC endpoint policy, then the
// permissions boundary and session policies inside the core), which can
// only take permission away; and the core grant by identity and resource
// policies. Unresolved policies widen the layers they may belong to before
// the filters are decided, so that a known filter which does not allow
// denies whatever the unresolved policies hold (IAM-UG "Policy evaluation
// logic": an SCP, RCP, endpoint policy, boundary or session policy that
// does not allow denies, and no identity-based policy can lift it).
func (e *evaluator) run(l *Layers) Decision {
	// The level buffers live here, not in scanned, so that nothing of the
	// scan escapes: a usual organization (root, a few OUs, the account)
	// then costs no allocation.
	var scpBuf, rcpBuf [6]allowed
	var s scanned
	var lv levels
	lv.scps, lv.rcps = e.scanLayers(l, &s, scpBuf[:0], rcpBuf[:0])
	if len(e.denies) > 0 {
		d := e.denies[0].Layer
		return Decision{
			Effect:   ExplicitDeny,
			Reason:   "with an explicit deny in " + article(d),
			DeniedBy: d,
			Deciding: append(e.deciding(len(e.denies)), e.denies...),
		}
	}
	unresolved := e.widen(l, &s, &lv)
	gate, gateLayer := e.filters(l, &s, &lv)
	c := e.core(l, &s)

	final := min(gate, c.t)
	deniedBy := c.culprit
	if gate == no {
		deniedBy = gateLayer
	}
	// KMS-DG "Grants in AWS KMS": a grant is one more way to allow, next
	// to the key policy and IAM policies, that no policy here shows. It
	// cannot lift a deny by an SCP, RCP or endpoint policy.
	var grants string
	if l.KeyGrantsUnknown && l.ResourceRequired && !e.service && c.t == no && gate != no && isKMS(e.req.Action) {
		grants = fmt.Sprintf("kms:ListGrants for %s: a grant can allow %s where the key policy and IAM policies do not", e.req.Resource, e.req.Action)
		final = maybe
	}

	switch {
	case final == no:
		// The deny is decisive: no unresolved policy or unknown statement
		// can lift it, though a Deny among them could make it explicit.
		// The Effect says implicit-deny, the one AWS would report if they
		// held no matching Deny; Note says it could be explicit.
		d := Decision{
			Effect:   ImplicitDeny,
			Reason:   "because no " + string(deniedBy) + " allows the " + e.req.Action + " action",
			DeniedBy: deniedBy,
		}
		if unresolved > 0 || len(e.unknownDeny) > 0 {
			d.Note = "denied whatever these hold; a Deny in them could only make the deny explicit: " +
				strings.Join(e.missing(l, ""), "; ")
		}
		return d
	case final == maybe || unresolved > 0 || len(e.unknownDeny) > 0:
		// A Deny that might apply, or an Allow that might be missing: the
		// request cannot be called allowed.
		return Decision{Effect: Unknown, Missing: e.missing(l, grants)}
	}

	deciding := e.deciding(len(lv.scps) + len(lv.rcps) + 1 + len(c.used))
	for _, a := range lv.scps {
		deciding = append(deciding, a.match)
	}
	for _, a := range lv.rcps {
		deciding = append(deciding, a.match)
	}
	if l.Endpoint != nil && !e.service {
		deciding = append(deciding, s.ep.match)
	}
	for i, a := range c.used {
		// Skip empty slots, and the boundary and session policies when
		// there are none: they allowed by default, with nothing to cite.
		if c.usedLayers[i] == "" || c.usedLayers[i] == LayerBoundary && !e.boundary || c.usedLayers[i] == LayerSession && !e.session {
			continue
		}
		deciding = append(deciding, a.match)
	}
	return Decision{Effect: Allow, Deciding: deciding}
}

// deciding returns the empty list a decision's Deciding is appended to:
// the caller's buffer, or a new array of capacity n.
func (e *evaluator) deciding(n int) []Match {
	if e.out != nil {
		return e.out[:0]
	}
	return make([]Match, 0, n)
}

// missing lists what would settle an Unknown: the unresolved policies, the
// statements whose conditions could not be evaluated (denies first), and
// the KMS grants when they matter.
func (e *evaluator) missing(l *Layers, grants string) []string {
	var out []string
	for _, u := range l.Unresolved {
		out = append(out, fmt.Sprintf("policy %q: document not in the input", u))
	}
	for _, u := range l.UnresolvedPolicies {
		if e.relevant(l, u) {
			out = append(out, fmt.Sprintf("policy %q: document not in the input", u.Name))
		}
	}
	out = append(out, e.unknownDeny...)
	out = append(out, e.unknownAllow...)
	out = append(out, e.unknownFacts...)
	if grants != "" {
		out = append(out, grants)
	}
	return dedupe(out)
}

// scanLevels scans an SCP or RCP path, root first, appending the allow
// side of each level to out: every level must allow on its own
// (AWS Organizations "SCP evaluation").
func (e *evaluator) scanLevels(layer Layer, levels [][]*Policy, out []allowed) []allowed {
	for _, level := range levels {
		var a allowed
		for _, p := range level {
			e.scan(layer, p, &a, nil)
		}
		out = append(out, a)
	}
	return out
}

// scanLayers matches every statement of every layer once. Denies collect
// in e.denies in the layer order identity, boundary, session, SCP, RCP,
// resource, endpoint; allows go to s, and those of the SCP and RCP levels
// are appended to scps and rcps, which it returns. (Slices in and out, not
// a *levels: a store through a pointer would move run's level buffers to
// the heap.)
func (e *evaluator) scanLayers(l *Layers, s *scanned, scps, rcps []allowed) ([]allowed, []allowed) {
	if !e.service {
		for _, p := range l.Identity {
			e.scan(LayerIdentity, p, &s.id, nil)
		}
		s.bnd.t = yes
		if l.Boundary != nil {
			s.bnd.t = no
			e.scan(LayerBoundary, l.Boundary, &s.bnd, nil)
		}
		// IAM-UG "Session policies": the session policies together bound
		// what the identity policies grant; a Deny in one is explicit.
		s.sess.t = yes
		if e.session {
			s.sess.t = no
			for _, p := range l.Session {
				e.scan(LayerSession, p, &s.sess, nil)
			}
		}
		// SCPs do not restrict AWS service principals (AWS Organizations
		// "Service control policies": they affect IAM users and roles
		// only), nor users and roles of the management account.
		if !l.ManagementAccount {
			scps = e.scanLevels(LayerSCP, l.SCPs, scps)
		}
	}
	// RCPs, unlike SCPs, can restrict AWS service principals: that is why
	// AWS's example RCPs exempt them with aws:PrincipalIsAWSService
	// (AWS Organizations "Resource control policies"); STS is a supported
	// service, so they reach trust-policy evaluations too.
	// RCPs do not affect resources in the management account (AWS
	// Organizations "Resource control policies").
	if !l.ResourceManagementAccount {
		rcps = e.scanLevels(LayerRCP, l.RCPs, rcps)
	}
	if l.Resource != nil {
		e.scan(LayerResource, l.Resource, nil, &s.res)
	}
	s.ep.t = yes
	if l.Endpoint != nil && !e.service {
		s.ep.t = no
		e.scan(LayerEndpoint, l.Endpoint, &s.ep, nil)
	}
	return scps, rcps
}

// widen marks every layer an unresolved policy may belong to as one that
// may allow: a document the input does not have may hold the Allow that
// layer lacks. A layer outside its reach keeps its answer, so a known
// filter that does not allow still denies. An unresolved policy of unsaid
// layer (Layers.Unresolved) may be an identity-based or session policy,
// an SCP or RCP at any level, or the resource policy when Resource is nil;
// not the permissions boundary, resource policy or endpoint policy when
// the input has that one document. widen returns the number of unresolved
// policies that apply to the request.
func (e *evaluator) widen(l *Layers, s *scanned, lv *levels) int {
	n := len(l.Unresolved)
	if n > 0 {
		widenLayer(l, s, lv, "", 0)
	}
	for _, u := range l.UnresolvedPolicies {
		if e.relevant(l, u) {
			widenLayer(l, s, lv, u.Layer, u.Level)
			n++
		}
	}
	return n
}

// relevant reports whether an unresolved policy of known layer applies to
// the request at all. SCPs do not apply to principals of the management
// account nor to AWS service principals (AWS Organizations "Service
// control policies"), RCPs not to resources of the management account
// ("Resource control policies"), and a service principal has no identity
// policies, boundary, session policies or endpoint in the evaluation.
func (e *evaluator) relevant(l *Layers, u UnresolvedPolicy) bool {
	switch u.Layer {
	case LayerSCP:
		return !l.ManagementAccount && !e.service
	case LayerRCP:
		return !l.ResourceManagementAccount
	case LayerIdentity, LayerBoundary, LayerSession, LayerEndpoint:
		return !e.service
	}
	return true
}

func widenLayer(l *Layers, s *scanned, lv *levels, layer Layer, level int) {
	widenLevels := func(as []allowed) {
		for i := range as {
			if level == 0 || level == i+1 {
				as[i].widen()
			}
		}
	}
	switch layer {
	case LayerIdentity:
		s.id.widen()
	case LayerBoundary:
		s.bnd.widen()
	case LayerSession:
		s.sess.widen()
	case LayerEndpoint:
		s.ep.widen()
	case LayerSCP:
		widenLevels(lv.scps)
	case LayerRCP:
		widenLevels(lv.rcps)
	case LayerResource:
		s.res.widen()
	default:
		s.id.widen()
		s.sess.widen()
		level = 0
		widenLevels(lv.scps)
		widenLevels(lv.rcps)
		if l.Resource == nil {
			s.res.widen()
		}
	}
}

// filters decides the layers every request must pass whatever grants it:
// every SCP level, every RCP level and the VPC endpoint policy (IAM-UG
// "Policy evaluation logic"). It returns the combined answer and, when it
// is no, the first layer in evaluation order that does not allow. The
// permissions boundary and session policies are filters too, but a
// resource policy naming the session passes them (IAM-UG "Session
// policies"), so core applies them.
func (e *evaluator) filters(l *Layers, s *scanned, lv *levels) (tri, Layer) {
	t, by := yes, Layer("")
	gate := func(a allowed, layer Layer) {
		if a.t == no && by == "" {
			by = layer
		}
		t = min(t, a.t)
	}
	for _, a := range lv.scps {
		gate(a, LayerSCP)
	}
	for _, a := range lv.rcps {
		gate(a, LayerRCP)
	}
	if l.Endpoint != nil && !e.service {
		gate(s.ep, LayerEndpoint)
	}
	return t, by
}

// coreGrant is the answer of identity and resource policies within the
// boundary and session policies.
type coreGrant struct {
	t       tri
	culprit Layer // the layer to blame when t is no
	// used holds the allows that decided, for Deciding.
	used       [4]allowed
	usedLayers [4]Layer
}

// core decides the grant. When whether the resource is in the caller's
// account depends on a stand-in, it decides both ways: an answer the two
// share stands, and one they differ on is maybe, naming the stand-in.
func (e *evaluator) core(l *Layers, s *scanned) coreGrant {
	ra, pa := e.req.ResourceAccount, e.req.Principal.AccountID
	if ra == "" {
		ra = pa
	}
	switch standin.Equal(ra, pa, false) {
	case standin.Yes:
		return e.coreWith(l, s, true)
	case standin.No:
		return e.coreWith(l, s, false)
	}
	same, cross := e.coreWith(l, s, true), e.coreWith(l, s, false)
	if same.t == cross.t {
		return same
	}
	e.unknownFacts = append(e.unknownFacts, fmt.Sprintf("whether resource account %s is the caller's account %s depends on %s", ra, pa, standin.Describe(ra, pa)))
	return coreGrant{t: maybe}
}

func (e *evaluator) coreWith(l *Layers, s *scanned, same bool) coreGrant {
	var c coreGrant
	id, bnd, sess, res := s.id, s.bnd, s.sess, &s.res
	switch {
	case e.service:
		c.t, c.culprit = res.any.t, LayerResource
		c.used[0], c.usedLayers[0] = res.any, LayerResource
	case !same:
		// IAM-UG "Cross-account policy evaluation logic": the requesting
		// side (identity policies within the boundary and the session
		// policies) and the resource policy must both allow.
		resAny := max(res.account.t, res.bounded.t, res.direct.t)
		c.t = min(id.t, bnd.t, sess.t, resAny)
		switch {
		case id.t == no:
			c.culprit = LayerIdentity
		case bnd.t == no:
			c.culprit = LayerBoundary
		case sess.t == no:
			c.culprit = LayerSession
		default:
			c.culprit = LayerResource
		}
		c.used = [4]allowed{id, bnd, sess, res.any}
		c.usedLayers = [4]Layer{LayerIdentity, LayerBoundary, LayerSession, LayerResource}
	default:
		viaIAM := min(id.t, bnd.t, sess.t)
		if l.ResourceRequired {
			// KMS-DG "Key policies": IAM policies count only when the key
			// policy names the account ("arn:aws:iam::ACCT:root").
			viaIAM = min(res.account.t, id.t, bnd.t, sess.t)
		}
		// IAM-UG "Session policies" and "Permissions boundaries": a
		// resource policy naming the role is limited by both; one naming
		// the session ARN or "*" (res.direct) by neither (IAM-UG "AWS
		// JSON policy elements: Principal").
		viaBounded := min(res.bounded.t, bnd.t, sess.t)
		c.t = max(viaIAM, res.direct.t, viaBounded)
		switch {
		case viaIAM == yes:
			c.used = [4]allowed{id, bnd, sess}
			c.usedLayers = [4]Layer{LayerIdentity, LayerBoundary, LayerSession}
			if l.ResourceRequired {
				c.used[3], c.usedLayers[3] = res.account, LayerResource
			}
		case res.direct.t == yes:
			c.used[0], c.usedLayers[0] = res.direct, LayerResource
		case viaBounded == yes:
			c.used = [4]allowed{res.bounded, bnd, sess}
			c.usedLayers = [4]Layer{LayerResource, LayerBoundary, LayerSession}
		}
		anyRes := max(res.account.t, res.bounded.t, res.direct.t)
		switch {
		case l.ResourceRequired && anyRes == no:
			c.culprit = LayerResource
		case l.ResourceRequired && res.account.t != no && id.t == no && res.bounded.t == no:
			// The key policy delegates to IAM and no IAM policy allows.
			c.culprit = LayerIdentity
		case bnd.t == no:
			c.culprit = LayerBoundary
		case sess.t == no:
			c.culprit = LayerSession
		default:
			c.culprit = LayerIdentity
		}
	}
	return c
}

// scan matches every statement of p, collecting denies and unknowns in e
// and the allows in a (or, for the resource layer, in r).
func (e *evaluator) scan(layer Layer, p *Policy, a *allowed, r *resourceAllowed) {
	if p == nil || p.c == nil {
		return
	}
	for i := range p.c.Statements {
		st := &p.c.Statements[i]
		o, g, problem := st.Match(&e.preq, &e.ctx, e.boundary)
		if o == policy.NoMatch {
			continue
		}
		m := Match{Layer: layer, Policy: p.name, Statement: st.ID, Effect: "Allow"}
		if !st.Allow {
			m.Effect = "Deny"
			if o == policy.Matched {
				e.denies = append(e.denies, m)
			} else {
				e.unknownDeny = append(e.unknownDeny, fmt.Sprintf("policy %q: %s", p.name, problem))
			}
			continue
		}
		if o == policy.Unknown {
			e.unknownAllow = append(e.unknownAllow, fmt.Sprintf("policy %q: %s", p.name, problem))
		}
		if a != nil {
			a.add(o, m)
			continue
		}
		r.any.add(o, m)
		switch g {
		case policy.GrantDirect, policy.GrantAnyone:
			// IAM-UG "Policy evaluation logic": a grant to the session ARN
			// is "not limited by an implicit deny in an identity-based
			// policy, a permissions boundary, or session policy". IAM-UG
			// "AWS JSON policy elements: Principal": "Identity-based policy
			// types, such as permissions boundaries or session policies, do
			// not limit permissions granted using the aws:PrincipalArn
			// condition key with a wildcard(*) in the Principal element,
			// unless the identity-based policies contain an explicit deny."
			// A "*" with no aws:PrincipalArn condition grants whatever one
			// with ArnLike aws:PrincipalArn "*" grants, so we read it the
			// same (an inference: the page names the condition form).
			r.direct.add(o, m)
		case policy.GrantAccount:
			r.account.add(o, m)
		case policy.GrantService:
			// Only a service caller is named this way; r.any covers it.
		default:
			// GrantRole, or no Principal element. IAM-UG "Policy evaluation
			// logic": "Resource-based policies that grant permissions to an
			// IAM role ARN are limited by an implicit deny in a permissions
			// boundary or session policy."
			r.bounded.add(o, m)
		}
	}
}

func article(l Layer) string {
	if l == LayerIdentity {
		return "an " + string(l)
	}
	return "a " + string(l)
}

// dedupe drops repeated strings in place, keeping the first of each.
func dedupe(ss []string) []string {
	out := ss[:0]
	for _, s := range ss {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// isKMS reports whether action is a KMS action ("kms:Decrypt").
func isKMS(action string) bool {
	service, _, _ := strings.Cut(action, ":")
	return strings.EqualFold(service, "kms")
}

// evalCtx answers condition-key lookups from the request context, matching
// key names case-insensitively (IAM-UG "IAM JSON policy elements:
// Condition": "Condition key names are not case-sensitive"). It supplies
// aws:PrincipalArn, aws:PrincipalAccount and aws:ResourceAccount from the
// request when the context does not carry them, and kms:CallerAccount for
// KMS actions.
type evalCtx struct {
	req *Request
	// One slot per synthesized key: a lookup made while a condition walks
	// another key's values must not overwrite them.
	scratch [4][1]string
	// steps is the condition matching work spent so far (cond.Budget).
	steps int64
}

// maxEvalSteps bounds the condition matching work of one evaluation: a
// policy within MaxPolicySize can hold dozens of conditions, each just
// below the limit cond sets for one. A condition that would pass it is
// unknown and says so.
const maxEvalSteps = 1 << 25

var _ cond.Budget = (*evalCtx)(nil)

// StepsLeft is the matching work the evaluation may still spend.
func (c *evalCtx) StepsLeft() int64 { return maxEvalSteps - c.steps }

// SpendSteps records the work a condition spent.
func (c *evalCtx) SpendSteps(n int64) { c.steps += n }

func (c *evalCtx) Lookup(key string) ([]string, bool) {
	if v, ok := c.req.Context[key]; ok {
		return v, true
	}
	for k, v := range c.req.Context {
		if strings.EqualFold(k, key) {
			return v, true
		}
	}
	var s string
	slot := 0
	p := &c.req.Principal
	switch {
	case strings.EqualFold(key, "aws:PrincipalArn"):
		// For a role session aws:PrincipalArn is the role's ARN (IAM-UG
		// "AWS global condition context keys").
		s = p.RoleARN
		if s == "" {
			s = p.ARN
		}
	case strings.EqualFold(key, "aws:PrincipalAccount"):
		s, slot = p.AccountID, 1
	case strings.EqualFold(key, "aws:ResourceAccount"):
		slot = 2
		s = c.req.ResourceAccount
		if s == "" {
			s = p.AccountID
		}
	case strings.EqualFold(key, "kms:CallerAccount") && isKMS(c.req.Action):
		// KMS-DG "AWS KMS condition keys": every KMS request carries the
		// caller's account; AWS managed keys (aws/secretsmanager) test it.
		s, slot = p.AccountID, 3
	}
	if s == "" {
		return nil, false
	}
	c.scratch[slot][0] = s
	return c.scratch[slot][:], true
}
