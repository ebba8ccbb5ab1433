package tfplan

import (
	"cmp"
	"slices"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/ecs-preflight/ecs-preflight/world"
)

func (r *reader) buildIAM() {
	for _, in := range r.each("aws_iam_policy") {
		arn, _, _ := r.str(in, nil, "arn")
		mp := &world.ManagedPolicy{Arn: arn, PolicyName: in.str("name"), Origin: r.origin(in)}
		unknown := map[string]string{}
		mp.Document = r.policyOf(in, "policy", unknown, "policy")
		mp.Unknown = unknown["policy"]
		r.w.Policies.Put(arn, mp)
	}
	byName := map[string]*world.Role{}
	for _, in := range r.each("aws_iam_role") {
		arn, _, _ := r.str(in, nil, "arn")
		role := &world.Role{RoleName: in.str("name"), Arn: arn, Path: in.str("path"), RoleId: in.str("unique_id"),
			Unknown: map[string]string{}, Origin: r.origin(in)}
		role.AssumeRolePolicyDocument = r.policyOf(in, "assume_role_policy", role.Unknown, "AssumeRolePolicyDocument")
		if in.known("permissions_boundary") || in.created && !r.configured(in, "permissions_boundary") {
			role.PermissionsBoundaryArn = in.str("permissions_boundary")
			role.BoundaryKnown = true
		} else if v, ok, why := r.str(in, []string{"aws_iam_policy"}, "permissions_boundary"); ok {
			role.PermissionsBoundaryArn, role.BoundaryKnown = v, true
		} else {
			role.Unknown["PermissionsBoundaryArn"] = why
		}
		if !in.data {
			r.rolePolicies(in, role)
		}
		r.w.Roles.Put(arn, role)
		if role.RoleName != "" {
			byName[role.RoleName] = role
		}
		byName[in.addr] = role
	}
	roleOf := func(in *inst, attr string) *world.Role {
		return r.roleFor(in, attr, byName)
	}
	attach := func(role *world.Role, arn string) {
		if !slices.ContainsFunc(role.AttachedPolicies, func(p world.AttachedPolicy) bool { return p.PolicyArn == arn }) {
			role.AttachedPolicies = append(role.AttachedPolicies, world.AttachedPolicy{PolicyName: lastSegment(arn), PolicyArn: arn})
		}
	}
	for _, in := range r.each("aws_iam_role_policy_attachment") {
		role := roleOf(in, "role")
		if role == nil {
			continue
		}
		arn, _, _ := r.str(in, []string{"aws_iam_policy"}, "policy_arn")
		attach(role, arn)
	}
	for _, in := range r.each("aws_iam_policy_attachment") {
		// AWS provider docs "aws_iam_policy_attachment": the attachment is
		// exclusive — across the account, every role the policy is attached
		// to is one of roles, and Terraform detaches it from any other.
		arn, _, _ := r.str(in, []string{"aws_iam_policy"}, "policy_arn")
		names, ok, why := r.strs(in, []string{"aws_iam_role"}, "roles")
		var listed []*world.Role
		for _, n := range names {
			if role := r.roleNamed(n, in, byName); role != nil {
				attach(role, arn)
				listed = append(listed, role)
			}
		}
		if !ok {
			// The roles not resolved are filed under a stand-in; the
			// policy may also be on any other role, so it is not
			// detached from them.
			key, bound := r.roleStandInBound(in, "roles", why)
			if !bound {
				r.unboundRoles = append(r.unboundRoles, unbound{in: in, why: why})
			}
			attach(r.standInRole(key, why, in), arn)
			continue
		}
		for _, role := range r.w.Roles.All() {
			if !slices.Contains(listed, role) {
				role.AttachedPolicies = slices.DeleteFunc(role.AttachedPolicies, func(p world.AttachedPolicy) bool { return p.PolicyArn == arn })
			}
		}
	}
	for _, in := range r.each("aws_iam_role_policy") {
		role := roleOf(in, "role")
		if role == nil {
			continue
		}
		name := in.str("name")
		if name == "" {
			name = in.addr
		}
		unknown := map[string]string{}
		ip := world.InlinePolicy{PolicyName: name, Origin: r.origin(in)}
		ip.PolicyDocument = r.policyOf(in, "policy", unknown, "policy")
		ip.Unknown = unknown["policy"]
		role.InlinePolicies = withInline(role.InlinePolicies, ip)
	}
	// A plan that deletes an attachment or inline policy still shows it in
	// the refreshed role (managed_policy_arns, inline_policy): take it out.
	for _, d := range r.deleted {
		role := byName[str(d.before["role"])]
		if role == nil {
			continue
		}
		switch d.typ {
		case "aws_iam_role_policy_attachment":
			role.AttachedPolicies = slices.DeleteFunc(role.AttachedPolicies, func(p world.AttachedPolicy) bool { return p.PolicyArn == str(d.before["policy_arn"]) })
		case "aws_iam_role_policy":
			role.InlinePolicies = slices.DeleteFunc(role.InlinePolicies, func(ip world.InlinePolicy) bool { return ip.PolicyName == str(d.before["name"]) })
		}
	}
	r.exclusive(byName)
	r.unboundIncomplete()
}

// exclusive reads aws_iam_role_policies_exclusive and
// aws_iam_role_policy_attachments_exclusive. AWS provider docs
// "aws_iam_role_policies_exclusive": Terraform removes every inline policy
// of the role not in policy_names; "aws_iam_role_policy_attachments_exclusive":
// it detaches every managed policy not in policy_arns. After apply the
// role's inline or attached listing is therefore exactly the one the plan
// names: complete, though a named policy's document may still be unknown.
func (r *reader) exclusive(byName map[string]*world.Role) {
	for _, in := range r.each("aws_iam_role_policies_exclusive") {
		role := r.roleFor(in, "role_name", byName)
		if role == nil || world.IsUnresolved(role.Arn) {
			continue
		}
		names, ok, why := r.strs(in, []string{"aws_iam_role_policy"}, "policy_names")
		if !ok {
			role.InlineKnown = false
			role.Unknown["InlinePolicies"] = why
			continue
		}
		kept := slices.DeleteFunc(role.InlinePolicies, func(ip world.InlinePolicy) bool { return !slices.Contains(names, ip.PolicyName) })
		for _, n := range names {
			if !slices.ContainsFunc(kept, func(ip world.InlinePolicy) bool { return ip.PolicyName == n }) {
				kept = append(kept, world.InlinePolicy{PolicyName: n, Origin: r.origin(in),
					Unknown: "inline policy " + n + " of role " + role.RoleName + " (named by " + in.addr + ", its document not in the plan)"})
			}
		}
		role.InlinePolicies, role.InlineKnown = kept, true
		delete(role.Unknown, "InlinePolicies")
	}
	for _, in := range r.each("aws_iam_role_policy_attachments_exclusive") {
		role := r.roleFor(in, "role_name", byName)
		if role == nil || world.IsUnresolved(role.Arn) {
			continue
		}
		arns, ok, why := r.strs(in, []string{"aws_iam_policy"}, "policy_arns")
		if !ok {
			role.AttachedKnown = false
			role.Unknown["AttachedPolicies"] = why
			continue
		}
		role.AttachedPolicies = nil
		for _, a := range arns {
			role.AttachedPolicies = append(role.AttachedPolicies, world.AttachedPolicy{PolicyName: lastSegment(a), PolicyArn: a})
		}
		role.AttachedKnown = true
		delete(role.Unknown, "AttachedPolicies")
	}
}

// roleFor returns the role that attribute attr of in names (a role name or
// ARN). A role the plan does not have is added, known only by name: its
// other policies, boundary and trust are not in the plan. A reference that
// cannot be resolved gives a Role filed under its stand-in
// (world/unresolved.go), so the policies still count for a task
// definition whose execution role is the same stand-in.
func (r *reader) roleFor(in *inst, attr string, byName map[string]*world.Role) *world.Role {
	name, ok, why := r.str(in, []string{"aws_iam_role"}, attr)
	if !ok {
		key, bound := r.roleStandInBound(in, attr, why)
		if !bound {
			r.unboundRoles = append(r.unboundRoles, unbound{in: in, why: why})
		}
		return r.standInRole(key, why, in)
	}
	return r.roleNamed(name, in, byName)
}

// unbound is a policy resource whose role reference leads to no one
// instance of the plan.
type unbound struct {
	in  *inst
	why string
}

// unboundIncomplete marks the listings of every role the plan resolves as
// incomplete when a policy resource's role cannot be told: a reference
// through a local or to a resource not in the plan may name any of them,
// and the policy may deny (IAM-UG "Policy evaluation logic": an explicit
// deny in any identity-based policy overrides an allow).
func (r *reader) unboundIncomplete() {
	for _, u := range r.unboundRoles {
		field := "AttachedPolicies"
		if u.in.typ == "aws_iam_role_policy" {
			field = "InlinePolicies"
		}
		msg := u.in.addr + " attaches a policy to a role the plan does not resolve, which may be this one: " + u.why
		for _, role := range r.w.Roles.All() {
			if world.IsUnresolved(role.Arn) {
				continue
			}
			if field == "InlinePolicies" {
				role.InlineKnown = false
			} else {
				role.AttachedKnown = false
			}
			if role.Unknown == nil {
				role.Unknown = map[string]string{}
			}
			if role.Unknown[field] == "" {
				role.Unknown[field] = msg
			}
		}
	}
}

// roleNamed returns the role with the given name or ARN, adding one the
// plan does not manage.
func (r *reader) roleNamed(name string, in *inst, byName map[string]*world.Role) *world.Role {
	if name == "" {
		return nil
	}
	arn := ""
	if strings.HasPrefix(name, "arn:") {
		arn, name = name, name[strings.LastIndexByte(name, '/')+1:]
	}
	if role := byName[name]; role != nil && (arn == "" || role.Arn == arn) {
		return role
	}
	if arn == "" {
		// IAM-UG "IAM identifiers": a role ARN is
		// arn:PARTITION:iam::ACCOUNT:role/PATH/NAME; a role named without
		// its path is taken to have the default path "/".
		arn = "arn:" + r.partition() + ":iam::" + cmp.Or(r.w.AccountID, noAccount) + ":role/" + name
	}
	if role := r.w.Roles.Get(arn); role != nil {
		return role
	}
	why := in.addr + " names role " + name + ", which the plan does not manage"
	role := &world.Role{RoleName: name, Arn: arn, Origin: r.origin(in), Unknown: map[string]string{
		"AssumeRolePolicyDocument": why, "AttachedPolicies": why, "InlinePolicies": why, "PermissionsBoundaryArn": why}}
	r.w.Roles.Put(arn, role)
	byName[name] = role
	return role
}

// standInRole returns the Role filed under stand-in key: policies attached
// to a role the plan cannot resolve. The role may have other policies and a
// boundary the plan does not show.
func (r *reader) standInRole(key, why string, in *inst) *world.Role {
	if role := r.w.Roles.Get(key); role != nil {
		return role
	}
	msg := "the role is unresolved: " + why
	role := &world.Role{RoleName: key, Arn: key, Origin: r.origin(in), Unknown: map[string]string{
		"AssumeRolePolicyDocument": msg, "AttachedPolicies": msg, "InlinePolicies": msg, "PermissionsBoundaryArn": msg}}
	r.w.Roles.Put(key, role)
	return role
}

// roleStandIn is the stand-in for a role reference of in that cannot be
// resolved. Where the reference leads to one role instance (a
// data.aws_iam_role read only during apply, through module outputs and
// variables), whose arn, name and id all name that role, the stand-in
// names the instance, so that a task definition's role ARN and a policy
// attachment's role name that lead to the same role get the same
// stand-in; else it names the reference.
func (r *reader) roleStandIn(in *inst, attr, why string) string {
	key, _ := r.roleStandInBound(in, attr, why)
	return key
}

// roleStandInBound is roleStandIn, and whether the stand-in names the one
// instance the reference leads to (bound) rather than the reference.
func (r *reader) roleStandInBound(in *inst, attr, why string) (string, bool) {
	if e := r.expr(in, attr); e != nil {
		res := r.resolveExpr(in.scope, in.module, in.index, e, 0)
		var addrs []string
		for _, l := range res.links {
			if l.in.typ != "aws_iam_role" {
				// Another resource's attribute (a stack's outputs, say)
				// may name different roles by different keys.
				return refStandIn(in, e, why), false
			}
			addrs = append(addrs, l.in.addr)
		}
		slices.Sort(addrs)
		if addrs = slices.Compact(addrs); len(addrs) == 1 && len(res.missing) == 0 && len(res.values) == 0 {
			return world.Unresolved("the role " + addrs[0] + " (known only after apply)"), true
		}
		return refStandIn(in, e, why), false
	}
	return world.Unresolved(why), false
}

// refStandIn names a role by the references of its expression, in its
// module: policies whose role is the same expression share a stand-in.
func refStandIn(in *inst, e *tfjson.Expression, why string) string {
	if len(e.References) == 0 {
		return world.Unresolved(why)
	}
	where := ""
	if in.module != "" {
		where = " in " + in.module
	}
	return world.Unresolved("the role " + joinRefs(e.References) + where + " (known only after apply)")
}

// rolePolicies reads the role's own managed_policy_arns and inline_policy.
// The provider refreshes both from IAM for a role in the state (AWS
// provider docs "aws_iam_role": they list every attached and inline policy unless
// the configuration leaves them out, in which case Terraform still reads
// them), and a role the plan creates has no policy the plan does not show.
func (r *reader) rolePolicies(in *inst, role *world.Role) {
	switch {
	case in.known("managed_policy_arns"):
		arns, _, _ := r.strs(in, nil, "managed_policy_arns")
		for _, a := range arns {
			role.AttachedPolicies = append(role.AttachedPolicies, world.AttachedPolicy{PolicyName: lastSegment(a), PolicyArn: a})
		}
		role.AttachedKnown = true
	case in.created && !r.configured(in, "managed_policy_arns"):
		role.AttachedKnown = true
	default:
		arns, ok, why := r.strs(in, []string{"aws_iam_policy"}, "managed_policy_arns")
		for _, a := range arns {
			role.AttachedPolicies = append(role.AttachedPolicies, world.AttachedPolicy{PolicyName: lastSegment(a), PolicyArn: a})
		}
		role.AttachedKnown = ok
		if !ok {
			role.Unknown["AttachedPolicies"] = why
		}
	}
	n, known := in.blocks("inline_policy")
	switch {
	case known:
		for i := 0; i < n; i++ {
			name := in.str("inline_policy", i, "name")
			if name == "" {
				// An empty inline_policy block asks Terraform to remove
				// every inline policy (AWS provider docs "aws_iam_role").
				continue
			}
			ip := world.InlinePolicy{PolicyName: name, Origin: r.origin(in)}
			if v, ok := in.get("inline_policy", i, "policy"); ok {
				ip.PolicyDocument, _ = v.(string)
			} else {
				ip.Unknown = in.addr + ".inline_policy " + name + " (known only after apply)"
			}
			role.InlinePolicies = append(role.InlinePolicies, ip)
		}
		role.InlineKnown = true
	case in.created && !r.configured(in, "inline_policy"):
		role.InlineKnown = true
	default:
		role.Unknown["InlinePolicies"] = in.addr + ".inline_policy (known only after apply)"
	}
}

// withInline adds or replaces an inline policy by name: the plan's
// aws_iam_role_policy wins over the refreshed inline_policy.
func withInline(ps []world.InlinePolicy, ip world.InlinePolicy) []world.InlinePolicy {
	if i := slices.IndexFunc(ps, func(p world.InlinePolicy) bool { return p.PolicyName == ip.PolicyName }); i >= 0 {
		ps[i] = ip
		return ps
	}
	return append(ps, ip)
}

func lastSegment(s string) string {
	if i := strings.LastIndexByte(s, '/'); i >= 0 {
		return s[i+1:]
	}
	return s
}

func str(v any) string {
	s, _ := v.(string)
	return s
}
