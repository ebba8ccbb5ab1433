package tfplan

import (
	"slices"
	"strings"

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
	roleOf := func(in *inst) *world.Role {
		name, ok, why := r.str(in, []string{"aws_iam_role"}, "role")
		if !ok {
			r.skip(in, why)
			return nil
		}
		if strings.HasPrefix(name, "arn:") {
			name = name[strings.LastIndexByte(name, '/')+1:]
		}
		return byName[name]
	}
	for _, in := range r.each("aws_iam_role_policy_attachment") {
		role := roleOf(in)
		if role == nil {
			continue
		}
		arn, _, _ := r.str(in, []string{"aws_iam_policy"}, "policy_arn")
		if !slices.ContainsFunc(role.AttachedPolicies, func(p world.AttachedPolicy) bool { return p.PolicyArn == arn }) {
			role.AttachedPolicies = append(role.AttachedPolicies, world.AttachedPolicy{PolicyName: lastSegment(arn), PolicyArn: arn})
		}
	}
	for _, in := range r.each("aws_iam_role_policy") {
		role := roleOf(in)
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
