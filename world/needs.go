package world

import (
	"cmp"
	"slices"
	"strings"
	"sync"
)

// Need is a fact the simulation looked up and did not find, in structured
// form: the API operation that would supply it and the resource it names
// ("iam:GetRole", "arn:aws:iam::123456789012:role/x"). A live reader turns
// needs into reads.
type Need struct {
	Op  string `json:"operation"`
	Key string `json:"key"`
}

// NeedLog records needs. It is safe for concurrent use: the simulation may
// run tasks in parallel. A nil *NeedLog records nothing.
type NeedLog struct {
	mu   sync.Mutex
	seen map[Need]bool
	list []Need
}

// Add records op and key once.
func (l *NeedLog) Add(op, key string) {
	if l == nil || op == "" {
		return
	}
	n := Need{Op: op, Key: key}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.seen == nil {
		l.seen = make(map[Need]bool)
	}
	if !l.seen[n] {
		l.seen[n] = true
		l.list = append(l.list, n)
	}
}

// Needs returns the needs recorded so far, sorted by operation and key.
func (l *NeedLog) Needs() []Need {
	if l == nil {
		return nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	out := slices.Clone(l.list)
	slices.SortFunc(out, func(a, b Need) int {
		return cmp.Or(strings.Compare(a.Op, b.Op), strings.Compare(a.Key, b.Key))
	})
	return out
}

// need records a miss of key on a set that does not prove the resource
// absent: the set was not read at all, or only resource by resource.
func (s *Set[T]) need(key string) {
	if s.needs == nil || s.Known && s.Complete || IsUnresolved(key) || key == "" {
		return
	}
	s.needs.Add(s.needOp, key)
}

// RecordNeeds makes every set of w record its misses in l, each under the
// operation that fills it (the first operation of docs/snapshot.md's
// "Mapping to world facts" table for that collection). Call it after the
// world is built (Merge copies sets without their log); nil turns recording
// off.
func (w *World) RecordNeeds(l *NeedLog) {
	set := func(needs **NeedLog, op *string, name string) { *needs, *op = l, name }
	set(&w.TaskDefinitions.needs, &w.TaskDefinitions.needOp, "ecs:DescribeTaskDefinition")
	set(&w.Services.needs, &w.Services.needOp, "ecs:DescribeServices")
	set(&w.CapacityProviders.needs, &w.CapacityProviders.needOp, "ecs:DescribeCapacityProviders")
	set(&w.InstanceGroups.needs, &w.InstanceGroups.needOp, "ecs:DescribeCapacityProviders")
	set(&w.Roles.needs, &w.Roles.needOp, "iam:GetRole")
	set(&w.Policies.needs, &w.Policies.needOp, "iam:GetPolicy")
	set(&w.VPCs.needs, &w.VPCs.needOp, "ec2:DescribeVpcs")
	set(&w.Subnets.needs, &w.Subnets.needOp, "ec2:DescribeSubnets")
	set(&w.RouteTables.needs, &w.RouteTables.needOp, "ec2:DescribeRouteTables")
	set(&w.SecurityGroups.needs, &w.SecurityGroups.needOp, "ec2:DescribeSecurityGroups")
	set(&w.NetworkACLs.needs, &w.NetworkACLs.needOp, "ec2:DescribeNetworkAcls")
	set(&w.VPCEndpoints.needs, &w.VPCEndpoints.needOp, "ec2:DescribeVpcEndpoints")
	set(&w.InternetGateways.needs, &w.InternetGateways.needOp, "ec2:DescribeInternetGateways")
	set(&w.NATGateways.needs, &w.NATGateways.needOp, "ec2:DescribeNatGateways")
	set(&w.PrefixLists.needs, &w.PrefixLists.needOp, "ec2:DescribePrefixLists")
	set(&w.DHCPOptions.needs, &w.DHCPOptions.needOp, "ec2:DescribeDhcpOptions")
	set(&w.Instances.needs, &w.Instances.needOp, "ec2:DescribeInstances")
	set(&w.HostedZones.needs, &w.HostedZones.needOp, "route53:ListHostedZonesByVPC")
	set(&w.Repositories.needs, &w.Repositories.needOp, "ecr:DescribeRepositories")
	set(&w.Secrets.needs, &w.Secrets.needOp, "secretsmanager:DescribeSecret")
	set(&w.Keys.needs, &w.Keys.needOp, "kms:DescribeKey")
	set(&w.KeyAliases.needs, &w.KeyAliases.needOp, "kms:ListAliases")
	set(&w.Parameters.needs, &w.Parameters.needOp, "ssm:DescribeParameters")
	set(&w.LogGroups.needs, &w.LogGroups.needOp, "logs:DescribeLogGroups")
	set(&w.Buckets.needs, &w.Buckets.needOp, "s3:GetBucketLocation")
}
