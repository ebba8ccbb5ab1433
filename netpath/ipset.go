package netpath

import (
	"cmp"
	"fmt"
	"net/netip"
	"slices"
	"strings"
)

// ipRange is an inclusive range of IPv4 addresses as 32-bit integers.
type ipRange struct{ lo, hi uint32 }

// ipSet is a set of IPv4 addresses: sorted, non-overlapping, non-adjacent
// ranges. The zero value is the empty set. Reachability questions are about
// sets, not single addresses, because the input never knows the one address
// in play: a task ENI gets any address of its subnet at launch, an endpoint
// ENI any address of its subnets, and an AWS public host any address of AWS's
// public ranges.
type ipSet []ipRange

// parseCIDR4 parses an IPv4 CIDR such as "10.0.0.0/16" into the range it
// covers. Host bits are ignored, as EC2 does when it normalises a CIDR.
func parseCIDR4(s string) (ipRange, error) {
	p, err := netip.ParsePrefix(strings.TrimSpace(s))
	if err != nil {
		return ipRange{}, fmt.Errorf("parsing CIDR %q: %w", s, err)
	}
	if !p.Addr().Is4() {
		return ipRange{}, fmt.Errorf("parsing CIDR %q: not IPv4", s)
	}
	p = p.Masked()
	a := p.Addr().As4()
	lo := uint32(a[0])<<24 | uint32(a[1])<<16 | uint32(a[2])<<8 | uint32(a[3])
	bits := p.Bits()
	var size uint32 = 0xFFFFFFFF
	if bits > 0 {
		size = 1<<(32-bits) - 1
	}
	if bits == 32 {
		size = 0
	}
	return ipRange{lo, lo + size}, nil
}

// cidrSet parses a CIDR into a one-range set; ok is false for IPv6 and
// malformed text.
func cidrSet(s string) (ipSet, bool) {
	r, err := parseCIDR4(s)
	if err != nil {
		return nil, false
	}
	return ipSet{r}, true
}

// mustSet builds a set from CIDR literals; it is for package constants.
func mustSet(cidrs ...string) ipSet {
	var s ipSet
	for _, c := range cidrs {
		r, err := parseCIDR4(c)
		if err != nil {
			panic(err)
		}
		s = s.union(ipSet{r})
	}
	return s
}

// normalize sorts and merges ranges into canonical form.
func normalize(rs []ipRange) ipSet {
	if len(rs) == 0 {
		return nil
	}
	slices.SortFunc(rs, func(a, b ipRange) int { return cmp.Compare(a.lo, b.lo) })
	out := ipSet{rs[0]}
	for _, r := range rs[1:] {
		last := &out[len(out)-1]
		// Merge overlapping or adjacent ranges; guard the +1 at the top.
		if r.lo <= last.hi || (last.hi != 0xFFFFFFFF && r.lo == last.hi+1) {
			if r.hi > last.hi {
				last.hi = r.hi
			}
			continue
		}
		out = append(out, r)
	}
	return out
}

func (s ipSet) union(t ipSet) ipSet {
	if len(t) == 0 {
		return s
	}
	if len(s) == 0 {
		return t
	}
	rs := make([]ipRange, 0, len(s)+len(t))
	rs = append(rs, s...)
	rs = append(rs, t...)
	return normalize(rs)
}

func (s ipSet) intersect(t ipSet) ipSet {
	var out ipSet
	i, j := 0, 0
	for i < len(s) && j < len(t) {
		lo := max(s[i].lo, t[j].lo)
		hi := min(s[i].hi, t[j].hi)
		if lo <= hi {
			out = append(out, ipRange{lo, hi})
		}
		if s[i].hi < t[j].hi {
			i++
		} else {
			j++
		}
	}
	return out
}

func (s ipSet) subtract(t ipSet) ipSet {
	var out ipSet
	j := 0
	for _, r := range s {
		lo := r.lo
		done := false
		for j < len(t) && t[j].hi < lo {
			j++
		}
		for k := j; k < len(t) && t[k].lo <= r.hi; k++ {
			if t[k].lo > lo {
				out = append(out, ipRange{lo, t[k].lo - 1})
			}
			if t[k].hi >= r.hi {
				done = true
				break
			}
			lo = t[k].hi + 1
		}
		if !done {
			out = append(out, ipRange{lo, r.hi})
		}
	}
	return out
}

func (s ipSet) empty() bool { return len(s) == 0 }

// covers reports whether every address of t is in s.
func (s ipSet) covers(t ipSet) bool { return t.subtract(s).empty() }

// overlaps reports whether s and t share an address.
func (s ipSet) overlaps(t ipSet) bool { return !s.intersect(t).empty() }

func (s ipSet) String() string {
	if len(s) == 0 {
		return "∅"
	}
	parts := make([]string, 0, len(s))
	for _, r := range s {
		parts = append(parts, ip4(r.lo)+"-"+ip4(r.hi))
	}
	return strings.Join(parts, ",")
}

func ip4(v uint32) string {
	return netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)}).String()
}

// allIPv4 is 0.0.0.0/0.
var allIPv4 = mustSet("0.0.0.0/0")

// publicIPv4 is the address space an internet host can have: everything but
// the special-purpose ranges (RFC 6890). An AWS public endpoint or Docker Hub
// resolves to some address in it, and which one is not in the input, so a
// rule must cover all of it to be sure. Excluding private space lets the
// common NACL shape "deny 10.0.0.0/8, then allow 0.0.0.0/0" read as allowing
// the internet.
var publicIPv4 = allIPv4.subtract(mustSet(
	"0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8",
	"169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24", "192.168.0.0/16",
	"198.18.0.0/15", "224.0.0.0/4", "240.0.0.0/4",
))
