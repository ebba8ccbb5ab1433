package taskstart

import (
	"strings"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/world"
)

// ECS-DG "Pass Secrets Manager secrets through Amazon ECS environment
// variables": valueFrom is
// arn:aws:secretsmanager:region:aws_account_id:secret:secret-name:json-key:version-stage:version-id,
// the last three optional; anything else is an SSM parameter.
func TestParseSecretsManagerRef(t *testing.T) {
	const base = "arn:aws:secretsmanager:ap-northeast-1:111122223333:secret:db-AbCdEf"
	cases := []struct {
		name     string
		in       string
		ok       bool
		want     smRef
		isSuffix bool
	}{
		{"the whole secret", base, true, smRef{arn: base, name: "db-AbCdEf"}, false},
		{"a JSON key", base + ":password", true, smRef{arn: base, name: "db-AbCdEf", jsonKey: "password"}, true},
		{"a key and a stage", base + ":password:AWSPREVIOUS", true, smRef{arn: base, name: "db-AbCdEf", jsonKey: "password", versionStage: "AWSPREVIOUS"}, true},
		{"a stage alone (empty key)", base + "::AWSPREVIOUS:", true, smRef{arn: base, name: "db-AbCdEf", versionStage: "AWSPREVIOUS"}, true},
		{"a version id alone", base + ":::6f8e2a0b", true, smRef{arn: base, name: "db-AbCdEf", versionID: "6f8e2a0b"}, true},
		{"all three suffixes (ten fields)", base + ":k:AWSCURRENT:6f8e2a0b", true, smRef{arn: base, name: "db-AbCdEf", jsonKey: "k", versionStage: "AWSCURRENT", versionID: "6f8e2a0b"}, true},
		{"eleven fields is no Secrets Manager reference", base + ":k:AWSCURRENT:6f8e2a0b:extra", false, smRef{}, false},
		{"no secret name", "arn:aws:secretsmanager:ap-northeast-1:111122223333:secret:", false, smRef{}, false},
		{"six fields", "arn:aws:secretsmanager:ap-northeast-1:111122223333:secret", false, smRef{}, false},
		{"an SSM parameter ARN", "arn:aws:ssm:ap-northeast-1:111122223333:parameter/db", false, smRef{}, false},
		{"not an ARN", "xrn:aws:secretsmanager:ap-northeast-1:111122223333:secret:db", false, smRef{}, false},
		{"a plain name", "db", false, smRef{}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, ok := parseSecretsManagerRef(c.in)
			if ok != c.ok {
				t.Fatalf("parseSecretsManagerRef(%q) ok = %v, want %v", c.in, ok, c.ok)
			}
			if !ok {
				if !isSSM(c.in) {
					t.Errorf("isSSM(%q) = false for a value that is no Secrets Manager reference", c.in)
				}
				return
			}
			c.want.partition, c.want.region, c.want.account = "aws", "ap-northeast-1", "111122223333"
			if got != c.want {
				t.Errorf("parseSecretsManagerRef(%q) = %+v, want %+v", c.in, got, c.want)
			}
			if got.hasSuffix() != c.isSuffix {
				t.Errorf("hasSuffix() = %v, want %v", got.hasSuffix(), c.isSuffix)
			}
		})
	}
}

// ECS-DG "Pass Systems Manager parameters through Amazon ECS environment
// variables": a name in the task's region, or an ARN; the ARN of "db" is
// .../parameter/db and of "/app/db" is .../parameter/app/db.
func TestParseSSMRef(t *testing.T) {
	cases := []struct {
		in   string
		want ssmRef
	}{
		{"db", ssmRef{name: "db", arn: "arn:aws:ssm:ap-northeast-1:111122223333:parameter/db", region: "ap-northeast-1", account: "111122223333"}},
		{"/app/db", ssmRef{name: "/app/db", arn: "arn:aws:ssm:ap-northeast-1:111122223333:parameter/app/db", region: "ap-northeast-1", account: "111122223333"}},
		{"arn:aws:ssm:us-east-1:444455556666:parameter/db", ssmRef{name: "db", arn: "arn:aws:ssm:us-east-1:444455556666:parameter/db", region: "us-east-1", account: "444455556666"}},
		{"arn:aws:ssm:us-east-1:444455556666:parameter/app/db", ssmRef{name: "/app/db", arn: "arn:aws:ssm:us-east-1:444455556666:parameter/app/db", region: "us-east-1", account: "444455556666"}},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			if got := parseSSMRef(c.in, "ap-northeast-1", "111122223333", ""); got != c.want {
				t.Errorf("parseSSMRef(%q) = %+v, want %+v", c.in, got, c.want)
			}
		})
	}
}

// IAM-UG "Identifiers": a role ARN's name is its last path segment, and the
// session ARN drops the path (arn:aws:sts::ACCOUNT:assumed-role/NAME/SESSION).
func TestRoleARNs(t *testing.T) {
	cases := []struct{ arn, name, session string }{
		{"arn:aws:iam::111122223333:role/exec", "exec", "arn:aws:sts::111122223333:assumed-role/exec/t"},
		{"arn:aws:iam::111122223333:role/service-role/ecs/exec", "exec", "arn:aws:sts::111122223333:assumed-role/exec/t"},
		{"arn:aws-cn:iam::111122223333:role/exec", "exec", "arn:aws-cn:sts::111122223333:assumed-role/exec/t"},
		{"exec", "exec", "exec"},
	}
	for _, c := range cases {
		if got := roleNameOf(c.arn); got != c.name {
			t.Errorf("roleNameOf(%q) = %q, want %q", c.arn, got, c.name)
		}
		if got := sessionARN(c.arn, roleNameOf(c.arn), "t"); got != c.session {
			t.Errorf("sessionARN(%q) = %q, want %q", c.arn, got, c.session)
		}
	}
	if got := accountOf("arn:aws:iam::111122223333:role/exec"); got != "111122223333" {
		t.Errorf("accountOf = %q", got)
	}
	if got := accountOf("not-an-arn"); got != "" {
		t.Errorf("accountOf(not an ARN) = %q, want empty", got)
	}
}

// IAM-UG "AWS global condition context keys": the execution role's calls
// carry aws:RequestedRegion (the region called), aws:ResourceAccount (the
// resource's account) and aws:userid (ROLEID:SESSION for a role session).
// A policy conditioned on them decides with these values.
func TestRequestContextKeys(t *testing.T) {
	token := func(cond string) func(*world.World) {
		return func(w *world.World) {
			inline(w, `{"Statement":[{"Effect":"Allow","Action":["logs:CreateLogStream","logs:PutLogEvents","ecr:BatchGetImage","ecr:GetDownloadUrlForLayer","ecr:BatchCheckLayerAvailability"],"Resource":"*"},`+
				`{"Effect":"Allow","Action":"ecr:GetAuthorizationToken","Resource":"*","Condition":`+cond+`}]}`)
		}
	}
	cases := []struct {
		name   string
		mutate func(*world.World)
		want   Status
	}{
		{"aws:RequestedRegion is the task's region", token(`{"StringEquals":{"aws:RequestedRegion":"ap-northeast-1"}}`), OK},
		{"aws:RequestedRegion is not another region", token(`{"StringEquals":{"aws:RequestedRegion":"us-east-1"}}`), Fail},
		{"aws:ResourceAccount is the account of the call", token(`{"StringEquals":{"aws:ResourceAccount":"111122223333"}}`), OK},
		{"aws:ResourceAccount is not another account", token(`{"StringEquals":{"aws:ResourceAccount":"444455556666"}}`), Fail},
		{"aws:userid is ROLEID:session when the role id is known", func(w *world.World) {
			role(w).RoleId = "AROAEXAMPLEID"
			token(`{"StringLike":{"aws:userid":"AROAEXAMPLEID:*"}}`)(w)
		}, OK},
		{"aws:userid is absent without the role id, so StringLike fails", token(`{"StringLike":{"aws:userid":"AROAEXAMPLEID:*"}}`), Fail},
		{"aws:PrincipalIsAWSService is false for the role session", token(`{"Bool":{"aws:PrincipalIsAWSService":"false"}}`), OK},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := baseWorld()
			c.mutate(w)
			task := simulate(t, w)
			for _, st := range task.Steps {
				if st.Step == StepRegistryAuth {
					if st.Status != c.want {
						t.Errorf("registry-auth %s, want %s: %+v", st.Status, c.want, st)
					}
					return
				}
			}
			t.Fatal("no registry-auth step")
		})
	}
}

// ECS API Reference "AwsVpcConfiguration": the service's tasks are placed
// in any of its subnets, so the step answers for the worst of them, and
// names it; the order of the subnets does not matter.
func TestWorstSubnetDecides(t *testing.T) {
	for _, subnets := range [][]string{{"subnet-priv", "subnet-pub"}, {"subnet-pub", "subnet-priv"}} {
		t.Run(subnets[0]+","+subnets[1], func(t *testing.T) {
			w := baseWorld()
			// subnet-pub routes to the internet gateway, and the service
			// gives no public IP: no path from there (ECS-DG "Fargate task
			// networking").
			svc(w).NetworkConfiguration.AwsvpcConfiguration.Subnets = subnets
			for _, st := range simulate(t, w).Steps {
				if st.Step != StepRegistryAuth {
					continue
				}
				if st.Status != Fail || st.Network == nil || st.Network.Subnet != "subnet-pub" {
					t.Errorf("registry-auth %s via subnet %v, want fail in subnet-pub", st.Status, st.Network)
				}
				return
			}
			t.Fatal("no registry-auth step")
		})
	}
}

// Agent agent/taskresource/asmsecret: a JSON key is read from a secret
// string that is a JSON object; a plain-text or binary secret has no keys.
func TestJSONKeyNeedsJSONSecret(t *testing.T) {
	for kind, want := range map[string]Status{"json": OK, "text": Fail, "binary": Fail} {
		t.Run(kind, func(t *testing.T) {
			w := baseWorld()
			withSecret(w)
			app(w).Secrets[0].ValueFrom = smSecret + ":password::"
			w.Secrets.Get(smSecret).Value = &world.SecretShape{Kind: kind, Keys: []string{"password"}}
			for _, st := range simulate(t, w).Steps {
				if st.Step == StepSecrets && st.Subject != "kms key" {
					if st.Status != want {
						t.Errorf("secrets %s, want %s: %+v", st.Status, want, st)
					}
					return
				}
			}
			t.Fatal("no secrets step")
		})
	}
}

// Platform and agent versions compare numerically field by field (ECS-DG
// "Fargate Linux platform versions": 1.4.0 follows 1.3.0); a missing field
// is 0, and a field's leading digits count ("4-rc1" is 4).
func TestVersionLess(t *testing.T) {
	cases := []struct {
		a, b string
		less bool
	}{
		{"1.3.0", "1.4.0", true},
		{"1.4.0", "1.3.0", false},
		{"1.4.0", "1.4.0", false},
		{"1.9.0", "1.10.0", true},
		{"1.10.0", "1.9.0", false},
		{"1.4", "1.4.0", false},
		{"1.4.0", "1.4", false},
		{"1.4", "1.4.1", true},
		{"", "1.0.0", true},
		{"1.0.0", "", false},
		{"1.4-rc1", "1.4.1", true},
		{"2", "10", true},
	}
	for _, c := range cases {
		if got := versionLess(c.a, c.b); got != c.less {
			t.Errorf("versionLess(%q, %q) = %v, want %v", c.a, c.b, got, c.less)
		}
	}
}

// ECS-DG "Private registry authentication for tasks": an Amazon ECR image
// authenticates with the execution role, so repositoryCredentials on it is
// unused: the step passes with a warning.
func TestRepositoryCredentialsOnECRImageWarns(t *testing.T) {
	w := baseWorld()
	app(w).RepositoryCredentials = &world.RepositoryCredentials{CredentialsParameter: "arn:aws:secretsmanager:ap-northeast-1:111122223333:secret:unused-AbCdEf"}
	for _, st := range simulate(t, w).Steps {
		if st.Step == StepRegistryAuth {
			if st.Status != Warn || len(st.Warnings) == 0 {
				t.Errorf("registry-auth %s with warnings %q, want warn", st.Status, st.Warnings)
			}
			return
		}
	}
	t.Fatal("no registry-auth step")
}

// parseARN reads the six fields of IAM-UG "IAM identifiers" ARNs: the
// resource keeps its colons, a stand-in keeps its own, and anything with
// fewer than six fields or another prefix is not an ARN.
func TestParseARN(t *testing.T) {
	for _, c := range []struct {
		in   string
		want arnParts
		ok   bool
	}{
		{"arn:aws:iam::123456789012:role/app", arnParts{"aws", "iam", "", "123456789012", "role/app"}, true},
		{"arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/app:*", arnParts{"aws", "logs", "eu-west-1", "123456789012", "log-group:/ecs/app:*"}, true},
		{"arn:aws:iam::<unresolved AWS::AccountId>:role/app", arnParts{"aws", "iam", "", "<unresolved AWS::AccountId>", "role/app"}, true},
		{"arn:aws:iam::123456789012", arnParts{}, false},
		{"urn:aws:iam::123456789012:role/app", arnParts{}, false},
		{"", arnParts{}, false},
	} {
		if got, ok := parseARN(c.in); got != c.want || ok != c.ok {
			t.Errorf("parseARN(%q) = %+v, %v; want %+v, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

// containsLower finds a word as strings.ToLower then strings.Contains do,
// for ASCII and for text ToLower changes in length or maps to ASCII (the
// Kelvin sign lowers to "k").
func TestContainsLower(t *testing.T) {
	for _, c := range []struct {
		s, word string
	}{
		{`{"Condition":{"StringEquals":{"aws:SourceVpc":"vpc-1"}}}`, "sourcevpc"},
		{`{"Condition":{"StringEquals":{"AWS:SOURCEVPCE":"vpce-1"}}}`, "sourcevpc"},
		{`{"Action":"s3:GetObject"}`, "sourcevpc"},
		{"sourcevp", "sourcevpc"},
		{"", "sourcevpc"},
		{"xx\u212Aey", "key"},
		{"İstanbul sourceVPC", "sourcevpc"},
		{"\xffsourcevpc", "sourcevpc"},
	} {
		if got, want := containsLower(c.s, c.word), strings.Contains(strings.ToLower(c.s), c.word); got != want {
			t.Errorf("containsLower(%q, %q) = %v, want %v", c.s, c.word, got, want)
		}
	}
}

// FuzzParseARN: parseARN reads the fields splitARN splits.
func FuzzParseARN(f *testing.F) {
	f.Add("arn:aws:kms:eu-west-1:<unresolved AWS::AccountId>:key/<unresolved key id of aws/ssm>")
	f.Add("arn:aws:iam::<unresolved a:b>:role/x:y")
	f.Add("arn:aws:s3:::b\x00c:d")
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := parseARN(s)
		fs := splitARN(s, 6)
		wok := len(fs) == 6 && fs[0] == "arn"
		var want arnParts
		if wok {
			want = arnParts{partition: fs[1], service: fs[2], region: fs[3], account: fs[4], resource: fs[5]}
		}
		if got != want || ok != wok {
			t.Fatalf("parseARN(%q) = %+v, %v; splitARN gives %+v, %v", s, got, ok, want, wok)
		}
	})
}
