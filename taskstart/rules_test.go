package taskstart

import (
	"strconv"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/netpath"
	"github.com/ecs-preflight/ecs-preflight/world"
)

// ECS-DG "Amazon ECS task definition parameters for Fargate" (Task size):
// per cpu, the smallest and largest memory and the step between them.
func TestFargateSizes(t *testing.T) {
	cases := []struct {
		name     string
		cpu, mem int
		ok       bool
	}{
		{"256 cpu: 512 MiB is the smallest", 256, 512, true},
		{"256 cpu: 2048 MiB is the largest", 256, 2048, true},
		{"256 cpu: 1536 MiB is not offered", 256, 1536, false},
		{"256 cpu: 4096 MiB is too much", 256, 4096, false},
		{"512 cpu: 1024 MiB is the smallest", 512, 1024, true},
		{"512 cpu: 512 MiB is too little", 512, 512, false},
		{"512 cpu: 4096 MiB is the largest", 512, 4096, true},
		{"512 cpu: 5120 MiB is too much", 512, 5120, false},
		{"512 cpu: 1536 MiB is off the 1 GB step", 512, 1536, false},
		{"1024 cpu: 2048 MiB is the smallest", 1024, 2048, true},
		{"1024 cpu: 1024 MiB is too little", 1024, 1024, false},
		{"1024 cpu: 8192 MiB is the largest", 1024, 8192, true},
		{"1024 cpu: 9216 MiB is too much", 1024, 9216, false},
		{"2048 cpu: 4096 MiB is the smallest", 2048, 4096, true},
		{"2048 cpu: 3072 MiB is too little", 2048, 3072, false},
		{"2048 cpu: 16384 MiB is the largest", 2048, 16384, true},
		{"2048 cpu: 17408 MiB is too much", 2048, 17408, false},
		{"4096 cpu: 8192 MiB is the smallest", 4096, 8192, true},
		{"4096 cpu: 7168 MiB is too little", 4096, 7168, false},
		{"4096 cpu: 30720 MiB is the largest", 4096, 30720, true},
		{"4096 cpu: 31744 MiB is too much", 4096, 31744, false},
		{"8192 cpu: 16384 MiB (16 GB) is the smallest", 8192, 16384, true},
		{"8192 cpu: 12288 MiB is too little", 8192, 12288, false},
		{"8192 cpu: 61440 MiB (60 GB) is the largest", 8192, 61440, true},
		{"8192 cpu: 65536 MiB is too much", 8192, 65536, false},
		{"8192 cpu: 17408 MiB is off the 4 GB step", 8192, 17408, false},
		{"16384 cpu: 32768 MiB (32 GB) is the smallest", 16384, 32768, true},
		{"16384 cpu: 24576 MiB is too little", 16384, 24576, false},
		{"16384 cpu: 122880 MiB (120 GB) is the largest", 16384, 122880, true},
		{"16384 cpu: 131072 MiB is too much", 16384, 131072, false},
		{"16384 cpu: 36864 MiB is off the 8 GB step", 16384, 36864, false},
		{"128 cpu is no Fargate size", 128, 512, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := fargateMemoryOK(tc.cpu, tc.mem); got != tc.ok {
				t.Fatalf("fargateMemoryOK(%d, %d) = %v, want %v", tc.cpu, tc.mem, got, tc.ok)
			}
			// The same through the whole simulation, with 8 and 16 vCPU on
			// platform version 1.4.0 (LATEST).
			w := baseWorld()
			td(w).Cpu, td(w).Memory = strconv.Itoa(tc.cpu), strconv.Itoa(tc.mem)
			want := expect{step: StepTaskDefinition, status: OK}
			if !tc.ok {
				want = expect{step: StepTaskDefinition, subject: "cpu/memory", status: Fail, reason: "Invalid 'cpu' setting for task."}
			}
			checkExpect(t, simulate(t, w), want)
		})
	}
}

// ECS-DG "Fargate Linux platform versions": 8 and 16 vCPU need 1.4.0.
func TestFargateLargeSizesNeed140(t *testing.T) {
	for _, tc := range []struct {
		name, pv string
		status   Status
	}{
		{"8 vCPU on 1.3.0 is not offered", "1.3.0", Fail},
		{"8 vCPU on 1.4.0 is offered", "1.4.0", OK},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := baseWorld()
			td(w).Cpu, td(w).Memory = "8192", "16384"
			svc(w).PlatformVersion = tc.pv
			want := expect{step: StepTaskDefinition, status: tc.status}
			if tc.status == Fail {
				want.subject = "cpu"
			}
			st := findStep(simulate(t, w), want)
			if st == nil || st.Status != tc.status || (tc.status == Fail && st.Subject != "cpu") {
				t.Fatalf("task-definition step %+v, want %s", st, tc.status)
			}
		})
	}
}

// ECS-DG "Amazon ECS task execution IAM role": an ECR image and awslogs
// need the role on Fargate and external instances; on EC2 the container
// instance role pulls and logs (ECR-UG "Using Amazon ECR images with Amazon
// ECS"). Private registry credentials, secrets and environment files need
// it everywhere.
func TestExecutionRoleNeeded(t *testing.T) {
	cases := []struct {
		name   string
		launch string
		mutate func(*world.World)
		status Status
		reason string
	}{
		{"Fargate: an ECR image needs the role", "FARGATE", func(w *world.World) { app(w).LogConfiguration = nil }, Fail, "pulls from Amazon ECR"},
		{"external instance: an ECR image needs the role", "EXTERNAL", func(w *world.World) { app(w).LogConfiguration = nil }, Fail, "pulls from Amazon ECR"},
		{"external instance: awslogs needs the role", "EXTERNAL", func(w *world.World) { app(w).Image = "nginx:1.27" }, Fail, "uses awslogs"},
		{"EC2: the instance role pulls from ECR and sends logs", "EC2", nil, OK, ""},
		{"EC2: private registry credentials need the role", "EC2", func(w *world.World) {
			app(w).RepositoryCredentials = &world.RepositoryCredentials{CredentialsParameter: smSecret}
		}, Fail, "uses repositoryCredentials"},
		{"EC2: environment files need the role", "EC2", func(w *world.World) {
			app(w).EnvironmentFiles = []world.EnvironmentFile{{Value: "arn:aws:s3:::my-app-config/prod.env", Type: "s3"}}
		}, Fail, "has environmentFiles"},
		{"EC2: log secretOptions need the role", "EC2", func(w *world.World) {
			app(w).LogConfiguration.SecretOptions = []world.ContainerSecret{{Name: "token", ValueFrom: ssmParam}}
		}, Fail, "has log secretOptions"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := baseWorld()
			svc(w).LaunchType = tc.launch
			td(w).ExecutionRoleArn = ""
			if tc.mutate != nil {
				tc.mutate(w)
			}
			st := findStep(simulate(t, w), expect{step: StepExecutionRole, status: tc.status})
			if st == nil || st.Status != tc.status {
				t.Fatalf("execution-role step %+v, want %s", st, tc.status)
			}
			if tc.status == Fail && st.Summary != "no execution role, but container app "+tc.reason {
				t.Errorf("summary %q, want the reason %q", st.Summary, tc.reason)
			}
			if tc.status == OK && st.Summary != "no execution role: the container instance role is used to pull from Amazon ECR and write awslogs" {
				t.Errorf("summary %q", st.Summary)
			}
		})
	}
}

// A blocked network step carries what blocks it, for the summary and the
// JSON contract's network.blockedBy.
func TestBlockedNetworkEvidence(t *testing.T) {
	w := baseWorld()
	noRoute(w)
	st := findStep(simulate(t, w), expect{container: "app", step: StepRegistryAuth, status: Fail})
	if st == nil || st.Network == nil || st.Network.BlockedBy != netpath.BlockRoute || st.Network.Via != netpath.ViaNone {
		t.Fatalf("network evidence %+v, want via none, blocked by route", st)
	}
	if st.Summary != "get an ECR authorization token: api.ecr.ap-northeast-1.amazonaws.com unreachable (route)" {
		t.Errorf("summary %q", st.Summary)
	}
	if st.FixLocation == nil || st.FixLocation.Resource != "rtb-priv" {
		t.Errorf("fix location %+v, want the route table rtb-priv", st.FixLocation)
	}
}

// KMS-DG "Key states of AWS KMS keys": Decrypt fails on a key that is not
// Enabled; SM-UG "Delete a secret": a secret scheduled for deletion cannot
// be retrieved; KMS-DG "Aliases in AWS KMS": an alias names its target key.
func TestSecretsAndKeys(t *testing.T) {
	// secretUnderKey reads smSecret, encrypted with key (an id, ARN or
	// alias), with a role allowed GetSecretValue and kms:Decrypt.
	secretUnderKey := func(key string) func(*world.World) {
		return func(w *world.World) {
			withSecret(w)
			w.Secrets.Get(smSecret).KmsKeyId = key
			addCMK(w, defaultKeyPolicy)
			addInline(w, "kms", `{"Statement":[{"Effect":"Allow","Action":"kms:Decrypt","Resource":"*"}]}`)
		}
	}
	cases := []mutationCase{
		{"KMS-DG key states: an Enabled key decrypts", secretUnderKey(cmkARN),
			expect{container: "app", step: StepSecrets, subject: "KMS key", status: OK}},
		{"KMS-DG key states: Decrypt fails on a Disabled key", func(w *world.World) {
			secretUnderKey(cmkARN)(w)
			w.Keys.Get(cmkARN).KeyState = "Disabled"
		}, expect{container: "app", step: StepSecrets, subject: "KMS key", status: Fail, reason: "Access to KMS is not allowed", fix: "(it is Disabled)"}},
		{"KMS-DG key states: Decrypt fails on a key pending deletion", func(w *world.World) {
			secretUnderKey(cmkARN)(w)
			w.Keys.Get(cmkARN).KeyState = "PendingDeletion"
		}, expect{container: "app", step: StepSecrets, subject: "KMS key", status: Fail, fix: "enable KMS key 1234abcd-12ab-34cd-56ef-1234567890ab (it is PendingDeletion)"}},
		{"KMS-DG key states: Decrypt on a disabled key under SSM fails with the SSM text", func(w *world.World) {
			addSSMParam(w, "SecureString", cmkARN)
			addCMK(w, defaultKeyPolicy)
			w.Keys.Get(cmkARN).KeyState = "Disabled"
			addInline(w, "ssm", `{"Statement":[{"Effect":"Allow","Action":["ssm:GetParameters","kms:Decrypt"],"Resource":"*"}]}`)
		}, expect{container: "app", step: StepSecrets, subject: "KMS key", status: Fail, reason: "unable to retrieve secrets from ssm: service call has been retried 1 time(s): AccessDeniedException: User: arn:aws:sts::111122223333:assumed-role/ecsTaskExecutionRole/<task-id> is not authorized to perform: kms:Decrypt on resource: " + cmkARN + " because the key is Disabled"}},
		{"KMS-DG aliases: an alias resolves to its target key", func(w *world.World) {
			secretUnderKey("alias/app-secrets")(w)
			w.KeyAliases.Put("arn:aws:kms:ap-northeast-1:111122223333:alias/app-secrets", &world.KeyAlias{AliasName: "alias/app-secrets",
				AliasArn: "arn:aws:kms:ap-northeast-1:111122223333:alias/app-secrets", TargetKeyId: "1234abcd-12ab-34cd-56ef-1234567890ab"})
			w.Keys.Get(cmkARN).KeyState = "Disabled"
		}, expect{container: "app", step: StepSecrets, subject: "KMS key 1234abcd-12ab-34cd-56ef-1234567890ab", status: Fail, fix: "(it is Disabled)"}},
		{"KMS-DG aliases: an alias ARN resolves the same way", func(w *world.World) {
			secretUnderKey("arn:aws:kms:ap-northeast-1:111122223333:alias/app-secrets")(w)
			w.KeyAliases.Put("arn:aws:kms:ap-northeast-1:111122223333:alias/app-secrets", &world.KeyAlias{AliasName: "alias/app-secrets",
				AliasArn: "arn:aws:kms:ap-northeast-1:111122223333:alias/app-secrets", TargetKeyId: "1234abcd-12ab-34cd-56ef-1234567890ab"})
		}, expect{container: "app", step: StepSecrets, subject: "KMS key 1234abcd-12ab-34cd-56ef-1234567890ab", status: OK}},
		{"an alias the input cannot resolve is unknown", secretUnderKey("alias/unlisted"),
			expect{container: "app", step: StepSecrets, subject: "KMS key", status: Unknown, reason: "kms:ListAliases for arn:aws:kms:ap-northeast-1:111122223333:alias/unlisted"}},
		{"a key id the input does not describe is unknown", func(w *world.World) {
			secretUnderKey("0000abcd-12ab-34cd-56ef-1234567890ab")(w)
		}, expect{container: "app", step: StepSecrets, subject: "KMS key", status: Unknown, reason: "kms:DescribeKey and kms:GetKeyPolicy for arn:aws:kms:ap-northeast-1:111122223333:key/0000abcd-12ab-34cd-56ef-1234567890ab"}},
		{"a key without its key policy is unknown", func(w *world.World) {
			secretUnderKey(cmkARN)(w)
			w.Keys.Get(cmkARN).Policy = ""
		}, expect{container: "app", step: StepSecrets, subject: "KMS key", status: Unknown, reason: "kms:GetKeyPolicy for " + cmkARN}},
		{"SM-UG delete a secret: a secret scheduled for deletion cannot be retrieved", func(w *world.World) {
			withSecret(w)
			w.Secrets.Get(smSecret).Deleted = true
		}, expect{container: "app", step: StepSecrets, status: Fail, reason: "InvalidRequestException: You can't perform this operation on the secret because it was marked for deletion."}},
		{"SM-UG delete a secret: registry credentials scheduled for deletion", func(w *world.World) {
			dockerHubCreds(w)
			allowSM(w)
			w.Secrets.Get(smSecret).Deleted = true
		}, expect{container: "app", step: StepRegistryAuth, status: Fail, reason: "it was marked for deletion"}},
		{"a secret without its resource policy is unknown", func(w *world.World) {
			withSecret(w)
			w.Secrets.Get(smSecret).ResourcePolicyKnown = false
		}, expect{container: "app", step: StepSecrets, status: Unknown, reason: "secretsmanager:GetResourcePolicy for " + smSecret}},
		{"ECS-DG private registry authentication: a secret named by name in the task's region", func(w *world.World) {
			dockerHubCreds(w)
			allowSM(w)
			app(w).RepositoryCredentials.CredentialsParameter = "app/db"
		}, expect{container: "app", step: StepRegistryAuth, status: OK}},
	}
	runMutationCases(t, cases)
}

// ECS-DG "Pass environment variables from a file": the agent reads the
// object with the execution role (s3:GetBucketLocation, s3:GetObject),
// through the bucket policy when the bucket has one.
func TestEnvironmentFiles(t *testing.T) {
	const file = "arn:aws:s3:::my-app-config/prod.env"
	allowS3 := func(w *world.World) {
		addInline(w, "s3", `{"Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:GetBucketLocation"],"Resource":"*"}]}`)
	}
	cases := []mutationCase{
		{"a bucket the input does not describe is unknown, its region assumed", func(w *world.World) { allowS3(w) },
			expect{container: "app", step: StepEnvironmentFiles, status: Unknown, reason: "s3:GetBucketPolicy for my-app-config"}},
		{"a bucket whose policy the input lacks is unknown", func(w *world.World) {
			allowS3(w)
			w.Buckets.Put("my-app-config", &world.Bucket{Name: "my-app-config", Region: region})
		}, expect{container: "app", step: StepEnvironmentFiles, status: Unknown, reason: "s3:GetBucketPolicy for my-app-config"}},
		{"S3-UG bucket policies: an explicit deny in the bucket policy", func(w *world.World) {
			allowS3(w)
			w.Buckets.Put("my-app-config", &world.Bucket{Name: "my-app-config", Region: region, PolicyKnown: true,
				Policy: `{"Statement":[{"Sid":"NoReads","Effect":"Deny","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::my-app-config/*"}]}`})
		}, expect{container: "app", step: StepEnvironmentFiles, status: Fail, reason: "AccessDenied", fix: "NoReads"}},
		{"S3-UG bucket policies: another account's bucket whose policy allows the role", func(w *world.World) {
			allowS3(w)
			w.Buckets.Put("my-app-config", &world.Bucket{Name: "my-app-config", Region: region, Account: "999999999999", PolicyKnown: true,
				Policy: `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"` + roleARN + `"},"Action":["s3:GetObject","s3:GetBucketLocation"],"Resource":["arn:aws:s3:::my-app-config","arn:aws:s3:::my-app-config/*"]}]}`})
		}, expect{container: "app", step: StepEnvironmentFiles, status: OK}},
		{"a bucket in another region is reached at its own regional host", func(w *world.World) {
			allowS3(w)
			w.Buckets.Put("my-app-config", &world.Bucket{Name: "my-app-config", Region: "us-west-2", PolicyKnown: true})
		}, expect{container: "app", step: StepEnvironmentFiles, status: OK}},
		{"a value that is not an S3 object ARN fails", func(w *world.World) {
			app(w).EnvironmentFiles = []world.EnvironmentFile{{Value: "arn:aws:s3:::my-app-config", Type: "s3"}}
		}, expect{container: "app", step: StepEnvironmentFiles, status: Fail, reason: "invalid environment file ARN arn:aws:s3:::my-app-config", fix: "S3 object ARN"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := baseWorld()
			app(w).EnvironmentFiles = []world.EnvironmentFile{{Value: file, Type: "s3"}}
			tc.mutate(w)
			task := simulate(t, w)
			checkExpect(t, task, tc.want)
			if tc.name == "a bucket in another region is reached at its own regional host" {
				st := findStep(task, tc.want)
				if st.Network == nil || st.Network.Host != "my-app-config.s3.us-west-2.amazonaws.com" {
					t.Errorf("network %+v, want the us-west-2 host", st.Network)
				}
			}
		})
	}
}

// ECS-DG "Fargate Linux platform versions" and the feature pages: the
// minimum platform version of each feature, and no finding for a feature
// the task does not use.
func TestFargateTaskDefinitionRules(t *testing.T) {
	cases := []struct {
		name    string
		mutate  func(*world.World)
		subject string // the finding's subject; "" when the step must pass
		summary string // exact summary of the finding (or of the passing step)
	}{
		{"ECS-DG private registry authentication: repositoryCredentials need 1.2.0", func(w *world.World) {
			svc(w).PlatformVersion = "1.1.0"
			app(w).RepositoryCredentials = &world.RepositoryCredentials{CredentialsParameter: smSecret}
		}, "repositoryCredentials", "Private registry authentication needs platform version 1.2.0, the service uses 1.1.0"},
		{"ECS-DG pass sensitive data: secrets need 1.3.0", func(w *world.World) {
			svc(w).PlatformVersion = "1.2.0"
			app(w).Secrets = []world.ContainerSecret{{Name: "X", ValueFrom: ssmParam}}
		}, "secrets", "Secrets needs platform version 1.3.0, the service uses 1.2.0"},
		{"ECS-DG pass environment variables from a file: environment files need 1.4.0", func(w *world.World) {
			svc(w).PlatformVersion = "1.3.0"
			app(w).EnvironmentFiles = []world.EnvironmentFile{{Value: "arn:aws:s3:::my-app-config/prod.env", Type: "s3"}}
		}, "environmentFiles", "Environment files needs platform version 1.4.0, the service uses 1.3.0"},
		{"ECS-DG AWS Fargate Linux platform version deprecation (March 16, 2026): 1.3.0 with secrets is retired, not short of a feature", func(w *world.World) {
			svc(w).PlatformVersion = "1.3.0"
			app(w).Secrets = []world.ContainerSecret{{Name: "X", ValueFrom: ssmParam}}
		}, "platformVersion", "platform version 1.3.0 is retired and cannot launch new tasks"},
		{"ECS API TaskDefinition compatibilities: without requiresCompatibilities ECS decides at run time", func(w *world.World) {
			td(w).RequiresCompatibilities = nil
		}, "", "task definition app:1 is valid for FARGATE platform version 1.4.0"},
		{"ECS API RegisterTaskDefinition: requiresCompatibilities EC2 and FARGATE is FARGATE-compatible", func(w *world.World) {
			td(w).RequiresCompatibilities = []string{"EC2", "FARGATE"}
		}, "", "task definition app:1 is valid for FARGATE platform version 1.4.0"},
		{"ECS API RegisterTaskDefinition: requiresCompatibilities EC2 only is not", func(w *world.World) {
			td(w).RequiresCompatibilities = []string{"EC2"}
		}, "requiresCompatibilities", "the task definition is not FARGATE-compatible"},
		{"EC2: no Fargate rule applies and no platform version is named", func(w *world.World) {
			svc(w).LaunchType = "EC2"
			td(w).NetworkMode, td(w).Cpu, td(w).Memory = "bridge", "", ""
		}, "", "task definition app:1 is valid for EC2"},
		{"EC2 without an execution role and without secrets: nothing to reject", func(w *world.World) {
			svc(w).LaunchType = "EC2"
			td(w).ExecutionRoleArn = ""
		}, "", "task definition app:1 is valid for EC2"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := baseWorld()
			tc.mutate(w)
			task := simulate(t, w)
			var found *Step
			for i, st := range task.Steps {
				if st.Step != StepTaskDefinition {
					continue
				}
				if tc.subject == "" && st.Status != OK {
					t.Fatalf("unexpected finding %q (%s)", st.Summary, st.Subject)
				}
				if st.Subject == tc.subject {
					found = &task.Steps[i]
				}
			}
			if found == nil {
				t.Fatalf("no task-definition step with subject %q:%s", tc.subject, dump(task))
			}
			if found.Summary != tc.summary {
				t.Errorf("summary %q, want %q", found.Summary, tc.summary)
			}
		})
	}
}

// ECR-UG "Amazon ECR interface VPC endpoints (AWS PrivateLink)": an
// endpoint policy that denies is a network-side block (blockedBy
// endpoint-policy); an identity policy that denies is not.
func TestEndpointPolicyBlocks(t *testing.T) {
	cases := []struct {
		name   string
		mutate func(*world.World)
		step   StepKind
		want   netpath.BlockKind
	}{
		{"an S3 gateway endpoint policy without the layer bucket blocks the layers", func(w *world.World) {
			useEndpoints(w, "ecr.api", "ecr.dkr", "logs")
			w.VPCEndpoints.Get("vpce-s3").PolicyDocument = `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::my-app-config/*"}]}`
		}, StepImageLayers, netpath.BlockEndpointPolicy},
		{"an identity policy without the token is no network block", func(w *world.World) {
			useEndpoints(w, "ecr.api", "ecr.dkr", "logs")
			inline(w, pullOnly)
		}, StepRegistryAuth, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := baseWorld()
			tc.mutate(w)
			st := findStep(simulate(t, w), expect{container: "app", step: tc.step, status: Fail})
			if st == nil || st.Status != Fail || st.Network == nil {
				t.Fatalf("step %+v, want a failing step with network evidence", st)
			}
			if st.Network.BlockedBy != tc.want || st.Network.Via != netpath.ViaVPCE {
				t.Errorf("network %+v, want via vpce, blocked by %q", st.Network, tc.want)
			}
		})
	}
}

// IAM-UG "The confused deputy problem": ECS sends the task's ARN as
// aws:SourceArn. ECS-DG "Amazon Resource Names (ARNs) and IDs": a task ARN
// holds its cluster's name (arn:aws:ecs:REGION:ACCOUNT:task/CLUSTER/ID), so
// a trust policy may narrow to one cluster. Which ECS ARN is sent is an
// assumption (role.go trustContext).
func TestTrustSourceArnCluster(t *testing.T) {
	for _, tc := range []struct {
		name, pattern string
		status        Status
	}{
		{"the service's cluster is admitted", "arn:aws:ecs:ap-northeast-1:111122223333:task/prod/*", OK},
		{"another cluster is not", "arn:aws:ecs:ap-northeast-1:111122223333:task/staging/*", Fail},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := baseWorld()
			role(w).AssumeRolePolicyDocument = `{"Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole","Condition":{"ArnLike":{"aws:SourceArn":"` + tc.pattern + `"}}}]}`
			want := expect{step: StepExecutionRole, status: tc.status}
			if tc.status == Fail {
				want.reason, want.fix = "unable to assume", "trust policy"
			}
			checkExpect(t, simulate(t, w), want)
		})
	}
}

// The execution-role step is about the role: its location is the role's
// declaration when the input has one, else the task definition's.
func TestExecutionRoleLocation(t *testing.T) {
	w := baseWorld()
	td(w).Origin = world.Origin{File: "in.json", Line: 3, Path: "TaskDefinition"}
	if st := findStep(simulate(t, w), expect{step: StepExecutionRole, status: OK}); st.Location != "in.json:3 TaskDefinition" {
		t.Errorf("location %q, want the task definition's", st.Location)
	}
	role(w).Origin = world.Origin{File: "in.json", Line: 9, Path: "Role"}
	st := findStep(simulate(t, w), expect{step: StepExecutionRole, status: OK})
	if st.Location != "in.json:9 Role" || st.Origin == nil || st.Origin.Path != "Role" {
		t.Errorf("location %q origin %+v, want the role's", st.Location, st.Origin)
	}
}

func TestDescribePath(t *testing.T) {
	p := &world.PolicyPath{Levels: []world.PolicyLevel{
		{Target: "r-abcd", Policies: []world.NamedPolicy{{Name: "FullAWSAccess"}}},
		{Policies: []world.NamedPolicy{{Name: "DenySecrets"}}, Missing: []string{"organizations:DescribePolicy p-1"}},
	}}
	want := "r-abcd (FullAWSAccess); an unknown level (DenySecrets, missing organizations:DescribePolicy p-1)"
	if got := describePath(p); got != want {
		t.Errorf("describePath = %q, want %q", got, want)
	}
}
