package taskstart

import (
	"strings"

	"github.com/ecs-preflight/ecs-preflight/iam"
	"github.com/ecs-preflight/ecs-preflight/imageref"
	"github.com/ecs-preflight/ecs-preflight/world"
)

// ecsTasksPrincipal is the service that assumes task execution roles
// (ECS-DG "Amazon ECS task execution IAM role").
const ecsTasksPrincipal = "ecs-tasks.amazonaws.com"

// executionRoleNeeded says why the task needs an execution role, or "".
// ECS-DG "Amazon ECS task execution IAM role": ECR private images and
// awslogs when the task "is hosted on AWS Fargate, Amazon ECS Managed
// Instances, or an external instance"; private registry credentials,
// secrets and environment files anywhere. (The page's table in ECS-DG "IAM
// roles for Amazon ECS" still names Fargate and external instances only;
// the role page, which names Managed Instances, is followed.)
func (s *sim) executionRoleNeeded() string {
	for _, c := range s.td.ContainerDefinitions {
		switch {
		case c.RepositoryCredentials != nil:
			return "container " + c.Name + " uses repositoryCredentials"
		case len(c.Secrets) > 0:
			return "container " + c.Name + " has secrets"
		case len(c.EnvironmentFiles) > 0:
			return "container " + c.Name + " has environmentFiles"
		case c.LogConfiguration != nil && len(c.LogConfiguration.SecretOptions) > 0:
			return "container " + c.Name + " has log secretOptions"
		}
		if s.launchType == launchFargate || s.launchType == launchExternal || s.launchType == launchManagedInstances {
			if c.LogConfiguration != nil && c.LogConfiguration.LogDriver == "awslogs" {
				return "container " + c.Name + " uses awslogs"
			}
			if ref, err := s.parseImage(c.Image); err == nil && ref.Kind == imageref.ECRPrivate {
				return "container " + c.Name + " pulls from Amazon ECR"
			}
		}
	}
	return ""
}

// executionRoleStep checks that the execution role exists and that ECS may
// assume it.
func (s *sim) executionRoleStep() {
	td := s.td
	loc, origin := s.locate(td.Origin)
	st := Step{Step: StepExecutionRole, RuleID: "EPF-ROLE-TRUST", Location: loc, Origin: origin}
	if v, ok := td.Unknown["executionRoleArn"]; ok {
		// A role the input cannot resolve is a role all the same: every
		// call that needs it is evaluated with the policies the input
		// attaches to its stand-in, and is unknown unless one of them, or
		// an organization policy, denies (world/unresolved.go).
		roleARN := td.ExecutionRoleArn
		if roleARN == "" {
			roleARN = world.Unresolved(v)
		}
		s.exec = s.resolvePrincipal(roleARN, taskIDPlaceholder)
		st.Status, st.Missing = Unknown, []string{v}
		st.IAM = &IAMEvidence{Action: "sts:AssumeRole", Resource: roleARN, Decision: iam.Unknown}
		if len(s.exec.names) > 0 {
			st.Evidence = append(st.Evidence, "identity policies the input attaches to it: "+strings.Join(s.exec.names, ", "))
		}
		st.Summary = "execution role: cannot decide"
		s.steps = append(s.steps, st)
		return
	}
	why := s.executionRoleNeeded()
	if td.ExecutionRoleArn == "" {
		st.Status = OK
		st.Summary = "no execution role, none needed"
		if s.launchType == "EC2" && s.instanceUse() != "" {
			// ECS-DG "Amazon ECS task execution IAM role": on EC2 the
			// container instance role serves ECR pulls and awslogs.
			st.Summary = "no execution role: the container instance role is used to " + s.instanceUse()
		}
		if s.launchType == "" && why == "" && s.instanceUse() != "" {
			// On EC2 the container instance role would serve; on Managed
			// Instances the execution role is needed (ECS-DG "Amazon ECS
			// task execution IAM role").
			st.Status, st.Missing = Unknown, []string{s.launchMissing + " (without an execution role a task can " + s.instanceUse() + " on EC2 only)"}
			st.Summary = "no execution role: cannot decide whether one is needed"
		}
		if img := s.unresolvedImage(); why == "" && img != "" && s.launchType != "EC2" {
			// An image known only after deploy may be in Amazon ECR, which
			// needs the role here.
			st.Status = Unknown
			if s.launchType == "" {
				if len(st.Missing) == 0 {
					st.Missing = []string{s.launchMissing}
				}
				st.Missing = append(st.Missing, "whether image "+img+" is in Amazon ECR (a private ECR image needs an execution role unless the task runs on EC2)")
			} else {
				st.Missing = []string{"whether image " + img + " is in Amazon ECR (a private ECR image needs an execution role on " + s.launchType + ")"}
			}
			st.Summary = "no execution role: cannot decide whether one is needed"
		}
		if why != "" {
			st.Status = Fail
			st.Summary = "no execution role, but " + why
			// [reported messages]: no public text quotes this case.
			st.StoppedReason = resourceInit + "execution resource retrieval failed: the task definition has no execution role"
			st.Fix = "set executionRoleArn to a role that trusts " + ecsTasksPrincipal + " with AmazonECSTaskExecutionRolePolicy attached"
		}
		s.steps = append(s.steps, st)
		return
	}
	p := s.resolvePrincipal(td.ExecutionRoleArn, taskIDPlaceholder)
	s.exec = p
	st.IAM = &IAMEvidence{Action: "sts:AssumeRole", Resource: p.roleARN}
	switch {
	case p.absent:
		st.Status, st.IAM.Decision = Fail, iam.ImplicitDeny
		st.StoppedReason = trustReason(p.roleARN)
		st.Summary = "execution role " + p.roleName + " does not exist"
		st.Fix = "create role " + p.roleName + " trusting " + ecsTasksPrincipal + ", or point executionRoleArn at an existing role"
		s.steps = append(s.steps, st)
		return
	case p.role == nil:
		st.Status, st.IAM.Decision = Unknown, iam.Unknown
		st.Missing = []string{p.missing}
		st.Summary = "execution role " + p.roleName + ": cannot decide"
		s.steps = append(s.steps, st)
		return
	}
	if loc, origin := s.locate(p.role.Origin); loc != "" {
		st.Location, st.Origin = loc, origin
	}
	st.Evidence = append(st.Evidence, "identity policies: "+strings.Join(p.names, ", "))
	switch {
	case s.w.SCPs == nil && s.w.RCPs == nil:
		st.Assumptions = append(st.Assumptions, s.orgAssumption(true))
	case s.w.SCPs == nil:
		st.Assumptions = append(st.Assumptions, s.orgAssumption(false))
	case p.layers.ManagementAccount:
		st.Evidence = append(st.Evidence, "service control policies: none apply, account "+p.account+" is the organization's management account")
	default:
		st.Evidence = append(st.Evidence, "service control policies: "+describePath(s.w.SCPs))
	}
	if s.w.RCPs != nil {
		st.Evidence = append(st.Evidence, "resource control policies (on this account's resources): "+describePath(s.w.RCPs))
	}
	trust, err := s.cache.parse(p.roleName+" trust policy", p.role.AssumeRolePolicyDocument)
	if p.role.AssumeRolePolicyDocument == "" || err != nil {
		st.Status, st.IAM.Decision = Unknown, iam.Unknown
		switch v, ok := p.role.Unknown["AssumeRolePolicyDocument"]; {
		case ok:
			st.Missing = []string{"the trust policy of role " + p.roleName + ": " + v}
		case err != nil:
			st.Missing = []string{err.Error()}
		default:
			st.Missing = []string{"the trust policy (AssumeRolePolicyDocument) of role " + p.roleName}
		}
		st.Summary = "execution role trust: cannot decide"
		s.steps = append(s.steps, st)
		return
	}
	req := iam.Request{
		Principal: iam.Principal{Service: ecsTasksPrincipal},
		Action:    "sts:AssumeRole",
		Resource:  p.roleARN,
		Context:   s.trustContext(),
	}
	dec := s.evaluate(req, iam.Layers{Resource: trust, ResourceRequired: true})
	st.IAM.Decision = dec.Effect
	if len(dec.Deciding) > 0 {
		st.IAM.Policy, st.IAM.Statement = dec.Deciding[0].Policy, dec.Deciding[0].Statement
	}
	switch dec.Effect {
	case iam.Allow:
		st.Status = OK
		st.Summary = ecsTasksPrincipal + " may assume execution role " + p.roleName
	case iam.Unknown:
		st.Status = Unknown
		st.Missing = dec.Missing
		st.Summary = "execution role trust: cannot decide"
	default:
		st.Status = Fail
		st.StoppedReason = trustReason(p.roleARN)
		st.Summary = "the trust policy of " + p.roleName + " does not let " + ecsTasksPrincipal + " assume it"
		st.FixLocation = fixAt(p.role.Origin, "role "+p.roleName)
		st.Fix = "add to the trust policy of role " + p.roleName + ` the statement {"Effect":"Allow","Principal":{"Service":"` + ecsTasksPrincipal + `"},"Action":"sts:AssumeRole"}`
		if dec.Effect == iam.ExplicitDeny && len(dec.Deciding) > 0 {
			st.Fix = "remove or narrow the Deny statement " + dec.Deciding[0].Statement + " in the trust policy of role " + p.roleName
		}
	}
	s.steps = append(s.steps, st)
}

// trustContext is the request context of ECS assuming the execution role.
// IAM-UG "aws:SourceAccount" / "aws:SourceArn" (confused deputy
// prevention): ECS sends the account and an ECS ARN in it. Which ECS ARN
// (task or cluster) is not documented; the task ARN in the service's
// cluster is used, so ArnLike "arn:aws:ecs:REGION:ACCOUNT:*" matches.
// [assumption]
func (s *sim) trustContext() map[string][]string {
	cluster := "default"
	if s.svc != nil && s.svc.ClusterArn != "" {
		cluster = lastSegment(s.svc.ClusterArn)
	}
	// The context depends on the world and the cluster only; the tasks of
	// a run share it (iam.Evaluate only reads it).
	c := s.cache
	c.mu.Lock()
	ctx, ok := c.trust[cluster]
	c.mu.Unlock()
	if ok {
		return ctx
	}
	// An account or region the input does not pin is a stand-in: left
	// out, the keys would fail a trust policy's confused-deputy condition.
	acct := s.account()
	ctx = map[string][]string{"aws:SecureTransport": {"true"}}
	ctx["aws:SourceAccount"] = []string{acct}
	ctx["aws:SourceArn"] = []string{"arn:" + partitionOr(s.w.Partition) + ":ecs:" + s.region() + ":" + acct + ":task/" + cluster + "/" + taskIDPlaceholder}
	c.mu.Lock()
	c.trust[cluster] = ctx
	c.mu.Unlock()
	return ctx
}

// describePath names an organization policy path level by level, root
// first: "r-abcd (FullAWSAccess); ou-abcd-11111111 (FullAWSAccess,
// DenySecrets); 111122223333 (FullAWSAccess, missing organizations:...)".
func describePath(path *world.PolicyPath) string {
	levels := make([]string, 0, len(path.Levels))
	for _, l := range path.Levels {
		var parts []string
		for _, np := range l.Policies {
			parts = append(parts, np.Name)
		}
		for _, m := range l.Missing {
			parts = append(parts, "missing "+m)
		}
		target := l.Target
		if target == "" {
			target = "an unknown level"
		}
		levels = append(levels, target+" ("+strings.Join(parts, ", ")+")")
	}
	return strings.Join(levels, "; ")
}
