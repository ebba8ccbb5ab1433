package netpath

import (
	"fmt"
	"slices"
	"strings"

	"github.com/ecs-preflight/ecs-preflight/world"
)

// IPv6-only subnets (Subnet.Ipv6Native). The task ENI gets an IPv6 address
// only, so every call leaves over IPv6. What the current pages say (read
// 2026-11-30; the pages carry no date of their own):
//
//   - ECS-DG "Amazon ECS task networking options for Fargate" and "Amazon
//     ECS task networking for Amazon ECS Managed Instances", section "Using a
//     VPC in IPv6-only mode": tasks communicate exclusively over IPv6; route
//     tables need IPv6 targets and security groups IPv6 rules; workloads
//     must use the Amazon ECR dual-stack image URI endpoints when pulling
//     images from ECR; IPv4-only endpoints need DNS64 and NAT64.
//   - ECR-UG "Making requests to Amazon ECR registries": from an IPv6
//     network use a dual-stack endpoint, ACCOUNT.dkr-ecr.REGION.on.aws for
//     image clients and ecr.REGION.api.aws for the API; "Amazon ECR does not
//     support AWS PrivateLink traffic over dual-stack endpoints".
//   - ECR-UG "Amazon ECR interface VPC endpoints (AWS PrivateLink)": the ECR
//     endpoints give private access "through private IP addresses (both IPv4
//     and IPv6)" and support dual-stack connections. The two ECR pages
//     conflict; Reach follows "Making requests" (the dual-stack hosts take
//     the IPv6 internet path) and names the conflict in Assumptions.
//
// Which host the task start uses for the ECR token, the layer bucket, logs,
// secrets and parameters from an IPv6-only subnet is not documented: those
// hosts are unknown when an IPv6 way out or an endpoint that may have IPv6
// addresses exists (IpAddressType dualstack, ipv6, or not in the input),
// and blocked when none does.

// ecrPrivateLinkConflict is the assumption every ECR answer from an
// IPv6-only subnet rests on.
const ecrPrivateLinkConflict = `ECR-UG "Making requests to Amazon ECR registries" says Amazon ECR does not support AWS PrivateLink traffic over dual-stack endpoints, while ECR-UG "Amazon ECR interface VPC endpoints (AWS PrivateLink)" says the ECR endpoints serve IPv4 and IPv6; assumed the former: ECR's dual-stack hosts are reached over the IPv6 internet path, not through the ecr.api/ecr.dkr endpoints`

// isDualStackHost says whether a host is an AWS dual-stack name (ECR-UG
// "Making requests to Amazon ECR registries": *.dkr-ecr.REGION.on.aws,
// ecr.REGION.api.aws; S3-UG "Using dual-stack endpoints":
// s3.dualstack.REGION.amazonaws.com; ECR Public's ecr-public.aws.com).
func isDualStackHost(host string) bool {
	h := strings.ToLower(host)
	return strings.HasSuffix(h, ".on.aws") || strings.HasSuffix(h, ".api.aws") ||
		h == "ecr-public.aws.com" || strings.Contains(h, ".dualstack.")
}

func isECRHost(to Target) bool {
	h := strings.ToLower(to.Host)
	return to.Service == "ecr.api" || to.Service == "ecr.dkr" || strings.Contains(h, ".dkr-ecr") ||
		strings.HasPrefix(h, "ecr.") || strings.HasPrefix(h, "ecr-fips.") || strings.Contains(h, ".dkr.ecr")
}

// reachIPv6Only answers for a task ENI in an IPv6-only subnet.
func (n *Network) reachIPv6Only(src *source, to Target, port int, p *path) Result {
	p.hop("%s (IPv6-only subnet: the task has an IPv6 address only)", src.subnet.SubnetId)
	if isECRHost(to) {
		p.assume("%s", ecrPrivateLinkConflict)
	}
	if to.Service == "ecr.dkr" {
		// ECS-DG "Using a VPC in IPv6-only mode": workloads must use the
		// ECR dual-stack image URI endpoints when pulling images from ECR.
		p.block(Block{
			Kind:     BlockRoute,
			Resource: src.subnet.SubnetId,
			Detail:   fmt.Sprintf("%s is IPv6-only, and %s is ECR's IPv4 registry name: in an IPv6-only configuration workloads must use the Amazon ECR dual-stack image URI endpoints (ECS-DG \"Amazon ECS task networking options for Fargate\", \"Using a VPC in IPv6-only mode\")", src.subnet.SubnetId, hostOr(to)),
			Fix:      "use the dual-stack image URI ACCOUNT.dkr-ecr.REGION.on.aws/REPOSITORY:TAG in the task definition, or run the task in a dual-stack or IPv4 subnet",
		})
		n.ipv6Egress(src, to, port, p)
		return p.result()
	}
	if isDualStackHost(to.Host) {
		n.ipv6Egress(src, to, port, p)
		return p.result()
	}
	// An IPv4 name: whether the task start reaches it over IPv6 (an
	// endpoint with IPv6 addresses, a dual-stack name chosen by the agent,
	// DNS64 and NAT64) is not documented.
	eg := &path{}
	n.ipv6Egress(src, to, port, eg)
	// EC2 API "CreateVpcEndpoint" IpAddressType: ipv4 assigns IPv4
	// addresses only to the endpoint's network interfaces, so such an
	// endpoint has nothing an IPv6-only task can connect to.
	var eps, v4 []*endpoint
	for _, e := range n.endpointsFor(src.vpcID, to.Service) {
		if e.ep.IpAddressType == "ipv4" {
			v4 = append(v4, e)
		} else {
			eps = append(eps, e)
		}
	}
	if eg.status() == Blocked && len(eps) == 0 {
		p.absorb(eg)
		for _, e := range v4 {
			p.block(Block{Kind: BlockRoute, Resource: e.ep.VpcEndpointId,
				Detail: fmt.Sprintf("%s (%s) has IpAddressType ipv4: its network interfaces have IPv4 addresses only, which a task in IPv6-only %s cannot reach (EC2 API \"CreateVpcEndpoint\" IpAddressType)", e.ep.VpcEndpointId, e.ep.ServiceName, src.subnet.SubnetId),
				Fix:    "aws ec2 modify-vpc-endpoint --vpc-endpoint-id " + e.ep.VpcEndpointId + " --ip-address-type dualstack (with subnets that have IPv6 ranges)"})
		}
		p.warn("%s has no IPv6 way out and no VPC endpoint serves %s; an IPv4-only endpoint needs DNS64 and NAT64 (ECS-DG \"Using a VPC in IPv6-only mode\")", src.subnet.SubnetId, hostOr(to))
		return p.result()
	}
	p.hops = append(p.hops, eg.hops...)
	for _, a := range eg.assumptions {
		p.assume("%s", a)
	}
	for _, b := range eg.blocks {
		p.warn("IPv6 internet path: %s; fix: %s", b.Detail, b.Fix)
	}
	p.miss(fmt.Sprintf("how the task start reaches %s from IPv6-only %s: it is an IPv4 name, and whether it answers over IPv6, which dual-stack endpoint the agent uses instead, or whether DNS64 and NAT64 are needed is not documented (ECS-DG \"Using a VPC in IPv6-only mode\")", hostOr(to), src.subnet.SubnetId))
	for _, e := range eps {
		if e.ep.IpAddressType != "" {
			continue
		}
		p.miss("ec2:DescribeVpcEndpoints IpAddressType and DnsOptions.DnsRecordIpType of " + e.ep.VpcEndpointId + " (whether it has IPv6 addresses)")
	}
	return p.result()
}

// ipv6Egress checks the IPv6 way to a public host: the ::/0 route to an
// egress-only internet gateway or an internet gateway (VPC-UG "Enable
// outbound IPv6 traffic using an egress-only internet gateway"; an IPv6
// address is public, so an internet gateway needs no public IP), the task's
// security group egress over IPv6 and the subnet's NACL IPv6 entries.
func (n *Network) ipv6Egress(src *source, to Target, port int, p *path) {
	rt, miss := n.routeTable(src.subnet.SubnetId, src.vpcID)
	if rt == nil {
		p.miss(miss)
		return
	}
	var def *world.Route
	for i := range rt.Routes {
		if rt.Routes[i].DestinationIpv6CidrBlock == "::/0" {
			def = &rt.Routes[i]
		}
	}
	eigwFix := "aws ec2 create-egress-only-internet-gateway --vpc-id " + src.vpcID + ", then aws ec2 create-route --route-table-id " + rt.RouteTableId + " --destination-ipv6-cidr-block ::/0 --egress-only-internet-gateway-id EIGW"
	switch {
	case def == nil:
		p.block(Block{Kind: BlockRoute, Resource: rt.RouteTableId,
			Detail: fmt.Sprintf("%s, the route table of IPv6-only %s, has no ::/0 route, so %s is unreachable over IPv6 (ECS-DG \"Using a VPC in IPv6-only mode\": route tables need IPv6 targets)", rt.RouteTableId, src.subnet.SubnetId, hostOr(to)),
			Fix:    eigwFix})
		return
	case def.State == "blackhole":
		p.block(Block{Kind: BlockRoute, Resource: rt.RouteTableId,
			Detail: fmt.Sprintf("%s sends ::/0 to %s, which is a blackhole (its target was deleted)", rt.RouteTableId, routeTarget(def)),
			Fix:    eigwFix})
		return
	case def.EgressOnlyInternetGatewayId != "":
		p.via = ViaIGW
		p.hop("%s → %s (::/0 → %s, egress-only internet gateway) → internet over IPv6", src.subnet.SubnetId, rt.RouteTableId, def.EgressOnlyInternetGatewayId)
		p.assume("egress-only internet gateway %s is not in the input; its ::/0 route is active, so it is taken as attached to %s", def.EgressOnlyInternetGatewayId, src.vpcID)
	case strings.HasPrefix(def.GatewayId, "igw-"):
		p.hop("%s → %s (::/0 → %s) → internet over IPv6", src.subnet.SubnetId, rt.RouteTableId, def.GatewayId)
		if !n.igwAttached(def.GatewayId, src.vpcID, p) {
			return
		}
		p.via = ViaIGW
	default:
		p.miss("egress beyond " + routeTarget(def) + " for ::/0 (IPv6 route target not modelled)")
		return
	}
	n.checkSG6(src, port, p)
	n.checkACL6(src, port, p)
}

// checkSG6: VPC-UG "Security group rules": an outbound rule to ::/0 (all
// IPv6 addresses) admits the task's IPv6 traffic to any public host. A
// narrower IPv6 rule, a prefix list or a group reference may or may not
// cover the host's address, which is not in the input.
func (n *Network) checkSG6(src *source, port int, p *path) {
	if len(src.sgMiss) > 0 {
		p.miss(src.sgMiss...)
		return
	}
	narrower := false
	for _, id := range src.sgIDs {
		g := n.w.SecurityGroups.Get(id)
		if g == nil {
			continue
		}
		for _, r := range g.IpPermissionsEgress {
			covers, maybe := permCoversPort(r, port)
			if !covers && !maybe {
				continue
			}
			for _, v := range r.Ipv6Ranges {
				if v.CidrIpv6 == "::/0" && covers {
					return
				}
				narrower = true
			}
			if len(r.PrefixListIds) > 0 || len(r.UserIdGroupPairs) > 0 || maybe && len(r.Ipv6Ranges) > 0 {
				narrower = true
			}
		}
	}
	if narrower {
		p.miss("IPv6 addresses of the host (the task security groups allow IPv6 egress to part of the address space only)")
		return
	}
	g := firstOr(src.sgIDs, "SG_TASK")
	p.block(Block{Kind: BlockSecurityGroup, Resource: g,
		Detail: fmt.Sprintf("no outbound rule of %s allows TCP %d to IPv6 addresses (::/0); an IPv6-only task sends everything over IPv6 (ECS-DG \"Using a VPC in IPv6-only mode\": configure security groups with IPv6 rules)", joinIDs(src.sgIDs), port),
		Fix:    fmt.Sprintf("aws ec2 authorize-security-group-egress --group-id %s --ip-permissions 'IpProtocol=tcp,FromPort=%d,ToPort=%d,Ipv6Ranges=[{CidrIpv6=::/0}]'", g, port, port)})
}

// permCoversPort says whether a rule covers TCP port: covers when it
// certainly does, maybe when the rule's ports are not all known.
func permCoversPort(r world.IpPermission, port int) (covers, maybe bool) {
	switch r.IpProtocol {
	case "-1", "all":
		return true, false
	case "tcp", "6":
	default:
		return false, false
	}
	switch {
	case r.FromPort == nil && r.ToPort == nil:
		return false, true
	case r.ToPort == nil:
		return *r.FromPort == port, false
	case r.FromPort == nil:
		return false, true
	}
	return *r.FromPort <= port && port <= *r.ToPort, false
}

// checkACL6: VPC-UG "Control subnet traffic with network access control
// lists": entries are evaluated by ascending rule number and the first
// match decides; IPv6 entries carry an Ipv6CidrBlock. The task needs TCP
// port out and the ephemeral return ports (1024-65535 cover them) in. Only
// entries for ::/0 decide for a public address the input does not name.
func (n *Network) checkACL6(src *source, port int, p *path) {
	acl, miss := n.aclFor(src.subnet.SubnetId, src.vpcID)
	if acl == nil {
		p.miss(miss)
		return
	}
	raw := n.w.NetworkACLs.Get(acl.id)
	if raw == nil {
		p.miss("ec2:DescribeNetworkAcls (" + acl.id + ")")
		return
	}
	for _, dir := range []struct {
		egress        bool
		lo, hi, fixLo int
		text          string
	}{{true, port, port, port, "outbound"}, {false, taskEphemeral.lo, taskEphemeral.hi, fixEphemeral.lo, "inbound (return traffic)"}} {
		entries := slices.Clone(raw.Entries)
		slices.SortStableFunc(entries, func(a, b world.NetworkACLEntry) int { return a.RuleNumber - b.RuleNumber })
		decided := false
		for _, e := range entries {
			if e.Egress != dir.egress || e.Ipv6CidrBlock == "" {
				continue
			}
			if e.Protocol != "-1" && e.Protocol != "6" {
				continue
			}
			full := e.Protocol == "-1" || e.PortRange != nil && e.PortRange.From <= dir.lo && dir.hi <= e.PortRange.To
			overlaps := full || e.PortRange != nil && e.PortRange.From <= dir.hi && dir.lo <= e.PortRange.To
			if !overlaps {
				continue
			}
			if e.Ipv6CidrBlock != "::/0" || !full {
				p.miss(fmt.Sprintf("IPv6 addresses of the host (%s entry %d for %s ports %d-%d decides part of the %s IPv6 traffic)", acl.id, e.RuleNumber, e.Ipv6CidrBlock, dir.lo, dir.hi, dir.text))
				decided = true
				break
			}
			if e.RuleAction == "allow" {
				decided = true
				break
			}
			p.block(Block{Kind: BlockNACL, Resource: acl.id,
				Detail: fmt.Sprintf("%s on %s denies %s TCP %d-%d for ::/0 (entry %d)", acl.id, src.subnet.SubnetId, dir.text, dir.lo, dir.hi, e.RuleNumber),
				Fix:    fmt.Sprintf("add an IPv6 allow entry numbered below %d: aws ec2 create-network-acl-entry --network-acl-id %s%s --rule-number %d --protocol tcp --port-range From=%d,To=%d --ipv6-cidr-block ::/0 --rule-action allow", e.RuleNumber, acl.id, flag(dir.egress), acl.freeRuleNumber(dir.egress, e.RuleNumber), dir.fixLo, dir.hi)})
			decided = true
			break
		}
		if !decided {
			// No IPv6 entry matches: the implicit IPv6 * rule denies.
			p.block(Block{Kind: BlockNACL, Resource: acl.id,
				Detail: fmt.Sprintf("%s on %s has no IPv6 entry allowing %s TCP %d-%d for ::/0, so the default * rule denies it", acl.id, src.subnet.SubnetId, dir.text, dir.lo, dir.hi),
				Fix:    fmt.Sprintf("aws ec2 create-network-acl-entry --network-acl-id %s%s --rule-number %d --protocol tcp --port-range From=%d,To=%d --ipv6-cidr-block ::/0 --rule-action allow", acl.id, flag(dir.egress), acl.freeRuleNumber(dir.egress, 32767), dir.fixLo, dir.hi)})
		}
	}
}

func flag(egress bool) string {
	if egress {
		return " --egress"
	}
	return ""
}
