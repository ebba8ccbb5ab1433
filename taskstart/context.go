package taskstart

import "github.com/ecs-preflight/ecs-preflight/netpath"

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
	ctx := map[string][]string{
		"aws:PrincipalArn":     {p.roleARN},
		"aws:PrincipalAccount": {p.account},
		"aws:PrincipalType":    {"AssumedRole"},
		"aws:SecureTransport":  {"true"},
	}
	if s.w.OrganizationID != "" && p.account == s.w.AccountID {
		ctx["aws:PrincipalOrgID"] = []string{s.w.OrganizationID}
	}
	ctx["aws:PrincipalIsAWSService"] = []string{"false"}
	if p.role != nil && p.role.RoleId != "" {
		ctx["aws:userid"] = []string{p.role.RoleId + ":" + p.session}
	}
	// A region or account the input does not pin is a stand-in, never
	// left out: an absent key would match a negated condition.
	region := s.region()
	if c.target != nil && c.target.Region != "" {
		region = c.target.Region
	}
	ctx["aws:RequestedRegion"] = []string{region}
	acct := n.account
	if acct == "" {
		acct = s.account()
	}
	ctx["aws:ResourceAccount"] = []string{acct}
	if net.res.Via == netpath.ViaVPCE && !c.noVPCKeys {
		if net.res.SourceVpce != "" {
			ctx["aws:SourceVpce"] = []string{net.res.SourceVpce}
		}
		if net.res.SourceVpc != "" {
			ctx["aws:SourceVpc"] = []string{net.res.SourceVpc}
		}
	}
	for k, v := range n.context {
		ctx[k] = v
	}
	return ctx
}
