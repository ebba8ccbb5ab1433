package cloudformation

import (
	"slices"

	"github.com/ecs-preflight/ecs-preflight/world"
)

// managedProvider is an AWS::ECS::CapacityProvider with a
// ManagedInstancesProvider.
type managedProvider struct {
	r        *resource
	name     string
	provider obj
}

// managedInstancesGroup reads an AWS::ECS::CapacityProvider with a
// ManagedInstancesProvider into the instances it launches (CFN reference
// "AWS::ECS::CapacityProvider ManagedInstancesProvider" and
// "InstanceLaunchTemplate": Ec2InstanceProfileArn, NetworkConfiguration
// Subnets and SecurityGroups). The agent of a task on them pulls images,
// fetches secrets and uploads logs over the instance's primary ENI (ECS-DG
// "Allocate a network interface for tasks on Amazon ECS Managed
// Instances"), whose public IPv4 address follows the subnet's setting. The
// cluster is ClusterName, "" when the template leaves it to a
// ClusterCapacityProviderAssociations: a service's strategy can name only
// a provider of its own cluster (ECS API "CapacityProviderStrategyItem").
func (l *loader) managedInstancesGroup(r *resource, name string, mi obj, profiles map[string]*resource) (*world.InstanceGroup, error) {
	var spec launchSpec
	lt, ok, err := mi.object("InstanceLaunchTemplate")
	if err != nil {
		return nil, err
	}
	if ok {
		if spec.profile, err = lt.strOr("Ec2InstanceProfileArn", ""); err != nil {
			return nil, err
		}
		spec.profileSet = spec.profile != ""
		nc, ok, err := lt.object("NetworkConfiguration")
		if err != nil {
			return nil, err
		}
		if ok {
			if spec.subnets, err = nc.strs("Subnets"); err != nil {
				return nil, err
			}
			if spec.securityGroups, err = nc.strs("SecurityGroups"); err != nil {
				return nil, err
			}
		}
	}
	for field, vs := range map[string][]string{"Subnets": spec.subnets, "SecurityGroups": spec.securityGroups} {
		if i := slices.IndexFunc(vs, world.IsUnresolved); i >= 0 {
			spec.unknownField(field, "ManagedInstancesProvider.InstanceLaunchTemplate.NetworkConfiguration."+field+" of "+r.id+" in "+l.file+": "+vs[i])
		}
	}
	g := l.instanceGroup(r, name, spec, profiles)
	g.CapacityProvider, g.ManagedInstances = name, true
	delete(g.Unknown, "Cluster")
	p, err := l.props(r)
	if err != nil {
		return nil, err
	}
	if g.Cluster, err = (obj{l: l, v: p, path: r.id + ".Properties"}).strOr("ClusterName", ""); err != nil {
		return nil, err
	}
	return g, nil
}
