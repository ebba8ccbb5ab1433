package tfplan

import (
	"slices"
	"strings"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/world"
)

// TestEC2CapacityRealPlan reads the container instances of a real plan: an
// Auto Scaling group with a launch template (instance profile, network
// interface with security groups and no public address, user data setting
// ECS_CLUSTER) behind a capacity provider, and a single instance (ECS-DG
// "Amazon ECS container instance IAM role"; agent README "Environment
// variables": ECS_CLUSTER).
func TestEC2CapacityRealPlan(t *testing.T) {
	w := loadPlan(t, "ec2-instance-role")
	asg := w.InstanceGroups.Get("aws_autoscaling_group.ecs")
	single := w.InstanceGroups.Get("aws_instance.single")
	if asg == nil || single == nil {
		t.Fatalf("instance groups %v, want the Auto Scaling group and the instance", w.InstanceGroups.Keys())
	}
	role := w.Roles.Get(asg.RoleArn)
	attached := role != nil && slices.ContainsFunc(role.AttachedPolicies, func(p world.AttachedPolicy) bool {
		return p.PolicyArn == "arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role"
	})
	check(t, cases{
		{"the launch template is not a group of its own", w.InstanceGroups.Len(), 2},
		{"a group is named by its name, else its address", asg.Name + " " + single.Name, "ecs aws_instance.single"},
		{"cluster from ECS_CLUSTER in the base64 user data", asg.Cluster, "ec2-cluster"},
		{"capacity provider naming the group", asg.CapacityProvider, "ecs-asg"},
		{"the role is filed where the reader files the aws_iam_role", role != nil, true},
		{"with the policies the plan attaches to it", attached, true},
		{"instance profile of the launch template (its ARN is known only after apply)", asg.InstanceProfileArn, "aws_iam_instance_profile.instance"},
		{"subnets from vpc_zone_identifier", asg.Subnets, []string{"aws_subnet.private"}},
		{"security groups of the template's network interface", asg.SecurityGroups, []string{"aws_security_group.instances"}},
		{"associate_public_ip_address \"false\"", ptrText(asg.AssociatePublicIp), "false"},
		{"nothing unknown", len(asg.Unknown), 0},
		{"instance: cluster from the user_data constant (the plan holds a hash)", single.Cluster, "ec2-cluster"},
		{"instance: role by the profile's name", single.RoleArn, asg.RoleArn},
		{"instance: subnet", single.Subnets, []string{"aws_subnet.private"}},
		{"instance: security groups", single.SecurityGroups, []string{"aws_security_group.instances"}},
		{"instance: no public address", ptrText(single.AssociatePublicIp), "false"},
		{"the set is known but not complete", w.InstanceGroups.Known && !w.InstanceGroups.Complete, true},
	})
}

// TestInstanceGroups covers the other shapes of EC2 capacity in a plan.
func TestInstanceGroups(t *testing.T) {
	ud := "IyEvYmluL2Jhc2gKZWNobyBFQ1NfQ0xVU1RFUj1hcHAgPj4gL2V0Yy9lY3MvZWNzLmNvbmZpZwo=" // echo ECS_CLUSTER=app >> /etc/ecs/ecs.config
	cfg := `{"root_module":{"resources":[
	 {"address":"aws_iam_instance_profile.p","mode":"managed","type":"aws_iam_instance_profile","name":"p","expressions":{"role":{"references":["aws_iam_role.r.name","aws_iam_role.r"]}}},
	 {"address":"aws_launch_template.lt","mode":"managed","type":"aws_launch_template","name":"lt","expressions":{"iam_instance_profile":[{"name":{"references":["aws_iam_instance_profile.p.name","aws_iam_instance_profile.p"]}}]}},
	 {"address":"aws_autoscaling_group.mixed","mode":"managed","type":"aws_autoscaling_group","name":"mixed","expressions":{
	   "vpc_zone_identifier":{"references":["aws_subnet.a.id","aws_subnet.a"]},
	   "mixed_instances_policy":[{"launch_template":[{"launch_template_specification":[{"launch_template_id":{"references":["aws_launch_template.lt.id","aws_launch_template.lt"]}}]}]}]}},
	 {"address":"aws_launch_template.late","mode":"managed","type":"aws_launch_template","name":"late","expressions":{"user_data":{"references":["aws_ecs_cluster.c.name","aws_ecs_cluster.c"]},"vpc_security_group_ids":{"references":["data.aws_security_group.gone.id","data.aws_security_group.gone"]}}},
	 {"address":"aws_instance.hashed","mode":"managed","type":"aws_instance","name":"hashed","expressions":{"user_data":{"references":["aws_ecs_cluster.c.name","aws_ecs_cluster.c"]},"subnet_id":{"references":["aws_subnet.a.id","aws_subnet.a"]}}},
	 {"address":"aws_launch_configuration.lc","mode":"managed","type":"aws_launch_configuration","name":"lc","expressions":{"user_data":{"constant_value":"#!/bin/bash\nyum update -y\n"}}},
	 {"address":"aws_autoscaling_group.lc","mode":"managed","type":"aws_autoscaling_group","name":"lc","expressions":{"launch_configuration":{"references":["aws_launch_configuration.lc.name","aws_launch_configuration.lc"]}}}
	]}}`
	w := read(t, plan(t, []rc{
		{addr: "aws_vpc.v", after: map[string]any{"cidr_block": "10.0.0.0/16"}, unknown: []string{"id"}},
		{addr: "aws_subnet.a", after: map[string]any{"cidr_block": "10.0.1.0/24", "vpc_id": "vpc-0v"}, unknown: []string{"id"}},
		{addr: "aws_iam_role.r", after: map[string]any{"assume_role_policy": "{}"}, unknown: []string{"arn", "id", "name", "name_prefix"}},
		{addr: "aws_iam_instance_profile.p", after: map[string]any{}, unknown: []string{"arn", "id", "name", "role"}},
		{addr: "aws_launch_template.lt", after: map[string]any{"user_data": ud, "iam_instance_profile": []any{map[string]any{"arn": nil}}, "network_interfaces": []any{}, "vpc_security_group_ids": nil},
			unknown: []string{"id", "arn", "name"}, au: map[string]any{"iam_instance_profile": []any{map[string]any{"name": true}}}},
		{addr: "aws_autoscaling_group.mixed", after: map[string]any{"name": "mixed", "launch_template": []any{},
			"mixed_instances_policy": []any{map[string]any{"launch_template": []any{map[string]any{"launch_template_specification": []any{map[string]any{}}}}}}},
			unknown: []string{"id", "arn", "vpc_zone_identifier"}, au: map[string]any{"mixed_instances_policy": []any{map[string]any{"launch_template": []any{map[string]any{"launch_template_specification": []any{map[string]any{"launch_template_id": true}}}}}}}},
		{addr: "aws_launch_template.late", after: map[string]any{"name": "late", "network_interfaces": []any{}, "iam_instance_profile": []any{map[string]any{"name": "shared-ecs"}}},
			unknown: []string{"id", "arn", "user_data", "vpc_security_group_ids"}},
		{addr: "aws_instance.hashed", after: map[string]any{"user_data": "1b8f2e6d9a7c3b5e4f0a1d2c3b4a5f6e7d8c9b0a", "iam_instance_profile": "", "launch_template": []any{}},
			unknown: []string{"id", "arn", "subnet_id", "vpc_security_group_ids", "associate_public_ip_address"}},
		{addr: "aws_launch_configuration.lc", after: map[string]any{"name": "lc", "iam_instance_profile": "arn:aws:iam::111122223333:instance-profile/shared", "security_groups": []any{"sg-0lc"}, "associate_public_ip_address": true},
			unknown: []string{"id", "arn"}},
		{addr: "aws_autoscaling_group.lc", after: map[string]any{"name": "lc", "vpc_zone_identifier": []any{"subnet-0lc"}, "launch_template": []any{}}, unknown: []string{"id", "arn", "launch_configuration"}},
		{addr: "aws_instance.shared", after: map[string]any{"iam_instance_profile": "shared-ecs-data", "subnet_id": "subnet-0x", "vpc_security_group_ids": []any{"sg-0x"}, "user_data": nil}, unknown: []string{"id", "arn"}},
		{addr: "aws_autoscaling_group.orphan", after: map[string]any{"name": "orphan", "vpc_zone_identifier": []any{"subnet-0x"}, "launch_template": []any{map[string]any{"name": "made-elsewhere", "version": "$Latest"}}}, unknown: []string{"id", "arn"}},
	}, append([]rc{{addr: "data.aws_iam_instance_profile.shared", after: map[string]any{"name": "shared-ecs-data", "arn": "arn:aws:iam::111122223333:instance-profile/shared-ecs-data",
		"role_name": "ecs-instance", "role_arn": "arn:aws:iam::111122223333:role/ecs-instance"}}}, placed...), cfg, nil))
	mixed := w.InstanceGroups.Get("aws_autoscaling_group.mixed")
	late := w.InstanceGroups.Get("aws_launch_template.late")
	hashed := w.InstanceGroups.Get("aws_instance.hashed")
	lc := w.InstanceGroups.Get("aws_autoscaling_group.lc")
	orphan := w.InstanceGroups.Get("aws_autoscaling_group.orphan")
	check(t, cases{
		{"mixed instances policy: the template's user data", mixed.Cluster, "app"},
		{"a role without a name: its stand-in is the Roles key", mixed.RoleArn == "aws_iam_role.r" && w.Roles.Get(mixed.RoleArn) != nil, true},
		{"no security group: the VPC's default group", mixed.SecurityGroups, []string{"vpc-0v.default_security_group_id"}},
		{"no public address setting: the subnet decides", ptrText(mixed.AssociatePublicIp), "nil"},
		{"a template no group uses is a group of its own", late != nil, true},
		{"whose subnets are unknown", strings.Contains(late.Unknown["Subnets"], "no Auto Scaling group in the plan uses it"), true},
		{"user data known only after apply: cluster unknown", late.Cluster == "" && strings.Contains(late.Unknown["Cluster"], "aws_launch_template.late.user_data"), true},
		{"security groups from a data source read at apply: unknown", strings.Contains(late.Unknown["SecurityGroups"], "data.aws_security_group.gone"), true},
		{"a profile not in the plan: its role is a stand-in", world.IsUnresolved(late.RoleArn) && strings.Contains(late.Unknown["RoleArn"], `"shared-ecs"`), true},
		{"instance: hashed user data whose text is not a constant", hashed.Cluster == "" && strings.Contains(hashed.Unknown["Cluster"], "its text is not in the plan"), true},
		{"instance without a profile has no role", hashed.RoleArn, ""},
		{"instance subnet by reference", hashed.Subnets, []string{"aws_subnet.a"}},
		{"launch configuration: user data without agent configuration joins default", lc.Cluster, "default"},
		{"launch configuration: profile ARN not in the plan", lc.InstanceProfileArn == "arn:aws:iam::111122223333:instance-profile/shared" && world.IsUnresolved(lc.RoleArn), true},
		{"launch configuration: security groups and public address", []any{lc.SecurityGroups, ptrText(lc.AssociatePublicIp)}, []any{[]string{"sg-0lc"}, "true"}},
		{"launch configuration: subnets of the group", lc.Subnets, []string{"subnet-0lc"}},
		{"a profile read with data.aws_iam_instance_profile: its role_arn", w.InstanceGroups.Get("aws_instance.shared").RoleArn, "arn:aws:iam::111122223333:role/ecs-instance"},
		{"instance without user data joins default", w.InstanceGroups.Get("aws_instance.shared").Cluster, "default"},
		{"a group whose launch template is not in the plan: role unknown", strings.Contains(orphan.Unknown["RoleArn"], "not in the plan"), true},
		{"and cluster unknown", orphan.Cluster == "" && orphan.Unknown["Cluster"] != "", true},
	})
	if none := read(t, plan(t, []rc{{addr: "aws_vpc.v", after: map[string]any{}, unknown: []string{"id"}}}, nil, "", nil)); none.InstanceGroups.Known {
		t.Error("a plan without EC2 capacity makes the instance groups known")
	}
}

// TestClusterOfUserData reads the cluster the agent joins from user data:
// ECS_CLUSTER in /etc/ecs/ecs.config (agent README "Environment variables";
// ECS-DG "Bootstrapping Amazon ECS Linux container instances to pass data"),
// Bottlerocket's settings.ecs.cluster, Windows' Initialize-ECSAgent
// -Cluster; without any, the agent's default cluster "default".
func TestClusterOfUserData(t *testing.T) {
	for _, tt := range []struct {
		name, text, want string
		unknown          bool
	}{
		{"echo into ecs.config", "#!/bin/bash\necho ECS_CLUSTER=prod >> /etc/ecs/ecs.config\n", "prod", false},
		{"quoted", "#!/bin/bash\necho \"ECS_CLUSTER=prod-1\" >> /etc/ecs/ecs.config", "prod-1", false},
		{"heredoc with other settings", "cat <<'EOF' >> /etc/ecs/ecs.config\nECS_CLUSTER=blue_green\nECS_ENABLE_TASK_IAM_ROLE=true\nEOF\n", "blue_green", false},
		{"no user data: the default cluster", "", "default", false},
		{"a script without agent configuration: the default cluster", "#!/bin/bash\nyum install -y htop\n", "default", false},
		{"the same cluster twice", "ECS_CLUSTER=a\necho ECS_CLUSTER=a >> /etc/ecs/ecs.config", "a", false},
		{"two clusters", "ECS_CLUSTER=a\nECS_CLUSTER=b", "", true},
		{"a shell variable", "echo ECS_CLUSTER=${CLUSTER} >> /etc/ecs/ecs.config", "", true},
		{"configuration copied from S3", "aws s3 cp s3://cfg/ecs.config /etc/ecs/ecs.config", "", true},
		{"Bottlerocket", "[settings.ecs]\ncluster = \"br\"\n", "br", false},
		{"Bottlerocket with another cluster setting", "[settings.ecs]\ncluster = \"br\"\n[settings.other]\ncluster = \"x\"\n", "", true},
		{"Windows", "<powershell>\nInitialize-ECSAgent -Cluster 'win' -EnableTaskIAMRole\n</powershell>", "win", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := launchSpec{unknown: map[string]string{}}
			got := clusterOfUserData("aws_instance.x", tt.text, &s)
			if got != tt.want || (s.unknown["Cluster"] != "") != tt.unknown {
				t.Errorf("cluster %q (unknown %q), want %q (unknown %v)", got, s.unknown["Cluster"], tt.want, tt.unknown)
			}
		})
	}
}

// TestLaunchDetails covers the attributes of launch templates, instances
// and instance profiles one at a time (AWS provider docs
// "aws_launch_template", "aws_instance", "aws_iam_instance_profile").
func TestLaunchDetails(t *testing.T) {
	b64 := "W3NldHRpbmdzLmVjc10KY2x1c3RlciA9ICJiciIK" // [settings.ecs] cluster = "br"
	cfg := `{"root_module":{"resources":[
	 {"address":"aws_launch_template.nic","mode":"managed","type":"aws_launch_template","name":"nic","expressions":{
	   "network_interfaces":[{"subnet_id":{"references":["aws_subnet.a.id","aws_subnet.a"]},"associate_public_ip_address":{"references":["var.public"]}}]}},
	 {"address":"aws_launch_template.gone","mode":"managed","type":"aws_launch_template","name":"gone","expressions":{
	   "network_interfaces":[{"subnet_id":{"references":["data.aws_subnet.gone.id","data.aws_subnet.gone"]}}],
	   "iam_instance_profile":[{"arn":{"references":["data.aws_iam_instance_profile.gone.arn","data.aws_iam_instance_profile.gone"]}}]}},
	 {"address":"aws_iam_instance_profile.late","mode":"managed","type":"aws_iam_instance_profile","name":"late","expressions":{"role":{"references":["data.aws_iam_role.gone.name","data.aws_iam_role.gone"]}}},
	 {"address":"aws_instance.late","mode":"managed","type":"aws_instance","name":"late","expressions":{"iam_instance_profile":{"references":["aws_iam_instance_profile.late.name","aws_iam_instance_profile.late"]},"associate_public_ip_address":{"references":["var.public"]}}},
	 {"address":"aws_ecs_capacity_provider.cp","mode":"managed","type":"aws_ecs_capacity_provider","name":"cp","expressions":{"auto_scaling_group_provider":[{"auto_scaling_group_arn":{"references":["aws_autoscaling_group.g.arn","aws_autoscaling_group.g"]}}]}},
	 {"address":"aws_ecs_cluster_capacity_providers.c","mode":"managed","type":"aws_ecs_cluster_capacity_providers","name":"c","expressions":{"cluster_name":{"references":["aws_ecs_cluster.c.name","aws_ecs_cluster.c"]}}}
	]}}`
	w := read(t, plan(t, []rc{
		{addr: "aws_subnet.a", after: map[string]any{"cidr_block": "10.0.1.0/24", "vpc_id": "vpc-0a"}, unknown: []string{"id"}},
		{addr: "aws_subnet.b", after: map[string]any{"id": "subnet-0b", "cidr_block": "10.1.1.0/24", "vpc_id": "vpc-0b"}, actions: []string{"no-op"}},
		{addr: "aws_iam_role.old", after: map[string]any{"name": "old-ecs", "arn": "arn:aws:iam::111122223333:role/ops/old-ecs", "assume_role_policy": "{}"}, actions: []string{"no-op"}},
		{addr: "aws_iam_instance_profile.named", after: map[string]any{"name": "named", "path": "/ops/", "role": "old-ecs"}, unknown: []string{"arn", "id"}},
		{addr: "aws_iam_instance_profile.empty", after: map[string]any{"name": "empty", "role": ""}, unknown: []string{"arn", "id"}},
		{addr: "aws_iam_instance_profile.other", after: map[string]any{"name": "other", "role": "made-by-hand"}, unknown: []string{"arn", "id"}},
		{addr: "aws_iam_instance_profile.late", after: map[string]any{"name": "late"}, unknown: []string{"arn", "id", "role"}},
		{addr: "aws_launch_template.nic", after: map[string]any{"iam_instance_profile": []any{map[string]any{"name": "named", "arn": nil}},
			"network_interfaces": []any{map[string]any{}}, "user_data": b64}, unknown: []string{"id", "arn"},
			au: map[string]any{"network_interfaces": []any{map[string]any{"subnet_id": true, "associate_public_ip_address": true, "security_groups": true}}}},
		{addr: "aws_launch_template.gone", after: map[string]any{"iam_instance_profile": []any{map[string]any{"name": nil}}, "network_interfaces": []any{map[string]any{"associate_public_ip_address": "true"}}, "user_data": "not base64!"},
			unknown: []string{"id", "arn"}, au: map[string]any{"iam_instance_profile": []any{map[string]any{"arn": true}}, "network_interfaces": []any{map[string]any{"subnet_id": true}}}},
		{addr: "aws_launch_template.bare", after: map[string]any{"iam_instance_profile": []any{}, "network_interfaces": []any{}, "vpc_security_group_ids": []any{"sg-0bare"}}, unknown: []string{"id", "arn"}},
		{addr: "aws_instance.empty", after: map[string]any{"iam_instance_profile": "empty", "subnet_id": "subnet-0b", "vpc_security_group_ids": []any{"sg-0e"}, "user_data_base64": b64}, unknown: []string{"id", "arn"}},
		{addr: "aws_instance.other", after: map[string]any{"iam_instance_profile": "other", "subnet_id": "subnet-0b", "vpc_security_group_ids": []any{}}, unknown: []string{"id", "arn"}},
		{addr: "aws_instance.late", after: map[string]any{"subnet_id": "subnet-0b", "vpc_security_group_ids": []any{"sg-0l"}}, unknown: []string{"id", "arn", "iam_instance_profile", "associate_public_ip_address"}},
		{addr: "aws_instance.old", after: map[string]any{"id": "i-0old", "iam_instance_profile": "", "subnet_id": "subnet-0b", "vpc_security_group_ids": []any{"sg-0o"},
			"user_data": "1b8f2e6d9a7c3b5e4f0a1d2c3b4a5f6e7d8c9b0a"}, actions: []string{"no-op"}},
		{addr: "aws_autoscaling_group.g", after: map[string]any{"name": "g", "vpc_zone_identifier": []any{"subnet-0x", "subnet-0y"}, "launch_template": []any{map[string]any{"name": "gone"}}}, unknown: []string{"id", "arn"}},
		{addr: "aws_launch_template.gone2", after: map[string]any{"name": "gone", "iam_instance_profile": []any{}, "network_interfaces": []any{}, "user_data": nil}, unknown: []string{"id", "arn"}, au: map[string]any{"user_data": true}},
		{addr: "aws_ecs_capacity_provider.cp", after: map[string]any{"name": "cp", "auto_scaling_group_provider": []any{map[string]any{}}}, unknown: []string{"id", "arn"},
			au: map[string]any{"auto_scaling_group_provider": []any{map[string]any{"auto_scaling_group_arn": true}}}},
		{addr: "aws_ecs_cluster.c", after: map[string]any{"name": "blue"}, unknown: []string{"id", "arn"}},
		{addr: "aws_ecs_cluster_capacity_providers.c", after: map[string]any{"cluster_name": "blue", "capacity_providers": []any{"cp"}}, unknown: []string{"id"}},
	}, placed, cfg, map[string]any{}))
	get := func(k string) *world.InstanceGroup {
		g := w.InstanceGroups.Get(k)
		if g == nil {
			t.Fatalf("no instance group %s among %v", k, w.InstanceGroups.Keys())
		}
		return g
	}
	nic, gone, bare := get("aws_launch_template.nic"), get("aws_launch_template.gone"), get("aws_launch_template.bare")
	empty, other, late, old, g := get("aws_instance.empty"), get("aws_instance.other"), get("aws_instance.late"), get("aws_instance.old"), get("aws_autoscaling_group.g")
	check(t, cases{
		{"template: profile by name, ARN built with its path", nic.InstanceProfileArn, "arn:aws:iam::111122223333:instance-profile/ops/named"},
		{"profile naming a role of the plan by name: that role's key", nic.RoleArn, "arn:aws:iam::111122223333:role/ops/old-ecs"},
		{"template: the network interface's subnet", nic.Subnets, []string{"aws_subnet.a"}},
		{"template: public address known only after apply", nic.Unknown["AssociatePublicIp"] != "" && nic.AssociatePublicIp == nil, true},
		{"template: Bottlerocket user data", nic.Cluster, "br"},
		{"template: a subnet from a data source read at apply", strings.Contains(gone.Unknown["Subnets"], "data.aws_subnet.gone"), true},
		{"template: a profile ARN from a data source read at apply", world.IsUnresolved(gone.RoleArn) && strings.Contains(gone.Unknown["RoleArn"], "data.aws_iam_instance_profile.gone"), true},
		{"template: associate_public_ip_address \"true\"", ptrText(gone.AssociatePublicIp), "true"},
		{"template: user data that is not base64", strings.Contains(gone.Unknown["Cluster"], "not base64"), true},
		{"template without a profile: no role", bare.RoleArn, ""},
		{"template: vpc_security_group_ids without a network interface", bare.SecurityGroups, []string{"sg-0bare"}},
		{"instance: a profile without a role", []string{empty.InstanceProfileArn, empty.RoleArn}, []string{"arn:aws:iam::111122223333:instance-profile/empty", ""}},
		{"instance: user_data_base64", empty.Cluster, "br"},
		{"instance: a profile whose role is not in the plan", world.IsUnresolved(other.RoleArn) && strings.Contains(other.Unknown["RoleArn"], `"made-by-hand"`), true},
		{"instance: no security group: the VPC's default group", other.SecurityGroups, []string{"vpc-0b.default_security_group_id"}},
		{"instance: a profile whose role is known only after apply", world.IsUnresolved(late.RoleArn) && strings.Contains(late.Unknown["RoleArn"], "data.aws_iam_role.gone"), true},
		{"instance: configured public address known only after apply", late.Unknown["AssociatePublicIp"] != "", true},
		{"existing instance: a user_data hash says nothing", old.Cluster == "" && old.Unknown["Cluster"] != "", true},
		{"group by template name; capacity provider and its cluster named where the cluster is unknown", []any{g.CapacityProvider, strings.Contains(g.Unknown["Cluster"], "capacity provider cp is in cluster blue")}, []any{"cp", true}},
		{"group over subnets of VPCs not in the plan: default group unknown", g.Unknown["SecurityGroups"] != "", true},
	})
}
