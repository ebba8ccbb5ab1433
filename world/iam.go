package world

// Role is an IAM role (GetRole.Role) with the policies attached to it.
type Role struct {
	RoleName string `json:"RoleName"`
	Arn      string `json:"Arn"`
	Path     string `json:"Path,omitempty"`
	RoleId   string `json:"RoleId,omitempty"`
	// AssumeRolePolicyDocument is the trust policy, as JSON text.
	AssumeRolePolicyDocument string `json:"AssumeRolePolicyDocument,omitempty"`
	// PermissionsBoundaryArn is the boundary policy's ARN, or "".
	PermissionsBoundaryArn string `json:"PermissionsBoundaryArn,omitempty"`

	// AttachedPolicies are the managed policies attached to the role
	// (ListAttachedRolePolicies). AttachedKnown is false when the input did
	// not list them.
	AttachedPolicies []AttachedPolicy `json:"AttachedPolicies,omitempty"`
	AttachedKnown    bool             `json:"-"`
	// InlinePolicies are the role's inline policies (GetRolePolicy for each
	// ListRolePolicies name). InlineKnown is false when the input did not
	// list them.
	InlinePolicies []InlinePolicy `json:"InlinePolicies,omitempty"`
	InlineKnown    bool           `json:"-"`
	// BoundaryKnown is false when the input could not say whether the role
	// has a permissions boundary.
	BoundaryKnown bool `json:"-"`

	Unknown map[string]string `json:"-"`
	Origin  Origin            `json:"-"`
}

// AttachedPolicy is a managed policy attached to a role.
type AttachedPolicy struct {
	PolicyName string `json:"PolicyName,omitempty"`
	PolicyArn  string `json:"PolicyArn"`
}

// InlinePolicy is a role's inline policy (GetRolePolicy).
type InlinePolicy struct {
	PolicyName     string `json:"PolicyName"`
	PolicyDocument string `json:"PolicyDocument"`
	// Unknown says why the document cannot be known before deploy (a
	// template value that resolves only at deploy time); the document is
	// then "" and every decision it could change is unknown.
	Unknown string `json:"-"`
	Origin  Origin `json:"-"`
}

// ManagedPolicy is a managed policy with its default version's document
// (GetPolicy + GetPolicyVersion).
type ManagedPolicy struct {
	Arn              string `json:"Arn"`
	PolicyName       string `json:"PolicyName,omitempty"`
	DefaultVersionId string `json:"DefaultVersionId,omitempty"`
	// Document is the default version's policy document, as JSON text; ""
	// when the input did not carry it.
	Document string `json:"Document,omitempty"`
	// Unknown says why the document cannot be known before deploy.
	Unknown string `json:"-"`
	Origin  Origin `json:"-"`
}
