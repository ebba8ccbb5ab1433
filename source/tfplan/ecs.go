package tfplan

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"

	"github.com/ecs-preflight/ecs-preflight/source"
	"github.com/ecs-preflight/ecs-preflight/world"
)

func (r *reader) buildTaskDefinitions() error {
	for _, in := range r.each("aws_ecs_task_definition") {
		// AWS provider docs "Data Source: aws_ecs_task_definition": the
		// data source exports the same attributes as the resource, read
		// from DescribeTaskDefinition at plan time (unknown when read only
		// during apply).
		arn, _, _ := r.str(in, nil, "arn")
		td := &world.TaskDefinition{TaskDefinitionArn: arn, Family: in.str("family"), Unknown: map[string]string{}, Origin: r.origin(in)}
		if n, ok := in.intAttr("revision"); ok {
			td.Revision = n
		}
		if td.Family == "" {
			td.Family = in.addr
		}
		exec, ok, why := r.str(in, []string{"aws_iam_role"}, "execution_role_arn")
		td.ExecutionRoleArn = exec
		if !ok {
			// The stand-in is the one policy attachments to the same role
			// are filed under (world/unresolved.go).
			td.ExecutionRoleArn = r.roleStandIn(in, "execution_role_arn", why)
			td.Unknown["executionRoleArn"] = why
		}
		if task, ok, why := r.str(in, []string{"aws_iam_role"}, "task_role_arn"); ok {
			td.TaskRoleArn = task
		} else if !in.data {
			td.TaskRoleArn = r.roleStandIn(in, "task_role_arn", why)
		}
		for attr, key := range map[string]string{"network_mode": "networkMode", "cpu": "cpu", "memory": "memory"} {
			v, ok, why := r.str(in, nil, attr)
			if !ok {
				td.Unknown[key] = why
				continue
			}
			switch attr {
			case "network_mode":
				td.NetworkMode = v
			case "cpu":
				td.Cpu = v
			case "memory":
				td.Memory = v
			}
		}
		td.RequiresCompatibilities, _, _ = r.strs(in, nil, "requires_compatibilities")
		slices.Sort(td.RequiresCompatibilities)
		if n, _ := in.blocks("runtime_platform"); n > 0 {
			td.RuntimePlatform = &world.RuntimePlatform{CpuArchitecture: in.str("runtime_platform", 0, "cpu_architecture"),
				OperatingSystemFamily: in.str("runtime_platform", 0, "operating_system_family")}
			// An operating system known only after apply is not Linux:
			// every Fargate rule that branches on it must stay unknown.
			if !in.known("runtime_platform", 0, "operating_system_family") {
				td.RuntimePlatform.OperatingSystemFamily = world.Unresolved(in.addr + ".runtime_platform.operating_system_family (known only after apply)")
			}
		}
		if in.containerDefs == nil {
			// container_definitions is one JSON string, usually from
			// jsonencode(...), which is unknown as a whole as soon as any
			// part is: no container, image or secret of it can be told.
			msg := in.addr + ".container_definitions (known only after apply)"
			if e := r.expr(in, "container_definitions"); e != nil && len(e.References) > 0 {
				msg += ": it refers to " + joinRefs(e.References)
			}
			td.Unknown["containerDefinitions"] = msg
		} else {
			cds, err := parseContainers(*in.containerDefs)
			if err != nil {
				return &source.InputError{Kind: "plan", File: r.file, Path: in.addr + ".container_definitions", Err: err}
			}
			for i := range cds {
				cds[i].Origin = world.Origin{File: r.file, Path: in.addr + ".container_definitions[" + strconv.Itoa(i) + "]"}
			}
			td.ContainerDefinitions = cds
		}
		r.w.TaskDefinitions.Put(arn, td)
	}
	return nil
}

// parseContainers reads container_definitions: the ECS API's camelCase
// JSON, as DescribeTaskDefinition returns it.
func parseContainers(s string) ([]world.ContainerDefinition, error) {
	var raws []map[string]json.RawMessage
	if err := json.Unmarshal([]byte(s), &raws); err != nil {
		return nil, fmt.Errorf("not a JSON array of container definitions: %v", err)
	}
	out := make([]world.ContainerDefinition, 0, len(raws))
	for i, raw := range raws {
		if raw == nil {
			return nil, fmt.Errorf("[%d]: not a JSON object", i)
		}
		var c world.ContainerDefinition
		b, _ := json.Marshal(raw)
		if err := json.Unmarshal(b, &c); err != nil {
			var te *json.UnmarshalTypeError
			if errors.As(err, &te) {
				return nil, fmt.Errorf("[%d].%s: a JSON %s where the ECS API has another type", i, te.Field, te.Value)
			}
			return nil, fmt.Errorf("[%d]: %v", i, err)
		}
		for _, k := range slices.Sorted(maps.Keys(raw)) {
			if !world.IsContainerField(k) {
				c.ExtraFields = append(c.ExtraFields, k)
			}
		}
		out = append(out, c)
	}
	return out, nil
}

func (r *reader) buildServices() {
	for _, in := range r.each("aws_ecs_service") {
		if in.data {
			continue
		}
		arn, _, _ := r.str(in, nil, "id")
		svc := &world.Service{ServiceName: in.str("name"), ServiceArn: arn, Unknown: map[string]string{}, Origin: r.origin(in)}
		if c, ok, _ := r.str(in, []string{"aws_ecs_cluster"}, "cluster"); ok {
			svc.ClusterArn = c
		}
		svc.TaskDefinition, _, _ = r.str(in, []string{"aws_ecs_task_definition"}, "task_definition")
		// launch_type and platform_version are computed when not set: ECS
		// then applies its defaults (a capacity provider strategy, LATEST).
		svc.LaunchType = in.str("launch_type")
		svc.PlatformVersion = in.str("platform_version")
		n, _ := in.blocks("capacity_provider_strategy")
		for i := 0; i < n; i++ {
			cp, _, _ := r.str(in, []string{"aws_ecs_capacity_provider"}, "capacity_provider_strategy", i, "capacity_provider")
			item := world.CapacityProviderStrategyItem{CapacityProvider: cp}
			item.Weight, _ = in.intAttr("capacity_provider_strategy", i, "weight")
			item.Base, _ = in.intAttr("capacity_provider_strategy", i, "base")
			svc.CapacityProviderStrategy = append(svc.CapacityProviderStrategy, item)
		}
		switch n, known := in.blocks("network_configuration"); {
		case !known:
			svc.Unknown["networkConfiguration"] = in.addr + ".network_configuration (known only after apply)"
		case n > 0:
			c := &world.AwsVpcConfiguration{AssignPublicIp: "DISABLED"}
			c.Subnets, _, _ = r.list(in, []string{"aws_subnet"}, "network_configuration", 0, "subnets")
			if in.known("network_configuration", 0, "security_groups") || r.expr(in, "network_configuration", 0, "security_groups") != nil {
				c.SecurityGroups, _, _ = r.list(in, []string{"aws_security_group", "aws_default_security_group"}, "network_configuration", 0, "security_groups")
			}
			if b, ok := in.boolAttr("network_configuration", 0, "assign_public_ip"); ok && b {
				c.AssignPublicIp = "ENABLED"
			} else if !ok {
				svc.Unknown["networkConfiguration"] = in.addr + ".network_configuration[0].assign_public_ip (known only after apply)"
				break
			}
			svc.NetworkConfiguration = &world.NetworkConfiguration{AwsvpcConfiguration: c}
		}
		r.w.Services.Put(arn, svc)
	}
}
