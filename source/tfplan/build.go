package tfplan

import (
	"slices"

	"github.com/ecs-preflight/ecs-preflight/world"
)

// deletedInst is an instance the plan destroys, with its prior values.
type deletedInst struct {
	typ    string
	before map[string]any
}

// setSource names the input in "missing" messages.
const setSource = "terraform plan"

// build turns the indexed plan into a world.
func (r *reader) build() (*world.World, error) {
	r.w = &world.World{Origin: world.Origin{File: r.file}}
	r.explicitRT, r.explicitACL, r.unknownSG = map[string]bool{}, map[string]bool{}, map[string]bool{}
	if err := r.index(); err != nil {
		return nil, err
	}
	if err := r.loadConfig(); err != nil {
		return nil, err
	}
	r.placeWorld()
	r.initSets()
	r.buildVPCs()
	r.buildGateways()
	r.buildRouteTables()
	r.buildSecurityGroups()
	r.buildNetworkACLs()
	r.buildEndpoints()
	r.implicitDefaults()
	r.endpointsKnown()
	r.buildIAM()
	r.buildHostedZones()
	r.buildInstanceGroups()
	r.buildRepositories()
	r.buildKeys()
	r.buildSecrets()
	r.buildParameters()
	if err := r.buildTaskDefinitions(); err != nil {
		return nil, err
	}
	r.buildServices()
	r.buildBuckets()
	r.buildPullThroughCache()
	return r.w, nil
}

// setKinds maps each world set to the resource types that fill it. A set
// is known when the plan has any of its types; a plan never lists a whole
// account, so no set is complete.
func (r *reader) initSets() {
	present := map[string]bool{}
	for _, in := range r.insts {
		present[in.typ] = true
	}
	has := func(types ...string) bool {
		return slices.ContainsFunc(types, func(t string) bool { return present[t] })
	}
	w := r.w
	mark := func(known bool, set func()) {
		if known {
			set()
		}
	}
	mark(has("aws_ecs_task_definition"), func() { w.TaskDefinitions = world.NewSet[world.TaskDefinition](setSource, false) })
	mark(has("aws_ecs_service"), func() { w.Services = world.NewSet[world.Service](setSource, false) })
	mark(has("aws_iam_role"), func() { w.Roles = world.NewSet[world.Role](setSource, false) })
	mark(has("aws_iam_policy"), func() { w.Policies = world.NewSet[world.ManagedPolicy](setSource, false) })
	mark(has("aws_vpc"), func() { w.VPCs = world.NewSet[world.VPC](setSource, false) })
	mark(has("aws_subnet"), func() { w.Subnets = world.NewSet[world.Subnet](setSource, false) })
	mark(has("aws_route_table", "aws_default_route_table", "aws_vpc"), func() { w.RouteTables = world.NewSet[world.RouteTable](setSource, false) })
	mark(has("aws_security_group", "aws_default_security_group", "aws_vpc"), func() { w.SecurityGroups = world.NewSet[world.SecurityGroup](setSource, false) })
	mark(has("aws_network_acl", "aws_default_network_acl", "aws_vpc"), func() { w.NetworkACLs = world.NewSet[world.NetworkACL](setSource, false) })
	mark(has("aws_vpc_endpoint"), func() { w.VPCEndpoints = world.NewSet[world.VPCEndpoint](setSource, false) })
	mark(has("aws_internet_gateway"), func() { w.InternetGateways = world.NewSet[world.InternetGateway](setSource, false) })
	mark(has("aws_nat_gateway"), func() { w.NATGateways = world.NewSet[world.NATGateway](setSource, false) })
	mark(has("aws_vpc_dhcp_options"), func() { w.DHCPOptions = world.NewSet[world.DHCPOptions](setSource, false) })
	mark(has("aws_ecr_repository"), func() { w.Repositories = world.NewSet[world.Repository](setSource, false) })
	mark(has("aws_secretsmanager_secret"), func() { w.Secrets = world.NewSet[world.Secret](setSource, false) })
	mark(has("aws_kms_key"), func() { w.Keys = world.NewSet[world.Key](setSource, false) })
	mark(has("aws_kms_alias"), func() { w.KeyAliases = world.NewSet[world.KeyAlias](setSource, false) })
	mark(has("aws_ssm_parameter"), func() { w.Parameters = world.NewSet[world.Parameter](setSource, false) })
	mark(has("aws_cloudwatch_log_group"), func() { w.LogGroups = world.NewSet[world.LogGroup](setSource, false) })
	mark(has("aws_s3_bucket"), func() { w.Buckets = world.NewSet[world.Bucket](setSource, false) })
}

// endpointsKnown marks the endpoint set known when every subnet in the
// world belongs to a VPC the plan creates: no endpoint the plan does not
// show can exist in such a VPC, so "no endpoint" is a fact. For a VPC that
// exists already the set stays unknown unless the plan manages endpoints.
func (r *reader) endpointsKnown() {
	if r.w.VPCEndpoints.Known || len(r.newVPCs) == 0 {
		return
	}
	created := map[string]bool{}
	for _, v := range r.newVPCs {
		created[r.id(v)] = true
	}
	for _, s := range r.w.Subnets.All() {
		if !created[s.VpcId] {
			return
		}
	}
	r.w.VPCEndpoints = world.NewSet[world.VPCEndpoint](setSource, false)
}
