package tfplan

import (
	"fmt"
	"strings"
	"testing"

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
		{"no block with the same destination: table left out", w.RouteTables.Get("aws_route_table.nomatch") == nil, true},
		{"configured routes known only after apply: table left out", w.RouteTables.Get("aws_route_table.unknown") == nil, true},
		{"known internet gateway route", known.Routes[0].GatewayId, "igw-0abc"},
		{"known IPv6 egress-only route", known.Routes[1].DestinationIpv6CidrBlock + " " + known.Routes[1].EgressOnlyInternetGatewayId, "::/0 eigw-0abc"},
		{"existing route table gets no implicit local route", len(known.Routes), 2},
	})
}

// TestSeparateRules reads rules declared as their own resources (AWS
// provider docs "aws_security_group_rule", "aws_route",
// "aws_network_acl_rule", "aws_network_acl_association"): they add to the
// group, table or ACL they name; one whose target or source is known only
// after apply makes the whole group or table unknown.
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
		{"a route whose target is known only after apply makes its table unknown", w.RouteTables.Get("aws_route_table.rt") == nil, true},
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
