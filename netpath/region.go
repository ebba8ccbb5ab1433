package netpath

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/ecs-preflight/ecs-preflight/world"
)

// The region a host is in can be unknown: a template or plan that pins no
// region leaves World.Region "" (world/unresolved.go), and an endpoint's
// service name may be built from it (com.amazonaws.${AWS::Region}.ecr.api).
// Endpoints, service names and the S3 prefix lists are regional (ECR-UG
// "Amazon ECR interface VPC endpoints (AWS PrivateLink)": no cross-Region
// requests), so which endpoint serves a host depends on the region. An
// unknown region is never taken as a mismatch: each region the input allows
// is evaluated, and an answer they all agree on stands; otherwise the
// answer is unknown with the region missing.

// unknownRegion stands in for the region in names built from it.
var unknownRegion = world.Unresolved("region")

// serviceOfUnresolvedName reads the service of an AWS endpoint service name
// whose region part is unresolved or empty: "com.amazonaws.<unresolved
// AWS::Region>.ecr.api" or "com.amazonaws..logs" → "ecr.api", "logs". It
// returns "" for other names.
func serviceOfUnresolvedName(name string) string {
	rest, found := strings.CutPrefix(name, "com.amazonaws.")
	if !found {
		rest, found = strings.CutPrefix(name, "cn.com.amazonaws.")
	}
	if !found {
		return ""
	}
	if svc, ok := strings.CutPrefix(rest, "."); ok {
		return svc
	}
	if !strings.HasPrefix(rest, "<unresolved ") {
		return ""
	}
	_, after, ok := strings.Cut(rest, ">.")
	if !ok || strings.Contains(after, "<unresolved ") {
		return ""
	}
	return after
}

// regionUnknown reports whether the region of the host or of one of the
// service's endpoints in the VPC is unknown, so that whether an endpoint
// serves the host is not known.
func regionUnknown(to Target, eps []*endpoint) bool {
	if len(eps) == 0 {
		return false
	}
	if to.Region == "" {
		return true
	}
	return slices.ContainsFunc(eps, func(e *endpoint) bool { return e.region == "" })
}

// s3RouteRegions lists the regions of the S3 prefix lists that the task's
// route table routes to gateway endpoints (by the lists' names), for an S3
// host whose region is unknown.
func (n *Network) s3RouteRegions(src *source, to Target) []string {
	if to.Service != "s3" {
		return nil
	}
	rt, _ := n.routeTable(src.subnet.SubnetId, src.vpcID)
	if rt == nil {
		return nil
	}
	var out []string
	for _, r := range rt.Routes {
		if r.DestinationPrefixListId == "" || !strings.HasPrefix(r.GatewayId, "vpce-") {
			continue
		}
		if pl := n.prefixes[r.DestinationPrefixListId]; pl != nil {
			if region, svc, ok := ParseEndpointServiceName(pl.PrefixListName); ok && svc == "s3" && !slices.Contains(out, region) {
				out = append(out, region)
			}
		}
	}
	return out
}

// regionWorld is one assignment of the unknown regions.
type regionWorld struct {
	label       string // "if HOST is in REGION"
	to          Target
	same, other []*endpoint
}

// reachUnknownRegion evaluates the host in every region the input allows
// and keeps an answer they agree on.
func (n *Network) reachUnknownRegion(src *source, to Target, port int, eps []*endpoint, p *path) Result {
	host := hostOr(to)
	var worlds []regionWorld
	if to.Region != "" {
		// The host's region is known; some endpoints' regions are not. Each
		// of those serves the host, or none does.
		var same, maybe, other []*endpoint
		for _, e := range eps {
			switch e.region {
			case to.Region:
				same = append(same, e)
			case "":
				maybe = append(maybe, e)
			default:
				other = append(other, e)
			}
		}
		worlds = append(worlds,
			regionWorld{label: "if " + joinEndpoints(maybe) + " serve " + to.Region, to: to, same: slices.Concat(same, maybe), other: other},
			regionWorld{label: "if " + joinEndpoints(maybe) + " serve another region", to: to, same: same, other: other})
	} else {
		// The host's region is unknown: it is one of the regions the
		// endpoints (or S3 routes) name, or the one the unresolved
		// endpoints serve, or another one.
		var regions []string
		var unresolved []*endpoint
		for _, e := range eps {
			if e.region == "" {
				unresolved = append(unresolved, e)
			} else if !slices.Contains(regions, e.region) {
				regions = append(regions, e.region)
			}
		}
		for _, r := range n.s3RouteRegions(src, to) {
			if !slices.Contains(regions, r) {
				regions = append(regions, r)
			}
		}
		slices.Sort(regions)
		for _, r := range regions {
			in := to
			in.Region = r
			var same, other []*endpoint
			for _, e := range eps {
				if e.region == r || e.region == "" {
					same = append(same, e)
				} else {
					other = append(other, e)
				}
			}
			worlds = append(worlds, regionWorld{label: "if " + host + " is in " + r, to: in, same: same, other: other})
		}
		if len(unresolved) > 0 {
			worlds = append(worlds, regionWorld{label: "if " + host + " is in the region of " + joinEndpoints(unresolved), to: to, same: unresolved})
		}
		worlds = append(worlds, regionWorld{label: "if no endpoint of " + src.vpcID + " serves " + host + "'s region", to: to})
	}
	missing := n.regionMissing(to)
	var qs []*path
	statuses := map[Status]int{}
	for _, w := range worlds {
		q := &path{}
		n.reachServiceIn(src, w.to, port, w.same, w.other, q)
		qs = append(qs, q)
		statuses[q.status()]++
	}
	first := qs[0]
	switch {
	case statuses[Reachable] == len(qs):
		p.absorb(first)
		p.via, p.endpoint, p.vpc = first.via, first.endpoint, first.vpc
		p.warn("%s is unknown, but %s reaches %s in every case (%s)", missing, src.subnet.SubnetId, host, joinLabels(worlds))
	case statuses[Blocked] == len(qs):
		p.absorb(first)
		p.via, p.endpoint, p.vpc = first.via, first.endpoint, first.vpc
		p.miss(missing)
		for i, q := range qs[1:] {
			p.warn("%s: %s", worlds[i+1].label, q.summary())
		}
	default:
		p.miss(missing)
		for i, q := range qs {
			p.miss(q.missing...)
			p.warn("%s: %s", worlds[i].label, q.summary())
		}
	}
	return p.result()
}

func joinEndpoints(eps []*endpoint) string {
	ids := make([]string, len(eps))
	for i, e := range eps {
		ids[i] = e.ep.VpcEndpointId
	}
	return joinIDs(ids)
}

func joinLabels(ws []regionWorld) string {
	labels := make([]string, len(ws))
	for i, w := range ws {
		labels[i] = w.label
	}
	return strings.Join(labels, "; ")
}

// regionMissing names the unknown region of a host: a bucket's comes from
// s3:GetBucketLocation, a service's from the region the tasks run in.
func (n *Network) regionMissing(to Target) string {
	from := cmp.Or(n.w.RegionFrom, "the input pins none")
	if to.Service == "s3" {
		from = "for S3: s3:GetBucketLocation"
	}
	return fmt.Sprintf("region of %s (%s): VPC endpoints serve only their own region", hostOr(to), from)
}
