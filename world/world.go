package world

import (
	"slices"
	"strconv"
	"strings"
)

// Origin says where in the input a fact came from.
type Origin struct {
	// File is the input file, as the user named it.
	File string `json:"file,omitempty"`
	// Path locates the fact inside the file: a JSON path for snapshots
	// ("$.ec2.DescribeSubnets.Subnets[2]"), a logical id for templates, an
	// address for plans.
	Path string `json:"path,omitempty"`
	// Line is the 1-based line in File, when the format has one.
	Line int `json:"line,omitempty"`
	// Column is the 1-based column of Line, counted in Unicode code points
	// (a tab is one column); 0 when unknown. Only templates set it: the
	// YAML parser gives every node its column.
	Column int `json:"column,omitempty"`
}

// String formats the origin as file:line or file#path; it leaves out the
// column, which only the formats that locate a region (SARIF) need.
func (o Origin) String() string {
	var b strings.Builder
	b.WriteString(o.File)
	if o.Line > 0 {
		b.WriteString(":")
		b.WriteString(strconv.Itoa(o.Line))
	}
	if o.Path != "" {
		if b.Len() > 0 {
			b.WriteString(" ")
		}
		b.WriteString(o.Path)
	}
	return b.String()
}

// Set is a collection of resources of one kind, keyed by their id or ARN.
type Set[T any] struct {
	// Known is true when the input spoke of this kind of resource at all.
	Known bool
	// Complete is true when the input listed every resource of this kind in
	// the account and region (a Describe* call with no filter), so a missing
	// key means the resource does not exist.
	Complete bool
	// Source names the API call or input section that fills the set, for
	// "missing" messages ("ec2:DescribeSubnets").
	Source string

	items map[string]*T
	order []string

	// needs records misses when a live reader asked for them
	// (World.RecordNeeds); needOp is the operation that fills the set.
	needs  *NeedLog
	needOp string
}

// NewSet returns an empty set filled from source.
func NewSet[T any](source string, complete bool) Set[T] {
	return Set[T]{Known: true, Complete: complete, Source: source}
}

// Put adds or replaces the resource under key and marks the set known.
func (s *Set[T]) Put(key string, v *T) {
	if s.items == nil {
		s.items = make(map[string]*T)
	}
	if _, ok := s.items[key]; !ok {
		s.order = append(s.order, key)
	}
	s.items[key] = v
	s.Known = true
}

// Grow makes room for n resources in an empty set, so that a reader that
// knows how many it will put does not rehash the set as it fills it (a
// bulk snapshot puts thousands).
func (s *Set[T]) Grow(n int) {
	if s.items == nil && n > 0 {
		s.items = make(map[string]*T, n)
		s.order = make([]string, 0, n)
	}
}

// Lookup answers whether the resource under key exists.
// found reports that it is in the set; when it is not, absent reports whether
// the input proves that it does not exist (the set is complete). When both are
// false the fact is unknown.
func (s *Set[T]) Lookup(key string) (v *T, found, absent bool) {
	if v, ok := s.items[key]; ok {
		return v, true, false
	}
	s.need(key)
	// A value known only after deploy is never proven absent.
	return nil, false, s.Known && s.Complete && !IsUnresolved(key)
}

// Get returns the resource under key, or nil.
func (s *Set[T]) Get(key string) *T {
	v, ok := s.items[key]
	if !ok {
		s.need(key)
	}
	return v
}

// All returns the resources in insertion order.
func (s *Set[T]) All() []*T {
	out := make([]*T, 0, len(s.order))
	for _, k := range s.order {
		out = append(out, s.items[k])
	}
	return out
}

// Len returns the number of resources in the set.
func (s *Set[T]) Len() int { return len(s.items) }

// Keys returns the keys in sorted order.
func (s *Set[T]) Keys() []string {
	return slices.Sorted(slices.Values(s.order))
}

// World is everything the input says about the accounts a task touches.
type World struct {
	// Partition is one of Partitions ("aws", "aws-cn", "aws-us-gov",
	// "aws-eusc"); empty means unknown.
	Partition string
	// Region is the region the tasks run in; "" when unknown.
	Region string
	// RegionFrom says how the region is known ("--region", "the
	// snapshot", "pinned by the template: awslogs-region of container app
	// (template.yaml:40)"); when Region is "", it says what is missing.
	RegionFrom string
	// AccountID is the account the tasks run in; "" when unknown.
	AccountID string
	// AccountFrom says how the account is known, or what is missing.
	AccountFrom string
	// Origin is the input as a whole.
	Origin Origin

	// ECS
	TaskDefinitions Set[TaskDefinition] // by ARN, and family:revision
	Services        Set[Service]        // by ARN

	// IAM
	Roles    Set[Role]          // by ARN
	Policies Set[ManagedPolicy] // customer and AWS managed policies, by ARN
	// SCPs are the service control policies on the path from the account to
	// the organization root, outermost first; nil when the input has none.
	SCPs *PolicyPath
	// RCPs are the resource control policies on the same path, for the
	// resources of AccountID; nil when the input has none.
	RCPs *PolicyPath
	// OrganizationID is the organization the account belongs to
	// ("o-exampleorgid"); "" when unknown.
	OrganizationID string
	// ManagementAccountID is the organization's management account, whose
	// principals SCPs and whose resources RCPs do not restrict; "" when
	// unknown.
	ManagementAccountID string
	// OrganizationsNote says why SCPs and RCPs are nil when the input knows
	// (a live read: the account is in no organization, or the calls were
	// denied, naming the call); "" when the input just has none.
	OrganizationsNote string
	// HostedZonesNote says why the task VPCs' private hosted zones were not
	// read, when a live read knows (the denied call); "" otherwise.
	HostedZonesNote string
	// Assumptions are what the input reader took on trust because it could
	// not check it (a template parameter's AllowedPattern that Go's RE2
	// cannot compile); nil when none.
	Assumptions []string

	// EC2
	VPCs             Set[VPC]
	Subnets          Set[Subnet]
	RouteTables      Set[RouteTable]
	SecurityGroups   Set[SecurityGroup]
	NetworkACLs      Set[NetworkACL]
	VPCEndpoints     Set[VPCEndpoint]
	InternetGateways Set[InternetGateway]
	NATGateways      Set[NATGateway]
	PrefixLists      Set[PrefixList]
	DHCPOptions      Set[DHCPOptions]
	// Instances are EC2 instances by instance id; routes to NAT instances
	// lead to them (by InstanceId, or by one of their NetworkInterfaces).
	Instances Set[Instance]
	// InstanceGroups are the EC2 container instances (Auto Scaling groups,
	// launch templates, instances) by name; tasks on the EC2 launch type
	// use their role and network.
	InstanceGroups Set[InstanceGroup]
	// CapacityProviders are the ECS capacity providers the input shows
	// other than FARGATE and FARGATE_SPOT, by name.
	CapacityProviders Set[CapacityProvider]

	// Route 53
	HostedZones Set[HostedZone] // by zone id

	// Registries, secrets, keys, parameters, logs, buckets
	Repositories Set[Repository] // by ARN
	Secrets      Set[Secret]     // by ARN
	Keys         Set[Key]        // by key ARN; aliases resolve through KeyAliases
	KeyAliases   Set[KeyAlias]   // by alias ARN
	Parameters   Set[Parameter]  // by ARN
	LogGroups    Set[LogGroup]   // by ARN without ":*"
	Buckets      Set[Bucket]     // by name
}

// PolicyPath is the organization policies that apply to one account: one
// level per node from the root to the account, each a list of policies.
type PolicyPath struct {
	Levels []PolicyLevel
}

// PolicyLevel is the policies attached to one node of the organization tree.
type PolicyLevel struct {
	Target   string // r-xxxx, ou-xxxx or the account id
	Policies []NamedPolicy
	// Missing names what the input lacks to know this level's policies in
	// full ("organizations:DescribePolicy p-abc123"). A level with Missing
	// entries may hold an unseen policy that denies, so a decision it could
	// change is unknown.
	Missing []string
	// Origin is where the level's policy listing came from.
	Origin Origin
}

// NamedPolicy is a policy document with the name the user knows it by.
type NamedPolicy struct {
	Name     string
	Arn      string
	Document string // the JSON text
	Origin   Origin
}
