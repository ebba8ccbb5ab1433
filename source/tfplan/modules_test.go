package tfplan_test

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/source/tfplan"
	"github.com/ecs-preflight/ecs-preflight/taskstart"
	"github.com/ecs-preflight/ecs-preflight/world"
)

// verdictOf runs the start phase over a real plan fixture and returns the
// verdict and, for the first task, its first step that is not ok: the
// blamed step, its container, status, stoppedReason and what blocked it.
func verdictOf(t *testing.T, plan string, opts ...tfplan.Option) (string, string) {
	t.Helper()
	w, err := tfplan.Load(filepath.Join("testdata", "real", plan), opts...)
	if err != nil {
		t.Fatal(err)
	}
	res, err := taskstart.Simulate(context.Background(), w)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Tasks) != 1 {
		t.Fatalf("%s: %d tasks, want 1", plan, len(res.Tasks))
	}
	for _, st := range res.Tasks[0].Steps {
		if st.Status == taskstart.OK {
			continue
		}
		blocked := ""
		if st.Network != nil {
			blocked = string(st.Network.BlockedBy)
		}
		return string(res.Verdict), fmt.Sprintf("%s %s %s %q blocked by %q", st.Step, st.Container, st.Status, st.StoppedReason, blocked)
	}
	return string(res.Verdict), ""
}

// TestModulesMatchFlat plans the same Fargate application twice: with
// local modules in the shape of terraform-aws-modules examples/fargate
// (modules-fargate: subnets through module outputs and variables, the
// service's network_configuration a dynamic block over a local, security
// group rules dynamic blocks over a map variable) and flat in the root
// module (flat-fargate). With the configuration read (WithConfigDir), the
// values known only after apply that only link resources resolve to the
// planned resources, and both plans give the same verdict and blamed step:
// pass with a NAT gateway, and a fail at the image pull without one (ECS-DG
// "Amazon ECS task networking options for Fargate": a task in a private
// subnet reaches the registry through a NAT gateway or VPC endpoints).
func TestModulesMatchFlat(t *testing.T) {
	acct := tfplan.WithAccount("111122223333")
	cfg := tfplan.WithConfigDir(filepath.Join("testdata", "real", "modules-fargate"))
	for _, c := range []struct {
		name, plan, verdict, step string
	}{
		{"with a NAT gateway: pass", "plan.json", "pass", ""},
		{"without a NAT gateway: the image pull fails on the route", "plan-no-nat.json", "fail", "image-manifest frontend fail"},
	} {
		t.Run(c.name, func(t *testing.T) {
			flatV, flatS := verdictOf(t, filepath.Join("flat-fargate", c.plan), acct)
			modV, modS := verdictOf(t, filepath.Join("modules-fargate", c.plan), acct, cfg)
			if flatV != c.verdict || !strings.HasPrefix(flatS, c.step) {
				t.Fatalf("flat plan: %s, %s; want %s, %s", flatV, flatS, c.verdict, c.step)
			}
			if modV != flatV || modS != flatS {
				t.Errorf("modules plan: %s, %s\nflat plan:    %s, %s", modV, modS, flatV, flatS)
			}
			// Without the configuration the dynamic block's subnets
			// cannot be told: unknown, never a guess.
			plainV, plainS := verdictOf(t, filepath.Join("modules-fargate", c.plan), acct)
			if plainV != "unknown" || !strings.Contains(plainS, "unknown") {
				t.Errorf("modules plan without its configuration: %s, %s; want unknown", plainV, plainS)
			}
		})
	}
}

// TestModulesLinks reads what the configuration links in modules-fargate
// (config.go): the service's subnets and security group come from the
// dynamic network_configuration over local.network_configuration, whose
// subnets are var.subnet_ids = module.vpc.private_subnets =
// aws_subnet.private[*].id; the ingress rule, an
// aws_vpc_security_group_ingress_rule with for_each over
// var.security_group_ingress_rules (Terraform language docs "The for_each
// Meta-Argument": each.value is the element), names the load balancer's
// group through module.alb.security_group_id; the vpc module's subnets
// name their VPC through local.vpc_id = try(aws_vpc.this[0].id, "").
func TestModulesLinks(t *testing.T) {
	w := loadReal(t, filepath.Join("modules-fargate"), tfplan.WithAccount("111122223333"),
		tfplan.WithConfigDir(filepath.Join("testdata", "real", "modules-fargate")))
	svcs := w.Services.All()
	if len(svcs) != 1 || svcs[0].NetworkConfiguration == nil || svcs[0].NetworkConfiguration.AwsvpcConfiguration == nil {
		t.Fatalf("services: %+v", svcs)
	}
	nc := svcs[0].NetworkConfiguration.AwsvpcConfiguration
	sg := w.SecurityGroups.Get("module.ecs_service.aws_security_group.this[0]")
	if sg == nil {
		t.Fatal("the service's security group was left out")
	}
	sub := w.Subnets.Get("module.vpc.aws_subnet.private[1]")
	if sub == nil {
		t.Fatal("subnet left out")
	}
	rt := w.RouteTables.Get("module.vpc.aws_route_table.private[1]")
	plain := loadReal(t, filepath.Join("modules-fargate"), tfplan.WithAccount("111122223333"))
	checkReal(t, []realCase{
		{"subnets from a dynamic block over a local, through module variables and outputs", nc.Subnets, []string{"module.vpc.aws_subnet.private[0]", "module.vpc.aws_subnet.private[1]"}},
		{"the security group from flatten(concat([try(aws_security_group.this[0].id, [])], var.security_group_ids))", nc.SecurityGroups, []string{"module.ecs_service.aws_security_group.this[0]"}},
		{"assign_public_ip as planned", nc.AssignPublicIp, "DISABLED"},
		{"without the configuration each.value cannot be read: the group is left out, not linked to a guess", plain.SecurityGroups.Get("module.ecs_service.aws_security_group.this[0]") == nil, true},
		{"the for_each ingress rule's each.value names the load balancer's group", perm(sg.IpPermissions), "tcp 3000-3000 [] [{module.alb.aws_security_group.this  }]"},
		{"the dynamic egress rule", perm(sg.IpPermissionsEgress), "-1 0-0 [{0.0.0.0/0 }] []"},
		{"the group's VPC through var.vpc_id = module.vpc.vpc_id", sg.VpcId, "module.vpc.aws_vpc.this[0]"},
		{"the subnet's VPC through local.vpc_id", sub.VpcId, "module.vpc.aws_vpc.this[0]"},
		{"the private route table's NAT route through element(local.nat_gateway_ids, count.index)", rt != nil && slices.ContainsFunc(rt.Routes, func(r world.Route) bool { return r.NatGatewayId == "module.vpc.aws_nat_gateway.this[0]" }), true},
	})
}

// perm writes the one rule of a list: protocol, ports, ranges and groups.
func perm(ps []world.IpPermission) string {
	if len(ps) != 1 || ps[0].FromPort == nil || ps[0].ToPort == nil {
		return fmt.Sprintf("%d rules: %+v", len(ps), ps)
	}
	p := ps[0]
	return fmt.Sprintf("%s %d-%d %v %v", p.IpProtocol, *p.FromPort, *p.ToPort, p.IpRanges, p.UserIdGroupPairs)
}

// TestModulesDecidingValueStaysUnknown reads modules-ipam: the VPC's CIDR
// is assigned by IPAM at apply (AWS provider docs "aws_vpc":
// ipv4_ipam_pool_id and ipv4_netmask_length; the cidr_block is then
// computed), the service's subnets and security group link through a
// dynamic block and resolve with the configuration, but the group's only
// egress rule allows the VPC's CIDR: a value that decides whether the task
// reaches the registry, known only after apply. The group is left out, the
// subnet has no CIDR, and the verdict is unknown at the first network
// step, never a pass or a fail from a guessed CIDR.
func TestModulesDecidingValueStaysUnknown(t *testing.T) {
	dir := filepath.Join("testdata", "real", "modules-ipam")
	w := loadReal(t, "modules-ipam", tfplan.WithAccount("111122223333"), tfplan.WithConfigDir(dir))
	nc := w.Services.All()[0].NetworkConfiguration.AwsvpcConfiguration
	sub := w.Subnets.Get("aws_subnet.public")
	verdict, step := verdictOf(t, filepath.Join("modules-ipam", "plan.json"), tfplan.WithAccount("111122223333"), tfplan.WithConfigDir(dir))
	checkReal(t, []realCase{
		{"the subnets link through the dynamic block", nc.Subnets, []string{"aws_subnet.public"}},
		{"and the group", nc.SecurityGroups, []string{"module.service.aws_security_group.this"}},
		{"the group whose egress CIDR is known only after apply is left out", w.SecurityGroups.Get("module.service.aws_security_group.this") == nil, true},
		{"the subnet's CIDR computed from the VPC's is not computed", sub != nil && sub.CidrBlock == "", true},
		{"the verdict is unknown", verdict, "unknown"},
		{"at the first network step", strings.HasPrefix(step, "image-manifest app unknown"), true},
	})
}
