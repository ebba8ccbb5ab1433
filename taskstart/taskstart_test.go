package taskstart

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/ecs-preflight/ecs-preflight/world"
)

// expect names the step a case is about and what it must say.
// testNow is the clock of the tests' dated rules (WithNow): after the
// retirement of Fargate platform version 1.3.0 in every partition that has
// a date (ECS-DG "AWS Fargate Linux platform version deprecation").
var testNow = time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)

type expect struct {
	container string
	step      StepKind
	subject   string // "" matches any subject
	status    Status
	// reason must be a substring of the stoppedReason (fail) or of one of
	// the missing facts (unknown) or assumptions.
	reason string
	fix    string // substring of the fix
	// evidence must be a substring of one of the evidence lines.
	evidence string
}

func simulate(t *testing.T, w *world.World) Task {
	t.Helper()
	res, err := Simulate(context.Background(), w, WithService("app"), WithNow(testNow))
	if err != nil {
		t.Fatalf("Simulate: %v", err)
	}
	if len(res.Tasks) != 1 {
		t.Fatalf("got %d tasks, want 1", len(res.Tasks))
	}
	return res.Tasks[0]
}

func findStep(task Task, e expect) *Step {
	var last *Step
	for i := range task.Steps {
		st := &task.Steps[i]
		if st.Step != e.step || st.Container != e.container || (e.subject != "" && !strings.Contains(st.Subject, e.subject)) {
			continue
		}
		// Prefer the step with the expected status when a container has
		// several of the same kind (a secret and its KMS key).
		if st.Status == e.status {
			return st
		}
		last = st
	}
	return last
}

func dump(task Task) string {
	var b strings.Builder
	for _, st := range task.Steps {
		b.WriteString("\n  " + st.Container + " " + string(st.Step) + " [" + st.Subject + "] " + string(st.Status) + ": " + st.Summary)
		if st.StoppedReason != "" {
			b.WriteString("\n      reason: " + st.StoppedReason)
		}
		for _, m := range st.Missing {
			b.WriteString("\n      missing: " + m)
		}
		for _, e := range st.Evidence {
			b.WriteString("\n      evidence: " + e)
		}
	}
	return b.String()
}

func checkExpect(t *testing.T, task Task, e expect) {
	t.Helper()
	st := findStep(task, e)
	if st == nil {
		t.Fatalf("no %s step for container %q subject %q; steps:%s", e.step, e.container, e.subject, dump(task))
	}
	if st.Status != e.status {
		t.Fatalf("%s %s: status %s, want %s; steps:%s", e.container, e.step, st.Status, e.status, dump(task))
	}
	switch st.Status {
	case Fail:
		if st.StoppedReason == "" || st.Fix == "" {
			t.Errorf("failing step without stoppedReason or fix: %+v", st)
		}
		if !strings.Contains(st.StoppedReason, e.reason) {
			t.Errorf("stoppedReason %q does not contain %q", st.StoppedReason, e.reason)
		}
		if !strings.Contains(st.Fix, e.fix) {
			t.Errorf("fix %q does not contain %q", st.Fix, e.fix)
		}
		if !strings.Contains(strings.Join(st.Evidence, "\n"), e.evidence) {
			t.Errorf("evidence %q does not mention %q", st.Evidence, e.evidence)
		}
	case Unknown:
		if len(st.Missing) == 0 {
			t.Errorf("unknown step names nothing missing: %+v", st)
		}
		if e.reason != "" && !strings.Contains(strings.Join(st.Missing, "\n"), e.reason) {
			t.Errorf("missing %q does not mention %q", st.Missing, e.reason)
		}
	default:
		all := strings.Join(append(append([]string{}, st.Assumptions...), st.Warnings...), "\n")
		if e.reason != "" && !strings.Contains(all, e.reason) {
			t.Errorf("assumptions/warnings %q do not mention %q", all, e.reason)
		}
	}
}

func TestBaseWorldPasses(t *testing.T) {
	task := simulate(t, baseWorld())
	if task.Verdict != Pass {
		t.Fatalf("verdict %s, want pass; steps:%s", task.Verdict, dump(task))
	}
	want := []StepKind{StepTaskDefinition, StepExecutionRole, StepRegistryAuth, StepImageManifest, StepImageLayers, StepLogs}
	if len(task.Steps) != len(want) {
		t.Fatalf("got %d steps, want %d:%s", len(task.Steps), len(want), dump(task))
	}
	for i, k := range want {
		if task.Steps[i].Step != k {
			t.Errorf("step %d is %s, want %s (platform order, docs/model.md)", i, task.Steps[i].Step, k)
		}
	}
	if task.PlatformVersion != "1.4.0" {
		t.Errorf("LATEST resolved to %q, want 1.4.0 (ECS-DG Fargate platform versions)", task.PlatformVersion)
	}
}

const (
	pullOnly = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ecr:BatchCheckLayerAvailability","ecr:GetDownloadUrlForLayer","ecr:BatchGetImage","logs:CreateLogStream","logs:PutLogEvents"],"Resource":"*"}]}`
	ssmParam = "arn:aws:ssm:ap-northeast-1:111122223333:parameter/app/db-password"
	smSecret = "arn:aws:secretsmanager:ap-northeast-1:111122223333:secret:app/db-AbCdEf"
	cmkARN   = "arn:aws:kms:ap-northeast-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	// KMS-DG "Default key policy": the root statement delegates to IAM.
	defaultKeyPolicy = `{"Version":"2012-10-17","Id":"key-default-1","Statement":[{"Sid":"Enable IAM User Permissions","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"}]}`
	// A key policy that names only an admin role: IAM policies grant nothing.
	closedKeyPolicy = `{"Version":"2012-10-17","Statement":[{"Sid":"KeyAdmins","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/KeyAdmin"},"Action":"kms:*","Resource":"*"}]}`
)

func addSSMParam(w *world.World, typ, keyID string) {
	w.Parameters.Put(ssmParam, &world.Parameter{Name: "/app/db-password", ARN: ssmParam, Type: typ, KeyId: keyID})
	app(w).Secrets = []world.ContainerSecret{{Name: "DB_PASSWORD", ValueFrom: ssmParam}}
}

func addSMSecret(w *world.World, kmsKey string, keys ...string) {
	sec := &world.Secret{ARN: smSecret, Name: "app/db", KmsKeyId: kmsKey, ResourcePolicyKnown: true}
	if keys != nil {
		sec.Value = &world.SecretShape{Kind: "json", Keys: keys}
	}
	w.Secrets.Put(smSecret, sec)
}

func addCMK(w *world.World, policy string) {
	w.Keys.Put(cmkARN, &world.Key{KeyId: "1234abcd-12ab-34cd-56ef-1234567890ab", Arn: cmkARN, KeyManager: "CUSTOMER", KeyState: "Enabled", Policy: policy})
}

func TestSteps(t *testing.T) {
	cases := []mutationCase{
		// execution-role
		{"ECS-DG Amazon ECS task execution IAM role: trust policy must name ecs-tasks.amazonaws.com", func(w *world.World) {
			role(w).AssumeRolePolicyDocument = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`
		}, expect{step: StepExecutionRole, status: Fail, reason: "ECS was unable to assume the role", fix: "ecs-tasks.amazonaws.com"}},
		{"IAM-UG confused deputy: aws:SourceAccount of another account blocks the trust", func(w *world.World) {
			role(w).AssumeRolePolicyDocument = `{"Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"aws:SourceAccount":"999999999999"}}}]}`
		}, expect{step: StepExecutionRole, status: Fail, reason: "unable to assume"}},
		{"IAM-UG confused deputy: aws:SourceAccount when the account is not known decides nothing", func(w *world.World) {
			w.AccountID, w.AccountFrom = "", "no --account, and the template pins none"
			role(w).AssumeRolePolicyDocument = `{"Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"aws:SourceAccount":"999999999999"}}}]}`
		}, expect{step: StepExecutionRole, status: Unknown, reason: "--account"}},
		{"IAM-UG confused deputy: aws:SourceArn arn:aws:ecs:REGION:ACCOUNT:* admits the task", func(w *world.World) {
			role(w).AssumeRolePolicyDocument = `{"Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole","Condition":{"ArnLike":{"aws:SourceArn":"arn:aws:ecs:ap-northeast-1:111122223333:*"},"StringEquals":{"aws:SourceAccount":"111122223333"}}}]}`
		}, expect{step: StepExecutionRole, status: OK}},
		{"role not in the input is unknown, not pass", func(w *world.World) {
			w.Roles = world.NewSet[world.Role]("iam:GetRole", false)
		}, expect{step: StepExecutionRole, status: Unknown, reason: "iam:GetRole"}},
		{"ECS-DG task execution role: ECR image on Fargate without an execution role fails", func(w *world.World) {
			td(w).ExecutionRoleArn = ""
			app(w).LogConfiguration = nil
		}, expect{step: StepExecutionRole, status: Fail, reason: "no execution role", fix: "executionRoleArn"}},
		{"role without ListRolePolicies is unknown: an unseen inline policy could deny", func(w *world.World) {
			role(w).InlineKnown = false
		}, expect{container: "app", step: StepRegistryAuth, status: Unknown, reason: "iam:ListRolePolicies"}},

		// registry-auth (ECR)
		{"ECR-UG Using Amazon ECR images with Amazon ECS: no ecr:GetAuthorizationToken", func(w *world.World) { inline(w, pullOnly) },
			expect{container: "app", step: StepRegistryAuth, status: Fail,
				reason: "ecr:GetAuthorizationToken on resource: * because no identity-based policy allows the ecr:GetAuthorizationToken action",
				fix:    `"Action":"ecr:GetAuthorizationToken","Resource":"*"`}},
		{"IAM-UG evaluation logic: explicit deny in an inline policy overrides the managed allow", func(w *world.World) {
			addInline(w, "deny-ecr", `{"Statement":[{"Sid":"NoECR","Effect":"Deny","Action":"ecr:*","Resource":"*"}]}`)
		}, expect{container: "app", step: StepRegistryAuth, status: Fail, reason: "with an explicit deny in an identity-based policy", fix: "NoECR"}},
		{"IAM-UG permissions boundaries: boundary without ecr denies the token", func(w *world.World) {
			role(w).PermissionsBoundaryArn = "arn:aws:iam::111122223333:policy/Boundary"
			w.Policies.Put("arn:aws:iam::111122223333:policy/Boundary", &world.ManagedPolicy{Arn: "arn:aws:iam::111122223333:policy/Boundary", PolicyName: "Boundary",
				Document: `{"Statement":[{"Effect":"Allow","Action":"logs:*","Resource":"*"}]}`})
		}, expect{container: "app", step: StepRegistryAuth, status: Fail, reason: "because no permissions boundary allows", fix: "permissions boundary"}},
		{`ECS-DG "Amazon ECS task execution IAM role" (archived text) vs the AWS Containers Blog post "AWS Fargate launches platform version 1.4" (April 2020): aws:SourceVpce on ecr:GetAuthorizationToken decides, so the step is unknown`, func(w *world.World) {
			useEndpoints(w, "ecr.api", "ecr.dkr", "logs")
			inline(w, `{"Statement":[{"Effect":"Allow","Action":["ecr:GetAuthorizationToken","ecr:BatchGetImage","ecr:GetDownloadUrlForLayer","logs:CreateLogStream","logs:PutLogEvents"],"Resource":"*","Condition":{"StringEquals":{"aws:sourceVpce":"vpce-ecr.api"}}}]}`)
		}, expect{container: "app", step: StepRegistryAuth, status: Unknown, reason: "owned by AWS Fargate"}},
		{"ECS-DG Amazon ECS task execution IAM role: aws:SourceVpce on the pull actions holds through the ecr.dkr endpoint", func(w *world.World) {
			useEndpoints(w, "ecr.api", "ecr.dkr", "logs")
			inline(w, `{"Statement":[{"Effect":"Allow","Action":["ecr:GetAuthorizationToken","logs:CreateLogStream","logs:PutLogEvents"],"Resource":"*"},{"Effect":"Allow","Action":["ecr:BatchCheckLayerAvailability","ecr:GetDownloadUrlForLayer","ecr:BatchGetImage"],"Resource":"*","Condition":{"StringEquals":{"aws:sourceVpce":"vpce-ecr.dkr","aws:sourceVpc":"vpc-1"}}}]}`)
		}, expect{container: "app", step: StepImageManifest, status: OK}},
		{"IAM-UG VPC condition keys: aws:SourceVpce is absent over a NAT gateway", func(w *world.World) {
			inline(w, `{"Statement":[{"Effect":"Allow","Action":["ecr:GetAuthorizationToken","logs:CreateLogStream","logs:PutLogEvents"],"Resource":"*"},{"Effect":"Allow","Action":["ecr:GetDownloadUrlForLayer","ecr:BatchGetImage"],"Resource":"*","Condition":{"StringEquals":{"aws:sourceVpce":"vpce-ecr.dkr"}}}]}`)
		}, expect{container: "app", step: StepImageManifest, status: Fail, reason: "ecr:BatchGetImage"}},
		{"IAM-UG SCPs: an SCP without ecr leaves the token denied", func(w *world.World) {
			w.SCPs = &world.PolicyPath{Levels: []world.PolicyLevel{{Target: "r-root", Policies: []world.NamedPolicy{{Name: "OnlyLogs", Document: `{"Statement":[{"Effect":"Allow","Action":"logs:*","Resource":"*"}]}`}}}}}
		}, expect{container: "app", step: StepRegistryAuth, status: Fail, reason: "service control policy", fix: "the organization's service control policies do not allow ecr:GetAuthorizationToken"}},
		{"Organizations-UG SCP evaluation: every level must allow; an OU whose SCP allows no ecr action denies the token", func(w *world.World) {
			inOrg(w)
			w.SCPs = orgPath(scpFullAccess, func(l []world.PolicyLevel) {
				l[1].Policies = []world.NamedPolicy{{Name: "OnlyLogsAndSecrets", Document: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["logs:*","secretsmanager:*"],"Resource":"*"}]}`}}
			})
		}, expect{container: "app", step: StepRegistryAuth, status: Fail, reason: "because no service control policy allows the ecr:GetAuthorizationToken action", fix: "organization administrator"}},
		{"Organizations-UG SCP evaluation: FullAWSAccess at every level lets the identity policies decide", inOrg,
			expect{container: "app", step: StepRegistryAuth, status: OK}},
		{"IAM-UG policy evaluation logic: an explicit deny in an SCP at the root stops GetSecretValue", func(w *world.World) {
			inOrg(w)
			w.SCPs.Levels[0].Policies = append(w.SCPs.Levels[0].Policies, world.NamedPolicy{Name: "DenySecrets",
				Document: `{"Version":"2012-10-17","Statement":[{"Sid":"NoSecrets","Effect":"Deny","Action":"secretsmanager:GetSecretValue","Resource":"*"}]}`})
			withSecret(w)
		}, expect{container: "app", step: StepSecrets, status: Fail, reason: "with an explicit deny in a service control policy", fix: "NoSecrets"}},
		{"Organizations-UG SCPs: SCPs don't affect users or roles in the management account", func(w *world.World) {
			inOrg(w)
			w.ManagementAccountID = acct
			w.SCPs.Levels[0].Policies = append(w.SCPs.Levels[0].Policies, world.NamedPolicy{Name: "DenySecrets",
				Document: `{"Version":"2012-10-17","Statement":[{"Sid":"NoSecrets","Effect":"Deny","Action":"secretsmanager:GetSecretValue","Resource":"*"}]}`})
			withSecret(w)
		}, expect{container: "app", step: StepSecrets, status: OK}},
		{"IAM-UG policy evaluation logic: an SCP that allows no ecr action denies the token even beside an unresolved inline policy", func(w *world.World) {
			inOrg(w)
			w.SCPs = orgPath(scpFullAccess, func(l []world.PolicyLevel) {
				l[1].Policies = []world.NamedPolicy{{Name: "OnlyLogs", Document: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"logs:*","Resource":"*"}]}`}}
			})
			addInline(w, "fromTemplate", "")
			role(w).InlinePolicies[len(role(w).InlinePolicies)-1].Unknown = "Fn::ImportValue SharedPolicy"
		}, expect{container: "app", step: StepRegistryAuth, status: Fail, reason: "because no service control policy allows the ecr:GetAuthorizationToken action", evidence: "could only make the deny explicit"}},
		{"IAM-UG permissions boundaries: a boundary that allows no ecr action denies the token even when the role's policy list is unknown", func(w *world.World) {
			r := role(w)
			r.InlineKnown = false
			r.BoundaryKnown = true
			r.PermissionsBoundaryArn = "arn:aws:iam::" + acct + ":policy/OnlyLogs"
			w.Policies.Put(r.PermissionsBoundaryArn, &world.ManagedPolicy{Arn: r.PermissionsBoundaryArn, PolicyName: "OnlyLogs",
				Document: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"logs:*","Resource":"*"}]}`})
		}, expect{container: "app", step: StepRegistryAuth, status: Fail, reason: "because no permissions boundary allows the ecr:GetAuthorizationToken action"}},
		{"IAM-UG policy evaluation logic: an unresolved inline policy beside allowing filters stays unknown", func(w *world.World) {
			inOrg(w)
			inline(w, `{"Statement":[{"Effect":"Allow","Action":["logs:CreateLogStream","logs:PutLogEvents"],"Resource":"*"}]}`)
			addInline(w, "fromTemplate", "")
			role(w).InlinePolicies[len(role(w).InlinePolicies)-1].Unknown = "Fn::ImportValue SharedPolicy"
		}, expect{container: "app", step: StepRegistryAuth, status: Unknown, reason: "Fn::ImportValue SharedPolicy"}},
		{"an SCP the input lists without its document makes the decision unknown: it could deny", func(w *world.World) {
			inOrg(w)
			w.SCPs.Levels[1].Missing = []string{"organizations:DescribePolicy p-abc123 (attached to ou-abcd-11111111)"}
		}, expect{container: "app", step: StepRegistryAuth, status: Unknown, reason: "organizations:DescribePolicy p-abc123"}},
		{"an explicit deny in a known SCP decides even beside an unknown one", func(w *world.World) {
			inOrg(w)
			w.SCPs.Levels[1].Missing = []string{"organizations:DescribePolicy p-abc123 (attached to ou-abcd-11111111)"}
			w.SCPs.Levels[2].Policies = append(w.SCPs.Levels[2].Policies, world.NamedPolicy{Name: "DenyECR",
				Document: `{"Statement":[{"Sid":"NoECR","Effect":"Deny","Action":"ecr:*","Resource":"*"}]}`})
		}, expect{container: "app", step: StepRegistryAuth, status: Fail, reason: "explicit deny in a service control policy", fix: "NoECR"}},
		{"Organizations-UG RCP examples (data perimeter): aws:PrincipalOrgID of the account's organization passes", func(w *world.World) {
			inOrg(w)
			w.RCPs = orgPath(rcpFullAccess, func(l []world.PolicyLevel) {
				l[0].Policies = append(l[0].Policies, world.NamedPolicy{Name: "DataPerimeter", Document: `{"Version":"2012-10-17","Statement":[{"Sid":"EnforceOrgIdentities","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"StringNotEqualsIfExists":{"aws:PrincipalOrgID":"o-exampleorgid"},"BoolIfExists":{"aws:PrincipalIsAWSService":"false"}}}]}`})
			})
			withEnvFile(w)
		}, expect{container: "app", step: StepEnvironmentFiles, status: OK}},
		{"Organizations-UG RCP examples (data perimeter): an RCP admitting only another organization denies s3:GetObject", func(w *world.World) {
			inOrg(w)
			w.RCPs = orgPath(rcpFullAccess, func(l []world.PolicyLevel) {
				l[1].Policies = append(l[1].Policies, world.NamedPolicy{Name: "DataPerimeter", Document: `{"Version":"2012-10-17","Statement":[{"Sid":"EnforceOrgIdentities","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"StringNotEqualsIfExists":{"aws:PrincipalOrgID":"o-partnerorg1"},"BoolIfExists":{"aws:PrincipalIsAWSService":"false"}}}]}`})
			})
			withEnvFile(w)
		}, expect{container: "app", step: StepEnvironmentFiles, status: Fail, reason: "AccessDenied", fix: "EnforceOrgIdentities"}},
		{`Organizations-UG "Resource control policies (RCPs)" (2026-09-26): they do not restrict services outside the supported list (Systems Manager here)`, func(w *world.World) {
			inOrg(w)
			w.RCPs = orgPath(rcpFullAccess, func(l []world.PolicyLevel) {
				l[0].Policies = append(l[0].Policies, world.NamedPolicy{Name: "DenyAll", Document: `{"Statement":[{"Effect":"Deny","Principal":"*","Action":"*","Resource":"*"}]}`})
			})
			addSSMParam(w, "String", "")
			addInline(w, "ssm", `{"Statement":[{"Effect":"Allow","Action":"ssm:GetParameters","Resource":"*"}]}`)
		}, expect{container: "app", step: StepSecrets, status: OK}},
		{"an RCP level the input cannot list makes a same-account S3 call unknown", func(w *world.World) {
			inOrg(w)
			w.RCPs = orgPath(rcpFullAccess, func(l []world.PolicyLevel) {
				l[2].Policies, l[2].Missing = nil, []string{"organizations:ListPoliciesForTarget --target-id 111122223333 --filter RESOURCE_CONTROL_POLICY"}
			})
			withEnvFile(w)
		}, expect{container: "app", step: StepEnvironmentFiles, status: Unknown, reason: "--filter RESOURCE_CONTROL_POLICY"}},
		{"Organizations-UG RCPs: they don't affect resources in the management account", func(w *world.World) {
			inOrg(w)
			w.ManagementAccountID = acct
			w.RCPs = orgPath(rcpFullAccess, func(l []world.PolicyLevel) {
				l[0].Policies = append(l[0].Policies, world.NamedPolicy{Name: "DenyS3", Document: `{"Statement":[{"Sid":"NoS3","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*"}]}`})
			})
			withEnvFile(w)
		}, expect{container: "app", step: StepEnvironmentFiles, status: OK}},

		// image-manifest and image-layers
		{"ECR-UG Private repository policy examples: cross-account repository without a policy for us", func(w *world.World) {
			other := "arn:aws:ecr:ap-northeast-1:999999999999:repository/shared"
			app(w).Image = "999999999999.dkr.ecr.ap-northeast-1.amazonaws.com/shared:2"
			w.Repositories.Put(other, &world.Repository{RepositoryArn: other, RegistryId: "999999999999", RepositoryName: "shared", PolicyKnown: true,
				PolicyText: `{"Statement":[{"Sid":"AllowOther","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"]}]}`})
		}, expect{container: "app", step: StepImageManifest, status: Fail, reason: "because no resource-based policy allows the ecr:BatchGetImage action", fix: "repository policy of shared"}},
		{"ECR-UG Private repository policy examples: a policy naming the account root lets the role pull cross-account", func(w *world.World) {
			other := "arn:aws:ecr:ap-northeast-1:999999999999:repository/shared"
			app(w).Image = "999999999999.dkr.ecr.ap-northeast-1.amazonaws.com/shared:2"
			w.Repositories.Put(other, &world.Repository{RepositoryArn: other, RegistryId: "999999999999", RepositoryName: "shared", PolicyKnown: true,
				PolicyText: `{"Version":"2012-10-17","Statement":[{"Sid":"AllowCrossAccountPull","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"]}]}`})
		}, expect{container: "app", step: StepImageLayers, status: OK}},
		{"another account's repository not in the input is unknown", func(w *world.World) {
			app(w).Image = "999999999999.dkr.ecr.ap-northeast-1.amazonaws.com/shared:2"
		}, expect{container: "app", step: StepImageManifest, status: Unknown, reason: "ecr:GetRepositoryPolicy"}},
		{"repository missing from a complete DescribeRepositories: not found", func(w *world.World) {
			app(w).Image = "111122223333.dkr.ecr.ap-northeast-1.amazonaws.com/typo:1.0"
		}, expect{container: "app", step: StepImageManifest, status: Fail, reason: "not found", fix: "create repository typo"}},
		{"ECR-UG VPC endpoints: an ecr.dkr endpoint policy without BatchGetImage blocks the manifest", func(w *world.World) {
			useEndpoints(w, "ecr.api", "ecr.dkr", "logs")
			w.VPCEndpoints.Get("vpce-ecr.dkr").PolicyDocument = `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"ecr:GetAuthorizationToken","Resource":"*"}]}`
		}, expect{container: "app", step: StepImageManifest, status: Fail, reason: "VPC endpoint policy", fix: "endpoint policy of vpce-ecr.dkr"}},
		{"ECR-UG VPC endpoints (minimum S3 permissions): S3 gateway policy without the layer bucket blocks layers", func(w *world.World) {
			useEndpoints(w, "ecr.api", "ecr.dkr", "logs")
			w.VPCEndpoints.Get("vpce-s3").PolicyDocument = `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::my-app-config/*"}]}`
		}, expect{container: "app", step: StepImageLayers, status: Fail, reason: "403 Forbidden", fix: "prod-ap-northeast-1-starport-layer-bucket"}},
		{"ECR-UG VPC endpoints: all endpoints present pass", func(w *world.World) { useEndpoints(w, "ecr.api", "ecr.dkr", "logs") },
			expect{container: "app", step: StepImageLayers, status: OK}},
		{"ECR-UG Amazon ECR interface VPC endpoints (AWS PrivateLink): no S3 gateway endpoint, layers time out", func(w *world.World) {
			useEndpoints(w, "ecr.api", "ecr.dkr", "logs")
			w.VPCEndpoints = func() world.Set[world.VPCEndpoint] {
				s := world.NewSet[world.VPCEndpoint]("ec2:DescribeVpcEndpoints", true)
				for _, e := range w.VPCEndpoints.All() {
					if e.VpcEndpointId != "vpce-s3" {
						s.Put(e.VpcEndpointId, e)
					}
				}
				return s
			}()
			rt := w.RouteTables.Get("rtb-priv")
			rt.Routes = rt.Routes[:1]
		}, expect{container: "app", step: StepImageLayers, status: Fail, reason: "i/o timeout"}},
		{"ECR-UG VPC endpoints: without ecr.api the token call times out", func(w *world.World) { useEndpoints(w, "ecr.dkr", "logs") },
			expect{container: "app", step: StepRegistryAuth, status: Fail, reason: "There is a connection issue between the task and Amazon ECR"}},
		{"amazon-ecs-agent#1128: public subnet without a public IP", func(w *world.World) {
			svc(w).NetworkConfiguration.AwsvpcConfiguration.Subnets = []string{"subnet-pub"}
		}, expect{container: "app", step: StepRegistryAuth, status: Fail, reason: "i/o timeout", fix: ""}},
		{"private subnet with no route out: the token call times out", func(w *world.World) {
			rt := w.RouteTables.Get("rtb-priv")
			rt.Routes = rt.Routes[:1]
		}, expect{container: "app", step: StepRegistryAuth, status: Fail, reason: "connection issue"}},
		{"route tables not in the input: network unknown", func(w *world.World) {
			w.RouteTables = world.Set[world.RouteTable]{}
		}, expect{container: "app", step: StepRegistryAuth, status: Unknown}},

		// registry-auth (private registry)
		{"ECS-DG Private registry authentication for tasks: Docker Hub image without secretsmanager:GetSecretValue", func(w *world.World) {
			app(w).Image = "docker.io/acme/api:1.4.2"
			app(w).RepositoryCredentials = &world.RepositoryCredentials{CredentialsParameter: smSecret}
			addSMSecret(w, "", "username", "password")
		}, expect{container: "app", step: StepRegistryAuth, status: Fail, reason: "secretsmanager:GetSecretValue", fix: "secretsmanager:GetSecretValue"}},
		{"agent asm.go: registry credentials must hold username and password", func(w *world.World) {
			app(w).Image = "docker.io/acme/api:1.4.2"
			app(w).RepositoryCredentials = &world.RepositoryCredentials{CredentialsParameter: smSecret}
			addSMSecret(w, "", "user", "token")
			addInline(w, "sm", `{"Statement":[{"Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"`+smSecret+`"}]}`)
		}, expect{container: "app", step: StepRegistryAuth, status: Fail, reason: "AuthorizationData is malformed"}},
		{"ECS-DG private registry auth: credentials readable, pull over NAT", func(w *world.World) {
			app(w).Image = "docker.io/acme/api:1.4.2"
			app(w).RepositoryCredentials = &world.RepositoryCredentials{CredentialsParameter: smSecret}
			addSMSecret(w, "", "Username", "Password")
			addInline(w, "sm", `{"Statement":[{"Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"arn:aws:secretsmanager:ap-northeast-1:111122223333:secret:app/db-*"}]}`)
		}, expect{container: "app", step: StepRegistryAuth, status: OK, reason: "accepted by docker.io"}},
		{"Docker Docs Docker Hub usage and limits: anonymous Docker Hub pulls are rate-limited (warn)", func(w *world.World) { app(w).Image = "nginx:1.27" },
			expect{container: "app", step: StepRegistryAuth, status: Warn, reason: "toomanyrequests"}},
		{"ECR-UG Amazon ECR interface VPC endpoints (AWS PrivateLink): Docker Hub is not reachable through VPC endpoints", func(w *world.World) {
			app(w).Image = "nginx:1.27"
			useEndpoints(w, "ecr.api", "ecr.dkr", "logs")
		}, expect{container: "app", step: StepImageManifest, status: Fail, reason: "registry-1.docker.io"}},

		// secrets
		{"ECS-DG task execution role: ssm:GetParameters allowed on the parameter", func(w *world.World) {
			addSSMParam(w, "SecureString", "alias/aws/ssm")
			addInline(w, "ssm", `{"Statement":[{"Effect":"Allow","Action":"ssm:GetParameters","Resource":"`+ssmParam+`"}]}`)
		}, expect{container: "app", step: StepSecrets, status: OK}},
		{"ECS-DG task execution role: AmazonECSTaskExecutionRolePolicy has no ssm:GetParameters", func(w *world.World) {
			addSSMParam(w, "String", "")
		}, expect{container: "app", step: StepSecrets, status: Fail, reason: "unable to retrieve secrets from ssm", fix: "ssm:GetParameters"}},
		{"agent agent/ssm: a missing parameter gives invalid ssm parameters", func(w *world.World) {
			app(w).Secrets = []world.ContainerSecret{{Name: "DB", ValueFrom: "/app/missing"}}
			addInline(w, "ssm", `{"Statement":[{"Effect":"Allow","Action":"ssm:GetParameters","Resource":"*"}]}`)
		}, expect{container: "app", step: StepSecrets, status: Fail, reason: "invalid ssm parameters: /app/missing"}},
		{"KMS-DG key policies: SecureString under a key whose policy does not delegate to IAM", func(w *world.World) {
			addSSMParam(w, "SecureString", cmkARN)
			addCMK(w, closedKeyPolicy)
			addInline(w, "ssm", `{"Statement":[{"Effect":"Allow","Action":["ssm:GetParameters","kms:Decrypt"],"Resource":"*"}]}`)
		}, expect{container: "app", step: StepSecrets, subject: "KMS key", status: Fail, reason: "kms:Decrypt", fix: "key policy"}},
		{"ECS-DG Amazon ECS task execution IAM role: Secrets Manager secret under a CMK without kms:Decrypt", func(w *world.World) {
			addSMSecret(w, cmkARN, "password")
			addCMK(w, defaultKeyPolicy)
			app(w).Secrets = []world.ContainerSecret{{Name: "DB_PASSWORD", ValueFrom: smSecret + ":password::"}}
			addInline(w, "sm", `{"Statement":[{"Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"`+smSecret+`"}]}`)
		}, expect{container: "app", step: StepSecrets, subject: "KMS key", status: Fail, reason: "Access to KMS is not allowed", fix: "kms:Decrypt"}},
		{"ECS-DG Amazon ECS task execution IAM role: kms:Decrypt on the CMK with the default key policy passes", func(w *world.World) {
			addSMSecret(w, cmkARN, "password")
			addCMK(w, defaultKeyPolicy)
			app(w).Secrets = []world.ContainerSecret{{Name: "DB_PASSWORD", ValueFrom: smSecret + ":password::"}}
			addInline(w, "sm", `{"Statement":[{"Effect":"Allow","Action":["secretsmanager:GetSecretValue","kms:Decrypt"],"Resource":["`+smSecret+`","`+cmkARN+`"]}]}`)
		}, expect{container: "app", step: StepSecrets, subject: "KMS key", status: OK}},
		{"agent asmsecret: JSON key missing from the secret", func(w *world.World) {
			addSMSecret(w, "", "username")
			app(w).Secrets = []world.ContainerSecret{{Name: "DB_PASSWORD", ValueFrom: smSecret + ":password::"}}
			addInline(w, "sm", `{"Statement":[{"Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"*"}]}`)
		}, expect{container: "app", step: StepSecrets, status: Fail, reason: "did not contain json key password"}},
		{"ECS-DG pass Secrets Manager secrets: version stage and version id are exclusive", func(w *world.World) {
			addSMSecret(w, "", "password")
			app(w).Secrets = []world.ContainerSecret{{Name: "DB_PASSWORD", ValueFrom: smSecret + ":password:AWSCURRENT:0a1b2c3d"}}
			addInline(w, "sm", `{"Statement":[{"Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"*"}]}`)
		}, expect{container: "app", step: StepSecrets, status: Fail, reason: "both a version ID and a version stage"}},
		{"SM-UG resource policy: an explicit deny in the secret's policy", func(w *world.World) {
			addSMSecret(w, "", "password")
			w.Secrets.Get(smSecret).ResourcePolicy = `{"Statement":[{"Sid":"DenyAll","Effect":"Deny","Principal":"*","Action":"secretsmanager:GetSecretValue","Resource":"*"}]}`
			app(w).Secrets = []world.ContainerSecret{{Name: "DB_PASSWORD", ValueFrom: smSecret}}
			addInline(w, "sm", `{"Statement":[{"Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"*"}]}`)
		}, expect{container: "app", step: StepSecrets, status: Fail, reason: "explicit deny in a resource-based policy", fix: "DenyAll"}},
		{"a secret not in the input is unknown", func(w *world.World) {
			app(w).Secrets = []world.ContainerSecret{{Name: "DB_PASSWORD", ValueFrom: smSecret}}
			addInline(w, "sm", `{"Statement":[{"Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"*"}]}`)
		}, expect{container: "app", step: StepSecrets, status: Unknown, reason: "secretsmanager:DescribeSecret"}},
		{"umotif terraform-aws-ecs-fargate#50: PV 1.4.0 with Secrets Manager unreachable", func(w *world.World) {
			useEndpoints(w, "ecr.api", "ecr.dkr", "logs")
			addSMSecret(w, "", "password")
			app(w).Secrets = []world.ContainerSecret{{Name: "DB_PASSWORD", ValueFrom: smSecret}}
			addInline(w, "sm", `{"Statement":[{"Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"*"}]}`)
		}, expect{container: "app", step: StepSecrets, status: Fail, reason: "connection issue between the task and AWS Secrets Manager"}},

		// environment-files
		{"ECS-DG environment files: s3:GetObject and s3:GetBucketLocation allowed", func(w *world.World) {
			app(w).EnvironmentFiles = []world.EnvironmentFile{{Value: "arn:aws:s3:::my-app-config/prod.env", Type: "s3"}}
			w.Buckets.Put("my-app-config", &world.Bucket{Name: "my-app-config", Region: region, PolicyKnown: true})
			addInline(w, "s3", `{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::my-app-config/*"},{"Effect":"Allow","Action":"s3:GetBucketLocation","Resource":"arn:aws:s3:::my-app-config"}]}`)
		}, expect{container: "app", step: StepEnvironmentFiles, status: OK}},
		{"agent agent/s3/factory: env files need s3:GetBucketLocation too", func(w *world.World) {
			app(w).EnvironmentFiles = []world.EnvironmentFile{{Value: "arn:aws:s3:::my-app-config/prod.env", Type: "s3"}}
			w.Buckets.Put("my-app-config", &world.Bucket{Name: "my-app-config", Region: region, PolicyKnown: true})
			addInline(w, "s3", `{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::my-app-config/*"}]}`)
		}, expect{container: "app", step: StepEnvironmentFiles, status: Fail, reason: "AccessDenied", fix: "s3:GetBucketLocation"}},

		// logs
		{"ECS-DG awslogs: log group missing without awslogs-create-group", func(w *world.World) {
			app(w).LogConfiguration.Options["awslogs-group"] = "/ecs/other"
		}, expect{container: "app", step: StepLogs, status: Fail, reason: "The specified log group does not exist", fix: "create log group /ecs/other"}},
		{"DescribeLogGroups lists one region: a group in another awslogs-region is unknown, not absent", func(w *world.World) {
			app(w).LogConfiguration.Options["awslogs-region"] = "us-west-2"
		}, expect{container: "app", step: StepLogs, status: Unknown, reason: "logs:DescribeLogGroups"}},
		{"ECS-DG awslogs: awslogs-create-group needs logs:CreateLogGroup", func(w *world.World) {
			app(w).LogConfiguration.Options["awslogs-group"] = "/ecs/other"
			app(w).LogConfiguration.Options["awslogs-create-group"] = "true"
		}, expect{container: "app", step: StepLogs, status: Fail, reason: "logs:CreateLogGroup", fix: "logs:CreateLogGroup"}},
		{"moby daemon/logger/awslogs: with awslogs-create-group and a group of unknown existence, a missing CreateLogGroup permission is unknown", func(w *world.World) {
			w.LogGroups = world.NewSet[world.LogGroup]("logs:DescribeLogGroups", false)
			app(w).LogConfiguration.Options["awslogs-create-group"] = "true"
		}, expect{container: "app", step: StepLogs, status: Unknown, reason: "logs:CreateLogGroup"}},
		{"moby daemon/logger/awslogs: with awslogs-create-group an existing group needs no CreateLogGroup", func(w *world.World) {
			app(w).LogConfiguration.Options["awslogs-create-group"] = "true"
		}, expect{container: "app", step: StepLogs, status: OK}},
		{"a trust policy known only after deploy is unknown and named", func(w *world.World) {
			role(w).AssumeRolePolicyDocument = ""
			role(w).Unknown = map[string]string{"AssumeRolePolicyDocument": `Fn::ImportValue "shared-TrustPolicy"`}
		}, expect{step: StepExecutionRole, status: Unknown, reason: "shared-TrustPolicy"}},
		{"CWL-UG CloudWatch Logs permissions reference: logs scoped to log-group:/ecs/* covers the stream", func(w *world.World) {
			inline(w, `{"Statement":[{"Effect":"Allow","Action":["ecr:GetAuthorizationToken","ecr:BatchCheckLayerAvailability","ecr:GetDownloadUrlForLayer","ecr:BatchGetImage"],"Resource":"*"},{"Effect":"Allow","Action":["logs:CreateLogStream","logs:PutLogEvents"],"Resource":"arn:aws:logs:ap-northeast-1:111122223333:log-group:/ecs/*"}]}`)
		}, expect{container: "app", step: StepLogs, status: OK}},
		{"awsdocs/amazon-ecr-user-guide#16: no logs endpoint, the stream cannot be created", func(w *world.World) { useEndpoints(w, "ecr.api", "ecr.dkr") },
			expect{container: "app", step: StepLogs, status: Fail, reason: "failed to create Cloudwatch log stream"}},

		// task-definition
		{"ECS-DG Amazon ECS task execution IAM role (fabfuel/ecs-deploy#87): secrets without executionRoleArn are rejected", func(w *world.World) {
			td(w).ExecutionRoleArn = ""
			app(w).Secrets = []world.ContainerSecret{{Name: "X", ValueFrom: "/x"}}
		}, expect{container: "app", step: StepTaskDefinition, subject: "secrets", status: Fail, reason: "you must also specify a value for 'executionRoleArn'"}},
		{"ECS-DG Fargate: networkMode must be awsvpc", func(w *world.World) { td(w).NetworkMode = "bridge" },
			expect{step: StepTaskDefinition, status: Fail, reason: "awsvpc"}},
		{"ECS-DG task CPU and memory: 256 cpu with 4096 MiB is not a Fargate size", func(w *world.World) { td(w).Memory = "4096" },
			expect{step: StepTaskDefinition, status: Fail, reason: "Invalid 'cpu' setting for task."}},
		{"ECS-DG task CPU and memory: 1 vCPU with 3 GB is a Fargate size", func(w *world.World) { td(w).Cpu, td(w).Memory = "1 vCPU", "3 GB" },
			expect{step: StepTaskDefinition, status: OK}},
		{"ECS-DG retired platform versions: 1.2.0", func(w *world.World) { svc(w).PlatformVersion = "1.2.0" },
			expect{step: StepTaskDefinition, subject: "platformVersion", status: Fail, reason: "retired", fix: "LATEST"}},
		{"ECS-DG Pass Secrets Manager secrets through environment variables: a JSON key needs PV 1.4.0", func(w *world.World) {
			svc(w).PlatformVersion = "1.3.0"
			app(w).Secrets = []world.ContainerSecret{{Name: "X", ValueFrom: smSecret + ":password::"}}
		}, expect{container: "app", step: StepTaskDefinition, status: Fail, reason: "1.4.0"}},
		{"ECS-DG awslogs: awslogs-stream-prefix is required on Fargate", func(w *world.World) {
			delete(app(w).LogConfiguration.Options, "awslogs-stream-prefix")
		}, expect{container: "app", step: StepTaskDefinition, status: Fail, reason: "awslogs-stream-prefix"}},
		{"ECS-DG LogConfiguration: Fargate supports awslogs, splunk and awsfirelens only", func(w *world.World) {
			app(w).LogConfiguration = &world.LogConfiguration{LogDriver: "syslog"}
		}, expect{container: "app", step: StepTaskDefinition, status: Fail, reason: "syslog"}},
		{"ECS-DG Amazon ECS task definition parameters: imagePullBehavior is not a field", func(w *world.World) {
			app(w).ExtraFields = []string{"imagePullBehavior"}
		}, expect{container: "app", step: StepTaskDefinition, status: Warn}},
		{"ECS-DG task definition parameters: container names allow letters, digits, - and _", func(w *world.World) { app(w).Name = "app.web" },
			expect{container: "app.web", step: StepTaskDefinition, status: Fail, reason: "Container name"}},
		{"invalid image reference", func(w *world.World) { app(w).Image = "Registry.Example.com/App:1" },
			expect{container: "app", step: StepTaskDefinition, subject: "image", status: Fail, reason: "invalid reference format"}},

		{"Terraform jsonencode with an unknown part: containers unknown, the execution role still judged", func(w *world.World) {
			td(w).Unknown = map[string]string{"containerDefinitions": "container_definitions of aws_ecs_task_definition.app is known only after apply"}
			role(w).AssumeRolePolicyDocument = `{"Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`
		}, expect{step: StepExecutionRole, status: Fail, reason: "unable to assume"}},
		// launch types and platform versions
		{"EC2 launch type: pulls use the instance's network, which the input lacks", func(w *world.World) { svc(w).LaunchType = "EC2" },
			expect{container: "app", step: StepRegistryAuth, status: Unknown, reason: "container instance"}},
		{"PV 1.3.0: the task ENI is not the platform path, network undecided", func(w *world.World) {
			svc(w).PlatformVersion = "1.3.0"
			rt := w.RouteTables.Get("rtb-priv")
			rt.Routes = rt.Routes[:1]
		}, expect{container: "app", step: StepLogs, status: Unknown, reason: "1.3.0"}},
		{"capacity provider FARGATE_SPOT is Fargate", func(w *world.World) {
			svc(w).LaunchType = ""
			svc(w).CapacityProviderStrategy = []world.CapacityProviderStrategyItem{{CapacityProvider: "FARGATE_SPOT", Weight: 1}}
		}, expect{container: "app", step: StepRegistryAuth, status: OK}},
	}
	runMutationCases(t, cases)
}

func TestStandaloneTaskDefinitionIsUnknown(t *testing.T) {
	w := baseWorld()
	w.Services = world.NewSet[world.Service]("ecs:DescribeServices", true)
	res, err := Simulate(context.Background(), w)
	if err != nil {
		t.Fatal(err)
	}
	if res.Verdict != VerdictUnknown {
		t.Fatalf("verdict %s, want unknown: a task definition alone has no network placement", res.Verdict)
	}
	checkExpect(t, res.Tasks[0], expect{container: "app", step: StepRegistryAuth, status: Unknown, reason: "networkConfiguration"})
}

func TestSelectErrors(t *testing.T) {
	_, err := Simulate(context.Background(), baseWorld(), WithService("nope"))
	var nf *NotFoundError
	if err == nil || !errors.As(err, &nf) || nf.Kind != "service" {
		t.Fatalf("got %v, want NotFoundError for the service", err)
	}
	if _, err := Simulate(context.Background(), baseWorld(), WithTaskDefinition("")); err == nil {
		t.Fatal("empty task definition name accepted")
	}
	res, err := Simulate(context.Background(), baseWorld(), WithTaskDefinition("app:1"))
	if err != nil || len(res.Tasks) != 1 || res.Tasks[0].Service != "app" {
		t.Fatalf("family:revision selection: %v %+v", err, res)
	}
}

// A failing step always carries stoppedReason and fix; an unknown step
// always names what is missing (docs/model.md, "Unknown, assumption,
// pass").
func TestContractInvariants(t *testing.T) {
	muts := []func(*world.World){
		func(w *world.World) {},
		func(w *world.World) { inline(w, pullOnly) },
		func(w *world.World) { w.RouteTables = world.Set[world.RouteTable]{} },
		func(w *world.World) { svc(w).LaunchType = "EC2" },
		func(w *world.World) { useEndpoints(w) },
	}
	for i, m := range muts {
		w := baseWorld()
		m(w)
		task := simulate(t, w)
		for _, st := range task.Steps {
			if st.Status == Fail && (st.StoppedReason == "" || st.Fix == "") {
				t.Errorf("case %d: fail without stoppedReason/fix: %+v", i, st)
			}
			if st.Status == Unknown && len(st.Missing) == 0 {
				t.Errorf("case %d: unknown without missing: %+v", i, st)
			}
		}
	}
}

// Two secrets under one customer key need one kms:Decrypt answer, not two.
func TestOneKMSStepPerKey(t *testing.T) {
	w := baseWorld()
	addSMSecret(w, cmkARN, "username", "password")
	addCMK(w, defaultKeyPolicy)
	app(w).Secrets = []world.ContainerSecret{
		{Name: "DB_USER", ValueFrom: smSecret + ":username::"},
		{Name: "DB_PASSWORD", ValueFrom: smSecret + ":password::"},
	}
	task := simulate(t, w)
	n := 0
	for _, st := range task.Steps {
		if strings.HasPrefix(st.Subject, "KMS key") {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("%d KMS steps, want 1:%s", n, dump(task))
	}
}
