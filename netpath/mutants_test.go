package netpath

import (
	"slices"
	"strings"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/world"
)

// Cases that pin decisions of zones.go and region.go down to the operator
// (each kills a mutant that a broader case leaves alive).
func pinnedCases() []reachCase {
	return []reachCase{
		// VPC-UG "Route priority": the most specific route wins, however
		// low a wider route's addresses start.
		{name: "VPC-UG route priority: a /16 peering route beats a covering 0.0.0.0/4 route", setup: mutate(central, func(f *fixture) {
			f.rt("rtb-priv").Routes = append(f.rt("rtb-priv").Routes, world.Route{DestinationCidrBlock: "0.0.0.0/4", TransitGatewayId: "tgw-9", State: "active"})
		}), from: privENI, to: apiECR, status: Reachable, endpoint: centralEP},
		// ECR-UG "Amazon ECR interface VPC endpoints (AWS PrivateLink)": no
		// cross-Region requests, so a zone that sends the host to another
		// region's endpoint does not serve it.
		{name: "ECR-UG interface endpoints: a zone sending the host to another region's endpoint", setup: mutate(central, func(f *fixture) {
			f.ep(centralEP).ServiceName = "com.amazonaws.us-west-2.ecr.api"
		}), from: privENI, to: apiECR, status: Blocked, blocks: []string{"dns " + zoneAPI}, detail: []string{"not for ecr.api in " + testRegion}},
		// PrivateLink guide "Private DNS": a template that leaves private
		// DNS out does not show who owns the name, so the VPC's own
		// endpoint keeps it and its unknown setting is named.
		{name: "PrivateLink private DNS: the VPC's own endpoint with private DNS not in the input", setup: mutate(central, func(f *fixture) {
			f.ifaceEP("vpce-ecr.api", "vpc-1", "com.amazonaws."+testRegion+".ecr.api", true, []string{"subnet-ep"}, "sg-ep").PrivateDnsEnabled = nil
		}), from: privENI, to: apiECR, status: Unknown, missing: []string{"PrivateDnsEnabled for vpce-ecr.api"}},
		// A host of unknown region and an endpoint of a known region whose
		// private DNS is off beside one whose region is unresolved: in that
		// region the unresolved one serves (pickInterface prefers private
		// DNS), so that world reaches the host.
		{name: "ECR-UG interface endpoints: unresolved and known endpoint regions in one world", setup: mutate(endpoints, noRegion, func(f *fixture) {
			f.ep("vpce-logs").PrivateDnsEnabled = bp(false)
			f.ifaceEP("vpce-logs-u", "vpc-1", "com.amazonaws."+world.Unresolved("AWS::Region")+".logs", true, []string{"subnet-ep"}, "sg-ep")
		}), from: privENI, to: logsNoRegion, status: Unknown, warning: []string{"is in " + testRegion + ": reachable"}},
	}
}

func TestPinnedDecisions(t *testing.T) {
	for _, tc := range pinnedCases() {
		t.Run(tc.name, func(t *testing.T) {
			checkResult(t, Reach(tc.setup().w, tc.from, tc.to), tc)
		})
	}
}

// VPC peering guide "Update your route tables for a VPC peering
// connection": routes a snapshot shows as active rest on nothing assumed.
func TestActivePeeringAssumesNothing(t *testing.T) {
	r := Reach(central().w, privENI, apiECR)
	if r.Status != Reachable || len(r.Assumptions) != 0 {
		t.Errorf("status %s, assumptions %q; want reachable with none", r.Status, r.Assumptions)
	}
}

// Only regions the input names get a world of their own: without an
// endpoint of unresolved region there is no "region of" world.
func TestNoUnresolvedWorldWithoutUnresolvedEndpoints(t *testing.T) {
	f := mutate(endpoints, noRegion)()
	r := Reach(f.w, privENI, logsNoRegion)
	if r.Status != Unknown {
		t.Fatalf("status %s, want unknown", r.Status)
	}
	if i := slices.IndexFunc(r.Warnings, func(w string) bool { return strings.Contains(w, "in the region of") }); i >= 0 {
		t.Errorf("warning %q names a world of unresolved endpoints, and there are none", r.Warnings[i])
	}
}
