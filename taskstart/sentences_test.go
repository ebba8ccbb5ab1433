package taskstart

import (
	"strings"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/world"
)

// The user-facing sentences, pinned one class at a time and independently
// of the golden files: every stoppedReason text of reasons.go, every fix
// template and every assumption, each produced by a named case that
// asserts the exact text.

// sentence names one step of a case and the exact text one of its fields
// must hold.
type sentence struct {
	name      string
	mutate    func(*world.World)
	container string
	step      StepKind
	subject   string // prefix of the step's subject; "" for any
	// field is "reason" (stoppedReason), "fix", "summary", or
	// "assumption" or "missing" (one of).
	field string
	want  string
}

func checkSentences(t *testing.T, cases []sentence) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := baseWorld()
			if tc.mutate != nil {
				tc.mutate(w)
			}
			task := simulate(t, w)
			var st *Step
			for i := range task.Steps {
				s := &task.Steps[i]
				if s.Container != tc.container || s.Step != tc.step || !strings.HasPrefix(s.Subject, tc.subject) {
					continue
				}
				if st == nil || (tc.field != "assumption" && s.Status == Fail && st.Status != Fail) {
					st = s
				}
			}
			if st == nil {
				t.Fatalf("no %s step for container %q subject %q:%s", tc.step, tc.container, tc.subject, dump(task))
			}
			var got []string
			switch tc.field {
			case "reason":
				got = []string{st.StoppedReason}
			case "fix":
				got = []string{st.Fix}
			case "assumption":
				got = st.Assumptions
			case "missing":
				got = st.Missing
			case "summary":
				got = []string{st.Summary}
			default:
				t.Fatalf("unknown field %q", tc.field)
			}
			for _, g := range got {
				if g == tc.want {
					return
				}
			}
			t.Errorf("%s of %s step (%s):\n got %q\nwant %q", tc.field, st.Step, st.Status, got, tc.want)
		})
	}
}

// Mutations shared by the cases.

// dockerHubCreds pulls from Docker Hub with credentials in smSecret.
func dockerHubCreds(w *world.World) {
	app(w).Image = "docker.io/acme/api:1.4.2"
	app(w).RepositoryCredentials = &world.RepositoryCredentials{CredentialsParameter: smSecret}
	addSMSecret(w, "", "username", "password")
}

func allowSM(w *world.World) {
	addInline(w, "sm", `{"Statement":[{"Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"*"}]}`)
}

func allowSSM(w *world.World) {
	addInline(w, "ssm", `{"Statement":[{"Effect":"Allow","Action":"ssm:GetParameters","Resource":"*"}]}`)
}

// noRoute leaves the private subnet with its local route only.
func noRoute(w *world.World) {
	rt := w.RouteTables.Get("rtb-priv")
	rt.Routes = rt.Routes[:1]
}

// endpointsWithoutS3 gives the private subnet interface endpoints but no S3
// gateway endpoint and no route out.
func endpointsWithoutS3(w *world.World) {
	useEndpoints(w, "ecr.api", "ecr.dkr", "logs", "secretsmanager", "ssm")
	s := world.NewSet[world.VPCEndpoint]("ec2:DescribeVpcEndpoints", true)
	for _, e := range w.VPCEndpoints.All() {
		if e.VpcEndpointId != "vpce-s3" {
			s.Put(e.VpcEndpointId, e)
		}
	}
	w.VPCEndpoints = s
	noRoute(w)
}

func crossAccountRepo(policy string) func(*world.World) {
	return func(w *world.World) {
		other := "arn:aws:ecr:ap-northeast-1:999999999999:repository/shared"
		app(w).Image = "999999999999.dkr.ecr.ap-northeast-1.amazonaws.com/shared:2"
		w.Repositories.Put(other, &world.Repository{RepositoryArn: other, RegistryId: "999999999999", RepositoryName: "shared", PolicyKnown: true, PolicyText: policy})
	}
}

func noExecutionRole(w *world.World) {
	td(w).ExecutionRoleArn = ""
	app(w).LogConfiguration = nil
}

func all(fs ...func(*world.World)) func(*world.World) {
	return func(w *world.World) {
		for _, f := range fs {
			f(w)
		}
	}
}

// ECS-DG "Troubleshoot Amazon ECS ResourceInitializationError errors" and
// "CannotPullContainer task errors in Amazon ECS" for the shapes; IAM-UG
// "Access denied error messages" for the AccessDenied sentence.
func TestStoppedReasonTexts(t *testing.T) {
	checkSentences(t, []sentence{
		// IAM denies, one per call kind (iamReason).
		{name: "ECR token denied", mutate: func(w *world.World) { inline(w, pullOnly) },
			container: "app", step: StepRegistryAuth, field: "reason", want: "ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve ecr registry auth: service call has been retried 3 time(s): AccessDeniedException: User: arn:aws:sts::111122223333:assumed-role/ecsTaskExecutionRole/<task-id> is not authorized to perform: ecr:GetAuthorizationToken on resource: * because no identity-based policy allows the ecr:GetAuthorizationToken action"},
		{name: "agent asm.go GetDockerAuthFromASM, aws-samples/keycloak-on-aws#222: registry credentials secret denied", mutate: dockerHubCreds,
			container: "app", step: StepRegistryAuth, field: "reason", want: "ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to get registry auth from asm: service call has been retried 5 time(s): asm fetching secret from the service for arn:aws:secretsmanager:ap-northeast-1:111122223333:secret:app/db-AbCdEf: AccessDeniedException: User: arn:aws:sts::111122223333:assumed-role/ecsTaskExecutionRole/<task-id> is not authorized to perform: secretsmanager:GetSecretValue on resource: arn:aws:secretsmanager:ap-northeast-1:111122223333:secret:app/db-AbCdEf because no identity-based policy allows the secretsmanager:GetSecretValue action"},
		{name: "Secrets Manager secret denied", mutate: func(w *world.World) {
			addSMSecret(w, "", "password")
			app(w).Secrets = []world.ContainerSecret{{Name: "DB_PASSWORD", ValueFrom: smSecret}}
		}, container: "app", step: StepSecrets, field: "reason", want: "ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried 1 time(s): failed to fetch secret arn:aws:secretsmanager:ap-northeast-1:111122223333:secret:app/db-AbCdEf from secrets manager: AccessDeniedException: User: arn:aws:sts::111122223333:assumed-role/ecsTaskExecutionRole/<task-id> is not authorized to perform: secretsmanager:GetSecretValue on resource: arn:aws:secretsmanager:ap-northeast-1:111122223333:secret:app/db-AbCdEf because no identity-based policy allows the secretsmanager:GetSecretValue action"},
		{name: "kms:Decrypt for Secrets Manager denied", mutate: func(w *world.World) {
			withSecret(w)
			w.Secrets.Get(smSecret).KmsKeyId = cmkARN
			addCMK(w, defaultKeyPolicy)
		}, container: "app", step: StepSecrets, subject: "KMS key", field: "reason", want: "ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried 1 time(s): failed to fetch secret arn:aws:secretsmanager:ap-northeast-1:111122223333:secret:app/db-AbCdEf from secrets manager: AccessDeniedException: Access to KMS is not allowed"},
		{name: "kms:Decrypt for SSM denied", mutate: func(w *world.World) {
			addSSMParam(w, "SecureString", cmkARN)
			addCMK(w, closedKeyPolicy)
			addInline(w, "ssm", `{"Statement":[{"Effect":"Allow","Action":["ssm:GetParameters","kms:Decrypt"],"Resource":"*"}]}`)
		}, container: "app", step: StepSecrets, subject: "KMS key", field: "reason", want: "ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secrets from ssm: service call has been retried 1 time(s): AccessDeniedException: User: arn:aws:sts::111122223333:assumed-role/ecsTaskExecutionRole/<task-id> is not authorized to perform: kms:Decrypt on resource: arn:aws:kms:ap-northeast-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab because no resource-based policy allows the kms:Decrypt action"},
		{name: "SSM parameter denied", mutate: func(w *world.World) { addSSMParam(w, "String", "") },
			container: "app", step: StepSecrets, field: "reason", want: "ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secrets from ssm: service call has been retried 1 time(s): AccessDeniedException: User: arn:aws:sts::111122223333:assumed-role/ecsTaskExecutionRole/<task-id> is not authorized to perform: ssm:GetParameters on resource: arn:aws:ssm:ap-northeast-1:111122223333:parameter/app/db-password because no identity-based policy allows the ssm:GetParameters action"},
		{name: "manifest denied by another account's repository policy",
			mutate:    crossAccountRepo(`{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"ecr:BatchGetImage"}]}`),
			container: "app", step: StepImageManifest, field: "reason", want: "CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref 999999999999.dkr.ecr.ap-northeast-1.amazonaws.com/shared:2: pull access denied, repository does not exist or may require authorization: denied: User: arn:aws:sts::111122223333:assumed-role/ecsTaskExecutionRole/<task-id> is not authorized to perform: ecr:BatchGetImage on resource: arn:aws:ecr:ap-northeast-1:999999999999:repository/shared because no resource-based policy allows the ecr:BatchGetImage action"},
		{name: "layers: S3 answers 403 to what its endpoint policy denies", mutate: func(w *world.World) {
			useEndpoints(w, "ecr.api", "ecr.dkr", "logs")
			w.VPCEndpoints.Get("vpce-s3").PolicyDocument = `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::my-app-config/*"}]}`
		}, container: "app", step: StepImageLayers, field: "reason", want: "CannotPullContainerError: ref pull has been retried 1 time(s): failed to copy: httpReadSeeker: failed open: unexpected status code https://prod-ap-northeast-1-starport-layer-bucket.s3.ap-northeast-1.amazonaws.com/...: 403 Forbidden"},
		{name: "layers: ecr:GetDownloadUrlForLayer denied", mutate: func(w *world.World) {
			inline(w, `{"Statement":[{"Effect":"Allow","Action":["ecr:GetAuthorizationToken","ecr:BatchGetImage","logs:CreateLogStream","logs:PutLogEvents"],"Resource":"*"}]}`)
		}, container: "app", step: StepImageLayers, field: "reason", want: "CannotPullContainerError: ref pull has been retried 1 time(s): failed to copy: httpReadSeeker: failed open: denied: User: arn:aws:sts::111122223333:assumed-role/ecsTaskExecutionRole/<task-id> is not authorized to perform: ecr:GetDownloadUrlForLayer on resource: arn:aws:ecr:ap-northeast-1:111122223333:repository/app because no identity-based policy allows the ecr:GetDownloadUrlForLayer action"},
		{name: "aws/aws-cdk#12720: environment file denied", mutate: func(w *world.World) {
			app(w).EnvironmentFiles = []world.EnvironmentFile{{Value: "arn:aws:s3:::my-app-config/prod.env", Type: "s3"}}
			w.Buckets.Put("my-app-config", &world.Bucket{Name: "my-app-config", Region: region, PolicyKnown: true})
		}, container: "app", step: StepEnvironmentFiles, field: "reason", want: "ResourceInitializationError: failed to download env files: file download command: non-empty error stream: failed to download file prod.env: failed to write to a temporary file: AccessDenied: Access Denied"},
		{name: "log stream denied", mutate: func(w *world.World) {
			inline(w, `{"Statement":[{"Effect":"Allow","Action":["ecr:GetAuthorizationToken","ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],"Resource":"*"}]}`)
		}, container: "app", step: StepLogs, field: "reason", want: "ResourceInitializationError: failed to validate logger args: create stream has been retried 1 times: failed to create Cloudwatch log stream: AccessDeniedException: User: arn:aws:sts::111122223333:assumed-role/ecsTaskExecutionRole/<task-id> is not authorized to perform: logs:CreateLogStream on resource: arn:aws:logs:ap-northeast-1:111122223333:log-group:/ecs/app:log-stream:ecs/app/<task-id> because no identity-based policy allows the logs:CreateLogStream action"},
		{name: "no execution role: the AccessDenied names none", mutate: noExecutionRole,
			container: "app", step: StepRegistryAuth, field: "reason", want: "ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve ecr registry auth: service call has been retried 3 time(s): AccessDeniedException: User: <no execution role> is not authorized to perform: ecr:GetAuthorizationToken on resource: * because the task definition has no execution role"},

		// Unreachable hosts, one per call kind (networkReason).
		{name: "ECR token host unreachable", mutate: noRoute,
			container: "app", step: StepRegistryAuth, field: "reason", want: "ResourceInitializationError: unable to pull secrets or registry auth: The task cannot pull registry auth from Amazon ECR: There is a connection issue between the task and Amazon ECR. Check your task network configuration. RequestError: send request failed caused by: Post \"https://api.ecr.ap-northeast-1.amazonaws.com/\": dial tcp <ip>:443: i/o timeout"},
		{name: "aws-samples/keycloak-on-aws#222: registry credentials host unreachable", mutate: all(dockerHubCreds, allowSM, noRoute),
			container: "app", step: StepRegistryAuth, field: "reason", want: "ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to get registry auth from asm: service call has been retried 5 time(s): asm fetching secret from the service for arn:aws:secretsmanager:ap-northeast-1:111122223333:secret:app/db-AbCdEf: RequestError: send request failed caused by: Post \"https://secretsmanager.ap-northeast-1.amazonaws.com/\": dial tcp <ip>:443: i/o timeout"},
		{name: "Secrets Manager host unreachable", mutate: all(withSecret, noRoute),
			container: "app", step: StepSecrets, field: "reason", want: "ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: There is a connection issue between the task and AWS Secrets Manager. Check your task network configuration. failed to fetch secret arn:aws:secretsmanager:ap-northeast-1:111122223333:secret:app/db-AbCdEf from secrets manager: RequestError: send request failed caused by: Post \"https://secretsmanager.ap-northeast-1.amazonaws.com/\": dial tcp <ip>:443: i/o timeout"},
		{name: "SSM host unreachable", mutate: func(w *world.World) { addSSMParam(w, "String", ""); allowSSM(w); noRoute(w) },
			container: "app", step: StepSecrets, field: "reason", want: "ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secrets from ssm: There is a connection issue between the task and AWS Systems Manager Parameter Store. Check your task network configuration. RequestError: send request failed caused by: Post \"https://ssm.ap-northeast-1.amazonaws.com/\": dial tcp <ip>:443: i/o timeout"},
		{name: "ECR registry host unreachable", mutate: func(w *world.World) { useEndpoints(w, "ecr.api", "logs") },
			container: "app", step: StepImageManifest, field: "reason", want: "CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref 111122223333.dkr.ecr.ap-northeast-1.amazonaws.com/app:1.0: failed to do request: Head \"https://111122223333.dkr.ecr.ap-northeast-1.amazonaws.com/v2/...\": dial tcp <ip>:443: i/o timeout"},
		{name: "Docker Hub unreachable through endpoints only", mutate: func(w *world.World) {
			app(w).Image = "nginx:1.27"
			useEndpoints(w, "ecr.api", "ecr.dkr", "logs")
		}, container: "app", step: StepImageManifest, field: "reason", want: "CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref docker.io/library/nginx:1.27: failed to do request: Head \"https://registry-1.docker.io/v2/...\": dial tcp <ip>:443: i/o timeout"},
		{name: "layer bucket unreachable", mutate: endpointsWithoutS3,
			container: "app", step: StepImageLayers, field: "reason", want: "CannotPullContainerError: ref pull has been retried 1 time(s): failed to copy: httpReadSeeker: failed open: failed to do request: Get \"https://prod-ap-northeast-1-starport-layer-bucket.s3.ap-northeast-1.amazonaws.com/...\": dial tcp <ip>:443: i/o timeout"},
		{name: "aws/aws-cdk#12720: environment file bucket unreachable", mutate: all(withEnvFile, endpointsWithoutS3),
			container: "app", step: StepEnvironmentFiles, field: "reason", want: "ResourceInitializationError: failed to download env files: file download command: non-empty error stream: RequestCanceled: request context canceled caused by: context deadline exceeded"},
		{name: "CloudWatch Logs unreachable", mutate: func(w *world.World) { useEndpoints(w, "ecr.api", "ecr.dkr") },
			container: "app", step: StepLogs, field: "reason", want: "ResourceInitializationError: failed to validate logger args: create stream has been retried 1 times: failed to create Cloudwatch log stream: RequestError: send request failed caused by: Post \"https://logs.ap-northeast-1.amazonaws.com/\": dial tcp <ip>:443: i/o timeout"},

		// The execution role itself (trustReason and the missing role).
		{name: "trust policy without ecs-tasks.amazonaws.com", mutate: func(w *world.World) {
			role(w).AssumeRolePolicyDocument = `{"Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`
		}, step: StepExecutionRole, field: "reason", want: "ECS was unable to assume the role 'arn:aws:iam::111122223333:role/ecsTaskExecutionRole' that was provided for this task. Please verify that the role being passed has the proper trust relationship and permissions and that your IAM user has permissions to pass this role."},
		{name: "no execution role where one is needed", mutate: noExecutionRole,
			step: StepExecutionRole, field: "reason", want: "ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: the task definition has no execution role"},

		// The task definition's sizes and platform (taskdef.go).
		{name: "ECS-DG Troubleshoot Amazon ECS task definition invalid CPU or memory errors: RegisterTaskDefinition's text, not Terraform's",
			mutate: func(w *world.World) { td(w).Memory = "4096" },
			step:   StepTaskDefinition, subject: "cpu/memory", field: "reason", want: "ClientException: Invalid 'cpu' setting for task."},
		{name: "ECS-DG Troubleshoot Amazon ECS task definition invalid CPU or memory errors: the summary names the pair",
			mutate: func(w *world.World) { td(w).Memory = "4096" },
			step:   StepTaskDefinition, subject: "cpu/memory", field: "summary", want: "cpu 256 with memory 4096 is not a Fargate size"},
		{name: "RegisterTaskDefinition: a missing task memory has its own text (aws/amazon-ecs-cli#982)",
			mutate: func(w *world.World) { td(w).Memory = "" },
			step:   StepTaskDefinition, subject: "cpu/memory", field: "reason", want: "ClientException: Fargate requires that 'memory' be defined at the task level."},
		{name: "ECS-DG Amazon ECS task definition differences for the Fargate launch type: Windows below 1 vCPU",
			mutate: func(w *world.World) {
				td(w).RuntimePlatform = &world.RuntimePlatform{OperatingSystemFamily: "WINDOWS_SERVER_2019_FULL"}
			},
			step: StepTaskDefinition, subject: "cpu", field: "summary", want: "Windows containers on Fargate need at least 1 vCPU, not 256 cpu units"},
		{name: "ECS-DG Pass environment variables to an Amazon ECS container: not on Windows containers on Fargate",
			mutate: func(w *world.World) {
				withEnvFile(w)
				td(w).Cpu, td(w).Memory = "1024", "2048"
				td(w).RuntimePlatform = &world.RuntimePlatform{OperatingSystemFamily: "WINDOWS_SERVER_2019_FULL"}
			},
			container: "app", step: StepTaskDefinition, subject: "environmentFiles", field: "reason", want: "PlatformTaskDefinitionIncompatibilityException: The specified platform version doesn't satisfy the required capabilities of the task definition."},
		{name: "ECS-DG AWS Fargate Linux platform version deprecation (March 16, 2026): 1.3.0 is retired",
			mutate: func(w *world.World) { svc(w).PlatformVersion = "1.3.0" },
			step:   StepTaskDefinition, subject: "platformVersion", field: "summary", want: "platform version 1.3.0 is retired and cannot launch new tasks"},
		{name: "ECS API EnvironmentFile: the .env extension",
			mutate: func(w *world.World) {
				withEnvFile(w)
				app(w).EnvironmentFiles[0].Value = "arn:aws:s3:::my-app-config/prod.txt"
			},
			container: "app", step: StepTaskDefinition, subject: "environmentFiles[0]", field: "reason", want: "ClientException: Environment file arn:aws:s3:::my-app-config/prod.txt must have a .env file extension."},
	})
}

// Every fix template: fix.go aims at the layer that denied (IAM-UG "Policy
// evaluation logic"); the others name the setting to change.
func TestFixTexts(t *testing.T) {
	checkSentences(t, []sentence{
		// fix.go, one per layer.
		{name: "no execution role: set one", mutate: noExecutionRole,
			container: "app", step: StepRegistryAuth, field: "fix", want: "set executionRoleArn in the task definition to a role that trusts ecs-tasks.amazonaws.com and allows ecr:GetAuthorizationToken"},
		{name: "explicit deny in an identity policy: narrow the statement", mutate: func(w *world.World) {
			addInline(w, "deny-ecr", `{"Statement":[{"Sid":"NoECR","Effect":"Deny","Action":"ecr:GetAuthorizationToken","Resource":"*"}]}`)
		}, container: "app", step: StepRegistryAuth, field: "fix", want: "remove or narrow statement NoECR of identity-based policy \"ecsTaskExecutionRole/deny-ecr\", which denies ecr:GetAuthorizationToken on *"},
		{name: "explicit deny in an endpoint policy: narrow the endpoint's statement", mutate: func(w *world.World) {
			useEndpoints(w, "ecr.api", "ecr.dkr", "logs")
			w.VPCEndpoints.Get("vpce-ecr.dkr").PolicyDocument = `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"},{"Sid":"NoPull","Effect":"Deny","Principal":"*","Action":"ecr:BatchGetImage","Resource":"*"}]}`
		}, container: "app", step: StepImageManifest, field: "fix", want: "remove or narrow statement NoPull of the endpoint policy of vpce-ecr.dkr, which denies ecr:BatchGetImage on arn:aws:ecr:ap-northeast-1:111122223333:repository/app"},
		{name: "KMS-DG key policies: a key policy statement has Resource *", mutate: func(w *world.World) {
			addSSMParam(w, "SecureString", cmkARN)
			addCMK(w, closedKeyPolicy)
			addInline(w, "ssm", `{"Statement":[{"Effect":"Allow","Action":["ssm:GetParameters","kms:Decrypt"],"Resource":"*"}]}`)
		}, container: "app", step: StepSecrets, subject: "KMS key", field: "fix", want: "add to the key policy of arn:aws:kms:ap-northeast-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab the statement {\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:role/ecsTaskExecutionRole\"},\"Action\":\"kms:Decrypt\",\"Resource\":\"*\"}"},
		{name: "ECR-UG repository policies: a repository policy statement names no resource",
			mutate:    crossAccountRepo(`{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"ecr:BatchGetImage"}]}`),
			container: "app", step: StepImageManifest, field: "fix", want: "add to the repository policy of shared the statement {\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:role/ecsTaskExecutionRole\"},\"Action\":\"ecr:BatchGetImage\"}"},
		{name: "S3-UG bucket policies: another account's bucket must name the role", mutate: func(w *world.World) {
			withEnvFile(w)
			w.Buckets.Get("my-app-config").Account = "999999999999"
		}, container: "app", step: StepEnvironmentFiles, field: "fix", want: "add to the bucket policy of my-app-config the statement {\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:role/ecsTaskExecutionRole\"},\"Action\":\"s3:GetBucketLocation\",\"Resource\":\"arn:aws:s3:::my-app-config\"}; and add to the bucket policy of my-app-config the statement {\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:role/ecsTaskExecutionRole\"},\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::my-app-config/prod.env\"}"},
		{name: "IAM-UG permissions boundaries: allow in the boundary", mutate: func(w *world.World) {
			role(w).PermissionsBoundaryArn = "arn:aws:iam::111122223333:policy/Boundary"
			w.Policies.Put("arn:aws:iam::111122223333:policy/Boundary", &world.ManagedPolicy{Arn: "arn:aws:iam::111122223333:policy/Boundary", PolicyName: "Boundary",
				Document: `{"Statement":[{"Effect":"Allow","Action":"logs:*","Resource":"*"}]}`})
		}, container: "app", step: StepRegistryAuth, field: "fix", want: "allow ecr:GetAuthorizationToken on * in the permissions boundary of role ecsTaskExecutionRole"},
		{name: "Organizations-UG SCPs: only an administrator can allow", mutate: func(w *world.World) {
			w.SCPs = &world.PolicyPath{Levels: []world.PolicyLevel{{Target: "r-root", Policies: []world.NamedPolicy{{Name: "OnlyLogs", Document: `{"Statement":[{"Effect":"Allow","Action":"logs:*","Resource":"*"}]}`}}}}}
		}, container: "app", step: StepRegistryAuth, field: "fix", want: "the organization's service control policies do not allow ecr:GetAuthorizationToken: an organization administrator must allow it for this account"},
		{name: "Organizations-UG RCPs: only an administrator can allow", mutate: func(w *world.World) {
			inOrg(w)
			w.RCPs = orgPath(rcpFullAccess, func(l []world.PolicyLevel) {
				l[1].Policies = []world.NamedPolicy{{Name: "OnlyLogs", Document: `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"logs:*","Resource":"*"}]}`}}
			})
			withEnvFile(w)
		}, container: "app", step: StepEnvironmentFiles, field: "fix", want: "the organization's resource control policies do not allow s3:GetBucketLocation: an organization administrator must allow it for this account; and the organization's resource control policies do not allow s3:GetObject: an organization administrator must allow it for this account"},
		{name: "ECR-UG VPC endpoints: an endpoint policy without the action gets a statement", mutate: func(w *world.World) {
			useEndpoints(w, "ecr.api", "ecr.dkr", "logs")
			w.VPCEndpoints.Get("vpce-ecr.dkr").PolicyDocument = `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"ecr:GetAuthorizationToken","Resource":"*"}]}`
		}, container: "app", step: StepImageManifest, field: "fix", want: "add to the endpoint policy of vpce-ecr.dkr the statement {\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"ecr:BatchGetImage\",\"Resource\":\"arn:aws:ecr:ap-northeast-1:111122223333:repository/app\"}"},
		{name: "identity: a statement for the execution role", mutate: func(w *world.World) { inline(w, pullOnly) },
			container: "app", step: StepRegistryAuth, field: "fix", want: "add to execution role ecsTaskExecutionRole the policy statement {\"Effect\":\"Allow\",\"Action\":\"ecr:GetAuthorizationToken\",\"Resource\":\"*\"}"},

		// The execution role step.
		{name: "no execution role where one is needed", mutate: noExecutionRole,
			step: StepExecutionRole, field: "fix", want: "set executionRoleArn to a role that trusts ecs-tasks.amazonaws.com with AmazonECSTaskExecutionRolePolicy attached"},
		{name: "a role the complete listing lacks", mutate: func(w *world.World) {
			w.Roles = world.NewSet[world.Role]("iam:GetRole", true)
		}, step: StepExecutionRole, field: "fix", want: "create role ecsTaskExecutionRole trusting ecs-tasks.amazonaws.com, or point executionRoleArn at an existing role"},
		{name: "a trust policy without ecs-tasks.amazonaws.com", mutate: func(w *world.World) {
			role(w).AssumeRolePolicyDocument = `{"Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`
		}, step: StepExecutionRole, field: "fix", want: "add to the trust policy of role ecsTaskExecutionRole the statement {\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ecs-tasks.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}"},
		{name: "a trust policy that denies ecs-tasks.amazonaws.com", mutate: func(w *world.World) {
			role(w).AssumeRolePolicyDocument = `{"Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"},{"Sid":"NoECS","Effect":"Deny","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}`
		}, step: StepExecutionRole, field: "fix", want: "remove or narrow the Deny statement NoECS in the trust policy of role ecsTaskExecutionRole"},

		// Secrets, parameters, logs, files, keys, images.
		{name: "SM-UG delete a secret: a secret scheduled for deletion", mutate: func(w *world.World) {
			withSecret(w)
			w.Secrets.Get(smSecret).Deleted = true
		}, container: "app", step: StepSecrets, field: "fix", want: "restore secret app/db-AbCdEf or point valueFrom at a live secret"},
		{name: "SM-UG delete a secret: registry credentials scheduled for deletion", mutate: func(w *world.World) {
			dockerHubCreds(w)
			allowSM(w)
			w.Secrets.Get(smSecret).Deleted = true
		}, container: "app", step: StepRegistryAuth, field: "fix", want: "restore the secret (aws secretsmanager restore-secret) or point credentialsParameter at a live one"},
		{name: "agent asm.go: registry credentials without username and password", mutate: func(w *world.World) {
			dockerHubCreds(w)
			allowSM(w)
			w.Secrets.Get(smSecret).Value = &world.SecretShape{Kind: "json", Keys: []string{"user", "token"}}
		}, container: "app", step: StepRegistryAuth, field: "fix", want: "store the secret as {\"username\":\"…\",\"password\":\"…\"} (SecretString, not binary)"},
		{name: "agent asmsecret: a JSON key the secret lacks", mutate: func(w *world.World) {
			withSecret(w)
			w.Secrets.Get(smSecret).Value = &world.SecretShape{Kind: "json", Keys: []string{"username"}}
			app(w).Secrets = []world.ContainerSecret{{Name: "DB_PASSWORD", ValueFrom: smSecret + ":password::"}}
		}, container: "app", step: StepSecrets, field: "fix", want: "add the key password to secret app/db-AbCdEf, or change the json-key in valueFrom of DB_PASSWORD"},
		{name: "ECS-DG pass Secrets Manager secrets: version stage and id together", mutate: func(w *world.World) {
			withSecret(w)
			app(w).Secrets = []world.ContainerSecret{{Name: "DB_PASSWORD", ValueFrom: smSecret + ":password:AWSCURRENT:0a1b2c3d"}}
		}, container: "app", step: StepSecrets, field: "fix", want: "in valueFrom of DB_PASSWORD keep either the version stage or the version id, not both"},
		{name: "agent agent/ssm: a parameter a complete listing lacks", mutate: func(w *world.World) {
			app(w).Secrets = []world.ContainerSecret{{Name: "DB", ValueFrom: "/app/missing"}}
			allowSSM(w)
		}, container: "app", step: StepSecrets, field: "fix", want: "create parameter /app/missing in ap-northeast-1 or correct valueFrom of DB"},
		{name: "ECS-DG awslogs: a log group that does not exist", mutate: func(w *world.World) {
			app(w).LogConfiguration.Options["awslogs-group"] = "/ecs/other"
		}, container: "app", step: StepLogs, field: "fix", want: "create log group /ecs/other in ap-northeast-1 (or set \"awslogs-create-group\": \"true\" and allow logs:CreateLogGroup)"},
		{name: "ECS-DG environment files: a value that is not an S3 object ARN", mutate: func(w *world.World) {
			app(w).EnvironmentFiles = []world.EnvironmentFile{{Value: "s3://my-app-config/prod.env", Type: "s3"}}
		}, container: "app", step: StepEnvironmentFiles, field: "fix", want: "name the file by its S3 object ARN, arn:aws:s3:::BUCKET/KEY"},
		{name: "KMS-DG key states: a disabled key", mutate: func(w *world.World) {
			withSecret(w)
			w.Secrets.Get(smSecret).KmsKeyId = cmkARN
			addCMK(w, defaultKeyPolicy)
			w.Keys.Get(cmkARN).KeyState = "Disabled"
			addInline(w, "kms", `{"Statement":[{"Effect":"Allow","Action":"kms:Decrypt","Resource":"*"}]}`)
		}, container: "app", step: StepSecrets, subject: "KMS key", field: "fix", want: "enable KMS key 1234abcd-12ab-34cd-56ef-1234567890ab (it is Disabled)"},
		{name: "SM-UG cross-account access: aws/secretsmanager cannot be used from another account", mutate: func(w *world.World) {
			other := "arn:aws:secretsmanager:ap-northeast-1:999999999999:secret:shared/db-AbCdEf"
			w.Secrets.Put(other, &world.Secret{ARN: other, Name: "shared/db", ResourcePolicyKnown: true})
			app(w).Secrets = []world.ContainerSecret{{Name: "DB", ValueFrom: other}}
			allowSM(w)
		}, container: "app", step: StepSecrets, subject: "kms key", field: "fix", want: "re-encrypt secret shared/db-AbCdEf with a customer managed key whose key policy allows the execution role kms:Decrypt"},
		{name: "Docker Hub usage and limits: mirror or authenticate", mutate: func(w *world.World) { app(w).Image = "nginx:1.27" },
			container: "app", step: StepRegistryAuth, field: "fix", want: "mirror the image to Amazon ECR (pull through cache) or set repositoryCredentials"},
		{name: "ECR: a repository a complete listing lacks", mutate: func(w *world.World) {
			app(w).Image = "111122223333.dkr.ecr.ap-northeast-1.amazonaws.com/typo:1.0"
		}, container: "app", step: StepImageManifest, field: "fix", want: "create repository typo in account 111122223333 (ap-northeast-1) and push the image, or fix the image name"},

		// The task definition (taskdef.go).
		{name: "ECS API RegisterTaskDefinition: family name", mutate: func(w *world.World) { td(w).Family = "app.v2" },
			step: StepTaskDefinition, subject: "family", field: "fix", want: "rename the family to letters, digits, hyphens and underscores (at most 255)"},
		{name: "ECS API RegisterTaskDefinition: container name", mutate: func(w *world.World) { app(w).Name = "app.web" },
			container: "app.web", step: StepTaskDefinition, subject: "name", field: "fix", want: "rename the container to letters, digits, hyphens and underscores (at most 255)"},
		{name: "secrets need an execution role", mutate: func(w *world.World) {
			td(w).ExecutionRoleArn = ""
			app(w).LogConfiguration = nil
			app(w).Secrets = []world.ContainerSecret{{Name: "X", ValueFrom: "/x"}}
		}, container: "app", step: StepTaskDefinition, subject: "secrets", field: "fix", want: "set executionRoleArn to a task execution role that may read the secrets"},
		{name: "a field ECS does not know", mutate: func(w *world.World) { app(w).ExtraFields = []string{"imagePull"} },
			container: "app", step: StepTaskDefinition, subject: "imagePull", field: "fix", want: "remove imagePull: it is not an ECS container definition field"},
		{name: "imagePullBehavior is the agent's setting", mutate: func(w *world.World) { app(w).ExtraFields = []string{"imagePullBehavior"} },
			container: "app", step: StepTaskDefinition, subject: "imagePullBehavior", field: "fix", want: "remove imagePullBehavior: it is not a task definition field; on EC2 set ECS_IMAGE_PULL_BEHAVIOR in the agent's configuration"},
		{name: "an image reference that does not parse", mutate: func(w *world.World) { app(w).Image = "Registry.Example.com/App:1" },
			container: "app", step: StepTaskDefinition, subject: "image", field: "fix", want: "write the image as [registry/]repository[:tag|@digest]: image \"Registry.Example.com/App:1\": repository name must be lowercase"},
		{name: "ECS-DG retired Fargate platform versions", mutate: func(w *world.World) { svc(w).PlatformVersion = "1.1.0" },
			step: StepTaskDefinition, subject: "platformVersion", field: "fix", want: "set the service's platformVersion to LATEST (1.4.0)"},
		{name: "ECS-DG Fargate: awsvpc only", mutate: func(w *world.World) { td(w).NetworkMode = "bridge" },
			step: StepTaskDefinition, subject: "networkMode", field: "fix", want: "set \"networkMode\": \"awsvpc\" in the task definition"},
		{name: "ECS-DG Fargate: requiresCompatibilities must hold FARGATE", mutate: func(w *world.World) { td(w).RequiresCompatibilities = []string{"EC2"} },
			step: StepTaskDefinition, subject: "requiresCompatibilities", field: "fix", want: "add \"FARGATE\" to requiresCompatibilities"},
		{name: "ECS-DG Fargate: task-level cpu and memory are required", mutate: func(w *world.World) { td(w).Memory = "" },
			step: StepTaskDefinition, subject: "cpu/memory", field: "fix", want: "set task-level \"cpu\" and \"memory\", e.g. \"256\" and \"512\""},
		{name: "ECS-DG Fargate task size: a pair Fargate does not offer", mutate: func(w *world.World) { td(w).Memory = "4096" },
			step: StepTaskDefinition, subject: "cpu/memory", field: "fix", want: "use a supported cpu/memory pair: 256→512/1024/2048; 512→1–4 GB; 1024→2–8 GB; 2048→4–16 GB; 4096→8–30 GB; 8192→16–60 GB (4 GB steps); 16384→32–120 GB (8 GB steps)"},
		{name: "ECS-DG Fargate task size: 8 vCPU needs 1.4.0", mutate: func(w *world.World) {
			td(w).Cpu, td(w).Memory = "8192", "16384"
			svc(w).PlatformVersion = "1.3.0"
		}, step: StepTaskDefinition, subject: "cpu", field: "fix", want: "use platform version 1.4.0 (LATEST) for 8 and 16 vCPU tasks"},
		{name: "ECS-DG Fargate platform versions: a feature newer than the version", mutate: func(w *world.World) {
			svc(w).PlatformVersion = "1.3.0"
			app(w).EnvironmentFiles = []world.EnvironmentFile{{Value: "arn:aws:s3:::my-app-config/prod.env", Type: "s3"}}
		}, container: "app", step: StepTaskDefinition, subject: "environmentFiles", field: "fix", want: "set the service's platformVersion to LATEST (1.4.0)"},
		{name: "ECS-DG LogConfiguration: a log driver Fargate lacks", mutate: func(w *world.World) {
			app(w).LogConfiguration = &world.LogConfiguration{LogDriver: "syslog"}
		}, container: "app", step: StepTaskDefinition, subject: "logConfiguration.logDriver", field: "fix", want: "use the awslogs, splunk or awsfirelens log driver"},
		{name: "ECS-DG awslogs on Fargate needs an execution role", mutate: func(w *world.World) { td(w).ExecutionRoleArn = "" },
			container: "app", step: StepTaskDefinition, subject: "logConfiguration", field: "fix", want: "set executionRoleArn to a role with logs:CreateLogStream and logs:PutLogEvents (AmazonECSTaskExecutionRolePolicy)"},
		{name: "ECS-DG awslogs: a required option", mutate: func(w *world.World) { delete(app(w).LogConfiguration.Options, "awslogs-region") },
			container: "app", step: StepTaskDefinition, subject: "logConfiguration.options.awslogs-region", field: "fix", want: "set the awslogs option awslogs-region"},
	})
}

// Every assumption: what the input cannot show, said on the step it
// matters to (docs/model.md, "Unknown, assumption, pass").
func TestAssumptionTexts(t *testing.T) {
	checkSentences(t, []sentence{
		{name: "only a pull shows that the tag exists for the platform",
			container: "app", step: StepImageManifest, field: "assumption",
			want: "tag 1.0 exists in 111122223333.dkr.ecr.ap-northeast-1.amazonaws.com/app with a manifest for linux/amd64 (not checked: only a registry pull can show it)"},
		{name: "a digest reference on ARM64", mutate: func(w *world.World) {
			app(w).Image = "111122223333.dkr.ecr.ap-northeast-1.amazonaws.com/app@sha256:" + strings.Repeat("ab", 32)
			td(w).RuntimePlatform = &world.RuntimePlatform{CpuArchitecture: "ARM64", OperatingSystemFamily: "LINUX"}
		}, container: "app", step: StepImageManifest, field: "assumption",
			want: "digest sha256:" + strings.Repeat("ab", 32) + " exists in 111122223333.dkr.ecr.ap-northeast-1.amazonaws.com/app with a manifest for linux/arm64 (not checked: only a registry pull can show it)"},
		{name: "ECR-UG VPC endpoints: before 1.4.0 the token call leaves outside the task ENI", mutate: func(w *world.World) { svc(w).PlatformVersion = "1.3.0" },
			container: "app", step: StepRegistryAuth, field: "assumption",
			want: "platform version 1.3.0 gets the ECR token outside the task ENI (ECR-UG: ecr.api endpoint needed from 1.4.0 only)"},
		{name: "ECS-DG task execution role: aws:SourceVpc is never on GetAuthorizationToken", mutate: func(w *world.World) {
			addInline(w, "vpc", `{"Statement":[{"Effect":"Allow","Action":"ecr:*","Resource":"*","Condition":{"StringEquals":{"aws:SourceVpc":"vpc-1"}}}]}`)
		}, container: "app", step: StepRegistryAuth, field: "assumption", want: "ecr:GetAuthorizationToken is evaluated without aws:SourceVpc/aws:SourceVpce as ECS-DG \"Amazon ECS task execution IAM role\" (archived text) says: the call goes through an elastic network interface owned by AWS Fargate; the AWS Containers Blog post \"AWS Fargate launches platform version 1.4\" (April 2020) says platform version 1.4.0 makes it from the task ENI, where the keys would be present"},
		{name: "the shape of registry credentials the snapshot does not describe", mutate: func(w *world.World) {
			dockerHubCreds(w)
			allowSM(w)
			w.Secrets.Get(smSecret).Value = nil
		}, container: "app", step: StepRegistryAuth, field: "assumption", want: "the secret's value is a JSON object with username and password (add SecretKeys to the snapshot to check)"},
		{name: "only the registry accepts the credentials", mutate: all(dockerHubCreds, allowSM),
			container: "app", step: StepRegistryAuth, field: "assumption", want: "the credentials in the secret are accepted by docker.io"},
		{name: "a JSON key of a secret the snapshot does not describe", mutate: func(w *world.World) {
			withSecret(w)
			w.Secrets.Get(smSecret).Value = nil
			app(w).Secrets = []world.ContainerSecret{{Name: "DB_PASSWORD", ValueFrom: smSecret + ":password::"}}
		}, container: "app", step: StepSecrets, field: "assumption", want: "secret app/db-AbCdEf is a JSON object with the key password (add SecretKeys to the snapshot to check)"},
		{name: "the region of a bucket the snapshot does not describe", mutate: func(w *world.World) {
			withEnvFile(w)
			w.Buckets = world.NewSet[world.Bucket]("s3:GetBucketPolicy", false)
		}, container: "app", step: StepEnvironmentFiles, field: "assumption", want: "bucket my-app-config is in ap-northeast-1 (add GetBucketLocation to the snapshot to check)"},
		{name: "only the download shows that the object exists", mutate: withEnvFile,
			container: "app", step: StepEnvironmentFiles, field: "assumption", want: "object my-app-config/prod.env exists"},
		{name: "no organization policies in the input",
			step: StepExecutionRole, field: "assumption", want: "no service control or resource control policy of an organization restricts this account (the input has none)"},
		{name: "resource control policies but no service control policies in the input", mutate: func(w *world.World) {
			w.RCPs = orgPath(rcpFullAccess, nil)
		}, step: StepExecutionRole, field: "assumption", want: "no service control policy of an organization restricts this account (the input has none)"},
		{name: "ECS-DG Fargate platform versions: before 1.4.0 the platform's path is not the task ENI", mutate: func(w *world.World) { svc(w).PlatformVersion = "1.3.0" },
			container: "app", step: StepLogs, field: "assumption", want: "platform version 1.3.0 sends platform traffic over an AWS-managed interface whose reachability is not documented (ECS-DG \"Fargate platform versions\" describes the task ENI path from 1.4.0 only)"},
	})
}

// The sentences of this round: the container instance role on EC2 (agent
// agent/dockerclient/dockerapi CannotPullECRContainerError; moby's
// "failed to initialize logging driver"), and what is missing when the
// execution role, the container instances, the region or the account are
// not resolved (world/unresolved.go).
func TestStandInAndInstanceTexts(t *testing.T) {
	denyInstance := all(onEC2, func(w *world.World) { addInstanceRole(w, instanceRoleARN, ecsOnlyPolicy) })
	checkSentences(t, []sentence{
		{name: "ECR token denied to the instance role", mutate: denyInstance,
			container: "app", step: StepRegistryAuth, field: "reason", want: "CannotPullECRContainerError: AccessDeniedException: User: arn:aws:sts::111122223333:assumed-role/ecsInstanceRole/<instance-id> is not authorized to perform: ecr:GetAuthorizationToken on resource: * because no identity-based policy allows the ecr:GetAuthorizationToken action"},
		{name: "log stream denied to the instance role", mutate: denyInstance,
			container: "app", step: StepLogs, field: "reason", want: "CannotStartContainerError: Error response from daemon: failed to initialize logging driver: failed to create Cloudwatch log stream: AccessDeniedException: User: arn:aws:sts::111122223333:assumed-role/ecsInstanceRole/<instance-id> is not authorized to perform: logs:CreateLogStream on resource: arn:aws:logs:ap-northeast-1:111122223333:log-group:/ecs/app:log-stream:ecs/app/<task-id> because no identity-based policy allows the logs:CreateLogStream action"},
		{name: "fix for the instance role", mutate: denyInstance,
			container: "app", step: StepRegistryAuth, field: "fix", want: `add to container instance role ecsInstanceRole the policy statement {"Effect":"Allow","Action":"ecr:GetAuthorizationToken","Resource":"*"}`},
		{name: "EC2 without an execution role", mutate: onEC2,
			step: StepExecutionRole, field: "summary", want: "no execution role: the container instance role is used to pull from Amazon ECR and write awslogs"},
		{name: "an unresolved execution role", mutate: unresolvedExecRole,
			container: "app", step: StepLogs, field: "missing", want: `policy "the policies and permissions boundary of role <unresolved Ref \"ExecRoleArn\" (a parameter without a value)> (not resolved from the input)": document not in the input`},
		{name: "no instance group joins the cluster", mutate: all(onEC2, func(w *world.World) { group(w).Cluster = "staging" }),
			container: "app", step: StepLogs, field: "missing", want: "the container instance's network path (EC2 launch type: the agent calls AWS over the instance's interface)"},
		{name: "a group that may join the cluster", mutate: all(onEC2, func(w *world.World) { group(w).Cluster = "" }),
			container: "app", step: StepLogs, field: "missing", want: "the container instance's network path (EC2 launch type: the agent calls AWS over the instance's interface): whether instance group asg joins cluster prod (its cluster or the service's is not resolved)"},
		{name: "an unresolved image without an execution role", mutate: func(w *world.World) {
			td(w).ExecutionRoleArn = ""
			app(w).LogConfiguration = nil
			app(w).Image = world.Unresolved(`Fn::ImportValue "ImageUri"`)
		}, step: StepExecutionRole, field: "missing", want: `whether image <unresolved Fn::ImportValue "ImageUri"> is in Amazon ECR (a private ECR image needs an execution role on FARGATE)`},
		{name: "a family name not known before deploy", mutate: func(w *world.World) { td(w).Family = world.Unresolved(`Ref "Family"`) },
			step: StepTaskDefinition, field: "missing", want: `family: <unresolved Ref "Family">`},
		{name: "a log group when the account is unknown", mutate: func(w *world.World) {
			w.AccountID, w.AccountFrom = "", "no ARN of the plan names an account"
			w.LogGroups = world.NewSet[world.LogGroup]("logs:DescribeLogGroups", true)
		}, container: "app", step: StepLogs, field: "missing", want: "logs:DescribeLogGroups for /ecs/app"},
	})
}

// The texts of item "registry credentials read by asmauth" and the DNS
// failure, each case named by the source that quotes the text (see the
// comments in reasons.go): the registry credentials secret is read by the
// agent's asmauth resource (agent/asm/asm.go), never with asmsecret's
// "unable to retrieve secret from asm" wording.
func TestStoppedReasonSources(t *testing.T) {
	const (
		ri      = "ResourceInitializationError: unable to pull secrets or registry auth: "
		regAuth = ri + "execution resource retrieval failed: unable to get registry auth from asm: "
	)
	regShape := func(kind string, keys ...string) func(*world.World) {
		return func(w *world.World) {
			dockerHubCreds(w)
			allowSM(w)
			w.Secrets.Get(smSecret).Value = &world.SecretShape{Kind: kind, Keys: keys}
		}
	}
	noDNS := func(w *world.World) { w.VPCs.Get("vpc-1").EnableDnsSupport = boolp(false) }
	checkSentences(t, []sentence{
		{name: "agent asm.go GetDockerAuthFromASM: registry credentials scheduled for deletion", mutate: func(w *world.World) {
			dockerHubCreds(w)
			allowSM(w)
			w.Secrets.Get(smSecret).Deleted = true
		}, container: "app", step: StepRegistryAuth, field: "reason",
			want: regAuth + "service call has been retried 5 time(s): asm fetching secret from the service for " + smSecret + ": InvalidRequestException: You can't perform this operation on the secret because it was marked for deletion."},
		{name: "agent asm.go extractASMValue: a binary secret has no SecretString", mutate: regShape("binary"),
			container: "app", step: StepRegistryAuth, field: "reason", want: regAuth + "asm fetching authorization data: empty secrets value"},
		{name: "agent asm.go extractASMValue: a string that is not a JSON object", mutate: regShape("text"),
			container: "app", step: StepRegistryAuth, field: "reason", want: regAuth + "asm fetching authorization data: unable to unmarshal secret value, invalid schema"},
		{name: "agent asm.go extractASMValue: no username", mutate: regShape("json", "password"),
			container: "app", step: StepRegistryAuth, field: "reason", want: regAuth + "asm fetching username: AuthorizationData is malformed, empty field"},
		{name: "agent asm.go extractASMValue: username checked before password", mutate: regShape("json", "token"),
			container: "app", step: StepRegistryAuth, field: "reason", want: regAuth + "asm fetching username: AuthorizationData is malformed, empty field"},
		{name: "agent asm.go extractASMValue: no password", mutate: regShape("json", "Username"),
			container: "app", step: StepRegistryAuth, field: "reason", want: regAuth + "asm fetching password: AuthorizationData is malformed, empty field"},
		{name: "GiamPy5/terraform-aws-directus#10 wording under asmauth: kms:Decrypt for registry credentials denied", mutate: func(w *world.World) {
			dockerHubCreds(w)
			allowSM(w)
			w.Secrets.Get(smSecret).KmsKeyId = cmkARN
			addCMK(w, defaultKeyPolicy)
		}, container: "app", step: StepRegistryAuth, subject: "KMS key", field: "reason",
			want: regAuth + "service call has been retried 5 time(s): asm fetching secret from the service for " + smSecret + ": AccessDeniedException: Access to KMS is not allowed"},
		{name: "1Password/scim-examples#267: no DNS resolution in the VPC, ECR token", mutate: noDNS,
			container: "app", step: StepRegistryAuth, field: "reason",
			want: ri + "execution resource retrieval failed: unable to retrieve ecr registry auth: service call has been retried 3 time(s): RequestCanceled: request context canceled caused by: context deadline exceeded. Please check your task network configuration."},
		{name: "1Password/scim-examples#267: no DNS resolution in the VPC, Secrets Manager secret", mutate: all(withSecret, noDNS),
			container: "app", step: StepSecrets, field: "reason",
			want: ri + "execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried 5 time(s): failed to fetch secret " + smSecret + " from secrets manager: RequestCanceled: request context canceled caused by: context deadline exceeded. Please check your task network configuration."},
		{name: "aws/copilot-cli#4834: no DNS resolution in the VPC, SSM parameter", mutate: func(w *world.World) { addSSMParam(w, "String", ""); allowSSM(w); noDNS(w) },
			container: "app", step: StepSecrets, field: "reason",
			want: ri + "execution resource retrieval failed: unable to retrieve secrets from ssm: service call has been retried 5 time(s): RequestCanceled: request context canceled caused by: context deadline exceeded. Please check your task network configuration."},
		{name: "cloudnativedaysjp/dreamkast-infra#4567: a repository a complete listing lacks", mutate: func(w *world.World) {
			app(w).Image = "111122223333.dkr.ecr.ap-northeast-1.amazonaws.com/typo:1.0"
		}, container: "app", step: StepImageManifest, field: "reason",
			want: "CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref 111122223333.dkr.ecr.ap-northeast-1.amazonaws.com/typo:1.0: 111122223333.dkr.ecr.ap-northeast-1.amazonaws.com/typo:1.0: not found"},
		{name: "SM-UG cross-account access under asmauth: registry credentials in another account with aws/secretsmanager", mutate: func(w *world.World) {
			other := "arn:aws:secretsmanager:ap-northeast-1:999999999999:secret:shared/hub-AbCdEf"
			w.Secrets.Put(other, &world.Secret{ARN: other, Name: "shared/hub", ResourcePolicyKnown: true,
				ResourcePolicy: `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"secretsmanager:GetSecretValue","Resource":"*"}]}`})
			app(w).Image = "docker.io/acme/api:1.4.2"
			app(w).RepositoryCredentials = &world.RepositoryCredentials{CredentialsParameter: other}
			allowSM(w)
		}, container: "app", step: StepRegistryAuth, subject: "kms key", field: "reason",
			want: regAuth + "service call has been retried 5 time(s): asm fetching secret from the service for arn:aws:secretsmanager:ap-northeast-1:999999999999:secret:shared/hub-AbCdEf: AccessDeniedException: Access to KMS is not allowed"},
		{name: "1Password/scim-examples#267 wording under asmauth: no DNS resolution in the VPC, registry credentials", mutate: all(dockerHubCreds, allowSM, noDNS),
			container: "app", step: StepRegistryAuth, subject: "app/db", field: "reason",
			want: regAuth + "service call has been retried 5 time(s): asm fetching secret from the service for " + smSecret + ": RequestCanceled: request context canceled caused by: context deadline exceeded. Please check your task network configuration."},
		{name: "aws/aws-cdk#12720: no DNS resolution in the VPC, environment file", mutate: all(withEnvFile, noDNS),
			container: "app", step: StepEnvironmentFiles, field: "reason",
			want: "ResourceInitializationError: failed to download env files: file download command: non-empty error stream: RequestCanceled: request context canceled caused by: context deadline exceeded"},
		{name: "doctorray117/minecraft-ondemand#12 wrapper: no DNS resolution in the VPC, log stream", mutate: noDNS,
			container: "app", step: StepLogs, field: "reason",
			want: "ResourceInitializationError: failed to validate logger args: create stream has been retried 1 times: failed to create Cloudwatch log stream: RequestCanceled: request context canceled caused by: context deadline exceeded"},
		{name: "Go net DNSError: no DNS resolution in the VPC, image layers", mutate: noDNS,
			container: "app", step: StepImageLayers, field: "reason",
			want: "CannotPullContainerError: ref pull has been retried 1 time(s): failed to copy: httpReadSeeker: failed open: failed to do request: Get \"https://prod-ap-northeast-1-starport-layer-bucket.s3.ap-northeast-1.amazonaws.com/...\": dial tcp: lookup prod-ap-northeast-1-starport-layer-bucket.s3.ap-northeast-1.amazonaws.com: no such host"},
		{name: "Go net DNSError: no DNS resolution in the VPC, image manifest", mutate: noDNS,
			container: "app", step: StepImageManifest, field: "reason",
			want: "CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref 111122223333.dkr.ecr.ap-northeast-1.amazonaws.com/app:1.0: failed to do request: Head \"https://111122223333.dkr.ecr.ap-northeast-1.amazonaws.com/v2/...\": dial tcp: lookup 111122223333.dkr.ecr.ap-northeast-1.amazonaws.com: no such host"},
	})
}
