package live

import (
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws/arn"
	"github.com/ecs-preflight/ecs-preflight/iam/awsmanaged"
	"github.com/ecs-preflight/ecs-preflight/imageref"
	"github.com/ecs-preflight/ecs-preflight/world"
)

// A read is one API call to make: the operation as an IAM action
// ("iam:GetRole"), the resource it names (a name, an id or an ARN; "" for a
// whole-region listing), a second parameter where the call needs one (the
// inline policy name of GetRolePolicy, the version of GetPolicyVersion, the
// attribute of DescribeVpcAttribute), and the account whose credentials
// make it ("" for the account checked).
type read struct {
	Op      string
	Key     string
	Arg     string
	Account string
}

func (r read) String() string {
	s := r.Op
	if r.Key != "" {
		s += " " + r.Key
	}
	if r.Arg != "" {
		s += " " + r.Arg
	}
	if r.Account != "" {
		s += " (account " + r.Account + ")"
	}
	return s
}

// networkReads are the whole-region listings a task ENI's network path
// needs, read together as soon as one task subnet is wanted: they are
// whole-region so that the snapshot's completeness rule holds for them
// (docs/snapshot.md "Completeness rules": a present list operation lists
// every resource of its kind in the account and region).
var networkReads = []string{
	"ec2:DescribeSubnets", "ec2:DescribeVpcs", "ec2:DescribeRouteTables", "ec2:DescribeSecurityGroups",
	"ec2:DescribeNetworkAcls", "ec2:DescribeVpcEndpoints", "ec2:DescribeInternetGateways",
	"ec2:DescribeNatGateways", "ec2:DescribeDhcpOptions", "ec2:DescribePrefixLists",
}

// planner turns the simulation's needs into reads. It remembers what was
// read, so that each resource is read once per run.
type planner struct {
	// account is the account checked; roleFor maps another account to the
	// role its resources are read through (--role-arn-for).
	account string
	roleFor map[string]string
	done    map[read]bool
	// follow are reads that surely follow from a response (the inline
	// policies ListRolePolicies names, the default version GetPolicy
	// gives), queued by the reader for the next round.
	follow []read
}

func newPlanner(account string, roleFor map[string]string) *planner {
	return &planner{account: account, roleFor: roleFor, done: map[read]bool{}}
}

// plan returns the reads not made yet that answer needs, plus the reads
// sure to follow from what w already shows: the network listings for the
// subnets the services run in, and the DNS attributes of their VPCs.
func (p *planner) plan(needs []world.Need, w *world.World) []read {
	var out []read
	add := func(r read) {
		if !p.done[r] {
			p.done[r] = true
			out = append(out, r)
		}
	}
	for _, r := range p.follow {
		add(r)
	}
	p.follow = nil
	wantNetwork := false
	var subnets []string
	for _, s := range w.Services.All() {
		if nc := s.NetworkConfiguration; nc != nil && nc.AwsvpcConfiguration != nil {
			subnets = append(subnets, nc.AwsvpcConfiguration.Subnets...)
		}
	}
	if len(subnets) > 0 {
		wantNetwork = true
	}
	for _, n := range needs {
		for _, r := range p.readsFor(n) {
			if strings.HasPrefix(r.Op, "ec2:") && slices.Contains(networkReads, r.Op) {
				wantNetwork = true
				if r.Op == "ec2:DescribeSubnets" {
					subnets = append(subnets, n.Key)
				}
				continue
			}
			add(r)
		}
	}
	if wantNetwork {
		for _, op := range networkReads {
			add(read{Op: op})
		}
	}
	// Every ECR repository a task definition pulls from gets its policy
	// read, whenever the task definition arrives: once GetRepositoryPolicy
	// is in the document, a listed repository without an entry is taken as
	// having no policy (docs/snapshot.md), so the simulation would not miss
	// a policy that was never read.
	for _, td := range w.TaskDefinitions.All() {
		for _, c := range td.ContainerDefinitions {
			ref, err := imageref.Parse(c.Image)
			if err != nil || ref.Kind != imageref.ECRPrivate {
				continue
			}
			for _, r := range p.readsFor(world.Need{Op: "ecr:DescribeRepositories", Key: ref.RepositoryARN()}) {
				add(r)
			}
		}
	}
	// The VPCs of the task subnets: whether Amazon DNS answers decides every
	// host lookup (VPC-UG "DNS attributes for your VPC").
	for _, id := range subnets {
		sn := w.Subnets.Get(id)
		if sn == nil || sn.VpcId == "" {
			continue
		}
		if v := w.VPCs.Get(sn.VpcId); v != nil && v.EnableDnsSupport != nil && v.EnableDnsHostnames != nil {
			continue
		}
		add(read{Op: "ec2:DescribeVpcAttribute", Key: sn.VpcId, Arg: "enableDnsSupport"})
		add(read{Op: "ec2:DescribeVpcAttribute", Key: sn.VpcId, Arg: "enableDnsHostnames"})
	}
	return out
}

// readsFor maps one need to the reads that answer it, with the reads sure
// to follow in the same round (a role's attached and inline policy lists
// with the role; a key's policy with the key; a secret's resource policy
// with the secret).
func (p *planner) readsFor(n world.Need) []read {
	switch n.Op {
	case "ecs:DescribeTaskDefinition", "ecs:DescribeCapacityProviders":
		if n.Op == "ecs:DescribeCapacityProviders" && (n.Key == "FARGATE" || n.Key == "FARGATE_SPOT") {
			return nil
		}
		return []read{{Op: n.Op, Key: n.Key}}
	case "iam:GetRole":
		acct, ok := p.reachable(n.Key)
		if !ok {
			return nil
		}
		name := roleName(n.Key)
		return []read{
			{Op: "iam:GetRole", Key: name, Account: acct},
			{Op: "iam:ListAttachedRolePolicies", Key: name, Account: acct},
			{Op: "iam:ListRolePolicies", Key: name, Account: acct},
		}
	case "iam:GetPolicy":
		// AWS managed policies come from the embedded catalog
		// (iam/awsmanaged), as the simulation already takes them.
		if _, ok := awsmanaged.Lookup(n.Key); ok {
			return nil
		}
		acct, ok := p.reachable(n.Key)
		if !ok {
			return nil
		}
		return []read{{Op: "iam:GetPolicy", Key: n.Key, Account: acct}}
	case "ecr:DescribeRepositories":
		acct, ok := p.reachable(n.Key)
		if !ok {
			return nil
		}
		out := []read{{Op: "ecr:GetRepositoryPolicy", Key: n.Key, Account: acct}}
		if acct == "" {
			out = append(out, read{Op: "ecr:DescribeRepositories"})
		}
		return out
	case "secretsmanager:DescribeSecret":
		acct, ok := p.reachable(n.Key)
		if !ok {
			return nil
		}
		return []read{
			{Op: "secretsmanager:DescribeSecret", Key: n.Key, Account: acct},
			{Op: "secretsmanager:GetResourcePolicy", Key: n.Key, Account: acct},
		}
	case "kms:DescribeKey":
		acct, ok := p.reachable(n.Key)
		if !ok {
			return nil
		}
		return []read{
			{Op: "kms:DescribeKey", Key: n.Key, Account: acct},
			{Op: "kms:GetKeyPolicy", Key: n.Key, Account: acct},
		}
	case "s3:GetBucketLocation":
		// The policy follows the location: it is read in the bucket's
		// region (the reader queues it).
		return []read{{Op: "s3:GetBucketLocation", Key: n.Key}}
	case "kms:ListAliases", "ssm:DescribeParameters", "logs:DescribeLogGroups", "ec2:DescribeInstances":
		if a, err := arn.Parse(n.Key); err == nil && a.AccountID != "" && a.AccountID != p.account {
			return nil // another account's: its listing is not ours to read
		}
		return []read{{Op: n.Op}}
	}
	if slices.Contains(networkReads, n.Op) {
		return []read{{Op: n.Op, Key: n.Key}}
	}
	// route53 and the rest: not read (docs/permissions.md says which calls
	// the reader makes); the step stays unknown, naming the call.
	return nil
}

// reachable says whose credentials read the resource an ARN names: ""
// for the account checked, the other account with --role-arn-for, and
// false for another account without a role (unknown, as from a snapshot).
func (p *planner) reachable(s string) (string, bool) {
	a, err := arn.Parse(s)
	if err != nil || a.AccountID == "" || a.AccountID == p.account {
		return "", true
	}
	if _, ok := p.roleFor[a.AccountID]; ok {
		return a.AccountID, true
	}
	return "", false
}

// roleName is the name of the role an ARN names: the last segment of its
// resource (IAM-UG "IAM identifiers": arn:aws:iam::ACCOUNT:role/PATH/NAME).
func roleName(s string) string {
	if a, err := arn.Parse(s); err == nil {
		s = a.Resource
	}
	return s[strings.LastIndex(s, "/")+1:]
}
