package netpath

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/world"
)

// Pools the random VPCs draw from: the shapes of the reported cases.
var (
	sgPool = []world.IpPermission{
		allOut,
		toCIDR(tcp(443, 443), "0.0.0.0/0"),
		toCIDR(tcp(443, 443), "10.0.0.0/16"),
		toCIDR(tcp(443, 443), "10.0.2.0/24"),
		toCIDR(tcp(443, 443), "0.0.0.0/1"),
		toCIDR(tcp(0, 1000), "52.219.0.0/20"),
		toPL(tcp(443, 443), "pl-s3"),
		toGroup(tcp(443, 443), "sg-ep"),
		toGroup(tcp(443, 443), "sg-task"),
		cdkNoOutbound[0],
		// VPC-UG "Security group rules": an IPv6 rule admits no IPv4 traffic.
		{IpProtocol: "-1", Ipv6Ranges: []world.Ipv6Range{{CidrIpv6: "::/0"}}},
	}
	cidrPool  = []string{"0.0.0.0/0", "10.0.0.0/16", "10.0.1.0/24", "10.0.2.0/24", "52.219.0.0/20", "3.5.128.0/21", "0.0.0.0/1", "128.0.0.0/1"}
	portPool  = [][2]int{{443, 443}, {1024, 65535}, {32768, 65535}, {0, 1000}, {1024, 32767}}
	routePool = []string{"", "nat-1", "igw-1", "tgw-1", "blackhole", "i-nat"}
	svcPool   = []string{"ecr.api", "ecr.dkr", "logs", "secretsmanager"}
)

func randomWorld(rng *rand.Rand) *fixture {
	f := standard()
	pick := func(n int) int { return rng.IntN(n) }
	// Routes of the private table.
	priv := f.rt("rtb-priv")
	priv.Routes = priv.Routes[:1]
	switch r := routePool[pick(len(routePool))]; r {
	case "":
	case "blackhole":
		x := defRoute("nat-1")
		x.State = "blackhole"
		priv.Routes = append(priv.Routes, x)
	case "i-nat":
		// VPC-UG "NAT instances", with the fck-nat#99 failure shapes.
		priv.Routes = append(priv.Routes, defRoute(r))
		in := f.natInstance()
		if pick(4) == 0 {
			in.NetworkInterfaces[0].SourceDestCheck = bp(true)
		}
		if pick(4) == 0 {
			in.PublicIpAddress, in.NetworkInterfaces[0].Association = "", nil
		}
		if pick(6) == 0 {
			in.State.Name = "stopped"
		}
	default:
		priv.Routes = append(priv.Routes, defRoute(r))
	}
	if pick(3) == 0 {
		f.w.NATGateways.Get("nat-1").State = "failed"
	}
	// Endpoints.
	for _, svc := range svcPool {
		if pick(2) == 0 {
			f.ifaceEP("vpce-"+svc, "vpc-1", "com.amazonaws."+testRegion+"."+svc, pick(4) != 0, []string{"subnet-ep", "subnet-ep-c"}[:1+pick(2)], "sg-ep")
		}
	}
	if pick(2) == 0 {
		f.s3Gateway("vpce-s3", "vpc-1", testRegion, "pl-s3", "rtb-priv")
	}
	// Security group rules.
	randRules := func() []world.IpPermission {
		var out []world.IpPermission
		for range pick(4) {
			out = append(out, sgPool[pick(len(sgPool))])
		}
		return out
	}
	f.sgp("sg-task").IpPermissionsEgress = randRules()
	f.sgp("sg-ep").IpPermissions = randRules()
	if g := f.sgp("sg-nat"); g != nil {
		g.IpPermissions = randRules()
		g.IpPermissionsEgress = randRules()
	}
	// NACLs.
	for _, sub := range []string{"subnet-priv", "subnet-ep", "subnet-pub"} {
		if pick(2) == 0 {
			continue
		}
		var es []world.NetworkACLEntry
		for range 1 + pick(6) {
			proto := "6"
			if pick(3) == 0 {
				proto = "-1"
			}
			action := "allow"
			if pick(3) == 0 {
				action = "deny"
			}
			pr := portPool[pick(len(portPool))]
			es = append(es, entry(10*(1+pick(30)), pick(2) == 0, proto, action, cidrPool[pick(len(cidrPool))], pr[0], pr[1]))
		}
		f.acl("acl-"+sub, "vpc-1", false, es, sub)
	}
	return f
}

func randomTarget(rng *rand.Rand) Target {
	switch rng.IntN(6) {
	case 0:
		return layers
	case 1:
		return dockerT
	case 2:
		return registry
	}
	return ServiceTarget(svcPool[rng.IntN(len(svcPool))], testRegion, "aws")
}

// removeOne deletes one allow rule, allow NACL entry or non-local route.
// It reports false when there was nothing to remove.
func removeOne(f *fixture, rng *rand.Rand) (string, bool) {
	type cand struct {
		desc string
		do   func()
	}
	var cs []cand
	for _, id := range []string{"sg-task", "sg-ep", "sg-nat"} {
		g := f.sgp(id)
		if g == nil {
			continue
		}
		for i := range g.IpPermissionsEgress {
			cs = append(cs, cand{fmt.Sprintf("%s egress %d", id, i), func() {
				g.IpPermissionsEgress = append(g.IpPermissionsEgress[:i:i], g.IpPermissionsEgress[i+1:]...)
			}})
		}
		for i := range g.IpPermissions {
			cs = append(cs, cand{fmt.Sprintf("%s ingress %d", id, i), func() {
				g.IpPermissions = append(g.IpPermissions[:i:i], g.IpPermissions[i+1:]...)
			}})
		}
	}
	for _, a := range f.w.NetworkACLs.All() {
		for i, e := range a.Entries {
			if e.RuleAction != "allow" {
				continue
			}
			cs = append(cs, cand{fmt.Sprintf("%s entry %d", a.NetworkAclId, e.RuleNumber), func() {
				a.Entries = append(a.Entries[:i:i], a.Entries[i+1:]...)
			}})
		}
	}
	for _, rt := range f.w.RouteTables.All() {
		for i, r := range rt.Routes {
			if r.GatewayId == "local" {
				continue
			}
			cs = append(cs, cand{fmt.Sprintf("%s route %d", rt.RouteTableId, i), func() {
				rt.Routes = append(rt.Routes[:i:i], rt.Routes[i+1:]...)
				if r.DestinationPrefixListId != "" {
					if ep := f.ep(r.GatewayId); ep != nil {
						ep.RouteTableIds = nil
					}
				}
			}})
		}
	}
	if len(cs) == 0 {
		return "", false
	}
	c := cs[rng.IntN(len(cs))]
	c.do()
	return c.desc, true
}

// Removing an allow rule or a route never makes an unreachable host
// reachable: the model is monotone in what the network allows.
func TestPropertyRemovingAllowNeverHelps(t *testing.T) {
	seeds := []uint64{1, 2, 3, 42, 1128, 1680}
	const perSeed = 500
	checked, reachable, flipped := 0, 0, 0
	for _, seed := range seeds {
		rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
		for i := range perSeed {
			f := randomWorld(rng)
			eni := privENI
			if rng.IntN(3) == 0 {
				eni = ENI{SubnetID: "subnet-pub", SecurityGroupIDs: []string{"sg-task"}, AssignPublicIP: rng.IntN(2) == 0}
			}
			to := randomTarget(rng)
			before := Reach(f.w, eni, to)
			desc, ok := removeOne(f, rng)
			if !ok {
				continue
			}
			after := Reach(f.w, eni, to)
			checked++
			if before.Status == Reachable {
				reachable++
				if after.Status != Reachable {
					flipped++
				}
			}
			if before.Status != Reachable && after.Status == Reachable {
				t.Fatalf("seed %d case %d: removing %s turned %s into reachable for %s\nbefore: %+v\nafter: %+v", seed, i, desc, before.Status, to.Host, before, after)
			}
			// A blocked answer always says why.
			if before.Status == Blocked && len(before.Blocks) == 0 {
				t.Fatalf("seed %d case %d: blocked without blocks: %+v", seed, i, before)
			}
		}
	}
	t.Logf("%d mutations, %d reachable before, %d of them no longer reachable", checked, reachable, flipped)
	if checked < 1000 || reachable < 100 || flipped < 20 {
		t.Fatalf("only %d mutations checked", checked)
	}
}
