package tfplan

import "testing"

// TestCapacityProviderKinds files the plan's capacity providers with their
// kind (ECS API "CreateCapacityProvider": autoScalingGroupProvider or
// managedInstancesProvider), so that a service's strategy names EC2 or
// Managed Instances capacity even when the instances are not in the plan.
func TestCapacityProviderKinds(t *testing.T) {
	w := loadPlan(t, "ec2-instance-role")
	cp := w.CapacityProviders.Get("ecs-asg")
	if cp == nil {
		t.Fatalf("capacity providers %v, want ecs-asg", w.CapacityProviders.Keys())
	}
	check(t, cases{
		{"an Auto Scaling group provider is not Managed Instances", cp.ManagedInstances, false},
		{"filed from its address", cp.Origin.Path, "aws_ecs_capacity_provider.ecs"},
	})
	w = read(t, plan(t, []rc{
		{addr: "aws_ecs_capacity_provider.mi", after: map[string]any{"name": "mi",
			"auto_scaling_group_provider": []any{},
			"managed_instances_provider":  []any{map[string]any{"infrastructure_role_arn": "arn:aws:iam::111122223333:role/infra"}}},
			unknown: []string{"id", "arn"}},
		{addr: "aws_ecs_capacity_provider.none", after: map[string]any{"name": "none", "auto_scaling_group_provider": []any{}}, unknown: []string{"id", "arn"}},
	}, nil, "", nil))
	mi := w.CapacityProviders.Get("mi")
	check(t, cases{
		{"a managed_instances_provider block makes a Managed Instances provider", mi != nil && mi.ManagedInstances, true},
		{"a provider with neither block is not filed", w.CapacityProviders.Get("none") == nil, true},
	})
}
