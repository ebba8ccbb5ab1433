package netpath

import (
	"fmt"
	"slices"

	"github.com/ecs-preflight/ecs-preflight/world"
)

// amazonDNS is the DHCP options value naming the Route 53 Resolver of the
// VPC (VPC-UG "DHCP option sets": domain-name-servers "AmazonProvidedDNS").
const amazonDNS = "AmazonProvidedDNS"

// dnsServers says which DNS servers the task's VPC hands out.
type dnsServers struct {
	// amazonOnly is true when the VPC's DHCP options name only the Amazon
	// DNS server (or the VPC has the default options).
	amazonOnly bool
	// custom lists the servers other than AmazonProvidedDNS.
	custom []string
	// optionsID is the DHCP options set, "" for the default.
	optionsID string
	// missing names the fact that would say which servers, when unknown.
	missing string
}

// servers reads the DNS servers of a VPC from its DHCP options. VPC-UG
// "DHCP option sets": the default set that comes with a VPC has
// domain-name-servers=AmazonProvidedDNS; a VPC whose DhcpOptionsId is
// "default" or that the input shows without one is taken as using it.
func (n *Network) servers(vpc *world.VPC) dnsServers {
	id := vpc.DhcpOptionsId
	if id == "" || id == "default" {
		return dnsServers{amazonOnly: true}
	}
	d, found, _ := n.w.DHCPOptions.Lookup(id)
	if !found {
		return dnsServers{optionsID: id, missing: "ec2:DescribeDhcpOptions (" + id + ", the DHCP options of " + vpc.VpcId + ")"}
	}
	s := dnsServers{optionsID: id}
	for _, v := range d.DomainNameServers {
		if v != amazonDNS {
			s.custom = append(s.custom, v)
		}
	}
	s.amazonOnly = len(s.custom) == 0
	return s
}

// checkResolver checks that the task can resolve host names at all, before
// any path is tried: every call of the start phase starts with a lookup.
//
// EC2 API Reference "ModifyVpcAttribute" (EnableDnsSupport): "If disabled,
// the Amazon provided DNS service in the VPC that resolves public DNS
// hostnames to IP addresses is not enabled"; VPC-UG "DNS attributes for
// your VPC" says the same of enableDnsSupport. With the default DHCP options
// (AmazonProvidedDNS only) no host name of the start phase resolves, so
// every call fails whatever the route. With custom DNS servers, what they
// answer is not in the input: unknown. The attribute missing from the input
// is unknown too: a VPC that exists may have been changed since it was
// created with the API default (true), and only DescribeVpcAttribute shows
// it. Sources that create the VPC fill the attribute with the default of
// the resource they read (CFN "AWS::EC2::VPC", Terraform aws_vpc).
func (n *Network) checkResolver(src *source, to Target, p *path) {
	if src.vpc == nil {
		if !n.assumeDNSSupport(src.vpcID, p) {
			p.miss("ec2:DescribeVpcs (" + src.vpcID + ") with DescribeVpcAttribute enableDnsSupport")
		}
		return
	}
	v := src.vpc.EnableDnsSupport
	switch {
	case v == nil:
		if !n.assumeDNSSupport(src.vpcID, p) {
			p.miss("ec2:DescribeVpcAttribute enableDnsSupport for " + src.vpcID)
		}
		return
	case *v:
		return
	}
	s := n.servers(src.vpc)
	if s.amazonOnly {
		p.block(dnsSupportBlock(src.vpcID, hostOr(to)))
		return
	}
	p.miss(s.customMissing(src.vpcID, hostOr(to)))
}

// customMissing names what custom DNS servers answer for host, when the
// Amazon DNS server of the VPC does not.
func (s dnsServers) customMissing(vpc, host string) string {
	if s.missing != "" {
		return s.missing + ": enableDnsSupport is false on " + vpc + ", so only DNS servers other than AmazonProvidedDNS could answer"
	}
	return fmt.Sprintf("what DNS servers %s (%s) answer for %s: enableDnsSupport is false on %s, so the Amazon DNS server does not answer, and the custom servers' answers are not in the input", joinIDs(s.custom), s.optionsID, host, vpc)
}

// dnsSupportBlock is the block of a VPC whose enableDnsSupport is false.
// The fix is the same command whichever path found it, so that
// path.block keeps one.
func dnsSupportBlock(vpc, host string) Block {
	return Block{
		Kind:     BlockDNS,
		Resource: vpc,
		Detail:   fmt.Sprintf("%s has enableDnsSupport false and uses AmazonProvidedDNS: the Amazon DNS server that resolves public host names is not enabled, so %s does not resolve (VPC-UG \"DNS attributes for your VPC\")", vpc, host),
		Fix:      dnsAttrFix(vpc, "enableDnsSupport"),
	}
}

func dnsAttrFix(vpc, attr string) string {
	flag := "--enable-dns-support"
	if attr == "enableDnsHostnames" {
		flag = "--enable-dns-hostnames"
	}
	return "set " + attr + " to true on " + vpc + ": aws ec2 modify-vpc-attribute --vpc-id " + vpc + " " + flag + " '{\"Value\":true}'"
}

// dhcpWarning warns when the VPC's DHCP options name DNS servers other than
// the Amazon-provided resolver. ECR-UG "VPC endpoints": endpoints support
// only Amazon-provided DNS through Route 53; own DNS needs conditional
// forwarding.
func (n *Network) dhcpWarning(src *source, p *path) {
	if src.vpc == nil {
		return
	}
	s := n.servers(src.vpc)
	if s.missing != "" || s.amazonOnly {
		return
	}
	d := n.w.DHCPOptions.Get(s.optionsID)
	if slices.Contains(d.DomainNameServers, amazonDNS) {
		return
	}
	p.warn("%s uses DNS servers %s (%s), not AmazonProvidedDNS: endpoint private DNS answers only through the Route 53 Resolver, so those servers must forward amazonaws.com to it (ECR-UG \"VPC endpoints\")", src.vpcID, joinIDs(d.DomainNameServers), d.DhcpOptionsId)
}
