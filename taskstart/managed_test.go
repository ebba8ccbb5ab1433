package taskstart

import (
	"strings"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/world"
)

const miProvider = "mi-cp"

// onManagedInstances runs the base service on a Managed Instances capacity
// provider of cluster prod whose instances sit in the private subnet. The
// service keeps its awsvpc configuration: the task ENI is placed there, but
// the agent's calls leave through the instance's primary ENI.
func onManagedInstances(w *world.World) {
	svc(w).LaunchType, svc(w).PlatformVersion = "", ""
	svc(w).CapacityProviderStrategy = []world.CapacityProviderStrategyItem{{CapacityProvider: miProvider, Weight: 1}}
	td(w).RequiresCompatibilities = []string{"MANAGED_INSTANCES"}
	addInstanceRole(w, instanceRoleARN, instancePolicy)
	w.InstanceGroups = world.NewSet[world.InstanceGroup]("template", false)
	w.InstanceGroups.Put("mi", &world.InstanceGroup{Name: "mi", Cluster: "prod", CapacityProvider: miProvider, ManagedInstances: true,
		RoleArn: instanceRoleARN, Subnets: []string{"subnet-priv"}, SecurityGroups: []string{"sg-task"}})
}

func miGroup(w *world.World) *world.InstanceGroup { return w.InstanceGroups.Get("mi") }

// TestLaunchTypeOfCapacityProviders checks the launch type a service's
// capacity provider strategy stands for. ECS API "CreateCapacityProvider"
// (2026 text): "You can create capacity providers for Amazon ECS Managed
// Instances and EC2 instances. AWS Fargate has the predefined FARGATE and
// FARGATE_SPOT capacity providers"; a provider whose kind the input does not
// show leaves the launch type unknown.
func TestLaunchTypeOfCapacityProviders(t *testing.T) {
	asg := &world.InstanceGroup{Name: "asg", Cluster: "prod", CapacityProvider: "asg-cp"}
	mi := &world.InstanceGroup{Name: "mi", Cluster: "prod", CapacityProvider: miProvider, ManagedInstances: true}
	cases := []struct {
		name      string
		launch    string   // the service's launchType
		providers []string // its strategy
		compat    []string // the task definition's requiresCompatibilities, no service
		want      string
		missing   string
	}{
		{name: "FARGATE_SPOT is Fargate", providers: []string{"FARGATE_SPOT"}, want: "FARGATE"},
		{name: "an Auto Scaling group provider is EC2", providers: []string{"asg-cp"}, want: "EC2"},
		{name: "a Managed Instances provider is MANAGED_INSTANCES", providers: []string{miProvider}, want: "MANAGED_INSTANCES"},
		{name: "a Managed Instances provider named by its ARN", providers: []string{"arn:aws:ecs:ap-northeast-1:111122223333:capacity-provider/" + miProvider}, want: "MANAGED_INSTANCES"},
		{name: "an Auto Scaling group provider whose group is not in the input is EC2", providers: []string{"shown-asg-cp"}, want: "EC2"},
		{name: "a Managed Instances provider whose instances are not in the input", providers: []string{"shown-mi-cp"}, want: "MANAGED_INSTANCES"},
		{name: "a provider the input does not show is unknown", providers: []string{"other-cp"}, missing: "whether capacity provider other-cp is an Auto Scaling group provider (EC2) or an Amazon ECS Managed Instances provider"},
		{name: "an unresolved provider is unknown", providers: []string{world.Unresolved(`Ref "Provider"`)}, missing: "whether capacity provider"},
		{name: "EC2 and Managed Instances providers together are unknown", providers: []string{"asg-cp", miProvider}, missing: "they are EC2 and Managed Instances capacity"},
		{name: "a Fargate provider beside an unknown one is Fargate", providers: []string{"FARGATE", "other-cp"}, want: "FARGATE"},
		{name: "launchType MANAGED_INSTANCES", launch: "MANAGED_INSTANCES", want: "MANAGED_INSTANCES"},
		{name: "an unresolved launchType is unknown", launch: world.Unresolved(`Ref "LaunchType"`), missing: `the launchType of service app: <unresolved Ref "LaunchType">`},
		{name: "a launchType the API does not know is unknown", launch: "MANAGED", missing: `launchType "MANAGED" is none of EC2, FARGATE, EXTERNAL, MANAGED_INSTANCES`},
		{name: "a task definition for Managed Instances only", compat: []string{"MANAGED_INSTANCES"}, want: "MANAGED_INSTANCES"},
		{name: "a task definition for EC2 and Managed Instances runs on EC2 by default", compat: []string{"EC2", "MANAGED_INSTANCES"}, want: "EC2"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := &world.World{}
			w.InstanceGroups.Put("asg", asg)
			w.InstanceGroups.Put("mi", mi)
			w.CapacityProviders.Put("shown-asg-cp", &world.CapacityProvider{Name: "shown-asg-cp"})
			w.CapacityProviders.Put("shown-mi-cp", &world.CapacityProvider{Name: "shown-mi-cp", ManagedInstances: true})
			def := &world.TaskDefinition{Family: "app", RequiresCompatibilities: tc.compat}
			var s *world.Service
			if tc.compat == nil {
				s = &world.Service{ServiceName: "app", LaunchType: tc.launch}
				for _, p := range tc.providers {
					s.CapacityProviderStrategy = append(s.CapacityProviderStrategy, world.CapacityProviderStrategyItem{CapacityProvider: p})
				}
			}
			launch, _, _, missing := launchAndPlatform(w, def, s)
			if launch != tc.want {
				t.Errorf("launch type %q, want %q", launch, tc.want)
			}
			if (tc.missing == "") != (missing == "") || !strings.Contains(missing, tc.missing) {
				t.Errorf("missing %q, want it to contain %q", missing, tc.missing)
			}
		})
	}
}

// ECS-DG "Amazon ECS task execution IAM role" (2026 text): the execution
// role is needed when "Your task is hosted on AWS Fargate, Amazon ECS
// Managed Instances, or an external instance" and pulls from a private ECR
// repository or sends logs with awslogs. ECS-DG "Allocate a network
// interface for tasks on Amazon ECS Managed Instances": image downloads,
// secrets retrieval and log uploads use the instance's primary ENI.
func TestManagedInstances(t *testing.T) {
	noExec := func(w *world.World) { td(w).ExecutionRoleArn = "" }
	runMutationCases(t, []mutationCase{
		{"Managed Instances: awslogs needs the execution role", all(onManagedInstances, noExec),
			expect{step: StepExecutionRole, status: Fail, reason: "no execution role"}},
		{"Managed Instances: an ECR image needs the execution role", all(onManagedInstances, noExec, func(w *world.World) { app(w).LogConfiguration = nil }),
			expect{step: StepExecutionRole, status: Fail, reason: "no execution role"}},
		{"Managed Instances: the instance role does not stand in for the execution role", all(onManagedInstances, noExec),
			expect{container: "app", step: StepRegistryAuth, status: Fail, reason: "<no execution role>"}},
		{"Managed Instances: the execution role pulls over the instance's network", onManagedInstances,
			expect{container: "app", step: StepRegistryAuth, status: OK, evidence: "the container agent runs on the instances of mi"}},
		{"Managed Instances: the instances' subnet has no way out", all(onManagedInstances, noRoute, func(w *world.World) {
			// The task ENI could reach the internet; the agent does not use it.
			svc(w).NetworkConfiguration.AwsvpcConfiguration.Subnets = []string{"subnet-pub"}
			svc(w).NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp = "ENABLED"
		}), expect{container: "app", step: StepRegistryAuth, status: Fail, reason: "connection issue"}},
		{"Managed Instances: the instances' public IP follows the subnet", all(onManagedInstances, noRoute, func(w *world.World) {
			miGroup(w).Subnets = []string{"subnet-pub"}
			w.Subnets.Get("subnet-pub").MapPublicIpOnLaunch = true
		}), expect{container: "app", step: StepRegistryAuth, status: OK}},
		{"Managed Instances: a provider the strategy names is in the service's cluster", all(onManagedInstances, func(w *world.World) {
			miGroup(w).Cluster = ""
		}), expect{container: "app", step: StepRegistryAuth, status: OK}},
		{"Managed Instances: the provider of another cluster is no placement for launchType MANAGED_INSTANCES", all(onManagedInstances, func(w *world.World) {
			svc(w).LaunchType, svc(w).CapacityProviderStrategy = "MANAGED_INSTANCES", nil
			miGroup(w).Cluster = "staging"
		}), expect{container: "app", step: StepRegistryAuth, status: Unknown, reason: "Managed Instances capacity provider's instance network"}},
		{"Managed Instances: another provider's instances are no placement", all(onManagedInstances, func(w *world.World) {
			w.InstanceGroups.Put("other", &world.InstanceGroup{Name: "other", Cluster: "prod", CapacityProvider: "other-mi-cp", ManagedInstances: true,
				RoleArn: instanceRoleARN, Subnets: []string{"subnet-priv"}, SecurityGroups: []string{"sg-none"}})
		}), expect{container: "app", step: StepRegistryAuth, status: OK}},
		{"Managed Instances: only EC2 capacity of the cluster in the input", all(onManagedInstances, func(w *world.World) {
			svc(w).LaunchType, svc(w).CapacityProviderStrategy = "MANAGED_INSTANCES", nil
			miGroup(w).ManagedInstances = false
		}), expect{container: "app", step: StepRegistryAuth, status: Unknown, reason: "Managed Instances capacity provider's instance network"}},
		{"unknown capacity provider: no execution role cannot pass", all(onManagedInstances, noExec, func(w *world.World) {
			svc(w).CapacityProviderStrategy[0].CapacityProvider = "other-cp"
		}), expect{step: StepExecutionRole, status: Unknown, reason: "whether capacity provider other-cp is an Auto Scaling group provider"}},
		{"unknown capacity provider: the registry call is unknown, not a fail without a role", all(onManagedInstances, noExec, func(w *world.World) {
			svc(w).CapacityProviderStrategy[0].CapacityProvider = "other-cp"
		}), expect{container: "app", step: StepRegistryAuth, status: Unknown, reason: "the launch type"}},
		{"unknown capacity provider: the network is unknown with an execution role", all(onManagedInstances, func(w *world.World) {
			svc(w).CapacityProviderStrategy[0].CapacityProvider = "other-cp"
		}), expect{container: "app", step: StepLogs, status: Unknown, reason: "the launch type"}},
		{"unknown capacity provider: an unresolved image may be in ECR", all(onManagedInstances, noExec, func(w *world.World) {
			svc(w).CapacityProviderStrategy[0].CapacityProvider = "other-cp"
			app(w).LogConfiguration = nil
			app(w).Image = world.Unresolved(`Ref "Image"`)
		}), expect{step: StepExecutionRole, status: Unknown, reason: "a private ECR image needs an execution role unless the task runs on EC2"}},
		// An EC2 service does not land on Managed Instances capacity.
		{"EC2: a Managed Instances group is no EC2 placement", all(onEC2, func(w *world.World) {
			w.InstanceGroups.Put("mi", &world.InstanceGroup{Name: "mi", Cluster: "prod", CapacityProvider: miProvider, ManagedInstances: true,
				RoleArn: instanceRoleARN, Subnets: []string{"subnet-priv"}, SecurityGroups: []string{"sg-task"}})
			group(w).Cluster = "staging"
		}), expect{container: "app", step: StepRegistryAuth, status: Unknown, reason: "container instance"}},
	})
}

// TestManagedInstancesLaunchTypeReported checks the launch type the result
// carries (report/json/schema: launchType MANAGED_INSTANCES) and that an
// unknown one is left out rather than guessed.
func TestManagedInstancesLaunchTypeReported(t *testing.T) {
	w := baseWorld()
	onManagedInstances(w)
	if got := simulate(t, w).LaunchType; got != "MANAGED_INSTANCES" {
		t.Errorf("launch type %q, want MANAGED_INSTANCES", got)
	}
	svc(w).CapacityProviderStrategy[0].CapacityProvider = "other-cp"
	if got := simulate(t, w).LaunchType; got != "" {
		t.Errorf("launch type %q for a provider of unknown kind, want none", got)
	}
}

// The texts of the Managed Instances rules, exactly.
func TestManagedInstancesSentences(t *testing.T) {
	noExec := func(w *world.World) { td(w).ExecutionRoleArn = "" }
	otherProvider := func(w *world.World) { svc(w).CapacityProviderStrategy[0].CapacityProvider = "other-cp" }
	checkSentences(t, []sentence{
		{name: "Managed Instances without an execution role", mutate: all(onManagedInstances, noExec),
			step: StepExecutionRole, field: "summary", want: "no execution role, but container app uses awslogs"},
		{name: "Managed Instances without the provider's instances", mutate: all(onManagedInstances, func(w *world.World) {
			svc(w).LaunchType, svc(w).CapacityProviderStrategy = "MANAGED_INSTANCES", nil
			miGroup(w).ManagedInstances = false
		}),
			container: "app", step: StepRegistryAuth, field: "missing", want: managedNetMissing},
		{name: "a capacity provider of unknown kind and no execution role", mutate: all(onManagedInstances, noExec, otherProvider),
			step: StepExecutionRole, field: "missing",
			want: "whether capacity provider other-cp is an Auto Scaling group provider (EC2) or an Amazon ECS Managed Instances provider (ecs:DescribeCapacityProviders: autoScalingGroupProvider or managedInstancesProvider) (without an execution role a task can pull from Amazon ECR and write awslogs on EC2 only)"},
		{name: "a capacity provider of unknown kind and an unresolved image", mutate: all(onManagedInstances, noExec, otherProvider, func(w *world.World) {
			app(w).LogConfiguration = nil
			app(w).Image = world.Unresolved(`Ref "Image"`)
		}), step: StepExecutionRole, field: "missing",
			want: "whether capacity provider other-cp is an Auto Scaling group provider (EC2) or an Amazon ECS Managed Instances provider (ecs:DescribeCapacityProviders: autoScalingGroupProvider or managedInstancesProvider)"},
		{name: "a capacity provider of unknown kind: the network", mutate: all(onManagedInstances, otherProvider),
			container: "app", step: StepLogs, field: "missing",
			want: "the launch type: whether capacity provider other-cp is an Auto Scaling group provider (EC2) or an Amazon ECS Managed Instances provider (ecs:DescribeCapacityProviders: autoScalingGroupProvider or managedInstancesProvider)"},
		{name: "a capacity provider of unknown kind: the task definition names no launch type", mutate: all(onManagedInstances, otherProvider),
			step: StepTaskDefinition, field: "summary", want: "task definition app:1 is valid for any launch type it may run on"},
	})
}

// A task definition on its own that only Managed Instances can run
// (requiresCompatibilities, ECS API "Compatibility") runs on any Managed
// Instances capacity of the cluster; alone, its cluster is not known, so
// the provider's instances may only be a placement.
func TestManagedInstancesTaskDefinitionAlone(t *testing.T) {
	w := baseWorld()
	onManagedInstances(w)
	wantAloneUnknown(t, w, "MANAGED_INSTANCES", "whether instance group mi joins cluster")
}

// ECS-DG "Amazon ECS task networking for Amazon ECS Managed Instances"
// (read 2026-11-30): a network mode must be set, and the modes are awsvpc
// and host; ECS API Reference "ManagedInstancesNetworkConfiguration" also
// names none.
func TestManagedInstancesNetworkMode(t *testing.T) {
	for _, tc := range []struct {
		mode string
		want Status
	}{
		{"awsvpc", OK},
		{"host", OK},
		{"none", OK},
		{"bridge", Fail},
		{"", Fail},
	} {
		t.Run("networkMode "+tc.mode, func(t *testing.T) {
			w := baseWorld()
			onManagedInstances(w)
			td(w).NetworkMode = tc.mode
			st := findStep(simulate(t, w), expect{step: StepTaskDefinition, subject: "networkMode", status: tc.want})
			if tc.want == OK {
				if st != nil && st.Status != OK {
					t.Fatalf("networkMode %q: %s %s", tc.mode, st.Status, st.Summary)
				}
				return
			}
			if st == nil || st.Status != tc.want || st.RuleID != "EPF-TD-MI-NETWORK" {
				t.Fatalf("networkMode %q: step %+v, want %s by EPF-TD-MI-NETWORK", tc.mode, st, tc.want)
			}
		})
	}
}
