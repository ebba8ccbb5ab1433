// Package iam decides whether one AWS API call is allowed, the way AWS's
// policy evaluation does, and says why.
//
// # Parse, compile, evaluate
//
// Parse reads a policy document of any kind (identity-based, permissions
// boundary, SCP, RCP, resource-based including role trust policies and KMS
// key policies, VPC endpoint policy) and compiles it once: action patterns
// are lower-cased, resource patterns split for per-segment matching,
// condition operators resolved, policy variables pre-parsed. Parse rejects
// what IAM itself rejects as malformed, naming the place:
//
//	policy "AppPolicy": $.Statement[2].Effect: must be "Allow" or "Deny", got "allow"
//	policy "AppPolicy": $.Statement[1].Condtion: unknown element; did you mean "Condition"? (want one of ...)
//	policy "AppPolicy": malformed JSON at line 4, column 2: unexpected end of input: the document is truncated
//
// Values of the document in an error, and the policy name, are quoted by
// their first 64 characters only.
//
// Evaluate is then a pure function of a Request and the Layers of policies
// that apply to it. It returns a Decision: the Effect, the sentence that
// completes AWS's AccessDenied message ("because no identity-based policy
// allows the ecr:GetAuthorizationToken action"), the layer that denied, the
// statements that decided, and, for an Unknown, what is missing.
//
// # The model
//
// The rules follow the IAM User Guide ("Policy evaluation logic",
// "Cross-account policy evaluation logic"):
//
//   - An explicit Deny in any layer wins. Every matching Deny is reported,
//     not just the first.
//   - Every SCP level and every RCP level must contain an Allow; a non-nil
//     VPC endpoint policy must allow; a permissions boundary and session
//     policies must allow what identity policies grant. SCPs do not apply
//     to principals in the organization's management account
//     (Layers.ManagementAccount), RCPs not to its resources
//     (Layers.ResourceManagementAccount).
//   - In the caller's own account an identity-policy Allow or a
//     resource-policy Allow naming the caller suffices. A resource policy
//     that names the role is still limited by the role's boundary; one that
//     names the session ARN is not; the same holds for session policies
//     (IAM-UG "Session policies"). Nor is one with Principal "*": "Identity-
//     based policy types, such as permissions boundaries or session
//     policies, do not limit permissions granted using the aws:PrincipalArn
//     condition key with a wildcard(*) in the Principal element, unless the
//     identity-based policies contain an explicit deny" (IAM-UG "AWS JSON
//     policy elements: Principal"); we read "*" without that condition the
//     same, since it grants at least as much. A resource policy that names only the
//     account ("arn:aws:iam::ACCT:root" or "ACCT") grants nothing by itself:
//     it delegates to the account's IAM policies.
//   - KMS key policies and role trust policies gate access on their own
//     (Layers.ResourceRequired): the resource policy must allow the caller
//     directly, or name the account so that an identity policy can.
//   - Across accounts the identity policy and the resource policy must both
//     allow.
//   - A service principal (ecs-tasks.amazonaws.com assuming the execution
//     role) is judged by the resource policy alone.
//
// Matching: action names are case-insensitive; resource ARNs are
// case-sensitive and matched per colon-separated segment, with '*' spanning
// '/' and ':' inside the resource part; '*' and '?' wildcards are matched
// by a greedy two-pointer walk that never backtracks exponentially. A
// condition with many values indexes them by text, literal prefix, literal
// suffix or a substring of a literal run, so that P policy values against
// V request values (ForAnyValue:StringLike) cost about P+V comparisons,
// not P·V; the answer is the one comparing every pair gives.
// Condition keys are case-insensitive; operators and keys are ANDed, values
// ORed (NOR for negated operators); an absent key makes positive operators
// false, negated ones and ...IfExists true, ForAllValues: true and
// ForAnyValue: false. Policy variables (${aws:username},
// ${aws:PrincipalTag/team, 'default'}, ${*}) are substituted only in
// Version 2012-10-17 policies; a variable without a value makes its
// statement apply in neither sense.
//
// Evaluate supplies aws:PrincipalArn (the role ARN for a role session),
// aws:PrincipalAccount and aws:ResourceAccount from the request when
// Request.Context does not carry them. Every other key, such as
// aws:SourceVpce, which exists only when a call goes through a VPC
// endpoint, is the caller's to set.
//
// # Unknown is not deny
//
// ecs-preflight must never call a failing start "ok", nor a working one
// "failed" on a guess. So a condition operator this package does not
// support, a condition value it cannot read, a condition whose matching
// work passes this package's limit (2^24 glob steps for one condition,
// 2^25 for one evaluation; reached only by thousands of wildcard patterns
// the condition index cannot tell apart against thousands of values), or
// a policy whose document is not in the input (Layers.Unresolved) never
// becomes a silent non-match:
// a statement that would apply but for such a condition is Unknown. An
// unknown Deny keeps the decision from being Allow; an unknown Allow
// cannot turn a deny into an allow; a known explicit Deny still decides.
// Decision.Missing says what would settle it:
//
//	policy "X": condition operator "StringEqualsSometimes" is not supported
//	policy "shared-base repository policy": document not in the input
//
// An unresolved policy can only hold an Allow or a Deny for its own layer,
// so a known filter that does not allow (an SCP or RCP level, the VPC
// endpoint policy, the permissions boundary, the session policies) still
// denies when no unresolved policy can belong to it (IAM-UG "Policy
// evaluation logic": no identity-based policy lifts an SCP). The request
// is denied whatever the unresolved policies hold; one of them could only
// make the deny explicit. Evaluate reports such a deny as ImplicitDeny
// with Decision.Note naming them. Layers.UnresolvedPolicies says which
// layer (and SCP or RCP level) an unresolved policy belongs to; an entry
// of Layers.Unresolved may belong to any layer that can hold more than
// one policy, or to the resource policy when Resource is nil.
//
// # Unresolved values
//
// A source writes a stand-in, "<unresolved WHAT>" (world.Unresolved), for
// a value the input cannot resolve: an ARN built from a parameter without
// a value holds "arn:aws:secretsmanager:us-east-1:<unresolved
// AWS::AccountId>:secret:db". Wherever the request (Resource, the
// principal's ARNs and account, ResourceAccount, context values) or a
// policy (Resource, NotResource, Principal, NotPrincipal, condition values)
// holds one, matching is three-valued: an element that matches whatever
// the stand-in holds matches ("*" or an account wildcard), one that
// matches for no value does not (another service, another name), and one
// that depends on it makes the statement one that may apply, like an
// unknown condition operator. So a may-apply Allow cannot allow, a
// may-apply Deny keeps the request from being allowed, and a Deny that
// applies whatever the stand-in holds still decides; Decision.Missing
// names the stand-in. Whether the resource is in the caller's account is
// decided both ways when an account is a stand-in; only an answer both
// ways share stands. The same stand-in text stands for the same value
// throughout one request, and a stand-in inside an ARN stands for one
// part, without ':'.
//
// A NotPrincipal in a Deny exempts a caller only when it lists every link
// of the caller's chain: session (or user) ARN, role ARN and account
// (IAM-UG "NotPrincipal": AWS "might validate the account first, then the
// role, and then the assumed-role user"). Listing the caller but not a
// link above it makes the statement Unknown; with a permissions boundary
// the Deny always applies.
//
// KMS grants are an allow no policy shows (KMS-DG "Grants in AWS KMS"):
// with Layers.KeyGrantsUnknown, an implicit deny by a key policy and IAM
// policies becomes Unknown naming kms:ListGrants. kms:CallerAccount is
// supplied for kms: actions, which the AWS managed key aws/secretsmanager
// tests and which keeps it from serving another account.
//
// The shared decision corpus in testdata/corpus (one file per
// documentation page, each case naming its source) is run by this
// package's tests and by iam/simulation.
//
// Not modelled: IAM users' GetFederationToken sessions, anonymous callers,
// service-linked roles' exemption from SCPs, and service-specific rules
// beyond KMS and trust policies (S3 ACLs, object ownership).
//
// The companion package iam/awsmanaged embeds the AWS managed policies
// commonly attached to execution roles.
package iam
