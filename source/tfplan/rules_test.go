package tfplan

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/source"
	"github.com/ecs-preflight/ecs-preflight/world"
)

// check compares named results; each case names the documented behaviour
// it checks.
func check(t *testing.T, tests []struct {
	name string
	got  any
	want any
}) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if fmt.Sprint(tt.got) != fmt.Sprint(tt.want) {
				t.Errorf("got %v, want %v", tt.got, tt.want)
			}
		})
	}
}

type cases = []struct {
	name string
	got  any
	want any
}

// TestInlineRules reads the inline ingress/egress blocks of
// aws_security_group and route blocks of aws_route_table (AWS provider
// docs "aws_security_group", "aws_route_table"): known values as they are,
// a value known only after apply from the configuration block with the same
// constant ports and protocol (Terraform CLI docs "JSON Output Format":
// nested blocks are expressions lists), and a table or group whose rules
// cannot be told left out so lookups are unknown.
func TestInlineRules(t *testing.T) {
	cfg := `{"root_module":{"resources":[
	 {"address":"aws_security_group.task","mode":"managed","type":"aws_security_group","name":"task","expressions":{
	   "egress":[
	     {"from_port":{"constant_value":443},"to_port":{"constant_value":443},"protocol":{"constant_value":"tcp"},"cidr_blocks":{"references":["aws_vpc.main.cidr_block","aws_vpc.main"]}},
	     {"from_port":{"constant_value":5432},"to_port":{"constant_value":5432},"protocol":{"constant_value":"tcp"},"security_groups":{"references":["aws_security_group.db.id","aws_security_group.db"]}}]}},
	 {"address":"aws_security_group.late","mode":"managed","type":"aws_security_group","name":"late","expressions":{
	   "egress":[{"from_port":{"constant_value":443},"to_port":{"constant_value":443},"protocol":{"constant_value":"tcp"},"cidr_blocks":{"references":["data.aws_subnet.x.cidr_block","data.aws_subnet.x"]}}]}},
	 {"address":"aws_security_group.ruleless","mode":"managed","type":"aws_security_group","name":"ruleless","expressions":{"egress":[{}]}},
	 {"address":"aws_route_table.private","mode":"managed","type":"aws_route_table","name":"private","expressions":{
	   "route":[{"cidr_block":{"constant_value":"0.0.0.0/0"},"nat_gateway_id":{"references":["aws_nat_gateway.n.id","aws_nat_gateway.n"]}}]}},
	 {"address":"aws_route_table.nomatch","mode":"managed","type":"aws_route_table","name":"nomatch","expressions":{
	   "route":[{"cidr_block":{"constant_value":"10.9.0.0/16"},"nat_gateway_id":{"references":["aws_nat_gateway.n.id","aws_nat_gateway.n"]}}]}},
	 {"address":"aws_route_table.unknown","mode":"managed","type":"aws_route_table","name":"unknown","expressions":{"route":{"references":["local.routes"]}}}
	]}}`
	egress := []any{
		map[string]any{"from_port": 443.0, "to_port": 443.0, "protocol": "tcp", "self": false},
		map[string]any{"from_port": 5432.0, "to_port": 5432.0, "protocol": "tcp", "self": true, "cidr_blocks": []any{}},
	}
	egressUnknown := []any{
		map[string]any{"cidr_blocks": true},
		map[string]any{"security_groups": true},
	}
	w := read(t, plan(t, []rc{
		{addr: "aws_vpc.main", after: map[string]any{"cidr_block": "10.0.0.0/16"}, unknown: []string{"id"}},
		{addr: "aws_security_group.db", after: map[string]any{"name": "db", "ingress": []any{}, "egress": []any{}}, unknown: []string{"id"}},
		{addr: "aws_security_group.task", after: map[string]any{"name": "task", "ingress": []any{}, "egress": egress},
			unknown: []string{"id"}, au: map[string]any{"egress": egressUnknown}},
		{addr: "aws_security_group.late", after: map[string]any{"name": "late", "ingress": []any{},
			"egress": []any{map[string]any{"from_port": 443.0, "to_port": 443.0, "protocol": "tcp"}}},
			unknown: []string{"id"}, au: map[string]any{"egress": []any{map[string]any{"cidr_blocks": true}}}},
		{addr: "aws_security_group.ruleless", after: map[string]any{"name": "ruleless", "ingress": []any{}}, unknown: []string{"id", "egress"}},
		{addr: "data.aws_subnet.x", after: map[string]any{}, unknown: []string{"cidr_block"}, actions: []string{"read"}},
		{addr: "aws_nat_gateway.n", after: map[string]any{}, unknown: []string{"id"}},
		{addr: "aws_route_table.private", after: map[string]any{"route": []any{map[string]any{"cidr_block": "0.0.0.0/0", "gateway_id": ""}}},
			unknown: []string{"id"}, au: map[string]any{"route": []any{map[string]any{"nat_gateway_id": true}}}},
		{addr: "aws_route_table.nomatch", after: map[string]any{"route": []any{map[string]any{"cidr_block": "0.0.0.0/0"}}},
			unknown: []string{"id"}, au: map[string]any{"route": []any{map[string]any{"nat_gateway_id": true}}}},
		{addr: "aws_route_table.unknown", after: map[string]any{}, unknown: []string{"id", "route"}},
		{addr: "aws_route_table.known", after: map[string]any{"id": "rtb-0known", "route": []any{
			map[string]any{"cidr_block": "0.0.0.0/0", "gateway_id": "igw-0abc"},
			map[string]any{"ipv6_cidr_block": "::/0", "egress_only_gateway_id": "eigw-0abc"}}}, actions: []string{"no-op"}},
	}, placed, cfg, nil))
	task := w.SecurityGroups.Get("aws_security_group.task")
	if task == nil || len(task.IpPermissionsEgress) != 2 {
		t.Fatalf("task group: %+v", task)
	}
	e0, e1 := task.IpPermissionsEgress[0], task.IpPermissionsEgress[1]
	private := w.RouteTables.Get("aws_route_table.private")
	known := w.RouteTables.Get("rtb-0known")
	check(t, cases{
		{"known ports and protocol", fmt.Sprintf("%d %d %s", *e0.FromPort, *e0.ToPort, e0.IpProtocol), "443 443 tcp"},
		{"cidr_blocks from the matching block's reference", e0.IpRanges, []world.IpRange{{CidrIp: "10.0.0.0/16"}}},
		{"security_groups from the matching block, self adds the group itself", e1.UserIdGroupPairs,
			[]world.UserIdGroupPair{{GroupId: "aws_security_group.db"}, {GroupId: "aws_security_group.task"}}},
		{"a rule whose cidr_blocks only apply can tell leaves the group out", w.SecurityGroups.Get("aws_security_group.late") == nil, true},
		{"a configured egress known only after apply leaves the group out", w.SecurityGroups.Get("aws_security_group.ruleless") == nil, true},
		{"route target from the block with the same destination", private != nil && private.Routes[0].NatGatewayId == "aws_nat_gateway.n", true},
		{"no block with the same destination: that route's target is unresolved, the table kept", world.IsUnresolved(w.RouteTables.Get("aws_route_table.nomatch").Routes[0].NatGatewayId), true},
		{"configured routes known only after apply: table left out", w.RouteTables.Get("aws_route_table.unknown") == nil, true},
		{"known internet gateway route", known.Routes[0].GatewayId, "igw-0abc"},
		{"known IPv6 egress-only route", known.Routes[1].DestinationIpv6CidrBlock + " " + known.Routes[1].EgressOnlyInternetGatewayId, "::/0 eigw-0abc"},
		{"existing route table gets no implicit local route", len(known.Routes), 2},
	})
}

// TestSeparateRules reads rules declared as their own resources (AWS
// provider docs "aws_security_group_rule", "aws_route",
// "aws_network_acl_rule", "aws_network_acl_association"): they add to the
// group, table or ACL they name; a rule whose source is known only after
// apply makes the whole group unknown, a route whose target is known only
// after apply has that target unresolved.
func TestSeparateRules(t *testing.T) {
	cfg := `{"root_module":{"resources":[
	 {"address":"aws_security_group_rule.https","mode":"managed","type":"aws_security_group_rule","name":"https","expressions":{"security_group_id":{"references":["aws_security_group.a.id","aws_security_group.a"]}}},
	 {"address":"aws_security_group_rule.from_b","mode":"managed","type":"aws_security_group_rule","name":"from_b","expressions":{
	   "security_group_id":{"references":["aws_security_group.a.id","aws_security_group.a"]},"source_security_group_id":{"references":["aws_security_group.b.id","aws_security_group.b"]}}},
	 {"address":"aws_security_group_rule.late","mode":"managed","type":"aws_security_group_rule","name":"late","expressions":{
	   "security_group_id":{"references":["aws_security_group.c.id","aws_security_group.c"]},"cidr_blocks":{"references":["data.aws_vpc.late.cidr_block","data.aws_vpc.late"]}}},
	 {"address":"aws_route.late","mode":"managed","type":"aws_route","name":"late","expressions":{
	   "route_table_id":{"references":["aws_route_table.rt.id","aws_route_table.rt"]},"nat_gateway_id":{"references":["data.aws_nat_gateway.late.id","data.aws_nat_gateway.late"]}}},
	 {"address":"aws_network_acl.acl","mode":"managed","type":"aws_network_acl","name":"acl","expressions":{"vpc_id":{"references":["aws_vpc.main.id","aws_vpc.main"]}}},
	 {"address":"aws_network_acl_rule.out","mode":"managed","type":"aws_network_acl_rule","name":"out","expressions":{"network_acl_id":{"references":["aws_network_acl.acl.id","aws_network_acl.acl"]}}},
	 {"address":"aws_network_acl_association.s","mode":"managed","type":"aws_network_acl_association","name":"s","expressions":{
	   "network_acl_id":{"references":["aws_network_acl.acl.id","aws_network_acl.acl"]},"subnet_id":{"references":["aws_subnet.s.id","aws_subnet.s"]}}},
	 {"address":"aws_subnet.s","mode":"managed","type":"aws_subnet","name":"s","expressions":{"vpc_id":{"references":["aws_vpc.main.id","aws_vpc.main"]}}}
	]}}`
	sg := func(name string) rc {
		return rc{addr: "aws_security_group." + name, after: map[string]any{"name": name, "ingress": []any{}, "egress": []any{}}, unknown: []string{"id"}}
	}
	w := read(t, plan(t, []rc{
		{addr: "aws_vpc.main", after: map[string]any{"cidr_block": "10.0.0.0/16"}, unknown: []string{"id"}},
		{addr: "aws_subnet.s", after: map[string]any{}, unknown: []string{"id", "vpc_id"}},
		sg("a"), sg("b"), sg("c"),
		{addr: "aws_security_group_rule.https", after: map[string]any{"type": "egress", "protocol": "tcp", "from_port": 443.0, "to_port": 443.0,
			"cidr_blocks": []any{"0.0.0.0/0"}}, unknown: []string{"id", "security_group_id"}},
		{addr: "aws_security_group_rule.from_b", after: map[string]any{"type": "ingress", "protocol": "-1", "from_port": 0.0, "to_port": 0.0},
			unknown: []string{"id", "security_group_id", "source_security_group_id"}},
		{addr: "aws_security_group_rule.late", after: map[string]any{"type": "egress", "protocol": "tcp", "from_port": 443.0, "to_port": 443.0},
			unknown: []string{"id", "security_group_id", "cidr_blocks"}},
		{addr: "data.aws_vpc.late", after: map[string]any{}, unknown: []string{"cidr_block"}, actions: []string{"read"}},
		{addr: "aws_route_table.rt", after: map[string]any{"route": []any{}}, unknown: []string{"id"}},
		{addr: "aws_route.late", after: map[string]any{"destination_cidr_block": "0.0.0.0/0"}, unknown: []string{"id", "route_table_id", "nat_gateway_id"}},
		{addr: "data.aws_nat_gateway.late", after: map[string]any{}, unknown: []string{"id"}, actions: []string{"read"}},
		{addr: "aws_network_acl.acl", after: map[string]any{"ingress": []any{}, "egress": []any{}}, unknown: []string{"id", "vpc_id", "subnet_ids"}},
		{addr: "aws_network_acl_rule.out", after: map[string]any{"rule_number": 100.0, "egress": true, "protocol": "tcp", "rule_action": "allow",
			"cidr_block": "0.0.0.0/0", "from_port": 443.0, "to_port": 443.0}, unknown: []string{"id", "network_acl_id"}},
		{addr: "aws_network_acl_association.s", after: map[string]any{}, unknown: []string{"id", "network_acl_id", "subnet_id"}},
	}, placed, cfg, nil))
	a := w.SecurityGroups.Get("aws_security_group.a")
	acl := w.NetworkACLs.Get("aws_network_acl.acl")
	def := w.NetworkACLs.Get("aws_vpc.main.default_network_acl_id")
	check(t, cases{
		{"egress rule added to the group it names", a.IpPermissionsEgress[0].IpRanges, []world.IpRange{{CidrIp: "0.0.0.0/0"}}},
		{"ingress rule from another group by its stand-in id", a.IpPermissions[0].UserIdGroupPairs, []world.UserIdGroupPair{{GroupId: "aws_security_group.b"}}},
		{"a rule known only after apply makes its group unknown", w.SecurityGroups.Get("aws_security_group.c") == nil, true},
		{"a route whose target is known only after apply keeps its table, with that target unresolved", world.IsUnresolved(w.RouteTables.Get("aws_route_table.rt").Routes[0].NatGatewayId), true},
		{"aws_network_acl_rule goes before the ACL's own rules", fmt.Sprint(acl.Entries[0].RuleNumber, acl.Entries[0].Egress, *acl.Entries[0].PortRange), "100 true {443 443}"},
		{"the ACL keeps its final deny-all rules", acl.Entries[len(acl.Entries)-1].RuleAction, "deny"},
		{"aws_network_acl_association associates the subnet", acl.Associations, []world.NetworkACLAssociation{{SubnetId: "aws_subnet.s"}}},
		{"an explicitly associated subnet is not in the default ACL", len(def.Associations), 0},
	})
}

// TestExistingRole reads a role the plan does not change (AWS provider
// docs "aws_iam_role": managed_policy_arns and inline_policy list what IAM
// has), with an aws_iam_role_policy that replaces an inline policy of the
// same name and one the plan destroys.
func TestExistingRole(t *testing.T) {
	arn := "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
	role := map[string]any{"name": "exec", "arn": "arn:aws:iam::111122223333:role/exec", "path": "/", "assume_role_policy": "{}",
		"managed_policy_arns": []any{arn},
		"inline_policy": []any{
			map[string]any{"name": "old", "policy": `{"Statement":[]}`},
			map[string]any{"name": "gone", "policy": `{"Statement":[]}`},
			map[string]any{"name": "", "policy": ""},
		}, "permissions_boundary": "arn:aws:iam::111122223333:policy/boundary"}
	w := read(t, plan(t, []rc{
		{addr: "aws_iam_role.exec", after: role, before: role, actions: []string{"no-op"}},
		{addr: "aws_iam_role_policy.old", after: map[string]any{"name": "old", "role": "exec", "policy": `{"Statement":[{"Effect":"Allow"}]}`}, actions: []string{"update"}},
		{addr: "aws_iam_role_policy.gone", before: map[string]any{"name": "gone", "role": "exec"}, actions: []string{"delete"}},
		{addr: "aws_iam_role_policy_attachment.dup", after: map[string]any{"role": "arn:aws:iam::111122223333:role/exec", "policy_arn": arn}, unknown: []string{"id"}},
	}, nil, "", nil))
	r := w.Roles.Get("arn:aws:iam::111122223333:role/exec")
	check(t, cases{
		{"managed_policy_arns known", r.AttachedKnown, true},
		{"an attachment of an attached policy is listed once", len(r.AttachedPolicies), 1},
		{"attached policy name is the ARN's last segment", r.AttachedPolicies[0].PolicyName, "AmazonECSTaskExecutionRolePolicy"},
		{"inline policies known", r.InlineKnown, true},
		{"aws_iam_role_policy replaces the inline policy of the same name, the destroyed one goes", len(r.InlinePolicies), 1},
		{"the plan's policy wins", r.InlinePolicies[0].PolicyDocument, `{"Statement":[{"Effect":"Allow"}]}`},
		{"permissions boundary known", r.PermissionsBoundaryArn, "arn:aws:iam::111122223333:policy/boundary"},
		{"an existing role's path is kept", r.Path, "/"},
	})
}

// TestReferences follows the references Terraform lists for an expression
// (Terraform CLI docs "JSON Output Format", expression representation:
// each reference and its shorter prefixes, the most specific first; and
// "References to Named Values": var., local., module., data., count.,
// each., path., terraform., self.).
func TestReferences(t *testing.T) {
	cfg := `{"root_module":{
	 "variables":{"ids":{},"m":{},"secret":{"sensitive":true}},
	 "resources":[
	  {"address":"aws_subnet.s","mode":"managed","type":"aws_subnet","name":"s","expressions":{}},
	  {"address":"aws_ecs_service.first","mode":"managed","type":"aws_ecs_service","name":"first","expressions":{"network_configuration":[{"subnets":{"references":["var.ids[0]","var.ids"]}}]}},
	  {"address":"aws_ecs_service.keyed","mode":"managed","type":"aws_ecs_service","name":"keyed","expressions":{"network_configuration":[{"subnets":{"references":["var.m[\"b\"]","var.m"]}}]}},
	  {"address":"aws_ecs_service.mod","mode":"managed","type":"aws_ecs_service","name":"mod","expressions":{"network_configuration":[{"subnets":{"references":["module.net[\"x\"].ids","module.net"]}}]}},
	  {"address":"aws_ecs_service.bad","mode":"managed","type":"aws_ecs_service","name":"bad","expressions":{"network_configuration":[{"subnets":{"references":["aws_subnet.s[\"a\"","path.module","terraform.workspace"]}}]}},
	  {"address":"aws_ecs_service.eph","mode":"managed","type":"aws_ecs_service","name":"eph","expressions":{"network_configuration":[{"subnets":{"references":["ephemeral.aws_x.y.ids","ephemeral.aws_x.y"]}}]}},
	  {"address":"aws_ecs_service.sens","mode":"managed","type":"aws_ecs_service","name":"sens","expressions":{"network_configuration":[{"subnets":{"references":["var.secret"]}}]}},
	  {"address":"aws_ecs_service.novalue","mode":"managed","type":"aws_ecs_service","name":"novalue","expressions":{"network_configuration":[{"subnets":{"references":["var.nothing"]}}]}},
	  {"address":"aws_ecs_service.out","mode":"managed","type":"aws_ecs_service","name":"out","expressions":{"network_configuration":[{"subnets":{"references":["module.net[\"x\"].hidden","module.net[\"x\"].none","module.gone.ids"]}}]}},
	  {"address":"aws_ecs_service.key","mode":"managed","type":"aws_ecs_service","name":"key","expressions":{"network_configuration":[{"subnets":{"references":["aws_subnet.s[\"zz\"].id","aws_subnet.s[\"zz\"]","aws_subnet.s"]}}]}}
	 ],
	 "module_calls":{"net":{"source":"./net","for_each_expression":{"constant_value":{"x":1}},"expressions":{},"module":{
	   "resources":[{"address":"aws_subnet.this","mode":"managed","type":"aws_subnet","name":"this","expressions":{"vpc_id":{"references":["var.vpc"]}}}],
	   "variables":{"vpc":{"default":"vpc-0default"},"token":{"sensitive":true}},
	   "outputs":{"ids":{"expression":{"references":["aws_subnet.this"]}},"hidden":{"sensitive":true,"expression":{"references":["var.token"]}}}}}}
	}}`
	svc := func(name string) rc {
		return rc{addr: "aws_ecs_service." + name, after: map[string]any{"name": name, "network_configuration": []any{map[string]any{"assign_public_ip": false}}},
			unknown: []string{"id"}, au: map[string]any{"network_configuration": []any{map[string]any{"subnets": true}}}}
	}
	vars := map[string]any{"ids": []any{"subnet-0first", "subnet-0second"}, "m": map[string]any{"a": "subnet-0a", "b": "subnet-0b"}, "secret": "subnet-0secret"}
	w := read(t, plan(t, []rc{
		{addr: "aws_subnet.s", after: map[string]any{}, unknown: []string{"id"}},
		{addr: `module.net["x"].aws_subnet.this`, after: map[string]any{}, unknown: []string{"id", "vpc_id"}},
		svc("first"), svc("keyed"), svc("mod"), svc("bad"), svc("eph"), svc("sens"), svc("novalue"), svc("out"), svc("key"),
	}, placed, cfg, vars))
	subnets := func(name string) string {
		s := w.Services.Get("aws_ecs_service." + name)
		if s == nil || s.NetworkConfiguration == nil {
			return "<none>"
		}
		return strings.Join(s.NetworkConfiguration.AwsvpcConfiguration.Subnets, ",")
	}
	check(t, cases{
		{"var.ids[0] is the first element", subnets("first"), "subnet-0first"},
		{`var.m["b"] is the element with key b`, subnets("keyed"), "subnet-0b"},
		{"output of a for_each module instance", subnets("mod"), `module.net["x"].aws_subnet.this`},
		{"module variable default", w.Subnets.Get(`module.net["x"].aws_subnet.this`).VpcId, "vpc-0default"},
		{"text that is not a reference is unknown", strings.Contains(subnets("bad"), `aws_subnet.s["a" (not a reference)`), true},
		{"ephemeral resources are not in the plan", strings.Contains(subnets("eph"), "ephemeral resources are not in the plan JSON"), true},
		{"a sensitive variable is not read", strings.Contains(subnets("sens"), "var.secret (sensitive)"), true},
		{"a variable without a value", strings.Contains(subnets("novalue"), "var.nothing (no value in the plan)"), true},
		{"a sensitive module output is not read", strings.Contains(subnets("out"), `module.net["x"].hidden (sensitive)`), true},
		{"an output the module does not have", strings.Contains(subnets("out"), `module.net["x"].none (no such output)`), true},
		{"a module call not in the configuration", strings.Contains(subnets("out"), "module.gone.ids (module not in the configuration)"), true},
		{"an instance key not in the plan", strings.Contains(subnets("key"), "aws_subnet.s with that key (not in the plan)"), true},
	})
}

// TestExistingResources reads resources the plan only refreshes or reads
// (prior_state and data sources; Terraform CLI docs "JSON Output Format":
// prior_state holds the data sources read at plan time): their ids, states
// and attributes are known, AWS creates nothing implicit for them, and
// separate policy resources (AWS provider docs "aws_ecr_repository_policy",
// "aws_secretsmanager_secret_policy", "aws_kms_key_policy",
// "aws_vpc_endpoint_policy") set the policy of the resource they name.
func TestExistingResources(t *testing.T) {
	pol := `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}`
	existing := []rc{
		{addr: "data.aws_vpc.v", after: map[string]any{"id": "vpc-0v", "cidr_block": "10.1.0.0/16", "dhcp_options_id": "dopt-0old"}},
		{addr: "data.aws_internet_gateway.g", after: map[string]any{"id": "igw-0g", "attachments": []any{map[string]any{"vpc_id": "vpc-0v", "state": "available"}}}},
		{addr: "data.aws_nat_gateway.n", after: map[string]any{"id": "nat-0n", "subnet_id": "subnet-0pub", "vpc_id": "vpc-0v", "state": "available"}},
		{addr: "data.aws_vpc_endpoint.s3", after: map[string]any{"id": "vpce-0s3", "vpc_id": "vpc-0v", "service_name": "com.amazonaws.eu-west-1.s3",
			"vpc_endpoint_type": "Gateway", "state": "available", "route_table_ids": []any{"rtb-0a"}, "policy": pol}},
		{addr: "data.aws_route_table.rt", after: map[string]any{"id": "rtb-0a", "vpc_id": "vpc-0v", "route": []any{},
			"associations": []any{map[string]any{"main": false, "subnet_id": "subnet-0a", "gateway_id": ""}}}},
	}
	cfg := `{"root_module":{"resources":[
	 {"address":"aws_vpc_endpoint_route_table_association.b","mode":"managed","type":"aws_vpc_endpoint_route_table_association","name":"b","expressions":{
	   "vpc_endpoint_id":{"references":["aws_vpc_endpoint.ecr.id","aws_vpc_endpoint.ecr"]},"route_table_id":{"references":["data.aws_route_table.rt.id","data.aws_route_table.rt"]}}},
	 {"address":"aws_vpc_endpoint_security_group_association.g","mode":"managed","type":"aws_vpc_endpoint_security_group_association","name":"g","expressions":{
	   "vpc_endpoint_id":{"references":["aws_vpc_endpoint.ecr.id","aws_vpc_endpoint.ecr"]},"security_group_id":{"references":["aws_security_group.e.id","aws_security_group.e"]}}},
	 {"address":"aws_vpc_endpoint_subnet_association.s","mode":"managed","type":"aws_vpc_endpoint_subnet_association","name":"s","expressions":{
	   "vpc_endpoint_id":{"references":["aws_vpc_endpoint.ecr.id","aws_vpc_endpoint.ecr"]},"subnet_id":{"references":["data.aws_subnet.late.id","data.aws_subnet.late"]}}},
	 {"address":"aws_vpc_endpoint_policy.p","mode":"managed","type":"aws_vpc_endpoint_policy","name":"p","expressions":{
	   "vpc_endpoint_id":{"references":["aws_vpc_endpoint.ecr.id","aws_vpc_endpoint.ecr"]}}},
	 {"address":"aws_ecr_repository_policy.p","mode":"managed","type":"aws_ecr_repository_policy","name":"p","expressions":{
	   "repository":{"references":["aws_ecr_repository.app.name","aws_ecr_repository.app"]}}},
	 {"address":"aws_secretsmanager_secret_policy.p","mode":"managed","type":"aws_secretsmanager_secret_policy","name":"p","expressions":{
	   "secret_arn":{"references":["aws_secretsmanager_secret.s.arn","aws_secretsmanager_secret.s"]}}},
	 {"address":"aws_secretsmanager_secret_version.v","mode":"managed","type":"aws_secretsmanager_secret_version","name":"v","expressions":{
	   "secret_id":{"references":["aws_secretsmanager_secret.s.id","aws_secretsmanager_secret.s"]}}},
	 {"address":"aws_kms_key_policy.p","mode":"managed","type":"aws_kms_key_policy","name":"p","expressions":{
	   "key_id":{"references":["aws_kms_key.k.id","aws_kms_key.k"]}}},
	 {"address":"aws_vpc_dhcp_options_association.a","mode":"managed","type":"aws_vpc_dhcp_options_association","name":"a","expressions":{
	   "vpc_id":{"references":["data.aws_vpc.v.id","data.aws_vpc.v"]},"dhcp_options_id":{"references":["aws_vpc_dhcp_options.d.id","aws_vpc_dhcp_options.d"]}}}
	]}}`
	keyARN := "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	w := read(t, plan(t, []rc{
		{addr: "aws_vpc_endpoint.ecr", after: map[string]any{"id": "vpce-0ecr", "vpc_id": "vpc-0v", "service_name": "com.amazonaws.eu-west-1.ecr.dkr",
			"vpc_endpoint_type": "Interface", "private_dns_enabled": true, "security_group_ids": []any{}, "subnet_ids": []any{}, "route_table_ids": []any{}, "policy": pol}, actions: []string{"no-op"}},
		{addr: "aws_security_group.e", after: map[string]any{"id": "sg-0e", "vpc_id": "vpc-0v", "ingress": []any{}, "egress": []any{}}, actions: []string{"no-op"}},
		{addr: "data.aws_subnet.late", after: map[string]any{}, unknown: []string{"id"}, actions: []string{"read"}},
		{addr: "aws_vpc_endpoint_route_table_association.b", after: map[string]any{"vpc_endpoint_id": "vpce-0ecr", "route_table_id": "rtb-0a"}, unknown: []string{"id"}},
		{addr: "aws_vpc_endpoint_security_group_association.g", after: map[string]any{"vpc_endpoint_id": "vpce-0ecr", "security_group_id": "sg-0e"}, unknown: []string{"id"}},
		{addr: "aws_vpc_endpoint_subnet_association.s", after: map[string]any{"vpc_endpoint_id": "vpce-0ecr"}, unknown: []string{"id", "subnet_id"}},
		{addr: "aws_vpc_endpoint_policy.p", after: map[string]any{"vpc_endpoint_id": "vpce-0ecr", "policy": `{"Statement":[]}`}, unknown: []string{"id"}},
		{addr: "aws_ecr_repository.app", after: map[string]any{"name": "app", "arn": "arn:aws:ecr:eu-west-1:111122223333:repository/app",
			"registry_id": "111122223333", "repository_url": "111122223333.dkr.ecr.eu-west-1.amazonaws.com/app",
			"encryption_configuration": []any{map[string]any{"encryption_type": "KMS", "kms_key": keyARN}}}, actions: []string{"no-op"}},
		{addr: "aws_ecr_repository_policy.p", after: map[string]any{"repository": "app", "policy": pol}, unknown: []string{"id"}},
		{addr: "aws_secretsmanager_secret.s", after: map[string]any{"name": "db", "arn": "arn:aws:secretsmanager:eu-west-1:111122223333:secret:db-AbCdEf",
			"id": "arn:aws:secretsmanager:eu-west-1:111122223333:secret:db-AbCdEf", "kms_key_id": keyARN}, unknown: []string{"policy"}, actions: []string{"update"}},
		{addr: "aws_secretsmanager_secret_policy.p", after: map[string]any{"policy": pol}, unknown: []string{"id", "secret_arn"}},
		{addr: "aws_secretsmanager_secret_version.v", after: map[string]any{"secret_string": "not json"}, unknown: []string{"id", "secret_id"}},
		{addr: "aws_kms_key.k", after: map[string]any{"id": "1234abcd-12ab-34cd-56ef-1234567890ab", "key_id": "1234abcd-12ab-34cd-56ef-1234567890ab",
			"arn": keyARN, "is_enabled": false, "policy": pol}, actions: []string{"no-op"}},
		{addr: "aws_kms_key_policy.p", after: map[string]any{"key_id": "1234abcd-12ab-34cd-56ef-1234567890ab", "policy": `{"Statement":[]}`}, unknown: []string{"id"}},
		{addr: "aws_vpc_dhcp_options.d", after: map[string]any{"domain_name_servers": []any{"10.1.0.2"}}, unknown: []string{"id"}},
		{addr: "aws_vpc_dhcp_options_association.a", after: map[string]any{}, unknown: []string{"id", "vpc_id", "dhcp_options_id"}},
	}, append(existing, placed...), cfg, nil))
	ecr := w.VPCEndpoints.Get("vpce-0ecr")
	s3 := w.VPCEndpoints.Get("vpce-0s3")
	repo := w.Repositories.Get("arn:aws:ecr:eu-west-1:111122223333:repository/app")
	sec := w.Secrets.Get("arn:aws:secretsmanager:eu-west-1:111122223333:secret:db-AbCdEf")
	key := w.Keys.Get(keyARN)
	check(t, cases{
		{"existing VPC is not described as complete", w.VPCs.Get("vpc-0v").Described, false},
		{"DHCP options association sets the VPC's options", w.VPCs.Get("vpc-0v").DhcpOptionsId, "aws_vpc_dhcp_options.d"},
		{"DHCP options servers", w.DHCPOptions.Get("aws_vpc_dhcp_options.d").DomainNameServers, []string{"10.1.0.2"}},
		{"no implicit main route table for an existing VPC", w.RouteTables.Get("data.aws_vpc.v.default_route_table_id") == nil, true},
		{"data.aws_route_table associations", w.RouteTables.Get("rtb-0a").Associations, []world.RouteTableAssociation{{SubnetId: "subnet-0a"}}},
		{"data.aws_internet_gateway attachments", w.InternetGateways.Get("igw-0g").Attachments, []world.InternetGatewayAttachment{{VpcId: "vpc-0v", State: "available"}}},
		{"data.aws_nat_gateway state and VPC", w.NATGateways.Get("nat-0n").State + " " + w.NATGateways.Get("nat-0n").VpcId, "available vpc-0v"},
		{"an existing endpoint is available", ecr.State, "available"},
		{"data.aws_vpc_endpoint keeps its state and route tables", s3.State + " " + strings.Join(s3.RouteTableIds, ","), "available rtb-0a"},
		{"route table association adds the table to the endpoint", ecr.RouteTableIds, []string{"rtb-0a"}},
		{"security group association adds the group", ecr.Groups, []world.SecurityGroupIdentifier{{GroupId: "sg-0e"}}},
		{"a subnet association known only after apply is recorded as unknown", strings.Contains(ecr.Unknown["subnet_id"], "data.aws_subnet.late"), true},
		{"aws_vpc_endpoint_policy replaces the endpoint's policy", ecr.PolicyDocument, `{"Statement":[]}`},
		{"existing repository's policy comes from aws_ecr_repository_policy", repo.PolicyKnown && repo.PolicyText == pol, true},
		{"repository encryption", repo.EncryptionType + " " + repo.KmsKey, "KMS " + keyARN},
		{"secret policy from aws_secretsmanager_secret_policy", sec.ResourcePolicyKnown && sec.ResourcePolicy == pol, true},
		{"a secret string that is not JSON is text", sec.Value.Kind, "text"},
		{"secret key", sec.KmsKeyId, keyARN},
		{"is_enabled false is Disabled", key.KeyState, "Disabled"},
		{"aws_kms_key_policy replaces the key policy", key.Policy, `{"Statement":[]}`},
	})
}

// TestSecretShape: a secret version is described by its kind and
// top-level JSON keys, never its value (AWS provider docs
// "aws_secretsmanager_secret_version": secret_string or secret_binary);
// nil when the value is known only after apply.
func TestSecretShape(t *testing.T) {
	tests := []struct {
		name    string
		vals    map[string]any
		unknown map[string]any
		want    string
	}{
		{"JSON object: sorted keys", map[string]any{"secret_string": `{"username":"u","password":"p"}`}, nil, "&{json [password username]}"},
		{"not JSON: text", map[string]any{"secret_string": "hunter2"}, nil, "&{text []}"},
		{"JSON that is not an object: text", map[string]any{"secret_string": `["a"]`}, nil, "&{text []}"},
		{"binary", map[string]any{"secret_binary": "aGk="}, nil, "&{binary []}"},
		{"string known only after apply", map[string]any{}, map[string]any{"secret_string": true}, "<nil>"},
		{"binary known only after apply", map[string]any{}, map[string]any{"secret_binary": true}, "<nil>"},
		{"neither", map[string]any{"secret_string": ""}, nil, "<nil>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := shapeOf(tt.vals, tt.unknown)
			if s := fmt.Sprint(got); got == nil && tt.want != "<nil>" || got != nil && fmt.Sprint(*got) != strings.TrimPrefix(tt.want, "&") {
				t.Errorf("got %v, want %s", s, tt.want)
			}
		})
	}
}

// TestPlanSource: the source.Source reads the file with its options, and a
// cancelled context reads nothing.
func TestPlanSource(t *testing.T) {
	p := &Plan{Path: "testdata/scenarios/new-stack-nat.json", Options: []Option{WithAccount("444455556666")}}
	w, err := p.Load(t.Context())
	if err != nil || w.AccountID != "444455556666" || w.Origin.File != p.Path {
		t.Errorf("Load: account %q origin %q error %v", w.AccountID, w.Origin.File, err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := p.Load(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
	if _, err := Read("p.json", []byte(`{"format_version":"1.2","planned_values":{}}`), WithRegion("x")); err == nil || errors.As(err, new(*source.InputError)) {
		t.Errorf("bad option: %v, want an error that is not about the input", err)
	}
}

// TestLifecycle: resource_changes actions (Terraform CLI docs "JSON Output
// Format", change representation): an instance the plan deletes is not in
// the world, a replaced one is created anew, and a resource in a child
// module of the prior state is read with its module.
func TestLifecycle(t *testing.T) {
	data := []byte(`{"format_version":"1.2",
	 "prior_state":{"format_version":"1.0","values":{"root_module":{
	   "resources":[{"address":"aws_subnet.old","mode":"managed","type":"aws_subnet","name":"old","values":{"id":"subnet-0old","vpc_id":"vpc-0a"},"sensitive_values":{}}],
	   "child_modules":[{"address":"module.net","resources":[
	     {"address":"module.net.aws_subnet.kept","mode":"managed","type":"aws_subnet","name":"kept","values":{"id":"subnet-0kept","vpc_id":"vpc-0a","cidr_block":"10.0.9.0/24"},"sensitive_values":{}}]}]}}},
	 "planned_values":{"root_module":{"resources":[{"address":"aws_subnet.planned","mode":"managed","type":"aws_subnet","name":"planned","values":{"id":"subnet-0planned"}}]}},
	 "resource_changes":[
	   {"address":"aws_subnet.old","mode":"managed","type":"aws_subnet","name":"old","change":{"actions":["delete"],"before":{"id":"subnet-0old"},"after":null}},
	   {"address":"aws_subnet.swap","mode":"managed","type":"aws_subnet","name":"swap","change":{"actions":["delete","create"],"before":{"id":"subnet-0swap"},"after":{"vpc_id":"vpc-0a"},"after_unknown":{"id":true}}},
	   {"address":"aws_subnet.dep","mode":"managed","type":"aws_subnet","name":"dep","deposed":"00000001","change":{"actions":["delete"],"before":{"id":"subnet-0dep"}}}
	 ]}`)
	w := read(t, data)
	kept := w.Subnets.Get("subnet-0kept")
	check(t, cases{
		{"a deleted instance is not in the world", w.Subnets.Get("subnet-0old") == nil, true},
		{"a replaced instance is created: its id is its address", w.Subnets.Get("aws_subnet.swap") != nil, true},
		{"a deposed object is ignored", w.Subnets.Get("subnet-0dep") == nil, true},
		{"planned_values alone", w.Subnets.Get("subnet-0planned") != nil, true},
		{"child module of the prior state, with its module", kept != nil && kept.Origin.Path == "module.net.aws_subnet.kept", true},
	})
}

// TestPerIndex: with count.index or each.key among the references, an
// instance takes the instance of the same key of the resource it names;
// a count index wraps around the count as element(list, count.index) does
// (Terraform docs "element Function": "If the given index is greater than
// the length of the list then the index is wrapped around"); a reference
// through a local in a module with one resource of the type takes it, by
// key when counted.
func TestPerIndex(t *testing.T) {
	cfg := `{"root_module":{"resources":[
	 {"address":"aws_subnet.s","mode":"managed","type":"aws_subnet","name":"s","expressions":{}},
	 {"address":"aws_nat_gateway.n","mode":"managed","type":"aws_nat_gateway","name":"n","expressions":{"subnet_id":{"references":["aws_subnet.s","count.index"]}}},
	 {"address":"aws_route_table.rt","mode":"managed","type":"aws_route_table","name":"rt","expressions":{"vpc_id":{"references":["aws_vpc.v","each.key"]}}},
	 {"address":"aws_route_table_association.a","mode":"managed","type":"aws_route_table_association","name":"a","expressions":{
	   "subnet_id":{"references":["local.subnets","count.index"]},"route_table_id":{"references":["aws_route_table.rt[\"x\"].id","aws_route_table.rt[\"x\"]","aws_route_table.rt"]}}},
	 {"address":"aws_security_group.g","mode":"managed","type":"aws_security_group","name":"g","expressions":{"vpc_id":{"references":["aws_vpc.v"]}}}
	]}}`
	w := read(t, plan(t, []rc{
		{addr: `aws_vpc.v["x"]`, after: map[string]any{"cidr_block": "10.0.0.0/16"}, unknown: []string{"id"}},
		{addr: `aws_vpc.v["y"]`, after: map[string]any{"cidr_block": "10.1.0.0/16"}, unknown: []string{"id"}},
		{addr: "aws_subnet.s[0]", after: map[string]any{"vpc_id": "vpc-0a"}, unknown: []string{"id"}},
		{addr: "aws_subnet.s[1]", after: map[string]any{"vpc_id": "vpc-0a"}, unknown: []string{"id"}},
		{addr: "aws_nat_gateway.n[0]", after: map[string]any{}, unknown: []string{"id", "subnet_id"}},
		{addr: "aws_nat_gateway.n[1]", after: map[string]any{}, unknown: []string{"id", "subnet_id"}},
		{addr: "aws_nat_gateway.n[2]", after: map[string]any{}, unknown: []string{"id", "subnet_id"}},
		{addr: `aws_route_table.rt["x"]`, after: map[string]any{}, unknown: []string{"id", "vpc_id", "route"}},
		{addr: `aws_route_table.rt["y"]`, after: map[string]any{}, unknown: []string{"id", "vpc_id", "route"}},
		{addr: "aws_route_table_association.a[1]", after: map[string]any{}, unknown: []string{"id", "subnet_id", "route_table_id"}},
		{addr: "aws_security_group.g", after: map[string]any{"ingress": []any{}, "egress": []any{}}, unknown: []string{"id", "vpc_id"}},
	}, placed, cfg, nil))
	rtx := w.RouteTables.Get(`aws_route_table.rt["x"]`)
	check(t, cases{
		{"count.index 0 takes subnet 0", w.NATGateways.Get("aws_nat_gateway.n[0]").SubnetId, "aws_subnet.s[0]"},
		{"count.index 2 wraps around two subnets to subnet 0", w.NATGateways.Get("aws_nat_gateway.n[2]").SubnetId, "aws_subnet.s[0]"},
		{"each.key takes the VPC with the same key", w.RouteTables.Get(`aws_route_table.rt["y"]`).VpcId, `aws_vpc.v["y"]`},
		{"a local with count.index takes the module's one subnet resource by index", rtx.Associations, []world.RouteTableAssociation{{SubnetId: "aws_subnet.s[1]"}}},
		{"a reference to several instances without a key is several resources", strings.Contains(w.SecurityGroups.Get("aws_security_group.g").VpcId, "names several resources"), true},
	})
}

// TestPartlyKnown: a list the plan knows in part (after_unknown marks one
// element; Terraform CLI docs "JSON Output Format": after_unknown mirrors
// after with true for unknown values) keeps the known elements and
// resolves the rest from the configuration.
func TestPartlyKnown(t *testing.T) {
	cfg := `{"root_module":{"resources":[
	 {"address":"aws_ecs_service.app","mode":"managed","type":"aws_ecs_service","name":"app","expressions":{
	   "network_configuration":[{"security_groups":{"references":["aws_security_group.x.id","aws_security_group.x"]}}]}}]}}`
	w := read(t, plan(t, []rc{
		{addr: "aws_security_group.x", after: map[string]any{"name": "x", "ingress": []any{}, "egress": []any{}}, unknown: []string{"id"}},
		{addr: "aws_ecs_service.app", after: map[string]any{"name": "app", "network_configuration": []any{map[string]any{
			"assign_public_ip": false, "subnets": []any{"subnet-0a"}, "security_groups": []any{"sg-0known", nil}}}},
			unknown: []string{"id"}, au: map[string]any{"network_configuration": []any{map[string]any{"security_groups": []any{false, true}}}}},
	}, placed, cfg, nil))
	c := w.Services.Get("aws_ecs_service.app").NetworkConfiguration.AwsvpcConfiguration
	check(t, cases{
		{"known subnets", c.Subnets, []string{"subnet-0a"}},
		{"known element kept, unknown element resolved", c.SecurityGroups, []string{"aws_security_group.x", "sg-0known"}},
	})
}

// TestServices reads aws_ecs_service (AWS provider docs "aws_ecs_service":
// network_configuration, capacity_provider_strategy, launch_type) and
// aws_ecs_task_definition container_definitions (ECS API reference
// "ContainerDefinition").
func TestServices(t *testing.T) {
	cfg := `{"root_module":{"resources":[
	 {"address":"aws_ecs_cluster.c","mode":"managed","type":"aws_ecs_cluster","name":"c","expressions":{}},
	 {"address":"aws_ecs_service.spot","mode":"managed","type":"aws_ecs_service","name":"spot","expressions":{"cluster":{"references":["aws_ecs_cluster.c.id","aws_ecs_cluster.c"]}}}]}}`
	w := read(t, plan(t, []rc{
		{addr: "aws_ecs_cluster.c", after: map[string]any{"name": "prod"}, unknown: []string{"id", "arn"}},
		{addr: "aws_ecs_service.spot", after: map[string]any{"name": "spot", "platform_version": "1.4.0",
			"capacity_provider_strategy": []any{map[string]any{"capacity_provider": "FARGATE_SPOT", "weight": 3.0, "base": 1.0}},
			"network_configuration":      []any{map[string]any{"assign_public_ip": true, "subnets": []any{"subnet-0a"}}}},
			unknown: []string{"id", "cluster"}},
		{addr: "aws_ecs_service.late", after: map[string]any{"name": "late", "launch_type": "FARGATE"}, unknown: []string{"id", "network_configuration"}},
		{addr: "aws_ecs_service.ip", after: map[string]any{"name": "ip", "network_configuration": []any{map[string]any{"subnets": []any{"subnet-0a"}}}},
			unknown: []string{"id"}, au: map[string]any{"network_configuration": []any{map[string]any{"assign_public_ip": true}}}},
		{addr: "aws_ecs_service.none", after: map[string]any{"name": "none", "network_configuration": []any{}}, unknown: []string{"id"}},
	}, placed, cfg, nil))
	spot := w.Services.Get("aws_ecs_service.spot")
	check(t, cases{
		{"cluster ARN built from the cluster name", spot.ClusterArn, "arn:aws:ecs:eu-west-1:111122223333:cluster/prod"},
		{"capacity provider strategy", spot.CapacityProviderStrategy, []world.CapacityProviderStrategyItem{{CapacityProvider: "FARGATE_SPOT", Weight: 3, Base: 1}}},
		{"assign_public_ip true is ENABLED", spot.NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp, "ENABLED"},
		{"platform version", spot.PlatformVersion, "1.4.0"},
		{"security groups not configured: none", spot.NetworkConfiguration.AwsvpcConfiguration.SecurityGroups == nil, true},
		{"network configuration known only after apply", strings.Contains(w.Services.Get("aws_ecs_service.late").Unknown["networkConfiguration"], "known only after apply"), true},
		{"launch type", w.Services.Get("aws_ecs_service.late").LaunchType, "FARGATE"},
		{"assign_public_ip known only after apply", strings.Contains(w.Services.Get("aws_ecs_service.ip").Unknown["networkConfiguration"], "assign_public_ip"), true},
		{"assign_public_ip unknown: no network configuration", w.Services.Get("aws_ecs_service.ip").NetworkConfiguration == nil, true},
		{"no network_configuration block", w.Services.Get("aws_ecs_service.none").NetworkConfiguration == nil && len(w.Services.Get("aws_ecs_service.none").Unknown) == 0, true},
	})
	for _, bad := range []struct{ name, cd, msg string }{
		{"null container", `[null]`, "[0]: not a JSON object"},
		{"wrong field type", `[{"name":"a","essential":"yes"}]`, "[0].essential: a JSON string where the ECS API has another type"},
	} {
		t.Run(bad.name, func(t *testing.T) {
			_, err := Read("p.json", plan(t, []rc{{addr: "aws_ecs_task_definition.t", after: map[string]any{"family": "t", "container_definitions": bad.cd}}}, nil, "", nil))
			if err == nil || !strings.Contains(err.Error(), bad.msg) {
				t.Errorf("got %v, want %q", err, bad.msg)
			}
		})
	}
}

// TestSynth: the ARN a created resource will have, built as AWS builds it
// (IAM-UG "IAM identifiers"; ECS API reference "Cluster", clusterArn;
// KMS-DG "Key identifiers (KeyId)"), in the partition of the region.
func TestSynth(t *testing.T) {
	w := read(t, plan(t, []rc{
		{addr: "aws_iam_role.noname", after: map[string]any{"assume_role_policy": "{}"}, unknown: []string{"arn", "id", "name"}},
		{addr: "aws_iam_role.pathed", after: map[string]any{"name": "r", "path": "svc", "assume_role_policy": "{}"}, unknown: []string{"arn", "id"}},
		{addr: "aws_iam_policy.noname", after: map[string]any{"policy": "{}"}, unknown: []string{"arn", "id", "name"}},
		{addr: "aws_kms_alias.a", after: map[string]any{"name": "alias/app"}, unknown: []string{"arn", "target_key_id"}},
		{addr: "aws_ecr_repository.r", after: map[string]any{"name": "app"}, unknown: []string{"arn", "repository_url", "registry_id"}},
	}, nil, "", nil), WithRegion("cn-north-1"), WithAccount("111122223333"))
	check(t, cases{
		{"role without a name: stand-in", w.Roles.Get("aws_iam_role.noname") != nil, true},
		{"role path gets its slashes", w.Roles.Get("arn:aws-cn:iam::111122223333:role/svc/r") != nil, true},
		{"policy without a name: stand-in", w.Policies.Get("aws_iam_policy.noname") != nil, true},
		{"alias ARN", w.KeyAliases.Get("arn:aws-cn:kms:cn-north-1:111122223333:alias/app") != nil, true},
		{"ECR URL in China: amazonaws.com.cn", w.Repositories.Get("arn:aws-cn:ecr:cn-north-1:111122223333:repository/app").RepositoryUri,
			"111122223333.dkr.ecr.cn-north-1.amazonaws.com.cn/app"},
	})
}

// TestVPCSecurityGroupRules reads aws_vpc_security_group_ingress_rule and
// _egress_rule (AWS provider docs): one rule per resource, with a CIDR, a
// prefix list or a referenced group; a rule whose referenced group is
// known only after apply makes its group unknown, and an unknown prefix
// list is kept as a stand-in whose addresses are unknown.
func TestVPCSecurityGroupRules(t *testing.T) {
	cfg := `{"root_module":{"resources":[
	 {"address":"aws_vpc_security_group_ingress_rule.from_lb","mode":"managed","type":"aws_vpc_security_group_ingress_rule","name":"from_lb","expressions":{
	   "security_group_id":{"references":["aws_security_group.task.id","aws_security_group.task"]},"referenced_security_group_id":{"references":["aws_security_group.lb.id","aws_security_group.lb"]}}},
	 {"address":"aws_vpc_security_group_egress_rule.s3","mode":"managed","type":"aws_vpc_security_group_egress_rule","name":"s3","expressions":{
	   "security_group_id":{"references":["aws_security_group.task.id","aws_security_group.task"]}}},
	 {"address":"aws_vpc_security_group_egress_rule.late","mode":"managed","type":"aws_vpc_security_group_egress_rule","name":"late","expressions":{
	   "security_group_id":{"references":["aws_security_group.other.id","aws_security_group.other"]},"prefix_list_id":{"references":["data.aws_prefix_list.late.id","data.aws_prefix_list.late"]}}}
	]}}`
	sg := func(name string) rc {
		return rc{addr: "aws_security_group." + name, after: map[string]any{"name": name, "ingress": []any{}, "egress": []any{}}, unknown: []string{"id"}}
	}
	w := read(t, plan(t, []rc{
		sg("task"), sg("lb"), sg("other"),
		{addr: "aws_vpc_security_group_ingress_rule.from_lb", after: map[string]any{"ip_protocol": "tcp", "from_port": 8080.0, "to_port": 8080.0},
			unknown: []string{"id", "security_group_id", "referenced_security_group_id"}},
		{addr: "aws_vpc_security_group_egress_rule.s3", after: map[string]any{"ip_protocol": "tcp", "from_port": 443.0, "to_port": 443.0,
			"prefix_list_id": "pl-6da54004", "cidr_ipv6": "::/0"}, unknown: []string{"id", "security_group_id"}},
		{addr: "aws_vpc_security_group_egress_rule.late", after: map[string]any{"ip_protocol": "-1"}, unknown: []string{"id", "security_group_id", "prefix_list_id"}},
		{addr: "data.aws_prefix_list.late", after: map[string]any{}, unknown: []string{"id"}, actions: []string{"read"}},
	}, placed, cfg, nil))
	task := w.SecurityGroups.Get("aws_security_group.task")
	check(t, cases{
		{"ingress from the referenced group", task.IpPermissions[0].UserIdGroupPairs, []world.UserIdGroupPair{{GroupId: "aws_security_group.lb"}}},
		{"egress to a prefix list", task.IpPermissionsEgress[0].PrefixListIds, []world.PrefixListId{{PrefixListId: "pl-6da54004"}}},
		{"egress to an IPv6 CIDR", task.IpPermissionsEgress[0].Ipv6Ranges, []world.Ipv6Range{{CidrIpv6: "::/0"}}},
		{"a rule whose prefix list is known only after apply keeps it as a stand-in", world.IsUnresolved(w.SecurityGroups.Get("aws_security_group.other").IpPermissionsEgress[0].PrefixListIds[0].PrefixListId), true},
	})
}

// TestReferenceCycle: attributes that are known only after apply and
// refer to each other (possible in a plan that fuzzing or a hand edit
// produces; Terraform itself rejects cycles) are unknown, named as a
// cycle, instead of recursing.
func TestReferenceCycle(t *testing.T) {
	cfg := `{"root_module":{"resources":[
	 {"address":"aws_subnet.x","mode":"managed","type":"aws_subnet","name":"x","expressions":{"vpc_id":{"references":["aws_subnet.y.vpc_id","aws_subnet.y"]}}},
	 {"address":"aws_subnet.y","mode":"managed","type":"aws_subnet","name":"y","expressions":{"vpc_id":{"references":["aws_subnet.x.vpc_id","aws_subnet.x"]}}}]}}`
	w := read(t, plan(t, []rc{
		{addr: "aws_subnet.x", after: map[string]any{}, unknown: []string{"id", "vpc_id"}},
		{addr: "aws_subnet.y", after: map[string]any{}, unknown: []string{"id", "vpc_id"}},
	}, nil, cfg, nil))
	v := w.Subnets.Get("aws_subnet.x").VpcId
	if !world.IsUnresolved(v) || !strings.Contains(v, "aws_subnet.x.vpc_id (a reference cycle)") {
		t.Errorf("vpc_id: %q, want an unresolved stand-in naming the cycle", v)
	}
}

// TestAccountSources reads the account from, in order (doc.go "Region and
// account"): data.aws_caller_identity (AWS provider docs
// "aws_caller_identity": account_id), one allowed_account_ids of the
// provider (AWS provider docs "AWS Provider": allowed_account_ids lists the
// accounts the provider may act in), and the ARNs of the plan when they
// agree (IAM-UG "IAM identifiers"). ARNs naming two accounts, or one of
// several allowed accounts, decide nothing.
func TestAccountSources(t *testing.T) {
	provider := func(ids string) string {
		return `{"provider_config":{"aws":{"name":"aws","expressions":{"allowed_account_ids":{"constant_value":` + ids + `}}}},"root_module":{}}`
	}
	task := func(arn string) rc {
		return rc{addr: "aws_ecs_task_definition.t", after: map[string]any{"family": "t", "task_role_arn": arn, "container_definitions": "[]"}, unknown: []string{"arn"}}
	}
	other := rc{addr: "aws_ecs_service.s", after: map[string]any{"name": "s", "cluster": "arn:aws:ecs:eu-west-1:444455556666:cluster/c"}, unknown: []string{"id"}}
	caller := read(t, plan(t, []rc{task("arn:aws:iam::444455556666:role/r")}, placed, provider(`["777788889999"]`), nil))
	allowed := read(t, plan(t, []rc{task("arn:aws:iam::444455556666:role/r")}, nil, provider(`["777788889999"]`), nil))
	several := read(t, plan(t, []rc{task("arn:aws:iam::444455556666:role/r")}, nil, provider(`["777788889999","111122223333"]`), nil))
	agree := read(t, plan(t, []rc{task("arn:aws:iam::444455556666:role/r"), other}, nil, "", nil))
	disagree := read(t, plan(t, []rc{task("arn:aws:iam::111122223333:role/r"), other}, nil, "", nil))
	check(t, cases{
		{"data.aws_caller_identity first", caller.AccountID + " " + caller.AccountFrom, "111122223333 data.aws_caller_identity.current"},
		{"one allowed_account_ids", allowed.AccountID + " " + allowed.AccountFrom, "777788889999 allowed_account_ids of the aws provider in the plan's configuration"},
		{"several allowed_account_ids: the ARNs decide", several.AccountID, "444455556666"},
		{"ARNs that agree", agree.AccountID, "444455556666"},
		{"ARNs that disagree: no account", disagree.AccountID, ""},
		{"and AccountFrom names both", strings.Contains(disagree.AccountFrom, "111122223333 (task_role_arn of aws_ecs_task_definition.t") && strings.Contains(disagree.AccountFrom, "444455556666 (cluster of aws_ecs_service.s"), true},
	})
}

// TestPartitionFromARNs: without a region, the partition is the one the
// ARNs of the plan agree on (IAM-UG "IAM identifiers": arn:PARTITION:...).
func TestPartitionFromARNs(t *testing.T) {
	task := rc{addr: "aws_ecs_task_definition.t", after: map[string]any{"family": "t", "task_role_arn": "arn:aws-cn:iam::444455556666:role/r", "container_definitions": "[]"}, unknown: []string{"arn"}}
	w := read(t, plan(t, []rc{task}, nil, "", nil))
	check(t, cases{
		{"partition from the ARNs", w.Partition, "aws-cn"},
		{"region still unknown", w.Region, ""},
	})
}

// TestRuntimePlatformUnknown: an operating_system_family known only after
// apply is a stand-in, not "" (which would read as Linux): ECS-DG "Amazon
// ECS task definition differences for the Fargate launch type" gives
// Windows its own sizes and platform versions.
func TestRuntimePlatformUnknown(t *testing.T) {
	td := func(os any, unknown bool) rc {
		c := rc{addr: "aws_ecs_task_definition.t", after: map[string]any{"family": "t", "container_definitions": "[]",
			"runtime_platform": []any{map[string]any{"cpu_architecture": "X86_64", "operating_system_family": os}}}, unknown: []string{"arn"}}
		if unknown {
			c.au = map[string]any{"runtime_platform": []any{map[string]any{"operating_system_family": true}}}
		}
		return c
	}
	osOf := func(w *world.World) string { return w.TaskDefinitions.All()[0].RuntimePlatform.OperatingSystemFamily }
	known := read(t, plan(t, []rc{td("WINDOWS_SERVER_2022_CORE", false)}, nil, "", nil))
	later := read(t, plan(t, []rc{td(nil, true)}, nil, "", nil))
	check(t, cases{
		{"known family as planned", osOf(known), "WINDOWS_SERVER_2022_CORE"},
		{"family known only after apply is a stand-in", world.IsUnresolved(osOf(later)), true},
	})
}
