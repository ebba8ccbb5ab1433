package cloudformation

import (
	"encoding/base64"
	"strings"

	"github.com/ecs-preflight/ecs-preflight/world"
)

// EC2 container instances. On the EC2 launch type a task without an
// execution role pulls its ECR image and writes awslogs with the container
// instance role, over the instance's network interface (ECS-DG "Amazon ECS
// container instance IAM role"; ECS-DG "Amazon ECS task execution IAM
// role"). The template describes those instances with an instance
// profile, a launch template or launch configuration, an Auto Scaling
// group or a single instance, and a capacity provider; capacity.go reads
// them into world.InstanceGroup.

// launchSpec is what a launch template, launch configuration or instance
// says about the instances it starts.
type launchSpec struct {
	profile        string // instance profile name or ARN, "" for none
	profileSet     bool
	subnets        []string
	securityGroups []string
	public         *bool
	userData       val
	hasUserData    bool
	unknown        map[string]string
}

func (s *launchSpec) unknownField(field, msg string) {
	if s.unknown == nil {
		s.unknown = map[string]string{}
	}
	s.unknown[field] = msg
}

// instanceGroups reads the EC2 capacity of the live resources: every Auto
// Scaling group and instance, and every launch template no group or
// instance of the template uses (an Auto Scaling group outside the
// template may).
func (l *loader) instanceGroups(live []*resource) error {
	profiles := map[string]*resource{}  // by name and by ARN
	templates := map[string]*resource{} // launch templates by id and name
	configs := map[string]*resource{}   // launch configurations by name
	providers := map[string]string{}    // ASG name or ARN → capacity provider name
	used := map[*resource]bool{}
	var managed []managedProvider // Managed Instances providers, read once profiles are known
	for _, r := range live {
		switch r.typ {
		case "AWS::IAM::InstanceProfile":
			for _, attr := range []string{"", "Arn"} {
				if k, ok, err := l.attr(r, attr); err != nil {
					return err
				} else if ok {
					profiles[k] = r
				}
			}
		case "AWS::EC2::LaunchTemplate":
			templates[l.ec2ID(r)] = r
			if n, err := l.propString(r, "LaunchTemplateName", ""); err != nil {
				return err
			} else if n != "" {
				templates[n] = r
			}
		case "AWS::AutoScaling::LaunchConfiguration":
			n, err := l.name(r)
			if err != nil {
				return err
			}
			configs[n] = r
		case "AWS::ECS::CapacityProvider":
			p, err := l.props(r)
			if err != nil {
				return err
			}
			name, err := l.name(r)
			if err != nil {
				return err
			}
			mi, ok, err := obj{l: l, v: p, path: r.id + ".Properties"}.object("ManagedInstancesProvider")
			if err != nil {
				return err
			}
			if ok {
				l.w.CapacityProviders.Put(name, &world.CapacityProvider{Name: name, ManagedInstances: true, Origin: l.origin(r)})
				managed = append(managed, managedProvider{r, name, mi})
				continue
			}
			asg, ok, err := obj{l: l, v: p, path: r.id + ".Properties"}.object("AutoScalingGroupProvider")
			if err != nil {
				return err
			}
			if !ok {
				// Neither kind is written (or it is unresolved): the
				// provider's kind stays unknown, and the other resources
				// are still read.
				continue
			}
			l.w.CapacityProviders.Put(name, &world.CapacityProvider{Name: name, Origin: l.origin(r)})
			a, err := asg.strOr("AutoScalingGroupArn", "")
			if err != nil {
				return err
			}
			providers[a] = name
		}
	}
	for _, m := range managed {
		g, err := l.managedInstancesGroup(m.r, m.name, m.provider, profiles)
		if err != nil {
			return err
		}
		l.w.InstanceGroups.Put(g.Name, g)
	}
	for _, r := range live {
		var spec launchSpec
		var err error
		name := ""
		switch r.typ {
		case "AWS::AutoScaling::AutoScalingGroup":
			if name, err = l.name(r); err != nil {
				return err
			}
			spec, err = l.autoScalingGroup(r, templates, configs, used)
		case "AWS::EC2::Instance":
			name = l.ec2ID(r)
			spec, err = l.instance(r, templates, used)
		default:
			continue
		}
		if err != nil {
			return err
		}
		g := l.instanceGroup(r, name, spec, profiles)
		g.CapacityProvider = providers[name]
		if g.CapacityProvider == "" {
			for k, cp := range providers {
				// CFN reference AWS::ECS::CapacityProvider
				// AutoScalingGroupArn: "the Amazon Resource Name (ARN)
				// or short name".
				if strings.HasSuffix(k, ":autoScalingGroupName/"+name) {
					g.CapacityProvider = cp
				}
			}
		}
		l.w.InstanceGroups.Put(g.Name, g)
	}
	for _, r := range live {
		if r.typ != "AWS::EC2::LaunchTemplate" || used[r] {
			continue
		}
		spec, err := l.launchTemplate(r)
		if err != nil {
			return err
		}
		g := l.instanceGroup(r, l.ec2ID(r), spec, profiles)
		l.w.InstanceGroups.Put(g.Name, g)
	}
	return nil
}

// instanceGroup turns a launch spec into the group the world keeps.
func (l *loader) instanceGroup(r *resource, name string, spec launchSpec, profiles map[string]*resource) *world.InstanceGroup {
	g := &world.InstanceGroup{Name: name, Subnets: spec.subnets, SecurityGroups: spec.securityGroups,
		AssociatePublicIp: spec.public, Unknown: spec.unknown, Origin: l.origin(r)}
	unknown := func(field, msg string) {
		if g.Unknown == nil {
			g.Unknown = map[string]string{}
		}
		g.Unknown[field] = msg
	}
	// The role: the instance profile's, a template role by ARN.
	switch {
	case !spec.profileSet:
		// No profile: the instances have no role credentials.
	case world.IsUnresolved(spec.profile):
		g.InstanceProfileArn = spec.profile
		g.RoleArn = world.Unresolved("role of instance profile " + spec.profile)
		unknown("RoleArn", l.unknownMsg(r.id+" instance profile", str(spec.profile, 0, 0)))
	case profiles[spec.profile] != nil:
		pr := profiles[spec.profile]
		g.InstanceProfileArn, _ = l.attrOrUnresolved(pr, "Arn")
		g.RoleArn = l.profileRole(pr, unknown)
	default:
		g.InstanceProfileArn = spec.profile
		g.RoleArn = world.Unresolved("role of instance profile " + spec.profile + ", which the template does not create")
		unknown("RoleArn", "the instance profile "+spec.profile+" of "+r.id+" is not in "+l.file+"; check the account with --snapshot")
	}
	// The cluster: ECS_CLUSTER in the agent's configuration, which user
	// data writes to /etc/ecs/ecs.config; without it the agent registers
	// with the cluster named "default" (ECS-DG "Amazon ECS container agent
	// configuration": ECS_CLUSTER, default value "default").
	switch c, known := ecsCluster(spec.userData, spec.hasUserData); {
	case known:
		g.Cluster = c
		if world.IsUnresolved(c) {
			unknown("Cluster", l.unknownMsg(r.id+" user data ECS_CLUSTER", str(c, 0, 0)))
		}
	default:
		unknown("Cluster", l.unknownMsg(r.id+" user data", spec.userData))
	}
	return g
}

// profileRole returns the ARN of the role an instance profile holds
// (AWS::IAM::InstanceProfile Roles: one role name); a stand-in when the
// name is not a template role or not resolved.
func (l *loader) profileRole(pr *resource, unknown func(field, msg string)) string {
	p, err := l.props(pr)
	if err != nil {
		return world.Unresolved("role of instance profile " + pr.id)
	}
	roles, err := obj{l: l, v: p, path: pr.id + ".Properties"}.strs("Roles")
	if err != nil || len(roles) == 0 {
		unknown("RoleArn", "instance profile "+pr.id+" in "+l.file+" names no role")
		return ""
	}
	n := roles[0]
	if role := l.roleByName[n]; role != nil {
		return role.Arn
	}
	if world.IsUnresolved(n) {
		unknown("RoleArn", l.unknownMsg(pr.id+".Roles", str(n, 0, 0)))
		return n
	}
	// A role the template does not create, by name: its ARN with the
	// default path "/" [assumption: IAM-UG "IAM identifiers": a role's
	// ARN holds its path, which a name alone does not give].
	return l.arn("iam", "", "role/"+n)
}

// ecsCluster finds ECS_CLUSTER=NAME in user data (base64, as
// Fn::Base64 makes it). known is false when the user data is unresolved
// and shows no ECS_CLUSTER: the unresolved part may set it.
func ecsCluster(ud val, has bool) (cluster string, known bool) {
	if !has {
		return "default", true
	}
	text := ud.s
	if ud.k != vStr {
		return "", false
	}
	if !ud.unres() {
		if b, err := base64.StdEncoding.DecodeString(strings.TrimSpace(text)); err == nil {
			text = string(b)
		}
	}
	_, rest, found := strings.Cut(text, "ECS_CLUSTER=")
	if !found {
		if ud.unres() {
			return "", false
		}
		return "default", true
	}
	rest = strings.TrimLeft(rest, `"'`)
	if strings.HasPrefix(rest, markerOpen) {
		return world.Unresolved(markerText(rest)), true
	}
	end := strings.IndexAny(rest, " \t\r\n\"';>|&")
	if end < 0 {
		end = len(rest)
	}
	if end == 0 {
		return "", false
	}
	return rest[:end], true
}

// launchTemplate reads AWS::EC2::LaunchTemplate LaunchTemplateData.
func (l *loader) launchTemplate(r *resource) (launchSpec, error) {
	var spec launchSpec
	p, err := l.props(r)
	if err != nil {
		return spec, err
	}
	d, ok, err := obj{l: l, v: p, path: r.id + ".Properties"}.object("LaunchTemplateData")
	if err != nil || !ok {
		return spec, err
	}
	if x, bad := d.unres(); bad {
		return l.launchTemplateUnknown(r.id+".LaunchTemplateData", x), nil
	}
	if ip, ok, err := d.object("IamInstanceProfile"); err != nil {
		return spec, err
	} else if ok {
		spec.profileSet = true
		if x, bad := ip.unres(); bad {
			spec.profile = x.s
		} else {
			if spec.profile, err = ip.strOr("Arn", ""); err != nil {
				return spec, err
			}
			if spec.profile == "" {
				if spec.profile, err = ip.strOr("Name", ""); err != nil {
					return spec, err
				}
			}
		}
	}
	if spec.securityGroups, err = d.strs("SecurityGroupIds"); err != nil {
		return spec, err
	}
	if err := l.primaryInterface(&spec, d, r.id+".LaunchTemplateData", "Groups"); err != nil {
		return spec, err
	}
	spec.userData, spec.hasUserData = d.raw("UserData")
	return spec, nil
}

// primaryInterface reads NetworkInterfaces[DeviceIndex 0]: its subnet,
// groups (Groups in a launch template, GroupSet on an instance) and public
// address setting override the instance-level ones.
func (l *loader) primaryInterface(spec *launchSpec, d obj, path, groupsKey string) error {
	nis, whole, err := d.list("NetworkInterfaces")
	if err != nil {
		return err
	}
	if whole.k != vNull {
		msg := l.unknownMsg(path+".NetworkInterfaces", whole)
		spec.unknownField("Subnets", msg)
		spec.unknownField("SecurityGroups", msg)
		spec.unknownField("AssociatePublicIp", msg)
		return nil
	}
	for _, ni := range nis {
		if x, bad := ni.unres(); bad {
			msg := l.unknownMsg(ni.path, x)
			spec.unknownField("SecurityGroups", msg)
			spec.unknownField("AssociatePublicIp", msg)
			continue
		}
		idx, err := ni.integer("DeviceIndex")
		if err != nil {
			return err
		}
		if idx != nil && *idx != 0 {
			continue
		}
		if spec.public, err = ni.boolean("AssociatePublicIpAddress"); err != nil {
			return err
		}
		if v, ok := ni.raw("AssociatePublicIpAddress"); ok && v.unres() {
			spec.unknownField("AssociatePublicIp", l.unknownMsg(ni.sub("AssociatePublicIpAddress"), v))
		}
		if g, err := ni.strs(groupsKey); err != nil {
			return err
		} else if g != nil {
			spec.securityGroups = g
		}
		if s, err := ni.strOr("SubnetId", ""); err != nil {
			return err
		} else if s != "" {
			spec.subnets = []string{s}
		}
	}
	return nil
}

// launchConfiguration reads AWS::AutoScaling::LaunchConfiguration.
func (l *loader) launchConfiguration(r *resource) (launchSpec, error) {
	var spec launchSpec
	p, err := l.props(r)
	if err != nil {
		return spec, err
	}
	o := obj{l: l, v: p, path: r.id + ".Properties"}
	if x, bad := o.unres(); bad {
		return l.launchTemplateUnknown(r.id+".Properties", x), nil
	}
	if _, ok := o.raw("IamInstanceProfile"); ok {
		spec.profileSet = true
		if spec.profile, err = o.strOr("IamInstanceProfile", ""); err != nil {
			return spec, err
		}
	}
	if spec.securityGroups, err = o.strs("SecurityGroups"); err != nil {
		return spec, err
	}
	if spec.public, err = o.boolean("AssociatePublicIpAddress"); err != nil {
		return spec, err
	}
	if v, ok := o.raw("AssociatePublicIpAddress"); ok && v.unres() {
		spec.unknownField("AssociatePublicIp", l.unknownMsg(o.sub("AssociatePublicIpAddress"), v))
	}
	spec.userData, spec.hasUserData = o.raw("UserData")
	return spec, nil
}

// launchTemplateUnknown is the spec of a launch resource whose properties
// are unknown as a whole, x naming why.
func (l *loader) launchTemplateUnknown(path string, x val) launchSpec {
	var spec launchSpec
	msg := l.unknownMsg(path, x)
	for _, f := range []string{"RoleArn", "Cluster", "Subnets", "SecurityGroups", "AssociatePublicIp"} {
		spec.unknownField(f, msg)
	}
	spec.profileSet, spec.profile = true, x.s
	spec.hasUserData, spec.userData = true, x
	return spec
}

// autoScalingGroup reads AWS::AutoScaling::AutoScalingGroup with the launch
// template or configuration it names; VPCZoneIdentifier places the
// instances.
func (l *loader) autoScalingGroup(r *resource, templates, configs map[string]*resource, used map[*resource]bool) (launchSpec, error) {
	p, err := l.props(r)
	if err != nil {
		return launchSpec{}, err
	}
	o := obj{l: l, v: p, path: r.id + ".Properties"}
	if x, bad := o.unres(); bad {
		return l.launchTemplateUnknown(r.id+".Properties", x), nil
	}
	var spec launchSpec
	lt, ok, err := o.object("LaunchTemplate")
	if err != nil {
		return spec, err
	}
	if !ok {
		// MixedInstancesPolicy.LaunchTemplate.LaunchTemplateSpecification.
		if mp, ok2, err := o.object("MixedInstancesPolicy"); err != nil {
			return spec, err
		} else if ok2 {
			if mlt, ok3, err := mp.object("LaunchTemplate"); err != nil {
				return spec, err
			} else if ok3 {
				if lt, ok, err = mlt.object("LaunchTemplateSpecification"); err != nil {
					return spec, err
				}
			}
		}
	}
	switch {
	case ok:
		spec, err = l.launchTemplateRef(lt, r.id, templates, used)
	default:
		n, err2 := o.strOr("LaunchConfigurationName", "")
		if err2 != nil {
			return spec, err2
		}
		switch c := configs[n]; {
		case c != nil:
			used[c] = true
			spec, err = l.launchConfiguration(c)
		case n != "":
			spec = l.launchTemplateUnknown(r.id+".Properties.LaunchConfigurationName", str(world.Unresolved("launch configuration "+n+", which the template does not create"), 0, 0))
		}
	}
	if err != nil {
		return spec, err
	}
	// CFN reference AWS::AutoScaling::AutoScalingGroup VPCZoneIdentifier:
	// the subnets the instances are launched in.
	subnets, err := o.strs("VPCZoneIdentifier")
	if err != nil {
		return spec, err
	}
	if subnets != nil {
		// The group's subnets override the launch template's.
		spec.subnets = subnets
		delete(spec.unknown, "Subnets")
		if v, _ := o.raw("VPCZoneIdentifier"); v.unres() {
			spec.unknownField("Subnets", l.unknownMsg(o.sub("VPCZoneIdentifier"), v))
		}
	}
	return spec, nil
}

// launchTemplateRef reads the launch template an Auto Scaling group or
// instance names (LaunchTemplateId or LaunchTemplateName).
func (l *loader) launchTemplateRef(lt obj, id string, templates map[string]*resource, used map[*resource]bool) (launchSpec, error) {
	if x, bad := lt.unres(); bad {
		return l.launchTemplateUnknown(lt.path, x), nil
	}
	ref, err := lt.strOr("LaunchTemplateId", "")
	if err != nil {
		return launchSpec{}, err
	}
	if ref == "" {
		if ref, err = lt.strOr("LaunchTemplateName", ""); err != nil {
			return launchSpec{}, err
		}
	}
	t := templates[ref]
	if t == nil {
		what := ref
		if !world.IsUnresolved(ref) {
			what = world.Unresolved("launch template " + ref + ", which the template does not create")
		}
		return l.launchTemplateUnknown(id+" launch template", str(what, 0, 0)), nil
	}
	used[t] = true
	return l.launchTemplate(t)
}

// instance reads AWS::EC2::Instance: its own settings, over those of the
// launch template it names.
func (l *loader) instance(r *resource, templates map[string]*resource, used map[*resource]bool) (launchSpec, error) {
	p, err := l.props(r)
	if err != nil {
		return launchSpec{}, err
	}
	o := obj{l: l, v: p, path: r.id + ".Properties"}
	if x, bad := o.unres(); bad {
		return l.launchTemplateUnknown(r.id+".Properties", x), nil
	}
	var spec launchSpec
	if lt, ok, err := o.object("LaunchTemplate"); err != nil {
		return spec, err
	} else if ok {
		if spec, err = l.launchTemplateRef(lt, r.id, templates, used); err != nil {
			return spec, err
		}
	}
	if _, ok := o.raw("IamInstanceProfile"); ok {
		spec.profileSet = true
		if spec.profile, err = o.strOr("IamInstanceProfile", ""); err != nil {
			return spec, err
		}
	}
	if s, err := o.strOr("SubnetId", ""); err != nil {
		return spec, err
	} else if s != "" {
		spec.subnets = []string{s}
	}
	if g, err := o.strs("SecurityGroupIds"); err != nil {
		return spec, err
	} else if g != nil {
		spec.securityGroups = g
	}
	if err := l.primaryInterface(&spec, o, r.id+".Properties", "GroupSet"); err != nil {
		return spec, err
	}
	if v, ok := o.raw("UserData"); ok {
		spec.userData, spec.hasUserData = v, true
	}
	return spec, nil
}
