package cloudformation

import (
	"slices"
	"strings"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/world"
)

// TestInstanceGroups reads EC2 container instances (world.InstanceGroup)
// from the CFN resources that describe them: AWS::IAM::InstanceProfile
// (Roles), AWS::EC2::LaunchTemplate (LaunchTemplateData), AWS::AutoScaling::
// LaunchConfiguration, AWS::AutoScaling::AutoScalingGroup
// (VPCZoneIdentifier), AWS::EC2::Instance and AWS::ECS::CapacityProvider
// (AutoScalingGroupProvider.AutoScalingGroupArn). The cluster is
// ECS_CLUSTER in the user data, else "default" (ECS-DG "Amazon ECS
// container agent configuration").
func TestInstanceGroups(t *testing.T) {
	const role = "  InstanceRole: {Type: AWS::IAM::Role, Properties: {AssumeRolePolicyDocument: {}, ManagedPolicyArns: ['arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role']}}\n  Profile: {Type: AWS::IAM::InstanceProfile, Properties: {Roles: [!Ref InstanceRole]}}\n  Cluster: {Type: AWS::ECS::Cluster, Properties: {ClusterName: prod}}\n"
	const roleArn = "arn:aws:iam::123456789012:role/stack-InstanceRole"
	bp := func(b bool) *bool { return &b }
	cases := []struct {
		name    string
		res     string
		group   string
		want    world.InstanceGroup
		unknown []string // fields of Unknown
	}{
		{
			name: "Auto Scaling group with a launch template, ECS_CLUSTER from Fn::Sub, capacity provider",
			res: role + `  Lt:
    Type: AWS::EC2::LaunchTemplate
    Properties:
      LaunchTemplateData:
        IamInstanceProfile: {Arn: !GetAtt Profile.Arn}
        SecurityGroupIds: [sg-1]
        UserData: !Base64 {"Fn::Sub": "#!/bin/bash\necho ECS_CLUSTER=${Cluster} >> /etc/ecs/ecs.config\n"}
  Asg:
    Type: AWS::AutoScaling::AutoScalingGroup
    Properties: {MinSize: '1', MaxSize: '2', VPCZoneIdentifier: [subnet-a, subnet-b], LaunchTemplate: {LaunchTemplateId: !Ref Lt, Version: !GetAtt Lt.LatestVersionNumber}}
  Cp: {Type: AWS::ECS::CapacityProvider, Properties: {Name: cp, AutoScalingGroupProvider: {AutoScalingGroupArn: !Ref Asg}}}
`,
			group: "stack-Asg",
			want:  world.InstanceGroup{Cluster: "prod", CapacityProvider: "cp", InstanceProfileArn: "arn:aws:iam::123456789012:instance-profile/stack-Profile", RoleArn: roleArn, Subnets: []string{"subnet-a", "subnet-b"}, SecurityGroups: []string{"sg-1"}},
		},
		{
			name: "launch configuration without ECS_CLUSTER joins default, public IP on",
			res: role + `  Lc: {Type: AWS::AutoScaling::LaunchConfiguration, Properties: {ImageId: ami-1, InstanceType: t3.small, IamInstanceProfile: !Ref Profile, SecurityGroups: [sg-2], AssociatePublicIpAddress: true, UserData: !Base64 "#!/bin/bash\nyum update -y\n"}}
  Asg: {Type: AWS::AutoScaling::AutoScalingGroup, Properties: {AutoScalingGroupName: ecs, MinSize: '1', MaxSize: '1', VPCZoneIdentifier: [subnet-c], LaunchConfigurationName: !Ref Lc}}
`,
			group: "ecs",
			want:  world.InstanceGroup{Cluster: "default", InstanceProfileArn: "arn:aws:iam::123456789012:instance-profile/stack-Profile", RoleArn: roleArn, Subnets: []string{"subnet-c"}, SecurityGroups: []string{"sg-2"}, AssociatePublicIp: bp(true)},
		},
		{
			// CFN reference AWS::ECS::CapacityProvider: a provider whose kind
			// the template does not show leaves the rest of the template read.
			name: "a capacity provider of neither kind first does not stop the reading",
			res: `  Aaa: {Type: AWS::ECS::CapacityProvider, Properties: {Name: !Ref Boot}}
` + role + `  Zlc: {Type: AWS::AutoScaling::LaunchConfiguration, Properties: {ImageId: ami-1, InstanceType: t3.small, IamInstanceProfile: !Ref Profile, SecurityGroups: [sg-2]}}
  Zasg: {Type: AWS::AutoScaling::AutoScalingGroup, Properties: {AutoScalingGroupName: ecs, MinSize: '1', MaxSize: '1', VPCZoneIdentifier: [subnet-c], LaunchConfigurationName: !Ref Zlc}}
`,
			group: "ecs",
			want:  world.InstanceGroup{Cluster: "default", InstanceProfileArn: "arn:aws:iam::123456789012:instance-profile/stack-Profile", RoleArn: roleArn, Subnets: []string{"subnet-c"}, SecurityGroups: []string{"sg-2"}},
		},
		{
			name:    "instance with a profile the template does not create: role unknown",
			res:     "  Box: {Type: AWS::EC2::Instance, Properties: {ImageId: ami-1, SubnetId: subnet-d, SecurityGroupIds: [sg-3], IamInstanceProfile: ecsInstanceRole}}\n",
			group:   "i-Box",
			want:    world.InstanceGroup{Cluster: "default", InstanceProfileArn: "ecsInstanceRole", RoleArn: world.Unresolved("role of instance profile ecsInstanceRole, which the template does not create"), Subnets: []string{"subnet-d"}, SecurityGroups: []string{"sg-3"}},
			unknown: []string{"RoleArn"},
		},
		{
			name: "imported subnets and user data from a parameter without a value",
			res: role + `  Lt:
    Type: AWS::EC2::LaunchTemplate
    Properties:
      LaunchTemplateData:
        IamInstanceProfile: {Name: !Ref Profile}
        NetworkInterfaces: [{DeviceIndex: 0, AssociatePublicIpAddress: false, Groups: [sg-4]}]
        UserData: !Base64 {"Fn::Sub": "#!/bin/bash\n${Boot}\n"}
  Asg: {Type: AWS::AutoScaling::AutoScalingGroup, Properties: {AutoScalingGroupName: ecs, MinSize: '1', MaxSize: '1', VPCZoneIdentifier: !Split [',', !ImportValue subnets], LaunchTemplate: {LaunchTemplateName: !Ref Lt, Version: '1'}}}
`,
			group:   "ecs",
			want:    world.InstanceGroup{InstanceProfileArn: "arn:aws:iam::123456789012:instance-profile/stack-Profile", RoleArn: roleArn, Subnets: []string{world.Unresolved(`Fn::ImportValue "subnets"`)}, SecurityGroups: []string{"sg-4"}, AssociatePublicIp: bp(false)},
			unknown: []string{"Cluster", "Subnets"},
		},
		{
			name:    "a launch template no group uses is a group of its own",
			res:     "  Lt: {Type: AWS::EC2::LaunchTemplate, Properties: {LaunchTemplateName: ecs-lt, LaunchTemplateData: {IamInstanceProfile: {Arn: !ImportValue profile-arn}, UserData: !Base64 'ECS_CLUSTER=batch'}}}\n",
			group:   "lt-Lt",
			want:    world.InstanceGroup{Cluster: "batch", InstanceProfileArn: world.Unresolved(`Fn::ImportValue "profile-arn"`), RoleArn: world.Unresolved("role of instance profile " + world.Unresolved(`Fn::ImportValue "profile-arn"`))},
			unknown: []string{"RoleArn"},
		},
		{
			name:  "instance with its primary interface: subnet, GroupSet and public IP from DeviceIndex 0",
			res:   "  Box: {Type: AWS::EC2::Instance, Properties: {ImageId: ami-1, IamInstanceProfile: !Ref Profile, NetworkInterfaces: [{DeviceIndex: 1, SubnetId: subnet-x, GroupSet: [sg-x]}, {DeviceIndex: '0', SubnetId: subnet-e, GroupSet: [sg-5], AssociatePublicIpAddress: true}], UserData: !Base64 'ECS_CLUSTER=web'}}\n" + role,
			group: "i-Box",
			want:  world.InstanceGroup{Cluster: "web", InstanceProfileArn: "arn:aws:iam::123456789012:instance-profile/stack-Profile", RoleArn: roleArn, Subnets: []string{"subnet-e"}, SecurityGroups: []string{"sg-5"}, AssociatePublicIp: bp(true)},
		},
		{
			name:  "launch configuration with ECS_CLUSTER; the primary interface listed first",
			res:   role + "  Lc: {Type: AWS::AutoScaling::LaunchConfiguration, Properties: {ImageId: ami-1, InstanceType: t3.small, IamInstanceProfile: !Ref Profile, SecurityGroups: [sg-2], UserData: !Base64 'ECS_CLUSTER=green'}}\n  Asg: {Type: AWS::AutoScaling::AutoScalingGroup, Properties: {AutoScalingGroupName: ecs, MinSize: '1', MaxSize: '1', VPCZoneIdentifier: [subnet-c], LaunchConfigurationName: !Ref Lc}}\n  Box: {Type: AWS::EC2::Instance, Properties: {ImageId: ami-1, NetworkInterfaces: [{DeviceIndex: 0, SubnetId: subnet-p, GroupSet: [sg-p]}, {DeviceIndex: 1, SubnetId: subnet-q, GroupSet: [sg-q], AssociatePublicIpAddress: true}]}}\n",
			group: "ecs",
			want:  world.InstanceGroup{Cluster: "green", InstanceProfileArn: "arn:aws:iam::123456789012:instance-profile/stack-Profile", RoleArn: roleArn, Subnets: []string{"subnet-c"}, SecurityGroups: []string{"sg-2"}},
		},
		{
			name:  "an instance's second interface does not place it",
			res:   "  Box: {Type: AWS::EC2::Instance, Properties: {ImageId: ami-1, NetworkInterfaces: [{DeviceIndex: 0, SubnetId: subnet-p, GroupSet: [sg-p]}, {DeviceIndex: 1, SubnetId: subnet-q, GroupSet: [sg-q], AssociatePublicIpAddress: true}]}}\n",
			group: "i-Box",
			want:  world.InstanceGroup{Cluster: "default", Subnets: []string{"subnet-p"}, SecurityGroups: []string{"sg-p"}},
		},
		{
			name:    "Auto Scaling group with a launch template the template does not create: all unknown",
			res:     "  Asg: {Type: AWS::AutoScaling::AutoScalingGroup, Properties: {AutoScalingGroupName: ecs, MinSize: '1', MaxSize: '1', VPCZoneIdentifier: [subnet-f], LaunchTemplate: {LaunchTemplateId: lt-0123456789abcdef0, Version: '3'}}}\n",
			group:   "ecs",
			want:    world.InstanceGroup{InstanceProfileArn: world.Unresolved("launch template lt-0123456789abcdef0, which the template does not create"), RoleArn: world.Unresolved("role of instance profile " + world.Unresolved("launch template lt-0123456789abcdef0, which the template does not create")), Subnets: []string{"subnet-f"}},
			unknown: []string{"AssociatePublicIp", "Cluster", "RoleArn", "SecurityGroups"},
		},
		{
			name:    "Auto Scaling group with a launch configuration the template does not create",
			res:     "  Asg: {Type: AWS::AutoScaling::AutoScalingGroup, Properties: {AutoScalingGroupName: ecs, MinSize: '1', MaxSize: '1', VPCZoneIdentifier: [subnet-f], LaunchConfigurationName: old-lc}}\n",
			group:   "ecs",
			want:    world.InstanceGroup{InstanceProfileArn: world.Unresolved("launch configuration old-lc, which the template does not create"), RoleArn: world.Unresolved("role of instance profile " + world.Unresolved("launch configuration old-lc, which the template does not create")), Subnets: []string{"subnet-f"}},
			unknown: []string{"AssociatePublicIp", "Cluster", "RoleArn", "SecurityGroups"},
		},
		{
			name: "MixedInstancesPolicy launch template; a profile whose role is imported",
			res: `  Profile: {Type: AWS::IAM::InstanceProfile, Properties: {InstanceProfileName: ecs-profile, Roles: [!ImportValue shared-InstanceRoleName]}}
  Lt: {Type: AWS::EC2::LaunchTemplate, Properties: {LaunchTemplateName: ecs-lt, LaunchTemplateData: {IamInstanceProfile: {Name: ecs-profile}, SecurityGroupIds: [sg-6]}}}
  Asg: {Type: AWS::AutoScaling::AutoScalingGroup, Properties: {AutoScalingGroupName: ecs, MinSize: '1', MaxSize: '1', VPCZoneIdentifier: [subnet-g], MixedInstancesPolicy: {LaunchTemplate: {LaunchTemplateSpecification: {LaunchTemplateName: ecs-lt, Version: '1'}}}}}
  Cp: {Type: AWS::ECS::CapacityProvider, Properties: {AutoScalingGroupProvider: {AutoScalingGroupArn: 'arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:0a1b:autoScalingGroupName/ecs'}}}
`,
			group:   "ecs",
			want:    world.InstanceGroup{Cluster: "default", CapacityProvider: "stack-Cp", InstanceProfileArn: "arn:aws:iam::123456789012:instance-profile/ecs-profile", RoleArn: world.Unresolved(`Fn::ImportValue "shared-InstanceRoleName"`), Subnets: []string{"subnet-g"}, SecurityGroups: []string{"sg-6"}},
			unknown: []string{"RoleArn"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := mustRead(t, "Parameters:\n  Boot: {Type: String}\nResources:\n"+tc.res, docEnv...)
			g, found, _ := w.InstanceGroups.Lookup(tc.group)
			if !found {
				t.Fatalf("no group %q; groups %q", tc.group, w.InstanceGroups.Keys())
			}
			if g.Cluster != tc.want.Cluster || g.CapacityProvider != tc.want.CapacityProvider || g.InstanceProfileArn != tc.want.InstanceProfileArn || g.RoleArn != tc.want.RoleArn {
				t.Errorf("cluster %q cp %q profile %q role %q\nwant %q %q %q %q", g.Cluster, g.CapacityProvider, g.InstanceProfileArn, g.RoleArn, tc.want.Cluster, tc.want.CapacityProvider, tc.want.InstanceProfileArn, tc.want.RoleArn)
			}
			if !slices.Equal(g.Subnets, tc.want.Subnets) || !slices.Equal(g.SecurityGroups, tc.want.SecurityGroups) || !equalBool(g.AssociatePublicIp, tc.want.AssociatePublicIp) {
				t.Errorf("subnets %q groups %q public %s, want %q %q %s", g.Subnets, g.SecurityGroups, show(g.AssociatePublicIp), tc.want.Subnets, tc.want.SecurityGroups, show(tc.want.AssociatePublicIp))
			}
			var unknown []string
			for k, why := range g.Unknown {
				unknown = append(unknown, k)
				if !strings.Contains(why, "stack.yaml") && !strings.Contains(why, "--snapshot") {
					t.Errorf("Unknown[%s] = %q does not say where or how to supply it", k, why)
				}
			}
			slices.Sort(unknown)
			if !slices.Equal(unknown, tc.unknown) {
				t.Errorf("unknown %q, want %q", unknown, tc.unknown)
			}
			if g.Origin.File != "stack.yaml" || g.Origin.Line == 0 {
				t.Errorf("origin %+v", g.Origin)
			}
		})
	}
}

// TestECSCluster reads ECS_CLUSTER the way the agent's configuration file
// sets it (ECS-DG "Amazon ECS container agent configuration").
func TestECSCluster(t *testing.T) {
	for _, tc := range []struct {
		name      string
		ud        val
		has       bool
		want      string
		wantKnown bool
	}{
		{"no user data: the agent's default", val{}, false, "default", true},
		{"base64 with ECS_CLUSTER", str("ZWNobyBFQ1NfQ0xVU1RFUj1wcm9kID4+IC9ldGMvZWNzL2Vjcy5jb25maWc=", 0, 0), true, "prod", true},
		{"quoted value", str(`echo "ECS_CLUSTER=blue"`, 0, 0), true, "blue", true},
		{"resolved user data without ECS_CLUSTER", str("IyEvYmluL2Jhc2g=", 0, 0), true, "default", true},
		{"unresolved user data without ECS_CLUSTER: unknown", str("#!/bin/bash\n"+world.Unresolved(`parameter "Boot"`), 0, 0), true, "", false},
		{"ECS_CLUSTER from a stand-in", str("ECS_CLUSTER="+world.Unresolved(`Fn::ImportValue "cluster"`)+"\n", 0, 0), true, world.Unresolved(`Fn::ImportValue "cluster"`), true},
		{"empty ECS_CLUSTER= is unknown", str("RUNFOO=1 ECS_CLUSTER= \n", 0, 0), true, "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, known := ecsCluster(tc.ud, tc.has)
			if got != tc.want || known != tc.wantKnown {
				t.Fatalf("got %q %v, want %q %v", got, known, tc.want, tc.wantKnown)
			}
		})
	}
}
