package iam

import (
	"reflect"
	"strings"
	"testing"
)

type evalCase struct {
	name     string
	req      Request
	layers   Layers
	want     Effect
	reason   string   // checked when not ""
	deniedBy Layer    // checked when want is a deny
	deciding []string // "Layer/Policy/Statement", checked when not nil
	missing  []string // checked when not nil
	// note is wanted in Decision.Note; "" means Note must be empty.
	note string
}

func r(p Principal, action, resource string) Request {
	return Request{Principal: p, Action: action, Resource: resource}
}

func withCtx(q Request, kv ...string) Request {
	q.Context = map[string][]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		q.Context[kv[i]] = append(q.Context[kv[i]], kv[i+1])
	}
	return q
}

func cross(q Request, account string) Request { q.ResourceAccount = account; return q }

func TestEvaluate(t *testing.T) {
	taskExec := pol("AmazonECSTaskExecutionRolePolicy", allowDoc("*", "ecr:GetAuthorizationToken", "ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage", "logs:CreateLogStream", "logs:PutLogEvents"))
	pullRepo := pol("PullMyApp", allowDoc(repoARN, "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"))
	crossPull := pol("PullShared", allowDoc(xRepoARN, "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"))
	ecrBoundary := pol("EcrOnlyBoundary", allowDoc("*", "ecr:*", "logs:*"))
	repoForRole := pol("my-app repository policy", `{"Version":"2012-10-17","Statement":[{"Sid":"PullForExecRole","Effect":"Allow","Principal":{"AWS":"`+roleARN+`"},"Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"]}]}`)
	repoForSession := pol("my-app repository policy", `{"Version":"2012-10-17","Statement":[{"Sid":"PullForSession","Effect":"Allow","Principal":{"AWS":"`+sessARN+`"},"Action":["ecr:BatchGetImage"]}]}`)
	repoForAccount := pol("my-app repository policy", `{"Version":"2012-10-17","Statement":[{"Sid":"Account","Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"ecr:BatchGetImage"}]}`)
	xRepoForExec := pol("shared-base repository policy", `{"Version":"2012-10-17","Statement":[{"Sid":"AllowCrossAccountPull","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"]}]}`)
	keyNoRoot := pol("key policy", `{"Version":"2012-10-17","Statement":[{"Sid":"KeyAdmins","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/KeyAdmin"},"Action":"kms:*","Resource":"*"}]}`)
	keyForRole := pol("key policy", `{"Version":"2012-10-17","Statement":[{"Sid":"AllowUseOfTheKey","Effect":"Allow","Principal":{"AWS":"`+roleARN+`"},"Action":["kms:Decrypt","kms:DescribeKey"],"Resource":"*"}]}`)
	decrypt := pol("DecryptSecrets", allowDoc(keyARN, "kms:Decrypt"))
	getSecret := pol("GetDockerHubSecret", allowDoc("arn:aws:secretsmanager:ap-northeast-1:111122223333:secret:docker-hub-credentials-*", "secretsmanager:GetSecretValue"))
	// SM-UG "Resource-based policies" example: deny everyone but one role.
	secretOnlyExec := pol("docker-hub-credentials secret policy", `{"Version":"2012-10-17","Statement":[{"Sid":"OnlyExecRole","Effect":"Deny","Principal":"*","Action":"secretsmanager:GetSecretValue","Resource":"*","Condition":{"ArnNotEquals":{"aws:PrincipalArn":"`+roleARN+`"}}}]}`)
	secretForOther := pol("shared secret policy", `{"Version":"2012-10-17","Statement":[{"Sid":"CrossAccountRead","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/ecsTaskExecutionRole"},"Action":"secretsmanager:GetSecretValue","Resource":"*"}]}`)
	epOnlyMyApp := pol("ecr.dkr endpoint policy", `{"Version":"2012-10-17","Statement":[{"Sid":"OnlyMyApp","Effect":"Allow","Principal":"*","Action":"ecr:*","Resource":"`+repoARN+`"}]}`)
	s3Endpoint := pol("s3 gateway endpoint policy", `{"Version":"2012-10-17","Statement":[{"Sid":"Access-to-specific-bucket-only","Principal":"*","Action":["s3:GetObject"],"Effect":"Allow","Resource":["arn:aws:s3:::prod-ap-northeast-1-starport-layer-bucket/*"]}]}`)
	s3EndpointCustomerOnly := pol("s3 gateway endpoint policy", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::my-env-files","arn:aws:s3:::my-env-files/*"]}]}`)
	denyOutsideVpce := pol("DenyOutsideEndpoint", `{"Version":"2012-10-17","Statement":[{"Sid":"DenyUnlessVpce","Effect":"Deny","Action":"ecr:BatchGetImage","Resource":"*","Condition":{"StringNotEquals":{"aws:SourceVpce":"vpce-0a1b2c3d"}}}]}`)
	scpDenyRegion := pol("DenyOutsideTokyo", `{"Version":"2012-10-17","Statement":[{"Sid":"RegionLock","Effect":"Deny","NotAction":["iam:*","sts:*"],"Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":"ap-northeast-1"}}}]}`)
	scpOnlyS3 := pol("OnlyS3", allowDoc("*", "s3:*"))
	unsupportedAllow := pol("Weird", `{"Version":"2012-10-17","Statement":[{"Sid":"Maybe","Effect":"Allow","Action":"ecr:BatchGetImage","Resource":"*","Condition":{"StringEqualsSometimes":{"aws:SourceVpce":"vpce-1"}}}]}`)
	unsupportedDeny := pol("WeirdDeny", `{"Version":"2012-10-17","Statement":[{"Sid":"MaybeDeny","Effect":"Deny","Action":"ecr:*","Resource":"*","Condition":{"StringEqualsSometimes":{"aws:SourceVpce":"vpce-1"}}}]}`)
	notPrincipalDeny := pol("my-app repository policy", `{"Version":"2012-10-17","Statement":[{"Sid":"OnlyExec","Effect":"Deny","NotPrincipal":{"AWS":["arn:aws:iam::111122223333:root","`+roleARN+`","`+sessARN+`"]},"Action":"ecr:*"}]}`)
	tagScoped := pol("TeamSecrets", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"arn:aws:secretsmanager:ap-northeast-1:111122223333:secret:${aws:PrincipalTag/team}/*"}]}`)
	tagScoped2008 := pol("TeamSecrets2008", `{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"arn:aws:secretsmanager:ap-northeast-1:111122223333:secret:${aws:PrincipalTag/team}/*"}]}`)
	twoDenies := pol("Guardrails", `{"Version":"2012-10-17","Statement":[{"Sid":"NoSecrets","Effect":"Deny","Action":"secretsmanager:*","Resource":"*"},{"Sid":"NoGetSecretValue","Effect":"Deny","Action":"secretsmanager:GetSecretValue","Resource":"*"}]}`)
	secretDenyAll := pol("docker-hub-credentials secret policy", `{"Version":"2012-10-17","Statement":[{"Sid":"Lockdown","Effect":"Deny","Principal":{"AWS":"*"},"Action":"secretsmanager:*","Resource":"*"}]}`)
	notResourceDeny := pol("OnlyEnvBucket", `{"Version":"2012-10-17","Statement":[{"Sid":"NothingElse","Effect":"Deny","Action":"s3:GetObject","NotResource":"arn:aws:s3:::my-env-files/*"}]}`)
	s3Read := pol("S3Read", allowDoc("*", "s3:GetObject", "s3:GetBucketLocation"))
	powerUser := pol("PowerUserAccess", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":["iam:*","organizations:*","account:*"],"Resource":"*"}]}`)
	upperAction := pol("UpperCase", allowDoc("*", "ECR:Get*"))
	wrongCaseRepo := pol("WrongCase", allowDoc("arn:aws:ecr:ap-northeast-1:111122223333:repository/My-App", "ecr:BatchGetImage"))
	scopedToken := pol("ScopedToken", allowDoc("arn:aws:ecr:*:111122223333:repository/*", "ecr:GetAuthorizationToken"))
	logsScoped := pol("LogsEcsGroups", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["logs:CreateLogStream","logs:PutLogEvents"],"Resource":"arn:aws:logs:ap-northeast-1:123456789012:log-group:/ecs/*"}]}`)
	rcpOnlyOrg := pol("OnlyOrgPrincipals", `{"Version":"2012-10-17","Statement":[{"Sid":"EnforceOrg","Effect":"Deny","Principal":"*","Action":"secretsmanager:*","Resource":"*","Condition":{"StringNotEqualsIfExists":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"},"BoolIfExists":{"aws:PrincipalIsAWSService":"false"}}}]}`)

	tests := []evalCase{
		// Identity policies (IAM-UG "Policy evaluation logic").
		{name: "IAM-UG evaluation logic: identity allow", req: r(execRole, "ecr:GetAuthorizationToken", "*"),
			layers: Layers{Identity: []*Policy{taskExec}}, want: Allow,
			deciding: []string{"identity-based policy/AmazonECSTaskExecutionRolePolicy/Statement[0]"}},
		{name: "IAM-UG evaluation logic: no policy allows means implicit deny", req: r(execRole, "ecr:GetAuthorizationToken", "*"),
			layers: Layers{}, want: ImplicitDeny, deniedBy: LayerIdentity,
			reason: "because no identity-based policy allows the ecr:GetAuthorizationToken action"},
		{name: "IAM-UG evaluation logic: explicit deny overrides allow", req: r(execRole, "ecr:BatchGetImage", repoARN),
			layers: Layers{Identity: []*Policy{taskExec, pol("NoPull", denyDoc("*", "ecr:BatchGetImage"))}}, want: ExplicitDeny,
			deniedBy: LayerIdentity, reason: "with an explicit deny in an identity-based policy",
			deciding: []string{"identity-based policy/NoPull/DenyIt"}},
		{name: "IAM-UG evaluation logic: every matching deny is listed", req: r(execRole, "secretsmanager:GetSecretValue", secARN),
			layers: Layers{Identity: []*Policy{getSecret, twoDenies}, Resource: secretDenyAll}, want: ExplicitDeny, deniedBy: LayerIdentity,
			deciding: []string{"identity-based policy/Guardrails/NoSecrets", "identity-based policy/Guardrails/NoGetSecretValue", "resource-based policy/docker-hub-credentials secret policy/Lockdown"}},
		{name: "IAM-UG NotAction: PowerUserAccess allows ECR", req: r(execRole, "ecr:BatchGetImage", repoARN),
			layers: Layers{Identity: []*Policy{powerUser}}, want: Allow},
		{name: "IAM-UG NotAction: PowerUserAccess does not allow iam:PassRole", req: r(execRole, "iam:PassRole", roleARN),
			layers: Layers{Identity: []*Policy{powerUser}}, want: ImplicitDeny, deniedBy: LayerIdentity},
		{name: "IAM-UG NotResource: deny outside the env-file bucket applies", req: r(execRole, "s3:GetObject", "arn:aws:s3:::other-bucket/app.env"),
			layers: Layers{Identity: []*Policy{s3Read, notResourceDeny}}, want: ExplicitDeny, deniedBy: LayerIdentity},
		{name: "IAM-UG NotResource: the excepted bucket is not denied", req: r(execRole, "s3:GetObject", "arn:aws:s3:::my-env-files/prod/app.env"),
			layers: Layers{Identity: []*Policy{s3Read, notResourceDeny}}, want: Allow},
		{name: "IAM-UG Action: action names are case-insensitive", req: r(execRole, "ecr:GetAuthorizationToken", "*"),
			layers: Layers{Identity: []*Policy{upperAction}}, want: Allow},
		{name: "IAM-UG Resource: resource ARNs are case-sensitive", req: r(execRole, "ecr:BatchGetImage", repoARN),
			layers: Layers{Identity: []*Policy{wrongCaseRepo}}, want: ImplicitDeny, deniedBy: LayerIdentity},
		{name: "ECR-UG: GetAuthorizationToken needs Resource \"*\", a repository ARN does not cover it", req: r(execRole, "ecr:GetAuthorizationToken", "*"),
			layers: Layers{Identity: []*Policy{scopedToken}}, want: ImplicitDeny, deniedBy: LayerIdentity},
		{name: "IAM-UG Resource: a log-group wildcard covers the log stream ARN (CloudWatch Logs log-stream ARNs extend the log group's)", req: r(Principal{ARN: "arn:aws:sts::123456789012:assumed-role/ecsTaskExecutionRole/x", RoleARN: "arn:aws:iam::123456789012:role/ecsTaskExecutionRole", AccountID: "123456789012"}, "logs:CreateLogStream", "arn:aws:logs:ap-northeast-1:123456789012:log-group:/ecs/app:log-stream:ecs/app/0f1e"),
			layers: Layers{Identity: []*Policy{logsScoped}}, want: Allow},
		{name: "IAM-UG Resource: a log-group wildcard does not cover another log group", req: r(Principal{ARN: "arn:aws:sts::123456789012:assumed-role/ecsTaskExecutionRole/x", RoleARN: "arn:aws:iam::123456789012:role/ecsTaskExecutionRole", AccountID: "123456789012"}, "logs:CreateLogStream", "arn:aws:logs:ap-northeast-1:123456789012:log-group:/aws/app:log-stream:x"),
			layers: Layers{Identity: []*Policy{logsScoped}}, want: ImplicitDeny},

		// Permissions boundaries (IAM-UG "Permissions boundaries for IAM entities").
		{name: "IAM-UG boundaries: explicit deny in boundary overrides identity allow", req: r(execRole, "ecr:BatchGetImage", repoARN),
			layers: Layers{Identity: []*Policy{taskExec}, Boundary: pol("Boundary", denyDoc("*", "ecr:BatchGetImage"))}, want: ExplicitDeny,
			deniedBy: LayerBoundary, reason: "with an explicit deny in a permissions boundary"},
		{name: "IAM-UG boundaries: identity allow outside the boundary is denied", req: r(execRole, "secretsmanager:GetSecretValue", secARN),
			layers: Layers{Identity: []*Policy{getSecret}, Boundary: ecrBoundary}, want: ImplicitDeny, deniedBy: LayerBoundary,
			reason: "because no permissions boundary allows the secretsmanager:GetSecretValue action"},
		{name: "IAM-UG boundaries: allowed by both identity and boundary", req: r(execRole, "ecr:BatchGetImage", repoARN),
			layers: Layers{Identity: []*Policy{taskExec}, Boundary: ecrBoundary}, want: Allow,
			deciding: []string{"identity-based policy/AmazonECSTaskExecutionRolePolicy/Statement[0]", "permissions boundary/EcrOnlyBoundary/Statement[0]"}},
		{name: "IAM-UG evaluation logic: resource policy naming the role ARN is limited by the boundary", req: r(execRole, "ecr:BatchGetImage", repoARN),
			layers: Layers{Boundary: pol("S3Boundary", allowDoc("*", "s3:*")), Resource: repoForRole}, want: ImplicitDeny, deniedBy: LayerBoundary},
		{name: "IAM-UG evaluation logic: resource policy naming the session ARN is not limited by the boundary", req: r(execRole, "ecr:BatchGetImage", repoARN),
			layers: Layers{Boundary: pol("S3Boundary", allowDoc("*", "s3:*")), Resource: repoForSession}, want: Allow,
			deciding: []string{"resource-based policy/my-app repository policy/PullForSession"}},
		{name: "IAM-UG NotPrincipal: a deny excepting the role does not apply to it", req: r(execRole, "ecr:BatchGetImage", repoARN),
			layers: Layers{Identity: []*Policy{taskExec}, Resource: notPrincipalDeny}, want: Allow},
		{name: "IAM-UG NotPrincipal: with a permissions boundary the deny always applies", req: r(execRole, "ecr:BatchGetImage", repoARN),
			layers: Layers{Identity: []*Policy{taskExec}, Boundary: ecrBoundary, Resource: notPrincipalDeny}, want: ExplicitDeny, deniedBy: LayerResource,
			reason: "with an explicit deny in a resource-based policy"},

		// Same account resource policies (ECR-UG "Private repository policies").
		{name: "IAM-UG same account: repository policy naming the role grants past an implicit identity deny", req: r(execRole, "ecr:BatchGetImage", repoARN),
			layers: Layers{Resource: repoForRole}, want: Allow, deciding: []string{"resource-based policy/my-app repository policy/PullForExecRole"}},
		{name: "IAM-UG same account: identity allow suffices without a resource statement", req: r(execRole, "ecr:BatchGetImage", repoARN),
			layers: Layers{Identity: []*Policy{pullRepo}, Resource: xAccountRepo}, want: Allow},
		{name: "IAM-UG Principal: naming the own account delegates to IAM and grants nothing by itself", req: r(execRole, "ecr:BatchGetImage", repoARN),
			layers: Layers{Resource: repoForAccount}, want: ImplicitDeny, deniedBy: LayerIdentity},

		// Cross account (IAM-UG "Cross-account policy evaluation logic").
		{name: "IAM-UG cross-account: repository policy and identity policy both allow", req: cross(r(execRole, "ecr:BatchGetImage", xRepoARN), otherAcc),
			layers: Layers{Identity: []*Policy{crossPull}, Resource: xRepoForExec}, want: Allow,
			deciding: []string{"identity-based policy/PullShared/Statement[0]", "resource-based policy/shared-base repository policy/AllowCrossAccountPull"}},
		{name: "IAM-UG cross-account: repository policy alone is not enough", req: cross(r(execRole, "ecr:BatchGetImage", xRepoARN), otherAcc),
			layers: Layers{Resource: xRepoForExec}, want: ImplicitDeny, deniedBy: LayerIdentity,
			reason: "because no identity-based policy allows the ecr:BatchGetImage action"},
		{name: "IAM-UG cross-account: identity allow without a repository policy", req: cross(r(execRole, "ecr:BatchGetImage", xRepoARN), otherAcc),
			layers: Layers{Identity: []*Policy{taskExec}}, want: ImplicitDeny, deniedBy: LayerResource,
			reason: "because no resource-based policy allows the ecr:BatchGetImage action"},
		{name: "ECR-UG private repository policy examples: a policy for account 999999999999 does not cover 111122223333", req: cross(r(execRole, "ecr:BatchGetImage", xRepoARN), otherAcc),
			layers: Layers{Identity: []*Policy{taskExec}, Resource: xAccountRepo}, want: ImplicitDeny, deniedBy: LayerResource},
		{name: "ECR-UG private repository policy examples: a cross-account policy without BatchCheckLayerAvailability denies it", req: cross(r(Principal{ARN: "arn:aws:sts::999999999999:assumed-role/ecsTaskExecutionRole/t", RoleARN: "arn:aws:iam::999999999999:role/ecsTaskExecutionRole", AccountID: "999999999999"}, "ecr:BatchCheckLayerAvailability", xRepoARN), otherAcc),
			layers: Layers{Identity: []*Policy{taskExec}, Resource: xAccountRepo}, want: ImplicitDeny, deniedBy: LayerResource,
			reason: "because no resource-based policy allows the ecr:BatchCheckLayerAvailability action"},
		{name: "ECR-UG private repository policy examples: a cross-account policy allows BatchGetImage for 999999999999", req: cross(r(Principal{ARN: "arn:aws:sts::999999999999:assumed-role/ecsTaskExecutionRole/t", RoleARN: "arn:aws:iam::999999999999:role/ecsTaskExecutionRole", AccountID: "999999999999"}, "ecr:BatchGetImage", xRepoARN), otherAcc),
			layers: Layers{Identity: []*Policy{taskExec}, Resource: xAccountRepo}, want: Allow},
		{name: "SM-UG cross-account: secret policy naming the role plus identity allow", req: cross(r(execRole, "secretsmanager:GetSecretValue", "arn:aws:secretsmanager:ap-northeast-1:444455556666:secret:shared-AbCdEf"), otherAcc),
			layers: Layers{Identity: []*Policy{pol("AnySecret", allowDoc("*", "secretsmanager:GetSecretValue"))}, Resource: secretForOther}, want: Allow},

		// KMS key policies (KMS-DG "Key policies").
		{name: "KMS-DG default key policy: root delegation lets the identity policy allow", req: r(execRole, "kms:Decrypt", keyARN),
			layers: Layers{Identity: []*Policy{decrypt}, Resource: defaultKeyPolicy, ResourceRequired: true}, want: Allow,
			deciding: []string{"identity-based policy/DecryptSecrets/Statement[0]", "resource-based policy/key policy/Enable IAM User Permissions"}},
		{name: "KMS-DG default key policy: without an identity allow it is denied", req: r(execRole, "kms:Decrypt", keyARN),
			layers: Layers{Identity: []*Policy{taskExec}, Resource: defaultKeyPolicy, ResourceRequired: true}, want: ImplicitDeny, deniedBy: LayerIdentity,
			reason: "because no identity-based policy allows the kms:Decrypt action"},
		{name: "KMS-DG key policy without root delegation: an IAM allow has no effect", req: r(execRole, "kms:Decrypt", keyARN),
			layers: Layers{Identity: []*Policy{decrypt}, Resource: keyNoRoot, ResourceRequired: true}, want: ImplicitDeny, deniedBy: LayerResource,
			reason: "because no resource-based policy allows the kms:Decrypt action"},
		{name: "KMS-DG key policy naming the role allows without an identity policy", req: r(execRole, "kms:Decrypt", keyARN),
			layers: Layers{Resource: keyForRole, ResourceRequired: true}, want: Allow},
		{name: "KMS-DG: an IAM deny still applies to a key the key policy allows", req: r(execRole, "kms:Decrypt", keyARN),
			layers: Layers{Identity: []*Policy{pol("NoKMS", denyDoc("*", "kms:*"))}, Resource: keyForRole, ResourceRequired: true}, want: ExplicitDeny, deniedBy: LayerIdentity},
		{name: "KMS-DG default key policy: with neither an identity allow nor a boundary allow the identity policy is blamed", req: r(execRole, "kms:Decrypt", keyARN),
			layers: Layers{Boundary: pol("S3Boundary", allowDoc("*", "s3:*")), Resource: defaultKeyPolicy, ResourceRequired: true}, want: ImplicitDeny, deniedBy: LayerIdentity,
			reason: "because no identity-based policy allows the kms:Decrypt action"},
		{name: "KMS-DG default key policy: an identity allow outside the boundary is denied by the boundary", req: r(execRole, "kms:Decrypt", keyARN),
			layers: Layers{Identity: []*Policy{decrypt}, Boundary: pol("S3Boundary", allowDoc("*", "s3:*")), Resource: defaultKeyPolicy, ResourceRequired: true}, want: ImplicitDeny, deniedBy: LayerBoundary},
		{name: "IAM-UG boundaries: with neither an identity allow nor a boundary allow the boundary is blamed", req: r(execRole, "ecr:BatchGetImage", repoARN),
			layers: Layers{Boundary: pol("S3Boundary", allowDoc("*", "s3:*"))}, want: ImplicitDeny, deniedBy: LayerBoundary},
		{name: "IAM-UG Session policies: an identity allow outside the session policy is denied by it", req: r(execRole, "ecr:BatchGetImage", repoARN),
			layers: Layers{Identity: []*Policy{taskExec}, Session: []*Policy{pol("S3Session", allowDoc("*", "s3:*"))}}, want: ImplicitDeny, deniedBy: LayerSession,
			reason: "because no session policy allows the ecr:BatchGetImage action"},
		{name: "KMS-DG: key policy required and absent", req: r(execRole, "kms:Decrypt", keyARN),
			layers: Layers{Identity: []*Policy{decrypt}, ResourceRequired: true}, want: ImplicitDeny, deniedBy: LayerResource},

		// Trust policies (ECS-DG "Task execution IAM role"; IAM-UG "confused deputy").
		{name: "ECS-DG trust policy: ecs-tasks.amazonaws.com may assume the role", req: r(ecsTasks, "sts:AssumeRole", roleARN),
			layers: Layers{Resource: ecsTrust, ResourceRequired: true}, want: Allow},
		{name: "ECS-DG trust policy: another service may not", req: r(Principal{Service: "lambda.amazonaws.com"}, "sts:AssumeRole", roleARN),
			layers: Layers{Resource: ecsTrust, ResourceRequired: true}, want: ImplicitDeny, deniedBy: LayerResource,
			reason: "because no resource-based policy allows the sts:AssumeRole action"},
		{name: "ECS-DG trust policy: service principals ignore identity layers and SCPs", req: r(ecsTasks, "sts:AssumeRole", roleARN),
			layers: Layers{Identity: []*Policy{pol("DenyAll", denyDoc("*", "*"))}, SCPs: [][]*Policy{{scpOnlyS3}}, Resource: ecsTrust, ResourceRequired: true}, want: Allow},
		{name: "ECS-DG confused deputy: matching aws:SourceAccount and aws:SourceArn", req: withCtx(r(ecsTasks, "sts:AssumeRole", roleARN), "aws:SourceAccount", acct, "aws:SourceArn", taskARN),
			layers: Layers{Resource: ecsTrustConfusedDeputy, ResourceRequired: true}, want: Allow},
		{name: "ECS-DG confused deputy: another account's task is refused", req: withCtx(r(ecsTasks, "sts:AssumeRole", roleARN), "aws:SourceAccount", otherAcc, "aws:SourceArn", "arn:aws:ecs:ap-northeast-1:444455556666:task/prod/1"),
			layers: Layers{Resource: ecsTrustConfusedDeputy, ResourceRequired: true}, want: ImplicitDeny, deniedBy: LayerResource},
		{name: "ECS-DG confused deputy: absent aws:SourceArn fails the ArnLike condition", req: withCtx(r(ecsTasks, "sts:AssumeRole", roleARN), "aws:SourceAccount", acct),
			layers: Layers{Resource: ecsTrustConfusedDeputy, ResourceRequired: true}, want: ImplicitDeny},

		// Secrets Manager resource policies (SM-UG "Resource-based policies").
		{name: "SM-UG resource policy: deny for every principal but the execution role spares the role", req: r(execRole, "secretsmanager:GetSecretValue", secARN),
			layers: Layers{Identity: []*Policy{getSecret}, Resource: secretOnlyExec}, want: Allow},
		{name: "SM-UG resource policy: deny for every principal but the execution role hits another role", req: r(Principal{ARN: "arn:aws:sts::111122223333:assumed-role/app/x", RoleARN: "arn:aws:iam::111122223333:role/app", AccountID: acct}, "secretsmanager:GetSecretValue", secARN),
			layers: Layers{Identity: []*Policy{getSecret}, Resource: secretOnlyExec}, want: ExplicitDeny, deniedBy: LayerResource},

		// VPC endpoints (VPC "endpoint policies"; ECR-UG "VPC endpoints").
		{name: "VPC endpoint policy: a repository outside the policy is blocked", req: r(execRole, "ecr:BatchGetImage", "arn:aws:ecr:ap-northeast-1:111122223333:repository/other"),
			layers: Layers{Identity: []*Policy{taskExec}, Endpoint: epOnlyMyApp}, want: ImplicitDeny, deniedBy: LayerEndpoint,
			reason: "because no VPC endpoint policy allows the ecr:BatchGetImage action"},
		{name: "VPC endpoint policy: the allowed repository passes and is cited", req: r(execRole, "ecr:BatchGetImage", repoARN),
			layers: Layers{Identity: []*Policy{taskExec}, Endpoint: epOnlyMyApp}, want: Allow,
			deciding: []string{"VPC endpoint policy/ecr.dkr endpoint policy/OnlyMyApp", "identity-based policy/AmazonECSTaskExecutionRolePolicy/Statement[0]"}},
		{name: "ECR-UG VPC endpoints: S3 endpoint policy must allow the starport layer bucket", req: r(execRole, "s3:GetObject", "arn:aws:s3:::prod-ap-northeast-1-starport-layer-bucket/sha256/0a1b"),
			layers: Layers{Identity: []*Policy{s3Read}, Endpoint: s3Endpoint}, want: Allow},
		{name: "ECR-UG VPC endpoints: an S3 endpoint policy for customer buckets only blocks layers", req: r(execRole, "s3:GetObject", "arn:aws:s3:::prod-ap-northeast-1-starport-layer-bucket/sha256/0a1b"),
			layers: Layers{Identity: []*Policy{s3Read}, Endpoint: s3EndpointCustomerOnly}, want: ImplicitDeny, deniedBy: LayerEndpoint},
		{name: "IAM-UG VPC condition keys: aws:sourceVpce present (ECS-DG example, lower-case key)", req: withCtx(r(execRole, "ecr:BatchGetImage", repoARN), "aws:SourceVpce", "vpce-0a1b2c3d", "aws:SourceVpc", "vpc-0123abcd"),
			layers: Layers{Identity: []*Policy{ecsVpcePolicy}}, want: Allow},
		{name: "IAM-UG VPC condition keys: aws:SourceVpce absent on an internet path", req: withCtx(r(execRole, "ecr:BatchGetImage", repoARN), "aws:SourceIp", "203.0.113.10"),
			layers: Layers{Identity: []*Policy{ecsVpcePolicy}}, want: ImplicitDeny, deniedBy: LayerIdentity},
		{name: "ECS-DG: GetAuthorizationToken is in the unconditioned statement, so no endpoint key is needed", req: r(execRole, "ecr:GetAuthorizationToken", "*"),
			layers: Layers{Identity: []*Policy{ecsVpcePolicy}}, want: Allow},
		{name: "IAM-UG Condition: StringNotEquals deny applies when aws:SourceVpce is absent", req: withCtx(r(execRole, "ecr:BatchGetImage", repoARN), "aws:SourceIp", "203.0.113.10"),
			layers: Layers{Identity: []*Policy{taskExec, denyOutsideVpce}}, want: ExplicitDeny, deniedBy: LayerIdentity},
		{name: "IAM-UG Condition: StringNotEquals deny does not apply through the endpoint", req: withCtx(r(execRole, "ecr:BatchGetImage", repoARN), "aws:SourceVpce", "vpce-0a1b2c3d"),
			layers: Layers{Identity: []*Policy{taskExec, denyOutsideVpce}}, want: Allow},

		// Organizations (SCPs, RCPs).
		{name: "AWS Organizations SCP: FullAWSAccess at every level", req: r(execRole, "ecr:BatchGetImage", repoARN),
			layers: Layers{Identity: []*Policy{taskExec}, SCPs: [][]*Policy{{fullAccess}, {fullAccess}}}, want: Allow},
		{name: "AWS Organizations SCP: a level without an allow denies", req: r(execRole, "ecr:BatchGetImage", repoARN),
			layers: Layers{Identity: []*Policy{taskExec}, SCPs: [][]*Policy{{fullAccess}, {scpOnlyS3}}}, want: ImplicitDeny, deniedBy: LayerSCP,
			reason: "because no service control policy allows the ecr:BatchGetImage action"},
		{name: "AWS Organizations SCP: explicit deny outside the allowed region", req: withCtx(r(execRole, "ecr:BatchGetImage", repoARN), "aws:RequestedRegion", "us-east-1"),
			layers: Layers{Identity: []*Policy{taskExec}, SCPs: [][]*Policy{{fullAccess, scpDenyRegion}}}, want: ExplicitDeny, deniedBy: LayerSCP,
			reason: "with an explicit deny in a service control policy"},
		{name: "AWS Organizations RCP: a level without an allow denies", req: r(execRole, "secretsmanager:GetSecretValue", secARN),
			layers: Layers{Identity: []*Policy{getSecret}, RCPs: [][]*Policy{{scpOnlyS3}}}, want: ImplicitDeny, deniedBy: LayerRCP,
			reason: "because no resource control policy allows the secretsmanager:GetSecretValue action"},
		{name: "AWS Organizations RCP: deny for principals outside the org", req: withCtx(r(execRole, "secretsmanager:GetSecretValue", secARN), "aws:PrincipalOrgID", "o-zzzzzzzzzz", "aws:PrincipalIsAWSService", "false"),
			layers: Layers{Identity: []*Policy{getSecret}, RCPs: [][]*Policy{{fullAccess, rcpOnlyOrg}}}, want: ExplicitDeny, deniedBy: LayerRCP},

		// Policy variables (IAM-UG "IAM policy elements: Variables and tags").
		{name: "IAM-UG Variables: ${aws:PrincipalTag/team} in Resource resolves", req: withCtx(r(execRole, "secretsmanager:GetSecretValue", "arn:aws:secretsmanager:ap-northeast-1:111122223333:secret:payments/db-AbCdEf"), "aws:PrincipalTag/team", "payments"),
			layers: Layers{Identity: []*Policy{tagScoped}}, want: Allow},
		{name: "IAM-UG Variables: a variable with no value makes the statement not match", req: r(execRole, "secretsmanager:GetSecretValue", "arn:aws:secretsmanager:ap-northeast-1:111122223333:secret:payments/db-AbCdEf"),
			layers: Layers{Identity: []*Policy{tagScoped}}, want: ImplicitDeny},
		{name: "IAM-UG Version: with 2008-10-17 variables are literal text", req: withCtx(r(execRole, "secretsmanager:GetSecretValue", "arn:aws:secretsmanager:ap-northeast-1:111122223333:secret:payments/db-AbCdEf"), "aws:PrincipalTag/team", "payments"),
			layers: Layers{Identity: []*Policy{tagScoped2008}}, want: ImplicitDeny},

		// Unknowns (docs/model.md "Unknown, assumption, pass": a missing deciding
		// fact is unknown, never a silent non-match).
		{name: "docs/model.md unknown: unsupported operator in the only allow is Unknown, not a deny", req: r(execRole, "ecr:BatchGetImage", repoARN),
			layers: Layers{Identity: []*Policy{unsupportedAllow}}, want: Unknown,
			missing: []string{`policy "Weird": condition operator "StringEqualsSometimes" is not supported`}},
		{name: "docs/model.md unknown: unsupported operator in an allow does not matter when another allow decides", req: r(execRole, "ecr:BatchGetImage", repoARN),
			layers: Layers{Identity: []*Policy{unsupportedAllow, taskExec}}, want: Allow},
		{name: "docs/model.md unknown: an unknown deny that could apply blocks an allow", req: r(execRole, "ecr:BatchGetImage", repoARN),
			layers: Layers{Identity: []*Policy{taskExec, unsupportedDeny}}, want: Unknown,
			missing: []string{`policy "WeirdDeny": condition operator "StringEqualsSometimes" is not supported`}},
		{name: "IAM-UG evaluation logic: a known explicit deny decides despite an unknown deny", req: r(execRole, "ecr:BatchGetImage", repoARN),
			layers: Layers{Identity: []*Policy{taskExec, unsupportedDeny, pol("NoPull", denyDoc("*", "ecr:BatchGetImage"))}}, want: ExplicitDeny, deniedBy: LayerIdentity,
			deciding: []string{"identity-based policy/NoPull/DenyIt"}},
		{name: "IAM-UG evaluation logic: an unknown deny cannot turn an implicit deny into an allow", req: r(execRole, "ecr:BatchGetImage", repoARN),
			layers: Layers{Identity: []*Policy{unsupportedDeny}}, want: ImplicitDeny, deniedBy: LayerIdentity,
			note: `a Deny in them could only make the deny explicit: policy "WeirdDeny": condition operator "StringEqualsSometimes" is not supported`},
		{name: "docs/model.md unknown: unresolved policies make an allow Unknown", req: r(execRole, "ecr:BatchGetImage", xRepoARN),
			layers: Layers{Identity: []*Policy{taskExec}, Unresolved: []string{"shared-base repository policy"}}, want: Unknown,
			missing: []string{`policy "shared-base repository policy": document not in the input`}},
		{name: "docs/model.md unknown: an unresolved policy that may be the missing allow makes an implicit deny Unknown", req: r(execRole, "secretsmanager:GetSecretValue", secARN),
			layers: Layers{Identity: []*Policy{taskExec}, Unresolved: []string{"inline policy SecretsAccess"}}, want: Unknown,
			missing: []string{`policy "inline policy SecretsAccess": document not in the input`}},
		{name: "IAM-UG evaluation logic: a known explicit deny still decides with unresolved policies", req: r(execRole, "ecr:BatchGetImage", repoARN),
			layers: Layers{Identity: []*Policy{taskExec, pol("NoPull", denyDoc("*", "ecr:*"))}, Unresolved: []string{"boundary"}}, want: ExplicitDeny, deniedBy: LayerIdentity},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkDecision(t, tt, Evaluate(tt.req, tt.layers)) })
	}
}

func checkDecision(t *testing.T, tt evalCase, d Decision) {
	t.Helper()
	if d.Effect != tt.want {
		t.Fatalf("Effect = %s, want %s (decision %+v)", d.Effect, tt.want, d)
	}
	if tt.reason != "" && d.Reason != tt.reason {
		t.Errorf("Reason = %q, want %q", d.Reason, tt.reason)
	}
	switch tt.want {
	case Allow:
		if d.Reason != "" || d.DeniedBy != "" {
			t.Errorf("allow carries Reason %q DeniedBy %q", d.Reason, d.DeniedBy)
		}
		if len(d.Deciding) == 0 {
			t.Errorf("allow lists no deciding statement")
		}
	case ImplicitDeny, ExplicitDeny:
		if tt.deniedBy != "" && d.DeniedBy != tt.deniedBy {
			t.Errorf("DeniedBy = %q, want %q", d.DeniedBy, tt.deniedBy)
		}
		if d.Reason == "" {
			t.Errorf("deny without a Reason")
		}
	case Unknown:
		if len(d.Missing) == 0 {
			t.Errorf("Unknown without Missing")
		}
	}
	if tt.deciding != nil {
		var got []string
		for _, m := range d.Deciding {
			got = append(got, string(m.Layer)+"/"+m.Policy+"/"+m.Statement)
		}
		if !reflect.DeepEqual(got, tt.deciding) {
			t.Errorf("Deciding = %q\nwant       %q", got, tt.deciding)
		}
	}
	if tt.missing != nil && !reflect.DeepEqual(d.Missing, tt.missing) {
		t.Errorf("Missing = %q, want %q", d.Missing, tt.missing)
	}
	if tt.note == "" && d.Note != "" || !strings.Contains(d.Note, tt.note) {
		t.Errorf("Note = %q, want %q", d.Note, tt.note)
	}
}

// TestEvaluateUnresolvedBesideFilters: IAM-UG "Policy evaluation logic": an
// SCP, RCP, VPC endpoint policy, permissions boundary or session policy
// that does not allow denies, and a policy of another layer cannot lift
// it; only a policy of the same layer (an SCP of the same level, another
// session policy) or a resource policy naming the session (IAM-UG
// "Permissions boundaries for IAM entities", "Session policies") could.
func TestEvaluateUnresolvedBesideFilters(t *testing.T) {
	taskExec := pol("AmazonECSTaskExecutionRolePolicy", allowDoc("*", "ecr:GetAuthorizationToken", "ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage", "logs:CreateLogStream", "logs:PutLogEvents"))
	scpOnlyS3 := pol("OnlyS3", allowDoc("*", "s3:*"))
	s3Boundary := pol("S3Boundary", allowDoc("*", "s3:*"))
	epOther := pol("ecr.dkr endpoint policy", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"ecr:*","Resource":"arn:aws:ecr:ap-northeast-1:111122223333:repository/other"}]}`)
	unknownDeny := pol("WeirdDeny", `{"Version":"2012-10-17","Statement":[{"Sid":"MaybeDeny","Effect":"Deny","Action":"ecr:*","Resource":"*","Condition":{"StringEqualsSometimes":{"aws:SourceVpce":"vpce-1"}}}]}`)
	idMissing := []UnresolvedPolicy{{Name: "inline policy Extra", Layer: LayerIdentity}}
	req := r(execRole, "ecr:BatchGetImage", repoARN)
	tests := []struct {
		evalCase
	}{
		{evalCase: evalCase{name: "AWS Organizations SCP evaluation: a level without an allow denies beside an unresolved identity policy", req: req,
			layers: Layers{Identity: []*Policy{taskExec}, SCPs: [][]*Policy{{fullAccess}, {scpOnlyS3}}, UnresolvedPolicies: idMissing},
			want:   ImplicitDeny, deniedBy: LayerSCP, reason: "because no service control policy allows the ecr:BatchGetImage action", note: `a Deny in them could only make the deny explicit: policy "inline policy Extra": document not in the input`}},
		{evalCase: evalCase{name: "AWS Organizations SCP evaluation: an unresolved policy of unsaid layer may be the level's allow", req: req,
			layers: Layers{Identity: []*Policy{taskExec}, SCPs: [][]*Policy{{fullAccess}, {scpOnlyS3}}, Unresolved: []string{"SCP AllowEcr"}},
			want:   Unknown, missing: []string{`policy "SCP AllowEcr": document not in the input`}}},
		{evalCase: evalCase{name: "AWS Organizations SCP evaluation: an unresolved SCP of the failing level may allow", req: req,
			layers: Layers{Identity: []*Policy{taskExec}, SCPs: [][]*Policy{{fullAccess}, {scpOnlyS3}}, UnresolvedPolicies: []UnresolvedPolicy{{Name: "SCP AllowEcr", Layer: LayerSCP, Level: 2}}},
			want:   Unknown}},
		{evalCase: evalCase{name: "AWS Organizations SCP evaluation: an unresolved SCP of another level cannot lift the failing one", req: req,
			layers: Layers{Identity: []*Policy{taskExec}, SCPs: [][]*Policy{{fullAccess}, {scpOnlyS3}}, UnresolvedPolicies: []UnresolvedPolicy{{Name: "root SCP", Layer: LayerSCP, Level: 1}}},
			want:   ImplicitDeny, deniedBy: LayerSCP, note: "a Deny in them could only make the deny explicit"}},
		{evalCase: evalCase{name: "AWS Organizations SCP evaluation: an unresolved SCP beside a known allow is unknown", req: req,
			layers: Layers{Identity: []*Policy{taskExec}, SCPs: [][]*Policy{{fullAccess}}, UnresolvedPolicies: []UnresolvedPolicy{{Name: "root SCP", Layer: LayerSCP}}},
			want:   Unknown, missing: []string{`policy "root SCP": document not in the input`}}},
		{evalCase: evalCase{name: "AWS Organizations SCP evaluation: an unresolved SCP beside a known explicit deny", req: req,
			layers: Layers{Identity: []*Policy{taskExec, pol("NoPull", denyDoc("*", "ecr:BatchGetImage"))}, UnresolvedPolicies: []UnresolvedPolicy{{Name: "root SCP", Layer: LayerSCP}}},
			want:   ExplicitDeny, deniedBy: LayerIdentity}},
		{evalCase: evalCase{name: "AWS Organizations RCP evaluation: a level without an allow denies beside an unresolved resource policy", req: r(execRole, "secretsmanager:GetSecretValue", secARN),
			layers: Layers{RCPs: [][]*Policy{{scpOnlyS3}}, UnresolvedPolicies: []UnresolvedPolicy{{Name: "secret policy", Layer: LayerResource}}},
			want:   ImplicitDeny, deniedBy: LayerRCP, note: "a Deny in them could only make the deny explicit"}},
		{evalCase: evalCase{name: "AWS Organizations RCP evaluation: an unresolved RCP of the failing level may allow", req: r(execRole, "secretsmanager:GetSecretValue", secARN),
			layers: Layers{Identity: []*Policy{pol("AnySecret", allowDoc("*", "secretsmanager:GetSecretValue"))}, RCPs: [][]*Policy{{scpOnlyS3}}, UnresolvedPolicies: []UnresolvedPolicy{{Name: "RCP", Layer: LayerRCP, Level: 1}}},
			want:   Unknown}},
		{evalCase: evalCase{name: "VPC endpoint policies: an endpoint policy without the repository denies beside an unresolved policy of unsaid layer", req: req,
			layers: Layers{Identity: []*Policy{taskExec}, Endpoint: epOther, Unresolved: []string{"repository policy"}},
			want:   ImplicitDeny, deniedBy: LayerEndpoint, note: "a Deny in them could only make the deny explicit"}},
		{evalCase: evalCase{name: "VPC endpoint policies: an unresolved endpoint policy beside a known allow is unknown", req: req,
			layers: Layers{Identity: []*Policy{taskExec}, UnresolvedPolicies: []UnresolvedPolicy{{Name: "endpoint policy", Layer: LayerEndpoint}}},
			want:   Unknown}},
		{evalCase: evalCase{name: "IAM-UG Permissions boundaries: a boundary without the action denies beside an unresolved identity policy", req: req,
			layers: Layers{Identity: []*Policy{taskExec}, Boundary: s3Boundary, UnresolvedPolicies: idMissing},
			want:   ImplicitDeny, deniedBy: LayerBoundary, note: "a Deny in them could only make the deny explicit"}},
		{evalCase: evalCase{name: "IAM-UG Permissions boundaries: an unresolved resource policy may name the session, which the boundary does not limit", req: req,
			layers: Layers{Identity: []*Policy{taskExec}, Boundary: s3Boundary, Unresolved: []string{"repository policy"}},
			want:   Unknown}},
		{evalCase: evalCase{name: "IAM-UG Permissions boundaries: cross account the boundary denies beside an unresolved resource policy", req: cross(r(execRole, "ecr:BatchGetImage", xRepoARN), otherAcc),
			layers: Layers{Identity: []*Policy{taskExec}, Boundary: s3Boundary, UnresolvedPolicies: []UnresolvedPolicy{{Name: "repository policy", Layer: LayerResource}}},
			want:   ImplicitDeny, deniedBy: LayerBoundary, note: "a Deny in them could only make the deny explicit"}},
		{evalCase: evalCase{name: "IAM-UG Permissions boundaries: an unresolved boundary beside a known allow is unknown", req: req,
			layers: Layers{Identity: []*Policy{taskExec}, UnresolvedPolicies: []UnresolvedPolicy{{Name: "boundary", Layer: LayerBoundary}}},
			want:   Unknown}},
		{evalCase: evalCase{name: "IAM-UG Session policies: a session policy without the action denies beside an unresolved identity policy", req: req,
			layers: Layers{Identity: []*Policy{taskExec}, Session: []*Policy{scpOnlyS3}, UnresolvedPolicies: idMissing},
			want:   ImplicitDeny, deniedBy: LayerSession, note: "a Deny in them could only make the deny explicit"}},
		{evalCase: evalCase{name: "IAM-UG Session policies: another, unresolved session policy may allow", req: req,
			layers: Layers{Identity: []*Policy{taskExec}, Session: []*Policy{scpOnlyS3}, UnresolvedPolicies: []UnresolvedPolicy{{Name: "managed session policy", Layer: LayerSession}}},
			want:   Unknown}},
		{evalCase: evalCase{name: "AWS Organizations Service control policies: an unresolved SCP does not matter in the management account", req: req,
			layers: Layers{Identity: []*Policy{taskExec}, ManagementAccount: true, UnresolvedPolicies: []UnresolvedPolicy{{Name: "root SCP", Layer: LayerSCP}}},
			want:   Allow}},
		{evalCase: evalCase{name: "AWS Organizations Resource control policies: an unresolved RCP does not matter for a management-account resource", req: r(execRole, "secretsmanager:GetSecretValue", secARN),
			layers: Layers{Identity: []*Policy{pol("AnySecret", allowDoc("*", "secretsmanager:GetSecretValue"))}, ResourceManagementAccount: true, UnresolvedPolicies: []UnresolvedPolicy{{Name: "RCP", Layer: LayerRCP, Level: 1}}},
			want:   Allow}},
		{evalCase: evalCase{name: "ECS-DG trust policy: an unresolved identity policy does not matter to a service principal", req: r(ecsTasks, "sts:AssumeRole", roleARN),
			layers: Layers{Resource: ecsTrust, ResourceRequired: true, UnresolvedPolicies: []UnresolvedPolicy{{Name: "inline", Layer: LayerIdentity}, {Name: "SCP", Layer: LayerSCP}, {Name: "ep", Layer: LayerEndpoint}}},
			want:   Allow}},
		{evalCase: evalCase{name: "ECS-DG trust policy: an unresolved RCP matters to a service principal", req: r(ecsTasks, "sts:AssumeRole", roleARN),
			layers: Layers{Resource: ecsTrust, ResourceRequired: true, UnresolvedPolicies: []UnresolvedPolicy{{Name: "inline", Layer: LayerIdentity}, {Name: "RCP", Layer: LayerRCP}}},
			want:   Unknown, missing: []string{`policy "RCP": document not in the input`}}},
		{evalCase: evalCase{name: "IAM-UG Condition operators: an unknown deny beside an SCP that does not allow could only make the deny explicit", req: req,
			layers: Layers{Identity: []*Policy{taskExec, unknownDeny}, SCPs: [][]*Policy{{scpOnlyS3}}},
			want:   ImplicitDeny, deniedBy: LayerSCP, note: `policy "WeirdDeny": condition operator "StringEqualsSometimes" is not supported`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkDecision(t, tt.evalCase, Evaluate(tt.req, tt.layers))
		})
	}
}
