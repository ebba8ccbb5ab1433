package netpath

import (
	"testing"

	"github.com/ecs-preflight/ecs-preflight/world"
)

// EC2 API Reference "IpPermission": IpProtocol -1 means all protocols and
// ports; a TCP rule admits FromPort through ToPort. A template rule with
// FromPort only is that one port; one whose ports are absent is undecided.
func TestPermCoversPort(t *testing.T) {
	for _, tc := range []struct {
		name          string
		perm          world.IpPermission
		covers, maybe bool
	}{
		{"EC2 API IpPermission protocol -1 covers every port", world.IpPermission{IpProtocol: "-1"}, true, false},
		{"EC2 API IpPermission udp does not carry HTTPS", world.IpPermission{IpProtocol: "udp", FromPort: ip(443), ToPort: ip(443)}, false, false},
		{"EC2 API IpPermission tcp 443-443 covers 443", world.IpPermission{IpProtocol: "tcp", FromPort: ip(443), ToPort: ip(443)}, true, false},
		{"EC2 API IpPermission protocol number 6 is tcp", world.IpPermission{IpProtocol: "6", FromPort: ip(0), ToPort: ip(65535)}, true, false},
		{"EC2 API IpPermission tcp 444-65535 misses 443", world.IpPermission{IpProtocol: "tcp", FromPort: ip(444), ToPort: ip(65535)}, false, false},
		{"EC2 API IpPermission template FromPort 443 alone is port 443", world.IpPermission{IpProtocol: "tcp", FromPort: ip(443)}, true, false},
		{"EC2 API IpPermission template FromPort 80 alone misses 443", world.IpPermission{IpProtocol: "tcp", FromPort: ip(80)}, false, false},
		{"EC2 API IpPermission tcp without ports is undecided", world.IpPermission{IpProtocol: "tcp"}, false, true},
		{"EC2 API IpPermission tcp with ToPort only is undecided", world.IpPermission{IpProtocol: "tcp", ToPort: ip(443)}, false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			covers, maybe := permCoversPort(tc.perm, 443)
			if covers != tc.covers || maybe != tc.maybe {
				t.Errorf("permCoversPort = %v, %v; want %v, %v", covers, maybe, tc.covers, tc.maybe)
			}
		})
	}
}

// IPv6 egress paths the model cannot follow or that depend on missing
// facts (ECS-DG "Using a VPC in IPv6-only mode", read 2026-11-30; VPC-UG
// "Control subnet traffic with network access control lists").
func TestReachIPv6OnlyEgress(t *testing.T) {
	cases := []reachCase{
		{name: "VPC-UG route tables ::/0 to a transit gateway is unknown beyond it", setup: mutate(standard, v6Subnet, v6Open, func(f *fixture) {
			f.rt("rtb-v6").Routes[1] = world.Route{DestinationIpv6CidrBlock: "::/0", TransitGatewayId: "tgw-1", State: "active"}
		}), from: v6ENI, to: dualAPI, status: Unknown, missing: []string{"egress beyond tgw-1"}},
		{name: "VPC-UG internet gateways ::/0 to a gateway not attached to the VPC blocks", setup: mutate(standard, v6Subnet, v6Open, func(f *fixture) {
			f.rt("rtb-v6").Routes[1] = world.Route{DestinationIpv6CidrBlock: "::/0", GatewayId: "igw-1", State: "active"}
			f.igw("igw-1", "vpc-other", "available")
		}), from: v6ENI, to: dualAPI, status: Blocked, blocks: []string{"route igw-1"}},
		{name: "VPC-UG network ACL rules IPv6 entry for part of the space leaves the host unknown", setup: mutate(standard, v6Subnet, v6Open, func(f *fixture) {
			f.aclp("acl-default").Entries = append([]world.NetworkACLEntry{{RuleNumber: 50, Protocol: "6", RuleAction: "deny", Egress: true, Ipv6CidrBlock: "2600::/12", PortRange: &world.PortRange{From: 443, To: 443}}}, f.aclp("acl-default").Entries...)
		}), from: v6ENI, to: dualAPI, status: Unknown, missing: []string{"entry 50 for 2600::/12"}},
		{name: "VPC-UG network ACL rules IPv6 entry for other ports is skipped", setup: mutate(standard, v6Subnet, v6Open, func(f *fixture) {
			f.aclp("acl-default").Entries = append([]world.NetworkACLEntry{{RuleNumber: 50, Protocol: "6", RuleAction: "deny", Egress: true, Ipv6CidrBlock: "::/0", PortRange: &world.PortRange{From: 22, To: 22}}}, f.aclp("acl-default").Entries...)
		}), from: v6ENI, to: dualAPI, status: Reachable, via: ViaIGW},
		{name: "ECS-DG Using a VPC in IPv6-only mode route table not in the input is unknown", setup: mutate(standard, v6Subnet, v6Open, func(f *fixture) {
			f.w.RouteTables.Complete = false
			f.rt("rtb-v6").Associations = nil
		}), from: v6ENI, to: dualAPI, status: Unknown, missing: []string{"ec2:DescribeRouteTables"}},
		{name: "ECS-DG Using a VPC in IPv6-only mode task security group not in the input is unknown", setup: mutate(standard, v6Subnet, v6Open, func(f *fixture) {
			f.w.SecurityGroups.Complete = false
		}), from: ENI{SubnetID: "subnet-v6", SecurityGroupIDs: []string{"sg-missing"}}, to: dualAPI, status: Unknown, missing: []string{"sg-missing"}},
		{name: "VPC-UG security group rules a group absent from the complete listing adds no IPv6 rule", setup: mutate(standard, v6Subnet, v6Open),
			from: ENI{SubnetID: "subnet-v6", SecurityGroupIDs: []string{"sg-missing"}}, to: dualAPI, status: Blocked, blocks: []string{"security-group sg-missing"}},
		{name: "ECS-DG Using a VPC in IPv6-only mode Docker Hub IPv4 name with an IPv6 way out is unknown", setup: mutate(standard, v6Subnet, v6Open),
			from: v6ENI, to: dockerT, status: Unknown, missing: []string{"DNS64 and NAT64"}},
		{name: "ECS-DG Using a VPC in IPv6-only mode Docker Hub without an IPv6 way out is blocked", setup: mutate(standard, v6Subnet, v6Open, func(f *fixture) {
			f.rt("rtb-v6").Routes = f.rt("rtb-v6").Routes[:1]
		}), from: v6ENI, to: dockerT, status: Blocked, blocks: []string{"route rtb-v6"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			checkResult(t, Reach(tc.setup().w, tc.from, tc.to), tc)
		})
	}
}
