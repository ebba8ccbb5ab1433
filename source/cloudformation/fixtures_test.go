package cloudformation

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/world"
)

// TestFixtureWorlds asserts what the reader builds from the scenario
// templates whose start-phase verdict depends on the simulation reading
// these facts (each template's Description cites its source).
func TestFixtureWorlds(t *testing.T) {
	load := func(t *testing.T, file string, opts ...Option) *world.World {
		t.Helper()
		w, err := Load(filepath.Join("testdata", "scenarios", file), opts...)
		if err != nil {
			t.Fatal(err)
		}
		return w
	}
	env := []Option{WithRegion("ap-northeast-1"), WithAccount("123456789012")}
	standIn := world.Unresolved(`parameter "ExecutionRoleName"`)

	for _, tc := range []struct{ file, effect string }{
		{"exec-role-param-policy-deny.yaml", "Deny"},
		{"exec-role-param-policy-allow.yaml", "Allow"},
	} {
		t.Run(tc.file+": the policy is kept on the unresolved execution role (IAM-UG \"Policy evaluation logic\")", func(t *testing.T) {
			w := load(t, tc.file, env...)
			td := w.TaskDefinitions.All()[0]
			if td.ExecutionRoleArn != standIn || td.Unknown["executionRoleArn"] == "" {
				t.Fatalf("execution role %q unknown %q", td.ExecutionRoleArn, td.Unknown)
			}
			r := w.Roles.Get(td.ExecutionRoleArn)
			if r == nil || r.AttachedKnown || r.InlineKnown || r.BoundaryKnown || len(r.InlinePolicies) != 1 {
				t.Fatalf("role %+v", r)
			}
			if doc := r.InlinePolicies[0].PolicyDocument; !strings.Contains(doc, `"Effect":"`+tc.effect+`"`) || !strings.Contains(doc, "arn:aws:logs:ap-northeast-1:123456789012:log-group:/ecs/") {
				t.Fatalf("policy %s", doc)
			}
		})
	}
	t.Run("exec-role-importvalue.yaml: the stand-in, not no role", func(t *testing.T) {
		td := load(t, "exec-role-importvalue.yaml", env...).TaskDefinitions.All()[0]
		if !world.IsUnresolved(td.ExecutionRoleArn) || !strings.Contains(td.Unknown["executionRoleArn"], "shared-TaskExecutionRoleArn") {
			t.Fatalf("execution role %q unknown %q", td.ExecutionRoleArn, td.Unknown)
		}
	})
	t.Run("vpc-dns-support-false.yaml: EnableDnsSupport false (CFN AWS::EC2::VPC)", func(t *testing.T) {
		v := load(t, "vpc-dns-support-false.yaml", env...).VPCs.Get("vpc-VPC")
		if v.EnableDnsSupport == nil || *v.EnableDnsSupport || v.DhcpOptionsId != "" {
			t.Fatalf("EnableDnsSupport %s DhcpOptionsId %q", show(v.EnableDnsSupport), v.DhcpOptionsId)
		}
	})
	t.Run("ec2-instance-role-no-execution-role.yaml: the container instances (ECS-DG \"Amazon ECS container instance IAM role\")", func(t *testing.T) {
		w := load(t, "ec2-instance-role-no-execution-role.yaml", env...)
		g := w.InstanceGroups.Get("ec2-instance-role-no-execution-role-AutoScalingGroup")
		if g == nil {
			t.Fatalf("groups %q", w.InstanceGroups.Keys())
		}
		if g.Cluster != "ec2-instance-role-no-execution-role-Cluster" || g.RoleArn != "arn:aws:iam::123456789012:role/ec2-instance-role-no-execution-role-InstanceRole" ||
			!slices.Equal(g.Subnets, []string{"subnet-PrivateSubnetA", "subnet-PrivateSubnetB"}) || !slices.Equal(g.SecurityGroups, []string{"sg-InstanceSecurityGroup"}) ||
			g.CapacityProvider != "ec2-instance-role-no-execution-role-CapacityProvider" || len(g.Unknown) != 0 {
			t.Fatalf("group %+v", g)
		}
		if td := w.TaskDefinitions.All()[0]; td.ExecutionRoleArn != "" {
			t.Fatalf("execution role %q, want none", td.ExecutionRoleArn)
		}
	})
	t.Run("central-endpoint-private-hosted-zone.yaml: private zones on the task VPC alias central endpoints", func(t *testing.T) {
		w := load(t, "central-endpoint-private-hosted-zone.yaml", WithAccount("111122223333"))
		if w.Region != "us-west-2" {
			t.Fatalf("region %q (%s), want us-west-2 pinned by the AZ names", w.Region, w.RegionFrom)
		}
		var names []string
		for _, z := range w.HostedZones.All() {
			if !z.PrivateZone || len(z.VPCs) != 1 || z.VPCs[0].VPCId != "vpc-VPC" || z.VPCs[0].VPCRegion != "us-west-2" || len(z.Records) != 1 || z.Records[0].AliasTarget == nil {
				t.Errorf("zone %+v", z)
			}
			names = append(names, z.Name+" → "+z.Records[0].AliasTarget.DNSName)
		}
		want := []string{
			"api.ecr.us-west-2.amazonaws.com → vpce-0a1b2c3d4e5f60718-abcdefgh.api.ecr.us-west-2.vpce.amazonaws.com",
			"dkr.ecr.us-west-2.amazonaws.com → *.vpce-0b2c3d4e5f6a70819-bcdefghi.dkr.ecr.us-west-2.vpce.amazonaws.com",
			"logs.us-west-2.amazonaws.com → vpce-0c3d4e5f6a7b8091a-cdefghij.logs.us-west-2.vpce.amazonaws.com",
		}
		if !slices.Equal(names, want) {
			t.Fatalf("zones %q, want %q", names, want)
		}
	})
}
