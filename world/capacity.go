package world

// InstanceGroup is EC2 capacity that registers container instances with a
// cluster: an Auto Scaling group, a launch template or a single instance.
// On the EC2 launch type the container agent pulls images and writes
// awslogs with the instance role's credentials when the task has no
// execution role, over the instance's network interface (ECS-DG "Amazon
// ECS container instance IAM role"; ECS-DG "Amazon ECS task execution IAM
// role").
type InstanceGroup struct {
	// Name is the group's name, logical id or address.
	Name string `json:"Name"`
	// Cluster is the cluster name or ARN the instances join (ECS_CLUSTER
	// in the agent configuration, or a capacity provider's cluster); ""
	// when the input does not say, "default" when the agent's default
	// applies. It may be an Unresolved stand-in.
	Cluster string `json:"Cluster,omitempty"`
	// CapacityProvider is the capacity provider that uses the group, "".
	CapacityProvider string `json:"CapacityProvider,omitempty"`
	// ManagedInstances is true when the group is the instances an Amazon
	// ECS Managed Instances capacity provider launches (ECS API
	// "CreateCapacityProvider": managedInstancesProvider, whose
	// instanceLaunchTemplate gives ec2InstanceProfileArn and
	// networkConfiguration subnets and securityGroups); CapacityProvider is
	// then that provider's name. False for an Auto Scaling group provider
	// (autoScalingGroupProvider) and for instances that join on their own.
	ManagedInstances bool `json:"ManagedInstances,omitempty"`
	// InstanceProfileArn is the instance profile, and RoleArn the role it
	// holds; either may be an Unresolved stand-in, and RoleArn is "" when
	// the instances have no profile.
	InstanceProfileArn string `json:"InstanceProfileArn,omitempty"`
	RoleArn            string `json:"RoleArn,omitempty"`
	// Subnets and SecurityGroups are where the instances' primary
	// interfaces are placed.
	Subnets        []string `json:"Subnets,omitempty"`
	SecurityGroups []string `json:"SecurityGroups,omitempty"`
	// AssociatePublicIp is the launch setting for a public IPv4 address; nil
	// means the subnet's MapPublicIpOnLaunch decides.
	AssociatePublicIp *bool `json:"AssociatePublicIp,omitempty"`

	// Unknown names the fields the input could not resolve, with why
	// ("RoleArn": `Fn::ImportValue "shared-InstanceRole"`).
	Unknown map[string]string `json:"-"`
	Origin  Origin            `json:"-"`
}

// CapacityProvider is an ECS capacity provider the input shows, by name:
// what kind of capacity a service's capacityProviderStrategy names when
// the instances it launches are not in the input (an Auto Scaling group
// outside a template).
type CapacityProvider struct {
	Name string `json:"Name"`
	// ManagedInstances is true for a Managed Instances provider
	// (managedInstancesProvider), false for an Auto Scaling group provider
	// (autoScalingGroupProvider), as ECS API "CreateCapacityProvider" has
	// them.
	ManagedInstances bool   `json:"ManagedInstances,omitempty"`
	Origin           Origin `json:"-"`
}
