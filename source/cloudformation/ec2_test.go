package cloudformation

import (
	"slices"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/world"
)

// TestVPCDNSAttributes: CFN reference AWS::EC2::VPC, EnableDnsSupport
// "Enabled by default" and EnableDnsHostnames "Disabled by default for
// nondefault VPCs"; a value the template does not resolve is nil
// (unknown), never the default.
func TestVPCDNSAttributes(t *testing.T) {
	bp := func(b bool) *bool { return &b }
	cases := []struct {
		name            string
		props           string
		support, hostnm *bool
	}{
		{"defaults", "{CidrBlock: 10.0.0.0/16}", bp(true), bp(false)},
		{"EnableDnsSupport false", "{CidrBlock: 10.0.0.0/16, EnableDnsSupport: false, EnableDnsHostnames: true}", bp(false), bp(true)},
		{"EnableDnsSupport from a parameter without a value is unknown", "{CidrBlock: 10.0.0.0/16, EnableDnsSupport: !Ref Dns}", nil, bp(false)},
		{"EnableDnsSupport from an import is unknown", "{CidrBlock: 10.0.0.0/16, EnableDnsHostnames: !ImportValue dns}", bp(true), nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := mustRead(t, "Parameters:\n  Dns: {Type: String}\nResources:\n  Vpc: {Type: AWS::EC2::VPC, Properties: "+tc.props+"}\n", docEnv...)
			v := w.VPCs.Get("vpc-Vpc")
			if !equalBool(v.EnableDnsSupport, tc.support) || !equalBool(v.EnableDnsHostnames, tc.hostnm) {
				t.Fatalf("support %v hostnames %v, want %v %v", show(v.EnableDnsSupport), show(v.EnableDnsHostnames), show(tc.support), show(tc.hostnm))
			}
		})
	}
}

func equalBool(a, b *bool) bool { return a == nil && b == nil || a != nil && b != nil && *a == *b }

func show(b *bool) string {
	if b == nil {
		return "nil"
	}
	if *b {
		return "true"
	}
	return "false"
}

// TestDHCPOptions: CFN reference AWS::EC2::DHCPOptions (DomainNameServers
// "The default is AmazonProvidedDNS") and
// AWS::EC2::VPCDHCPOptionsAssociation.
func TestDHCPOptions(t *testing.T) {
	cases := []struct {
		name    string
		opts    string
		servers []string
	}{
		{"custom DNS servers", "{DomainNameServers: [10.0.0.2, 10.0.0.3]}", []string{"10.0.0.2", "10.0.0.3"}},
		{"without DomainNameServers the Amazon DNS server", "{NtpServers: [169.254.169.123]}", []string{"AmazonProvidedDNS"}},
		{"an imported list stays a stand-in", "{DomainNameServers: !Split [',', !ImportValue dns]}", []string{world.Unresolved(`Fn::ImportValue "dns"`)}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := mustRead(t, "Resources:\n  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}\n  Opts: {Type: AWS::EC2::DHCPOptions, Properties: "+tc.opts+"}\n  Assoc: {Type: AWS::EC2::VPCDHCPOptionsAssociation, Properties: {VpcId: !Ref Vpc, DhcpOptionsId: !Ref Opts}}\n", docEnv...)
			if id := w.VPCs.Get("vpc-Vpc").DhcpOptionsId; id != "dopt-Opts" {
				t.Fatalf("VPC DhcpOptionsId %q, want dopt-Opts", id)
			}
			d, found, _ := w.DHCPOptions.Lookup("dopt-Opts")
			if !found || !slices.Equal(d.DomainNameServers, tc.servers) {
				t.Fatalf("DHCP options %+v, want servers %q", d, tc.servers)
			}
		})
	}
}
