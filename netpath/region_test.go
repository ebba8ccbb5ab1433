package netpath

import (
	"strings"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/world"
)

// noRegion makes the world's region unknown, as a template that pins none
// leaves it (world/unresolved.go).
func noRegion(f *fixture) {
	f.w.Region = ""
	f.w.RegionFrom = "no region: the template pins none"
}

var (
	logsNoRegion = ServiceTarget("logs", "", "aws")
	apiNoRegion  = ServiceTarget("ecr.api", "", "aws")
)

// unresolvedEndpoint names the logs endpoint's service with an unresolved
// region, as ${AWS::Region} renders when the region is not known.
func unresolvedEndpoint(f *fixture) {
	f.ep("vpce-logs").ServiceName = "com.amazonaws." + world.Unresolved("AWS::Region") + ".logs"
}

func regionCases() []reachCase {
	return []reachCase{
		// ECR-UG "Amazon ECR interface VPC endpoints (AWS PrivateLink)": VPC
		// endpoints don't support cross-Region requests, so whether an
		// endpoint serves a host depends on the host's region; an unknown
		// region is evaluated both ways, never taken as a mismatch.
		{name: "ECR-UG interface endpoints: unknown region, endpoints only, is unknown", setup: mutate(endpoints, noRegion),
			from: privENI, to: logsNoRegion, status: Unknown, missing: []string{"region of logs.<unresolved region>.amazonaws.com (no region: the template pins none)"},
			warning: []string{"if logs.<unresolved region>.amazonaws.com is in " + testRegion + ": reachable", "if no endpoint of vpc-1 serves"}},
		{name: "ECR-UG interface endpoints: unknown region, endpoints and a NAT gateway both reach", setup: mutate(endpoints, noRegion, func(f *fixture) {
			f.rt("rtb-priv").Routes = append(f.rt("rtb-priv").Routes, defRoute("nat-1"))
		}), from: privENI, to: apiNoRegion, status: Reachable, via: ViaVPCE, endpoint: "vpce-ecr.api", warning: []string{"reaches api.ecr.<unresolved region>.amazonaws.com in every case"}},
		{name: "ECR-UG interface endpoints: unknown region, every candidate blocked", setup: mutate(endpoints, noRegion, func(f *fixture) {
			f.sgp("sg-ep").IpPermissions = nil
		}), from: privENI, to: logsNoRegion, status: Blocked, blocks: []string{"security-group sg-ep"}, missing: []string{"region of logs."}},
		{name: "ECR-UG interface endpoints: unknown region without endpoints takes the internet path", setup: mutate(standard, noRegion),
			from: privENI, to: logsNoRegion, status: Reachable, via: ViaNAT},
		{name: "ECR-UG interface endpoints: an endpoint whose region is unresolved may serve the host", setup: mutate(endpoints, unresolvedEndpoint),
			from: privENI, to: logsT, status: Unknown, missing: []string{"region of logs." + testRegion}, warning: []string{"if vpce-logs serve " + testRegion + ": reachable"}},
		{name: "ECR-UG interface endpoints: an endpoint whose region is unresolved beside a NAT gateway", setup: mutate(endpoints, unresolvedEndpoint, func(f *fixture) {
			f.rt("rtb-priv").Routes = append(f.rt("rtb-priv").Routes, defRoute("nat-1"))
		}), from: privENI, to: logsT, status: Reachable, endpoint: "vpce-logs"},
		{name: "ECR-UG interface endpoints: unresolved endpoint region and unknown host region", setup: mutate(endpoints, noRegion, unresolvedEndpoint),
			from: privENI, to: logsNoRegion, status: Unknown, missing: []string{"region of logs."}, warning: []string{"in the region of vpce-logs: reachable"}},
		{name: "ECR-UG interface endpoints: endpoint of another known region with the host's region known stays blocked", setup: mutate(endpoints, func(f *fixture) {
			f.ep("vpce-logs").ServiceName = "com.amazonaws.us-west-2.logs"
		}), from: privENI, to: logsT, status: Blocked, blocks: []string{"region vpce-logs", "route rtb-priv"}},
		// VPC-UG "Gateway endpoints": the S3 prefix list of a region is
		// routed to the gateway endpoint; with the endpoint not described
		// and the bucket's region unknown, the list's region is a candidate.
		{name: "VPC-UG gateway endpoints: unknown bucket region with a prefix-list route to an undescribed endpoint", setup: mutate(endpoints, noRegion, func(f *fixture) {
			f.w.VPCEndpoints = rebuildWithout(f.w.VPCEndpoints, "vpce-s3")
			f.w.VPCEndpoints.Complete = false
		}), from: privENI, to: BucketTarget("envs", "", "aws"), status: Unknown, missing: []string{"s3:GetBucketLocation"}, warning: []string{"is in " + testRegion + ": reachable"}},
		{name: "ECR-UG VPC endpoints: layer bucket of an unknown region", setup: mutate(endpoints, noRegion),
			from: privENI, to: LayerBucketTarget("", "aws"), status: Unknown, missing: []string{"region of prod-<unresolved region>-starport-layer-bucket"}},
		{name: "Route 53 DG private zones: a zone for a region's service name may answer a host of unknown region", setup: mutate(central, noRegion),
			from: privENI, to: apiNoRegion, status: Unknown, missing: []string{"private hosted zone " + zoneAPI + " (api.ecr." + testRegion + ".amazonaws.com) of vpc-1 may answer"}},
		{name: "docs/model.md fixes: no route with an unknown region proposes the endpoint, not a region change", setup: mutate(standard, noRegion, func(f *fixture) {
			f.rt("rtb-priv").Routes = f.rt("rtb-priv").Routes[:1]
		}), from: privENI, to: logsNoRegion, status: Blocked, blocks: []string{"route rtb-priv"}, fix: []string{"--service-name com.amazonaws.REGION.logs"}},
	}
}

func TestReachRegion(t *testing.T) {
	for _, tc := range regionCases() {
		t.Run(tc.name, func(t *testing.T) {
			checkResult(t, Reach(tc.setup().w, tc.from, tc.to), tc)
		})
	}
}

func TestUnknownRegionNames(t *testing.T) {
	for _, tc := range []struct{ name, got, want string }{
		{"ServiceTarget host holds the stand-in", ServiceTarget("secretsmanager", "", "aws").Host, "secretsmanager.<unresolved region>.amazonaws.com"},
		{"ServiceTarget region stays empty", ServiceTarget("ssm", "", "aws").Region, ""},
		{"ServiceTarget ecr.api", apiNoRegion.Host, "api.ecr.<unresolved region>.amazonaws.com"},
		{"ServiceTarget with a region is unchanged", ServiceTarget("logs", "eu-west-1", "aws").Host, "logs.eu-west-1.amazonaws.com"},
		{"ECRAPITarget FIPS host holds the stand-in", ECRAPITarget("", "aws", true, false).Host, "ecr-fips.<unresolved region>.amazonaws.com"},
		{"ECRAPITarget dual-stack host holds the stand-in", ECRAPITarget("", "aws", false, true).Host, "ecr.<unresolved region>.api.aws"},
		{"EndpointServiceName placeholder", EndpointServiceName("logs", "", "aws"), "com.amazonaws.REGION.logs"},
		{"unresolved endpoint service name", serviceOfUnresolvedName("com.amazonaws.<unresolved AWS::Region>.ecr.api"), "ecr.api"},
		{"empty region endpoint service name", serviceOfUnresolvedName("com.amazonaws..logs"), "logs"},
		{"China prefix with unresolved region", serviceOfUnresolvedName("cn.com.amazonaws.<unresolved AWS::Region>.ecr.dkr"), "ecr.dkr"},
		{"unresolved service part is not a service", serviceOfUnresolvedName("com.amazonaws.<unresolved AWS::Region>.<unresolved Ref Svc>"), ""},
		{"partner service name", serviceOfUnresolvedName("com.amazonaws.vpce.us-east-1.vpce-svc-123"), ""},
		{"not an AWS name", serviceOfUnresolvedName("aws.sagemaker.us-east-1.notebook"), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.got != tc.want {
				t.Errorf("got %q, want %q", tc.got, tc.want)
			}
		})
	}
	if !strings.Contains(LayerBucketTarget("", "aws").Host, unknownRegion) {
		t.Errorf("LayerBucketTarget without a region: %q", LayerBucketTarget("", "aws").Host)
	}
}
