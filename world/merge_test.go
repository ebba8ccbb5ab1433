package world

import "testing"

func TestMergeOverlayWins(t *testing.T) {
	base := &World{Region: "us-east-1", AccountID: "111122223333"}
	base.Subnets = NewSet[Subnet]("ec2:DescribeSubnets", true)
	base.Subnets.Put("subnet-1", &Subnet{SubnetId: "subnet-1", CidrBlock: "10.0.0.0/24"})
	base.Subnets.Put("subnet-2", &Subnet{SubnetId: "subnet-2"})
	over := &World{Region: "ap-northeast-1"}
	over.Subnets = NewSet[Subnet]("template", false)
	over.Subnets.Put("subnet-1", &Subnet{SubnetId: "subnet-1", CidrBlock: "10.0.9.0/24"})
	over.Subnets.Put("PrivateA", &Subnet{SubnetId: "PrivateA"})
	over.Roles = NewSet[Role]("template", false)

	m := Merge(base, over)
	if m.Region != "ap-northeast-1" || m.AccountID != "111122223333" {
		t.Fatalf("scalars: region %q account %q", m.Region, m.AccountID)
	}
	if got := m.Subnets.Get("subnet-1").CidrBlock; got != "10.0.9.0/24" {
		t.Fatalf("overlay did not win: %s", got)
	}
	if m.Subnets.Len() != 3 || !m.Subnets.Complete {
		t.Fatalf("merged set: len %d complete %v", m.Subnets.Len(), m.Subnets.Complete)
	}
	if _, _, absent := m.Subnets.Lookup("subnet-9"); !absent {
		t.Fatal("a subnet missing from a complete listing should be absent")
	}
	if !m.Roles.Known || m.Roles.Complete {
		t.Fatalf("roles only in overlay: known %v complete %v", m.Roles.Known, m.Roles.Complete)
	}
	if base.Subnets.Len() != 2 {
		t.Fatal("Merge changed its input")
	}
}

func TestUnresolved(t *testing.T) {
	s := Unresolved(`Fn::ImportValue "net-PrivateSubnetA"`)
	if !IsUnresolved(s) || IsUnresolved("subnet-0abc") {
		t.Fatalf("IsUnresolved(%q) wrong", s)
	}
	set := NewSet[Subnet]("ec2:DescribeSubnets", true)
	if _, found, absent := set.Lookup(s); found || absent {
		t.Fatalf("a stand-in in a complete set: found %v absent %v, want neither (unknown)", found, absent)
	}
}

func TestPartitionOf(t *testing.T) {
	for region, want := range map[string]string{
		"ap-northeast-1": "aws", "il-central-1": "aws", "mx-central-1": "aws", "ca-west-1": "aws",
		"cn-north-1": "aws-cn", "cn-northwest-1": "aws-cn",
		"us-gov-west-1": "aws-us-gov", "eusc-de-east-1": "aws-eusc",
		// Names no partition knows fall back to aws, as in the SDKs.
		"": "aws", "us-iso-east-1": "aws",
	} {
		if got := PartitionOf(region); got != want {
			t.Errorf("PartitionOf(%q) = %q, want %q", region, got, want)
		}
	}
}

// TestIsRegion checks the region rule against the SDKs' partitions metadata
// (aws-sdk-go-v2 internal/endpoints/awsrulesfn/partitions.json "regionRegex").
func TestIsRegion(t *testing.T) {
	for _, p := range Partitions {
		if !IsRegion(p.ExampleRegion) {
			t.Errorf("IsRegion(%q) = false for the example region of %s", p.ExampleRegion, p.ID)
		}
		for _, prefix := range p.RegionPrefixes {
			if r := prefix + "-central-1"; PartitionOf(r) != p.ID {
				t.Errorf("PartitionOf(%q) = %q, want %q", r, PartitionOf(r), p.ID)
			}
		}
	}
	for _, bad := range []string{
		"", "Ireland", "eu-west", "eu-west-1a", "EU-WEST-1", "eu-west-1 ",
		"us-iso-east-1", "us-isob-east-1", // isolated partitions: not modelled
		"eusc-fr-east-1", // aws-eusc names only eusc-de regions
		"xx-east-1", "cn-north", "cn-1",
	} {
		if IsRegion(bad) {
			t.Errorf("IsRegion(%q) = true, want false", bad)
		}
	}
}

func TestMergeNil(t *testing.T) {
	w := &World{Region: "eu-west-1"}
	if Merge(nil, w) != w || Merge(w, nil) != w {
		t.Error("Merge with a nil side should return the other")
	}
}

// TestMergeScalars checks that overlay scalars win only where overlay
// speaks ("template wins where both speak").
func TestMergeScalars(t *testing.T) {
	base := &World{Partition: "aws", Region: "us-east-1", AccountID: "111122223333", Origin: Origin{File: "account.json"}}
	over := &World{Partition: "aws-cn", AccountID: "444455556666", Origin: Origin{File: "stack.yaml"}}
	m := Merge(base, over)
	if m.Partition != "aws-cn" || m.Region != "us-east-1" || m.AccountID != "444455556666" || m.Origin.File != "stack.yaml" {
		t.Errorf("merged scalars: %q %q %q %q", m.Partition, m.Region, m.AccountID, m.Origin.File)
	}
	m = Merge(base, &World{})
	if m.Partition != "aws" || m.AccountID != "111122223333" || m.Origin.File != "account.json" {
		t.Errorf("an empty overlay changed the base: %+v", m)
	}
}

func TestMergeOrganization(t *testing.T) {
	base := &World{OrganizationID: "o-base", ManagementAccountID: "111111111111", SCPs: &PolicyPath{}}
	over := &World{OrganizationID: "o-over", RCPs: &PolicyPath{Levels: []PolicyLevel{{Target: "r-1"}}}}
	m := Merge(base, over)
	if m.OrganizationID != "o-over" || m.ManagementAccountID != "111111111111" || m.SCPs != base.SCPs || m.RCPs != over.RCPs {
		t.Fatalf("merged organization facts: %+v", m)
	}
}

// TestMergeAssumptions: the assumptions of both inputs are kept, base
// first, and neither input's list is changed.
func TestMergeAssumptions(t *testing.T) {
	base := &World{Assumptions: make([]string, 1, 4)}
	base.Assumptions[0] = "a"
	over := &World{Assumptions: []string{"b"}}
	m := Merge(base, over)
	if len(m.Assumptions) != 2 || m.Assumptions[0] != "a" || m.Assumptions[1] != "b" {
		t.Fatalf("merged assumptions %q, want [a b]", m.Assumptions)
	}
	m.Assumptions[1] = "changed"
	if got := base.Assumptions[:cap(base.Assumptions)][1]; got == "changed" {
		t.Fatal("merging wrote into the base's list")
	}
	if m := Merge(base, &World{}); len(m.Assumptions) != 1 {
		t.Fatalf("an overlay without assumptions dropped the base's: %q", m.Assumptions)
	}
}

// TestVPCDefaults checks the network ACL and security group EC2 creates
// with a VPC (VPC-UG "Default network ACL", "Default security groups for
// your VPCs").
func TestVPCDefaults(t *testing.T) {
	o := Origin{File: "t.yaml", Path: "Vpc"}
	acl := DefaultNetworkACL("acl-1", "vpc-1", o)
	if !acl.IsDefault || acl.VpcId != "vpc-1" || acl.Origin != o || len(acl.Entries) != 4 {
		t.Fatalf("default network ACL: %+v", acl)
	}
	for _, egress := range []bool{false, true} {
		var allow, deny bool
		for _, e := range acl.Entries {
			if e.Egress != egress || e.Protocol != "-1" || e.CidrBlock != "0.0.0.0/0" {
				continue
			}
			allow = allow || e.RuleNumber == 100 && e.RuleAction == "allow"
			deny = deny || e.RuleNumber == 32767 && e.RuleAction == "deny"
		}
		if !allow || !deny {
			t.Errorf("default network ACL egress=%v: allow-all rule 100 %v, rule * %v", egress, allow, deny)
		}
	}
	sg := DefaultSecurityGroup("sg-1", "vpc-1", o)
	if sg.GroupName != "default" || sg.VpcId != "vpc-1" ||
		len(sg.IpPermissions) != 1 || sg.IpPermissions[0].IpProtocol != "-1" || len(sg.IpPermissions[0].UserIdGroupPairs) != 1 || sg.IpPermissions[0].UserIdGroupPairs[0].GroupId != "sg-1" || len(sg.IpPermissions[0].IpRanges) != 0 ||
		len(sg.IpPermissionsEgress) != 1 || sg.IpPermissionsEgress[0].IpProtocol != "-1" || len(sg.IpPermissionsEgress[0].IpRanges) != 1 || sg.IpPermissionsEgress[0].IpRanges[0].CidrIp != "0.0.0.0/0" {
		t.Errorf("default security group: %+v", sg)
	}
}
