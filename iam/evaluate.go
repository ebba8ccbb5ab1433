package iam

import (
	"fmt"
	"strings"

	"github.com/ecs-preflight/ecs-preflight/iam/internal/policy"
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
//     session ARN is not. With ResourceRequired (KMS key policies, trust
//     policies) the resource policy must allow, directly or by naming the
//     account, which delegates to identity policies.
//  5. Cross account: the identity policy (within the boundary and the
//     session policies) and the resource policy must both allow.
//  6. With KeyGrantsUnknown, an implicit deny that a KMS grant could
//     override is Unknown.
//
// Unknown statements and unresolved policies never produce Allow.
// Evaluate is pure and allocates only for the decision it returns.
func Evaluate(req Request, l Layers) Decision {
	// One allocation holds the whole evaluation state: the condition context
	// reaches cond through an interface, so it escapes, and the request
	// copy lives beside it.
	e := &evaluator{req: req}
	e.ctx.req = &e.req
	e.preq = policy.Request{
		Principal: policy.Principal(req.Principal),
		Action:    req.Action,
		Resource:  req.Resource,
	}
	e.denies = e.denyBuf[:0]
	return e.run(&l)
}

// tri is a three-valued answer to "does this layer allow?": no < maybe < yes.
type tri int8

const (
	no tri = iota
	maybe
	yes
)

func and(ts ...tri) tri {
	r := yes
	for _, t := range ts {
		r = min(r, t)
	}
	return r
}

func or(ts ...tri) tri {
	r := no
	for _, t := range ts {
		r = max(r, t)
	}
	return r
}

// allowed is the allow side of one layer: whether it allows, and the first
// allowing statement.
type allowed struct {
	t     tri
	match Match
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
	direct  allowed // the session or user ARN: not limited by the boundary
	bounded allowed // the role ARN or "*": limited by the boundary
	account allowed // the account root: delegates to identity policies
}

type evaluator struct {
	req  Request
	ctx  evalCtx
	preq policy.Request

	boundary bool // the caller has a permissions boundary
	session  bool // the caller has session policies

	denies       []Match
	denyBuf      [8]Match
	unknownDeny  []string
	unknownAllow []string
}

func (e *evaluator) run(l *Layers) Decision {
	service := e.req.Principal.Service != ""
	e.boundary = l.Boundary != nil && !service
	e.session = len(l.Session) > 0 && !service

	// Scan every layer once; denies collect in e.denies as we go, in the
	// order the brief's layers list: identity, boundary, SCP, RCP, resource,
	// endpoint.
	var id, bnd, sess allowed
	var res resourceAllowed
	var scps, rcps []allowed
	var scpBuf, rcpBuf [6]allowed
	var ep allowed
	if !service {
		for _, p := range l.Identity {
			e.scan(LayerIdentity, p, &id, nil)
		}
		bnd.t = yes
		if l.Boundary != nil {
			bnd.t = no
			e.scan(LayerBoundary, l.Boundary, &bnd, nil)
		}
		// IAM-UG "Session policies": the session policies together bound
		// what the identity policies grant; a Deny in one is explicit.
		sess.t = yes
		if e.session {
			sess.t = no
			for _, p := range l.Session {
				e.scan(LayerSession, p, &sess, nil)
			}
		}
		// SCPs do not restrict AWS service principals (AWS Organizations
		// "Service control policies": they affect IAM users and roles
		// only), nor users and roles of the management account.
		scps = scpBuf[:0]
		for _, level := range l.SCPs {
			if l.ManagementAccount {
				break
			}
			var a allowed
			for _, p := range level {
				e.scan(LayerSCP, p, &a, nil)
			}
			scps = append(scps, a)
		}
	}
	// RCPs, unlike SCPs, can restrict AWS service principals: that is why
	// AWS's example RCPs exempt them with aws:PrincipalIsAWSService
	// (AWS Organizations "Resource control policies"); STS is a supported
	// service, so they reach trust-policy evaluations too.
	// RCPs do not affect resources in the management account (AWS
	// Organizations "Resource control policies").
	rcps = rcpBuf[:0]
	for _, level := range l.RCPs {
		if l.ResourceManagementAccount {
			break
		}
		var a allowed
		for _, p := range level {
			e.scan(LayerRCP, p, &a, nil)
		}
		rcps = append(rcps, a)
	}
	if l.Resource != nil {
		e.scan(LayerResource, l.Resource, nil, &res)
	}
	ep.t = yes
	if l.Endpoint != nil && !service {
		ep.t = no
		e.scan(LayerEndpoint, l.Endpoint, &ep, nil)
	}

	if len(e.denies) > 0 {
		d := e.denies[0].Layer
		return Decision{
			Effect:   ExplicitDeny,
			Reason:   "with an explicit deny in " + article(d),
			DeniedBy: d,
			Deciding: append([]Match(nil), e.denies...),
		}
	}

	// The filters every request passes, in evaluation order. Values, not
	// pointers, so that nothing here escapes to the heap.
	type gate struct {
		layer Layer
		a     allowed
	}
	var gateBuf [14]gate
	gates := gateBuf[:0]
	for _, a := range scps {
		gates = append(gates, gate{LayerSCP, a})
	}
	for _, a := range rcps {
		gates = append(gates, gate{LayerRCP, a})
	}
	if l.Endpoint != nil && !service {
		gates = append(gates, gate{LayerEndpoint, ep})
	}

	// The core: identity, boundary and resource policy together. used holds
	// the allows that decided, for Deciding.
	var core tri
	var culprit Layer
	var used [4]allowed
	var usedLayers [4]Layer
	same := e.req.ResourceAccount == "" || e.req.ResourceAccount == e.req.Principal.AccountID
	switch {
	case service:
		core, culprit = res.any.t, LayerResource
		used[0], usedLayers[0] = res.any, LayerResource
	case !same:
		// IAM-UG "Cross-account policy evaluation logic": the requesting
		// side (identity policies within the boundary and the session
		// policies) and the resource policy must both allow.
		resAny := or(res.account.t, res.bounded.t, res.direct.t)
		core = and(id.t, bnd.t, sess.t, resAny)
		switch {
		case id.t == no:
			culprit = LayerIdentity
		case bnd.t == no:
			culprit = LayerBoundary
		case sess.t == no:
			culprit = LayerSession
		default:
			culprit = LayerResource
		}
		used = [4]allowed{id, bnd, sess, res.any}
		usedLayers = [4]Layer{LayerIdentity, LayerBoundary, LayerSession, LayerResource}
	default:
		viaIAM := and(id.t, bnd.t, sess.t)
		if l.ResourceRequired {
			// KMS-DG "Key policies": IAM policies count only when the key
			// policy names the account ("arn:aws:iam::ACCT:root").
			viaIAM = and(res.account.t, id.t, bnd.t, sess.t)
		}
		// IAM-UG "Session policies" and "Permissions boundaries": a
		// resource policy naming the role is limited by both; one naming
		// the session ARN (res.direct) by neither.
		viaBounded := and(res.bounded.t, bnd.t, sess.t)
		core = or(viaIAM, res.direct.t, viaBounded)
		switch {
		case viaIAM == yes:
			used = [4]allowed{id, bnd, sess}
			usedLayers = [4]Layer{LayerIdentity, LayerBoundary, LayerSession}
			if l.ResourceRequired {
				used[3], usedLayers[3] = res.account, LayerResource
			}
		case res.direct.t == yes:
			used[0], usedLayers[0] = res.direct, LayerResource
		case viaBounded == yes:
			used = [4]allowed{res.bounded, bnd, sess}
			usedLayers = [4]Layer{LayerResource, LayerBoundary, LayerSession}
		}
		anyRes := or(res.account.t, res.bounded.t, res.direct.t)
		switch {
		case l.ResourceRequired && anyRes == no:
			culprit = LayerResource
		case l.ResourceRequired && res.account.t != no && id.t == no && res.bounded.t == no:
			culprit = LayerIdentity
		case !l.ResourceRequired && id.t == no && bnd.t != no && sess.t != no:
			culprit = LayerIdentity
		case bnd.t == no:
			culprit = LayerBoundary
		case sess.t == no:
			culprit = LayerSession
		default:
			culprit = LayerIdentity
		}
	}

	final := core
	deniedBy := culprit
	gatesAllow := yes
	for i := len(gates) - 1; i >= 0; i-- {
		if gates[i].a.t == no {
			deniedBy = gates[i].layer
		}
		gatesAllow = min(gatesAllow, gates[i].a.t)
	}
	final = min(final, gatesAllow)
	// KMS-DG "Grants in AWS KMS": a grant is one more way to allow, next
	// to the key policy and IAM policies, that no policy here shows. It
	// cannot lift a deny by an SCP, RCP or endpoint policy.
	var grants string
	if l.KeyGrantsUnknown && l.ResourceRequired && !service && core == no && gatesAllow != no &&
		len(e.req.Action) > 4 && strings.EqualFold(e.req.Action[:4], "kms:") {
		grants = fmt.Sprintf("kms:ListGrants for %s: a grant can allow %s where the key policy and IAM policies do not", e.req.Resource, e.req.Action)
		final = maybe
	}
	if len(l.Unresolved) > 0 {
		missing := make([]string, 0, len(l.Unresolved)+len(e.unknownDeny)+len(e.unknownAllow))
		for _, u := range l.Unresolved {
			missing = append(missing, fmt.Sprintf("policy %q: document not in the input", u))
		}
		missing = append(missing, e.unknownDeny...)
		missing = append(missing, e.unknownAllow...)
		return Decision{Effect: Unknown, Missing: dedupe(missing)}
	}

	switch final {
	case no:
		return Decision{
			Effect:   ImplicitDeny,
			Reason:   "because no " + string(deniedBy) + " allows the " + e.req.Action + " action",
			DeniedBy: deniedBy,
		}
	case maybe:
		missing := append(append([]string(nil), e.unknownAllow...), e.unknownDeny...)
		if grants != "" {
			missing = append(missing, grants)
		}
		return Decision{Effect: Unknown, Missing: dedupe(missing)}
	}
	if len(e.unknownDeny) > 0 {
		// A Deny that might apply: the request cannot be called allowed.
		return Decision{Effect: Unknown, Missing: dedupe(append([]string(nil), e.unknownDeny...))}
	}

	deciding := make([]Match, 0, len(gates)+len(used))
	for _, g := range gates {
		deciding = append(deciding, g.a.match)
	}
	for i, a := range used {
		// Skip empty slots, and the boundary and session policies when
		// there are none: they allowed by default, with nothing to cite.
		if usedLayers[i] == "" || usedLayers[i] == LayerBoundary && !e.boundary || usedLayers[i] == LayerSession && !e.session {
			continue
		}
		deciding = append(deciding, a.match)
	}
	return Decision{Effect: Allow, Deciding: deciding}
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
		case policy.GrantDirect:
			r.direct.add(o, m)
		case policy.GrantAccount:
			r.account.add(o, m)
		case policy.GrantService:
			// Only a service caller is named this way; r.any covers it.
		default:
			// GrantRole, GrantAnyone, or no Principal element. IAM-UG "Policy
			// evaluation logic": the boundary limits what a resource policy
			// grants to the role ARN; we treat "*" the same, the reading
			// that never turns a deny into an allow.
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

func dedupe(ss []string) []string {
	out := ss[:0]
	for i, s := range ss {
		dup := false
		for _, t := range ss[:i] {
			if t == s {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, s)
		}
	}
	return out
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
}

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
	case strings.EqualFold(key, "kms:CallerAccount") && len(c.req.Action) > 4 && strings.EqualFold(c.req.Action[:4], "kms:"):
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
