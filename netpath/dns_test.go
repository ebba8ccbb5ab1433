package netpath

import (
	"testing"

	"github.com/ecs-preflight/ecs-preflight/world"
)

// dnsOff turns enableDnsSupport off on vpc-1.
func dnsOff(f *fixture) { f.w.VPCs.Get("vpc-1").EnableDnsSupport = bp(false) }

// dhcp gives vpc-1 a DHCP options set with the given DNS servers.
func dhcp(servers ...string) func(f *fixture) {
	return func(f *fixture) {
		f.w.VPCs.Get("vpc-1").DhcpOptionsId = "dopt-1"
		f.w.DHCPOptions.Put("dopt-1", &world.DHCPOptions{DhcpOptionsId: "dopt-1", DomainNameServers: servers})
	}
}

func dnsCases() []reachCase {
	return []reachCase{
		// VPC-UG "DNS attributes for your VPC" and EC2 API Reference
		// "ModifyVpcAttribute": with enableDnsSupport false the Amazon DNS
		// server that resolves public host names is not enabled; VPC-UG
		// "DHCP option sets": the default options use AmazonProvidedDNS.
		// Every path fails, not only the endpoint path.
		{name: "VPC-UG DNS attributes: enableDnsSupport false blocks the NAT path", setup: mutate(standard, dnsOff),
			from: privENI, to: apiECR, status: Blocked, via: ViaNAT, blocks: []string{"dns vpc-1"},
			fix: []string{"set enableDnsSupport to true on vpc-1", "--enable-dns-support"}, detail: []string{"enableDnsSupport false", "api.ecr." + testRegion}},
		{name: "VPC-UG DNS attributes: enableDnsSupport false blocks the internet gateway path", setup: mutate(standard, dnsOff),
			from: pubENI, to: logsT, status: Blocked, via: ViaIGW, blocks: []string{"dns vpc-1"}},
		{name: "VPC-UG DNS attributes: enableDnsSupport false blocks Docker Hub", setup: mutate(standard, dnsOff),
			from: privENI, to: dockerT, status: Blocked, via: ViaNAT, blocks: []string{"dns vpc-1"}, detail: []string{"registry-1.docker.io"}},
		{name: "VPC-UG DNS attributes: enableDnsSupport false blocks the S3 gateway path", setup: mutate(endpoints, dnsOff),
			from: privENI, to: layers, status: Blocked, via: ViaVPCE, blocks: []string{"dns vpc-1"}},
		{name: "VPC-UG DNS attributes: enableDnsSupport false with endpoints names the VPC once", setup: mutate(endpoints, dnsOff),
			from: privENI, to: logsT, status: Blocked, blocks: []string{"dns vpc-1"}},
		{name: "VPC-UG DNS attributes: enableDnsSupport false and the default DHCP options id", setup: mutate(standard, dnsOff, func(f *fixture) {
			f.w.VPCs.Get("vpc-1").DhcpOptionsId = "default"
		}), from: privENI, to: smT, status: Blocked, blocks: []string{"dns vpc-1"}},
		{name: "VPC-UG DHCP option sets: enableDnsSupport false with AmazonProvidedDNS only", setup: mutate(standard, dnsOff, dhcp("AmazonProvidedDNS")),
			from: privENI, to: ssmT, status: Blocked, blocks: []string{"dns vpc-1"}},
		{name: "VPC-UG DHCP option sets: enableDnsSupport false with custom DNS servers is unknown", setup: mutate(standard, dnsOff, dhcp("10.0.0.53")),
			from: privENI, to: apiECR, status: Unknown, missing: []string{"what DNS servers 10.0.0.53 (dopt-1) answer for api.ecr."}},
		{name: "VPC-UG DHCP option sets: enableDnsSupport false with custom DNS servers and endpoints is unknown, not blocked", setup: mutate(endpoints, dnsOff, dhcp("10.0.0.53")),
			from: privENI, to: apiECR, status: Unknown, missing: []string{"what DNS servers 10.0.0.53 (dopt-1) answer for api.ecr."}},
		{name: "VPC-UG DHCP option sets: enableDnsSupport false with custom and Amazon servers is unknown", setup: mutate(standard, dnsOff, dhcp("AmazonProvidedDNS", "10.0.0.53")),
			from: privENI, to: apiECR, status: Unknown, missing: []string{"what DNS servers 10.0.0.53"}},
		{name: "VPC-UG DHCP option sets: enableDnsSupport false with DHCP options not in the input is unknown", setup: mutate(standard, dnsOff, func(f *fixture) {
			f.w.VPCs.Get("vpc-1").DhcpOptionsId = "dopt-9"
		}), from: privENI, to: apiECR, status: Unknown, missing: []string{"ec2:DescribeDhcpOptions (dopt-9"}},
		{name: "docs/model.md a definite block decides: custom DNS unknown but no route", setup: mutate(standard, dnsOff, dhcp("10.0.0.53"), func(f *fixture) {
			f.rt("rtb-priv").Routes = f.rt("rtb-priv").Routes[:1]
		}), from: privENI, to: apiECR, status: Blocked, blocks: []string{"route rtb-priv"}, missing: []string{"what DNS servers 10.0.0.53"}},
		{name: "ECR-UG VPC endpoints: custom servers beside AmazonProvidedDNS do not warn", setup: mutate(endpoints, dhcp("AmazonProvidedDNS", "10.0.0.53")),
			from: privENI, to: apiECR, status: Reachable, via: ViaVPCE},
		{name: "ECR-UG VPC endpoints: DHCP options not in the input do not warn", setup: mutate(endpoints, func(f *fixture) {
			f.w.VPCs.Get("vpc-1").DhcpOptionsId = "dopt-9"
		}), from: privENI, to: apiECR, status: Reachable, via: ViaVPCE},
		{name: "VPC-UG DNS attributes: enableDnsSupport true with custom servers keeps the NAT path", setup: mutate(standard, dhcp("10.0.0.53")),
			from: privENI, to: apiECR, status: Reachable, via: ViaNAT},
		// Only DescribeVpcAttribute shows the attribute of a VPC that exists.
		{name: "docs/model.md unknown: enableDnsSupport not in the input", setup: mutate(standard, func(f *fixture) {
			f.w.VPCs.Get("vpc-1").EnableDnsSupport = nil
		}), from: privENI, to: apiECR, status: Unknown, missing: []string{"ec2:DescribeVpcAttribute enableDnsSupport for vpc-1"}},
		{name: "docs/model.md unknown: the task's VPC not in the input", setup: mutate(standard, func(f *fixture) {
			f.w.VPCs = world.NewSet[world.VPC]("test", false)
		}), from: privENI, to: dockerT, status: Unknown, missing: []string{"ec2:DescribeVpcs (vpc-1) with DescribeVpcAttribute enableDnsSupport"}},
		{name: "docs/model.md a definite block decides: enableDnsSupport unknown but no route", setup: mutate(standard, func(f *fixture) {
			f.w.VPCs.Get("vpc-1").EnableDnsSupport = nil
			f.rt("rtb-priv").Routes = f.rt("rtb-priv").Routes[:1]
		}), from: privENI, to: dockerT, status: Blocked, blocks: []string{"route rtb-priv"}},
	}
}

func TestReachDNS(t *testing.T) {
	for _, tc := range dnsCases() {
		t.Run(tc.name, func(t *testing.T) {
			checkResult(t, Reach(tc.setup().w, tc.from, tc.to), tc)
		})
	}
}
