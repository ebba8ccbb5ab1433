package taskstart

import (
	"context"
	"strings"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/world"
)

const (
	instanceRoleARN = "arn:aws:iam::111122223333:role/ecsInstanceRole"
	// The ECR and CloudWatch Logs part of AmazonEC2ContainerServiceforEC2Role
	// (ECS-DG "Amazon ECS container instance IAM role").
	instancePolicy = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ecr:GetAuthorizationToken","ecr:BatchCheckLayerAvailability","ecr:GetDownloadUrlForLayer","ecr:BatchGetImage","logs:CreateLogStream","logs:PutLogEvents"],"Resource":"*"}]}`
	// An instance role with only the agent's ECS permissions.
	ecsOnlyPolicy = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ecs:RegisterContainerInstance","ecs:Poll","ecs:Submit*"],"Resource":"*"}]}`
)

// onEC2 runs the base service on the EC2 launch type without an execution
// role, on container instances of cluster prod in the private subnet whose
// role may pull from ECR and write logs.
func onEC2(w *world.World) {
	svc(w).LaunchType = "EC2"
	td(w).ExecutionRoleArn = ""
	addInstanceRole(w, instanceRoleARN, instancePolicy)
	w.InstanceGroups = world.NewSet[world.InstanceGroup]("template", false)
	w.InstanceGroups.Put("asg", &world.InstanceGroup{Name: "asg", Cluster: "prod", RoleArn: instanceRoleARN,
		Subnets: []string{"subnet-priv"}, SecurityGroups: []string{"sg-task"}})
}

func addInstanceRole(w *world.World, arn, doc string) {
	name := lastSegment(arn)
	w.Roles.Put(arn, &world.Role{RoleName: name, Arn: arn, RoleId: "AROAINSTANCE",
		InlinePolicies: []world.InlinePolicy{{PolicyName: "agent", PolicyDocument: doc}},
		AttachedKnown:  true, InlineKnown: true, BoundaryKnown: true})
}

func group(w *world.World) *world.InstanceGroup { return w.InstanceGroups.Get("asg") }

// ECS-DG "Amazon ECS task execution IAM role": the execution role is
// needed for ECR pulls and awslogs on Fargate and external instances; on
// EC2 the container agent uses the container instance role (ECS-DG "Amazon
// ECS container instance IAM role"), over the instance's interface.
func TestEC2InstanceRole(t *testing.T) {
	runMutationCases(t, []mutationCase{
		{"the instance role pulls from ECR", onEC2,
			expect{container: "app", step: StepRegistryAuth, status: OK}},
		{"the instance role writes awslogs", onEC2,
			expect{container: "app", step: StepLogs, status: OK}},
		{"the instance role may not get an ECR token", all(onEC2, func(w *world.World) { addInstanceRole(w, instanceRoleARN, ecsOnlyPolicy) }),
			expect{container: "app", step: StepRegistryAuth, status: Fail,
				reason: "CannotPullECRContainerError: AccessDeniedException: User: arn:aws:sts::111122223333:assumed-role/ecsInstanceRole/<instance-id> is not authorized to perform: ecr:GetAuthorizationToken",
				fix:    "add to container instance role ecsInstanceRole the policy statement"}},
		{"the instance role may not write logs", all(onEC2, func(w *world.World) { addInstanceRole(w, instanceRoleARN, ecsOnlyPolicy) }),
			expect{container: "app", step: StepLogs, status: Fail, reason: "failed to initialize logging driver: failed to create Cloudwatch log stream: AccessDeniedException"}},
		{"the instances' subnet has no way out", all(onEC2, noRoute),
			expect{container: "app", step: StepRegistryAuth, status: Fail, reason: "connection issue"}},
		{"the instances' public IP follows the subnet", all(onEC2, func(w *world.World) {
			group(w).Subnets = []string{"subnet-pub"}
			w.Subnets.Get("subnet-pub").MapPublicIpOnLaunch = true
		}), expect{container: "app", step: StepRegistryAuth, status: OK}},
		{"an explicit no public IP in a public subnet has no way out", all(onEC2, func(w *world.World) {
			group(w).Subnets = []string{"subnet-pub"}
			group(w).AssociatePublicIp = boolp(false)
		}), expect{container: "app", step: StepRegistryAuth, status: Fail}},
		{"with an execution role the instance network still decides", all(onEC2, func(w *world.World) { td(w).ExecutionRoleArn = roleARN }, noRoute),
			expect{container: "app", step: StepLogs, status: Fail, reason: "dial tcp"}},
		{"no instance group joins the cluster", all(onEC2, func(w *world.World) { group(w).Cluster = "staging" }),
			expect{container: "app", step: StepRegistryAuth, status: Unknown, reason: "container instance"}},
		{"no instance group in the input", all(onEC2, func(w *world.World) { w.InstanceGroups = world.Set[world.InstanceGroup]{} }),
			expect{container: "app", step: StepLogs, status: Unknown, reason: "container instance"}},
		{"no instance group in the input, an SCP denies logs", all(onEC2, func(w *world.World) {
			w.InstanceGroups = world.Set[world.InstanceGroup]{}
			inOrg(w)
			w.SCPs.Levels[1].Policies = append(w.SCPs.Levels[1].Policies, world.NamedPolicy{Name: "DenyLogs", Document: denyLogs})
		}), expect{container: "app", step: StepLogs, status: Unknown, reason: "container instance"}},
		{"the group's cluster is unresolved", all(onEC2, func(w *world.World) { group(w).Cluster = world.Unresolved(`Ref "ClusterName"`) }),
			expect{container: "app", step: StepRegistryAuth, status: Unknown, reason: "whether instance group asg joins cluster prod"}},
		{"the service's cluster is unresolved and the instance role denies", all(onEC2, func(w *world.World) {
			svc(w).ClusterArn = world.Unresolved(`Fn::ImportValue "cluster"`)
			addInstanceRole(w, instanceRoleARN, ecsOnlyPolicy)
		}), expect{container: "app", step: StepRegistryAuth, status: Unknown}},
		{"a group whose cluster is not stated may add a worse placement", all(onEC2, func(w *world.World) {
			w.InstanceGroups.Put("other", &world.InstanceGroup{Name: "other", RoleArn: instanceRoleARN, Subnets: []string{"subnet-priv"}, SecurityGroups: []string{"sg-task"}})
		}), expect{container: "app", step: StepRegistryAuth, status: Unknown, reason: "whether instance group other joins"}},
		{"the default cluster", all(onEC2, func(w *world.World) {
			svc(w).ClusterArn = ""
			group(w).Cluster = "default"
		}), expect{container: "app", step: StepRegistryAuth, status: OK}},
		{"a cluster ARN with an unresolved account still names its cluster", all(onEC2, func(w *world.World) {
			svc(w).ClusterArn = "arn:aws:ecs:ap-northeast-1:" + world.Unresolved("AWS::AccountId") + ":cluster/prod"
		}), expect{container: "app", step: StepRegistryAuth, status: OK}},
		{"a cluster ARN whose name is unresolved may be any cluster", all(onEC2, func(w *world.World) {
			svc(w).ClusterArn = "arn:aws:ecs:ap-northeast-1:111122223333:cluster/" + world.Unresolved(`Ref "ClusterName"`)
		}), expect{container: "app", step: StepRegistryAuth, status: Unknown, reason: "whether instance group asg joins"}},
		{"a cluster ARN matches its name", all(onEC2, func(w *world.World) {
			group(w).Cluster = "arn:aws:ecs:ap-northeast-1:111122223333:cluster/prod"
		}), expect{container: "app", step: StepRegistryAuth, status: OK}},
		{"the instance role is unresolved", all(onEC2, func(w *world.World) {
			group(w).RoleArn = world.Unresolved(`Fn::ImportValue "InstanceRoleArn"`)
		}), expect{container: "app", step: StepRegistryAuth, status: Unknown, reason: "InstanceRoleArn"}},
		{"a deny the template attaches to the unresolved instance role decides", all(onEC2, func(w *world.World) {
			standIn := world.Unresolved(`Fn::ImportValue "InstanceRoleArn"`)
			group(w).RoleArn = standIn
			w.Roles.Put(standIn, &world.Role{Arn: standIn, InlinePolicies: []world.InlinePolicy{{PolicyName: "deny", PolicyDocument: denyLogs}}})
		}), expect{container: "app", step: StepLogs, status: Fail, evidence: "NoLogs"}},
		{"an allow attached to the unresolved instance role is not decisive", all(onEC2, func(w *world.World) {
			standIn := world.Unresolved(`Fn::ImportValue "InstanceRoleArn"`)
			group(w).RoleArn = standIn
			w.Roles.Put(standIn, &world.Role{Arn: standIn, InlinePolicies: []world.InlinePolicy{{PolicyName: "agent", PolicyDocument: instancePolicy}}})
		}), expect{container: "app", step: StepLogs, status: Unknown, reason: "permissions boundary"}},
		{"the source could not resolve the role of a known profile", all(onEC2, func(w *world.World) {
			group(w).Unknown = map[string]string{"RoleArn": `Fn::ImportValue "InstanceRole"`}
		}), expect{container: "app", step: StepRegistryAuth, status: Unknown, reason: "InstanceRole"}},
		{"the instance profile's role is not in the input", all(onEC2, func(w *world.World) {
			group(w).RoleArn, group(w).InstanceProfileArn = "", "arn:aws:iam::111122223333:instance-profile/ecs"
		}), expect{container: "app", step: StepRegistryAuth, status: Unknown, reason: "the role of instance profile arn:aws:iam::111122223333:instance-profile/ecs"}},
		{"instances without an instance profile", all(onEC2, func(w *world.World) { group(w).RoleArn = "" }),
			expect{container: "app", step: StepRegistryAuth, status: Unknown, reason: "no instance profile"}},
		{"the group's subnets are unresolved", all(onEC2, func(w *world.World) {
			group(w).Subnets = nil
			group(w).Unknown = map[string]string{"Subnets": `Fn::ImportValue "PrivateSubnets"`}
		}), expect{container: "app", step: StepRegistryAuth, status: Unknown, reason: `Fn::ImportValue "PrivateSubnets"`}},
		{"the group has no subnets", all(onEC2, func(w *world.World) { group(w).Subnets = nil }),
			expect{container: "app", step: StepRegistryAuth, status: Unknown, reason: "the subnets of instance group asg"}},
		// ECS-DG "Amazon ECS task execution IAM role": secrets, private
		// registry credentials and environment files need the execution
		// role on EC2 too; the instance role is no stand-in for it.
		{"secrets still need the execution role", all(onEC2, allowSMOnInstance, func(w *world.World) {
			addSMSecret(w, "", "password")
			app(w).Secrets = []world.ContainerSecret{{Name: "DB_PASSWORD", ValueFrom: smSecret}}
		}), expect{container: "app", step: StepSecrets, status: Fail, reason: "User: <no execution role>"}},
		{"environment files still need the execution role", all(onEC2, func(w *world.World) {
			app(w).EnvironmentFiles = []world.EnvironmentFile{{Value: "arn:aws:s3:::my-app-config/prod.env", Type: "s3"}}
		}), expect{step: StepExecutionRole, status: Fail, reason: "no execution role"}},
	})
}

func allowSMOnInstance(w *world.World) {
	r := w.Roles.Get(instanceRoleARN)
	r.InlinePolicies = append(r.InlinePolicies, world.InlinePolicy{PolicyName: "sm", PolicyDocument: `{"Statement":[{"Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"*"}]}`})
}

// The worst placement decides, whatever the order of the groups: a task
// can land on the instances of any group of its cluster.
func TestEC2WorstGroupDecides(t *testing.T) {
	const denied = "arn:aws:iam::111122223333:role/ecsInstanceRoleNoECR"
	for _, first := range []string{"good", "bad"} {
		t.Run(first+" group first", func(t *testing.T) {
			w := baseWorld()
			onEC2(w)
			addInstanceRole(w, denied, ecsOnlyPolicy)
			good := &world.InstanceGroup{Name: "good", Cluster: "prod", RoleArn: instanceRoleARN, Subnets: []string{"subnet-priv"}, SecurityGroups: []string{"sg-task"}}
			bad := &world.InstanceGroup{Name: "bad", Cluster: "prod", RoleArn: denied, Subnets: []string{"subnet-priv"}, SecurityGroups: []string{"sg-task"}}
			w.InstanceGroups = world.NewSet[world.InstanceGroup]("template", false)
			if first == "good" {
				w.InstanceGroups.Put("good", good)
				w.InstanceGroups.Put("bad", bad)
			} else {
				w.InstanceGroups.Put("bad", bad)
				w.InstanceGroups.Put("good", good)
			}
			st := findStep(simulate(t, w), expect{container: "app", step: StepRegistryAuth, status: Fail})
			if st == nil || st.Status != Fail {
				t.Fatalf("registry-auth %+v, want fail", st)
			}
			if !strings.Contains(st.StoppedReason, "ecsInstanceRoleNoECR/<instance-id>") || st.Evidence[0] != "the container agent runs on the instances of bad with role "+denied {
				t.Errorf("reason %q evidence %q: want the bad group's role", st.StoppedReason, st.Evidence)
			}
		})
	}
}

// A task definition no service runs has no cluster: which instances run
// it is unknown, never a fail.
func TestEC2TaskDefinitionAlone(t *testing.T) {
	w := baseWorld()
	onEC2(w)
	addInstanceRole(w, instanceRoleARN, ecsOnlyPolicy)
	td(w).RequiresCompatibilities = []string{"EC2"}
	wantAloneUnknown(t, w, "EC2", "the cluster a task definition on its own runs in")
}

// wantAloneUnknown runs the task definition of w on its own (no service)
// and wants its launch type, and registry-auth unknown with missing naming
// the cluster.
func wantAloneUnknown(t *testing.T, w *world.World, launch, missing string) {
	t.Helper()
	w.Services = world.NewSet[world.Service]("ecs:DescribeServices", true)
	res, err := Simulate(context.Background(), w)
	if err != nil {
		t.Fatal(err)
	}
	task := res.Tasks[0]
	st := findStep(task, expect{container: "app", step: StepRegistryAuth, status: Unknown})
	if task.LaunchType != launch || st == nil || st.Status != Unknown || !strings.Contains(strings.Join(st.Missing, "\n"), missing) {
		t.Fatalf("launch type %s, registry-auth %+v, want %s and unknown naming %q:%s", task.LaunchType, st, launch, missing, dump(task))
	}
}

// The execution-role summary names what the instance role does, and only
// that (ECS-DG "Amazon ECS task execution IAM role").
func TestEC2InstanceRoleSummary(t *testing.T) {
	runSummary := func(name string, mutate func(*world.World), want string) {
		t.Run(name, func(t *testing.T) {
			w := baseWorld()
			onEC2(w)
			mutate(w)
			st := findStep(simulate(t, w), expect{step: StepExecutionRole, status: OK})
			if st == nil || st.Summary != want {
				t.Fatalf("execution-role %+v, want summary %q", st, want)
			}
		})
	}
	runSummary("ECR only", func(w *world.World) { app(w).LogConfiguration = nil }, "no execution role: the container instance role is used to pull from Amazon ECR")
	runSummary("awslogs only", func(w *world.World) { app(w).Image = "public.ecr.aws/nginx/nginx:1.27" }, "no execution role: the container instance role is used to write awslogs")
	runSummary("neither", func(w *world.World) { app(w).Image, app(w).LogConfiguration = "public.ecr.aws/nginx/nginx:1.27", nil }, "no execution role, none needed")
}

// Where the template gives the instance role as a stand-in, the policies
// it attaches are filed under that stand-in (world/unresolved.go): the
// placement keeps it, so a known deny still decides.
func TestEC2InstanceRoleStandInKeepsItsPolicies(t *testing.T) {
	w := baseWorld()
	onEC2(w)
	standIn := world.Unresolved(`Fn::GetAtt "InstanceRole.Arn"`)
	group(w).RoleArn = standIn
	group(w).Unknown = map[string]string{"RoleArn": "InstanceRole.Arn is known only after deploy"}
	w.Roles.Put(standIn, &world.Role{Arn: standIn, InlinePolicies: []world.InlinePolicy{{PolicyName: "deny", PolicyDocument: denyLogs}}})
	checkExpect(t, simulate(t, w), expect{container: "app", step: StepLogs, status: Fail, evidence: "NoLogs"})
}

// With no group of the cluster, the stand-in role names why: a group that
// may join, or none at all.
func TestEC2StandInRoleSaysWhy(t *testing.T) {
	for _, tc := range []struct {
		name, cluster, want string
	}{
		{"a group that may join", "", "container instance role of cluster prod: whether instance group asg joins cluster prod"},
		{"no group joins", "staging", "container instance role of cluster prod: no Auto Scaling group, launch template or instance in the input joins it"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := baseWorld()
			onEC2(w)
			group(w).Cluster = tc.cluster
			st := findStep(simulate(t, w), expect{container: "app", step: StepRegistryAuth, status: Unknown})
			if st == nil || !strings.Contains(strings.Join(st.Missing, "\n"), tc.want) {
				t.Fatalf("registry-auth %+v, want missing %q", st, tc.want)
			}
		})
	}
}

// Placements that answer alike show the first group, whatever their
// number: the answer is stable.
func TestEC2TiedPlacementsShowTheFirst(t *testing.T) {
	w := baseWorld()
	onEC2(w)
	w.InstanceGroups.Put("second", &world.InstanceGroup{Name: "second", Cluster: "prod", RoleArn: instanceRoleARN, Subnets: []string{"subnet-priv"}, SecurityGroups: []string{"sg-task"}})
	st := findStep(simulate(t, w), expect{container: "app", step: StepRegistryAuth, status: OK})
	if st == nil || st.Status != OK || st.Evidence[0] != "the container agent runs on the instances of asg with role "+instanceRoleARN {
		t.Fatalf("registry-auth %+v, want ok on the first group", st)
	}
}
