package tfplan

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/world"
)

// loadPlan reads one of the real plans under testdata/real (made with
// terraform plan; see testdata/real/README.md).
func loadPlan(t *testing.T, name string, opts ...Option) *world.World {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "real", name, "plan.json"))
	if err != nil {
		t.Fatal(err)
	}
	w, err := Read(name+".json", b, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func ptrText(b *bool) string {
	if b == nil {
		return "nil"
	}
	if *b {
		return "true"
	}
	return "false"
}

// TestVPCDNSAttributes reads enable_dns_support and enable_dns_hostnames
// (AWS provider docs "aws_vpc": enable_dns_support "Defaults true",
// enable_dns_hostnames "Defaults false"; VPC-UG "DNS attributes for your
// VPC": without enableDnsSupport the Amazon DNS server does not resolve).
// A value known only after apply is nil, never the default.
func TestVPCDNSAttributes(t *testing.T) {
	off := loadPlan(t, "dns-off").VPCs.Get("aws_vpc.main")
	on := loadPlan(t, "central-endpoints").VPCs.Get("aws_vpc.task")
	custom := loadPlan(t, "dns-off-custom-dns")
	cv := custom.VPCs.Get("aws_vpc.main")
	cfg := `{"root_module":{"resources":[
	 {"address":"aws_vpc.late","mode":"managed","type":"aws_vpc","name":"late","expressions":{"enable_dns_support":{"references":["aws_ssm_parameter.flag.insecure_value","aws_ssm_parameter.flag"]}}}
	]}}`
	w := read(t, plan(t, []rc{
		{addr: "aws_vpc.plain", after: map[string]any{"cidr_block": "10.0.0.0/16"}, unknown: []string{"id", "enable_dns_support", "enable_dns_hostnames"}},
		{addr: "aws_vpc.late", after: map[string]any{"cidr_block": "10.1.0.0/16", "enable_dns_hostnames": true}, unknown: []string{"id", "enable_dns_support"}},
		{addr: "aws_vpc.old", after: map[string]any{"id": "vpc-0old", "cidr_block": "10.2.0.0/16", "enable_dns_support": false, "enable_dns_hostnames": false},
			before: map[string]any{"id": "vpc-0old", "enable_dns_support": true}, actions: []string{"update"}},
	}, append([]rc{{addr: "data.aws_vpc.shared", after: map[string]any{"id": "vpc-0shared", "cidr_block": "10.3.0.0/16", "enable_dns_support": false, "enable_dns_hostnames": true}}}, placed...), cfg, nil))
	check(t, cases{
		{"real plan: enable_dns_support = false reaches the VPC", ptrText(off.EnableDnsSupport), "false"},
		{"real plan: enable_dns_hostnames = false", ptrText(off.EnableDnsHostnames), "false"},
		{"real plan: enable_dns_support = true", ptrText(on.EnableDnsSupport), "true"},
		{"real plan: enable_dns_hostnames = true", ptrText(on.EnableDnsHostnames), "true"},
		{"real plan with custom DNS servers: DNS support off", ptrText(cv.EnableDnsSupport), "false"},
		{"and the VPC's DHCP options are the associated set", cv.DhcpOptionsId, "aws_vpc_dhcp_options.corp"},
		{"whose servers are the custom ones", custom.DHCPOptions.Get(cv.DhcpOptionsId).DomainNameServers, []string{"10.20.0.53", "10.20.1.53"}},
		{"not configured: the provider default true", ptrText(w.VPCs.Get("aws_vpc.plain").EnableDnsSupport), "true"},
		{"not configured: hostnames default false", ptrText(w.VPCs.Get("aws_vpc.plain").EnableDnsHostnames), "false"},
		{"configured and known only after apply: nil", ptrText(w.VPCs.Get("aws_vpc.late").EnableDnsSupport), "nil"},
		{"an update that turns DNS support off", ptrText(w.VPCs.Get("vpc-0old").EnableDnsSupport), "false"},
		{"data.aws_vpc exports enable_dns_support", ptrText(w.VPCs.Get("vpc-0shared").EnableDnsSupport), "false"},
	})
}
