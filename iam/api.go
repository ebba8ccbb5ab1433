package iam

// This file is the package's fixed contract with taskstart. Fields and
// functions may be added; none may be removed or change meaning.

// Effect is the outcome of an evaluation.
type Effect string

// The decisions an evaluation can reach. The strings are the JSON contract's
// "iam.decision" values.
const (
	Allow        Effect = "allow"
	ImplicitDeny Effect = "implicit-deny"
	ExplicitDeny Effect = "explicit-deny"
	// Unknown means a fact that decides the outcome is missing: a policy
	// whose document is not in the input, a condition operator the
	// evaluator does not support, or a value that holds a stand-in for an
	// unresolved part ("<unresolved AWS::AccountId>", world.Unresolved)
	// on which a statement's match depends. Never a silent non-match.
	Unknown Effect = "unknown"
)

// Layer names a kind of policy in the evaluation.
type Layer string

// The layers, in the words of the IAM User Guide's evaluation logic.
const (
	LayerIdentity Layer = "identity-based policy"
	LayerBoundary Layer = "permissions boundary"
	LayerSCP      Layer = "service control policy"
	LayerRCP      Layer = "resource control policy"
	LayerResource Layer = "resource-based policy"
	LayerEndpoint Layer = "VPC endpoint policy"
	LayerSession  Layer = "session policy"
)

// Principal is who makes the request.
type Principal struct {
	// ARN is the caller's ARN: for a role session
	// "arn:aws:sts::111122223333:assumed-role/ROLE/SESSION".
	ARN string
	// RoleARN is the IAM role ARN behind an assumed-role session
	// ("arn:aws:iam::111122223333:role/path/ROLE"), or "".
	RoleARN string
	// AccountID is the caller's account.
	AccountID string
	// Service is set instead of ARN when the caller is an AWS service
	// ("ecs-tasks.amazonaws.com"), as in a trust-policy evaluation.
	Service string
}

// Request is one API call to evaluate.
type Request struct {
	Principal Principal
	// Action is "service:Action", e.g. "ecr:GetAuthorizationToken".
	Action string
	// Resource is the resource ARN, or "*" for actions without one.
	Resource string
	// ResourceAccount is the account owning the resource; "" means the
	// principal's account (same-account evaluation).
	ResourceAccount string
	// Context holds the request's condition keys. Keys are matched
	// case-insensitively; values are strings as AWS sends them ("true",
	// "2024-01-01T00:00:00Z", "10.0.0.1").
	Context map[string][]string
}

// Layers is the set of policies that apply to one request.
type Layers struct {
	// Identity holds the principal's identity-based policies (inline and
	// managed). Ignored when the principal is a service.
	Identity []*Policy
	// Boundary is the principal's permissions boundary; nil for none.
	Boundary *Policy
	// SCPs holds the service control policies from the organization root
	// down to the principal's account, one slice per level. nil means no
	// organization policies apply.
	SCPs [][]*Policy
	// RCPs holds the resource control policies on the path to the resource's
	// account, one slice per level; nil means none.
	RCPs [][]*Policy
	// Resource is the resource-based policy (repository policy, secret
	// policy, key policy, bucket policy, trust policy); nil for none.
	Resource *Policy
	// ResourceRequired is true when the resource policy alone gates access
	// and an identity policy only counts if the resource policy delegates to
	// the account (KMS key policies, role trust policies).
	ResourceRequired bool
	// Endpoint is the VPC endpoint policy the call passes through; nil when
	// the call does not go through an endpoint or the endpoint has the
	// default full-access policy.
	Endpoint *Policy
	// Unresolved names policies that apply but whose documents the input
	// does not have, without saying their layer: each may be an
	// identity-based or session policy, an SCP or RCP at any level, or the
	// resource policy when Resource is nil (not a second boundary, resource
	// or endpoint policy beside a known one: there is one of each). An
	// explicit deny in a known policy still decides, and so does a known
	// filter that does not allow and that none of these can belong to
	// (ImplicitDeny with Decision.Note naming them); otherwise the decision
	// is Unknown with these named as missing.
	Unresolved []string
	// UnresolvedPolicies are unresolved policies whose layer is known,
	// which lets a known filter of another layer decide. They combine with
	// Unresolved.
	UnresolvedPolicies []UnresolvedPolicy

	// Session holds the session policies passed when the role was assumed
	// (inline and managed together); empty means none. IAM-UG "Session
	// policies": the session's permissions are the intersection of the
	// identity-based policies and the session policies, and a resource
	// policy naming the role is limited by them too, while one naming the
	// session ARN or "*" is not (IAM-UG "AWS JSON policy elements:
	// Principal"). Ignored for service principals.
	Session []*Policy
	// ManagementAccount is true when the principal belongs to the
	// organization's management account: SCPs do not restrict its users
	// and roles (AWS Organizations "Service control policies": "SCPs don't
	// affect users or roles in the management account"), so SCPs is
	// ignored, denies included.
	ManagementAccount bool
	// ResourceManagementAccount is true when the resource belongs to the
	// organization's management account: RCPs do not affect its resources
	// (AWS Organizations "Resource control policies": "RCPs don't affect
	// resources in the management account"), so RCPs is ignored.
	ResourceManagementAccount bool
	// KeyGrantsUnknown is true for a KMS key whose grants the input does
	// not have. A grant is an alternative allow next to the key policy and
	// IAM policies ("A grant can allow access to a KMS key, but not deny
	// access", KMS-DG "Grants in AWS KMS"), so without them an implicit
	// deny by the key policy and IAM policies is not certain: with this set
	// it becomes Unknown naming "kms:ListGrants" for the key. Explicit
	// denies and denies by SCPs, RCPs or endpoint policies, which a grant
	// cannot override, still decide. Only consulted for kms: actions with
	// ResourceRequired. Default false: grants for a task's own calls are
	// rare, and callers that cannot list them decide whether to say so.
	KeyGrantsUnknown bool
}

// UnresolvedPolicy is a policy that applies but whose document the input
// does not have. It may hold an Allow or a Deny for its own layer only: an
// unresolved identity-based policy cannot lift a deny by an SCP, a
// permissions boundary or a VPC endpoint policy (IAM-UG "Policy evaluation
// logic"). One of a layer the request does not pass (an SCP for a
// principal of the management account or a service principal, an RCP for
// a resource of the management account, an identity-based, boundary,
// session or endpoint policy for a service principal) is ignored.
type UnresolvedPolicy struct {
	// Name labels the policy in Decision.Missing.
	Name string
	// Layer is the policy's kind; "" when not known, as for
	// Layers.Unresolved.
	Layer Layer
	// Level is, for LayerSCP and LayerRCP, the 1-based level the policy is
	// attached at (1 is Layers.SCPs[0], the root); 0 means any level.
	Level int
}

// Match is one statement that took part in a decision.
type Match struct {
	Layer  Layer
	Policy string // the policy's name
	// Statement is the statement's Sid, or "Statement[N]" (0-based) when it
	// has none.
	Statement string
	Effect    string // "Allow" or "Deny"
}

// Decision is the result of an evaluation with the statements that decided it.
type Decision struct {
	Effect Effect
	// Reason completes AWS's AccessDenied sentence after the resource:
	// "because no identity-based policy allows the ecr:GetAuthorizationToken
	// action", "with an explicit deny in a resource-based policy". Empty on
	// Allow.
	Reason string
	// DeniedBy is the layer that denied (explicitly or by having no allow);
	// empty on Allow.
	DeniedBy Layer
	// Deciding lists the statements that decided: on ExplicitDeny every
	// matching Deny; on Allow the Allow statements that were needed (one per
	// required layer); on ImplicitDeny none.
	Deciding []Match
	// Missing names what would decide an Unknown.
	Missing []string
	// Note qualifies an ImplicitDeny reached beside unresolved policies or
	// statements whose conditions could not be evaluated: they cannot lift
	// the deny, but a Deny among them would make it explicit. The Effect
	// stays ImplicitDeny, what AWS reports when they hold no matching Deny;
	// either way the request is denied. Empty otherwise.
	Note string
}
