package live

import (
	"context"
	"regexp"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/route53"
	r53types "github.com/aws/aws-sdk-go-v2/service/route53/types"
	"github.com/ecs-preflight/ecs-preflight/taskstart"
	"github.com/ecs-preflight/ecs-preflight/world"
)

// vpcIDRe is an EC2 VPC id; a template's stand-in for a VPC it creates is
// not one.
var vpcIDRe = regexp.MustCompile(`^vpc-[0-9a-f]{8,17}$`)

// zoneReads are the Route 53 reads for the VPCs the tasks run in: one per
// VPC the account holds (a VPC a template or plan creates has only the
// zones it creates).
func zoneReads(w *world.World, region string) []read {
	var out []read
	for _, s := range w.Services.All() {
		nc := s.NetworkConfiguration
		if nc == nil || nc.AwsvpcConfiguration == nil {
			continue
		}
		for _, id := range nc.AwsvpcConfiguration.Subnets {
			sn := w.Subnets.Get(id)
			if sn == nil || !vpcIDRe.MatchString(sn.VpcId) {
				continue
			}
			if v := w.VPCs.Get(sn.VpcId); v == nil || v.Described {
				continue
			}
			rd := read{Op: "route53:ListHostedZonesByVPC", Key: sn.VpcId, Arg: region}
			if !slices.Contains(out, rd) {
				out = append(out, rd)
			}
		}
	}
	return out
}

// hostsOf are the host names the simulated steps call.
func hostsOf(res *taskstart.Result) []string {
	var out []string
	if res == nil {
		return nil
	}
	for _, t := range res.Tasks {
		for _, st := range t.Steps {
			if st.Network != nil && st.Network.Host != "" && !slices.Contains(out, st.Network.Host) {
				out = append(out, st.Network.Host)
			}
		}
	}
	return out
}

// dnsName is a DNS name in lower case without its final dot.
func dnsName(s string) string { return strings.TrimSuffix(strings.ToLower(s), ".") }

// covers reports whether zone name covers host: host is the name or below
// it, label by label.
func covers(zone, host string) bool {
	z, h := dnsName(zone), dnsName(host)
	return z != "" && (h == z || strings.HasSuffix(h, "."+z))
}

// readZones reads the private hosted zones associated with a VPC and, for
// each zone whose name covers a host the tasks call, the zone and its
// records, in one read (docs/snapshot.md "route53"). Route 53 API
// Reference "ListHostedZonesByVPC": it lists every private zone associated
// with the VPC, whoever owns it; Route 53 DG "Considerations when working
// with a private hosted zone": a covering zone answers for the name, so
// only those zones' records matter.
func (r *reader) readZones(ctx context.Context, c *clients, rd read, hosts []string) error {
	d := r.doc
	all := &route53.ListHostedZonesByVPCOutput{HostedZoneSummaries: []r53types.HostedZoneSummary{}}
	in := &route53.ListHostedZonesByVPCInput{VPCId: aws.String(rd.Key), VPCRegion: r53types.VPCRegion(rd.Arg)}
	for {
		out, err := c.route53.ListHostedZonesByVPC(ctx, in)
		if err != nil {
			return err
		}
		all.HostedZoneSummaries = append(all.HostedZoneSummaries, out.HostedZoneSummaries...)
		if aws.ToString(out.NextToken) == "" {
			break
		}
		in.NextToken = out.NextToken
	}
	d.AddResource("route53", "ListHostedZonesByVPC", all, map[string]any{"VPCId": rd.Key, "VPCRegion": rd.Arg})
	for _, z := range all.HostedZoneSummaries {
		if !slices.ContainsFunc(hosts, func(h string) bool { return covers(aws.ToString(z.Name), h) }) {
			continue
		}
		id := aws.ToString(z.HostedZoneId)
		if !r.firstZone(id) {
			continue
		}
		zone, err := c.route53.GetHostedZone(ctx, &route53.GetHostedZoneInput{Id: aws.String(id)})
		if err != nil {
			r.fail(read{Op: "route53:GetHostedZone", Key: id}, err)
			continue
		}
		d.AddResource("route53", "GetHostedZone", zone, nil)
		recs := &route53.ListResourceRecordSetsOutput{ResourceRecordSets: []r53types.ResourceRecordSet{}}
		p := route53.NewListResourceRecordSetsPaginator(c.route53, &route53.ListResourceRecordSetsInput{HostedZoneId: aws.String(id)})
		var rerr error
		for p.HasMorePages() {
			out, err := p.NextPage(ctx)
			if err != nil {
				rerr = err
				break
			}
			recs.ResourceRecordSets = append(recs.ResourceRecordSets, out.ResourceRecordSets...)
		}
		if rerr != nil {
			// The zone stays without its records: the steps whose host it
			// covers are unknown, naming the call.
			r.fail(read{Op: "route53:ListResourceRecordSets", Key: id}, rerr)
			continue
		}
		d.AddResource("route53", "ListResourceRecordSets", recs, map[string]any{"HostedZoneId": id})
	}
	return nil
}

// firstZone reports whether zone id is read for the first time this run
// (a zone associated with two task VPCs is read once).
func (r *reader) firstZone(id string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.zonesRead == nil {
		r.zonesRead = map[string]bool{}
	}
	if r.zonesRead[id] {
		return false
	}
	r.zonesRead[id] = true
	return true
}
