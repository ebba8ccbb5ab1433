package tfplan

import (
	"strings"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/world"
)

// TestBuckets reads aws_s3_bucket and aws_s3_bucket_policy (AWS provider
// docs "aws_s3_bucket", "aws_s3_bucket_policy"): a bucket the plan creates
// has no policy but the one the plan puts (S3-UG "Bucket policies for
// Amazon S3"); an existing bucket's refreshed policy is read; a bucket read
// with data.aws_s3_bucket has no policy in the plan; a policy whose bucket
// is unresolved may be any bucket's.
func TestBuckets(t *testing.T) {
	cfg := `{"root_module":{"resources":[
	 {"address":"aws_s3_bucket_policy.p","mode":"managed","type":"aws_s3_bucket_policy","name":"p","expressions":{"bucket":{"references":["aws_s3_bucket.withpolicy.id","aws_s3_bucket.withpolicy"]}}}]}}`
	doc := `{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*"}]}`
	w := read(t, plan(t, []rc{
		{addr: "aws_s3_bucket.fresh", after: map[string]any{"bucket": "fresh"}, unknown: []string{"id", "arn", "policy", "region"}},
		{addr: "aws_s3_bucket.withpolicy", after: map[string]any{"bucket": "withpolicy"}, unknown: []string{"id", "arn", "policy"}},
		{addr: "aws_s3_bucket_policy.p", after: map[string]any{"policy": doc}, unknown: []string{"id", "bucket"}},
		{addr: "aws_s3_bucket.old", after: map[string]any{"bucket": "old", "policy": "", "region": "us-east-2"}, actions: []string{"no-op"}},
		{addr: "aws_s3_bucket.prefixed", after: map[string]any{"bucket_prefix": "env-"}, unknown: []string{"id", "bucket"}},
	}, append([]rc{{addr: "data.aws_s3_bucket.shared", after: map[string]any{"bucket": "shared", "region": "eu-west-1"}}}, placed...), cfg, nil))
	fresh, with, old, shared := w.Buckets.Get("fresh"), w.Buckets.Get("withpolicy"), w.Buckets.Get("old"), w.Buckets.Get("shared")
	check(t, cases{
		{"a created bucket has no policy", fresh.PolicyKnown && fresh.Policy == "", true},
		{"in the provider's region and account", fresh.Region + " " + fresh.Account, "eu-west-1 111122223333"},
		{"aws_s3_bucket_policy by the bucket's id, which is its name", with.Policy, doc},
		{"an existing bucket's refreshed policy and region", old.PolicyKnown && old.Region == "us-east-2", true},
		{"data.aws_s3_bucket: policy not in the plan", shared.PolicyKnown, false},
		{"a bucket named only after apply is left out", w.Buckets.Len(), 4},
	})
	stray := read(t, plan(t, []rc{
		{addr: "aws_s3_bucket.fresh", after: map[string]any{"bucket": "fresh"}, unknown: []string{"id", "arn", "policy"}},
		{addr: "aws_s3_bucket_policy.p", after: map[string]any{"policy": doc}, unknown: []string{"id", "bucket"}},
		{addr: "data.aws_s3_bucket.late", after: map[string]any{}, unknown: []string{"id", "bucket"}, actions: []string{"read"}},
	}, placed, `{"root_module":{"resources":[{"address":"aws_s3_bucket_policy.p","mode":"managed","type":"aws_s3_bucket_policy","name":"p","expressions":{"bucket":{"references":["data.aws_s3_bucket.late.id","data.aws_s3_bucket.late"]}}}]}}`, nil))
	check(t, cases{
		{"a policy on an unresolved bucket makes every bucket's policy unknown", stray.Buckets.Get("fresh").PolicyKnown, false},
	})
}

// TestPullThroughCache reads aws_ecr_pull_through_cache_rule (AWS provider
// docs "aws_ecr_pull_through_cache_rule"; ECR-UG "Sync an upstream
// registry with an Amazon ECR private registry": the repository
// PREFIX/UPSTREAM is created on the first pull): an image of the plan's
// registry under the prefix names a pull through cache repository whose
// policy (from a creation template) is unknown; one of another account, or
// outside the prefix, does not.
func TestPullThroughCache(t *testing.T) {
	defs := `[{"name":"a","image":"111122223333.dkr.ecr.eu-west-1.amazonaws.com/hub/library/nginx:1"},` +
		`{"name":"b","image":"444455556666.dkr.ecr.eu-west-1.amazonaws.com/hub/library/nginx:1"},` +
		`{"name":"c","image":"111122223333.dkr.ecr.eu-west-1.amazonaws.com/hubble/x:1"}]`
	w := read(t, plan(t, []rc{
		{addr: "aws_ecr_pull_through_cache_rule.hub", after: map[string]any{"ecr_repository_prefix": "hub", "upstream_registry_url": "registry-1.docker.io"}, unknown: []string{"id", "registry_id"}},
		{addr: "aws_ecr_repository.mirror", after: map[string]any{"name": "hub/library/busybox"}, unknown: []string{"arn", "repository_url", "registry_id"}},
		{addr: "aws_ecs_task_definition.t", after: map[string]any{"family": "t", "container_definitions": defs}, unknown: []string{"arn"}},
	}, placed, "", nil))
	repo := w.Repositories.Get("arn:aws:ecr:eu-west-1:111122223333:repository/hub/library/nginx")
	check(t, cases{
		{"an image under the prefix: a pull through cache repository", repo != nil && repo.PullThroughCache, true},
		{"its policy is unknown", repo != nil && !repo.PolicyKnown, true},
		{"another account's registry is not the rule's", w.Repositories.Get("arn:aws:ecr:eu-west-1:444455556666:repository/hub/library/nginx") == nil, true},
		{"a name that only starts with the prefix is not under it", w.Repositories.Get("arn:aws:ecr:eu-west-1:111122223333:repository/hubble/x") == nil, true},
		{"a repository of the plan under the prefix is marked", w.Repositories.Get("arn:aws:ecr:eu-west-1:111122223333:repository/hub/library/busybox").PullThroughCache, true},
	})
}

// TestExclusiveRolePolicies reads aws_iam_role_policies_exclusive and
// aws_iam_role_policy_attachments_exclusive (AWS provider docs of those
// titles: Terraform removes the role's inline policies not in
// policy_names and detaches managed policies not in policy_arns), and
// aws_iam_policy_attachment (AWS provider docs "aws_iam_policy_attachment":
// exclusive across the account for its policy).
func TestExclusiveRolePolicies(t *testing.T) {
	exec := "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
	admin := "arn:aws:iam::aws:policy/AdministratorAccess"
	// An existing role whose refreshed lists are unknown (a data source
	// would carry none): the exclusive resources make them complete.
	role := map[string]any{"name": "exec", "arn": "arn:aws:iam::111122223333:role/exec", "path": "/", "assume_role_policy": "{}", "permissions_boundary": ""}
	other := map[string]any{"name": "other", "arn": "arn:aws:iam::111122223333:role/other", "path": "/", "assume_role_policy": "{}", "permissions_boundary": "",
		"managed_policy_arns": []any{admin}, "inline_policy": []any{}}
	w := read(t, plan(t, []rc{
		{addr: "aws_iam_role.exec", after: role, before: role, actions: []string{"no-op"}, unknown: []string{"managed_policy_arns", "inline_policy"}},
		{addr: "aws_iam_role.other", after: other, before: other, actions: []string{"no-op"}},
		{addr: "aws_iam_role_policy.logs", after: map[string]any{"name": "logs", "role": "exec", "policy": `{"Statement":[]}`}, unknown: []string{"id"}},
		{addr: "aws_iam_role_policies_exclusive.exec", after: map[string]any{"role_name": "exec", "policy_names": []any{"logs", "legacy"}}},
		{addr: "aws_iam_role_policy_attachments_exclusive.exec", after: map[string]any{"role_name": "exec", "policy_arns": []any{exec}}},
		{addr: "aws_iam_policy_attachment.admin", after: map[string]any{"name": "admin", "policy_arn": admin, "roles": []any{"exec"}}, unknown: []string{"id"}},
	}, placed, "", nil))
	r := w.Roles.Get("arn:aws:iam::111122223333:role/exec")
	o := w.Roles.Get("arn:aws:iam::111122223333:role/other")
	names := func(r *world.Role) string {
		var out []string
		for _, ip := range r.InlinePolicies {
			out = append(out, ip.PolicyName+"="+strings.TrimSpace(ip.PolicyDocument)+boolText(ip.Unknown != ""))
		}
		return strings.Join(out, ",")
	}
	check(t, cases{
		{"inline listing complete after policies_exclusive", r.InlineKnown, true},
		{"a named policy whose document the plan has not is unknown", names(r), `logs={"Statement":[]},legacy=?`},
		{"attached listing complete after attachments_exclusive", r.AttachedKnown, true},
		{"attachments_exclusive lists exactly its ARNs", len(r.AttachedPolicies) == 1 && r.AttachedPolicies[0].PolicyArn == exec, true},
		{"aws_iam_policy_attachment detaches its policy from a role it does not list", len(o.AttachedPolicies), 0},
	})
}

func boolText(b bool) string {
	if b {
		return "?"
	}
	return ""
}

// TestUnresolvedRolePolicies files policies attached to a role the plan
// cannot resolve under the stand-in the task definition's execution role
// has (world/unresolved.go): a data.aws_iam_role read only during apply,
// named by the task definition's ARN and the attachment's name. A policy
// whose document is unknown, attached to the task role, stays on the task
// role and leaves the execution role complete.
func TestUnresolvedRolePolicies(t *testing.T) {
	cfg := `{"root_module":{"resources":[
	 {"address":"aws_ecs_task_definition.t","mode":"managed","type":"aws_ecs_task_definition","name":"t","expressions":{
	   "execution_role_arn":{"references":["data.aws_iam_role.exec.arn","data.aws_iam_role.exec"]},
	   "task_role_arn":{"references":["aws_iam_role.task.arn","aws_iam_role.task"]}}},
	 {"address":"aws_iam_role_policy_attachment.exec","mode":"managed","type":"aws_iam_role_policy_attachment","name":"exec","expressions":{
	   "role":{"references":["data.aws_iam_role.exec.name","data.aws_iam_role.exec"]}}},
	 {"address":"aws_iam_role_policy.task","mode":"managed","type":"aws_iam_role_policy","name":"task","expressions":{
	   "role":{"references":["aws_iam_role.task.name","aws_iam_role.task"]},"policy":{"references":["aws_s3_bucket.b.arn","aws_s3_bucket.b"]}}}]}}`
	arn := "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
	w := read(t, plan(t, []rc{
		{addr: "data.aws_iam_role.exec", after: map[string]any{}, unknown: []string{"arn", "name", "id"}, actions: []string{"read"}},
		{addr: "aws_iam_role.task", after: map[string]any{"name": "task", "assume_role_policy": "{}"}, unknown: []string{"arn", "id", "managed_policy_arns", "inline_policy"}},
		{addr: "aws_iam_role.exec2", after: map[string]any{"name": "exec2", "assume_role_policy": "{}"}, unknown: []string{"arn", "id", "managed_policy_arns", "inline_policy"}},
		{addr: "aws_iam_role_policy_attachment.exec", after: map[string]any{"policy_arn": arn}, unknown: []string{"id", "role"}},
		{addr: "aws_iam_role_policy.task", after: map[string]any{"name": "task"}, unknown: []string{"id", "policy", "role"}},
		{addr: "aws_ecs_task_definition.t", after: map[string]any{"family": "t", "container_definitions": "[]"}, unknown: []string{"arn", "execution_role_arn", "task_role_arn"}},
	}, placed, cfg, nil))
	td := w.TaskDefinitions.All()[0]
	standIn := w.Roles.Get(td.ExecutionRoleArn)
	task := w.Roles.Get(td.TaskRoleArn)
	check(t, cases{
		{"the execution role ARN is a stand-in naming the data source", world.IsUnresolved(td.ExecutionRoleArn) && strings.Contains(td.ExecutionRoleArn, "data.aws_iam_role.exec"), true},
		{"and the field is unknown", td.Unknown["executionRoleArn"] != "", true},
		{"the attachment is filed under that stand-in", standIn != nil && len(standIn.AttachedPolicies) == 1 && standIn.AttachedPolicies[0].PolicyArn == arn, true},
		{"the stand-in role's other policies and boundary are unknown", standIn != nil && !standIn.AttachedKnown && !standIn.InlineKnown && !standIn.BoundaryKnown, true},
		{"and missing says the role is unresolved", standIn != nil && strings.HasPrefix(standIn.Unknown["AttachedPolicies"], "the role is unresolved: "), true},
		{"the unknown task policy stays on the task role", task != nil && len(task.InlinePolicies) == 1 && task.InlinePolicies[0].Unknown != "", true},
		{"another role of the plan stays complete", w.Roles.Get("arn:aws:iam::111122223333:role/exec2").AttachedKnown && len(w.Roles.Get("arn:aws:iam::111122223333:role/exec2").InlinePolicies) == 0, true},
	})
}

// TestDataTaskDefinition reads data.aws_ecs_task_definition (AWS provider
// docs "Data Source: aws_ecs_task_definition") as a task definition: the
// one an aws_ecs_service names when it runs a revision registered outside
// Terraform.
func TestDataTaskDefinition(t *testing.T) {
	cfg := `{"root_module":{"resources":[
	 {"address":"aws_ecs_service.s","mode":"managed","type":"aws_ecs_service","name":"s","expressions":{
	   "task_definition":{"references":["data.aws_ecs_task_definition.app.arn","data.aws_ecs_task_definition.app"]}}}]}}`
	tdARN := "arn:aws:ecs:eu-west-1:111122223333:task-definition/app:7"
	w := read(t, plan(t, []rc{
		{addr: "aws_ecs_service.s", after: map[string]any{"name": "s", "launch_type": "FARGATE", "network_configuration": []any{}}, unknown: []string{"id", "task_definition"}},
	}, append([]rc{{addr: "data.aws_ecs_task_definition.app", after: map[string]any{"task_definition": "app", "arn": tdARN, "family": "app", "revision": 7.0,
		"execution_role_arn": "arn:aws:iam::111122223333:role/exec", "network_mode": "awsvpc", "cpu": "256", "memory": "512", "requires_compatibilities": []any{"FARGATE"},
		"container_definitions": `[{"name":"app","image":"public.ecr.aws/nginx/nginx:1"}]`}}}, placed...), cfg, nil))
	td := w.TaskDefinitions.Get(tdARN)
	check(t, cases{
		{"the data source is a task definition", td != nil, true},
		{"with its containers and execution role", td != nil && len(td.ContainerDefinitions) == 1 && td.ExecutionRoleArn == "arn:aws:iam::111122223333:role/exec", true},
		{"the service runs it", w.Services.All()[0].TaskDefinition, tdARN},
	})
}

// TestDHCPOptionsAssociation reads aws_vpc_dhcp_options and its
// association (AWS provider docs "aws_vpc_dhcp_options",
// "aws_vpc_dhcp_options_association"); an association whose options set
// cannot be resolved leaves the VPC's options a stand-in, not the default.
func TestDHCPOptionsAssociation(t *testing.T) {
	cfg := `{"root_module":{"resources":[
	 {"address":"aws_vpc_dhcp_options_association.a","mode":"managed","type":"aws_vpc_dhcp_options_association","name":"a","expressions":{
	   "vpc_id":{"references":["aws_vpc.a.id","aws_vpc.a"]},"dhcp_options_id":{"references":["aws_vpc_dhcp_options.corp.id","aws_vpc_dhcp_options.corp"]}}},
	 {"address":"aws_vpc_dhcp_options_association.b","mode":"managed","type":"aws_vpc_dhcp_options_association","name":"b","expressions":{
	   "vpc_id":{"references":["aws_vpc.b.id","aws_vpc.b"]},"dhcp_options_id":{"references":["data.aws_vpc_dhcp_options.late.id","data.aws_vpc_dhcp_options.late"]}}},
	 {"address":"aws_vpc_dhcp_options.corp","mode":"managed","type":"aws_vpc_dhcp_options","name":"corp","expressions":{
	   "domain_name_servers":{"references":["aws_route53_resolver_endpoint.r.ip_address","aws_route53_resolver_endpoint.r"]}}}]}}`
	w := read(t, plan(t, []rc{
		{addr: "aws_vpc.a", after: map[string]any{"cidr_block": "10.0.0.0/16"}, unknown: []string{"id", "dhcp_options_id"}},
		{addr: "aws_vpc.b", after: map[string]any{"cidr_block": "10.1.0.0/16"}, unknown: []string{"id", "dhcp_options_id"}},
		{addr: "aws_vpc_dhcp_options.corp", after: map[string]any{}, unknown: []string{"id", "domain_name_servers"}},
		{addr: "aws_vpc_dhcp_options_association.a", after: map[string]any{}, unknown: []string{"id", "vpc_id", "dhcp_options_id"}},
		{addr: "aws_vpc_dhcp_options_association.b", after: map[string]any{}, unknown: []string{"id", "vpc_id", "dhcp_options_id"}},
		{addr: "data.aws_vpc_dhcp_options.late", after: map[string]any{}, unknown: []string{"id"}, actions: []string{"read"}},
	}, placed, cfg, nil))
	opts := w.DHCPOptions.Get("aws_vpc_dhcp_options.corp")
	check(t, cases{
		{"the association names the options set", w.VPCs.Get("aws_vpc.a").DhcpOptionsId, "aws_vpc_dhcp_options.corp"},
		{"DNS servers known only after apply stay a stand-in", opts != nil && len(opts.DomainNameServers) == 1 && world.IsUnresolved(opts.DomainNameServers[0]), true},
		{"an unresolved options set is a stand-in, not the default", world.IsUnresolved(w.VPCs.Get("aws_vpc.b").DhcpOptionsId), true},
	})
}

// TestRoleOutsidePlan files an attachment to a role the plan does not
// manage on a Role known only by name (IAM-UG "IAM identifiers": the ARN of
// a role named without a path has the path "/"), whose other policies,
// boundary and trust are unknown.
func TestRoleOutsidePlan(t *testing.T) {
	arn := "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
	w := read(t, plan(t, []rc{
		{addr: "aws_iam_role_policy_attachment.byname", after: map[string]any{"role": "legacy", "policy_arn": arn}, unknown: []string{"id"}},
		{addr: "aws_iam_role_policy_attachment.byarn", after: map[string]any{"role": "arn:aws:iam::111122223333:role/svc/legacy2", "policy_arn": arn}, unknown: []string{"id"}},
		{addr: "aws_iam_role_policy.again", after: map[string]any{"role": "legacy", "name": "more", "policy": `{"Statement":[]}`}, unknown: []string{"id"}},
	}, placed, "", nil))
	byName := w.Roles.Get("arn:aws:iam::111122223333:role/legacy")
	byARN := w.Roles.Get("arn:aws:iam::111122223333:role/svc/legacy2")
	check(t, cases{
		{"a role named by name gets the ARN with path /", byName != nil && byName.RoleName == "legacy", true},
		{"with the attachment and the inline policy", byName != nil && len(byName.AttachedPolicies) == 1 && len(byName.InlinePolicies) == 1, true},
		{"and what the plan does not show unknown", byName != nil && !byName.AttachedKnown && !byName.InlineKnown && !byName.BoundaryKnown && byName.Unknown["AssumeRolePolicyDocument"] != "", true},
		{"a role named by ARN keeps its path", byARN != nil && byARN.RoleName == "legacy2", true},
	})
}

// TestUnknownRouteAndRuleParts covers the attributes of aws_route and
// aws_security_group_rule that do decide (AWS provider docs "aws_route",
// "aws_security_group_rule", "aws_route_table"): an unknown destination
// makes the whole table unknown, an unknown source group configured on a
// rule its group, a rule whose group is unresolved every group; route
// blocks given as one expression resolve a target only when one element
// has it unknown.
func TestUnknownRouteAndRuleParts(t *testing.T) {
	cfg := `{"root_module":{"resources":[
	 {"address":"aws_route.dest","mode":"managed","type":"aws_route","name":"dest","expressions":{
	   "route_table_id":{"references":["aws_route_table.a.id","aws_route_table.a"]},"destination_cidr_block":{"references":["data.aws_vpc.peer.cidr_block","data.aws_vpc.peer"]},"gateway_id":{"references":["aws_internet_gateway.g.id","aws_internet_gateway.g"]}}},
	 {"address":"aws_route_table.two","mode":"managed","type":"aws_route_table","name":"two","expressions":{
	   "route":{"references":["aws_nat_gateway.n1.id","aws_nat_gateway.n1","aws_nat_gateway.n2.id","aws_nat_gateway.n2"]}}},
	 {"address":"aws_security_group_rule.src","mode":"managed","type":"aws_security_group_rule","name":"src","expressions":{
	   "security_group_id":{"references":["aws_security_group.x.id","aws_security_group.x"]},"source_security_group_id":{"references":["data.aws_security_group.late.id","data.aws_security_group.late"]}}}
	]}}`
	sg := func(name string) rc {
		return rc{addr: "aws_security_group." + name, after: map[string]any{"name": name, "ingress": []any{}, "egress": []any{}}, unknown: []string{"id"}}
	}
	route := func(cidr string) map[string]any {
		return map[string]any{"cidr_block": cidr, "gateway_id": "", "nat_gateway_id": ""}
	}
	w := read(t, plan(t, []rc{
		{addr: "aws_route_table.a", after: map[string]any{}, unknown: []string{"id", "route"}},
		{addr: "aws_internet_gateway.g", after: map[string]any{}, unknown: []string{"id"}},
		{addr: "data.aws_vpc.peer", after: map[string]any{}, unknown: []string{"id", "cidr_block"}, actions: []string{"read"}},
		{addr: "aws_route.dest", after: map[string]any{}, unknown: []string{"id", "route_table_id", "destination_cidr_block", "gateway_id", "instance_id", "network_interface_id"}},
		{addr: "aws_route_table.two", after: map[string]any{"route": []any{route("0.0.0.0/0"), route("10.9.0.0/16")}}, unknown: []string{"id"},
			au: map[string]any{"route": []any{map[string]any{"nat_gateway_id": true}, map[string]any{"nat_gateway_id": true}}}},
		{addr: "aws_nat_gateway.n1", after: map[string]any{}, unknown: []string{"id"}},
		{addr: "aws_nat_gateway.n2", after: map[string]any{}, unknown: []string{"id"}},
		sg("x"), sg("y"),
		{addr: "data.aws_security_group.late", after: map[string]any{}, unknown: []string{"id"}, actions: []string{"read"}},
		{addr: "aws_security_group_rule.src", after: map[string]any{"type": "ingress", "protocol": "tcp", "from_port": 443.0, "to_port": 443.0}, unknown: []string{"id", "security_group_id", "source_security_group_id"}},
	}, placed, cfg, nil))
	two := w.RouteTables.Get("aws_route_table.two")
	check(t, cases{
		{"a route whose destination is unknown leaves its table out", w.RouteTables.Get("aws_route_table.a") == nil, true},
		{"two elements with the target unknown: neither is guessed", two != nil && world.IsUnresolved(two.Routes[0].NatGatewayId) && world.IsUnresolved(two.Routes[1].NatGatewayId), true},
		{"a configured source group that is unknown leaves its group out", w.SecurityGroups.Get("aws_security_group.x") == nil, true},
		{"other groups stay", w.SecurityGroups.Get("aws_security_group.y") != nil, true},
	})
	stray := read(t, plan(t, []rc{
		{addr: "aws_vpc.v", after: map[string]any{"cidr_block": "10.0.0.0/16"}, unknown: []string{"id"}},
		sg("x"), sg("y"),
		{addr: "data.aws_security_group.late", after: map[string]any{}, unknown: []string{"id"}, actions: []string{"read"}},
		{addr: "aws_vpc_security_group_egress_rule.r", after: map[string]any{"ip_protocol": "-1", "cidr_ipv4": "0.0.0.0/0"}, unknown: []string{"id", "security_group_id"}},
	}, placed, `{"root_module":{"resources":[{"address":"aws_vpc_security_group_egress_rule.r","mode":"managed","type":"aws_vpc_security_group_egress_rule","name":"r","expressions":{
	   "security_group_id":{"references":["data.aws_security_group.late.id","data.aws_security_group.late"]}}}]}}`, nil))
	check(t, cases{
		{"a rule whose group is unresolved may add to any group, a new VPC's default one too: none is complete", stray.SecurityGroups.Len(), 0},
	})
}

// TestUnboundRolePolicy: an attachment whose role reference leads to no
// one instance (a local, which the plan JSON does not hold, in a module
// with two roles) may be on any role of the plan, and an explicit deny in
// it would decide (IAM-UG "Policy evaluation logic"): no role's attached
// listing is then complete, and each says why.
func TestUnboundRolePolicy(t *testing.T) {
	cfg := `{"root_module":{"resources":[
	 {"address":"aws_iam_role_policy_attachment.x","mode":"managed","type":"aws_iam_role_policy_attachment","name":"x","expressions":{"role":{"references":["local.role_name"]}}}]}}`
	w := read(t, plan(t, []rc{
		{addr: "aws_iam_role.exec", after: map[string]any{"name": "exec", "assume_role_policy": "{}"}, unknown: []string{"arn", "id", "managed_policy_arns", "inline_policy"}},
		{addr: "aws_iam_role.task", after: map[string]any{"name": "task", "assume_role_policy": "{}"}, unknown: []string{"arn", "id", "managed_policy_arns", "inline_policy"}},
		{addr: "aws_iam_role_policy_attachment.x", after: map[string]any{"policy_arn": "arn:aws:iam::111122223333:policy/deny-all"}, unknown: []string{"id", "role"}},
	}, placed, cfg, nil))
	exec := w.Roles.Get("arn:aws:iam::111122223333:role/exec")
	check(t, cases{
		{"the execution role's attached listing is not complete", exec.AttachedKnown, false},
		{"its inline listing still is", exec.InlineKnown, true},
		{"and missing names the attachment", strings.HasPrefix(exec.Unknown["AttachedPolicies"], "aws_iam_role_policy_attachment.x attaches a policy to a role the plan does not resolve"), true},
	})
}

// TestUnknownACLAndAssociations: in a network ACL the first rule that
// matches decides (VPC-UG "Network ACL rules"), so a rule whose CIDR is
// known only after apply, inline or as aws_network_acl_rule, leaves its ACL
// unknown, and a rule of an ACL the plan cannot tell leaves every ACL
// unknown. A subnet uses the main route table only when no association
// names it (VPC-UG "Subnet route tables"): with an association whose
// subnet is unresolved, no subnet is taken to use it.
func TestUnknownACLAndAssociations(t *testing.T) {
	cfg := `{"root_module":{"resources":[
	 {"address":"aws_network_acl.inline","mode":"managed","type":"aws_network_acl","name":"inline","expressions":{"vpc_id":{"references":["aws_vpc.v.id","aws_vpc.v"]}}},
	 {"address":"aws_network_acl.ruled","mode":"managed","type":"aws_network_acl","name":"ruled","expressions":{"vpc_id":{"references":["aws_vpc.v.id","aws_vpc.v"]}}},
	 {"address":"aws_network_acl_rule.r","mode":"managed","type":"aws_network_acl_rule","name":"r","expressions":{
	   "network_acl_id":{"references":["aws_network_acl.ruled.id","aws_network_acl.ruled"]},"cidr_block":{"references":["data.aws_vpc.peer.cidr_block","data.aws_vpc.peer"]}}},
	 {"address":"aws_route_table_association.x","mode":"managed","type":"aws_route_table_association","name":"x","expressions":{
	   "subnet_id":{"references":["data.aws_subnet.late.id","data.aws_subnet.late"]}}},
	 {"address":"aws_subnet.s","mode":"managed","type":"aws_subnet","name":"s","expressions":{"vpc_id":{"references":["aws_vpc.v.id","aws_vpc.v"]}}}
	]}}`
	entry := map[string]any{"rule_no": 100.0, "action": "deny", "protocol": "-1", "from_port": 0.0, "to_port": 0.0, "ipv6_cidr_block": ""}
	w := read(t, plan(t, []rc{
		{addr: "aws_vpc.v", after: map[string]any{"cidr_block": "10.0.0.0/16"}, unknown: []string{"id"}},
		{addr: "aws_subnet.s", after: map[string]any{"cidr_block": "10.0.0.0/24"}, unknown: []string{"id", "vpc_id"}},
		{addr: "data.aws_vpc.peer", after: map[string]any{}, unknown: []string{"id", "cidr_block"}, actions: []string{"read"}},
		{addr: "data.aws_subnet.late", after: map[string]any{}, unknown: []string{"id"}, actions: []string{"read"}},
		{addr: "aws_network_acl.inline", after: map[string]any{"ingress": []any{entry}, "egress": []any{}}, unknown: []string{"id", "vpc_id", "subnet_ids"},
			au: map[string]any{"ingress": []any{map[string]any{"cidr_block": true}}}},
		{addr: "aws_network_acl.ruled", after: map[string]any{"ingress": []any{}, "egress": []any{}}, unknown: []string{"id", "vpc_id", "subnet_ids"}},
		{addr: "aws_network_acl_rule.r", after: map[string]any{"rule_number": 100.0, "rule_action": "deny", "egress": true, "protocol": "-1", "from_port": 0.0, "to_port": 0.0},
			unknown: []string{"id", "network_acl_id", "cidr_block"}},
		{addr: "aws_route_table_association.x", after: map[string]any{}, unknown: []string{"id", "subnet_id"}},
	}, placed, cfg, nil))
	mainUsed := false
	for _, rt := range w.RouteTables.All() {
		for _, a := range rt.Associations {
			mainUsed = mainUsed || a.SubnetId == "aws_subnet.s"
		}
	}
	check(t, cases{
		{"an inline rule with an unknown CIDR leaves its ACL out", w.NetworkACLs.Get("aws_network_acl.inline") == nil, true},
		{"an aws_network_acl_rule with an unknown CIDR leaves its ACL out", w.NetworkACLs.Get("aws_network_acl.ruled") == nil, true},
		{"an association of an unresolved subnet: no subnet is put on the main table", mainUsed, false},
	})
	stray := read(t, plan(t, []rc{
		{addr: "aws_vpc.v", after: map[string]any{"cidr_block": "10.0.0.0/16"}, unknown: []string{"id"}},
		{addr: "data.aws_network_acls.late", after: map[string]any{}, unknown: []string{"id", "ids"}, actions: []string{"read"}},
		{addr: "aws_network_acl_rule.r", after: map[string]any{"rule_number": 100.0, "rule_action": "deny", "egress": true, "protocol": "-1", "from_port": 0.0, "to_port": 0.0, "cidr_block": "0.0.0.0/0"},
			unknown: []string{"id", "network_acl_id"}},
	}, placed, `{"root_module":{"resources":[{"address":"aws_network_acl_rule.r","mode":"managed","type":"aws_network_acl_rule","name":"r","expressions":{
	   "network_acl_id":{"references":["data.aws_network_acls.late.ids[0]","data.aws_network_acls.late"]}}}]}}`, nil))
	check(t, cases{
		{"a rule of an unresolved ACL may deny in any ACL: none is kept", stray.NetworkACLs.Len(), 0},
	})
}

// TestUnknownRulePorts: the protocol and ports decide what a security group
// rule admits (VPC-UG "Security group rules"), so a rule whose port is
// known only after apply leaves its group unknown rather than open.
func TestUnknownRulePorts(t *testing.T) {
	cfg := `{"root_module":{"resources":[
	 {"address":"aws_vpc_security_group_egress_rule.r","mode":"managed","type":"aws_vpc_security_group_egress_rule","name":"r","expressions":{
	   "security_group_id":{"references":["aws_security_group.x.id","aws_security_group.x"]},"from_port":{"references":["var.port"]}}},
	 {"address":"aws_security_group_rule.s","mode":"managed","type":"aws_security_group_rule","name":"s","expressions":{
	   "security_group_id":{"references":["aws_security_group.y.id","aws_security_group.y"]}}}]}}`
	sg := func(name string) rc {
		return rc{addr: "aws_security_group." + name, after: map[string]any{"name": name, "ingress": []any{}, "egress": []any{}}, unknown: []string{"id"}}
	}
	w := read(t, plan(t, []rc{
		sg("x"), sg("y"),
		{addr: "aws_vpc_security_group_egress_rule.r", after: map[string]any{"ip_protocol": "tcp", "to_port": 443.0, "cidr_ipv4": "0.0.0.0/0"}, unknown: []string{"id", "security_group_id", "from_port"}},
		{addr: "aws_security_group_rule.s", after: map[string]any{"type": "egress", "protocol": "tcp", "from_port": 443.0, "cidr_blocks": []any{"0.0.0.0/0"}}, unknown: []string{"id", "security_group_id", "to_port", "source_security_group_id"}},
	}, placed, cfg, nil))
	check(t, cases{
		{"aws_vpc_security_group_egress_rule with an unknown port", w.SecurityGroups.Get("aws_security_group.x") == nil, true},
		{"aws_security_group_rule with an unknown port", w.SecurityGroups.Get("aws_security_group.y") == nil, true},
	})
}
