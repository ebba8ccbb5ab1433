package tfplan

import (
	"encoding/base64"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/ecs-preflight/ecs-preflight/world"
)

// capacityTypes are the resource types that fill World.InstanceGroups.
var capacityTypes = []string{"aws_autoscaling_group", "aws_launch_template", "aws_launch_configuration", "aws_instance"}

// launchSpec is what a launch template, launch configuration or instance
// says about the container instances it launches.
type launchSpec struct {
	profileArn, roleArn string
	subnets, groups     []string
	publicIP            *bool
	cluster             string
	unknown             map[string]string
}

// buildInstanceGroups reads the EC2 capacity of ECS clusters: Auto Scaling
// groups with their launch template or configuration, launch templates no
// group of the plan uses, and single instances. On the EC2 launch type the
// container agent uses the container instance role and the instance's
// network (ECS-DG "Amazon ECS container instance IAM role"; ECS-DG "Amazon
// ECS task execution IAM role").
func (r *reader) buildInstanceGroups() {
	providers := r.capacityProviders() // files World.CapacityProviders too
	if len(r.each(capacityTypes...)) == 0 {
		return
	}
	r.w.InstanceGroups = world.NewSet[world.InstanceGroup](setSource, false)
	used := map[*inst]bool{}
	for _, in := range r.each("aws_autoscaling_group") {
		if in.data {
			continue
		}
		g := r.newGroup(in)
		spec, lt := r.asgLaunch(in)
		if lt != nil {
			used[lt] = true
		}
		applySpec(g, spec)
		// EC2 Auto Scaling UG "Create an Auto Scaling group using a launch
		// template": vpc_zone_identifier lists the subnets the group
		// launches into; a subnet the template fixes wins.
		if len(g.Subnets) == 0 {
			subs, ok, why := r.list(in, []string{"aws_subnet"}, "vpc_zone_identifier")
			if !ok {
				g.Unknown["Subnets"] = why
			}
			g.Subnets = subs
		}
		if cp := providers[in]; cp != nil {
			g.CapacityProvider = cp.name
			if g.Cluster == "" && g.Unknown["Cluster"] != "" && cp.cluster != "" {
				g.Unknown["Cluster"] += "; capacity provider " + cp.name + " is in cluster " + cp.cluster
			}
		}
		r.finishGroup(g)
	}
	for _, in := range r.each("aws_launch_template", "aws_launch_configuration") {
		if in.data || used[in] {
			continue
		}
		g := r.newGroup(in)
		applySpec(g, r.launchSpecOf(in))
		if len(g.Subnets) == 0 {
			g.Unknown["Subnets"] = "the subnets of the instances launched from " + in.addr + " (no Auto Scaling group in the plan uses it)"
		}
		r.finishGroup(g)
	}
	for _, in := range r.each("aws_instance") {
		if in.data {
			continue
		}
		g := r.newGroup(in)
		applySpec(g, r.launchSpecOf(in))
		r.finishGroup(g)
	}
}

func (r *reader) newGroup(in *inst) *world.InstanceGroup {
	name := in.str("name")
	if name == "" {
		name = in.addr
	}
	return &world.InstanceGroup{Name: name, Unknown: map[string]string{}, Origin: r.origin(in)}
}

// applySpec copies a launch specification into a group.
func applySpec(g *world.InstanceGroup, s launchSpec) {
	g.InstanceProfileArn, g.RoleArn = s.profileArn, s.roleArn
	g.Subnets, g.SecurityGroups, g.AssociatePublicIp = s.subnets, s.groups, s.publicIP
	g.Cluster = s.cluster
	for k, v := range s.unknown {
		g.Unknown[k] = v
	}
}

// finishGroup fills defaults that need the subnets and files the group
// under its address.
func (r *reader) finishGroup(g *world.InstanceGroup) {
	if len(g.SecurityGroups) == 0 && g.Unknown["SecurityGroups"] == "" {
		// VPC-UG "Default security groups for your VPCs": an instance
		// launched without a security group gets the VPC's default group.
		vpcs := map[string]bool{}
		for _, s := range g.Subnets {
			if sn := r.w.Subnets.Get(s); sn != nil && sn.VpcId != "" {
				vpcs[sn.VpcId] = true
			}
		}
		switch {
		case len(vpcs) == 1:
			for v := range vpcs {
				g.SecurityGroups = []string{r.defaultSGOf(v)}
			}
		case len(g.Subnets) > 0:
			g.Unknown["SecurityGroups"] = "the default security group of the VPC of subnets " + strings.Join(g.Subnets, ", ")
		}
	}
	if len(g.Unknown) == 0 {
		g.Unknown = nil
	}
	r.w.InstanceGroups.Put(g.Origin.Path, g)
}

// capProvider is an aws_ecs_capacity_provider and the cluster that uses it.
type capProvider struct {
	name, cluster string
}

// capacityProviders maps each Auto Scaling group of the plan to the
// capacity provider that names it (auto_scaling_group_provider.
// auto_scaling_group_arn), with the cluster aws_ecs_cluster_capacity_providers
// gives the provider.
func (r *reader) capacityProviders() map[*inst]*capProvider {
	clusterOf := map[string]string{}
	for _, in := range r.each("aws_ecs_cluster_capacity_providers") {
		cluster, ok, _ := r.str(in, []string{"aws_ecs_cluster"}, "cluster_name")
		if !ok {
			continue
		}
		names, _, _ := r.strs(in, []string{"aws_ecs_capacity_provider"}, "capacity_providers")
		for _, n := range names {
			clusterOf[n] = cluster
		}
	}
	out := map[*inst]*capProvider{}
	for _, in := range r.each("aws_ecs_capacity_provider") {
		if in.data {
			continue
		}
		name, _, _ := r.str(in, nil, "name")
		cp := &capProvider{name: name, cluster: clusterOf[name]}
		// ECS API "CreateCapacityProvider": autoScalingGroupProvider or
		// managedInstancesProvider says what capacity the provider is,
		// whether or not its instances are in the plan.
		asgN, _ := in.blocks("auto_scaling_group_provider")
		miN, _ := in.blocks("managed_instances_provider")
		if name != "" && !world.IsUnresolved(name) && asgN+miN > 0 {
			r.w.CapacityProviders.Put(name, &world.CapacityProvider{Name: name, ManagedInstances: miN > 0, Origin: r.origin(in)})
		}
		for _, asg := range r.linked(in, []string{"aws_autoscaling_group"}, "auto_scaling_group_provider", 0, "auto_scaling_group_arn") {
			out[asg] = cp
		}
	}
	return out
}

// linked returns the instances of the given types an attribute of in names:
// by a known value equal to their name, id or ARN, else by reference.
func (r *reader) linked(in *inst, types []string, path ...any) []*inst {
	var out []*inst
	if v, ok := in.get(path...); ok && !hasUnknown(r.unknownAt(in, path...)) {
		for _, s := range strings1(v) {
			for _, c := range r.each(types...) {
				if s != "" && !slices.Contains(out, c) && (c.str("name") == s || c.str("id") == s || c.str("arn") == s) {
					out = append(out, c)
				}
			}
		}
		return out
	}
	if e := r.expr(in, path...); e != nil {
		res := r.resolveExpr(in.scope, in.module, in.index, e, 0)
		for _, l := range res.links {
			if slices.Contains(types, l.in.typ) && !slices.Contains(out, l.in) {
				out = append(out, l.in)
			}
		}
	}
	return out
}

// asgLaunch returns the launch specification of an Auto Scaling group: its
// launch_template, the launch template of mixed_instances_policy, or its
// launch_configuration; and the template or configuration it uses.
func (r *reader) asgLaunch(in *inst) (launchSpec, *inst) {
	type src struct {
		path  []any
		types []string
	}
	spec := []any{"mixed_instances_policy", 0, "launch_template", 0, "launch_template_specification", 0}
	for _, s := range []src{
		{[]any{"launch_template", 0, "id"}, []string{"aws_launch_template"}},
		{[]any{"launch_template", 0, "name"}, []string{"aws_launch_template"}},
		{append(slices.Clone(spec), "launch_template_id"), []string{"aws_launch_template"}},
		{append(slices.Clone(spec), "launch_template_name"), []string{"aws_launch_template"}},
		{[]any{"launch_configuration"}, []string{"aws_launch_configuration"}},
	} {
		if lts := r.linked(in, s.types, s.path...); len(lts) == 1 {
			return r.launchSpecOf(lts[0]), lts[0]
		}
	}
	why := in.addr + ": its launch template or launch configuration is not in the plan"
	return launchSpec{unknown: map[string]string{"RoleArn": why, "SecurityGroups": why, "Cluster": why}}, nil
}

// launchSpecOf reads a launch template, launch configuration or instance.
func (r *reader) launchSpecOf(in *inst) launchSpec {
	s := launchSpec{unknown: map[string]string{}}
	r.profileOf(in, &s)
	switch in.typ {
	case "aws_launch_template":
		// EC2-UG "Launch template parameters": with a network interface
		// block, the primary interface's security groups, subnet and public
		// address come from it; else from vpc_security_group_ids.
		if n, _ := in.blocks("network_interfaces"); n > 0 {
			s.groups = r.groupList(in, &s, "network_interfaces", 0, "security_groups")
			if in.str("network_interfaces", 0, "subnet_id") != "" || r.configured(in, "network_interfaces", 0, "subnet_id") {
				sub, ok, why := r.str(in, []string{"aws_subnet"}, "network_interfaces", 0, "subnet_id")
				if !ok {
					s.unknown["Subnets"] = why
				}
				s.subnets = []string{sub}
			}
			// The provider types associate_public_ip_address as a string:
			// "true", "false", or null when not set.
			switch v, ok := in.get("network_interfaces", 0, "associate_public_ip_address"); {
			case !ok:
				s.unknown["AssociatePublicIp"] = in.addr + ".network_interfaces[0].associate_public_ip_address (known only after apply)"
			default:
				if b, err := strconv.ParseBool(str(v)); err == nil {
					s.publicIP = &b
				} else if b, isBool := v.(bool); isBool {
					s.publicIP = &b
				}
			}
		} else {
			s.groups = r.groupList(in, &s, "vpc_security_group_ids")
		}
		s.cluster = r.agentCluster(in, &s, "user_data")
	case "aws_launch_configuration":
		s.groups = r.groupList(in, &s, "security_groups")
		s.publicIP = r.optBool(in, &s, "associate_public_ip_address")
		s.cluster = r.userDataCluster(in, &s)
	case "aws_instance":
		s.groups = r.groupList(in, &s, "vpc_security_group_ids")
		sub, ok, why := r.str(in, []string{"aws_subnet"}, "subnet_id")
		if !ok {
			s.unknown["Subnets"] = why
		}
		if sub != "" {
			s.subnets = []string{sub}
		}
		s.publicIP = r.optBool(in, &s, "associate_public_ip_address")
		s.cluster = r.userDataCluster(in, &s)
	}
	return s
}

// optBool reads a bool the provider computes when not configured: nil when
// not set, so that the subnet's setting decides.
func (r *reader) optBool(in *inst, s *launchSpec, attr string) *bool {
	if b, ok := in.boolAttr(attr); ok {
		return &b
	}
	if r.configured(in, attr) {
		s.unknown["AssociatePublicIp"] = in.addr + "." + attr + " (known only after apply)"
	}
	return nil
}

// groupList reads a list of security group ids; nil when a created
// resource does not set it.
func (r *reader) groupList(in *inst, s *launchSpec, path ...any) []string {
	if v, ok := in.get(path...); ok && v == nil {
		return nil
	}
	if !in.known(path...) && !r.configured(in, path...) && in.created {
		return nil
	}
	vals, ok, why := r.list(in, []string{"aws_security_group", "aws_default_security_group"}, path...)
	if !ok {
		s.unknown["SecurityGroups"] = why
	}
	return vals
}

// profileOf reads the instance profile of a launch template (the
// iam_instance_profile block: arn or name), launch configuration or
// instance (iam_instance_profile: a name, or an ARN) and the role it holds.
func (r *reader) profileOf(in *inst, s *launchSpec) {
	var paths [][]any
	if in.typ == "aws_launch_template" {
		if n, known := in.blocks("iam_instance_profile"); known && n == 0 {
			return
		}
		paths = [][]any{{"iam_instance_profile", 0, "arn"}, {"iam_instance_profile", 0, "name"}}
	} else {
		paths = [][]any{{"iam_instance_profile"}}
	}
	types := []string{"aws_iam_instance_profile"}
	for _, p := range paths {
		if ps := r.linked(in, types, p...); len(ps) == 1 {
			s.profileArn = r.profileArn(ps[0])
			s.roleArn = r.profileRole(ps[0], s)
			return
		}
	}
	for _, p := range paths {
		v, ok := in.get(p...)
		if !ok {
			why := in.addr + "." + attrPath(p) + " (known only after apply)"
			if e := r.expr(in, p...); e != nil {
				_, _, why = r.fromExpr(in, e, types, why)
			}
			s.profileArn, s.roleArn = world.Unresolved(why), world.Unresolved(why)
			s.unknown["RoleArn"] = why
			return
		}
		if name := str(v); name != "" {
			// A profile the plan does not manage: its role is not in the
			// plan.
			why := "the role of instance profile " + strconv.Quote(name) + " (not in the plan)"
			s.profileArn, s.roleArn = name, world.Unresolved(why)
			s.unknown["RoleArn"] = why
			return
		}
	}
	// No instance profile: the instances have no role.
}

// profileArn is an instance profile's ARN: known, built as IAM builds it
// (IAM-UG "IAM identifiers": arn:PARTITION:iam::ACCOUNT:instance-profile/
// PATH/NAME), or its stand-in.
func (r *reader) profileArn(p *inst) string {
	if v := p.str("arn"); v != "" {
		return v
	}
	if name := p.str("name"); name != "" && r.w.AccountID != "" {
		return "arn:" + r.partition() + ":iam::" + r.w.AccountID + ":instance-profile" + iamPath(p.str("path")) + name
	}
	return standIn(p)
}

// profileRole is the ARN of the role an instance profile holds: for a role
// of the plan, the key buildIAM files it under, so that its policies are
// found; for a role not in the plan, a stand-in.
func (r *reader) profileRole(p *inst, s *launchSpec) string {
	if v := p.str("role_arn"); p.data && v != "" {
		// data.aws_iam_instance_profile exports the role's ARN.
		return v
	}
	if roles := r.linked(p, []string{"aws_iam_role"}, "role"); len(roles) == 1 {
		arn, ok, why := r.str(roles[0], nil, "arn")
		if !ok {
			s.unknown["RoleArn"] = why
		}
		return arn
	}
	v, ok := p.get("role")
	switch {
	case !ok:
		why := p.addr + ".role (known only after apply)"
		if e := r.expr(p, "role"); e != nil {
			_, _, why = r.fromExpr(p, e, []string{"aws_iam_role"}, why)
		}
		s.unknown["RoleArn"] = why
		return world.Unresolved(why)
	case str(v) == "":
		return ""
	}
	why := "IAM role " + strconv.Quote(str(v)) + " of " + p.addr + " (not in the plan)"
	s.unknown["RoleArn"] = why
	return world.Unresolved(why)
}

// userDataCluster reads the cluster from the user data of an instance or
// launch configuration. The provider plans a hash of user_data, not the
// text (AWS provider docs "aws_instance": user_data is stored hashed), so the
// text comes from user_data_base64 or the configuration's constant.
func (r *reader) userDataCluster(in *inst, s *launchSpec) string {
	if in.str("user_data_base64") != "" || r.configured(in, "user_data_base64") {
		return r.agentCluster(in, s, "user_data_base64")
	}
	if e := r.expr(in, "user_data"); e != nil {
		if txt, isStr := e.ConstantValue.(string); isStr {
			return clusterOfUserData(in.addr, txt, s)
		}
		s.unknown["Cluster"] = in.addr + ".user_data (its text is not in the plan)"
		return ""
	}
	if in.created || in.str("user_data") == "" {
		return clusterOfUserData(in.addr, "", s)
	}
	s.unknown["Cluster"] = in.addr + ".user_data (its text is not in the plan)"
	return ""
}

// agentCluster reads the cluster from a base64 user data attribute.
func (r *reader) agentCluster(in *inst, s *launchSpec, attr string) string {
	v, ok := in.get(attr)
	if !ok {
		s.unknown["Cluster"] = in.addr + "." + attr + " (known only after apply)"
		return ""
	}
	dec, err := base64.StdEncoding.DecodeString(str(v))
	if err != nil {
		s.unknown["Cluster"] = in.addr + "." + attr + " is not base64"
		return ""
	}
	return clusterOfUserData(in.addr, string(dec), s)
}

var (
	// Agent README "Environment variables" (ECS_CLUSTER), written to
	// /etc/ecs/ecs.config by user data (ECS-DG "Bootstrapping Amazon ECS
	// Linux container instances to pass data").
	ecsClusterRE = regexp.MustCompile(`ECS_CLUSTER\s*=\s*["']?([A-Za-z0-9_:/.$-]+)`)
	// Bottlerocket user data: settings.ecs.cluster (TOML).
	bottlerocketRE = regexp.MustCompile(`(?m)^\s*cluster\s*=\s*"([^"]+)"`)
	// ECS-DG "Bootstrapping Windows container instances to pass data":
	// Initialize-ECSAgent -Cluster NAME.
	windowsRE = regexp.MustCompile(`Initialize-ECSAgent\b[^\n]*-Cluster\s+["']?([A-Za-z0-9_:/.$-]+)`)
)

// clusterOfUserData finds the cluster the agent joins from user data text.
// Agent README "Environment variables": ECS_CLUSTER defaults to "default",
// so user data that writes no agent configuration leaves the default
// [assumption: the AMI carries no /etc/ecs/ecs.config of its own]. User data
// that writes the configuration some other way (copied from S3, a shell
// variable) does not say the cluster.
func clusterOfUserData(addr, text string, s *launchSpec) string {
	var found []string
	for _, re := range []*regexp.Regexp{ecsClusterRE, windowsRE} {
		for _, m := range re.FindAllStringSubmatch(text, -1) {
			found = append(found, m[1])
		}
	}
	if strings.Contains(text, "[settings.ecs]") {
		for _, m := range bottlerocketRE.FindAllStringSubmatch(text, -1) {
			found = append(found, m[1])
		}
	}
	slices.Sort(found)
	found = slices.Compact(found)
	switch {
	case len(found) == 1 && !strings.Contains(found[0], "$"):
		return found[0]
	case len(found) > 1:
		s.unknown["Cluster"] = "the user data of " + addr + " names several clusters (" + strings.Join(found, ", ") + ")"
		return ""
	case len(found) == 1 || strings.Contains(text, "ecs.config") || strings.Contains(text, "[settings.ecs]") || strings.Contains(text, "ECSAgent"):
		s.unknown["Cluster"] = "the cluster in the user data of " + addr + " (it writes the agent configuration in a way not read here)"
		return ""
	}
	return "default"
}
