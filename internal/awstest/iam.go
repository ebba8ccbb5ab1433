package awstest

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

func init() {
	register[iam.GetRoleOutput]("iam:GetRole", iamGetRole)
	register[iam.ListAttachedRolePoliciesOutput]("iam:ListAttachedRolePolicies", func(r *request) (any, error) {
		return r.iamRoleList("ListAttachedRolePolicies", "AttachedPolicies")
	})
	register[iam.ListRolePoliciesOutput]("iam:ListRolePolicies", func(r *request) (any, error) {
		return r.iamRoleList("ListRolePolicies", "PolicyNames")
	})
	register[iam.GetRolePolicyOutput]("iam:GetRolePolicy", iamGetRolePolicy)
	register[iam.GetPolicyOutput]("iam:GetPolicy", iamGetPolicy)
	register[iam.GetPolicyVersionOutput]("iam:GetPolicyVersion", iamGetPolicyVersion)

	register[sts.GetCallerIdentityOutput]("sts:GetCallerIdentity", stsGetCallerIdentity)
	register[sts.AssumeRoleOutput]("sts:AssumeRole", stsAssumeRole)
}

// noSuchEntity is IAM's not-found error (IAM-APIRef "GetRole": NoSuchEntity,
// HTTP 404).
func noSuchEntity(format string, args ...any) error {
	return errorf(404, "NoSuchEntity", format, args...)
}

func (r *request) iamRole(name string) (map[string]any, bool) {
	return r.acct.find("iam", "GetRole", "Role.RoleName", name)
}

func iamGetRole(r *request) (any, error) {
	name := r.str("RoleName")
	if e, ok := r.iamRole(name); ok {
		return e, nil
	}
	return nil, noSuchEntity("The role with name %s cannot be found.", name)
}

// iamRoleList pages a role's policy listing with Marker, IsTruncated and
// MaxItems (IAM-APIRef "ListAttachedRolePolicies"). A role with a GetRole
// entry but no listing entry is unknownFact.
func (r *request) iamRoleList(op, listKey string) (any, error) {
	name := r.str("RoleName")
	e, ok := r.acct.merged("iam", op, listKey, func(e map[string]any) bool { return str(e, "RoleName") == name })
	if !ok {
		if _, ok := r.iamRole(name); !ok {
			return nil, noSuchEntity("The role with name %s cannot be found.", name)
		}
		return nil, unknownFact(r, "role "+name)
	}
	l, _ := e[listKey].([]any)
	pg, next, err := r.page(l, r.str("Marker"), r.num("MaxItems"))
	if err != nil {
		return nil, err
	}
	out := map[string]any{listKey: orEmpty(pg), "IsTruncated": next != ""}
	if next != "" {
		out["Marker"] = next
	}
	return out, nil
}

func iamGetRolePolicy(r *request) (any, error) {
	role, name := r.str("RoleName"), r.str("PolicyName")
	entries, _ := r.acct.entries("iam", "GetRolePolicy")
	for _, e := range entries {
		if str(e, "RoleName") == role && str(e, "PolicyName") == name {
			return e, nil
		}
	}
	if names, ok := r.acct.merged("iam", "ListRolePolicies", "PolicyNames", func(e map[string]any) bool { return str(e, "RoleName") == role }); ok &&
		slices.Contains(values(names, "PolicyNames"), name) {
		return nil, unknownFact(r, "role "+role+" policy "+name)
	}
	return nil, noSuchEntity("The role policy with name %s cannot be found.", name)
}

func iamGetPolicy(r *request) (any, error) {
	arn := r.str("PolicyArn")
	if e, ok := r.acct.find("iam", "GetPolicy", "Policy.Arn", arn); ok {
		return e, nil
	}
	// A policy the document references (attached, or a boundary) exists.
	if slices.Contains(r.acct.iamPolicyRefs(), arn) {
		return nil, unknownFact(r, arn)
	}
	return nil, noSuchEntity("Policy %s does not exist or is not attachable.", arn)
}

// iamPolicyRefs returns the managed policy ARNs the document's roles name.
func (a *account) iamPolicyRefs() []string {
	var out []string
	for _, op := range []struct{ op, path string }{
		{"ListAttachedRolePolicies", "AttachedPolicies.PolicyArn"},
		{"GetRole", "Role.PermissionsBoundary.PermissionsBoundaryArn"},
	} {
		entries, _ := a.entries("iam", op.op)
		for _, e := range entries {
			out = append(out, values(e, op.path)...)
		}
	}
	return out
}

func iamGetPolicyVersion(r *request) (any, error) {
	arn, v := r.str("PolicyArn"), r.str("VersionId")
	entries, _ := r.acct.entries("iam", "GetPolicyVersion")
	for _, e := range entries {
		if str(e, "PolicyArn") == arn && str(e, "PolicyVersion.VersionId") == v {
			return e, nil
		}
	}
	if p, ok := r.acct.find("iam", "GetPolicy", "Policy.Arn", arn); ok && str(p, "Policy.DefaultVersionId") == v {
		return nil, unknownFact(r, arn+" version "+v)
	}
	return nil, noSuchEntity("Policy %s version %s does not exist or is not attachable.", arn, v)
}

func stsGetCallerIdentity(r *request) (any, error) {
	userID := "AIDAAWSTEST" + r.acct.id
	if strings.Contains(r.acct.callerARN, ":assumed-role/") {
		userID = "AROAAWSTEST" + r.acct.id + ":awstest"
	}
	return map[string]any{"Account": r.acct.id, "Arn": r.acct.callerARN, "UserId": userID}, nil
}

// stsAssumeRole issues credentials for a role of an account the server
// holds (WithAccount, or the primary account); requests signed with them are
// served from that account's document. Any other role is AccessDenied, as
// STS answers a role whose trust policy does not allow the caller.
func stsAssumeRole(r *request) (any, error) {
	roleARN, session := r.str("RoleArn"), r.str("RoleSessionName")
	parts := strings.Split(roleARN, ":")
	if len(parts) != 6 || !strings.HasPrefix(parts[5], "role/") {
		return nil, errorf(400, "ValidationError", "%s is invalid", roleARN)
	}
	s := r.s
	s.mu.Lock()
	defer s.mu.Unlock()
	target, ok := s.accounts[parts[4]]
	if !ok {
		return nil, errorf(403, "AccessDenied", "User: %s is not authorized to perform: sts:AssumeRole on resource: %s", r.acct.callerARN, roleARN)
	}
	s.nextKeyID++
	keyID := fmt.Sprintf("ASIAAWSTEST%09d", s.nextKeyID)
	roleName := parts[5][strings.LastIndex(parts[5], "/")+1:]
	assumed := "arn:" + target.partition + ":sts::" + target.id + ":assumed-role/" + roleName + "/" + session
	s.keys[keyID] = &account{id: target.id, region: target.region, partition: target.partition, doc: target.doc, callerARN: assumed}
	return map[string]any{
		"Credentials": map[string]any{
			"AccessKeyId": keyID, "SecretAccessKey": "awstest-secret", "SessionToken": "awstest-session-" + keyID,
			"Expiration": time.Now().Add(time.Hour).UTC().Format(time.RFC3339),
		},
		"AssumedRoleUser": map[string]any{"Arn": assumed, "AssumedRoleId": "AROAAWSTEST:" + session},
	}, nil
}
