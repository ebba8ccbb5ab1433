package taskstart

import "github.com/ecs-preflight/ecs-preflight/netpath"

// ctxKeys is the most keys requestContext sets itself.
const ctxKeys = 11

// requestContext builds the condition keys of one start-phase call, in one
// place. IAM-UG "AWS global condition context keys" says which keys exist:
//
//   - aws:PrincipalArn, aws:PrincipalAccount, aws:PrincipalType and
//     aws:userid are always present for a role session; aws:userid is
//     "ROLEID:SESSION" and the session name is the task id.
//   - aws:PrincipalOrgID is the organization of the role's account, when
//     the input knows it (DescribeOrganization, or the organization id in
//     a policy ARN) and the role is in the input's account; otherwise it is
//     left out. aws:PrincipalIsAWSService is "false": the caller is a role
//     session, not a service principal (the key is in every signed
//     request).
//   - aws:SecureTransport is "true": every platform call is HTTPS.
//   - aws:RequestedRegion is the region of the endpoint called.
//   - aws:ResourceAccount is the account owning the resource.
//   - aws:SourceVpc and aws:SourceVpce are present only when the call goes
//     through a VPC endpoint (IAM-UG "VPC condition keys"), and never on
//     ecr:GetAuthorizationToken (ECS-DG "Amazon ECS task execution IAM role").
//   - aws:SourceIp (the public address of a call over the internet) is not
//     known before the task runs and is left out: a policy that tests it is
//     evaluated as if the key were absent. [assumption]
//   - aws:CurrentTime and aws:EpochTime are left out so that answers do not
//     change with the clock. [assumption]
func (s *sim) requestContext(c call, n need, p *principal, net netAnswer) map[string][]string {
	// The context is built for each of the thousands of evaluations of a
	// bulk run: the task's one map is reused (iam.Evaluate keeps nothing of
	// it), and every one-value list is a slot of one array (capped, so an
	// append copies). When the keys are those of the last evaluation, in
	// the same order, the map already points at the slots and only the
	// values are written.
	var kv [ctxKeys][2]string
	cnt := 0
	set := func(k, v string) {
		kv[cnt] = [2]string{k, v}
		cnt++
	}
	set("aws:PrincipalArn", p.roleARN)
	set("aws:PrincipalAccount", p.account)
	set("aws:PrincipalType", "AssumedRole")
	set("aws:SecureTransport", "true")
	if s.w.OrganizationID != "" && p.account == s.w.AccountID {
		set("aws:PrincipalOrgID", s.w.OrganizationID)
	}
	set("aws:PrincipalIsAWSService", "false")
	if p.role != nil && p.role.RoleId != "" {
		if p.userid == "" {
			p.userid = p.role.RoleId + ":" + p.session
		}
		set("aws:userid", p.userid)
	}
	// A region or account the input does not pin is a stand-in, never
	// left out: an absent key would match a negated condition.
	region := s.region()
	if c.target != nil && c.target.Region != "" {
		region = c.target.Region
	}
	set("aws:RequestedRegion", region)
	acct := n.account
	if acct == "" {
		acct = s.account()
	}
	set("aws:ResourceAccount", acct)
	if net.res.Via == netpath.ViaVPCE && !c.noVPCKeys {
		if net.res.SourceVpce != "" {
			set("aws:SourceVpce", net.res.SourceVpce)
		}
		if net.res.SourceVpc != "" {
			set("aws:SourceVpc", net.res.SourceVpc)
		}
	}
	ctx := s.reqCtx
	if len(n.context) == 0 && ctx != nil && s.reqKeys == cnt && s.sameKeys(kv[:cnt]) {
		for i := range cnt {
			s.reqVals[i] = kv[i][1]
		}
		return ctx
	}
	if ctx == nil {
		ctx = make(map[string][]string, ctxKeys+len(n.context))
		s.reqCtx = ctx
		s.reqVals = make([]string, ctxKeys)
	}
	clear(ctx)
	for i := range cnt {
		s.reqVals[i] = kv[i][1]
		s.reqKeyList[i] = kv[i][0]
		ctx[kv[i][0]] = s.reqVals[i : i+1 : i+1]
	}
	s.reqKeys = cnt
	if len(n.context) > 0 {
		// Keys of the call's own: the next evaluation fills the map anew.
		s.reqKeys = -1
		for k, v := range n.context {
			ctx[k] = v
		}
	}
	return ctx
}

// sameKeys reports whether kv has the keys the last evaluation put in
// reqCtx, in the same order: reqCtx then maps each to its slot of reqVals.
func (s *sim) sameKeys(kv [][2]string) bool {
	for i, p := range kv {
		if s.reqKeyList[i] != p[0] {
			return false
		}
	}
	return true
}
