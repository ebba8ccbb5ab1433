package taskstart

import (
	"testing"

	"github.com/ecs-preflight/ecs-preflight/world"
)

// TestAWSManagedKeyDenies: KMS-DG "AWS managed keys" lets the account's
// principals use aws/ssm and aws/secretsmanager through the service
// without an allow of their own, but IAM-UG "Policy evaluation logic"
// still lets an explicit deny (identity policy, boundary, SCP) and an SCP
// without the action stop the request.
func TestAWSManagedKeyDenies(t *testing.T) {
	ssmAWSKey := func(w *world.World) {
		addSSMParam(w, "SecureString", "alias/aws/ssm")
		addInline(w, "ssm", `{"Statement":[{"Effect":"Allow","Action":"ssm:GetParameters","Resource":"*"}]}`)
	}
	smAWSKey := func(w *world.World) {
		withSecret(w)
	}
	denyDecrypt := `{"Version":"2012-10-17","Statement":[{"Sid":"NoDecrypt","Effect":"Deny","Action":"kms:Decrypt","Resource":"*"}]}`
	runMutationCases(t, []mutationCase{
		{`KMS-DG "AWS managed keys": aws/ssm needs no kms:Decrypt allow in the role's policy`, ssmAWSKey,
			expect{container: "app", step: StepSecrets, status: OK}},
		{`KMS-DG "AWS managed keys": aws/secretsmanager needs no kms:Decrypt allow in the role's policy`, smAWSKey,
			expect{container: "app", step: StepSecrets, status: OK}},
		{`IAM-UG "Policy evaluation logic": an identity policy denying kms:Decrypt on * stops aws/ssm`, func(w *world.World) {
			ssmAWSKey(w)
			addInline(w, "nokms", denyDecrypt)
		}, expect{container: "app", step: StepSecrets, subject: "KMS key aws/ssm", status: Fail, reason: "with an explicit deny in an identity-based policy", fix: "NoDecrypt"}},
		{`IAM-UG "Policy evaluation logic": an identity policy denying kms:Decrypt on * stops aws/secretsmanager`, func(w *world.World) {
			smAWSKey(w)
			addInline(w, "nokms", denyDecrypt)
		}, expect{container: "app", step: StepSecrets, subject: "KMS key aws/secretsmanager", status: Fail, reason: "Access to KMS is not allowed", fix: "NoDecrypt"}},
		{`IAM-UG "Policy evaluation logic" with AWS Organizations "Service control policies": an SCP denying kms:* stops aws/ssm`, func(w *world.World) {
			inOrg(w)
			w.SCPs.Levels[1].Policies = append(w.SCPs.Levels[1].Policies, world.NamedPolicy{Name: "DenyKMS",
				Document: `{"Version":"2012-10-17","Statement":[{"Sid":"NoKMS","Effect":"Deny","Action":"kms:*","Resource":"*"}]}`})
			ssmAWSKey(w)
		}, expect{container: "app", step: StepSecrets, subject: "KMS key aws/ssm", status: Fail, reason: "with an explicit deny in a service control policy", fix: "NoKMS"}},
		{`IAM-UG "Policy evaluation logic": a permissions boundary denying kms:Decrypt stops aws/secretsmanager`, func(w *world.World) {
			smAWSKey(w)
			r := role(w)
			r.PermissionsBoundaryArn = "arn:aws:iam::" + acct + ":policy/Boundary"
			w.Policies.Put(r.PermissionsBoundaryArn, &world.ManagedPolicy{Arn: r.PermissionsBoundaryArn, PolicyName: "Boundary",
				Document: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Sid":"NoDecrypt","Effect":"Deny","Action":"kms:Decrypt","Resource":"*"}]}`})
		}, expect{container: "app", step: StepSecrets, subject: "KMS key aws/secretsmanager", status: Fail, reason: "Access to KMS is not allowed", fix: "NoDecrypt"}},
		{`IAM-UG "Policy evaluation logic": a deny naming one key ARN is undecided while the key id of aws/ssm is not in the input`, func(w *world.World) {
			ssmAWSKey(w)
			addInline(w, "nokms", `{"Version":"2012-10-17","Statement":[{"Sid":"NoDecrypt","Effect":"Deny","Action":"kms:Decrypt","Resource":"arn:aws:kms:ap-northeast-1:111122223333:key/0000aaaa-00aa-00aa-00aa-000000aaaaaa"}]}`)
		}, expect{container: "app", step: StepSecrets, subject: "KMS key aws/ssm", status: Unknown, reason: "key id of aws/ssm"}},
		{`AWS Organizations "Service control policies": an SCP that allows no kms action stops aws/ssm (every SCP level must allow)`, func(w *world.World) {
			inOrg(w)
			w.SCPs.Levels[1].Policies = []world.NamedPolicy{{Name: "NoKMS", Document: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ecr:*","logs:*","ssm:*"],"Resource":"*"}]}`}}
			ssmAWSKey(w)
		}, expect{container: "app", step: StepSecrets, subject: "KMS key aws/ssm", status: Fail, reason: "because no service control policy allows the kms:Decrypt action"}},
		{`KMS-DG "AWS managed keys": the key policy the input has for aws/ssm is used, and an identity deny still stops it`, func(w *world.World) {
			w.Keys.Put(awsSSMKey, &world.Key{KeyId: "0000aaaa-00aa-00aa-00aa-000000aaaaaa", Arn: awsSSMKey, KeyManager: "AWS", KeyState: "Enabled",
				Policy: `{"Version":"2012-10-17","Id":"auto-ssm","Statement":[{"Sid":"Allow access through AWS Systems Manager for all principals in the account that are authorized to use AWS Systems Manager","Effect":"Allow","Principal":{"AWS":"*"},"Action":["kms:Encrypt","kms:Decrypt","kms:ReEncrypt*","kms:GenerateDataKey*","kms:CreateGrant","kms:DescribeKey"],"Resource":"*","Condition":{"StringEquals":{"kms:CallerAccount":"111122223333","kms:ViaService":"ssm.ap-northeast-1.amazonaws.com"}}}]}`})
			addSSMParam(w, "SecureString", awsSSMKey)
			addInline(w, "ssm", `{"Statement":[{"Effect":"Allow","Action":"ssm:GetParameters","Resource":"*"}]}`)
			addInline(w, "nokms", `{"Version":"2012-10-17","Statement":[{"Sid":"NoDecrypt","Effect":"Deny","Action":"kms:Decrypt","Resource":"`+awsSSMKey+`"}]}`)
		}, expect{container: "app", step: StepSecrets, subject: "KMS key aws/ssm", status: Fail, reason: "with an explicit deny in an identity-based policy", fix: "NoDecrypt"}},
		{`AWS Organizations "Resource control policies (RCPs)" (2026-09-26): RCPs do not apply to AWS managed keys`, func(w *world.World) {
			rcp("DenyKMS", `{"Version":"2012-10-17","Statement":[{"Sid":"NoKMS","Effect":"Deny","Principal":"*","Action":"kms:*","Resource":"*"}]}`)(w)
			ssmAWSKey(w)
		}, expect{container: "app", step: StepSecrets, status: OK}},
	})
}

// awsSSMKey is the ARN of the account's aws/ssm key when the input has it.
const awsSSMKey = "arn:aws:kms:ap-northeast-1:111122223333:key/0000aaaa-00aa-00aa-00aa-000000aaaaaa"

// TestAWSManagedKeyNoStep: a key nothing denies adds no kms:Decrypt step,
// as before; findStep alone would not see a failing one beside an OK
// secret step.
func TestAWSManagedKeyNoStep(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(*world.World)
	}{
		{`KMS-DG "AWS managed keys": aws/ssm with no statement on kms`, func(w *world.World) {}},
		{`IAM-UG "Policy evaluation logic": a boundary without kms:Decrypt does not limit the key policy's grant to Principal "*"`, func(w *world.World) {
			r := role(w)
			r.PermissionsBoundaryArn = "arn:aws:iam::" + acct + ":policy/Boundary"
			w.Policies.Put(r.PermissionsBoundaryArn, &world.ManagedPolicy{Arn: r.PermissionsBoundaryArn, PolicyName: "Boundary",
				Document: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ecr:*","logs:*","ssm:*"],"Resource":"*"}]}`})
		}},
		{`AWS Organizations "Resource control policies (RCPs)" (2026-09-26): an RCP denying kms:* does not reach aws/ssm`,
			rcp("DenyKMS", `{"Version":"2012-10-17","Statement":[{"Sid":"NoKMS","Effect":"Deny","Principal":"*","Action":"kms:*","Resource":"*"}]}`)},
		{`AWS Organizations "Resource control policies (RCPs)" (2026-09-26): RCPs do not apply to AWS managed keys, also when the input has the key`, func(w *world.World) {
			rcp("DenyKMS", `{"Version":"2012-10-17","Statement":[{"Sid":"NoKMS","Effect":"Deny","Principal":"*","Action":"kms:*","Resource":"*"}]}`)(w)
			w.Keys.Put(awsSSMKey, &world.Key{KeyId: "0000aaaa-00aa-00aa-00aa-000000aaaaaa", Arn: awsSSMKey, KeyManager: "AWS", KeyState: "Enabled"})
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := baseWorld()
			tc.edit(w)
			keyID := "alias/aws/ssm"
			if w.Keys.Get(awsSSMKey) != nil {
				keyID = awsSSMKey
			}
			addSSMParam(w, "SecureString", keyID)
			addInline(w, "ssm", `{"Statement":[{"Effect":"Allow","Action":"ssm:GetParameters","Resource":"*"}]}`)
			task := simulate(t, w)
			for _, st := range task.Steps {
				if st.RuleID == "EPF-KMS-DECRYPT" {
					t.Errorf("unexpected step for aws/ssm: %s %s", st.Status, st.Summary)
				}
			}
			if task.Verdict != Pass {
				t.Errorf("verdict %s, want pass:%s", task.Verdict, dump(task))
			}
		})
	}
}

// The AWS managed key's policy is built with the service host the request
// names; a host made from an odd region (an ARN's region is not checked)
// is quoted as JSON, so that the policy still parses.
func TestAWSManagedKeyPolicyQuotesHost(t *testing.T) {
	for _, via := range []string{"secretsmanager.eu-west-1.amazonaws.com", `ssm.a"b\c.amazonaws.com`} {
		pol, err := newPolicyCache().awsManagedKeyPolicy("alias/aws/ssm", via)
		if err != nil || pol == nil {
			t.Errorf("%s: %v", via, err)
		}
	}
}
