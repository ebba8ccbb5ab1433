package tfplan_test

import (
	"fmt"

	"github.com/ecs-preflight/ecs-preflight/source/tfplan"
)

// A plan for a new stack: the subnet's VPC id is known only after apply, so
// both carry the VPC's address as their id and the link holds.
func ExampleRead() {
	plan := []byte(`{
  "format_version": "1.2",
  "resource_changes": [
    {"address": "aws_vpc.main", "mode": "managed", "type": "aws_vpc", "name": "main",
     "change": {"actions": ["create"], "after": {"cidr_block": "10.0.0.0/16"}, "after_unknown": {"id": true}}},
    {"address": "aws_subnet.a", "mode": "managed", "type": "aws_subnet", "name": "a",
     "change": {"actions": ["create"], "after": {"cidr_block": "10.0.1.0/24"}, "after_unknown": {"id": true, "vpc_id": true}}}
  ],
  "configuration": {"root_module": {"resources": [
    {"address": "aws_subnet.a", "mode": "managed", "type": "aws_subnet", "name": "a",
     "expressions": {"vpc_id": {"references": ["aws_vpc.main.id", "aws_vpc.main"]}}}
  ]}}
}`)
	w, err := tfplan.Read("plan.json", plan, tfplan.WithRegion("eu-west-1"), tfplan.WithAccount("111122223333"))
	if err != nil {
		fmt.Println(err)
		return
	}
	s := w.Subnets.Get("aws_subnet.a")
	fmt.Println(s.SubnetId, "in", s.VpcId)
	fmt.Println(w.RouteTables.Get("aws_vpc.main.default_route_table_id").Associations)
	// Output:
	// aws_subnet.a in aws_vpc.main
	// [{true  } {false aws_subnet.a }]
}
