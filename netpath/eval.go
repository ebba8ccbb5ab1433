package netpath

import (
	"slices"
	"strings"
)

// verdict is what a rule set does to a set of packets.
type verdict int

const (
	allowAll verdict = iota // every packet in the set passes
	denyAll                 // no packet passes
	partial                 // some pass, some do not; which one is used is unknown
	missing                 // a fact needed to decide is not in the input
)

// portRange is an inclusive range of TCP ports.
type portRange struct{ lo, hi int }

func (p portRange) String() string { return portText(p.lo, p.hi) }

// Return traffic comes back to the client's ephemeral port. VPC-UG
// "Ephemeral ports": many Linux kernels use 32768-61000, Windows Server 2008+
// 49152-65535, a NAT gateway 1024-65535. The task ENI is a Linux (or
// Windows) client, so its NACL must admit 32768-65535; the NAT gateway's
// subnet must admit 1024-65535. Fixes recommend 1024-65535, as that page does.
var (
	taskEphemeral = portRange{32768, 65535}
	natEphemeral  = portRange{1024, 65535}
	fixEphemeral  = portRange{1024, 65535}
)

// aclResult is a NACL decision with the rules that made it.
type aclResult struct {
	v verdict
	// deciding names the entries that denied part of the traffic, in
	// evaluation order ("rule 100 deny all 0.0.0.0/0", "rule * deny ...").
	deciding []string
	// firstDeny is the lowest rule number that denied; 32767 for the
	// implicit default rule.
	firstDeny int
	// portBlocked reports that some ports of the range are denied for every
	// peer address. The client picks its port per connection, so a partial
	// answer over ports is a failure, not an unknown.
	portBlocked bool
}

// eval answers whether a NACL passes TCP traffic in one direction on ports
// to or from peers. VPC-UG "Network ACL rules": entries are evaluated in
// ascending rule number and the first entry that matches decides; rule "*"
// (32767 in DescribeNetworkAcls) denies what nothing matched, and so does the
// absence of any match.
func (a *compiledACL) eval(egress bool, ports portRange, peers ipSet) aclResult {
	entries := a.ingress
	if egress {
		entries = a.egress
	}
	// Split the port range where an entry's range starts or ends inside it,
	// so that within each piece every entry either covers all its ports or
	// none. Usually there is one piece.
	cuts := []int{ports.lo, ports.hi + 1}
	for i := range entries {
		e := &entries[i]
		if e.proto != 6 { // only TCP entries have port ranges that matter
			continue
		}
		if e.lo > ports.lo && e.lo <= ports.hi {
			cuts = append(cuts, e.lo)
		}
		if e.hi >= ports.lo && e.hi < ports.hi {
			cuts = append(cuts, e.hi+1)
		}
	}
	slices.Sort(cuts)
	cuts = slices.Compact(cuts)

	res := aclResult{firstDeny: 1 << 30}
	var sawAllow, sawDeny bool
	for i := 0; i+1 < len(cuts); i++ {
		piece := portRange{cuts[i], cuts[i+1] - 1}
		remaining := peers
		var allowed, denied ipSet
		for j := range entries {
			e := &entries[j]
			if e.proto != -1 && (e.proto != 6 || e.lo > piece.lo || e.hi < piece.hi) {
				continue
			}
			part := remaining.intersect(e.cidr)
			if part.empty() {
				continue
			}
			if e.allow {
				allowed = allowed.union(part)
			} else {
				denied = denied.union(part)
				res.addDeny(e.text, e.num)
			}
			remaining = remaining.subtract(part)
			if remaining.empty() {
				break
			}
		}
		if !remaining.empty() {
			denied = denied.union(remaining)
			res.addDeny("rule * deny (no entry matched)", 32767)
		}
		sawAllow = sawAllow || !allowed.empty()
		sawDeny = sawDeny || !denied.empty()
		if allowed.empty() {
			res.portBlocked = true
		}
	}
	switch {
	case !sawDeny:
		res.v = allowAll
	case !sawAllow:
		res.v = denyAll
	default:
		res.v = partial
	}
	return res
}

// evalOne is eval, remembered for peers of one range, the usual question
// (a subnet's CIDR). The answer's deciding list is shared: callers only
// read it.
func (a *compiledACL) evalOne(egress bool, ports portRange, peers ipSet) aclResult {
	if len(peers) != 1 {
		return a.eval(egress, ports, peers)
	}
	q := aclQuestion{egress, ports, peers[0]}
	a.mu.Lock()
	r, ok := a.answers[q]
	a.mu.Unlock()
	if ok {
		return r
	}
	r = a.eval(egress, ports, peers)
	r.deciding = slices.Clip(r.deciding)
	a.mu.Lock()
	if a.answers == nil {
		a.answers = map[aclQuestion]aclResult{}
	}
	a.answers[q] = r
	a.mu.Unlock()
	return r
}

func (r *aclResult) addDeny(text string, num int) {
	if !slices.Contains(r.deciding, text) {
		r.deciding = append(r.deciding, text)
	}
	r.firstDeny = min(r.firstDeny, num)
}

// freeRuleNumber proposes a rule number below limit that the NACL does not
// use in that direction, so a new allow entry is evaluated before the deny.
func (a *compiledACL) freeRuleNumber(egress bool, limit int) int {
	entries := a.ingress
	if egress {
		entries = a.egress
	}
	used := map[int]bool{}
	for _, e := range entries {
		used[e.num] = true
	}
	start := limit - 1
	if limit >= 32767 {
		start = 100
	}
	for n := start; n >= 1; n-- {
		if !used[n] {
			return n
		}
	}
	for n := start + 1; n < 32767; n++ {
		if !used[n] {
			return n
		}
	}
	return 1
}

// sgPeer describes the other end of a connection for security group rules.
type sgPeer struct {
	cidrs      ipSet    // the addresses it may have
	groups     []string // the security groups it is a member of
	prefixList string   // the prefix list it is reached through (S3 gateway)
}

// sgResult is a security group decision.
type sgResult struct {
	v verdict
	// missing names the prefix lists whose entries would decide.
	missing []string
}

// sgAllows answers whether any rule of any of groups admits TCP port to or
// from peer. VPC-UG "Security group rules": rules only allow, and the rules of
// all groups on an ENI are aggregated; a rule that references a security
// group matches the ENIs that are members of it; a rule that references a
// prefix list matches its CIDRs. Security groups are stateful, so replies
// need no rule.
func (n *Network) sgAllows(groups []*compiledSG, egress bool, port int, peer sgPeer) sgResult {
	var ranges []ipRange // collected, normalised once below
	var unresolved []string
	for _, g := range groups {
		rules := g.rulesFor(egress, port)
		for i := range rules {
			r := &rules[i]
			if slices.ContainsFunc(r.groups, func(ref string) bool { return slices.Contains(peer.groups, ref) }) {
				return sgResult{v: allowAll}
			}
			for _, pl := range r.pls {
				if pl == peer.prefixList {
					return sgResult{v: allowAll}
				}
				cidrs, ok := n.prefixCIDRs(pl)
				if !ok {
					unresolved = append(unresolved, pl)
					continue
				}
				ranges = append(ranges, cidrs...)
			}
			ranges = append(ranges, r.cidrs...)
		}
	}
	allowed := normalize(ranges)
	switch {
	case allowed.covers(peer.cidrs):
		return sgResult{v: allowAll}
	case len(unresolved) > 0:
		var miss []string
		for _, pl := range unresolved {
			miss = append(miss, "ec2:GetManagedPrefixListEntries ("+pl+")")
		}
		return sgResult{v: missing, missing: miss}
	case allowed.overlaps(peer.cidrs):
		return sgResult{v: partial}
	}
	return sgResult{v: denyAll}
}

// prefixCIDRs resolves a prefix list to its IPv4 CIDRs.
func (n *Network) prefixCIDRs(id string) (ipSet, bool) {
	pl := n.prefixes[id]
	if pl == nil || !pl.CidrsKnown {
		return nil, false
	}
	var rs []ipRange
	for _, c := range pl.Cidrs {
		if s, ok := cidrSet(c); ok {
			rs = append(rs, s...)
		}
	}
	return normalize(rs), true
}

func joinIDs(ids []string) string { return strings.Join(ids, ", ") }
