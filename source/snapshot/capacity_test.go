package snapshot

import (
	"slices"
	"strings"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/world"
)

// docs/snapshot.md "Sections", ecs.DescribeCapacityProviders: the kind of
// each provider (ECS API "CapacityProvider": autoScalingGroupProvider or
// managedInstancesProvider) fills World.CapacityProviders, and a Managed
// Instances provider's instances (instanceLaunchTemplate) an instance
// group (ECS-DG "Allocate a network interface for tasks on Amazon ECS
// Managed Instances": the agent's calls use the instance's primary ENI).
func TestDescribeCapacityProviders(t *testing.T) {
	doc := `{"ecs": {"DescribeCapacityProviders": {"capacityProviders": [
  {"capacityProviderArn": "arn:aws:ecs:us-east-1:111122223333:capacity-provider/mi", "name": "mi", "status": "ACTIVE", "type": "MANAGED_INSTANCES",
   "cluster": "prod",
   "managedInstancesProvider": {"infrastructureRoleArn": "arn:aws:iam::111122223333:role/infra",
     "instanceLaunchTemplate": {"ec2InstanceProfileArn": "arn:aws:iam::111122223333:instance-profile/ecsMI",
       "networkConfiguration": {"subnets": ["subnet-a", "subnet-b"], "securityGroups": ["sg-1"]}}}},
  {"capacityProviderArn": "arn:aws:ecs:us-east-1:111122223333:capacity-provider/asg", "name": "asg", "status": "ACTIVE",
   "autoScalingGroupProvider": {"autoScalingGroupArn": "arn:aws:autoscaling:us-east-1:111122223333:autoScalingGroup:0a1b:autoScalingGroupName/ecs"}},
  {"capacityProviderArn": "arn:aws:ecs:us-east-1:111122223333:capacity-provider/FARGATE", "name": "FARGATE", "status": "ACTIVE"}
]}}}`
	w, err := Read("snap.json", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	mi, asg := w.CapacityProviders.Get("mi"), w.CapacityProviders.Get("asg")
	g := w.InstanceGroups.Get("mi")
	if mi == nil || asg == nil || g == nil {
		t.Fatalf("capacity providers %v, instance groups %v", w.CapacityProviders.Keys(), w.InstanceGroups.Keys())
	}
	for _, c := range []struct {
		name string
		got  any
		want any
	}{
		{"managedInstancesProvider is Managed Instances", mi.ManagedInstances, true},
		{"autoScalingGroupProvider is EC2", asg.ManagedInstances, false},
		{"FARGATE is not filed", w.CapacityProviders.Get("FARGATE") == nil, true},
		{"the Auto Scaling group is not an instance group: its instances are not in the response", w.InstanceGroups.Len(), 1},
		{"the group is the provider's", g.CapacityProvider + " " + g.Cluster, "mi prod"},
		{"marked Managed Instances", g.ManagedInstances, true},
		{"subnets of the launch template", slices.Equal(g.Subnets, []string{"subnet-a", "subnet-b"}), true},
		{"security groups of the launch template", slices.Equal(g.SecurityGroups, []string{"sg-1"}), true},
		{"public IP follows the subnet", g.AssociatePublicIp == nil, true},
		{"instance profile", g.InstanceProfileArn, "arn:aws:iam::111122223333:instance-profile/ecsMI"},
		{"its role is a stand-in", world.IsUnresolved(g.RoleArn), true},
	} {
		if c.got != c.want {
			t.Errorf("%s: got %v, want %v", c.name, c.got, c.want)
		}
	}
}

// A capacity provider entry the reader cannot file is rejected with its
// path (docs/snapshot.md: malformed sections are errors).
func TestDescribeCapacityProvidersRejects(t *testing.T) {
	for _, tc := range []struct{ name, items string }{
		{"no name", `[{"autoScalingGroupProvider": {}}]`},
		{"duplicate name", `[{"name": "a", "autoScalingGroupProvider": {}}, {"name": "a", "managedInstancesProvider": {}}]`},
		{"subnets not a list", `[{"name": "a", "managedInstancesProvider": {"instanceLaunchTemplate": {"networkConfiguration": {"subnets": "subnet-a"}}}}]`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Read("snap.json", []byte(`{"ecs": {"DescribeCapacityProviders": {"capacityProviders": `+tc.items+`}}}`))
			if err == nil || !strings.Contains(err.Error(), "capacityProviders") {
				t.Errorf("error %v, want one that names capacityProviders", err)
			}
		})
	}
}
