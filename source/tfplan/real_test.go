package tfplan_test

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/source/tfplan"
	"github.com/ecs-preflight/ecs-preflight/world"
)

// loadReal reads a real plan fixture (testdata/real/README.md).
func loadReal(t *testing.T, dir string, opts ...tfplan.Option) *world.World {
	t.Helper()
	w, err := tfplan.Load(filepath.Join("testdata", "real", dir, "plan.json"), opts...)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

type realCase struct {
	name      string
	got, want any
}

func checkReal(t *testing.T, cases []realCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if fmt.Sprint(c.got) != fmt.Sprint(c.want) {
				t.Errorf("got %v, want %v", c.got, c.want)
			}
		})
	}
}

// TestRealStandaloneRoutesAndRules reads the real plan routes-sg-rules.
// AWS provider docs "aws_route": instance_id is computed and
// network_interface_id optional and computed, so both are unknown in every
// plan that creates a route; only the configured target decides. AWS
// provider docs "aws_security_group_rule": source_security_group_id is
// optional and computed, unknown on a rule that sets cidr_blocks. AWS
// provider docs "aws_security_group": rules in aws_security_group_rule and
// aws_vpc_security_group_*_rule resources add to the group.
func TestRealStandaloneRoutesAndRules(t *testing.T) {
	w := loadReal(t, "routes-sg-rules")
	route := func(table string) world.Route {
		rt := w.RouteTables.Get(table)
		if rt == nil {
			t.Fatalf("route table %s left out", table)
		}
		for _, r := range rt.Routes {
			if r.DestinationCidrBlock == "0.0.0.0/0" {
				return r
			}
		}
		t.Fatalf("%s has no 0.0.0.0/0 route: %+v", table, rt.Routes)
		return world.Route{}
	}
	sg := func(id string) *world.SecurityGroup {
		g := w.SecurityGroups.Get(id)
		if g == nil {
			t.Fatalf("security group %s left out", id)
		}
		return g
	}
	priv, batch, pub := route("aws_route_table.private"), route("aws_route_table.batch"), route("aws_route_table.public")
	task, lb := sg("aws_security_group.task"), sg("aws_security_group.lb")
	checkReal(t, []realCase{
		{"a route to a NAT gateway keeps its table despite unknown instance_id", priv.NatGatewayId + "|" + priv.InstanceId + "|" + priv.NetworkInterfaceId, "aws_nat_gateway.nat||"},
		{"a route to an internet gateway", pub.GatewayId, "igw-aws_internet_gateway.igw"},
		{"a route to an instance's interface that the plan cannot link is unresolved, alone", world.IsUnresolved(batch.NetworkInterfaceId) && batch.InstanceId == "", true},
		{"the other routes of that table stay", len(w.RouteTables.Get("aws_route_table.batch").Routes), 3},
		{"egress from aws_vpc_security_group_egress_rule", fmt.Sprintf("%s %d %v", task.IpPermissionsEgress[0].IpProtocol, *task.IpPermissionsEgress[0].FromPort, task.IpPermissionsEgress[0].IpRanges), "tcp 443 [{0.0.0.0/0 }]"},
		{"ingress from aws_vpc_security_group_ingress_rule names the referenced group", task.IpPermissions[0].UserIdGroupPairs, []world.UserIdGroupPair{{GroupId: "aws_security_group.lb"}}},
		{"a CIDR rule with source_security_group_id unknown keeps its CIDR and no group", fmt.Sprint(lb.IpPermissions[0].IpRanges, len(lb.IpPermissions[0].UserIdGroupPairs)), "[{0.0.0.0/0 }] 0"},
		{"a group rule names its source group", lb.IpPermissionsEgress[0].UserIdGroupPairs, []world.UserIdGroupPair{{GroupId: "aws_security_group.task"}}},
	})
}
