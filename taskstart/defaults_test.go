package taskstart

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/world"
)

// defaultsCase is a mutation of the base world answered without and with
// WithAssumedDefaults: the step's status each way, and the assumption the
// default adds ("" when no default may be taken: then no assumption may
// name the option).
type defaultsCase struct {
	name          string
	mutate        func(*world.World)
	container     string
	step          StepKind
	subject       string
	without, with Status
	assumed       string
	// missing, for a step that stays unknown with the option, is what it
	// still names as missing.
	missing string
}

const (
	otherAcct    = "444455556666"
	otherSecret  = "arn:aws:secretsmanager:ap-northeast-1:444455556666:secret:shared/db-AbCdEf"
	envFileARN   = "arn:aws:s3:::my-app-config/prod.env"
	allowSecrets = `{"Statement":[{"Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"*"}]}`
)

// useSecret makes the app container read valueFrom, which the role may
// read, without the input showing the secret.
func useSecret(valueFrom string) func(*world.World) {
	return func(w *world.World) {
		app(w).Secrets = []world.ContainerSecret{{Name: "DB_PASSWORD", ValueFrom: valueFrom}}
		addInline(w, "sm", allowSecrets)
	}
}

// bucketOwnedBy shows the environment file's bucket without its policy,
// owned by account ("" when the input does not say).
func bucketOwnedBy(account string) func(*world.World) {
	return func(w *world.World) {
		withEnvFile(w)
		b := w.Buckets.Get("my-app-config")
		b.PolicyKnown, b.Account = false, account
	}
}

func defaultsCases() []defaultsCase {
	noRepoPolicy := func(w *world.World) { w.Repositories.Get(repoARN).PolicyKnown = false }
	noRepo := func(w *world.World) { w.Repositories = world.NewSet[world.Repository]("template", false) }
	manifest := func(name string, mutate func(*world.World), without, with Status, assumed string) defaultsCase {
		return defaultsCase{name: name, mutate: mutate, container: "app", step: StepImageManifest, without: without, with: with, assumed: assumed}
	}
	return []defaultsCase{
		// ECR-UG "Private repository policies in Amazon ECR": by default only
		// the account that created the repository has access; a policy is
		// applied to allow more.
		manifest("ECR-UG private repository policies repository shown without its policy has none", noRepoPolicy,
			Unknown, OK, "no repository policy on app (--assume defaults: the input does not show one; a repository created without a policy has none)"),
		manifest("ECR-UG private repository policies repository not in the input has none", noRepo,
			Unknown, OK, "no repository policy on app (--assume defaults: the input does not show the repository"),
		{name: "ECR-UG private repository policies the layers step rests on the same default", mutate: noRepo, container: "app", step: StepImageLayers,
			without: Unknown, with: OK, assumed: "no repository policy on app"},
		// The default decides a deny as well: with no repository policy only
		// the identity policies can allow (IAM-UG "Policy evaluation logic").
		manifest("ECR-UG private repository policies no policy and no identity allow fails", func(w *world.World) {
			noRepo(w)
			inline(w, `{"Statement":[{"Effect":"Allow","Action":["ecr:GetAuthorizationToken","logs:CreateLogStream","logs:PutLogEvents"],"Resource":"*"}]}`)
		}, Unknown, Fail, "no repository policy on app"),
		// Another account's repository: its policy is that account's fact.
		{name: "cross-account repository policy stays unknown", mutate: func(w *world.World) {
			app(w).Image = otherAcct + ".dkr.ecr.ap-northeast-1.amazonaws.com/app:1.0"
			noRepo(w)
		}, container: "app", step: StepImageManifest, without: Unknown, with: Unknown,
			missing: "ecr:GetRepositoryPolicy for arn:aws:ecr:ap-northeast-1:444455556666:repository/app"},
		// An account the input does not know makes every repository possibly
		// another account's.
		{name: "unknown account keeps the repository policy unknown", mutate: func(w *world.World) {
			noRepo(w)
			w.AccountID = ""
		}, container: "app", step: StepImageManifest, without: Unknown, with: Unknown,
			missing: "ecr:GetRepositoryPolicy for " + repoARN},
		// What the input states is used as it is.
		manifest("repository policy the input states is not replaced", func(*world.World) {}, OK, OK, ""),

		// SM-UG "Resource-based policies": a secret has a resource policy
		// only once one is attached.
		{name: "SM-UG resource-based policies secret shown without its policy has none", mutate: func(w *world.World) {
			withSecret(w)
			w.Secrets.Get(smSecret).ResourcePolicyKnown = false
		}, container: "app", step: StepSecrets, subject: "DB_PASSWORD", without: Unknown, with: OK,
			assumed: "no resource policy on secret app/db (--assume defaults: the input does not show one"},
		// SM-UG "Secret encryption and decryption in AWS Secrets Manager": a
		// secret created without a KMS key uses aws/secretsmanager.
		{name: "SM-UG secret not in the input has no policy and uses aws/secretsmanager", mutate: useSecret(smSecret),
			container: "app", step: StepSecrets, subject: "DB_PASSWORD", without: Unknown, with: OK,
			assumed: "no resource policy on secret app/db-AbCdEf, and it is encrypted with aws/secretsmanager"},
		{name: "cross-account secret policy stays unknown", mutate: useSecret(otherSecret),
			container: "app", step: StepSecrets, subject: "DB_PASSWORD", without: Unknown, with: Unknown,
			missing: "secretsmanager:GetResourcePolicy for " + otherSecret},
		{name: "stand-in secret ARN stays unknown", mutate: useSecret("arn:aws:secretsmanager:ap-northeast-1:111122223333:secret:" + world.Unresolved("Ref DbSecret")),
			container: "app", step: StepSecrets, subject: "DB_PASSWORD", without: Unknown, with: Unknown,
			missing: "<unresolved Ref DbSecret>"},
		{name: "secret missing from a complete listing is not made by a default", mutate: func(w *world.World) {
			useSecret(smSecret)(w)
			w.Secrets = world.NewSet[world.Secret]("secretsmanager:ListSecrets", true)
		}, container: "app", step: StepSecrets, subject: "DB_PASSWORD", without: Unknown, with: Unknown,
			missing: "secretsmanager:DescribeSecret"},
		// ECS-DG "Private registry authentication for tasks": the secret
		// holds username and password; a secret the input does not show is
		// assumed to, as one shown without its value is.
		{name: "ECS-DG private registry authentication secret not in the input", mutate: func(w *world.World) {
			app(w).Image = "docker.io/library/nginx:1.27"
			app(w).RepositoryCredentials = &world.RepositoryCredentials{CredentialsParameter: smSecret}
			addInline(w, "sm", allowSecrets)
		}, container: "app", step: StepRegistryAuth, without: Unknown, with: OK,
			assumed: "the secret's value is a JSON object with username and password"},

		// KMS-DG "Default key policy": the default differs by how the key was
		// made, so a key policy the input does not show is not assumed.
		{name: "KMS-DG default key policy is not assumed for a key the input does not show", mutate: func(w *world.World) {
			withSecret(w)
			w.Secrets.Get(smSecret).KmsKeyId = cmkARN
		}, container: "app", step: StepSecrets, subject: "KMS key", without: Unknown, with: Unknown,
			missing: "kms:DescribeKey and kms:GetKeyPolicy for " + cmkARN},

		// S3-UG "Bucket policies for Amazon S3": a bucket has a policy only
		// once one is put.
		{name: "S3-UG bucket policies bucket of the account shown without its policy has none", mutate: bucketOwnedBy(acct),
			container: "app", step: StepEnvironmentFiles, without: Unknown, with: OK,
			assumed: "no bucket policy on my-app-config (--assume defaults"},
		{name: "bucket whose owner the input does not give stays unknown", mutate: bucketOwnedBy(""),
			container: "app", step: StepEnvironmentFiles, without: Unknown, with: Unknown, missing: "s3:GetBucketPolicy for my-app-config"},
		{name: "cross-account bucket policy stays unknown", mutate: bucketOwnedBy(otherAcct),
			container: "app", step: StepEnvironmentFiles, without: Unknown, with: Unknown, missing: "s3:GetBucketPolicy for my-app-config"},
		{name: "bucket not in the input stays unknown", mutate: func(w *world.World) {
			app(w).EnvironmentFiles = []world.EnvironmentFile{{Value: envFileARN, Type: "s3"}}
			addInline(w, "s3", `{"Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:GetBucketLocation"],"Resource":"*"}]}`)
		}, container: "app", step: StepEnvironmentFiles, without: Unknown, with: Unknown, missing: "s3:GetBucketPolicy for my-app-config"},

		// netpath.AssumeDefaults through the simulation: VPC-UG "Default
		// network ACL" and no endpoints beyond the input.
		{name: "VPC-UG default network ACL and no endpoints beyond the input", mutate: func(w *world.World) {
			w.NetworkACLs = world.Set[world.NetworkACL]{}
			w.VPCEndpoints = world.Set[world.VPCEndpoint]{}
		}, container: "app", step: StepLogs, without: Unknown, with: OK,
			assumed: "subnet-priv uses the default network ACL of vpc-1, which allows all traffic (--assume defaults"},
		{name: "PrivateLink guide no endpoints beyond the input", mutate: func(w *world.World) {
			w.VPCEndpoints = world.Set[world.VPCEndpoint]{}
		}, container: "app", step: StepLogs, without: Unknown, with: OK,
			assumed: "no VPC endpoint for logs in vpc-1 beyond those in the input (--assume defaults"},
	}
}

func simulateDefaults(t *testing.T, w *world.World, opts ...Option) Task {
	t.Helper()
	res, err := Simulate(context.Background(), w, append(opts, WithService("app"))...)
	if err != nil || len(res.Tasks) != 1 {
		t.Fatalf("Simulate: %v (%d tasks)", err, len(res.Tasks))
	}
	return res.Tasks[0]
}

func TestAssumedDefaults(t *testing.T) {
	for _, tc := range defaultsCases() {
		t.Run(tc.name, func(t *testing.T) {
			for _, on := range []bool{false, true} {
				w := baseWorld()
				tc.mutate(w)
				var opts []Option
				want := tc.without
				if on {
					opts, want = append(opts, WithAssumedDefaults()), tc.with
				}
				task := simulateDefaults(t, w, opts...)
				st := findStep(task, expect{container: tc.container, step: tc.step, subject: tc.subject, status: want})
				if st == nil {
					t.Fatalf("defaults %v: no %s step; steps:%s", on, tc.step, dump(task))
				}
				if st.Status != want {
					t.Fatalf("defaults %v: %s is %s, want %s; steps:%s", on, tc.step, st.Status, want, dump(task))
				}
				named := slices.ContainsFunc(st.Assumptions, func(a string) bool { return strings.Contains(a, defaultsLabel) })
				switch {
				case !on && named:
					t.Errorf("without the option an assumption names it: %q", st.Assumptions)
				case on && tc.assumed == "" && named:
					t.Errorf("a default was taken where none applies: %q", st.Assumptions)
				case on && tc.assumed != "" && !slices.ContainsFunc(st.Assumptions, func(a string) bool { return strings.Contains(a, tc.assumed) }):
					t.Errorf("assumptions %q lack %q", st.Assumptions, tc.assumed)
				case on && tc.missing != "" && !slices.ContainsFunc(st.Missing, func(m string) bool { return strings.Contains(m, tc.missing) }):
					t.Errorf("missing %q lacks %q", st.Missing, tc.missing)
				}
			}
		})
	}
}

// The organization policy assumption keeps its text without the option
// and names the option with it (AWS Organizations "Service control
// policies": FullAWSAccess is attached by default).
func TestAssumedDefaultsOrganizationText(t *testing.T) {
	cases := []struct {
		name string
		opts []Option
		want string
	}{
		{"without the option", nil, "no service control or resource control policy of an organization restricts this account (the input has none)"},
		{"with the option", []Option{WithAssumedDefaults()}, "no service control or resource control policy of an organization restricts this account (--assume defaults: the input has none;"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			task := simulateDefaults(t, baseWorld(), tc.opts...)
			st := findStep(task, expect{step: StepExecutionRole, status: OK})
			if st == nil || !slices.ContainsFunc(st.Assumptions, func(a string) bool { return strings.HasPrefix(a, tc.want) }) {
				t.Fatalf("execution-role assumptions lack %q:%s", tc.want, dump(task))
			}
		})
	}
}

// ECS-DG "Private registry authentication for tasks": the secret holds
// username and password. For a secret the input does not show, that is an
// assumption only a step that passes rests on; an unknown or failing step
// does not, and a secret the input shows gets its own shape check.
func TestCredentialsShapeAssumed(t *testing.T) {
	shown := &world.Secret{ARN: smSecret, Name: "app/db"}
	cases := []struct {
		name   string
		status Status
		sec    *world.Secret
		want   bool
	}{
		{"ok step on a secret not shown", OK, nil, true},
		{"warn step on a secret not shown", Warn, nil, true},
		{"unknown step on a secret not shown", Unknown, nil, false},
		{"failing step on a secret not shown", Fail, nil, false},
		{"ok step on a secret shown", OK, shown, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			st := Step{Status: tc.status}
			credentialsShapeAssumed(&st, tc.sec)
			got := slices.ContainsFunc(st.Assumptions, func(a string) bool { return strings.Contains(a, "username and password") })
			if got != tc.want {
				t.Fatalf("shape assumption %v, want %v (%q)", got, tc.want, st.Assumptions)
			}
		})
	}
}
