package cloudformation

import (
	"strings"

	"github.com/ecs-preflight/ecs-preflight/world"
)

// lowerFirst turns a CloudFormation property name into the ECS API's
// camelCase field name.
func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

func (l *loader) taskDefinition(r *resource, p obj) error {
	family, err := l.name(r)
	if err != nil {
		return err
	}
	arn, _, err := l.attr(r, "")
	if err != nil {
		return err
	}
	td := &world.TaskDefinition{TaskDefinitionArn: arn, Family: family, Revision: 1, Origin: l.origin(r)}
	unknown := func(field, what string, v val) {
		if td.Unknown == nil {
			td.Unknown = map[string]string{}
		}
		td.Unknown[field] = l.unknownMsg(r.id+"."+what, v)
	}
	if x, ok := p.unres(); ok {
		unknown("taskDefinition", "Properties", x)
	}
	if v, ok := p.raw("ExecutionRoleArn"); ok {
		if td.ExecutionRoleArn, _, err = p.str("ExecutionRoleArn"); err != nil {
			return err
		}
		if v.unres() {
			unknown("executionRoleArn", "ExecutionRoleArn", v)
		}
		td.ExecutionRoleArn = l.roleARN(td.ExecutionRoleArn)
	}
	if td.TaskRoleArn, _, err = p.str("TaskRoleArn"); err != nil {
		return err
	}
	td.TaskRoleArn = l.roleARN(td.TaskRoleArn)
	for _, f := range []struct{ prop, field string }{{"NetworkMode", "networkMode"}, {"Cpu", "cpu"}, {"Memory", "memory"}} {
		s, _, err := p.str(f.prop)
		if err != nil {
			return err
		}
		if v, _ := p.raw(f.prop); v.unres() {
			unknown(f.field, f.prop, v)
		}
		switch f.prop {
		case "NetworkMode":
			td.NetworkMode = s
		case "Cpu":
			td.Cpu = s
		case "Memory":
			td.Memory = s
		}
	}
	if td.RequiresCompatibilities, err = p.strs("RequiresCompatibilities"); err != nil {
		return err
	}
	if rp, ok, err := p.object("RuntimePlatform"); err != nil {
		return err
	} else if ok {
		td.RuntimePlatform = &world.RuntimePlatform{}
		if td.RuntimePlatform.CpuArchitecture, err = rp.strOr("CpuArchitecture", ""); err != nil {
			return err
		}
		if td.RuntimePlatform.OperatingSystemFamily, err = rp.strOr("OperatingSystemFamily", ""); err != nil {
			return err
		}
	}
	cs, whole, err := p.list("ContainerDefinitions")
	if err != nil {
		return err
	}
	if whole.k != vNull {
		unknown("taskDefinition", "ContainerDefinitions", whole)
	}
	for _, c := range cs {
		cd, err := l.container(c)
		if err != nil {
			return err
		}
		cd.Origin = world.Origin{File: l.file, Line: c.v.line, Column: c.v.col, Path: r.id + ".ContainerDefinitions." + cd.Name}
		td.ContainerDefinitions = append(td.ContainerDefinitions, cd)
	}
	l.w.TaskDefinitions.Put(arn, td)
	return nil
}

// roleARN turns a role name that a template role answers to (Ref of an
// AWS::IAM::Role returns the name) into that role's ARN; ECS accepts either
// in executionRoleArn and taskRoleArn [assumption: the ECS API reference
// documents ARNs; names work in practice].
func (l *loader) roleARN(s string) string {
	if s == "" || strings.HasPrefix(s, "arn:") {
		return s
	}
	if role := l.roleByName[s]; role != nil {
		return role.Arn
	}
	return s
}

func (l *loader) container(c obj) (world.ContainerDefinition, error) {
	var cd world.ContainerDefinition
	unknown := func(field, what string, v val) {
		if cd.Unknown == nil {
			cd.Unknown = map[string]string{}
		}
		cd.Unknown[field] = l.unknownMsg(c.path+"."+what, v)
	}
	if x, ok := c.unres(); ok {
		cd.Name = "?"
		unknown("image", "", x)
		return cd, nil
	}
	var err error
	if cd.Name, err = c.strOr("Name", ""); err != nil {
		return cd, err
	}
	if cd.Image, err = c.strOr("Image", ""); err != nil {
		return cd, err
	}
	if v, ok := c.raw("Image"); ok && v.unres() {
		unknown("image", "Image", v)
	}
	if cd.Essential, err = c.boolean("Essential"); err != nil {
		return cd, err
	}
	if n, err := c.integer("Cpu"); err != nil {
		return cd, err
	} else if n != nil {
		cd.Cpu = *n
	}
	if cd.Memory, err = c.integer("Memory"); err != nil {
		return cd, err
	}
	if cd.MemoryReservation, err = c.integer("MemoryReservation"); err != nil {
		return cd, err
	}
	if rc, ok, err := c.object("RepositoryCredentials"); err != nil {
		return cd, err
	} else if ok {
		s, err := rc.strOr("CredentialsParameter", "")
		if err != nil {
			return cd, err
		}
		if x, ok := rc.unres(); ok {
			s = x.s
		}
		cd.RepositoryCredentials = &world.RepositoryCredentials{CredentialsParameter: s}
	}
	secrets, whole, err := c.list("Secrets")
	if err != nil {
		return cd, err
	}
	if whole.k != vNull {
		cd.Secrets = append(cd.Secrets, world.ContainerSecret{Name: "?", ValueFrom: whole.s})
	}
	for _, s := range secrets {
		cs, err := namedRef(s, "Name", "ValueFrom")
		if err != nil {
			return cd, err
		}
		cd.Secrets = append(cd.Secrets, world.ContainerSecret{Name: cs[0], ValueFrom: cs[1]})
	}
	files, whole, err := c.list("EnvironmentFiles")
	if err != nil {
		return cd, err
	}
	if whole.k != vNull {
		cd.EnvironmentFiles = append(cd.EnvironmentFiles, world.EnvironmentFile{Value: whole.s, Type: "s3"})
	}
	for _, f := range files {
		ef, err := namedRef(f, "Value", "Type")
		if err != nil {
			return cd, err
		}
		cd.EnvironmentFiles = append(cd.EnvironmentFiles, world.EnvironmentFile{Value: ef[0], Type: ef[1]})
	}
	if lc, ok, err := c.object("LogConfiguration"); err != nil {
		return cd, err
	} else if ok {
		cd.LogConfiguration = &world.LogConfiguration{}
		if cd.LogConfiguration.LogDriver, err = lc.strOr("LogDriver", ""); err != nil {
			return cd, err
		}
		if opts, ok, err := lc.object("Options"); err != nil {
			return cd, err
		} else if ok {
			cd.LogConfiguration.Options = map[string]string{}
			for _, e := range opts.v.m {
				if e.v.k != vStr {
					return cd, l.errVal(e.v, opts.sub(e.k), "want string, got %s", e.v.typeName())
				}
				if e.v.unres() {
					unknown("logConfiguration.options."+e.k, "LogConfiguration.Options."+e.k, e.v)
				}
				cd.LogConfiguration.Options[e.k] = e.v.s
			}
		}
		so, _, err := lc.list("SecretOptions")
		if err != nil {
			return cd, err
		}
		for _, s := range so {
			cs, err := namedRef(s, "Name", "ValueFrom")
			if err != nil {
				return cd, err
			}
			cd.LogConfiguration.SecretOptions = append(cd.LogConfiguration.SecretOptions, world.ContainerSecret{Name: cs[0], ValueFrom: cs[1]})
		}
	}
	for _, e := range c.v.m {
		if !world.IsCloudFormationContainerProperty(e.k) {
			cd.ExtraFields = append(cd.ExtraFields, lowerFirst(e.k))
			cd.ExtraFieldsRejected = true
		}
	}
	return cd, nil
}

// namedRef reads two string properties of an object; an unresolved object
// gives its marker as the second.
func namedRef(o obj, a, b string) ([2]string, error) {
	if x, ok := o.unres(); ok {
		return [2]string{"?", x.s}, nil
	}
	x, err := o.strOr(a, "")
	if err != nil {
		return [2]string{}, err
	}
	y, err := o.strOr(b, "")
	return [2]string{x, y}, err
}

func (l *loader) service(r *resource, p obj) error {
	name, err := l.name(r)
	if err != nil {
		return err
	}
	arn, _, err := l.attr(r, "")
	if err != nil {
		return err
	}
	cluster, err := l.serviceCluster(r)
	if err != nil {
		return err
	}
	svc := &world.Service{ServiceName: name, ServiceArn: arn, ClusterArn: l.arn("ecs", l.region, "cluster/"+cluster), Origin: l.origin(r)}
	unknown := func(field, what string, v val) {
		if svc.Unknown == nil {
			svc.Unknown = map[string]string{}
		}
		svc.Unknown[field] = l.unknownMsg(r.id+"."+what, v)
	}
	if svc.TaskDefinition, err = p.strOr("TaskDefinition", ""); err != nil {
		return err
	}
	if svc.LaunchType, err = p.strOr("LaunchType", ""); err != nil {
		return err
	}
	if svc.PlatformVersion, err = p.strOr("PlatformVersion", ""); err != nil {
		return err
	}
	strategy, _, err := p.list("CapacityProviderStrategy")
	if err != nil {
		return err
	}
	for _, s := range strategy {
		item, err := l.strategyItem(s)
		if err != nil {
			return err
		}
		svc.CapacityProviderStrategy = append(svc.CapacityProviderStrategy, item)
	}
	if svc.LaunchType == "" && len(svc.CapacityProviderStrategy) == 0 {
		// ECS API CreateService: without a launch type or strategy the
		// cluster's default capacity provider strategy applies.
		if svc.CapacityProviderStrategy, err = l.clusterStrategy(cluster); err != nil {
			return err
		}
	}
	nc, ok, err := p.object("NetworkConfiguration")
	if err != nil {
		return err
	}
	if ok {
		if x, bad := nc.unres(); bad {
			unknown("networkConfiguration", "NetworkConfiguration", x)
		} else if ac, ok, err := nc.object("AwsvpcConfiguration"); err != nil {
			return err
		} else if ok {
			if x, bad := ac.unres(); bad {
				unknown("networkConfiguration", "NetworkConfiguration.AwsvpcConfiguration", x)
			} else {
				c := &world.AwsVpcConfiguration{}
				if c.Subnets, err = ac.strs("Subnets"); err != nil {
					return err
				}
				if c.SecurityGroups, err = ac.strs("SecurityGroups"); err != nil {
					return err
				}
				// CFN reference AwsVpcConfiguration: AssignPublicIp
				// defaults to DISABLED.
				if c.AssignPublicIp, err = ac.strOr("AssignPublicIp", "DISABLED"); err != nil {
					return err
				}
				subnets, _ := ac.raw("Subnets")
				public, _ := ac.raw("AssignPublicIp")
				switch {
				case subnets.unres():
					// The task ENI can land in any of the subnets: one
					// unknown subnet makes the placement unknown.
					unknown("networkConfiguration", "NetworkConfiguration.AwsvpcConfiguration.Subnets", subnets)
				case public.unres():
					unknown("networkConfiguration", "NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp", public)
				default:
					svc.NetworkConfiguration = &world.NetworkConfiguration{AwsvpcConfiguration: c}
				}
			}
		}
	}
	l.w.Services.Put(arn, svc)
	return nil
}

func (l *loader) strategyItem(s obj) (world.CapacityProviderStrategyItem, error) {
	var item world.CapacityProviderStrategyItem
	var err error
	if item.CapacityProvider, err = s.strOr("CapacityProvider", ""); err != nil {
		return item, err
	}
	if n, err := s.integer("Weight"); err != nil {
		return item, err
	} else if n != nil {
		item.Weight = *n
	}
	if n, err := s.integer("Base"); err != nil {
		return item, err
	} else if n != nil {
		item.Base = *n
	}
	return item, nil
}

// clusterStrategy returns the default capacity provider strategy a
// template cluster declares, itself or through
// AWS::ECS::ClusterCapacityProviderAssociations.
func (l *loader) clusterStrategy(cluster string) ([]world.CapacityProviderStrategyItem, error) {
	for _, id := range l.order {
		r := l.res[id]
		var prop string
		switch r.typ {
		case "AWS::ECS::Cluster":
			n, err := l.name(r)
			if err != nil || n != cluster {
				continue
			}
			prop = "DefaultCapacityProviderStrategy"
		case "AWS::ECS::ClusterCapacityProviderAssociations":
			c, err := l.propString(r, "Cluster", "")
			if err != nil || c != cluster && !strings.HasSuffix(c, "cluster/"+cluster) {
				continue
			}
			prop = "DefaultCapacityProviderStrategy"
		default:
			continue
		}
		p, err := l.props(r)
		if err != nil {
			return nil, err
		}
		items, _, err := obj{l: l, v: p, path: r.id + ".Properties"}.list(prop)
		if err != nil {
			return nil, err
		}
		var out []world.CapacityProviderStrategyItem
		for _, s := range items {
			item, err := l.strategyItem(s)
			if err != nil {
				return nil, err
			}
			out = append(out, item)
		}
		if len(out) > 0 {
			return out, nil
		}
	}
	return nil, nil
}
