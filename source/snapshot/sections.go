package snapshot

import (
	"reflect"
	"slices"
	"strings"

	"github.com/ecs-preflight/ecs-preflight/world"
)

// operation is one API operation a section may carry.
type operation struct {
	name string
	// items is the response key holding the resources (list-shaped
	// responses: "Subnets"); "" when each response is one resource and load
	// gets the whole response.
	items string
	// complete: a present operation lists every resource of its kind in the
	// account and region (docs/snapshot.md "completeness").
	complete bool
	// start marks the world set the operation fills as known.
	start func(r *reader, src string, complete bool)
	// load reads one resource (or one per-resource response).
	load func(r *reader, n *node, path string) error
}

// section is one service section of the snapshot.
type section struct {
	name string
	// ops in the order they are read: resources before what merges into them.
	ops []operation
	// finish runs after all ops, for facts that need them all.
	finish func(r *reader) error
	// keepsTrees: finish reads the operations' trees.
	keepsTrees bool
}

func (s *section) op(name string) *operation {
	for i := range s.ops {
		if s.ops[i].name == name {
			return &s.ops[i]
		}
	}
	return nil
}

func (s *section) opNames() []string {
	names := make([]string, len(s.ops))
	for i, op := range s.ops {
		names[i] = op.name
	}
	return names
}

func sectionByName(name string) *section {
	for _, s := range sections {
		if s.name == name {
			return s
		}
	}
	return nil
}

// sections is the snapshot format: every section and operation it knows,
// in the order they are read. docs/snapshot.schema.json lists the same
// names (TestSchemaMatchesTable).
var sections []*section

func init() {
	sections = []*section{
		{name: "ecs", ops: []operation{
			{name: "DescribeTaskDefinition", start: startSet(func(w *world.World) *world.Set[world.TaskDefinition] { return &w.TaskDefinitions }), load: loadTaskDefinition},
			// DescribeServices answers only for the services named in the
			// request, so it never proves that a service does not exist.
			{name: "DescribeServices", items: "services", start: startSet(func(w *world.World) *world.Set[world.Service] { return &w.Services }), load: loadService},
			// DescribeCapacityProviders: the kind of the providers a
			// service's strategy names, and the instances of Managed
			// Instances providers (capacity.go).
			{name: "DescribeCapacityProviders", items: "capacityProviders", start: startSet(func(w *world.World) *world.Set[world.CapacityProvider] { return &w.CapacityProviders }), load: loadCapacityProvider},
		}},
		{name: "iam", ops: []operation{
			{name: "GetRole", start: startSet(func(w *world.World) *world.Set[world.Role] { return &w.Roles }), load: loadRole},
			{name: "ListAttachedRolePolicies", load: loadAttachedRolePolicies},
			{name: "ListRolePolicies", load: loadRolePolicyNames},
			{name: "GetRolePolicy", load: loadRolePolicy},
			{name: "GetPolicy", start: startSet(func(w *world.World) *world.Set[world.ManagedPolicy] { return &w.Policies }), load: loadPolicy},
			{name: "GetPolicyVersion", start: startSet(func(w *world.World) *world.Set[world.ManagedPolicy] { return &w.Policies }), load: loadPolicyVersion},
		}, finish: finishIAM},
		{name: "ec2", ops: []operation{
			listOp("DescribeVpcs", "Vpcs", "VPC", "VpcId",
				func(w *world.World) *world.Set[world.VPC] { return &w.VPCs },
				func(v *world.VPC) string { return v.VpcId }, nil),
			{name: "DescribeVpcAttribute", load: loadVpcAttribute},
			listOp("DescribeSubnets", "Subnets", "subnet", "SubnetId",
				func(w *world.World) *world.Set[world.Subnet] { return &w.Subnets },
				func(v *world.Subnet) string { return v.SubnetId }, nil),
			listOp("DescribeRouteTables", "RouteTables", "route table", "RouteTableId",
				func(w *world.World) *world.Set[world.RouteTable] { return &w.RouteTables },
				func(v *world.RouteTable) string { return v.RouteTableId }, routeOrigins),
			listOp("DescribeSecurityGroups", "SecurityGroups", "security group", "GroupId",
				func(w *world.World) *world.Set[world.SecurityGroup] { return &w.SecurityGroups },
				func(v *world.SecurityGroup) string { return v.GroupId }, nil),
			listOp("DescribeNetworkAcls", "NetworkAcls", "network ACL", "NetworkAclId",
				func(w *world.World) *world.Set[world.NetworkACL] { return &w.NetworkACLs },
				func(v *world.NetworkACL) string { return v.NetworkAclId }, nil),
			listOp("DescribeVpcEndpoints", "VpcEndpoints", "VPC endpoint", "VpcEndpointId",
				func(w *world.World) *world.Set[world.VPCEndpoint] { return &w.VPCEndpoints },
				func(v *world.VPCEndpoint) string { return v.VpcEndpointId }, nil),
			listOp("DescribeInternetGateways", "InternetGateways", "internet gateway", "InternetGatewayId",
				func(w *world.World) *world.Set[world.InternetGateway] { return &w.InternetGateways },
				func(v *world.InternetGateway) string { return v.InternetGatewayId }, nil),
			listOp("DescribeNatGateways", "NatGateways", "NAT gateway", "NatGatewayId",
				func(w *world.World) *world.Set[world.NATGateway] { return &w.NATGateways },
				func(v *world.NATGateway) string { return v.NatGatewayId }, nil),
			// DescribeManagedPrefixLists lists customer and AWS-managed prefix
			// lists alike, so it alone makes the set complete.
			{name: "DescribeManagedPrefixLists", items: "PrefixLists", complete: true, start: startPrefixLists, load: loadManagedPrefixList},
			{name: "DescribePrefixLists", items: "PrefixLists", start: startPrefixLists, load: loadAWSPrefixList},
			{name: "GetManagedPrefixListEntries", start: startPrefixLists, load: loadPrefixListEntries},
			{name: "DescribeDhcpOptions", items: "DhcpOptions", complete: true,
				start: startSet(func(w *world.World) *world.Set[world.DHCPOptions] { return &w.DHCPOptions }), load: loadDhcpOptions},
			// DescribeInstances nests instances in reservations; a route to
			// a NAT instance is judged by them (VPC-UG "NAT instances").
			{name: "DescribeInstances", items: "Reservations", complete: true,
				start: startSet(func(w *world.World) *world.Set[world.Instance] { return &w.Instances }), load: loadReservation},
		}},
		{name: "ecr", ops: []operation{
			{name: "DescribeRepositories", items: "repositories", complete: true, start: startRepositories, load: loadRepository},
			{name: "GetRepositoryPolicy", start: startRepositories, load: loadRepositoryPolicy},
			{name: "DescribePullThroughCacheRules", items: "pullThroughCacheRules", load: loadPullThroughCacheRule},
		}, finish: finishECR},
		{name: "secretsmanager", ops: []operation{
			{name: "DescribeSecret", start: startSet(func(w *world.World) *world.Set[world.Secret] { return &w.Secrets }), load: loadSecret},
			{name: "GetResourcePolicy", load: loadSecretPolicy},
			{name: "SecretKeys", load: loadSecretKeys},
		}, finish: finishSecrets},
		{name: "kms", ops: []operation{
			{name: "DescribeKey", start: startSet(func(w *world.World) *world.Set[world.Key] { return &w.Keys }), load: loadKey},
			{name: "GetKeyPolicy", start: startSet(func(w *world.World) *world.Set[world.Key] { return &w.Keys }), load: loadKeyPolicy},
			listOp("ListAliases", "Aliases", "KMS alias", "AliasArn",
				func(w *world.World) *world.Set[world.KeyAlias] { return &w.KeyAliases },
				func(v *world.KeyAlias) string { return v.AliasArn }, nil),
		}},
		{name: "ssm", ops: []operation{
			{name: "DescribeParameters", items: "Parameters", complete: true,
				start: startSet(func(w *world.World) *world.Set[world.Parameter] { return &w.Parameters }), load: loadParameter},
		}},
		{name: "logs", ops: []operation{
			{name: "DescribeLogGroups", items: "logGroups", complete: true,
				start: startSet(func(w *world.World) *world.Set[world.LogGroup] { return &w.LogGroups }), load: loadLogGroup},
		}},
		{name: "s3", ops: []operation{
			{name: "GetBucketPolicy", start: startBuckets, load: loadBucketPolicy},
			{name: "GetBucketLocation", start: startBuckets, load: loadBucketLocation},
		}, finish: finishS3},
		// route53: the private hosted zones of the task's VPC and their
		// records (a central endpoint VPC shares endpoints through them).
		// Zones and records are per-resource: nothing proves a zone absent.
		{name: "route53", ops: []operation{
			{name: "ListHostedZonesByVPC", load: loadHostedZonesByVPC},
			{name: "GetHostedZone", load: loadHostedZone},
			{name: "ListResourceRecordSets", load: loadRecordSets},
		}},
		// organizations: the account's SCPs and RCPs, root to account
		// (organizations.go). DescribeOrganization is one response; the
		// others are per-resource.
		{name: "organizations", ops: []operation{
			{name: "DescribeOrganization", load: loadDescribeOrganization},
			{name: "ListParents", load: loadListParents},
			{name: "ListPoliciesForTarget", load: loadListPoliciesForTarget},
			{name: "DescribePolicy", load: loadDescribePolicy},
		}, finish: finishOrgs, keepsTrees: true},
	}
}

// startSet returns a start hook that marks one world set known.
func startSet[T any](set func(*world.World) *world.Set[T]) func(*reader, string, bool) {
	return func(r *reader, src string, complete bool) {
		s := set(r.w)
		known(s, src, complete)
		s.Grow(r.items)
	}
}

// listOp is a list operation whose items decode straight into a world type
// keyed by one id field.
func listOp[T any](name, items, what, idField string, set func(*world.World) *world.Set[T], key func(*T) string, after func(*reader, *T, *node, string) error) operation {
	return operation{
		name: name, items: items, complete: true,
		start: startSet(set),
		load: func(r *reader, n *node, path string) error {
			v := new(T)
			if err := r.decode(n, path, v); err != nil {
				return err
			}
			id := key(v)
			if id == "" {
				return r.fail(n, path, "missing %q", idField)
			}
			setOrigin(v, r.origin(n, path))
			if after != nil {
				if err := after(r, v, n, path); err != nil {
					return err
				}
			}
			return put(r, set(r.w), what, id, v, n, path)
		},
	}
}

// setOrigin sets the Origin field every world resource type has.
func setOrigin(v any, o world.Origin) {
	f := reflect.ValueOf(v).Elem().FieldByName("Origin")
	if f.IsValid() {
		f.Set(reflect.ValueOf(o))
	}
}

// bool returns the bool under key of n; false when absent or null.
func (r *reader) bool(n *node, path, key string) (bool, error) {
	v := n.get(key)
	if v == nil || v.kind == kNull {
		return false, nil
	}
	if v.kind != kBool {
		return false, r.want(v, jp(path, key), "bool")
	}
	return v.b, nil
}

// ---- ecs ----

func loadTaskDefinition(r *reader, n *node, path string) error {
	td, err := r.object(n, path, "taskDefinition")
	if err != nil {
		return err
	}
	if td == nil {
		return r.fail(n, path, `missing "taskDefinition": want the describe-task-definition response`)
	}
	tpath := jp(path, "taskDefinition")
	t := &world.TaskDefinition{}
	if err := r.decode(td, tpath, t); err != nil {
		return err
	}
	if t.Family == "" {
		return r.fail(td, tpath, `missing "family"`)
	}
	t.Origin = r.origin(td, tpath)
	if cds := td.get("containerDefinitions"); cds != nil && cds.kind == kArray {
		cpath := jp(tpath, "containerDefinitions")
		for i := range t.ContainerDefinitions {
			cn, c := cds.vals()[i], &t.ContainerDefinitions[i]
			c.Origin = r.origin(cn, ji(cpath, i))
			for _, k := range cn.keys() {
				// ECS API Reference "ContainerDefinition": a field it does
				// not know is ignored or rejected by the platform.
				if !world.IsContainerField(k) {
					c.ExtraFields = append(c.ExtraFields, k)
				}
			}
		}
	}
	// Keyed by ARN (what services and the API name), else family:revision.
	key := t.TaskDefinitionArn
	if key == "" {
		key = t.Name()
	}
	return put(r, &r.w.TaskDefinitions, "task definition", key, t, td, tpath)
}

func loadService(r *reader, n *node, path string) error {
	s := &world.Service{}
	if err := r.decode(n, path, s); err != nil {
		return err
	}
	key := s.ServiceArn
	if key == "" {
		key = s.ServiceName
	}
	if key == "" {
		return r.fail(n, path, `missing "serviceArn" and "serviceName"`)
	}
	s.Origin = r.origin(n, path)
	return put(r, &r.w.Services, "service", key, s, n, path)
}

// ---- iam ----

func loadRole(r *reader, n *node, path string) error {
	rn, err := r.object(n, path, "Role")
	if err != nil {
		return err
	}
	if rn == nil {
		return r.fail(n, path, `missing "Role": want the get-role response`)
	}
	rpath := jp(path, "Role")
	role := &world.Role{}
	if err := r.decode(rn, rpath, role); err != nil {
		return err
	}
	// Only GetRole's own fields count; the policy lists come from their
	// own operations.
	role.AttachedPolicies, role.InlinePolicies, role.PermissionsBoundaryArn = nil, nil, ""
	if role.Arn == "" {
		return r.fail(rn, rpath, `missing "Arn"`)
	}
	if role.RoleName == "" {
		return r.fail(rn, rpath, `missing "RoleName"`)
	}
	pb, err := r.object(rn, rpath, "PermissionsBoundary")
	if err != nil {
		return err
	}
	if pb != nil {
		if role.PermissionsBoundaryArn, err = r.str(pb, jp(rpath, "PermissionsBoundary"), "PermissionsBoundaryArn"); err != nil {
			return err
		}
	}
	// GetRole always carries PermissionsBoundary when the role has one.
	role.BoundaryKnown = true
	role.Origin = r.origin(rn, rpath)
	if err := put(r, &r.w.Roles, "role", role.Arn, role, rn, rpath); err != nil {
		return err
	}
	r.rolesByName[role.RoleName] = append(r.rolesByName[role.RoleName], role)
	return nil
}

// roleFor finds the GetRole entry an IAM per-role response (which names the
// role by RoleName) belongs to.
func (r *reader) roleFor(n *node, path string) (*world.Role, error) {
	name, err := r.required(n, path, "RoleName", "add the request's --role-name beside the response")
	if err != nil {
		return nil, err
	}
	switch roles := r.rolesByName[name]; len(roles) {
	case 0:
		return nil, r.fail(n, path, "no GetRole entry for role %q (add the output of aws iam get-role --role-name %s)", name, name)
	case 1:
		return roles[0], nil
	default:
		return nil, r.fail(n, path, "role name %q is ambiguous: GetRole holds %d roles of that name", name, len(roles))
	}
}

func loadAttachedRolePolicies(r *reader, n *node, path string) error {
	role, err := r.roleFor(n, path)
	if err != nil {
		return err
	}
	ap := n.get("AttachedPolicies")
	if ap == nil {
		return r.fail(n, path, `missing "AttachedPolicies"`)
	}
	var list []world.AttachedPolicy
	if err := r.decodeValue(ap, jp(path, "AttachedPolicies"), reflect.ValueOf(&list).Elem(), ""); err != nil {
		return err
	}
	trunc, err := r.bool(n, path, "IsTruncated")
	if err != nil {
		return err
	}
	role.AttachedPolicies = append(role.AttachedPolicies, list...)
	// The last page of a role decides: a truncated listing is partial.
	role.AttachedKnown = !trunc
	return nil
}

func loadRolePolicyNames(r *reader, n *node, path string) error {
	role, err := r.roleFor(n, path)
	if err != nil {
		return err
	}
	pn := n.get("PolicyNames")
	if pn == nil {
		return r.fail(n, path, `missing "PolicyNames"`)
	}
	var names []string
	if err := r.decodeValue(pn, jp(path, "PolicyNames"), reflect.ValueOf(&names).Elem(), ""); err != nil {
		return err
	}
	trunc, err := r.bool(n, path, "IsTruncated")
	if err != nil {
		return err
	}
	r.inlineListed[role] = append(r.inlineListed[role], names...)
	role.InlineKnown = !trunc
	return nil
}

func loadRolePolicy(r *reader, n *node, path string) error {
	role, err := r.roleFor(n, path)
	if err != nil {
		return err
	}
	name, err := r.required(n, path, "PolicyName", "")
	if err != nil {
		return err
	}
	dn := n.get("PolicyDocument")
	if dn == nil {
		return r.fail(n, path, `missing "PolicyDocument"`)
	}
	doc, err := r.policy(dn, jp(path, "PolicyDocument"))
	if err != nil {
		return err
	}
	if first, dup := r.first("inline policy", role.Arn+"\x00"+name, path); dup {
		return r.fail(n, path, "duplicate inline policy %q of role %q (first at %s)", name, role.RoleName, first)
	}
	role.InlinePolicies = append(role.InlinePolicies, world.InlinePolicy{PolicyName: name, PolicyDocument: doc, Origin: r.origin(n, path)})
	return nil
}

// finishIAM checks that every inline policy a role lists has its document:
// without it the role's permissions are not known, and a missing Allow could
// turn a pass into a fail or the other way round.
func finishIAM(r *reader) error {
	for role, names := range r.inlineListed {
		for _, name := range names {
			if !slices.ContainsFunc(role.InlinePolicies, func(p world.InlinePolicy) bool { return p.PolicyName == name }) {
				role.InlineKnown = false
				if role.Unknown == nil {
					role.Unknown = make(map[string]string)
				}
				role.Unknown["InlinePolicies"] = "iam:GetRolePolicy for " + name
				break
			}
		}
	}
	return nil
}

func loadPolicy(r *reader, n *node, path string) error {
	pn, err := r.object(n, path, "Policy")
	if err != nil {
		return err
	}
	if pn == nil {
		return r.fail(n, path, `missing "Policy": want the get-policy response`)
	}
	ppath := jp(path, "Policy")
	p := &world.ManagedPolicy{}
	if err := r.decode(pn, ppath, p); err != nil {
		return err
	}
	p.Document = ""
	if p.Arn == "" {
		return r.fail(pn, ppath, `missing "Arn"`)
	}
	p.Origin = r.origin(pn, ppath)
	return put(r, &r.w.Policies, "managed policy", p.Arn, p, pn, ppath)
}

func loadPolicyVersion(r *reader, n *node, path string) error {
	arn, err := r.required(n, path, "PolicyArn", "add the request's --policy-arn beside the response")
	if err != nil {
		return err
	}
	pv, err := r.object(n, path, "PolicyVersion")
	if err != nil {
		return err
	}
	if pv == nil {
		return r.fail(n, path, `missing "PolicyVersion": want the get-policy-version response`)
	}
	vpath := jp(path, "PolicyVersion")
	version, err := r.str(pv, vpath, "VersionId")
	if err != nil {
		return err
	}
	isDefault, err := r.bool(pv, vpath, "IsDefaultVersion")
	if err != nil {
		return err
	}
	dn := pv.get("Document")
	if dn == nil {
		return r.fail(pv, vpath, `missing "Document"`)
	}
	doc, err := r.policy(dn, jp(vpath, "Document"))
	if err != nil {
		return err
	}
	p := r.w.Policies.Get(arn)
	switch {
	case p == nil && !isDefault:
		// Only the default version is in force.
		return nil
	case p == nil:
		p = &world.ManagedPolicy{Arn: arn, DefaultVersionId: version, Origin: r.origin(n, path)}
		if err := put(r, &r.w.Policies, "managed policy", arn, p, n, path); err != nil {
			return err
		}
	case p.DefaultVersionId != "" && version != "" && version != p.DefaultVersionId:
		return nil
	case p.DefaultVersionId == "" && !isDefault:
		return nil
	}
	if first, dup := r.first("policy version", arn, path); dup {
		return r.fail(n, path, "duplicate default version of policy %q (first at %s)", arn, first)
	}
	p.Document = doc
	return nil
}

// ---- ec2 ----

func loadVpcAttribute(r *reader, n *node, path string) error {
	id, err := r.required(n, path, "VpcId", "")
	if err != nil {
		return err
	}
	vpc := r.w.VPCs.Get(id)
	if vpc == nil {
		if r.w.VPCs.Complete {
			return r.fail(n, path, "VPC %q is not in DescribeVpcs", id)
		}
		known(&r.w.VPCs, "ec2:DescribeVpcAttribute", false)
		vpc = &world.VPC{VpcId: id, Origin: r.origin(n, path)}
		r.w.VPCs.Put(id, vpc)
	}
	found := false
	for _, attr := range []struct {
		key string
		dst **bool
	}{{"EnableDnsSupport", &vpc.EnableDnsSupport}, {"EnableDnsHostnames", &vpc.EnableDnsHostnames}} {
		a, err := r.object(n, path, attr.key)
		if err != nil {
			return err
		}
		if a == nil {
			continue
		}
		v := a.get("Value")
		if v == nil || v.kind != kBool {
			if v == nil {
				return r.fail(a, jp(path, attr.key), `missing "Value"`)
			}
			return r.want(v, jp(jp(path, attr.key), "Value"), "bool")
		}
		b := v.b
		*attr.dst = &b
		found = true
	}
	if !found {
		return r.fail(n, path, `want "EnableDnsSupport" or "EnableDnsHostnames" (the describe-vpc-attribute response)`)
	}
	return nil
}

func routeOrigins(r *reader, rt *world.RouteTable, n *node, path string) error {
	if routes := n.get("Routes"); routes != nil && routes.kind == kArray {
		for i := range rt.Routes {
			rt.Routes[i].Origin = r.origin(routes.vals()[i], ji(jp(path, "Routes"), i))
		}
	}
	return nil
}

func startPrefixLists(r *reader, src string, complete bool) {
	known(&r.w.PrefixLists, src, complete)
}

// prefixList returns the prefix list id, creating the entry when needed.
func (r *reader) prefixList(n *node, path string) (*world.PrefixList, error) {
	id, err := r.required(n, path, "PrefixListId", "")
	if err != nil {
		return nil, err
	}
	pl := r.w.PrefixLists.Get(id)
	if pl == nil {
		pl = &world.PrefixList{PrefixListId: id, Origin: r.origin(n, path)}
		r.w.PrefixLists.Put(id, pl)
	}
	return pl, nil
}

func loadManagedPrefixList(r *reader, n *node, path string) error {
	if err := r.once("managed prefix list", n, path, "PrefixListId"); err != nil {
		return err
	}
	pl, err := r.prefixList(n, path)
	if err != nil {
		return err
	}
	if pl.PrefixListName, err = r.str(n, path, "PrefixListName"); err != nil {
		return err
	}
	pl.Origin = r.origin(n, path)
	return nil
}

func loadAWSPrefixList(r *reader, n *node, path string) error {
	if err := r.once("AWS prefix list", n, path, "PrefixListId"); err != nil {
		return err
	}
	pl, err := r.prefixList(n, path)
	if err != nil {
		return err
	}
	var v world.PrefixList
	if err := r.decode(n, path, &v); err != nil {
		return err
	}
	pl.PrefixListName, pl.Cidrs, pl.CidrsKnown = v.PrefixListName, v.Cidrs, true
	return nil
}

func loadPrefixListEntries(r *reader, n *node, path string) error {
	pl, err := r.prefixList(n, path)
	if err != nil {
		return err
	}
	en := n.get("Entries")
	if en == nil {
		return r.fail(n, path, `missing "Entries"`)
	}
	var entries []struct {
		Cidr string `json:"Cidr"`
	}
	if err := r.decodeValue(en, jp(path, "Entries"), reflect.ValueOf(&entries).Elem(), ""); err != nil {
		return err
	}
	// Pages of one list follow each other; the first replaces what
	// DescribePrefixLists said, later ones add to it.
	if _, later := r.first("prefix list entries", pl.PrefixListId, path); !later {
		pl.Cidrs = nil
	}
	for _, e := range entries {
		pl.Cidrs = append(pl.Cidrs, e.Cidr)
	}
	pl.CidrsKnown = !truncated(n)
	return nil
}

// once rejects a second item with the same id within one operation.
func (r *reader) once(what string, n *node, path, idField string) error {
	id, err := r.required(n, path, idField, "")
	if err != nil {
		return err
	}
	if first, dup := r.first(what, id, path); dup {
		return r.fail(n, path, "duplicate %s %q (first at %s)", what, id, first)
	}
	return nil
}

func loadDhcpOptions(r *reader, n *node, path string) error {
	var v struct {
		DhcpOptionsId      string `json:"DhcpOptionsId"`
		DhcpConfigurations []struct {
			Key    string `json:"Key"`
			Values []struct {
				Value string `json:"Value"`
			} `json:"Values"`
		} `json:"DhcpConfigurations"`
	}
	if err := r.decode(n, path, &v); err != nil {
		return err
	}
	if v.DhcpOptionsId == "" {
		return r.fail(n, path, `missing "DhcpOptionsId"`)
	}
	d := &world.DHCPOptions{DhcpOptionsId: v.DhcpOptionsId, Origin: r.origin(n, path)}
	for _, c := range v.DhcpConfigurations {
		if c.Key == "domain-name-servers" {
			for _, val := range c.Values {
				d.DomainNameServers = append(d.DomainNameServers, val.Value)
			}
		}
	}
	return put(r, &r.w.DHCPOptions, "DHCP options set", d.DhcpOptionsId, d, n, path)
}

// loadReservation reads the instances of one reservation of a
// DescribeInstances response.
func loadReservation(r *reader, n *node, path string) error {
	items := n.get("Instances")
	ipath := jp(path, "Instances")
	switch {
	case items == nil:
		return r.fail(n, path, `missing "Instances": want the whole DescribeInstances response, as the AWS CLI prints it`)
	case items.kind == kNull:
		return nil
	case items.kind != kArray:
		return r.want(items, ipath, "array")
	}
	for i, item := range items.vals() {
		if item.kind != kObject {
			return r.want(item, ji(ipath, i), "object")
		}
		if err := loadInstance(r, item, ji(ipath, i)); err != nil {
			return err
		}
	}
	return nil
}

func loadInstance(r *reader, n *node, path string) error {
	v := new(world.Instance)
	if err := r.decode(n, path, v); err != nil {
		return err
	}
	if v.InstanceId == "" {
		return r.fail(n, path, `missing "InstanceId"`)
	}
	for i, ni := range v.NetworkInterfaces {
		if ni.NetworkInterfaceId == "" {
			return r.fail(n.get("NetworkInterfaces").vals()[i], ji(jp(path, "NetworkInterfaces"), i), `missing "NetworkInterfaceId"`)
		}
	}
	v.Origin = r.origin(n, path)
	return put(r, &r.w.Instances, "instance", v.InstanceId, v, n, path)
}

// ---- ecr ----

func startRepositories(r *reader, src string, complete bool) {
	known(&r.w.Repositories, src, complete)
}

func loadRepository(r *reader, n *node, path string) error {
	repo := &world.Repository{}
	if err := r.decode(n, path, repo); err != nil {
		return err
	}
	repo.PolicyText = ""
	if repo.RepositoryArn == "" {
		return r.fail(n, path, `missing "repositoryArn"`)
	}
	ec, err := r.object(n, path, "encryptionConfiguration")
	if err != nil {
		return err
	}
	if ec != nil {
		epath := jp(path, "encryptionConfiguration")
		if repo.EncryptionType, err = r.str(ec, epath, "encryptionType"); err != nil {
			return err
		}
		if repo.KmsKey, err = r.str(ec, epath, "kmsKey"); err != nil {
			return err
		}
	}
	repo.Origin = r.origin(n, path)
	if err := put(r, &r.w.Repositories, "repository", repo.RepositoryArn, repo, n, path); err != nil {
		return err
	}
	r.reposByName[repo.RegistryId+"/"+repo.RepositoryName] = repo
	return nil
}

func loadRepositoryPolicy(r *reader, n *node, path string) error {
	name, err := r.required(n, path, "repositoryName", "")
	if err != nil {
		return err
	}
	registry, err := r.str(n, path, "registryId")
	if err != nil {
		return err
	}
	if registry == "" {
		registry = r.w.AccountID
	}
	doc := ""
	if pn := n.get("policyText"); pn != nil {
		if doc, err = r.policy(pn, jp(path, "policyText")); err != nil {
			return err
		}
	}
	repo := r.reposByName[registry+"/"+name]
	if repo == nil {
		// A repository of another account: build its ARN from the
		// snapshot's region (a registry is regional; a cross-region pull
		// needs its own snapshot).
		if registry == "" || r.w.Region == "" || r.w.Partition == "" {
			return r.fail(n, path, "repository %q is not in DescribeRepositories, and without registryId and a top-level region its ARN is unknown", name)
		}
		arn := "arn:" + r.w.Partition + ":ecr:" + r.w.Region + ":" + registry + ":repository/" + name
		repo = &world.Repository{RepositoryArn: arn, RegistryId: registry, RepositoryName: name, Origin: r.origin(n, path)}
		if err := put(r, &r.w.Repositories, "repository", arn, repo, n, path); err != nil {
			return err
		}
		r.reposByName[registry+"/"+name] = repo
	}
	if first, dup := r.first("repository policy", repo.RepositoryArn, path); dup {
		return r.fail(n, path, "duplicate policy of repository %q (first at %s)", repo.RepositoryArn, first)
	}
	repo.PolicyText, repo.PolicyKnown = doc, true
	return nil
}

func loadPullThroughCacheRule(r *reader, n *node, path string) error {
	prefix, err := r.required(n, path, "ecrRepositoryPrefix", "")
	if err != nil {
		return err
	}
	r.ptcPrefixes = append(r.ptcPrefixes, prefix)
	return nil
}

// finishECR applies what needs every ECR response: repositories absent
// from a present GetRepositoryPolicy have no policy, and pull through cache
// rules mark the repositories they made.
func finishECR(r *reader) error {
	if r.present["ecr.GetRepositoryPolicy"] {
		for _, repo := range r.w.Repositories.All() {
			repo.PolicyKnown = true
		}
	}
	for _, repo := range r.w.Repositories.All() {
		for _, p := range r.ptcPrefixes {
			// ECR-UG "Pull through cache": the cached repository is named
			// PREFIX/UPSTREAM-REPOSITORY.
			if strings.HasPrefix(repo.RepositoryName, p+"/") {
				repo.PullThroughCache = true
			}
		}
	}
	if len(r.ptcPrefixes) > 0 {
		// A pull through cache repository exists only after its first pull,
		// so DescribeRepositories cannot prove that one is missing.
		r.w.Repositories.Complete = false
	}
	return nil
}

// ---- secretsmanager ----

// noSecretValues rejects an entry that carries a secret's value.
func (r *reader) noSecretValues(n *node, path string) error {
	for i, k := range n.keys() {
		switch k {
		case "SecretString", "SecretBinary", "Value":
			return r.failAt(keyOff(r.data, n.vals()[i]), jp(path, k), "snapshots must not carry secret values: remove %q (SecretKeys records the key names of a JSON secret)", k)
		}
	}
	return nil
}

func loadSecret(r *reader, n *node, path string) error {
	if err := r.noSecretValues(n, path); err != nil {
		return err
	}
	s := &world.Secret{}
	if err := r.decode(n, path, s); err != nil {
		return err
	}
	s.ResourcePolicy = ""
	if s.ARN == "" {
		return r.fail(n, path, `missing "ARN"`)
	}
	if d := n.get("DeletedDate"); d != nil && d.kind != kNull {
		s.Deleted = true
	}
	s.Origin = r.origin(n, path)
	if err := put(r, &r.w.Secrets, "secret", s.ARN, s, n, path); err != nil {
		return err
	}
	if s.Name != "" {
		r.secretsByName[s.Name] = s
	}
	return nil
}

// secretFor finds the DescribeSecret entry for an ARN or name.
func (r *reader) secretFor(n *node, path, id string) (*world.Secret, error) {
	if s := r.w.Secrets.Get(id); s != nil {
		return s, nil
	}
	if s := r.secretsByName[id]; s != nil {
		return s, nil
	}
	return nil, r.fail(n, path, "no DescribeSecret entry for secret %q (add the output of aws secretsmanager describe-secret --secret-id %s)", id, id)
}

func loadSecretPolicy(r *reader, n *node, path string) error {
	if err := r.noSecretValues(n, path); err != nil {
		return err
	}
	id, err := r.str(n, path, "ARN")
	if err != nil {
		return err
	}
	if id == "" {
		if id, err = r.required(n, path, "Name", "want ARN or Name"); err != nil {
			return err
		}
	}
	s, err := r.secretFor(n, path, id)
	if err != nil {
		return err
	}
	if first, dup := r.first("secret policy", s.ARN, path); dup {
		return r.fail(n, path, "duplicate resource policy of secret %q (first at %s)", s.ARN, first)
	}
	if pn := n.get("ResourcePolicy"); pn != nil && pn.kind != kNull {
		if s.ResourcePolicy, err = r.policy(pn, jp(path, "ResourcePolicy")); err != nil {
			return err
		}
	}
	s.ResourcePolicyKnown = true
	return nil
}

func loadSecretKeys(r *reader, n *node, path string) error {
	if err := r.noSecretValues(n, path); err != nil {
		return err
	}
	id, err := r.required(n, path, "SecretId", "")
	if err != nil {
		return err
	}
	s, err := r.secretFor(n, path, id)
	if err != nil {
		return err
	}
	var shape world.SecretShape
	if err := r.decode(n, path, &shape); err != nil {
		return err
	}
	switch shape.Kind {
	case "json":
	case "text", "binary":
		if len(shape.Keys) > 0 {
			return r.fail(n.get("Keys"), jp(path, "Keys"), "keys given for a %s secret (only a json secret has keys)", shape.Kind)
		}
	case "":
		return r.fail(n, path, `missing "Kind" (want "json", "text" or "binary")`)
	default:
		return r.fail(n.get("Kind"), jp(path, "Kind"), `invalid kind %q (want "json", "text" or "binary")`, shape.Kind)
	}
	if s.Value != nil {
		return r.fail(n, path, "duplicate SecretKeys for secret %q", s.ARN)
	}
	s.Value = &shape
	return nil
}

// finishSecrets: secrets absent from a present GetResourcePolicy have no
// resource policy.
func finishSecrets(r *reader) error {
	if r.present["secretsmanager.GetResourcePolicy"] {
		for _, s := range r.w.Secrets.All() {
			s.ResourcePolicyKnown = true
		}
	}
	return nil
}

// ---- kms ----

func loadKey(r *reader, n *node, path string) error {
	km, err := r.object(n, path, "KeyMetadata")
	if err != nil {
		return err
	}
	if km == nil {
		return r.fail(n, path, `missing "KeyMetadata": want the describe-key response`)
	}
	kpath := jp(path, "KeyMetadata")
	k := &world.Key{}
	if err := r.decode(km, kpath, k); err != nil {
		return err
	}
	k.Policy = ""
	if k.Arn == "" {
		return r.fail(km, kpath, `missing "Arn"`)
	}
	k.Origin = r.origin(km, kpath)
	if err := put(r, &r.w.Keys, "KMS key", k.Arn, k, km, kpath); err != nil {
		return err
	}
	r.keysByID[k.Arn] = k
	if k.KeyId != "" {
		r.keysByID[k.KeyId] = k
	}
	return nil
}

func loadKeyPolicy(r *reader, n *node, path string) error {
	id, err := r.required(n, path, "KeyId", "add the request's --key-id beside the response")
	if err != nil {
		return err
	}
	pn := n.get("Policy")
	if pn == nil {
		return r.fail(n, path, `missing "Policy"`)
	}
	doc, err := r.policy(pn, jp(path, "Policy"))
	if err != nil {
		return err
	}
	k := r.keysByID[id]
	if k == nil {
		if !strings.HasPrefix(id, "arn:") {
			return r.fail(n, path, "no DescribeKey entry for key %q (add it, or give the key ARN as KeyId)", id)
		}
		_, keyID, _ := strings.Cut(id, ":key/")
		k = &world.Key{Arn: id, KeyId: keyID, Origin: r.origin(n, path)}
		if err := put(r, &r.w.Keys, "KMS key", id, k, n, path); err != nil {
			return err
		}
		r.keysByID[id] = k
	}
	if first, dup := r.first("key policy", k.Arn, path); dup {
		return r.fail(n, path, "duplicate key policy of %q (first at %s)", k.Arn, first)
	}
	k.Policy = doc
	return nil
}

// ---- ssm ----

func loadParameter(r *reader, n *node, path string) error {
	p := &world.Parameter{}
	if err := r.decode(n, path, p); err != nil {
		return err
	}
	if p.Name == "" {
		return r.fail(n, path, `missing "Name"`)
	}
	// Keyed by ARN; older responses lack it, so build it (SSM-UG: the ARN
	// of "/a/b" is ...:parameter/a/b, of "a" ...:parameter/a).
	key := p.ARN
	if key == "" && r.w.Partition != "" && r.w.Region != "" && r.w.AccountID != "" {
		key = "arn:" + r.w.Partition + ":ssm:" + r.w.Region + ":" + r.w.AccountID + ":parameter/" + strings.TrimPrefix(p.Name, "/")
		p.ARN = key
	}
	if key == "" {
		key = p.Name
	}
	p.Origin = r.origin(n, path)
	return put(r, &r.w.Parameters, "parameter", key, p, n, path)
}

// ---- logs ----

func loadLogGroup(r *reader, n *node, path string) error {
	lg := &world.LogGroup{}
	if err := r.decode(n, path, lg); err != nil {
		return err
	}
	if lg.LogGroupName == "" {
		return r.fail(n, path, `missing "logGroupName"`)
	}
	// logGroupArn (newer responses) is the ARN without the ":*" that arn
	// carries; IAM policies and the world key use that form.
	arn, err := r.str(n, path, "logGroupArn")
	if err != nil {
		return err
	}
	if arn == "" {
		arn = strings.TrimSuffix(lg.Arn, ":*")
	}
	if arn == "" && r.w.Partition != "" && r.w.Region != "" && r.w.AccountID != "" {
		arn = "arn:" + r.w.Partition + ":logs:" + r.w.Region + ":" + r.w.AccountID + ":log-group:" + lg.LogGroupName
	}
	lg.Arn = arn
	key := arn
	if key == "" {
		key = lg.LogGroupName
	}
	lg.Origin = r.origin(n, path)
	return put(r, &r.w.LogGroups, "log group", key, lg, n, path)
}

// ---- s3 ----

func startBuckets(r *reader, src string, complete bool) {
	known(&r.w.Buckets, src, complete)
}

func (r *reader) bucket(n *node, path string) (*world.Bucket, error) {
	name, err := r.required(n, path, "Bucket", "add the request's --bucket beside the response")
	if err != nil {
		return nil, err
	}
	b := r.w.Buckets.Get(name)
	if b == nil {
		b = &world.Bucket{Name: name, Origin: r.origin(n, path)}
		r.w.Buckets.Put(name, b)
	}
	return b, nil
}

func loadBucketPolicy(r *reader, n *node, path string) error {
	if err := r.once("bucket policy", n, path, "Bucket"); err != nil {
		return err
	}
	b, err := r.bucket(n, path)
	if err != nil {
		return err
	}
	if pn := n.get("Policy"); pn != nil && pn.kind != kNull {
		if b.Policy, err = r.policy(pn, jp(path, "Policy")); err != nil {
			return err
		}
	}
	b.PolicyKnown = true
	return nil
}

func loadBucketLocation(r *reader, n *node, path string) error {
	if err := r.once("bucket location", n, path, "Bucket"); err != nil {
		return err
	}
	b, err := r.bucket(n, path)
	if err != nil {
		return err
	}
	loc, err := r.str(n, path, "LocationConstraint")
	if err != nil {
		return err
	}
	// S3 API Reference "GetBucketLocation": us-east-1 buckets have a null
	// LocationConstraint; "EU" is the legacy name of eu-west-1.
	switch loc {
	case "":
		loc = "us-east-1"
	case "EU":
		loc = "eu-west-1"
	}
	b.Region = loc
	return nil
}

// finishS3: buckets absent from a present GetBucketPolicy have no policy.
func finishS3(r *reader) error {
	if r.present["s3.GetBucketPolicy"] {
		for _, b := range r.w.Buckets.All() {
			b.PolicyKnown = true
		}
	}
	return nil
}

// ---- route53 ----

// Route 53 API Reference: zone ids come as "/hostedzone/Z123" from
// GetHostedZone and ListResourceRecordSets' callers, and as "Z123" or
// either form in ListHostedZonesByVPC's HostedZoneId.
func zoneID(id string) string { return strings.TrimPrefix(id, "/hostedzone/") }

// zone returns the hosted zone under id, creating it.
func (r *reader) zone(id string, n *node, path string) *world.HostedZone {
	known(&r.w.HostedZones, "route53:ListHostedZonesByVPC", false)
	if z := r.w.HostedZones.Get(id); z != nil {
		return z
	}
	z := &world.HostedZone{Id: id, Origin: r.origin(n, path)}
	r.w.HostedZones.Put(id, z)
	return z
}

func addZoneVPC(z *world.HostedZone, v world.HostedZoneVPC) {
	for _, x := range z.VPCs {
		if x.VPCId == v.VPCId {
			return
		}
	}
	z.VPCs = append(z.VPCs, v)
}

// loadHostedZonesByVPC reads one ListHostedZonesByVPC response with the
// VPCId (and VPCRegion) of its request. Route 53 API Reference
// "ListHostedZonesByVPC": it lists the private hosted zones the VPC is
// associated with, whoever owns them.
func loadHostedZonesByVPC(r *reader, n *node, path string) error {
	vpc, err := r.required(n, path, "VPCId", "the request's --vpc-id")
	if err != nil {
		return err
	}
	region, err := r.str(n, path, "VPCRegion")
	if err != nil {
		return err
	}
	var v struct {
		HostedZoneSummaries []struct {
			HostedZoneId string `json:"HostedZoneId"`
			Name         string `json:"Name"`
		} `json:"HostedZoneSummaries"`
	}
	if n.get("HostedZoneSummaries") == nil {
		return r.fail(n, path, `missing "HostedZoneSummaries"`)
	}
	if err := r.decode(n, path, &v); err != nil {
		return err
	}
	for i, s := range v.HostedZoneSummaries {
		p := ji(jp(path, "HostedZoneSummaries"), i)
		if s.HostedZoneId == "" {
			return r.fail(n, p, `missing "HostedZoneId"`)
		}
		z := r.zone(zoneID(s.HostedZoneId), n, p)
		z.PrivateZone = true
		if z.Name == "" {
			z.Name = s.Name
		}
		addZoneVPC(z, world.HostedZoneVPC{VPCId: vpc, VPCRegion: region})
	}
	return nil
}

// loadHostedZone reads one GetHostedZone response: the zone and, for a
// private zone, the VPCs associated with it.
func loadHostedZone(r *reader, n *node, path string) error {
	var v struct {
		HostedZone struct {
			Id     string `json:"Id"`
			Name   string `json:"Name"`
			Config struct {
				PrivateZone bool `json:"PrivateZone"`
			} `json:"Config"`
		} `json:"HostedZone"`
		VPCs []world.HostedZoneVPC `json:"VPCs"`
	}
	if err := r.decode(n, path, &v); err != nil {
		return err
	}
	if v.HostedZone.Id == "" {
		return r.fail(n, path, `missing "HostedZone.Id"`)
	}
	z := r.zone(zoneID(v.HostedZone.Id), n, path)
	z.Name, z.PrivateZone = v.HostedZone.Name, v.HostedZone.Config.PrivateZone
	for _, vpc := range v.VPCs {
		addZoneVPC(z, vpc)
	}
	return nil
}

// loadRecordSets reads one ListResourceRecordSets response with the
// HostedZoneId of its request. The AWS CLI pages through the whole list and
// prints one response; a response that is truncated leaves the zone's
// records unknown.
func loadRecordSets(r *reader, n *node, path string) error {
	id, err := r.required(n, path, "HostedZoneId", "the request's --hosted-zone-id")
	if err != nil {
		return err
	}
	var v struct {
		ResourceRecordSets []struct {
			Name            string                   `json:"Name"`
			Type            string                   `json:"Type"`
			ResourceRecords []struct{ Value string } `json:"ResourceRecords"`
			AliasTarget     *world.AliasTarget       `json:"AliasTarget"`
		} `json:"ResourceRecordSets"`
	}
	if n.get("ResourceRecordSets") == nil {
		return r.fail(n, path, `missing "ResourceRecordSets"`)
	}
	if err := r.decode(n, path, &v); err != nil {
		return err
	}
	trunc, err := r.bool(n, path, "IsTruncated")
	if err != nil {
		return err
	}
	z := r.zone(zoneID(id), n, path)
	if z.RecordsKnown || len(z.Records) > 0 {
		return r.fail(n, path, "duplicate ListResourceRecordSets for hosted zone %q", z.Id)
	}
	for _, rs := range v.ResourceRecordSets {
		rec := world.ResourceRecordSet{Name: rs.Name, Type: rs.Type, AliasTarget: rs.AliasTarget}
		for _, x := range rs.ResourceRecords {
			rec.Values = append(rec.Values, x.Value)
		}
		z.Records = append(z.Records, rec)
	}
	z.RecordsKnown = !trunc
	return nil
}
