package netpath_test

import (
	"fmt"

	"github.com/ecs-preflight/ecs-preflight/netpath"
	"github.com/ecs-preflight/ecs-preflight/world"
)

// A task in a public subnet without a public IP (amazon-ecs-agent#1128):
// the route to the internet gateway exists, but nothing translates the
// task's private address.
func ExampleReach() {
	w := &world.World{Partition: "aws", Region: "eu-west-1"}
	t := true
	w.VPCs = world.NewSet[world.VPC]("example", true)
	w.VPCs.Put("vpc-1", &world.VPC{VpcId: "vpc-1", CidrBlock: "10.0.0.0/16", EnableDnsSupport: &t, EnableDnsHostnames: &t})
	w.Subnets = world.NewSet[world.Subnet]("example", true)
	w.Subnets.Put("subnet-pub", &world.Subnet{SubnetId: "subnet-pub", VpcId: "vpc-1", CidrBlock: "10.0.0.0/24"})
	w.RouteTables = world.NewSet[world.RouteTable]("example", true)
	w.RouteTables.Put("rtb-pub", &world.RouteTable{RouteTableId: "rtb-pub", VpcId: "vpc-1",
		Associations: []world.RouteTableAssociation{{SubnetId: "subnet-pub"}},
		Routes: []world.Route{
			{DestinationCidrBlock: "10.0.0.0/16", GatewayId: "local", State: "active"},
			{DestinationCidrBlock: "0.0.0.0/0", GatewayId: "igw-1", State: "active"},
		}})
	w.InternetGateways = world.NewSet[world.InternetGateway]("example", true)
	w.InternetGateways.Put("igw-1", &world.InternetGateway{InternetGatewayId: "igw-1",
		Attachments: []world.InternetGatewayAttachment{{VpcId: "vpc-1", State: "available"}}})
	w.SecurityGroups = world.NewSet[world.SecurityGroup]("example", true)
	w.SecurityGroups.Put("sg-task", &world.SecurityGroup{GroupId: "sg-task", VpcId: "vpc-1",
		IpPermissionsEgress: []world.IpPermission{{IpProtocol: "-1", IpRanges: []world.IpRange{{CidrIp: "0.0.0.0/0"}}}}})
	w.NetworkACLs = world.NewSet[world.NetworkACL]("example", true)
	w.NetworkACLs.Put("acl-1", &world.NetworkACL{NetworkAclId: "acl-1", VpcId: "vpc-1", IsDefault: true,
		Entries: []world.NetworkACLEntry{
			{RuleNumber: 100, Protocol: "-1", RuleAction: "allow", CidrBlock: "0.0.0.0/0"},
			{RuleNumber: 100, Protocol: "-1", RuleAction: "allow", Egress: true, CidrBlock: "0.0.0.0/0"},
		}})
	w.VPCEndpoints = world.NewSet[world.VPCEndpoint]("example", true)

	net := netpath.Compile(w)
	eni := netpath.ENI{SubnetID: "subnet-pub", SecurityGroupIDs: []string{"sg-task"}}
	r := net.Reach(eni, netpath.ServiceTarget("ecr.api", "eu-west-1", "aws"))
	fmt.Println(r.Status, r.Via)
	for _, h := range r.Path {
		fmt.Println("hop:", h)
	}
	for _, b := range r.Blocks {
		fmt.Printf("blocked by %s %s\nfix: %s\n", b.Kind, b.Resource, b.Fix)
	}

	eni.AssignPublicIP = true
	fmt.Println(net.Reach(eni, netpath.ServiceTarget("ecr.api", "eu-west-1", "aws")).Status)
	// Output:
	// blocked igw
	// hop: subnet-pub → rtb-pub (0.0.0.0/0 → igw-1)
	// hop: igw-1 (attached to vpc-1) → internet
	// blocked by public-ip subnet-pub
	// fix: set networkConfiguration.awsvpcConfiguration.assignPublicIp=ENABLED, or run the task in a private subnet whose route table sends 0.0.0.0/0 to a NAT gateway
	// reachable
}

func ExampleEndpointServiceName() {
	fmt.Println(netpath.EndpointServiceName("ecr.api", "eu-west-1", "aws"))
	fmt.Println(netpath.EndpointServiceName("ecr.dkr", "cn-north-1", "aws-cn"))
	fmt.Println(netpath.EndpointServiceName("logs", "cn-north-1", "aws-cn"))
	// Output:
	// com.amazonaws.eu-west-1.ecr.api
	// cn.com.amazonaws.cn-north-1.ecr.dkr
	// com.amazonaws.cn-north-1.logs
}
