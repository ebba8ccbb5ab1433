package netpath

import (
	"strings"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/world"
)

const testLabel = "--assume defaults"

// defaultsCase is a reach case answered with AssumeDefaults (the embedded
// reachCase's want) and without it (without, the status before the option
// existed).
type defaultsCase struct {
	reachCase
	without Status
	// standIn is true where a default must not be taken: no assumption may
	// name the option.
	standIn bool
}

// Network ACL facts a template or plan cannot show for a VPC it does not
// create.
func naclsIncomplete(f *fixture) { f.w.NetworkACLs = world.NewSet[world.NetworkACL]("template", false) }
func naclsUnknown(f *fixture)    { f.w.NetworkACLs = world.Set[world.NetworkACL]{} }

// Endpoint facts the same: not listed at all, or listed without the ones
// made by hand.
func endpointsUnknown(f *fixture) { f.w.VPCEndpoints = world.Set[world.VPCEndpoint]{} }
func endpointsIncomplete(f *fixture) {
	old := f.w.VPCEndpoints.All()
	f.w.VPCEndpoints = world.NewSet[world.VPCEndpoint]("template", false)
	for _, ep := range old {
		f.w.VPCEndpoints.Put(ep.VpcEndpointId, ep)
	}
}

// standInVPC moves vpc-1's subnets, route tables and gateways into a VPC
// known only after deploy.
func standInVPC(f *fixture) {
	vpc := world.Unresolved(`Fn::ImportValue "net-VpcId"`)
	for _, s := range f.w.Subnets.All() {
		s.VpcId = vpc
	}
	for _, rt := range f.w.RouteTables.All() {
		rt.VpcId = vpc
	}
	for _, g := range f.w.InternetGateways.All() {
		for i := range g.Attachments {
			g.Attachments[i].VpcId = vpc
		}
	}
	for _, n := range f.w.NATGateways.All() {
		n.VpcId = vpc
	}
}

func defaultsCases() []defaultsCase {
	denyHTTPSOut := []world.NetworkACLEntry{
		entry(90, true, "6", "deny", "0.0.0.0/0", 443, 443),
		entry(100, true, "-1", "allow", "0.0.0.0/0", 0, 0),
		entry(100, false, "-1", "allow", "0.0.0.0/0", 0, 0),
	}
	return []defaultsCase{
		// EC2 API Reference "ReplaceNetworkAclAssociation": a new subnet is
		// associated with the default network ACL; VPC-UG "Default network
		// ACL": it allows all traffic.
		{reachCase: reachCase{name: "VPC-UG default network ACL not in the input allows all", setup: mutate(standard, naclsIncomplete),
			from: pubENI, to: apiECR, status: Reachable, via: ViaIGW, assume: []string{"subnet-pub uses the default network ACL of vpc-1, which allows all traffic (--assume defaults"}},
			without: Unknown},
		{reachCase: reachCase{name: "VPC-UG default network ACL when the input has no network ACLs at all", setup: mutate(standard, naclsUnknown),
			from: privENI, to: apiECR, status: Reachable, via: ViaNAT, assume: []string{"subnet-priv uses the default network ACL of vpc-1", "subnet-pub uses the default network ACL of vpc-1"}},
			without: Unknown},
		// The default association, with the default network ACL the input
		// shows: its rules decide, a deny included.
		{reachCase: reachCase{name: "EC2 API ReplaceNetworkAclAssociation unassociated subnet uses the VPC's default network ACL shown, which denies", setup: mutate(standard, naclsIncomplete, func(f *fixture) {
			f.acl("acl-default", "vpc-1", true, denyHTTPSOut)
		}), from: pubENI, to: apiECR, status: Blocked, via: ViaIGW, blocks: []string{"nacl acl-default"}, assume: []string{"subnet-pub uses acl-default, the default network ACL of vpc-1"}},
			without: Unknown},
		// An association the input states is never replaced by the default.
		{reachCase: reachCase{name: "VPC-UG network ACLs stated association decides over the default", setup: mutate(standard, naclsIncomplete, func(f *fixture) {
			f.acl("acl-pub", "vpc-1", false, denyHTTPSOut, "subnet-pub")
		}), from: pubENI, to: apiECR, status: Blocked, via: ViaIGW, blocks: []string{"nacl acl-pub"}},
			without: Blocked},
		// A complete listing already decides: a VPC it lacks the default
		// network ACL of is not the VPC the input says.
		{reachCase: reachCase{name: "complete DescribeNetworkAcls listing without the VPC's default network ACL stays unknown", setup: mutate(standard, func(f *fixture) {
			f.w.NetworkACLs = world.NewSet[world.NetworkACL]("ec2:DescribeNetworkAcls", true)
		}), from: pubENI, to: apiECR, status: Unknown, missing: []string{"default network ACL of vpc-1"}},
			without: Unknown},

		// PrivateLink guide "Access an AWS service using an interface VPC
		// endpoint": an endpoint exists once created; none beyond the input.
		{reachCase: reachCase{name: "PrivateLink guide no endpoint listing takes the NAT path", setup: mutate(standard, endpointsUnknown),
			from: privENI, to: apiECR, status: Reachable, via: ViaNAT, assume: []string{"no VPC endpoint for ecr.api in vpc-1 beyond those in the input (--assume defaults"}},
			without: Unknown},
		{reachCase: reachCase{name: "PrivateLink guide incomplete endpoint listing of an existing VPC takes the NAT path", setup: mutate(standard, endpointsIncomplete),
			from: privENI, to: smT, status: Reachable, via: ViaNAT, assume: []string{"no VPC endpoint for secretsmanager in vpc-1 beyond those in the input"}},
			without: Unknown},
		// No endpoint and no NAT: the missing route is a block, which the
		// default now rests on (without it the block decides beside the
		// missing listing already).
		{reachCase: reachCase{name: "PrivateLink guide no endpoint beyond the input and no NAT route is blocked", setup: mutate(standard, endpointsIncomplete, func(f *fixture) {
			f.rt("rtb-priv").Routes = f.rt("rtb-priv").Routes[:1]
		}), from: privENI, to: logsT, status: Blocked, via: ViaNone, blocks: []string{"route rtb-priv"}, assume: []string{"no VPC endpoint for logs in vpc-1"}},
			// Without the default an endpoint the input does not list
			// could carry the call: the blocked route decides nothing.
			without: Unknown},
		// The input's own endpoints are used as they are.
		{reachCase: reachCase{name: "VPC-UG gateway endpoints endpoints in an incomplete listing are used without a default", setup: mutate(endpoints, endpointsIncomplete),
			from: privENI, to: apiECR, status: Reachable, via: ViaVPCE, endpoint: "vpce-ecr.api"},
			without: Reachable},
		// A bucket whose region is not known: without endpoints in the VPC
		// no endpoint can serve it, whatever its region.
		{reachCase: reachCase{name: "PrivateLink guide bucket of unknown region with no endpoint beyond the input takes the NAT path", setup: mutate(standard, endpointsUnknown),
			from: privENI, to: BucketTarget("env-files", "", "aws"), status: Reachable, via: ViaNAT, assume: []string{"no VPC endpoint for s3 in vpc-1"}},
			without: Unknown},

		// VPC-UG "DNS attributes for your VPC": enableDnsSupport is true
		// unless turned off.
		{reachCase: reachCase{name: "VPC-UG enableDnsSupport not in the input is the default, true", setup: mutate(standard, func(f *fixture) { f.w.VPCs.Get("vpc-1").EnableDnsSupport = nil }),
			from: pubENI, to: apiECR, status: Reachable, via: ViaIGW, assume: []string{"vpc-1 has enableDnsSupport true (--assume defaults"}},
			without: Unknown},
		{reachCase: reachCase{name: "VPC-UG enableDnsSupport false in the input is not replaced by the default", setup: mutate(standard, dnsOff),
			from: pubENI, to: apiECR, status: Blocked, via: ViaIGW, blocks: []string{"dns vpc-1"}},
			without: Blocked},

		// Values known only after deploy stay unknown.
		{reachCase: reachCase{name: "stand-in VPC keeps the network ACL unknown", setup: mutate(standard, naclsIncomplete, standInVPC),
			from: pubENI, to: apiECR, status: Unknown, missing: []string{"ec2:DescribeNetworkAcls"}},
			without: Unknown, standIn: true},
		{reachCase: reachCase{name: "stand-in VPC keeps the endpoints unknown", setup: mutate(standard, endpointsUnknown, standInVPC),
			from: privENI, to: apiECR, status: Unknown, missing: []string{"ec2:DescribeVpcEndpoints"}},
			without: Unknown, standIn: true},
	}
}

func TestAssumeDefaults(t *testing.T) {
	for _, tc := range defaultsCases() {
		t.Run(tc.name, func(t *testing.T) {
			w := tc.setup().w
			if got := Compile(w).Reach(tc.from, tc.to); got.Status != tc.without {
				t.Errorf("without AssumeDefaults: status %s, want %s (missing %q)", got.Status, tc.without, got.Missing)
			} else if hasLabel(got.Assumptions) {
				t.Errorf("without AssumeDefaults an assumption names the option: %q", got.Assumptions)
			}
			r := Compile(w, AssumeDefaults(testLabel)).Reach(tc.from, tc.to)
			checkResult(t, r, tc.reachCase)
			if (tc.standIn || len(tc.assume) == 0) && hasLabel(r.Assumptions) {
				t.Errorf("a default was taken where none applies: %q", r.Assumptions)
			}
		})
	}
}

func hasLabel(as []string) bool {
	for _, a := range as {
		if strings.Contains(a, testLabel) {
			return true
		}
	}
	return false
}
