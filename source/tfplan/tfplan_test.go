package tfplan

import (
	"errors"
	"strings"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/source"
	"github.com/ecs-preflight/ecs-preflight/world"
)

const vpcCfg = `{"root_module":{"resources":[
 {"address":"aws_vpc.main","mode":"managed","type":"aws_vpc","name":"main","expressions":{"cidr_block":{"constant_value":"10.0.0.0/16"}}},
 {"address":"aws_subnet.a","mode":"managed","type":"aws_subnet","name":"a","expressions":{"vpc_id":{"references":["aws_vpc.main.id","aws_vpc.main"]}},"count_expression":{"constant_value":2}},
 {"address":"aws_route_table.rt","mode":"managed","type":"aws_route_table","name":"rt","expressions":{"vpc_id":{"references":["aws_vpc.main.id","aws_vpc.main"]}},"count_expression":{"constant_value":2}},
 {"address":"aws_route_table_association.a","mode":"managed","type":"aws_route_table_association","name":"a","expressions":{
   "subnet_id":{"references":["aws_subnet.a","count.index"]},"route_table_id":{"references":["aws_route_table.rt","count.index"]}}},
 {"address":"aws_internet_gateway.igw","mode":"managed","type":"aws_internet_gateway","name":"igw","expressions":{"vpc_id":{"references":["aws_vpc.main.id","aws_vpc.main"]}}},
 {"address":"aws_route.out","mode":"managed","type":"aws_route","name":"out","expressions":{"route_table_id":{"references":["aws_route_table.rt[1].id","aws_route_table.rt[1]","aws_route_table.rt"]},
   "gateway_id":{"references":["aws_internet_gateway.igw.id","aws_internet_gateway.igw"]}}}
]}}`

func vpcChanges() []rc {
	return []rc{
		{addr: "aws_vpc.main", after: map[string]any{"cidr_block": "10.0.0.0/16"}, unknown: []string{"id", "enable_dns_support", "enable_dns_hostnames"}},
		{addr: "aws_subnet.a[0]", after: map[string]any{"cidr_block": "10.0.1.0/24"}, unknown: []string{"id", "vpc_id"}},
		{addr: "aws_subnet.a[1]", after: map[string]any{"cidr_block": "10.0.2.0/24"}, unknown: []string{"id", "vpc_id"}},
		{addr: "aws_route_table.rt[0]", after: map[string]any{}, unknown: []string{"id", "vpc_id", "route"}},
		{addr: "aws_route_table.rt[1]", after: map[string]any{}, unknown: []string{"id", "vpc_id", "route"}},
		{addr: "aws_route_table_association.a[0]", after: map[string]any{}, unknown: []string{"id", "subnet_id", "route_table_id"}},
		{addr: "aws_route_table_association.a[1]", after: map[string]any{}, unknown: []string{"id", "subnet_id", "route_table_id"}},
		{addr: "aws_internet_gateway.igw", after: map[string]any{}, unknown: []string{"id", "vpc_id"}},
		{addr: "aws_route.out", after: map[string]any{"destination_cidr_block": "0.0.0.0/0"}, unknown: []string{"id", "route_table_id", "gateway_id"}},
	}
}

func TestResolveLinks(t *testing.T) {
	w := read(t, plan(t, vpcChanges(), placed, vpcCfg, nil))
	tests := []struct {
		name string
		got  any
		want any
	}{
		{"subnet links to its VPC by the VPC's address", w.Subnets.Get("aws_subnet.a[1]").VpcId, "aws_vpc.main"},
		{"count.index pairs association 0 with subnet 0", w.RouteTables.Get("aws_route_table.rt[0]").Associations[0].SubnetId, "aws_subnet.a[0]"},
		{"count.index pairs association 1 with table 1", w.RouteTables.Get("aws_route_table.rt[1]").Associations[0].SubnetId, "aws_subnet.a[1]"},
		{"explicit index picks one table", len(w.RouteTables.Get("aws_route_table.rt[1]").Routes), 2},
		{"internet gateway stand-in keeps igw- prefix", w.RouteTables.Get("aws_route_table.rt[1]").Routes[1].GatewayId, "igw-aws_internet_gateway.igw"},
		{"created gateway is attached", w.InternetGateways.Get("igw-aws_internet_gateway.igw").Attachments[0].VpcId, "aws_vpc.main"},
		{"local route added for a created VPC", w.RouteTables.Get("aws_route_table.rt[0]").Routes[0].GatewayId, "local"},
		{"enable_dns_support defaults to true", *w.VPCs.Get("aws_vpc.main").EnableDnsSupport, true},
		{"enable_dns_hostnames defaults to false", *w.VPCs.Get("aws_vpc.main").EnableDnsHostnames, false},
		{"default NACL of a created VPC allows all", w.NetworkACLs.Get("aws_vpc.main.default_network_acl_id").Entries[0].RuleAction, "allow"},
		{"subnet without explicit NACL uses the default", w.NetworkACLs.Get("aws_vpc.main.default_network_acl_id").Associations[0].SubnetId, "aws_subnet.a[0]"},
		{"default security group egress to anywhere", w.SecurityGroups.Get("aws_vpc.main.default_security_group_id").IpPermissionsEgress[0].IpRanges[0].CidrIp, "0.0.0.0/0"},
		{"sets from a plan are not complete", w.Subnets.Complete, false},
		{"region from data.aws_region", w.Region, "eu-west-1"},
		{"account from data.aws_caller_identity", w.AccountID, "111122223333"},
		{"partition from the region", w.Partition, "aws"},
		{"origin is the address", w.Subnets.Get("aws_subnet.a[0]").Origin.Path, "aws_subnet.a[0]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %v, want %v", tt.got, tt.want)
			}
		})
	}
}

const moduleCfg = `{"root_module":{
 "resources":[
  {"address":"aws_vpc.main","mode":"managed","type":"aws_vpc","name":"main","expressions":{}},
  {"address":"aws_ecs_service.app","mode":"managed","type":"aws_ecs_service","name":"app","expressions":{
    "network_configuration":[{"subnets":{"references":["module.net.subnet_ids","module.net"]},"security_groups":{"references":["var.sg_ids"]}}],
    "task_definition":{"references":["aws_ecs_task_definition.app.arn","aws_ecs_task_definition.app"]}}},
  {"address":"aws_ecs_task_definition.app","mode":"managed","type":"aws_ecs_task_definition","name":"app","expressions":{
    "execution_role_arn":{"references":["local.role_arn"]},
    "container_definitions":{"references":["aws_ecr_repository.app.repository_url","aws_ecr_repository.app"]}}}
 ],
 "variables":{"sg_ids":{}},
 "module_calls":{"net":{"source":"./net","expressions":{"vpc_id":{"references":["aws_vpc.main.id","aws_vpc.main"]}},"module":{
   "resources":[
     {"address":"aws_subnet.this","mode":"managed","type":"aws_subnet","name":"this","expressions":{"vpc_id":{"references":["var.vpc_id"]}}},
     {"address":"aws_route_table.this","mode":"managed","type":"aws_route_table","name":"this","expressions":{"vpc_id":{"references":["local.vpc_id"]}}}
   ],
   "module_calls":{"inner":{"source":"./inner","expressions":{"subnet":{"references":["aws_subnet.this[\"b\"].id","aws_subnet.this[\"b\"]","aws_subnet.this"]}},"module":{
     "resources":[{"address":"aws_network_acl.n","mode":"managed","type":"aws_network_acl","name":"n","expressions":{"subnet_ids":{"references":["var.subnet"]},"vpc_id":{"references":["var.vpc"]}}}],
     "variables":{"subnet":{},"vpc":{"default":"vpc-0default"}}}}},
   "outputs":{"subnet_ids":{"expression":{"references":["aws_subnet.this"]}}},
   "variables":{"vpc_id":{}}}}}
}}`

var netUnknown = map[string]any{"network_configuration": []any{map[string]any{"subnets": true, "security_groups": true}}}

func moduleChanges() []rc {
	return []rc{
		{addr: "aws_vpc.main", after: map[string]any{}, unknown: []string{"id"}},
		{addr: `module.net.aws_subnet.this["a"]`, after: map[string]any{}, unknown: []string{"id", "vpc_id"}},
		{addr: `module.net.aws_subnet.this["b"]`, after: map[string]any{}, unknown: []string{"id", "vpc_id"}},
		{addr: "module.net.aws_route_table.this", after: map[string]any{}, unknown: []string{"id", "vpc_id", "route"}},
		{addr: "module.net.module.inner.aws_network_acl.n", after: map[string]any{}, unknown: []string{"id", "vpc_id", "subnet_ids", "ingress", "egress"}},
		{addr: "aws_ecs_task_definition.app", after: map[string]any{"family": "app", "network_mode": "awsvpc", "cpu": "256", "memory": "512"},
			unknown: []string{"arn", "execution_role_arn", "container_definitions"}},
		{addr: "aws_ecs_service.app", after: map[string]any{"name": "app", "network_configuration": []any{map[string]any{"assign_public_ip": true}}},
			unknown: []string{"id", "task_definition"}, au: netUnknown},
	}
}

func TestResolveModules(t *testing.T) {
	changes := moduleChanges()
	// network_configuration[0].subnets and security_groups unknown.
	w := read(t, plan(t, changes, placed, moduleCfg, map[string]any{"sg_ids": []any{"sg-0123456789abcdef0"}}))
	svc := w.Services.Get("aws_ecs_service.app")
	td := w.TaskDefinitions.Get("aws_ecs_task_definition.app")
	acl := w.NetworkACLs.Get("module.net.module.inner.aws_network_acl.n")
	tests := []struct {
		name string
		got  any
		want any
	}{
		{"var in a module resolves in the caller", w.Subnets.Get(`module.net.aws_subnet.this["a"]`).VpcId, "aws_vpc.main"},
		{"local with no candidate of the type in the module is unresolved", world.IsUnresolved(w.RouteTables.Get("module.net.aws_route_table.this").VpcId), true},
		{"module output lists every for_each instance", strings.Join(svc.NetworkConfiguration.AwsvpcConfiguration.Subnets, ","),
			`module.net.aws_subnet.this["a"],module.net.aws_subnet.this["b"]`},
		{"root variable value", strings.Join(svc.NetworkConfiguration.AwsvpcConfiguration.SecurityGroups, ","), "sg-0123456789abcdef0"},
		{"assign_public_ip true is ENABLED", svc.NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp, "ENABLED"},
		{"service task definition links to the stand-in ARN", svc.TaskDefinition, td.TaskDefinitionArn},
		{"task definition stand-in is its address", td.TaskDefinitionArn, "aws_ecs_task_definition.app"},
		{"nested module: keyed reference through two variables", acl.Associations[0].SubnetId, `module.net.aws_subnet.this["b"]`},
		{"module variable default", acl.VpcId, "vpc-0default"},
		{"new custom NACL without rules denies all", len(acl.Entries), 2},
		{"execution role through a local is unknown", strings.Contains(td.Unknown["executionRoleArn"], "locals are not in the plan JSON"), true},
		{"unknown container_definitions names its references", strings.Contains(td.Unknown["containerDefinitions"], "aws_ecr_repository.app.repository_url"), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %v, want %v", tt.got, tt.want)
			}
		})
	}
}

func TestUnresolvable(t *testing.T) {
	cfg := `{"root_module":{"resources":[
	 {"address":"aws_ecs_service.app","mode":"managed","type":"aws_ecs_service","name":"app","expressions":{
	   "network_configuration":[{"subnets":{"references":["data.aws_subnets.late.ids","data.aws_subnets.late"]}}]}},
	 {"address":"aws_subnet.x","mode":"managed","type":"aws_subnet","name":"x","expressions":{"vpc_id":{"references":["aws_vpc.gone.id","aws_vpc.gone"]}}}]}}`
	w := read(t, plan(t, []rc{
		{addr: "data.aws_subnets.late", after: map[string]any{}, unknown: []string{"ids"}, actions: []string{"read"}},
		{addr: "aws_subnet.x", after: map[string]any{}, unknown: []string{"id", "vpc_id"}},
		{addr: "aws_ecs_service.app", after: map[string]any{"name": "app", "network_configuration": []any{map[string]any{"assign_public_ip": false}}}, unknown: []string{"id"}, au: netUnknown},
	}, nil, cfg, nil))
	subs := w.Services.Get("aws_ecs_service.app").NetworkConfiguration.AwsvpcConfiguration.Subnets
	if len(subs) != 1 || !world.IsUnresolved(subs[0]) || !strings.Contains(subs[0], "data.aws_subnets.late.ids") {
		t.Errorf("subnets from a data source read during apply: %q, want one stand-in naming it", subs)
	}
	if v := w.Subnets.Get("aws_subnet.x").VpcId; !world.IsUnresolved(v) || !strings.Contains(v, "aws_vpc.gone (not in the plan)") {
		t.Errorf("vpc of a resource not in the plan: %q", v)
	}
	if w.Region != "" || w.AccountID != "" {
		t.Errorf("region %q account %q: nothing in the plan says, want both empty", w.Region, w.AccountID)
	}
}

func TestSynthesizedIDs(t *testing.T) {
	cfg := `{"root_module":{"resources":[
	 {"address":"aws_secretsmanager_secret.db","mode":"managed","type":"aws_secretsmanager_secret","name":"db","expressions":{"kms_key_id":{"references":["aws_kms_key.k.arn","aws_kms_key.k"]}}},
	 {"address":"aws_kms_alias.k","mode":"managed","type":"aws_kms_alias","name":"k","expressions":{"target_key_id":{"references":["aws_kms_key.k.key_id","aws_kms_key.k"]}}},
	 {"address":"aws_iam_role_policy_attachment.a","mode":"managed","type":"aws_iam_role_policy_attachment","name":"a","expressions":{"policy_arn":{"references":["aws_iam_policy.p.arn","aws_iam_policy.p"]}}}
	]}}`
	w := read(t, plan(t, []rc{
		{addr: "aws_iam_role.exec", after: map[string]any{"name": "exec", "path": "/svc/", "assume_role_policy": "{}"}, unknown: []string{"arn", "id", "managed_policy_arns", "inline_policy"}},
		{addr: "aws_iam_policy.p", after: map[string]any{"name": "pull", "policy": `{"Statement":[]}`}, unknown: []string{"arn", "id"}},
		{addr: "aws_iam_role_policy_attachment.a", after: map[string]any{"role": "exec"}, unknown: []string{"id", "policy_arn"}},
		{addr: "aws_ecr_repository.app", after: map[string]any{"name": "app"}, unknown: []string{"arn", "repository_url", "registry_id"}},
		{addr: "aws_secretsmanager_secret.db", after: map[string]any{"name": "db"}, unknown: []string{"arn", "id", "kms_key_id", "policy"}},
		{addr: "aws_kms_key.k", after: map[string]any{}, unknown: []string{"arn", "id", "key_id", "policy"}},
		{addr: "aws_kms_alias.k", after: map[string]any{"name": "alias/app"}, unknown: []string{"arn", "target_key_id"}},
		{addr: "aws_cloudwatch_log_group.l", after: map[string]any{"name": "/ecs/app"}, unknown: []string{"arn"}},
		{addr: "aws_ssm_parameter.p", after: map[string]any{"name": "/app/token", "type": "SecureString"}, unknown: []string{"arn", "key_id", "value"}},
		{addr: "aws_nat_gateway.n", after: map[string]any{}, unknown: []string{"id", "subnet_id"}},
		{addr: "aws_vpc_endpoint.s3", after: map[string]any{"service_name": "com.amazonaws.eu-west-1.s3"}, unknown: []string{"id", "vpc_id", "policy", "route_table_ids", "private_dns_enabled", "ip_address_type"}},
		{addr: "aws_vpc_endpoint.logs", after: map[string]any{"service_name": "com.amazonaws.eu-west-1.logs", "vpc_endpoint_type": "Interface", "ip_address_type": "dualstack"}, unknown: []string{"id", "vpc_id", "policy"}},
	}, placed, cfg, nil))
	role := w.Roles.Get("arn:aws:iam::111122223333:role/svc/exec")
	secret := w.Secrets.Get("arn:aws:secretsmanager:eu-west-1:111122223333:secret:db-??????")
	tests := []struct {
		name string
		got  any
		want any
	}{
		{"role ARN from path and name", role != nil, true},
		{"created role: attachments known", role.AttachedKnown && role.InlineKnown && role.BoundaryKnown, true},
		{"attachment of a created policy by synthesized ARN", role.AttachedPolicies[0].PolicyArn, "arn:aws:iam::111122223333:policy/pull"},
		{"ECR repository URL", w.Repositories.Get("arn:aws:ecr:eu-west-1:111122223333:repository/app").RepositoryUri, "111122223333.dkr.ecr.eu-west-1.amazonaws.com/app"},
		{"created repository has no policy", w.Repositories.Get("arn:aws:ecr:eu-west-1:111122223333:repository/app").PolicyKnown, true},
		{"secret ARN with six-character suffix", secret != nil, true},
		{"secret key is the key's ARN", secret.KmsKeyId, "arn:aws:kms:eu-west-1:111122223333:key/aws_kms_key.k"},
		{"created key gets the default key policy", strings.Contains(w.Keys.Get(secret.KmsKeyId).Policy, `"AWS":"arn:aws:iam::111122223333:root"`), true},
		{"alias targets the key id", w.KeyAliases.Get("arn:aws:kms:eu-west-1:111122223333:alias/app").TargetKeyId, "aws_kms_key.k"},
		{"created secret has no resource policy", secret.ResourcePolicyKnown, true},
		{"log group ARN", w.LogGroups.Get("arn:aws:logs:eu-west-1:111122223333:log-group:/ecs/app").LogGroupName, "/ecs/app"},
		{"SecureString defaults to alias/aws/ssm", w.Parameters.Get("arn:aws:ssm:eu-west-1:111122223333:parameter/app/token").KeyId, "alias/aws/ssm"},
		{"NAT gateway connectivity defaults to public", w.NATGateways.Get("aws_nat_gateway.n").ConnectivityType, "public"},
		{"endpoint type defaults to Gateway", w.VPCEndpoints.Get("vpce-aws_vpc_endpoint.s3").VpcEndpointType, "Gateway"},
		{"private_dns_enabled defaults to false", *w.VPCEndpoints.Get("vpce-aws_vpc_endpoint.s3").PrivateDnsEnabled, false},
		{"ip_address_type known after apply is unknown", w.VPCEndpoints.Get("vpce-aws_vpc_endpoint.s3").IpAddressType, ""},
		{"ip_address_type as planned", w.VPCEndpoints.Get("vpce-aws_vpc_endpoint.logs").IpAddressType, "dualstack"},
		{"unset endpoint policy is the default full access", w.VPCEndpoints.Get("vpce-aws_vpc_endpoint.s3").PolicyDocument, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %v, want %v", tt.got, tt.want)
			}
		})
	}
}

func TestPolicies(t *testing.T) {
	cfg := `{"root_module":{"resources":[
	 {"address":"aws_vpc_endpoint.s3","mode":"managed","type":"aws_vpc_endpoint","name":"s3","expressions":{"policy":{"references":["aws_s3_bucket.b.arn","aws_s3_bucket.b"]}}},
	 {"address":"aws_vpc_endpoint.ecr","mode":"managed","type":"aws_vpc_endpoint","name":"ecr","expressions":{"policy":{"references":["data.aws_iam_policy_document.ep.json","data.aws_iam_policy_document.ep"]}}},
	 {"address":"aws_iam_role_policy.p","mode":"managed","type":"aws_iam_role_policy","name":"p","expressions":{"role":{"references":["aws_iam_role.r.id","aws_iam_role.r"]},"policy":{"references":["aws_secretsmanager_secret.s.arn","aws_secretsmanager_secret.s"]}}}
	]}}`
	doc := `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"ecr:*","Resource":"*"}]}`
	w := read(t, plan(t, []rc{
		{addr: "aws_vpc_endpoint.s3", after: map[string]any{"service_name": "com.amazonaws.eu-west-1.s3"}, unknown: []string{"id", "policy"}},
		{addr: "aws_vpc_endpoint.ecr", after: map[string]any{"service_name": "com.amazonaws.eu-west-1.ecr.dkr", "vpc_endpoint_type": "Interface"}, unknown: []string{"id", "policy"}},
		{addr: "aws_iam_role.r", after: map[string]any{"name": "r", "assume_role_policy": "{}"}, unknown: []string{"arn", "id"}},
		{addr: "aws_iam_role_policy.p", after: map[string]any{"name": "p"}, unknown: []string{"id", "role", "policy"}},
	}, append([]rc{{addr: "data.aws_iam_policy_document.ep", after: map[string]any{"json": doc}}}, placed...), cfg, nil))
	s3 := w.VPCEndpoints.Get("vpce-aws_vpc_endpoint.s3")
	if !strings.Contains(s3.Unknown["PolicyDocument"], "aws_s3_bucket.b.arn") {
		t.Errorf("unknown endpoint policy: %q, want it to name the reference", s3.Unknown["PolicyDocument"])
	}
	if got := w.VPCEndpoints.Get("vpce-aws_vpc_endpoint.ecr").PolicyDocument; got != doc {
		t.Errorf("policy from data.aws_iam_policy_document: %q", got)
	}
	ip := w.Roles.Get("arn:aws:iam::111122223333:role/r").InlinePolicies
	if len(ip) != 1 || ip[0].Unknown == "" || ip[0].PolicyDocument != "" {
		t.Errorf("inline policy known only after apply: %+v", ip)
	}
}

func TestSecurityGroupEgress(t *testing.T) {
	cfg := `{"root_module":{"resources":[
	 {"address":"aws_security_group.bare","mode":"managed","type":"aws_security_group","name":"bare","expressions":{"name":{"constant_value":"bare"}}},
	 {"address":"aws_security_group.ruled","mode":"managed","type":"aws_security_group","name":"ruled","expressions":{}},
	 {"address":"aws_vpc_security_group_egress_rule.https","mode":"managed","type":"aws_vpc_security_group_egress_rule","name":"https","expressions":{"security_group_id":{"references":["aws_security_group.ruled.id","aws_security_group.ruled"]}}}
	]}}`
	w := read(t, plan(t, []rc{
		{addr: "aws_security_group.bare", after: map[string]any{"name": "bare", "ingress": []any{}}, unknown: []string{"id", "egress"}},
		{addr: "aws_security_group.ruled", after: map[string]any{"name": "ruled"}, unknown: []string{"id", "egress", "ingress"}},
		{addr: "aws_vpc_security_group_egress_rule.https", after: map[string]any{"ip_protocol": "tcp", "from_port": 443.0, "to_port": 443.0, "cidr_ipv4": "0.0.0.0/0"}, unknown: []string{"id", "security_group_id"}},
	}, nil, cfg, nil))
	if g := w.SecurityGroups.Get("aws_security_group.bare"); g == nil || len(g.IpPermissionsEgress) != 0 {
		t.Errorf("no egress block: Terraform removes the default egress rule; got %+v", g)
	}
	g := w.SecurityGroups.Get("aws_security_group.ruled")
	if g == nil || len(g.IpPermissionsEgress) != 1 || *g.IpPermissionsEgress[0].FromPort != 443 {
		t.Fatalf("egress from aws_vpc_security_group_egress_rule: %+v", g)
	}
}

func TestDeletedAttachment(t *testing.T) {
	arn := "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
	existing := map[string]any{"name": "exec", "arn": "arn:aws:iam::111122223333:role/exec", "assume_role_policy": "{}",
		"managed_policy_arns": []any{arn}, "inline_policy": []any{}, "permissions_boundary": nil}
	w := read(t, plan(t, []rc{
		{addr: "aws_iam_role.exec", after: existing, before: existing, actions: []string{"no-op"}},
		{addr: "aws_iam_role_policy_attachment.a", before: map[string]any{"role": "exec", "policy_arn": arn}, actions: []string{"delete"}},
	}, nil, "", nil))
	r := w.Roles.Get("arn:aws:iam::111122223333:role/exec")
	if !r.AttachedKnown || len(r.AttachedPolicies) != 0 {
		t.Errorf("attachment the plan deletes: known %v, %+v", r.AttachedKnown, r.AttachedPolicies)
	}
	if w.AccountID != "111122223333" {
		t.Errorf("account from the ARN of a managed resource: %q", w.AccountID)
	}
}

func TestContainerDefinitions(t *testing.T) {
	cd := `[{"name":"app","image":"public.ecr.aws/nginx/nginx:1","essential":true,"imagePullBehavior":"always",
	  "secrets":[{"name":"A","valueFrom":"arn:aws:ssm:eu-west-1:111122223333:parameter/a"}]}]`
	w := read(t, plan(t, []rc{{addr: "aws_ecs_task_definition.app", after: map[string]any{"family": "app", "container_definitions": cd,
		"execution_role_arn": "arn:aws:iam::111122223333:role/exec", "requires_compatibilities": []any{"FARGATE"}}, unknown: []string{"arn", "revision"}}}, nil, "", nil))
	td := w.TaskDefinitions.Get("aws_ecs_task_definition.app")
	c := td.ContainerDefinitions[0]
	if c.Name != "app" || c.Secrets[0].ValueFrom != "arn:aws:ssm:eu-west-1:111122223333:parameter/a" || len(c.ExtraFields) != 1 || c.ExtraFields[0] != "imagePullBehavior" {
		t.Errorf("container: %+v", c)
	}
	if td.ExecutionRoleArn == "" || len(td.Unknown) != 0 {
		t.Errorf("known fields: role %q unknown %v", td.ExecutionRoleArn, td.Unknown)
	}
	_, err := Read("p.json", plan(t, []rc{{addr: "aws_ecs_task_definition.app", after: map[string]any{"family": "app", "container_definitions": `{"name":1}`}}}, nil, "", nil))
	var ie *source.InputError
	if !errors.As(err, &ie) || ie.Path != "aws_ecs_task_definition.app.container_definitions" {
		t.Errorf("bad container_definitions: %v", err)
	}
}

func TestPlacement(t *testing.T) {
	cfg := `{"provider_config":{"aws":{"name":"aws","expressions":{"region":{"constant_value":"ap-southeast-2"},"allowed_account_ids":{"constant_value":["444455556666"]}}}},"root_module":{}}`
	p := plan(t, []rc{{addr: "aws_cloudwatch_log_group.l", after: map[string]any{"name": "x"}, unknown: []string{"arn"}}}, nil, cfg, nil)
	w := read(t, p)
	if w.Region != "ap-southeast-2" || w.AccountID != "444455556666" {
		t.Errorf("from provider configuration: %q %q", w.Region, w.AccountID)
	}
	w = read(t, p, WithRegion("cn-north-1"), WithAccount("777788889999"))
	if w.Region != "cn-north-1" || w.AccountID != "777788889999" || w.Partition != "aws-cn" {
		t.Errorf("options win: %q %q %q", w.Region, w.AccountID, w.Partition)
	}
	if _, err := Read("p.json", p, WithRegion("Ireland")); err == nil {
		t.Error("bad region accepted")
	}
	if _, err := Read("p.json", p, WithAccount("12")); err == nil {
		t.Error("bad account accepted")
	}
}

func TestInputErrors(t *testing.T) {
	tests := []struct {
		name, data string
		line, col  int
		path, msg  string
	}{
		{name: "malformed JSON", data: "{\n  \"format_version\": \"1.2\",\n  oops\n}", line: 3, col: 3},
		{name: "truncated", data: `{"format_version": "1.2"`, line: 1, col: 25, msg: "truncated"},
		{name: "empty", data: "", msg: "empty document"},
		{name: "only white space", data: " \n\t\n", msg: "empty document"},
		{name: "format 2", data: `{"format_version":"2.0","planned_values":{}}`, path: "$.format_version", msg: "not supported"},
		{name: "no format", data: `{"planned_values":{}}`, path: "$.format_version"},
		{name: "state, not plan", data: `{"format_version":"1.0","values":{}}`, msg: "state, not a plan"},
		{name: "not an object", data: `[1,2]`, path: "$"},
		{name: "wrong type", data: `{"format_version":"1.2","resource_changes":{"a":1}}`, msg: "JSON object"},
		{name: "wrong field type", data: `{"format_version":"1.2","resource_changes":[{"address":1}]}`, path: "$.resource_changes.address", msg: "a JSON number where the plan format has another type"},
		{name: "extra data", data: "{\"format_version\":\"1.2\",\"planned_values\":{}}\n {}", line: 2, col: 2, msg: "extra data after the JSON value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Read("p.json", []byte(tt.data))
			var ie *source.InputError
			if !errors.As(err, &ie) {
				t.Fatalf("error %v is not an InputError", err)
			}
			if ie.Kind != "plan" || ie.File != "p.json" || (tt.line > 0 && ie.Line != tt.line) || (tt.col > 0 && ie.Column != tt.col) ||
				(tt.path != "" && ie.Path != tt.path) || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("got %+v: %v", ie, err)
			}
		})
	}
	if _, err := Load("testdata/does-not-exist.json"); err == nil {
		t.Error("missing file: no error")
	}
}

// TestFormatVersion: Terraform CLI docs "JSON Output Format" — a reader
// takes any minor version of the major versions it knows and rejects an
// unsupported major version. The accepted versions are those Terraform
// writes (hashicorp/terraform-json testdata: 0.1 from Terraform 0.12 and
// 0.13, 1.0 from 1.1, 1.1 from 1.2, 1.2 from 1.5 to 1.15).
func TestFormatVersion(t *testing.T) {
	tests := []struct {
		version string
		ok      bool
	}{
		{"0.1", true},
		{"0.2", true},
		{"1.0", true},
		{"1.1", true},
		{"1.2", true},
		{"1.9", true}, // a later minor version only adds properties
		{"0.0", false},
		{"2.0", false},
		{"1", false},
		{"1.x", false},
		{"-1.0", false},
		{"1.-1", false},
		{"v1.2", false},
	}
	for _, tt := range tests {
		t.Run(tt.version, func(t *testing.T) {
			_, err := Read("p.json", []byte(`{"format_version":"`+tt.version+`","planned_values":{}}`))
			if tt.ok && err != nil {
				t.Errorf("format %s rejected: %v", tt.version, err)
			}
			var ie *source.InputError
			if !tt.ok && (!errors.As(err, &ie) || ie.Path != "$.format_version") {
				t.Errorf("format %s: got %v, want an InputError at $.format_version", tt.version, err)
			}
		})
	}
}

// TestLaterProperties: properties Terraform 1.12 to 1.15 added to format
// 1.2 (complete, timestamp, action_invocations, importing,
// before_identity/after_identity; hashicorp/terraform-json v0.29.0 reads
// them) change nothing the reader takes from the plan.
func TestLaterProperties(t *testing.T) {
	data := []byte(`{"format_version":"1.2","terraform_version":"1.15.0","complete":true,"timestamp":"2026-01-01T00:00:00Z",
 "action_invocations":[],
 "resource_changes":[{"address":"aws_subnet.a","mode":"managed","type":"aws_subnet","name":"a",
  "change":{"actions":["create"],"before":null,"after":{"id":"subnet-0a","vpc_id":"vpc-0a"},"after_unknown":{},
   "importing":{"id":"subnet-0a"},"before_identity":null,"after_identity":{"id":"subnet-0a","region":"eu-west-1"}}}]}`)
	w := read(t, data)
	if s := w.Subnets.Get("subnet-0a"); s == nil || s.VpcId != "vpc-0a" {
		t.Errorf("subnet: %+v", s)
	}
}
