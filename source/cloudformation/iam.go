package cloudformation

import (
	"github.com/ecs-preflight/ecs-preflight/world"
)

// role reads AWS::IAM::Role. The template states every policy of a role it
// creates (inline Policies, ManagedPolicyArns, PermissionsBoundary, and
// AWS::IAM::Policy resources that name it), so the lists are known.
func (l *loader) role(r *resource, p obj) error {
	name, err := l.name(r)
	if err != nil {
		return err
	}
	arn, _, err := l.attr(r, "Arn")
	if err != nil {
		return err
	}
	path, err := p.strOr("Path", "/")
	if err != nil {
		return err
	}
	role := &world.Role{RoleName: name, Arn: arn, Path: path, AttachedKnown: true, InlineKnown: true, BoundaryKnown: true, Origin: l.origin(r)}
	doc, unknown, _, err := p.policy("AssumeRolePolicyDocument")
	if err != nil {
		return err
	}
	role.AssumeRolePolicyDocument = doc
	if unknown != "" {
		role.Unknown = map[string]string{"AssumeRolePolicyDocument": unknown}
	}
	if role.PermissionsBoundaryArn, err = p.strOr("PermissionsBoundary", ""); err != nil {
		return err
	}
	arns, err := p.strs("ManagedPolicyArns")
	if err != nil {
		return err
	}
	for _, a := range arns {
		role.AttachedPolicies = append(role.AttachedPolicies, world.AttachedPolicy{PolicyName: lastSegment(a), PolicyArn: a})
	}
	pols, whole, err := p.list("Policies")
	if err != nil {
		return err
	}
	if whole.k != vNull {
		role.InlinePolicies = append(role.InlinePolicies, world.InlinePolicy{PolicyName: "Policies", Unknown: l.unknownMsg(r.id+".Policies", whole), Origin: l.origin(r)})
	}
	for _, pol := range pols {
		ip, err := l.inline(r, pol)
		if err != nil {
			return err
		}
		role.InlinePolicies = append(role.InlinePolicies, ip)
	}
	l.w.Roles.Put(arn, role)
	l.roleByName[name] = role
	l.roleByID[r.id] = role
	return nil
}

func (l *loader) inline(r *resource, p obj) (world.InlinePolicy, error) {
	if x, ok := p.unres(); ok {
		return world.InlinePolicy{PolicyName: "?", Unknown: l.unknownMsg(p.path, x), Origin: l.origin(r)}, nil
	}
	name, err := p.strOr("PolicyName", "")
	if err != nil {
		return world.InlinePolicy{}, err
	}
	doc, unknown, _, err := p.policy("PolicyDocument")
	if err != nil {
		return world.InlinePolicy{}, err
	}
	return world.InlinePolicy{PolicyName: name, PolicyDocument: doc, Unknown: unknown, Origin: l.origin(r)}, nil
}

// iamPolicy reads AWS::IAM::Policy: an inline policy of each role in Roles
// (CFN reference: "the policy is embedded in the role").
func (l *loader) iamPolicy(r *resource, p obj) error {
	ip, err := l.inline(r, p)
	if err != nil {
		return err
	}
	roles, err := p.strs("Roles")
	if err != nil {
		return err
	}
	for _, n := range roles {
		if role := l.policyRole(r, n); role != nil {
			role.InlinePolicies = append(role.InlinePolicies, ip)
		}
	}
	return nil
}

// policyRole returns the role a policy resource r names by n: a template
// role, or, when n is a stand-in (Roles: [!Ref RoleParam] without a value,
// !ImportValue), a role filed under that stand-in with its other policies
// and boundary unknown (world/unresolved.go). A task definition whose
// ExecutionRoleArn is the same reference finds the policies there, so a
// deny among them still decides (IAM-UG "Policy evaluation logic": an
// explicit deny in any policy wins). nil for a literal name of a role the
// template does not create: its policies are the account's.
func (l *loader) policyRole(r *resource, n string) *world.Role {
	if role := l.roleByName[n]; role != nil {
		return role
	}
	if !world.IsUnresolved(n) {
		return nil
	}
	role := l.w.Roles.Get(n)
	if role == nil {
		role = &world.Role{RoleName: n, Arn: n, Origin: l.origin(r),
			Unknown: map[string]string{"Role": "the role " + r.id + " attaches to is unresolved: " + l.unknownMsg(r.id+".Roles", str(n, 0, 0)) + "; its other policies and permissions boundary are not in the template"}}
		l.w.Roles.Put(n, role)
		// ECS takes a role name or ARN in executionRoleArn; the ARN built
		// from the same name reaches the same role.
		if arn := l.arn("iam", "", "role/"+n); l.w.Roles.Get(arn) == nil {
			l.w.Roles.Put(arn, role)
		}
	}
	return role
}

// rolePolicy reads AWS::IAM::RolePolicy.
func (l *loader) rolePolicy(r *resource, p obj) error {
	ip, err := l.inline(r, p)
	if err != nil {
		return err
	}
	n, err := p.strOr("RoleName", "")
	if err != nil {
		return err
	}
	if role := l.policyRole(r, n); role != nil {
		role.InlinePolicies = append(role.InlinePolicies, ip)
	}
	return nil
}

// managedPolicy reads AWS::IAM::ManagedPolicy and attaches it to its Roles.
// Roles are read in the same pass, so attachment waits for the second.
func (l *loader) managedPolicy(r *resource, p obj) error {
	arn, _, err := l.attr(r, "")
	if err != nil {
		return err
	}
	name, err := l.name(r)
	if err != nil {
		return err
	}
	doc, unknown, _, err := p.policy("PolicyDocument")
	if err != nil {
		return err
	}
	if doc == "" && unknown == "" {
		unknown = "the policy document of " + r.id + " is empty"
	}
	l.w.Policies.Put(arn, &world.ManagedPolicy{Arn: arn, PolicyName: name, DefaultVersionId: "v1", Document: doc, Unknown: unknown, Origin: l.origin(r)})
	return nil
}

// attachManagedPolicies attaches template managed policies to the template
// roles their Roles property names.
func (l *loader) attachManagedPolicies() error {
	for _, id := range l.order {
		r := l.res[id]
		if r.typ != "AWS::IAM::ManagedPolicy" || r.pv == nil {
			continue
		}
		arn, _, err := l.attr(r, "")
		if err != nil {
			return err
		}
		name, err := l.name(r)
		if err != nil {
			return err
		}
		roles, err := obj{l: l, v: *r.pv, path: id + ".Properties"}.strs("Roles")
		if err != nil {
			return err
		}
		for _, n := range roles {
			if role := l.policyRole(r, n); role != nil {
				role.AttachedPolicies = append(role.AttachedPolicies, world.AttachedPolicy{PolicyName: name, PolicyArn: arn})
			}
		}
	}
	return nil
}

func lastSegment(s string) string {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == '/' || s[i] == ':' {
			return s[i+1:]
		}
	}
	return s
}
