package snapshot

import (
	"slices"

	"github.com/ecs-preflight/ecs-preflight/world"
)

// apiCapacityProvider is the part of one DescribeCapacityProviders
// capacityProviders[] entry that says what capacity the provider is (ECS
// API "CapacityProvider": autoScalingGroupProvider or
// managedInstancesProvider).
type apiCapacityProvider struct {
	Name                     string `json:"name"`
	Cluster                  string `json:"cluster"`
	AutoScalingGroupProvider *struct {
		AutoScalingGroupArn string `json:"autoScalingGroupArn"`
	} `json:"autoScalingGroupProvider"`
	ManagedInstancesProvider *struct {
		InstanceLaunchTemplate *struct {
			Ec2InstanceProfileArn string `json:"ec2InstanceProfileArn"`
			NetworkConfiguration  *struct {
				Subnets        []string `json:"subnets"`
				SecurityGroups []string `json:"securityGroups"`
			} `json:"networkConfiguration"`
		} `json:"instanceLaunchTemplate"`
	} `json:"managedInstancesProvider"`
}

// loadCapacityProvider files a capacity provider with its kind, and the
// instances of a Managed Instances provider as an instance group: the
// agent of a task on them pulls images, fetches secrets and uploads logs
// over the instance's primary ENI (ECS-DG "Allocate a network interface
// for tasks on Amazon ECS Managed Instances"). The instance profile's role
// needs iam:GetInstanceProfile, which the snapshot does not carry, so it is
// a stand-in; the task's execution role makes those calls there.
func loadCapacityProvider(r *reader, n *node, path string) error {
	var cp apiCapacityProvider
	if err := r.decode(n, path, &cp); err != nil {
		return err
	}
	if cp.Name == "" {
		return r.fail(n, path, `missing "name"`)
	}
	if cp.AutoScalingGroupProvider == nil && cp.ManagedInstancesProvider == nil {
		// FARGATE and FARGATE_SPOT, or a kind this reader does not know.
		return nil
	}
	origin := r.origin(n, path)
	if err := put(r, &r.w.CapacityProviders, "capacity provider", cp.Name,
		&world.CapacityProvider{Name: cp.Name, ManagedInstances: cp.ManagedInstancesProvider != nil, Origin: origin}, n, path); err != nil {
		return err
	}
	if cp.ManagedInstancesProvider == nil {
		return nil
	}
	g := &world.InstanceGroup{Name: cp.Name, Cluster: cp.Cluster, CapacityProvider: cp.Name, ManagedInstances: true,
		Unknown: map[string]string{}, Origin: origin}
	if lt := cp.ManagedInstancesProvider.InstanceLaunchTemplate; lt != nil {
		g.InstanceProfileArn = lt.Ec2InstanceProfileArn
		if nc := lt.NetworkConfiguration; nc != nil {
			g.Subnets, g.SecurityGroups = slices.Clone(nc.Subnets), slices.Clone(nc.SecurityGroups)
		}
	}
	if g.InstanceProfileArn != "" {
		g.RoleArn = world.Unresolved("the role of instance profile " + g.InstanceProfileArn)
		g.Unknown["RoleArn"] = "the role of instance profile " + g.InstanceProfileArn + " (iam:GetInstanceProfile, not in the snapshot)"
	}
	r.w.InstanceGroups.Put(g.Name, g)
	return nil
}
