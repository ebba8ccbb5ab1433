// Package tfplan reads a Terraform plan — the JSON `terraform show -json
// PLANFILE` prints — into a world.World, so that a change that would break
// an ECS deployment is caught before apply.
//
//	w, err := tfplan.Load("plan.json")
//	res, err := taskstart.Simulate(ctx, w)
//
// # What is read
//
// The world is the state the plan leaves behind: resources from
// resource_changes (after, after_unknown, after_sensitive), existing
// resources and the data sources read at plan time from prior_state, and
// anything else in planned_values, in the root module and every child
// module. Instances the plan destroys are left out, and an
// aws_iam_role_policy_attachment or aws_iam_role_policy it destroys is
// also taken out of the refreshed role's managed_policy_arns and
// inline_policy. Resource types read: aws_ecs_task_definition (and
// data.aws_ecs_task_definition), aws_ecs_service, aws_iam_role (+ _policy,
// _policy_attachment, _policies_exclusive, _policy_attachments_exclusive),
// aws_iam_policy, aws_iam_policy_attachment, data.aws_iam_policy_document
// (through references, when its json is known at plan time), aws_vpc,
// aws_vpc_dhcp_options (+ _association), aws_s3_bucket (+ _policy),
// aws_ecr_pull_through_cache_rule,
// aws_subnet, aws_route_table, aws_route, aws_route_table_association,
// aws_main_route_table_association, aws_default_route_table,
// aws_internet_gateway (+ _attachment), aws_nat_gateway,
// aws_security_group, aws_default_security_group, aws_security_group_rule,
// aws_vpc_security_group_ingress_rule / _egress_rule, aws_network_acl,
// aws_default_network_acl, aws_network_acl_rule, aws_network_acl_association,
// aws_vpc_endpoint (+ _route_table_association, _subnet_association,
// _security_group_association, _policy), aws_ecr_repository (+ _policy),
// aws_secretsmanager_secret (+ _policy, _version), aws_kms_key (+ _policy),
// aws_kms_alias, aws_ssm_parameter, aws_cloudwatch_log_group, and the data
// sources of those types the plan records (data.aws_subnet, data.aws_vpc,
// data.aws_iam_role, data.aws_ecr_repository, data.aws_kms_key, ...). The
// attribute names are those of the hashicorp/aws provider v5 and v6.
//
// A set of the world is known when the plan has a resource of its kind; no
// set is complete, because a plan never lists a whole account. Each
// resource's Origin is the plan file and the resource address.
//
// # Values known only after apply, and the id scheme
//
// For a stack being created the ids and ARNs of new resources are unknown
// until apply: they are absent from after and flagged in after_unknown. The
// links between resources then exist only in the configuration section, as
// references ("aws_vpc.main.id"), including across module calls. For an
// unknown value this package follows the configuration:
//
//   - a resource reference names instances in the same module; the most
//     specific reference Terraform lists decides (aws_subnet.a[0] picks one
//     instance, aws_subnet.a every instance). With count.index or each.key
//     among the references, instance N of a counted resource takes instance
//     N (modulo the count) of the resource it names — the shape of
//     element(aws_subnet.a[*].id, count.index) the terraform-aws-modules
//     modules use; the plan JSON has no expression text, so this reads the
//     usual shape rather than evaluating the expression;
//   - var.NAME in the root module is the plan's variable value; in a child
//     module it is the module call's argument, resolved in the calling module,
//     or the variable's default;
//   - module.NAME.OUTPUT follows the output's expression into the module;
//     an element of it (module.vpc.private_subnets[0]) is that part of the
//     expression with the configuration (below), else missing: the plan
//     JSON lists only the expression's references;
//   - each.value.X, in a resource with for_each, is attribute X of the
//     element of the for_each collection whose key is the instance's; the
//     plan JSON holds only the collection's references, so without the
//     configuration (below) it is missing, and the expression's other
//     references do not decide alone;
//   - local.NAME is not in the plan JSON. With the configuration (below)
//     it is the local's expression; without it, when the value must name a
//     resource of a given type (a subnet's VPC) and the module has exactly
//     one resource of that type, that one is taken — the
//     terraform-aws-modules/vpc module links its subnets, route tables and
//     gateways to its VPC through local.vpc_id.
//
// # The configuration's .tf files
//
// The plan JSON leaves out what a `dynamic` block's content refers to and
// what a local is; modules use both to link resources (the
// terraform-aws-modules/ecs service module's network_configuration is a
// dynamic block over a local that holds var.subnet_ids). WithConfigDir (the
// CLI's --terraform-config) reads the configuration the plan was made from:
// the root module's .tf files, a local module from its source path, an
// installed one from .terraform/modules/modules.json. It is used only for
// modules whose resources and module calls are exactly those of the plan's
// configuration, and only for dynamic blocks, locals, and the part of a
// module argument a variable reference reads (var.rules["alb"].security_groups).
// Each dynamic block becomes one configuration block per element of its
// for_each when the configuration decides the collection; an attribute
// the configuration decides (constants, variables given as constants) is a
// constant, any other the references it narrows to: an object's attribute,
// a list's element, the elements of concat, flatten, compact, the first
// argument of try and coalesce that the configuration does not make null,
// element(list, count.index), lookup, the branch of a conditional the
// configuration decides or the only branch that is not null or empty.
// Another function, template or operator is not followed, and the value
// stays unknown, naming it. Without the configuration those values are
// unknown, as Terraform's plan leaves them.
//
// This is only for links: a value that decides a verdict (a CIDR block,
// ports, a policy) is the plan's value, or the planned value of the
// resource attribute it refers to; when the plan has it only after apply it
// stays unknown, and a value computed from one (cidrsubnet of a VPC's CIDR
// that IPAM assigns) is never computed here.
//
// A resource the plan creates whose id is unknown gets a stand-in id: its
// resource address ("module.vpc.aws_subnet.private[0]"), the same string
// wherever the resource is referenced, so the world's links hold. Internet
// gateways and VPC endpoints keep the AWS id prefix ("igw-aws_internet_gateway.main",
// "vpce-aws_vpc_endpoint.s3"), because route targets are told apart by it.
// The objects AWS creates with a VPC are named after the VPC:
// "aws_vpc.main.default_route_table_id", ".default_network_acl_id",
// ".default_security_group_id". An ARN whose parts the plan knows is built
// as AWS builds it: arn:PARTITION:iam::ACCOUNT:role/PATH/NAME for a role,
// :policy/ for a managed policy, the ECS cluster, ECR repository (and its
// URL ACCOUNT.dkr.ecr.REGION.amazonaws.com/NAME), log group and SSM
// parameter ARNs; a KMS key's id is its address (arn:…:key/ADDRESS); a
// Secrets Manager secret's ARN ends in NAME-?????? — six characters, like
// the random suffix AWS adds, so that policies written as secret:NAME-??????
// or secret:NAME-* match it as they will match the real ARN. Other
// unknown ARNs are the address.
//
// A value that cannot be linked — computed by a data source read only
// during apply, passed through a local, naming a resource not in the plan —
// is never guessed: it becomes a world.Unresolved stand-in that names the
// address, the attribute and the references, and the field's Unknown entry
// (TaskDefinition.Unknown["executionRoleArn"], VPCEndpoint.Unknown
// ["PolicyDocument"], InlinePolicy.Unknown, ManagedPolicy.Unknown, ...) says
// the same. A route whose target is unknown keeps its table, with the
// target a stand-in, so only the paths through that route are unknown; a
// route whose destination is unknown, and a security group or network ACL
// with a rule whose addresses, ports or source group are unknown, leave
// their table, group or ACL out of the world, so every question that needs
// it is unknown rather than wrong (a prefix list that is unknown stays in
// its rule as a stand-in). Attributes the provider computes and the
// configuration does not set — instance_id and network_interface_id of an
// aws_route, source_security_group_id of a CIDR aws_security_group_rule,
// subnet_ids of aws_default_network_acl — are unknown in every plan and
// decide nothing. A rule or association that names a group, ACL or subnet
// the plan cannot tell may belong to any: then no group (or ACL) of the
// plan, a new VPC's default one included, is taken as complete, and no
// subnet is taken to use the main route table or default ACL.
//
// container_definitions is one JSON string, usually from jsonencode(...),
// and Terraform makes it unknown as a whole as soon as any part is (an image
// from a new repository's repository_url, a new secret's ARN): no
// container, image or secret can then be told, and the task definition gets
// Unknown["containerDefinitions"] naming the references. Known container
// definitions are read as the ECS API's camelCase JSON; fields the API does
// not have (imagePullBehavior) go to ExtraFields.
//
// # Defaults
//
// Where the plan leaves an attribute of a created resource unset, the
// provider's or AWS's default applies (each is cited in the code): a VPC's
// enable_dns_support is true and enable_dns_hostnames false; a VPC
// endpoint is a Gateway endpoint with private_dns_enabled false and the
// full-access policy, and an interface endpoint without security groups
// gets the VPC's default group; a NAT gateway is public; a SecureString
// parameter uses alias/aws/ssm; a KMS key without a policy gets the default
// key policy that delegates to IAM (needs the account); an
// aws_security_group without egress blocks has no egress rules — Terraform
// removes the allow-all rule AWS creates — and aws_default_security_group
// and aws_default_network_acl keep only the rules they declare.
//
// A VPC the plan creates can hold nothing the plan does not show, so for
// it the plan is complete: its main route table (local route only), default
// network ACL (allow all) and default security group are added, subnets
// without an explicit association are written as associated with the main
// table and the default ACL, and, when every subnet is in such a VPC,
// "no VPC endpoint" is a fact. A VPC that exists already (a data source, or
// a resource in the prior state) gets none of this.
//
// # Hosted zones and container instances
//
// aws_route53_zone (private when it has vpc blocks), aws_route53_zone_association
// and aws_route53_record fill World.HostedZones; a zone the plan creates
// holds only the plan's records, an existing one may hold others. An alias
// to an interface endpoint's dns_entry keeps the endpoint's id in
// AliasTarget.VpcEndpointId, since the DNS name exists only after apply.
//
// aws_autoscaling_group (launch_template, mixed_instances_policy or
// launch_configuration; vpc_zone_identifier), aws_launch_template and
// aws_launch_configuration no group of the plan uses, and aws_instance fill
// World.InstanceGroups: the instance profile and its role (filed under the
// key the role has in World.Roles, or a stand-in for a role not in the
// plan), subnets, security groups (the VPC's default group when none is
// set), the public address setting, the capacity provider
// (aws_ecs_capacity_provider), and the cluster from ECS_CLUSTER in the user
// data ("default" when the user data writes no agent configuration; unknown
// when it writes it some other way). The plan holds only a hash of an
// instance's user_data, so its text comes from user_data_base64 or the
// configuration's constant.
//
// # Region and account
//
// WithRegion and WithAccount win. Otherwise the region comes from the
// default aws provider configuration's region (a constant or a root
// variable), else data.aws_region, else the one region the availability
// zones, ARNs and endpoint service names of the plan agree on; the account
// from data.aws_caller_identity, else a single allowed_account_ids of the
// provider, else the one account the ARNs the plan states agree on.
// Neither is guessed: when the plan names several, or none, World.Region
// or World.AccountID is empty and RegionFrom or AccountFrom says what is
// missing; otherwise they say where the value came from. ARNs the plan
// builds then hold a world.Unresolved stand-in for the part that is
// missing, never an empty or guessed account or region.
//
// # Types
//
// The attributes the reader uses are checked against the types the
// provider's schema gives them (schema/aws.json, from `terraform providers
// schema -json` of hashicorp/aws 5.100.0): a string, number or bool, a
// list or set of strings, a nested block as a list of objects. A value of
// another type — a cidr_block of 12345, network_configuration "nope", a
// change whose after is not an object, prior_state or planned_values
// values that are not an object — is a *source.InputError naming the
// resource address and the attribute:
//
//	aws_subnet.a: attribute "cidr_block": want string, got number
//
// A value that is null, unknown after apply or sensitive is not checked.
//
// # What a plan cannot show
//
// Sensitive values — secret_string, an SSM parameter's value, sensitive
// variables and outputs — never reach the world: they are removed when the
// plan is read, and of a secret version only the kind and the top-level
// JSON key names are kept (world.SecretShape).
//
// A role the plan creates has exactly the policies the plan gives it, and
// the *_exclusive resources make a role's inline or attached listing exactly
// the one they name. Policies attached to a role the plan cannot resolve (a
// data.aws_iam_role read only during apply) are kept on a Role filed under
// a stand-in that names the role's source, the same stand-in a task
// definition's execution_role_arn gets when it leads there, with its other
// policies and boundary unknown (world/unresolved.go). A policy whose role
// reference leads to no one instance (a local, a resource not in the plan)
// may be on any role, so then no role's listing of that kind is complete,
// and each role says why. For a
// role that exists, the provider refreshes managed_policy_arns and
// inline_policy from IAM, so attachments made outside Terraform are seen as
// of the plan; a role read with data.aws_iam_role carries no policy list
// and stays not AttachedKnown/InlineKnown. An existing ECR repository's
// policy is unknown unless the plan manages aws_ecr_repository_policy.
// Anything created outside Terraform between plan and apply, and anything
// in a VPC the plan only reads (its route tables, NACLs, endpoints), is not
// in the plan: lookups of it are unknown, never absent.
package tfplan
