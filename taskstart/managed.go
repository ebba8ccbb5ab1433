package taskstart

import (
	"slices"
	"strings"

	"github.com/ecs-preflight/ecs-preflight/world"
)

// Launch types (ECS API "LaunchType"; the task metadata endpoint v4 reports
// MANAGED_INSTANCES for a task on Amazon ECS Managed Instances).
const (
	launchFargate          = "FARGATE"
	launchEC2              = "EC2"
	launchExternal         = "EXTERNAL"
	launchManagedInstances = "MANAGED_INSTANCES"
)

// launchTypes are the values of the ECS API's LaunchType.
var launchTypes = []string{launchEC2, launchFargate, launchExternal, launchManagedInstances}

// providerKind is the launch type a capacity provider of a service's
// strategy stands for, or "" with what is missing when the input does not
// say. ECS API "CreateCapacityProvider": a capacity provider is an Auto
// Scaling group provider (autoScalingGroupProvider, the EC2 launch type) or
// a Managed Instances provider (managedInstancesProvider); FARGATE and
// FARGATE_SPOT are predefined. A capacity provider is named by its short
// name or full ARN (ECS API "CapacityProviderStrategyItem").
func providerKind(w *world.World, name string) (kind, missing string) {
	if name == "FARGATE" || name == "FARGATE_SPOT" {
		return launchFargate, ""
	}
	short := providerName(name)
	if !world.IsUnresolved(short) {
		if cp := w.CapacityProviders.Get(short); cp != nil {
			if cp.ManagedInstances {
				return launchManagedInstances, ""
			}
			return launchEC2, ""
		}
		for _, g := range w.InstanceGroups.All() {
			if g.CapacityProvider == "" || providerName(g.CapacityProvider) != short {
				continue
			}
			if g.ManagedInstances {
				return launchManagedInstances, ""
			}
			return launchEC2, ""
		}
	}
	return "", "whether capacity provider " + name + " is an Auto Scaling group provider (EC2) or an Amazon ECS Managed Instances provider (ecs:DescribeCapacityProviders: autoScalingGroupProvider or managedInstancesProvider)"
}

// providerName is a capacity provider's name from its name or ARN
// (arn:aws:ecs:REGION:ACCOUNT:capacity-provider/NAME).
func providerName(p string) string {
	if a, ok := parseARN(p); ok {
		return strings.TrimPrefix(a.resource, "capacity-provider/")
	}
	return p
}

// strategyLaunch decides the launch type of a capacity provider strategy.
// A Fargate provider makes it Fargate, as before; otherwise a provider of
// unknown kind, or a strategy that mixes EC2 and Managed Instances
// providers, leaves it unknown with what is missing: the execution role a
// task needs and the network the agent uses both follow the launch type
// (ECS-DG "Amazon ECS task execution IAM role"; ECS-DG "Allocate a network
// interface for tasks on Amazon ECS Managed Instances").
func strategyLaunch(w *world.World, svc *world.Service) (launch, missing string) {
	kinds := map[string][]string{}
	var unknown []string
	for _, cp := range svc.CapacityProviderStrategy {
		k, miss := providerKind(w, cp.CapacityProvider)
		if k == launchFargate {
			return launchFargate, ""
		}
		if k == "" {
			unknown = append(unknown, miss)
			continue
		}
		kinds[k] = append(kinds[k], cp.CapacityProvider)
	}
	switch {
	case len(unknown) > 0:
		return "", strings.Join(unknown, "; ")
	case len(kinds) > 1:
		return "", "which of the capacity providers " + strings.Join(slices.Concat(kinds[launchEC2], kinds[launchManagedInstances]), ", ") + " of service " + svc.ServiceName + " places a task: they are EC2 and Managed Instances capacity"
	case len(kinds[launchManagedInstances]) > 0:
		return launchManagedInstances, ""
	}
	return launchEC2, ""
}

// hosts reports whether instance group g can host the task's agent
// for the simulation's launch type: Managed Instances tasks run on the
// instances of a Managed Instances provider their strategy names (any such
// provider when the launch type is given directly), EC2 tasks on the other
// groups.
func (s *sim) hosts(g *world.InstanceGroup) bool {
	if s.launchType != launchManagedInstances {
		return !g.ManagedInstances
	}
	if !g.ManagedInstances {
		return false
	}
	if s.svc == nil || len(s.svc.CapacityProviderStrategy) == 0 {
		return true
	}
	return s.namedInStrategy(g)
}

// namedInStrategy reports whether the service's capacity provider strategy
// names the provider of group g. Such a provider is associated with the
// service's cluster: ECS API "CapacityProviderStrategyItem", "A capacity
// provider must be associated with the cluster to be used in a capacity
// provider strategy".
func (s *sim) namedInStrategy(g *world.InstanceGroup) bool {
	if s.svc == nil || g.CapacityProvider == "" {
		return false
	}
	return slices.ContainsFunc(s.svc.CapacityProviderStrategy, func(cp world.CapacityProviderStrategyItem) bool {
		return providerName(cp.CapacityProvider) == providerName(g.CapacityProvider)
	})
}

// managedNetMissing is the missing fact of a Managed Instances task whose
// capacity provider's instances the input does not have. ECS-DG "Allocate a
// network interface for tasks on Amazon ECS Managed Instances": image
// downloads, secrets retrieval and log uploads use the instance's primary
// ENI, whatever the task's network mode.
const managedNetMissing = "the Managed Instances capacity provider's instance network (managedInstancesProvider.instanceLaunchTemplate.networkConfiguration: the agent pulls images, fetches secrets and uploads logs over the instance's primary ENI)"

// unknownLaunch leaves the network and the role the agent would use
// without an execution role unknown: on EC2 it is the container instance
// role, on Managed Instances and Fargate there is none.
func (s *sim) unknownLaunch() {
	s.netMissing = "the launch type: " + s.launchMissing
	s.instance = s.resolvePrincipal(world.Unresolved("the role that pulls images and writes logs without an execution role (the container instance role on EC2, none on Managed Instances; the launch type is unknown)"), instanceIDPlaceholder)
	// Where the task runs is unknown: not even an organization policy
	// decides, as for EC2 capacity the input does not show.
	s.instance.layers.SCPs = nil
}
