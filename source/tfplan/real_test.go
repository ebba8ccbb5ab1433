package tfplan_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/source/tfplan"
	"github.com/ecs-preflight/ecs-preflight/world"
)

// loadReal reads a real plan fixture (testdata/real/README.md).
func loadReal(t *testing.T, dir string, opts ...tfplan.Option) *world.World {
	t.Helper()
	w, err := tfplan.Load(filepath.Join("testdata", "real", dir, "plan.json"), opts...)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

type realCase struct {
	name      string
	got, want any
}

func checkReal(t *testing.T, cases []realCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if fmt.Sprint(c.got) != fmt.Sprint(c.want) {
				t.Errorf("got %v, want %v", c.got, c.want)
			}
		})
	}
}

// TestRealStandaloneRoutesAndRules reads the real plan routes-sg-rules.
// AWS provider docs "aws_route": instance_id is computed and
// network_interface_id optional and computed, so both are unknown in every
// plan that creates a route; only the configured target decides. AWS
// provider docs "aws_security_group_rule": source_security_group_id is
// optional and computed, unknown on a rule that sets cidr_blocks. AWS
// provider docs "aws_security_group": rules in aws_security_group_rule and
// aws_vpc_security_group_*_rule resources add to the group.
func TestRealStandaloneRoutesAndRules(t *testing.T) {
	w := loadReal(t, "routes-sg-rules")
	route := func(table string) world.Route {
		rt := w.RouteTables.Get(table)
		if rt == nil {
			t.Fatalf("route table %s left out", table)
		}
		for _, r := range rt.Routes {
			if r.DestinationCidrBlock == "0.0.0.0/0" {
				return r
			}
		}
		t.Fatalf("%s has no 0.0.0.0/0 route: %+v", table, rt.Routes)
		return world.Route{}
	}
	sg := func(id string) *world.SecurityGroup {
		g := w.SecurityGroups.Get(id)
		if g == nil {
			t.Fatalf("security group %s left out", id)
		}
		return g
	}
	priv, batch, pub := route("aws_route_table.private"), route("aws_route_table.batch"), route("aws_route_table.public")
	task, lb := sg("aws_security_group.task"), sg("aws_security_group.lb")
	checkReal(t, []realCase{
		{"a route to a NAT gateway keeps its table despite unknown instance_id", priv.NatGatewayId + "|" + priv.InstanceId + "|" + priv.NetworkInterfaceId, "aws_nat_gateway.nat||"},
		{"a route to an internet gateway", pub.GatewayId, "igw-aws_internet_gateway.igw"},
		{"a route to an instance's interface that the plan cannot link is unresolved, alone", world.IsUnresolved(batch.NetworkInterfaceId) && batch.InstanceId == "", true},
		{"the other routes of that table stay", len(w.RouteTables.Get("aws_route_table.batch").Routes), 3},
		{"egress from aws_vpc_security_group_egress_rule", fmt.Sprintf("%s %d %v", task.IpPermissionsEgress[0].IpProtocol, *task.IpPermissionsEgress[0].FromPort, task.IpPermissionsEgress[0].IpRanges), "tcp 443 [{0.0.0.0/0 }]"},
		{"ingress from aws_vpc_security_group_ingress_rule names the referenced group", task.IpPermissions[0].UserIdGroupPairs, []world.UserIdGroupPair{{GroupId: "aws_security_group.lb"}}},
		{"a CIDR rule with source_security_group_id unknown keeps its CIDR and no group", fmt.Sprint(lb.IpPermissions[0].IpRanges, len(lb.IpPermissions[0].UserIdGroupPairs)), "[{0.0.0.0/0 }] 0"},
		{"a group rule names its source group", lb.IpPermissionsEgress[0].UserIdGroupPairs, []world.UserIdGroupPair{{GroupId: "aws_security_group.task"}}},
	})
}

// TestRealRegionAndAccount reads where the region and account come from
// (doc.go "Region and account"): the provider's region in the
// configuration first; without it the one region the availability zones
// and ARNs of the plan agree on (EC2-UG "Regions and Zones": an
// availability zone name is its region's name and a letter); several
// regions or none leave the region empty and say why. The account comes
// from the ARNs of the plan when they agree (IAM-UG "IAM identifiers": the
// fifth field of an ARN is the account); without one, ARNs the plan builds
// hold a stand-in, never an empty or guessed account.
func TestRealRegionAndAccount(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "real", "region-from-az", "plan.json"))
	if err != nil {
		t.Fatal(err)
	}
	read := func(b []byte, opts ...tfplan.Option) *world.World {
		t.Helper()
		w, err := tfplan.Read("plan.json", b, opts...)
		if err != nil {
			t.Fatal(err)
		}
		return w
	}
	az := read(data)
	two := read(bytes.ReplaceAll(data, []byte(`"us-west-2b"`), []byte(`"eu-west-1b"`)))
	none := read(bytes.ReplaceAll(bytes.ReplaceAll(data, []byte(`"us-west-2a"`), []byte(`null`)), []byte(`"us-west-2b"`), []byte(`null`)))
	flags := read(data, tfplan.WithRegion("eu-central-1"), tfplan.WithAccount("111122223333"))
	routes, env := loadReal(t, "routes-sg-rules"), loadReal(t, "env-files-cache")
	exec := func(w *world.World) string {
		for _, r := range w.Roles.All() {
			if r.RoleName == "app-execution" {
				return r.Arn
			}
		}
		return ""
	}
	checkReal(t, []realCase{
		{"availability zones pin the region", az.Region, "us-west-2"},
		{"and RegionFrom names the zone", strings.Contains(az.RegionFrom, "availability_zone of aws_subnet.a (us-west-2a)"), true},
		{"no account in the plan: AccountID empty", az.AccountID, ""},
		{"and AccountFrom says what is missing", strings.Contains(az.AccountFrom, "no --account"), true},
		{"a role ARN built without the account holds the stand-in", world.IsUnresolved(exec(az)) && strings.HasPrefix(exec(az), "arn:aws:iam::<unresolved "), true},
		{"zones in two regions: no region", two.Region, ""},
		{"and RegionFrom names both", strings.Contains(two.RegionFrom, "eu-west-1 (") && strings.Contains(two.RegionFrom, "us-west-2 ("), true},
		{"no zone, provider region or ARN: no region", none.Region + "|" + none.RegionFrom, "|no --region, and the plan pins no region (no provider region, data.aws_region, availability zone, ARN or endpoint service name)"},
		{"--region and --account win", flags.Region + " " + flags.RegionFrom + " " + flags.AccountID + " " + flags.AccountFrom, "eu-central-1 --region 111122223333 --account"},
		{"with --account the role ARN is built in it", exec(flags), "arn:aws:iam::111122223333:role/app-execution"},
		{"the provider's region comes first", routes.Region + " " + routes.RegionFrom, "eu-west-1 the region of the aws provider in the plan's configuration"},
		{"the account from an ARN the plan states", routes.AccountID + " " + fmt.Sprint(strings.Contains(routes.AccountFrom, "task_role_arn of aws_ecs_task_definition.app")), "123456789012 true"},
		{"role ARNs are built in that account", exec(env), "arn:aws:iam::123456789012:role/app-execution"},
	})
}

// TestRealServices reads the real plan env-files-cache: aws_s3_bucket and
// aws_s3_bucket_policy (AWS provider docs of those titles) whose policy is
// a data.aws_iam_policy_document's json known at plan time; an
// aws_ecr_pull_through_cache_rule (ECR-UG "Sync an upstream registry with
// an Amazon ECR private registry"); aws_iam_role_policies_exclusive and
// aws_iam_role_policy_attachments_exclusive; aws_vpc_dhcp_options and its
// association.
func TestRealServices(t *testing.T) {
	w := loadReal(t, "env-files-cache")
	b := w.Buckets.Get("app-env-files-123456789012")
	if b == nil {
		t.Fatal("bucket not read")
	}
	repo := w.Repositories.Get("arn:aws:ecr:eu-west-1:123456789012:repository/docker-hub/library/nginx")
	exec := w.Roles.Get("arn:aws:iam::123456789012:role/app-execution")
	task := w.Roles.Get("arn:aws:iam::123456789012:role/app-task")
	vpc := w.VPCs.Get("aws_vpc.main")
	checkReal(t, []realCase{
		{"the bucket policy from the policy document's json", b.PolicyKnown && strings.Contains(b.Policy, "aws:SecureTransport"), true},
		{"the bucket in the provider's region", b.Region, "eu-west-1"},
		{"the image's repository comes from the pull through cache rule", repo != nil && repo.PullThroughCache && !repo.PolicyKnown, true},
		{"the execution role's listings are complete", exec.InlineKnown && exec.AttachedKnown, true},
		{"with the exclusive resources' policies", fmt.Sprint(len(exec.InlinePolicies), len(exec.AttachedPolicies)), "1 1"},
		{"the task role's inline policy is unknown", task.InlinePolicies[0].Unknown != "", true},
		{"and the execution role's is known", exec.InlinePolicies[0].Unknown == "" && strings.Contains(exec.InlinePolicies[0].PolicyDocument, "s3:GetObject"), true},
		{"the VPC uses the associated options set", vpc.DhcpOptionsId, "aws_vpc_dhcp_options.main"},
		{"whose servers are the Amazon DNS server", w.DHCPOptions.Get("aws_vpc_dhcp_options.main").DomainNameServers, []string{"AmazonProvidedDNS"}},
	})
}

// TestRealRoleFromStack reads the real plan role-from-stack: the
// execution role is an output of an aws_cloudformation_stack the plan
// creates (AWS provider docs "aws_cloudformation_stack": outputs are
// known after apply). The task definition's execution role is a stand-in,
// never "no execution role"; the policies attached by the stack's other
// output are filed under their own stand-in, with the role's other
// policies unknown (world/unresolved.go), and since the plan cannot tell
// which role that is, no role's inline or attached listing is complete.
// The task role's inline policy, known only after apply, stays on the task
// role.
func TestRealRoleFromStack(t *testing.T) {
	w := loadReal(t, "role-from-stack")
	td := w.TaskDefinitions.All()[0]
	var filed *world.Role
	for _, r := range w.Roles.All() {
		if world.IsUnresolved(r.Arn) && len(r.AttachedPolicies) > 0 {
			filed = r
		}
	}
	task := w.Roles.Get("arn:aws:iam::123456789012:role/app-task")
	checkReal(t, []realCase{
		{"the execution role ARN is a stand-in", world.IsUnresolved(td.ExecutionRoleArn), true},
		{"and its field is unknown, naming the stack's outputs", strings.Contains(td.Unknown["executionRoleArn"], "aws_cloudformation_stack.roles.outputs"), true},
		{"the attachment and the inline deny are kept under a stand-in role", filed != nil && len(filed.InlinePolicies) == 1 && strings.Contains(filed.InlinePolicies[0].PolicyDocument, `"Deny"`), true},
		{"whose other policies are unknown", filed != nil && !filed.AttachedKnown && !filed.InlineKnown && !filed.BoundaryKnown, true},
		{"and whose missing text says the role is unresolved", filed != nil && strings.HasPrefix(filed.Unknown["AttachedPolicies"], "the role is unresolved: "), true},
		{"the task role's policy known only after apply stays on it", task != nil && len(task.InlinePolicies) == 1 && task.InlinePolicies[0].Unknown != "", true},
		{"the task role's listing is not complete: the stack's role may be it", task != nil && !task.InlineKnown && !task.AttachedKnown, true},
	})
}
