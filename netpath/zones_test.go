package netpath

import (
	"testing"

	"github.com/ecs-preflight/ecs-preflight/world"
)

const (
	centralEP  = "vpce-0123456789abcdef0"
	centralDNS = centralEP + "-abcd1234.api.ecr." + testRegion + ".vpce.amazonaws.com"
	zoneAPI    = "Z0API"
)

// central builds a central endpoint VPC the way the AWS whitepaper
// "Building a Scalable and Secure Multi-VPC AWS Network Infrastructure"
// ("Centralized access to VPC private endpoints") describes it: the task
// VPC vpc-1 has no NAT route and no endpoints; vpc-2 (10.1.0.0/16) holds an
// ecr.api interface endpoint without private DNS in subnet-c1, admitting
// 443 from vpc-1's CIDR; pcx-1 peers the two VPCs with routes both ways;
// a private hosted zone api.ecr.REGION.amazonaws.com associated with vpc-1
// aliases the name to the endpoint's regional DNS name.
func central() *fixture {
	f := standard()
	f.rt("rtb-priv").Routes = []world.Route{
		{DestinationCidrBlock: "10.0.0.0/16", GatewayId: "local", State: "active"},
		{DestinationCidrBlock: "10.1.0.0/16", VpcPeeringConnectionId: "pcx-1", State: "active"},
	}
	f.vpc("vpc-2", "10.1.0.0/16")
	f.subnet("subnet-c1", "vpc-2", "10.1.1.0/24", "ap-northeast-1a")
	rt := f.rtb("rtb-c", "vpc-2", "10.1.0.0/16", true, "subnet-c1")
	rt.Routes = append(rt.Routes, world.Route{DestinationCidrBlock: "10.0.0.0/16", VpcPeeringConnectionId: "pcx-1", State: "active"})
	f.acl("acl-c-default", "vpc-2", true, allowAllEntries())
	f.sg("sg-cep", "vpc-2", []world.IpPermission{toCIDR(tcp(443, 443), "10.0.0.0/16")}, []world.IpPermission{allOut})
	f.ifaceEP(centralEP, "vpc-2", "com.amazonaws."+testRegion+".ecr.api", false, []string{"subnet-c1"}, "sg-cep")
	f.w.HostedZones = world.NewSet[world.HostedZone]("test", false)
	f.w.HostedZones.Put(zoneAPI, &world.HostedZone{Id: zoneAPI, Name: "api.ecr." + testRegion + ".amazonaws.com.", PrivateZone: true,
		VPCs:         []world.HostedZoneVPC{{VPCId: "vpc-1", VPCRegion: testRegion}},
		RecordsKnown: true,
		Records: []world.ResourceRecordSet{
			{Name: "api.ecr." + testRegion + ".amazonaws.com.", Type: "A", AliasTarget: &world.AliasTarget{DNSName: centralDNS + ".", HostedZoneId: "Z2E726K9Y6RL4W"}},
		}})
	return f
}

func zone(f *fixture) *world.HostedZone { return f.w.HostedZones.Get(zoneAPI) }

func zoneCases() []reachCase {
	return []reachCase{
		{name: "whitepaper centralized endpoints: alias to an endpoint over peering reaches it", setup: central,
			from: privENI, to: apiECR, status: Reachable, via: ViaVPCE, endpoint: centralEP},
		{name: "whitepaper centralized endpoints: without the zone the host takes the internet path and is blocked", setup: mutate(central, func(f *fixture) {
			f.w.HostedZones = world.Set[world.HostedZone]{}
		}), from: privENI, to: apiECR, status: Blocked, blocks: []string{"route rtb-priv"}},
		{name: "Route 53 DG private zones: a zone not associated with the task VPC does not answer", setup: mutate(central, func(f *fixture) {
			zone(f).VPCs = []world.HostedZoneVPC{{VPCId: "vpc-9"}}
		}), from: privENI, to: apiECR, status: Blocked, blocks: []string{"route rtb-priv"}},
		{name: "Route 53 DG private zones: a wildcard record serves the registry host", setup: mutate(central, func(f *fixture) {
			f.ep(centralEP).ServiceName = "com.amazonaws." + testRegion + ".ecr.dkr"
			z := zone(f)
			z.Name = "dkr.ecr." + testRegion + ".amazonaws.com"
			z.Records = []world.ResourceRecordSet{{Name: `\052.dkr.ecr.` + testRegion + ".amazonaws.com.", Type: "A", AliasTarget: &world.AliasTarget{DNSName: centralDNS}}}
		}), from: privENI, to: registry, status: Reachable, via: ViaVPCE, endpoint: centralEP},
		{name: "Route 53 DG overlapping namespaces: matching zone without a record answers NXDOMAIN", setup: mutate(central, func(f *fixture) {
			zone(f).Name = testRegion + ".amazonaws.com"
			zone(f).Records[0].Name = "logs." + testRegion + ".amazonaws.com"
		}), from: privENI, to: apiECR, status: Blocked, blocks: []string{"dns " + zoneAPI}, detail: []string{"NXDOMAIN"}},
		{name: "Route 53 DG overlapping namespaces: the most specific zone answers", setup: mutate(central, func(f *fixture) {
			f.w.HostedZones.Put("Z0WIDE", &world.HostedZone{Id: "Z0WIDE", Name: "amazonaws.com", PrivateZone: true, RecordsKnown: true,
				VPCs: []world.HostedZoneVPC{{VPCId: "vpc-1"}}})
		}), from: privENI, to: apiECR, status: Reachable, endpoint: centralEP},
		{name: "docs/model.md unknown: the zone's records are not in the input", setup: mutate(central, func(f *fixture) {
			zone(f).RecordsKnown = false
		}), from: privENI, to: apiECR, status: Unknown, missing: []string{"route53:ListResourceRecordSets (" + zoneAPI}},
		{name: "docs/model.md unknown: the endpoint the alias names is not in the input (another account)", setup: mutate(central, func(f *fixture) {
			f.w.VPCEndpoints = rebuildWithout(f.w.VPCEndpoints, centralEP)
		}), from: privENI, to: apiECR, status: Unknown, missing: []string{"ec2:DescribeVpcEndpoints (" + centralEP}},
		{name: "docs/model.md unknown: the peer VPC's subnets are not in the input", setup: mutate(central, func(f *fixture) {
			f.w.Subnets.Complete = false
			subs := world.NewSet[world.Subnet]("test", false)
			for _, s := range f.w.Subnets.All() {
				if s.VpcId != "vpc-2" {
					subs.Put(s.SubnetId, s)
				}
			}
			f.w.Subnets = subs
		}), from: privENI, to: apiECR, status: Unknown, missing: []string{"ec2:DescribeSubnets (subnet-c1"}},
		{name: "docs/model.md unknown: an alias to a name that is not an endpoint", setup: mutate(central, func(f *fixture) {
			zone(f).Records[0].AliasTarget.DNSName = "internal-lb-1.elb.amazonaws.com"
		}), from: privENI, to: apiECR, status: Unknown, missing: []string{"where internal-lb-1.elb.amazonaws.com leads"}},
		{name: "docs/model.md unknown: A values without an endpoint", setup: mutate(central, func(f *fixture) {
			zone(f).Records[0].AliasTarget = nil
			zone(f).Records[0].Values = []string{"10.1.1.10"}
		}), from: privENI, to: apiECR, status: Unknown, missing: []string{"what answers at 10.1.1.10"}},
		{name: "PrivateLink endpoint DNS names: a CNAME to the zonal name serves", setup: mutate(central, func(f *fixture) {
			r := &zone(f).Records[0]
			r.Type, r.AliasTarget, r.Values = "CNAME", nil, []string{centralEP + "-abcd1234-" + testRegion + "a.api.ecr." + testRegion + ".vpce.amazonaws.com"}
		}), from: privENI, to: apiECR, status: Reachable, endpoint: centralEP},
		{name: "VPC peering guide route tables: no route to the endpoint VPC", setup: mutate(central, func(f *fixture) {
			f.rt("rtb-priv").Routes = f.rt("rtb-priv").Routes[:1]
		}), from: privENI, to: apiECR, status: Blocked, via: ViaVPCE, blocks: []string{"route rtb-priv"}, fix: []string{"--destination-cidr-block 10.1.1.0/24"}},
		{name: "VPC peering guide route tables: no return route from the endpoint VPC", setup: mutate(central, func(f *fixture) {
			f.rt("rtb-c").Routes = f.rt("rtb-c").Routes[:1]
		}), from: privENI, to: apiECR, status: Blocked, blocks: []string{"route rtb-c"}, fix: []string{"--destination-cidr-block 10.0.1.0/24 --vpc-peering-connection-id pcx-1"}},
		{name: "VPC peering guide route tables: a blackhole peering route", setup: mutate(central, func(f *fixture) {
			f.rt("rtb-priv").Routes[1].State = "blackhole"
		}), from: privENI, to: apiECR, status: Blocked, blocks: []string{"route rtb-priv"}, detail: []string{"blackhole"}},
		{name: "VPC peering limitations: replies sent to another peering connection", setup: mutate(central, func(f *fixture) {
			f.rt("rtb-c").Routes[1].VpcPeeringConnectionId = "pcx-9"
		}), from: privENI, to: apiECR, status: Blocked, blocks: []string{"route rtb-c"}},
		{name: "VPC-UG route priority: a more specific route elsewhere splits the endpoint subnet", setup: mutate(central, func(f *fixture) {
			f.rt("rtb-priv").Routes = append(f.rt("rtb-priv").Routes, world.Route{DestinationCidrBlock: "10.1.1.128/25", TransitGatewayId: "tgw-1", State: "active"})
		}), from: privENI, to: apiECR, status: Unknown, missing: []string{"which address of subnet-c1 10.1.1.0/24"}},
		{name: "docs/model.md unknown: transit gateway route tables not in the input", setup: mutate(central, func(f *fixture) {
			f.rt("rtb-priv").Routes[1] = world.Route{DestinationCidrBlock: "10.0.0.0/8", TransitGatewayId: "tgw-1", State: "active"}
			f.rt("rtb-c").Routes[1] = world.Route{DestinationCidrBlock: "10.0.0.0/16", TransitGatewayId: "tgw-1", State: "active"}
		}), from: privENI, to: apiECR, status: Unknown, via: ViaVPCE, missing: []string{"transit gateway tgw-1 route tables"}},
		{name: "ECR-UG interface endpoints: central endpoint security group does not admit the task VPC", setup: mutate(central, func(f *fixture) {
			f.sgp("sg-cep").IpPermissions = []world.IpPermission{toCIDR(tcp(443, 443), "10.9.0.0/16")}
		}), from: privENI, to: apiECR, status: Blocked, blocks: []string{"security-group sg-cep"}},
		{name: "VPC-UG network ACLs: the endpoint subnet's NACL in the other VPC denies the task", setup: mutate(central, func(f *fixture) {
			f.acl("acl-c1", "vpc-2", false, nil, "subnet-c1")
		}), from: privENI, to: apiECR, status: Blocked, blocks: []string{"nacl acl-c1", "nacl acl-c1"}},
		{name: "whitepaper centralized endpoints: a record pointing at another service's endpoint", setup: mutate(central, func(f *fixture) {
			f.ep(centralEP).ServiceName = "com.amazonaws." + testRegion + ".logs"
		}), from: privENI, to: apiECR, status: Blocked, blocks: []string{"dns " + zoneAPI}},
		{name: "whitepaper centralized endpoints: the central endpoint is not available", setup: mutate(central, func(f *fixture) {
			f.ep(centralEP).State = "deleted"
		}), from: privENI, to: apiECR, status: Blocked, blocks: []string{"dns " + centralEP}},
		{name: "Route 53 DG private zone VPC settings: enableDnsHostnames false, zone and internet path disagree", setup: mutate(central, func(f *fixture) {
			f.w.VPCs.Get("vpc-1").EnableDnsHostnames = bp(false)
		}), from: privENI, to: apiECR, status: Unknown, missing: []string{"whether private hosted zone " + zoneAPI + " answers for api.ecr." + testRegion + ".amazonaws.com while enableDnsHostnames is false on vpc-1"},
			warning: []string{"requires it true to use private hosted zones"}},
		{name: "Route 53 DG private zone VPC settings: enableDnsHostnames false, zone and NAT path both reach", setup: mutate(central, func(f *fixture) {
			f.w.VPCs.Get("vpc-1").EnableDnsHostnames = bp(false)
			f.rt("rtb-priv").Routes = append(f.rt("rtb-priv").Routes, defRoute("nat-1"))
		}), from: privENI, to: apiECR, status: Reachable, endpoint: centralEP, warning: []string{"without the zone: reachable"}},
		{name: "Route 53 DG private zone VPC settings: enableDnsHostnames false, both blocked", setup: mutate(central, func(f *fixture) {
			f.w.VPCs.Get("vpc-1").EnableDnsHostnames = bp(false)
			f.sgp("sg-cep").IpPermissions = nil
		}), from: privENI, to: apiECR, status: Blocked, blocks: []string{"security-group sg-cep"}, warning: []string{"without the zone: no route to 0.0.0.0/0"}},
		{name: "VPC-UG DNS attributes: enableDnsSupport false with a zone blocks on the VPC", setup: mutate(central, func(f *fixture) {
			f.w.VPCs.Get("vpc-1").EnableDnsSupport = bp(false)
			f.w.VPCs.Get("vpc-1").EnableDnsHostnames = bp(false)
		}), from: privENI, to: apiECR, status: Blocked, blocks: []string{"dns vpc-1", "route rtb-priv"}},
		{name: "Route 53 DG private zone VPC settings: enableDnsHostnames unknown", setup: mutate(central, func(f *fixture) {
			f.w.VPCs.Get("vpc-1").EnableDnsHostnames = nil
		}), from: privENI, to: apiECR, status: Unknown, missing: []string{"enableDnsHostnames for vpc-1"}},
		{name: "Route 53 DG overlapping namespaces: the VPC's own endpoint with private DNS owns the name", setup: mutate(central, func(f *fixture) {
			f.ifaceEP("vpce-ecr.api", "vpc-1", "com.amazonaws."+testRegion+".ecr.api", true, []string{"subnet-ep"}, "sg-ep")
		}), from: privENI, to: apiECR, status: Reachable, endpoint: "vpce-ecr.api"},
		{name: "VPC peering limitations: overlapping CIDRs keep the endpoint's addresses local", setup: mutate(central, func(f *fixture) {
			f.rt("rtb-priv").Routes[0].DestinationCidrBlock = "10.0.0.0/8"
			f.rt("rtb-priv").Routes = f.rt("rtb-priv").Routes[:1]
		}), from: privENI, to: apiECR, status: Blocked, blocks: []string{"route rtb-priv"}, detail: []string{"overlap"}},
		{name: "VPC-UG internet gateways: private addresses of another VPC routed to an internet gateway", setup: mutate(central, func(f *fixture) {
			f.rt("rtb-priv").Routes[1] = world.Route{DestinationCidrBlock: "10.1.0.0/16", GatewayId: "igw-1", State: "active"}
		}), from: privENI, to: apiECR, status: Blocked, blocks: []string{"route rtb-priv"}, detail: []string{"internet gateway igw-1"}},
		{name: "docs/model.md unknown: the endpoint VPC reached through a NAT gateway route", setup: mutate(central, func(f *fixture) {
			f.rt("rtb-priv").Routes[1] = world.Route{DestinationCidrBlock: "10.1.0.0/16", NatGatewayId: "nat-1", State: "active"}
		}), from: privENI, to: apiECR, status: Unknown, missing: []string{"where nat-1 carries 10.1.1.0/24"}},
		{name: "VPC peering guide route tables: a peering route a template creates is assumed active", setup: mutate(central, func(f *fixture) {
			f.rt("rtb-priv").Routes[1].State = ""
		}), from: privENI, to: apiECR, status: Reachable, assume: []string{"pcx-1 is not in the input with a state"}},
		{name: "VPC peering guide route tables: no return route over a transit gateway names the gateway in the fix", setup: mutate(central, func(f *fixture) {
			f.rt("rtb-priv").Routes[1] = world.Route{DestinationCidrBlock: "10.1.0.0/16", TransitGatewayId: "tgw-1", State: "active"}
			f.rt("rtb-c").Routes = f.rt("rtb-c").Routes[:1]
		}), from: privENI, to: apiECR, status: Blocked, blocks: []string{"route rtb-c"}, fix: []string{"--transit-gateway-id tgw-1"}},
		{name: "VPC-UG route priority: a managed prefix list route to the peering connection", setup: mutate(central, func(f *fixture) {
			f.w.PrefixLists.Put("pl-hub", &world.PrefixList{PrefixListId: "pl-hub", PrefixListName: "hub", Cidrs: []string{"10.1.0.0/16"}, CidrsKnown: true})
			f.rt("rtb-priv").Routes[1] = world.Route{DestinationPrefixListId: "pl-hub", VpcPeeringConnectionId: "pcx-1", State: "active"}
		}), from: privENI, to: apiECR, status: Reachable, endpoint: centralEP},
		{name: "docs/model.md unknown: a managed prefix list route whose entries are not in the input", setup: mutate(central, func(f *fixture) {
			f.w.PrefixLists.Put("pl-hub", &world.PrefixList{PrefixListId: "pl-hub", PrefixListName: "hub"})
			f.rt("rtb-priv").Routes[1] = world.Route{DestinationPrefixListId: "pl-hub", VpcPeeringConnectionId: "pcx-1", State: "active"}
		}), from: privENI, to: apiECR, status: Unknown, missing: []string{"ec2:GetManagedPrefixListEntries (pl-hub"}},
		{name: "Route 53 DG private zones: a zone below the host's name does not cover it", setup: mutate(central, func(f *fixture) {
			zone(f).Name = "x.api.ecr." + testRegion + ".amazonaws.com"
		}), from: privENI, to: apiECR, status: Blocked, blocks: []string{"route rtb-priv"}},
		{name: "Route 53 DG private zones: a zone for another name does not cover the host", setup: mutate(central, func(f *fixture) {
			zone(f).Name = "logs." + testRegion + ".amazonaws.com"
		}), from: privENI, to: apiECR, status: Blocked, blocks: []string{"route rtb-priv"}},
		{name: "Route 53 DG private zones: a public zone never answers inside the VPC", setup: mutate(central, func(f *fixture) {
			zone(f).PrivateZone = false
		}), from: privENI, to: apiECR, status: Blocked, blocks: []string{"route rtb-priv"}},
		{name: "Route 53 DG record types: a name with only a TXT record has no address", setup: mutate(central, func(f *fixture) {
			zone(f).Records[0].Type, zone(f).Records[0].AliasTarget = "TXT", nil
			zone(f).Records = append(zone(f).Records, world.ResourceRecordSet{Name: "*." + testRegion + ".amazonaws.com", Type: "A", AliasTarget: &world.AliasTarget{DNSName: centralDNS}})
		}), from: privENI, to: apiECR, status: Blocked, blocks: []string{"dns " + zoneAPI}},
		{name: "docs/model.md unknown: DescribeVpcEndpoints missing beside a zone", setup: mutate(central, func(f *fixture) {
			f.w.VPCEndpoints.Known = false
		}), from: privENI, to: apiECR, status: Unknown, missing: []string{"ec2:DescribeVpcEndpoints (endpoints for ecr.api in vpc-1)"}},
		{name: "docs/model.md unknown: the task's VPC not in the input beside a zone", setup: mutate(central, func(f *fixture) {
			vpcs := world.NewSet[world.VPC]("test", false)
			vpcs.Put("vpc-2", f.w.VPCs.Get("vpc-2"))
			f.w.VPCs = vpcs
		}), from: privENI, to: apiECR, status: Unknown, missing: []string{"ec2:DescribeVpcs (vpc-1)", "whether private hosted zone " + zoneAPI + " answers"}},
		{name: "IAM-UG condition keys: aws:SourceVpc is the central endpoint's VPC", setup: central,
			from: privENI, to: apiECR, status: Reachable, endpoint: centralEP},
	}
}

func TestReachZones(t *testing.T) {
	for _, tc := range zoneCases() {
		t.Run(tc.name, func(t *testing.T) {
			r := Reach(tc.setup().w, tc.from, tc.to)
			checkResult(t, r, tc)
			if r.Status == Reachable && r.EndpointID == centralEP && r.SourceVpc != "vpc-2" {
				t.Errorf("SourceVpc = %q, want vpc-2 (the endpoint's VPC)", r.SourceVpc)
			}
		})
	}
}

func TestEndpointIDOfDNSName(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"PrivateLink guide regional DNS name", "vpce-1234567890abcdef0-12345678.ec2.us-east-1.vpce.amazonaws.com", "vpce-1234567890abcdef0"},
		{"PrivateLink guide zonal DNS name", "vpce-1234567890abcdef0-12345678-us-east-1a.ec2.us-east-1.vpce.amazonaws.com.", "vpce-1234567890abcdef0"},
		{"not an endpoint name", "api.ecr.us-east-1.amazonaws.com", ""},
		{"vpce label outside the vpce domain", "vpce-1.example.com", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := endpointIDOfDNSName(tc.in)
			if got != tc.want || ok != (tc.want != "") {
				t.Errorf("endpointIDOfDNSName(%q) = %q, %v; want %q", tc.in, got, ok, tc.want)
			}
		})
	}
}
