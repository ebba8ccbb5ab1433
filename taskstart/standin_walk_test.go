package taskstart

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/world"
)

// u is a stand-in as sources write it (world/unresolved.go).
func u(what string) string { return world.Unresolved(what) }

// standInCase breaks one link of the base world so that rule fails, then
// replaces the value that decides it with a stand-in.
type standInCase struct {
	rule, name string
	fail       func(*world.World)
	standIn    func(*world.World)
}

// presentOnly are the cases whose rule asks only that a value be given: a
// stand-in is one, so the task may pass.
var presentOnly = map[string]bool{"EPF-TD-AWSLOGS-OPTIONS stream prefix": true}

// neverFails lists the rules of the package that never fail, or whose
// deciding value no source can leave unresolved, with why.
var neverFails = map[string]string{
	"EPF-ANON-PULL":        "an anonymous pull only warns",
	"EPF-TD":               "the task-definition summary is ok or unknown",
	"EPF-TD-INACTIVE":      "the status comes from ecs:DescribeTaskDefinition; no template or plan gives one",
	"EPF-TD-UNKNOWN-FIELD": "a property name is a literal key of the template, never a stand-in",
	"EPF-ECR-AUTH-IAM":     "named in a comment only",
	"EPF-TD-FARGATE-OS":    "an operating system family the input does not resolve is only ever unknown",
}

const foreignSecret = "arn:aws:secretsmanager:ap-northeast-1:999999999999:secret:shared-AbCdEf"

func standInCases() []standInCase {
	noRoleWithSecret := func(w *world.World) {
		withSecret(w)
		td(w).ExecutionRoleArn = ""
		app(w).LogConfiguration = nil
		app(w).Image = "public.ecr.aws/nginx/nginx:1.27"
	}
	return []standInCase{
		// ECS API RegisterTaskDefinition: family and container names.
		{"EPF-TD-NAME", "family", func(w *world.World) { td(w).Family = "app.v2" }, func(w *world.World) { td(w).Family = u(`Ref "Family"`) }},
		{"EPF-TD-NAME", "container name", func(w *world.World) { app(w).Name = "app.v2" }, func(w *world.World) { app(w).Name = u(`Ref "ContainerName"`) }},
		// ECS-DG "Amazon ECS task execution IAM role": secrets need the role.
		{"EPF-TD-SECRETS-ROLE", "execution role", noRoleWithSecret, unresolvedExecRole},
		// ECS-DG "CannotPullContainer task errors": an invalid reference.
		{"EPF-TD-IMAGE", "image", func(w *world.World) { app(w).Image = "app::1" }, func(w *world.World) { app(w).Image = u(`Fn::ImportValue "ImageUri"`) }},
		{"EPF-TD-IMAGE", "image with an unresolved account", func(w *world.World) { app(w).Image = "app::1" },
			func(w *world.World) {
				app(w).Image = u("AWS::AccountId") + ".dkr.ecr.ap-northeast-1.amazonaws.com/app:1"
			}},
		// ECS-DG "Retired Fargate platform versions".
		{"EPF-TD-PV-RETIRED", "platform version", func(w *world.World) { svc(w).PlatformVersion = "1.2.0" }, func(w *world.World) { svc(w).PlatformVersion = u(`Ref "PlatformVersion"`) }},
		// ECS-DG "Fargate task definition considerations": awsvpc only.
		{"EPF-TD-AWSVPC", "network mode", func(w *world.World) { td(w).NetworkMode = "bridge" }, func(w *world.World) { td(w).NetworkMode = u(`Ref "NetworkMode"`) }},
		// ECS-DG "Amazon ECS task networking for Amazon ECS Managed Instances".
		{"EPF-TD-MI-NETWORK", "network mode on Managed Instances", func(w *world.World) { onManagedInstances(w); td(w).NetworkMode = "bridge" },
			func(w *world.World) { td(w).NetworkMode = u(`Ref "NetworkMode"`) }},
		{"EPF-TD-COMPAT", "requiresCompatibilities", func(w *world.World) { td(w).RequiresCompatibilities = []string{"EC2"} },
			func(w *world.World) { td(w).RequiresCompatibilities = []string{u(`Ref "Compatibility"`)} }},
		// ECS-DG "Amazon ECS task definition parameters for Fargate" (Task size).
		{"EPF-TD-FARGATE-SIZE", "memory", func(w *world.World) { td(w).Memory = "4096" }, func(w *world.World) { td(w).Memory = u(`Ref "Memory"`) }},
		{"EPF-TD-FARGATE-SIZE", "platform version of an 8 vCPU task", func(w *world.World) { td(w).Cpu, td(w).Memory = "8192", "16384"; svc(w).PlatformVersion = "1.3.0" },
			func(w *world.World) { svc(w).PlatformVersion = u(`Ref "PlatformVersion"`) }},
		// ECS-DG "Pass environment variables from a file": 1.4.0 on Fargate.
		{"EPF-TD-PV-FEATURE", "platform version", func(w *world.World) { withEnvFile(w); svc(w).PlatformVersion = "1.3.0" },
			func(w *world.World) { svc(w).PlatformVersion = u(`Ref "PlatformVersion"`) }},
		// ECS-DG "LogConfiguration".
		{"EPF-TD-LOGDRIVER", "log driver", func(w *world.World) { app(w).LogConfiguration.LogDriver = "fluentd" },
			func(w *world.World) { app(w).LogConfiguration.LogDriver = u(`Ref "LogDriver"`) }},
		{"EPF-TD-AWSLOGS-ROLE", "execution role", func(w *world.World) { td(w).ExecutionRoleArn = ""; app(w).Image = "public.ecr.aws/nginx/nginx:1.27" }, unresolvedExecRole},
		// ECS-DG "Using the awslogs log driver": required options.
		{"EPF-TD-AWSLOGS-OPTIONS", "stream prefix", func(w *world.World) { delete(app(w).LogConfiguration.Options, "awslogs-stream-prefix") },
			func(w *world.World) { app(w).LogConfiguration.Options["awslogs-stream-prefix"] = u(`Ref "Prefix"`) }},
		// ECS-DG "Amazon ECS task execution IAM role": the trust policy.
		{"EPF-ROLE-TRUST", "execution role", func(w *world.World) {
			role(w).AssumeRolePolicyDocument = `{"Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`
		},
			unresolvedExecRole},
		{"EPF-ROLE-TRUST", "execution role ARN with an unresolved account", func(w *world.World) { role(w).AssumeRolePolicyDocument = `{"Statement":[]}` },
			func(w *world.World) {
				td(w).ExecutionRoleArn = "arn:aws:iam::" + u("AWS::AccountId") + ":role/ecsTaskExecutionRole"
			}},
		// ECR-UG "Private registry authentication": GetAuthorizationToken.
		{"EPF-ECR-AUTH", "execution role", func(w *world.World) { inline(w, pullOnly) }, unresolvedExecRole},
		{"EPF-ECR-AUTH", "subnet", noRoute, func(w *world.World) {
			svc(w).NetworkConfiguration.AwsvpcConfiguration.Subnets = []string{u(`Fn::ImportValue "PrivateSubnet"`)}
		}},
		{"EPF-ECR-AUTH", "security group", func(w *world.World) { w.SecurityGroups.Get("sg-task").IpPermissionsEgress = nil },
			func(w *world.World) {
				svc(w).NetworkConfiguration.AwsvpcConfiguration.SecurityGroups = []string{u(`Fn::ImportValue "TaskSG"`)}
			}},
		// ECS-DG "Fargate task networking": a public subnet needs a public IP.
		{"EPF-ECR-AUTH", "assignPublicIp", func(w *world.World) { svc(w).NetworkConfiguration.AwsvpcConfiguration.Subnets = []string{"subnet-pub"} },
			func(w *world.World) {
				svc(w).NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp = u(`Ref "PublicIp"`)
			}},
		// ECR-UG: a repository a complete listing lacks does not exist.
		{"EPF-ECR-MANIFEST", "image", func(w *world.World) {
			w.Repositories = world.NewSet[world.Repository]("ecr:DescribeRepositories", true)
		},
			func(w *world.World) { app(w).Image = u(`Fn::GetAtt Repo.RepositoryUri`) + ":1" }},
		// ECR-UG "VPC endpoints": the layers come from S3.
		{"EPF-ECR-LAYERS", "subnet", endpointsWithoutS3, func(w *world.World) {
			svc(w).NetworkConfiguration.AwsvpcConfiguration.Subnets = []string{u(`Fn::ImportValue "PrivateSubnet"`)}
		}},
		{"EPF-REMOTE-MANIFEST", "subnet", func(w *world.World) { app(w).Image = "public.ecr.aws/nginx/nginx:1.27"; noRoute(w) },
			func(w *world.World) {
				svc(w).NetworkConfiguration.AwsvpcConfiguration.Subnets = []string{u(`Fn::ImportValue "PrivateSubnet"`)}
			}},
		{"EPF-REMOTE-LAYERS", "security group", func(w *world.World) {
			app(w).Image = "public.ecr.aws/nginx/nginx:1.27"
			w.SecurityGroups.Get("sg-task").IpPermissionsEgress = nil
		}, func(w *world.World) {
			svc(w).NetworkConfiguration.AwsvpcConfiguration.SecurityGroups = []string{u(`Fn::ImportValue "TaskSG"`)}
		}},
		// ECS-DG "Private registry authentication for tasks".
		{"EPF-REGCREDS", "secret ARN", dockerHubCreds,
			func(w *world.World) {
				app(w).RepositoryCredentials.CredentialsParameter = "arn:aws:secretsmanager:ap-northeast-1:" + u("AWS::AccountId") + ":secret:app/db-AbCdEf"
			}},
		// ECS-DG "Pass Secrets Manager secrets through environment variables".
		{"EPF-SECRET-ASM", "valueFrom", func(w *world.World) {
			addSMSecret(w, "", "password")
			app(w).Secrets = []world.ContainerSecret{{Name: "DB_PASSWORD", ValueFrom: smSecret}}
		}, func(w *world.World) { app(w).Secrets[0].ValueFrom = u(`Ref "DbSecretArn"`) }},
		{"EPF-SECRET-ASM", "secret account", func(w *world.World) {
			addSMSecret(w, "", "password")
			app(w).Secrets = []world.ContainerSecret{{Name: "DB_PASSWORD", ValueFrom: smSecret}}
		}, func(w *world.World) {
			app(w).Secrets[0].ValueFrom = "arn:aws:secretsmanager:ap-northeast-1:" + u("AWS::AccountId") + ":secret:app/db-AbCdEf"
		}},
		// ECS-DG "Pass Systems Manager parameters": a parameter a complete
		// listing lacks does not exist.
		{"EPF-SECRET-SSM", "parameter name", func(w *world.World) {
			allowSSM(w)
			app(w).Secrets = []world.ContainerSecret{{Name: "DB", ValueFrom: "arn:aws:ssm:ap-northeast-1:111122223333:parameter/app/missing"}}
		}, func(w *world.World) {
			app(w).Secrets[0].ValueFrom = "arn:aws:ssm:ap-northeast-1:111122223333:parameter/" + u(`Ref "Env"`) + "/db"
		}},
		{"EPF-SECRET-SSM", "whole valueFrom", func(w *world.World) {
			allowSSM(w)
			app(w).Secrets = []world.ContainerSecret{{Name: "DB", ValueFrom: "/app/missing"}}
		}, func(w *world.World) { app(w).Secrets[0].ValueFrom = u(`Ref "DbParam"`) }},
		// KMS-DG "Key policies".
		{"EPF-KMS-DECRYPT", "key id", func(w *world.World) {
			withSecret(w)
			addCMK(w, closedKeyPolicy)
			w.Secrets.Get(smSecret).KmsKeyId = cmkARN
		},
			func(w *world.World) { w.Secrets.Get(smSecret).KmsKeyId = u(`Ref "KeyArn"`) }},
		// SM-UG "Access AWS Secrets Manager secrets from a different account".
		{"EPF-KMS-CROSS", "secret account", func(w *world.World) {
			allowSM(w)
			w.Secrets.Put(foreignSecret, &world.Secret{ARN: foreignSecret, Name: "shared", ResourcePolicyKnown: true,
				ResourcePolicy: `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"` + roleARN + `"},"Action":"secretsmanager:GetSecretValue","Resource":"*"}]}`})
			app(w).Secrets = []world.ContainerSecret{{Name: "SHARED", ValueFrom: foreignSecret}}
		}, func(w *world.World) {
			standIn := "arn:aws:secretsmanager:ap-northeast-1:" + u(`Ref "SharedAccount"`) + ":secret:shared-AbCdEf"
			sec := *w.Secrets.Get(foreignSecret)
			sec.ARN = standIn
			w.Secrets.Put(standIn, &sec)
			app(w).Secrets[0].ValueFrom = standIn
		}},
		// ECS-DG "Pass environment variables from a file": an S3 object ARN.
		{"EPF-ENVFILE-ARN", "file", func(w *world.World) { withEnvFile(w); app(w).EnvironmentFiles[0].Value = "s3://my-app-config/prod.env" },
			func(w *world.World) { app(w).EnvironmentFiles[0].Value = u(`Fn::Sub "${ConfigBucket.Arn}/prod.env"`) }},
		{"EPF-ENVFILE", "bucket", func(w *world.World) { withEnvFile(w); role(w).InlinePolicies = nil },
			func(w *world.World) {
				app(w).EnvironmentFiles[0].Value = "arn:aws:s3:::" + u(`Ref "ConfigBucket"`) + "/prod.env"
			}},
		// ECS API "EnvironmentFile": the .env extension.
		{"EPF-TD-ENVFILES", "file extension", func(w *world.World) {
			withEnvFile(w)
			app(w).EnvironmentFiles[0].Value = "arn:aws:s3:::my-app-config/prod.txt"
		}, func(w *world.World) { app(w).EnvironmentFiles[0].Value = u(`Ref "EnvFileArn"`) }},
		// ECS-DG "Pass environment variables to an Amazon ECS container": not
		// on Windows containers on Fargate.
		{"EPF-TD-WINDOWS-ENVFILES", "operating system", func(w *world.World) {
			withEnvFile(w)
			td(w).Cpu, td(w).Memory = "1024", "2048"
			td(w).RuntimePlatform = &world.RuntimePlatform{OperatingSystemFamily: "WINDOWS_SERVER_2022_CORE"}
		}, func(w *world.World) { td(w).RuntimePlatform.OperatingSystemFamily = u(`Ref "OSFamily"`) }},
		// ECS-DG "Using the awslogs log driver": the group must exist.
		{"EPF-LOGS", "log group", func(w *world.World) { w.LogGroups = world.NewSet[world.LogGroup]("logs:DescribeLogGroups", true) },
			func(w *world.World) { app(w).LogConfiguration.Options["awslogs-group"] = u(`Ref "LogGroup"`) }},
		{"EPF-LOGS", "log region", func(w *world.World) { w.LogGroups = world.NewSet[world.LogGroup]("logs:DescribeLogGroups", true) },
			func(w *world.World) { app(w).LogConfiguration.Options["awslogs-region"] = u("AWS::Region") }},
		{"EPF-LOGS", "execution role", func(w *world.World) { inline(w, `{"Statement":[{"Effect":"Allow","Action":"ecr:*","Resource":"*"}]}`) }, unresolvedExecRole},
	}
}

// No unresolved value decides a fail (docs/model.md, "Unknown, assumption,
// pass"; world/unresolved.go): every rule that can fail is broken once,
// then its deciding value is replaced by a stand-in, and the task must be
// unknown with no failing step.
func TestNoStandInDecidesAFail(t *testing.T) {
	covered := map[string]bool{}
	for _, tc := range standInCases() {
		t.Run(tc.rule+" "+tc.name, func(t *testing.T) {
			w := baseWorld()
			tc.fail(w)
			task := simulate(t, w)
			if !slices.ContainsFunc(task.Steps, func(st Step) bool { return st.RuleID == tc.rule && st.Status == Fail }) {
				t.Fatalf("the broken world does not fail %s:%s", tc.rule, dump(task))
			}
			covered[tc.rule] = true
			w = baseWorld()
			tc.fail(w)
			tc.standIn(w)
			task = simulate(t, w)
			for _, st := range task.Steps {
				if st.Status == Fail {
					t.Errorf("%s %s [%s] fails on a stand-in (%s): %s", st.Container, st.Step, st.Subject, st.RuleID, st.StoppedReason)
				}
			}
			if task.Verdict != VerdictUnknown && !(presentOnly[tc.rule+" "+tc.name] && task.Verdict == Pass) {
				t.Errorf("verdict %s, want unknown:%s", task.Verdict, dump(task))
			}
		})
	}
	// Every rule of the package is walked, or said never to fail.
	for _, id := range ruleIDs(t) {
		if !covered[id] && neverFails[id] == "" {
			t.Errorf("rule %s can fail and has no stand-in case", id)
		}
	}
}

// ruleIDs collects the rule identifiers the package's code names.
func ruleIDs(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`"(EPF-[A-Z0-9-]+)"`)
	var ids []string
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			ids = append(ids, m[1])
		}
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}

// A region or account the input does not pin is never guessed: the steps
// it decides are unknown, naming what is missing (World.RegionFrom /
// AccountFrom), and steps it does not decide are unchanged.
func TestRegionAndAccountUnknown(t *testing.T) {
	noAccount := func(w *world.World) { w.AccountID, w.AccountFrom = "", "no ARN of the plan names an account" }
	noRegion := func(w *world.World) { w.Region, w.RegionFrom = "", "the template pins us-east-1 and ap-northeast-1" }
	runMutationCases(t, []mutationCase{
		// ECS-DG "Using the awslogs log driver": the log group's ARN holds
		// the account, so a complete listing cannot prove it missing.
		{"a log group missing from the listing, account unknown", all(noAccount, func(w *world.World) {
			w.LogGroups = world.NewSet[world.LogGroup]("logs:DescribeLogGroups", true)
		}), expect{container: "app", step: StepLogs, status: Unknown, reason: "logs:DescribeLogGroups"}},
		{"a parameter named without its region, region unknown", all(noRegion, allowSSM, func(w *world.World) {
			app(w).Secrets = []world.ContainerSecret{{Name: "DB", ValueFrom: "/app/missing"}}
		}), expect{container: "app", step: StepSecrets, status: Unknown, reason: "us-east-1 and ap-northeast-1"}},
		{"a secret named by name, region unknown", all(noRegion, func(w *world.World) {
			allowSM(w)
			app(w).Secrets = []world.ContainerSecret{{Name: "DB", ValueFrom: "arn:aws:secretsmanager:ap-northeast-1:111122223333:secret:app/db-AbCdEf"}}
			app(w).RepositoryCredentials = nil
		}), expect{container: "app", step: StepSecrets, status: Unknown}},
		{"a repository missing from the listing, account unknown", all(noAccount, func(w *world.World) {
			w.Repositories = world.NewSet[world.Repository]("ecr:DescribeRepositories", true)
		}), expect{container: "app", step: StepImageManifest, status: Unknown}},
		{"the image names its region: the ECR token is decided", noRegion,
			expect{container: "app", step: StepRegistryAuth, status: OK}},
	})
}

// Without the input's account, the execution role's account tells what is
// cross-account (IAM-UG "Cross-account policy evaluation logic" compares
// the resource's account with the principal's): a secret of the role's
// account under aws/secretsmanager is no cross-account secret.
func TestHomeIsTheRoleAccount(t *testing.T) {
	w := baseWorld()
	w.AccountID, w.AccountFrom = "", "no ARN of the plan names an account"
	withSecret(w)
	task := simulate(t, w)
	for _, st := range task.Steps {
		if st.RuleID == "EPF-KMS-CROSS" {
			t.Errorf("a secret of the role's account is taken for another account's: %s %+v", st.Status, st.Missing)
		}
	}
}
