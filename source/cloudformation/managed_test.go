package cloudformation

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/taskstart"
	"github.com/ecs-preflight/ecs-preflight/world"
)

// TestManagedInstancesProvider reads an AWS::ECS::CapacityProvider with a
// ManagedInstancesProvider into the instances it launches (CFN reference
// "AWS::ECS::CapacityProvider ManagedInstancesProvider",
// "InstanceLaunchTemplate" and "ManagedInstancesNetworkConfiguration").
func TestManagedInstancesProvider(t *testing.T) {
	const head = "  InstanceRole: {Type: AWS::IAM::Role, Properties: {AssumeRolePolicyDocument: {}}}\n  Profile: {Type: AWS::IAM::InstanceProfile, Properties: {Roles: [!Ref InstanceRole]}}\n"
	cases := []struct {
		name    string
		res     string
		want    world.InstanceGroup
		unknown []string
	}{
		{
			name: "profile, subnets and security groups, cluster by name",
			res: head + `  Cp:
    Type: AWS::ECS::CapacityProvider
    Properties:
      ClusterName: prod
      ManagedInstancesProvider:
        InfrastructureRoleArn: arn:aws:iam::123456789012:role/infra
        InstanceLaunchTemplate:
          Ec2InstanceProfileArn: !GetAtt Profile.Arn
          NetworkConfiguration: {Subnets: [subnet-a, subnet-b], SecurityGroups: [sg-1]}
`,
			want: world.InstanceGroup{Cluster: "prod", InstanceProfileArn: "arn:aws:iam::123456789012:instance-profile/stack-Profile",
				RoleArn: "arn:aws:iam::123456789012:role/stack-InstanceRole", Subnets: []string{"subnet-a", "subnet-b"}, SecurityGroups: []string{"sg-1"}},
		},
		{
			name: "imported subnets, no cluster name",
			res: head + `  Cp:
    Type: AWS::ECS::CapacityProvider
    Properties:
      ManagedInstancesProvider:
        InfrastructureRoleArn: arn:aws:iam::123456789012:role/infra
        InstanceLaunchTemplate:
          Ec2InstanceProfileArn: !GetAtt Profile.Arn
          NetworkConfiguration: {Subnets: !Split [',', !ImportValue subnets], SecurityGroups: [sg-1]}
`,
			want: world.InstanceGroup{InstanceProfileArn: "arn:aws:iam::123456789012:instance-profile/stack-Profile",
				RoleArn: "arn:aws:iam::123456789012:role/stack-InstanceRole", Subnets: []string{world.Unresolved(`Fn::ImportValue "subnets"`)}, SecurityGroups: []string{"sg-1"}},
			unknown: []string{"Subnets"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := mustRead(t, "Resources:\n"+tc.res, docEnv...)
			g, found, _ := w.InstanceGroups.Lookup("stack-Cp")
			if !found {
				t.Fatalf("no group stack-Cp; groups %q", w.InstanceGroups.Keys())
			}
			if cp := w.CapacityProviders.Get("stack-Cp"); cp == nil || !cp.ManagedInstances {
				t.Errorf("capacity provider stack-Cp %+v, want one of Managed Instances", cp)
			}
			if !g.ManagedInstances || g.CapacityProvider != "stack-Cp" {
				t.Errorf("ManagedInstances %v, capacity provider %q; want true, stack-Cp", g.ManagedInstances, g.CapacityProvider)
			}
			if g.Cluster != tc.want.Cluster || g.InstanceProfileArn != tc.want.InstanceProfileArn || g.RoleArn != tc.want.RoleArn {
				t.Errorf("cluster %q profile %q role %q\nwant %q %q %q", g.Cluster, g.InstanceProfileArn, g.RoleArn, tc.want.Cluster, tc.want.InstanceProfileArn, tc.want.RoleArn)
			}
			if !slices.Equal(g.Subnets, tc.want.Subnets) || !slices.Equal(g.SecurityGroups, tc.want.SecurityGroups) || g.AssociatePublicIp != nil {
				t.Errorf("subnets %q groups %q public %v, want %q %q and the subnet's setting", g.Subnets, g.SecurityGroups, g.AssociatePublicIp, tc.want.Subnets, tc.want.SecurityGroups)
			}
			unknown := slices.Sorted(func(yield func(string) bool) {
				for k := range g.Unknown {
					if !yield(k) {
						return
					}
				}
			})
			if !slices.Equal(unknown, tc.unknown) {
				t.Errorf("unknown %q, want %q", unknown, tc.unknown)
			}
		})
	}
}

// An Auto Scaling group provider whose group the template does not hold
// is still EC2 capacity (CFN reference "AWS::ECS::CapacityProvider":
// AutoScalingGroupProvider).
func TestAutoScalingGroupProviderKind(t *testing.T) {
	w := mustRead(t, "Resources:\n  Cp: {Type: AWS::ECS::CapacityProvider, Properties: {Name: shared-asg, AutoScalingGroupProvider: {AutoScalingGroupArn: 'arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:0a1b:autoScalingGroupName/elsewhere'}}}\n", docEnv...)
	cp := w.CapacityProviders.Get("shared-asg")
	if cp == nil || cp.ManagedInstances {
		t.Fatalf("capacity provider shared-asg %+v, want an Auto Scaling group provider", cp)
	}
	if w.InstanceGroups.Len() != 0 {
		t.Errorf("instance groups %q, want none", w.InstanceGroups.Keys())
	}
}

// ECS-DG "Amazon ECS task execution IAM role" (2026 text): a task "hosted
// on AWS Fargate, Amazon ECS Managed Instances, or an external instance"
// that pulls from a private ECR repository or uses awslogs needs the
// execution role; the capacity provider's instance role does not serve.
func TestManagedInstancesTemplateNeedsExecutionRole(t *testing.T) {
	const file = "managed-instances-no-execution-role.yaml"
	data, err := os.ReadFile(filepath.Join("testdata", "managed", file))
	if err != nil {
		t.Fatal(err)
	}
	w, err := Read(file, data, docEnv...)
	if err != nil {
		t.Fatal(err)
	}
	res, err := taskstart.Simulate(context.Background(), w)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Tasks) != 1 {
		t.Fatalf("%d tasks, want 1", len(res.Tasks))
	}
	task := res.Tasks[0]
	if task.LaunchType != "MANAGED_INSTANCES" {
		t.Errorf("launch type %q, want MANAGED_INSTANCES", task.LaunchType)
	}
	i := slices.IndexFunc(task.Steps, func(s taskstart.Step) bool { return s.Step == taskstart.StepExecutionRole })
	if i < 0 || task.Steps[i].Status != taskstart.Fail {
		t.Fatalf("execution-role step %+v, want a fail", task.Steps)
	}
	if task.Verdict != taskstart.VerdictFail {
		t.Errorf("verdict %s, want fail", task.Verdict)
	}
}

// A ManagedInstancesProvider property of the wrong shape is an error with
// its place, not a group with guessed values.
func TestManagedInstancesProviderRejects(t *testing.T) {
	for _, tc := range []struct{ name, provider string }{
		{"launch template not an object", "{InstanceLaunchTemplate: [x]}"},
		{"network configuration not an object", "{InstanceLaunchTemplate: {NetworkConfiguration: [x]}}"},
		{"subnets not a list", "{InstanceLaunchTemplate: {NetworkConfiguration: {Subnets: {a: b}}}}"},
		{"security groups not a list", "{InstanceLaunchTemplate: {NetworkConfiguration: {SecurityGroups: {a: b}}}}"},
		{"profile not a string", "{InstanceLaunchTemplate: {Ec2InstanceProfileArn: [x]}}"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Read("stack.yaml", []byte("Resources:\n  Cp: {Type: AWS::ECS::CapacityProvider, Properties: {ManagedInstancesProvider: "+tc.provider+"}}\n"), docEnv...)
			if err == nil {
				t.Fatal("no error")
			}
		})
	}
}
