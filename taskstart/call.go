package taskstart

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/ecs-preflight/ecs-preflight/iam"
	"github.com/ecs-preflight/ecs-preflight/netpath"
	"github.com/ecs-preflight/ecs-preflight/world"
)

// need is one IAM permission a platform call requires.
type need struct {
	action   string
	resource string
	// account owns the resource; "" means the task's account.
	account string
	// res is the resource-based policy that applies, if any.
	res *resourcePolicy
	// principal overrides the execution role (the S3 layer download is
	// authorized by ECR's presigned URL, not the role).
	principal *principal
	// context adds service-specific condition keys (kms:ViaService, ...).
	context map[string][]string
	// via overrides the host the permission is asked of: the layer URL is
	// asked of ecr.dkr while the bytes come from S3.
	via *netpath.Target
	// awsManagedKey marks kms:Decrypt with an AWS managed key: RCPs do not
	// apply to it (AWS Organizations "Resource control policies (RCPs)"; see
	// awsManagedKeyDecrypt).
	awsManagedKey bool
}

// resourcePolicy is a resource's policy and how it takes part.
type resourcePolicy struct {
	// what names it for fixes: "the repository policy of my-app".
	what string
	pol  *iam.Policy
	// required is true for key policies: the key policy must allow, itself
	// or by delegating to IAM through the account principal.
	required bool
	// missing is set when the policy decides but is not in the input.
	missing string
	// omitResource is true for policies whose statements name no resource
	// (repository policies: the repository is the resource).
	omitResource bool
	// origin is where the resource that holds the policy is declared.
	origin world.Origin
	// assumed is the assumption a default policy rests on (WithAssumedDefaults).
	assumed string
}

// call is one platform call of the start phase.
type call struct {
	container string
	step      StepKind
	subject   string
	ruleID    string
	kind      callKind
	needs     []need
	// target is the host called over the task ENI; nil when the call does
	// not leave from the task ENI (KMS decryption by Secrets Manager).
	target *netpath.Target
	// noVPCKeys drops aws:SourceVpc/aws:SourceVpce from the context even
	// through an endpoint: ECS-DG "Amazon ECS task execution IAM role" says
	// ecr:GetAuthorizationToken never carries them.
	noVPCKeys   bool
	origin      world.Origin // where the container (or thing called for) is declared
	assumptions []string
	// what describes the call for summaries: "get an ECR authorization token".
	what string
	// ref is the image reference or secret for stoppedReason texts.
	ref string
}

// checkOne evaluates one call for the current placement: network first (a
// call that cannot leave never reaches IAM), then every permission it
// needs; both are reported.
func (s *sim) checkOne(c call) Step {
	loc, origin := s.locate(c.origin)
	st := Step{
		Container:   c.container,
		Step:        c.step,
		Status:      OK,
		Subject:     c.subject,
		RuleID:      c.ruleID,
		Location:    loc,
		Origin:      origin,
		Assumptions: append([]string(nil), c.assumptions...),
	}
	var fixes []string

	net := s.reach(c.target)
	if c.target != nil {
		st.Network = &NetworkEvidence{
			Service:  serviceName(c.target),
			Host:     c.target.Host,
			Via:      net.res.Via,
			Subnet:   net.subnet,
			Endpoint: net.res.EndpointID,
		}
		// Sized once: the path, then a line per permission.
		if n := len(net.res.Path) + len(c.needs); n > 0 {
			st.Evidence = make([]string, 0, n)
		}
		st.Evidence = append(st.Evidence, net.res.Path...)
		st.Warnings = append(st.Warnings, net.res.Warnings...)
		st.Assumptions = append(st.Assumptions, net.res.Assumptions...)
		if net.assumption != "" {
			st.Assumptions = append(st.Assumptions, net.assumption)
		}
		if s.w.HostedZonesNote != "" {
			// As for an input without private hosted zones (docs/snapshot.md
			// "Completeness rules"), saying why none were read.
			st.Assumptions = append(st.Assumptions, "no private hosted zone of the task VPC covers "+c.target.Host+" ("+s.w.HostedZonesNote+")")
		}
		switch net.res.Status {
		case netpath.Blocked:
			st.Status = Fail
			if len(net.res.Blocks) > 0 {
				st.Network.BlockedBy = net.res.Blocks[0].Kind
				st.FixLocation = s.blockLocation(net.res.Blocks[0])
			}
			for _, b := range net.res.Blocks {
				st.Evidence = append(st.Evidence, fmt.Sprintf("blocked by %s %s: %s", b.Kind, b.Resource, b.Detail))
				if b.Fix != "" {
					fixes = append(fixes, b.Fix)
				}
			}
			st.StoppedReason = networkReason(c, net)
		case netpath.Unknown:
			st.Status = Unknown
			st.Missing = append(st.Missing, net.res.Missing...)
			if net.missing != "" {
				st.Missing = append(st.Missing, net.missing)
			}
		}
	}

	endpointPol, epMissing := s.endpointPolicy(net)
	if epMissing != "" {
		st.Status = worse(st.Status, Unknown)
		st.Missing = append(st.Missing, epMissing)
	}

	// shown is the evidence the step names (shownSet: there is one); it is
	// moved to the heap once, at the end, not once per permission.
	var shown IAMEvidence
	shownSet := false
	for _, n := range c.needs {
		p := s.exec
		if p == nil && s.agentCredentials(c) {
			p = s.instance
		}
		if n.principal != nil {
			p = n.principal
		}
		nn, ep := net, endpointPol
		if n.via != nil {
			nn = s.reach(n.via)
			var miss string
			if ep, miss = s.endpointPolicy(nn); miss != "" {
				st.Status = worse(st.Status, Unknown)
				st.Missing = append(st.Missing, miss)
			}
		}
		if n.res != nil {
			addAssumption(&st, n.res.assumed)
		}
		dec, ev := s.decide(c, n, p, nn, ep)
		st.Evidence = append(st.Evidence, s.describeDecision(&ev, dec))
		switch dec.Effect {
		case iam.Allow:
			if !shownSet {
				shown, shownSet = ev, true
			}
		case iam.Unknown:
			st.Status = worse(st.Status, Unknown)
			st.Missing = append(st.Missing, dec.Missing...)
			if !shownSet || shown.Decision == iam.Allow {
				shown, shownSet = ev, true
			}
		default:
			if st.Status != Fail || st.StoppedReason == "" {
				st.StoppedReason = iamReason(c, n, p, dec)
			}
			st.Status = Fail
			if dec.DeniedBy == iam.LayerEndpoint && st.Network != nil {
				st.Network.BlockedBy = netpath.BlockEndpointPolicy
			}
			fixes = append(fixes, s.iamFix(n, p, dec, nn))
			if st.FixLocation == nil {
				st.FixLocation = s.denyLocation(n, p, dec, nn)
			}
			if !shownSet || shown.Decision == iam.Allow || shown.Decision == iam.Unknown {
				shown, shownSet = ev, true
			}
		}
	}
	if shownSet {
		st.IAM = &shown
	}
	if st.Status == OK && len(st.Warnings) > 0 {
		st.Status = Warn
	}
	if st.Status == Fail {
		st.Fix = strings.Join(dedupe(fixes), "; and ")
		st.Missing = nil
	}
	st.Missing = dedupe(st.Missing)
	st.Summary = summarize(c, st)
	return st
}

// netAnswer is the network answer for a call, over every subnet the task
// can land in.
type netAnswer struct {
	res        netpath.Result
	subnet     string
	missing    string
	assumption string
}

// reach answers for the worst subnet: a service whose tasks land in any of
// its subnets fails if one subnet has no path.
func (s *sim) reach(t *netpath.Target) netAnswer {
	if t == nil {
		return netAnswer{res: netpath.Result{Status: netpath.Reachable}}
	}
	if len(s.enis) == 0 {
		return netAnswer{res: netpath.Result{Status: netpath.Unknown, Via: netpath.ViaUnknown}, missing: s.netMissing}
	}
	if world.IsUnresolved(t.Host) || world.IsUnresolved(t.Region) {
		// Which endpoint serves a host depends on its region.
		return netAnswer{res: netpath.Result{Status: netpath.Unknown, Via: netpath.ViaUnknown}, missing: "the region of host " + t.Host}
	}
	var best netAnswer
	if s.publicUnknown == "" && s.reaches != nil {
		best = s.reaches.best(s.enis, *t, s.local)
	} else {
		best = s.bestENI(t)
	}
	if s.netAssume != "" {
		// Before PV 1.4.0 the task ENI is not the path: its answer does not
		// decide, and nothing documented does.
		best.assumption = s.netAssume
		if best.res.Status != netpath.Reachable {
			best.res.Status = netpath.Unknown
			best.missing = "the reachability of the AWS-managed interface used by platform version " + s.pv
		}
	}
	return best
}

// bestENI is the answer for the worst of the task's ENIs.
func (s *sim) bestENI(t *netpath.Target) netAnswer {
	var best netAnswer
	for i, eni := range s.enis {
		r := s.reachENI(eni, *t)
		if s.publicUnknown != "" {
			// assignPublicIp is not resolved: it decides only if the path
			// depends on it.
			eni.AssignPublicIP = !eni.AssignPublicIP
			if other := s.reachENI(eni, *t); other.Status != r.Status {
				r = netpath.Result{Status: netpath.Unknown, Via: netpath.ViaUnknown,
					Missing: []string{"assignPublicIp of service " + s.svc.ServiceName + ": " + s.publicUnknown}}
			}
		}
		if i == 0 || netRank(r.Status) > netRank(best.res.Status) {
			best = netAnswer{res: r, subnet: eni.SubnetID}
		}
	}
	return best
}

func netRank(s netpath.Status) int {
	switch s {
	case netpath.Blocked:
		return 2
	case netpath.Unknown:
		return 1
	}
	return 0
}

// endpointPolicy returns the policy of the VPC endpoint the call goes
// through; nil for the default full-access policy or no endpoint.
func (s *sim) endpointPolicy(net netAnswer) (*iam.Policy, string) {
	if net.res.Via != netpath.ViaVPCE || net.res.EndpointID == "" {
		return nil, ""
	}
	// The answer depends on the world and the endpoint only: once per run.
	if s.local != nil {
		if a, ok := s.local.endpoints[net.res.EndpointID]; ok {
			return a.pol, a.missing
		}
	}
	c := s.cache
	c.mu.Lock()
	a, ok := c.endpoints[net.res.EndpointID]
	c.mu.Unlock()
	if !ok {
		a.pol, a.missing = s.lookupEndpointPolicy(net.res.EndpointID)
		c.mu.Lock()
		c.endpoints[net.res.EndpointID] = a
		c.mu.Unlock()
	}
	if s.local != nil {
		s.local.endpoints[net.res.EndpointID] = a
	}
	return a.pol, a.missing
}

// lookupEndpointPolicy is endpointPolicy without the cache.
func (s *sim) lookupEndpointPolicy(id string) (*iam.Policy, string) {
	ep := s.w.VPCEndpoints.Get(id)
	if ep == nil || ep.PolicyDocument == "" {
		return nil, ""
	}
	if v, ok := ep.Unknown["PolicyDocument"]; ok {
		return nil, v
	}
	pol, err := s.cache.parse("endpoint policy of "+ep.VpcEndpointId, ep.PolicyDocument)
	if err != nil {
		return nil, err.Error()
	}
	return pol, ""
}

// decide evaluates one permission for the principal with the context the
// network path gives it.
func (s *sim) decide(c call, n need, p *principal, net netAnswer, endpoint *iam.Policy) (iam.Decision, IAMEvidence) {
	ev := IAMEvidence{Action: n.action, Resource: n.resource}
	if p == nil {
		dec := iam.Decision{Effect: iam.ImplicitDeny, DeniedBy: iam.LayerIdentity,
			Reason: "because the task definition has no execution role"}
		ev.Decision = dec.Effect
		return dec, ev
	}
	layers := p.layers
	layers.Endpoint = endpoint
	if n.res != nil {
		if n.res.missing != "" {
			layers.UnresolvedPolicies = append(slices.Clip(layers.UnresolvedPolicies), iam.UnresolvedPolicy{Name: n.res.missing, Layer: iam.LayerResource})
		}
		layers.Resource = n.res.pol
		layers.ResourceRequired = n.res.required
	}
	if !n.awsManagedKey {
		s.resourceControl(n, &layers)
	}
	req := iam.Request{
		Principal:       iam.Principal{ARN: p.sessionARN, RoleARN: p.roleARN, AccountID: p.account},
		Action:          n.action,
		Resource:        n.resource,
		ResourceAccount: n.account,
		Context:         s.requestContext(c, n, p, net),
	}
	dec := s.evaluate(req, layers)
	ev.Decision = dec.Effect
	if len(dec.Deciding) > 0 {
		ev.Policy = dec.Deciding[0].Policy
		ev.Statement = dec.Deciding[0].Statement
	}
	return dec, ev
}

// evaluate is iam.Evaluate with the task's buffer for the deciding
// statements: each decision is read, and its evidence written, before the
// next evaluation, so one array serves them all.
func (s *sim) evaluate(req iam.Request, l iam.Layers) iam.Decision {
	if s.matches == nil {
		s.matches = make([]iam.Match, 0, 8)
	}
	dec := iam.EvaluateInto(req, l, s.matches)
	if cap(dec.Deciding) > cap(s.matches) {
		s.matches = dec.Deciding[:0]
	}
	return dec
}

// describeDecision is the evidence line of an evaluation.
func describeDecision(ev *IAMEvidence, dec iam.Decision) string {
	return string(appendDecision(make([]byte, 0, 160), ev, dec))
}

// describeDecision is the package's describeDecision built in the task's
// reused buffer: the string is then the one allocation.
func (s *sim) describeDecision(ev *IAMEvidence, dec iam.Decision) string {
	s.descBuf = appendDecision(s.descBuf[:0], ev, dec)
	return string(s.descBuf)
}

// appendDecision appends the evidence line of an evaluation to b.
func appendDecision(b []byte, ev *IAMEvidence, dec iam.Decision) []byte {
	// Appended rather than formatted (the same bytes: %q is
	// strconv.Quote): every evaluation of a bulk run is described.
	b = append(b, ev.Action...)
	b = append(b, " on "...)
	b = append(b, ev.Resource...)
	b = append(b, ": "...)
	b = append(b, dec.Effect...)
	for _, m := range dec.Deciding {
		b = append(b, "; "...)
		b = append(b, m.Layer...)
		b = append(b, ' ')
		b = appendQuote(b, m.Policy)
		b = append(b, " statement "...)
		b = append(b, m.Statement...)
		b = append(b, " ("...)
		b = append(b, m.Effect...)
		b = append(b, ')')
	}
	if dec.Reason != "" {
		b = append(b, " — "...)
		b = append(b, dec.Reason...)
	}
	if dec.Note != "" {
		b = append(b, " ("...)
		b = append(b, dec.Note...)
		b = append(b, ')')
	}
	return b
}

// appendQuote is strconv.AppendQuote with a shortcut for the usual policy
// name, printable ASCII without a quote or backslash, which Quote leaves as
// it is between the quotes.
func appendQuote(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < ' ' || c > '~' || c == '"' || c == '\\' {
			return strconv.AppendQuote(b, s)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

func serviceName(t *netpath.Target) string {
	if t.Service == "" {
		return "registry"
	}
	return t.Service
}

// dedupe drops empty and repeated strings, keeping the first of each in
// its place: the order is the order the simulation found them in.
func dedupe(xs []string) []string {
	var out []string
	for _, x := range xs {
		if x != "" && !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}
