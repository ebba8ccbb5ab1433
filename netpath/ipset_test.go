package netpath

import (
	"testing"

	"github.com/ecs-preflight/ecs-preflight/world"
)

func TestIPSet(t *testing.T) {
	vpc := mustSet("10.0.0.0/16")
	sub := mustSet("10.0.1.0/24")
	if !vpc.covers(sub) || sub.covers(vpc) {
		t.Fatal("covers")
	}
	rest := vpc.subtract(sub)
	if rest.overlaps(sub) || !rest.union(sub).covers(vpc) || !vpc.covers(rest.union(sub)) {
		t.Fatalf("subtract: %s", rest)
	}
	if got := mustSet("10.0.0.0/24", "10.0.1.0/24").String(); got != "10.0.0.0-10.0.1.255" {
		t.Fatalf("adjacent ranges not merged: %s", got)
	}
	if !allIPv4.covers(publicIPv4) || publicIPv4.overlaps(mustSet("10.0.0.0/8")) || !publicIPv4.covers(mustSet("52.219.0.0/20")) {
		t.Fatal("public space")
	}
	if r, err := parseCIDR4("10.0.1.7/24"); err != nil || r != (ipRange{0x0a000100, 0x0a0001ff}) {
		t.Fatalf("host bits: %v %v", r, err)
	}
	for _, bad := range []string{"", "::/0", "10.0.0.0", "10.0.0.0/33", "banana"} {
		if _, err := parseCIDR4(bad); err == nil {
			t.Errorf("parseCIDR4(%q) accepted", bad)
		}
	}
}

// VPC-UG "Network ACL rules": first match by rule number, * denies the rest;
// port ranges that split the asked range are evaluated piece by piece.
func TestACLEval(t *testing.T) {
	f := newFixture()
	a := compileACL(f.acl("acl", "vpc", false, []world.NetworkACLEntry{
		entry(200, false, "-1", "allow", "0.0.0.0/0", 0, 0),
		entry(100, false, "6", "deny", "0.0.0.0/0", 1024, 32767),
		entry(32767, false, "-1", "deny", "0.0.0.0/0", 0, 0),
	}))
	if r := a.eval(false, taskEphemeral, publicIPv4); r.v != allowAll {
		t.Errorf("task ephemeral: %v %v", r.v, r.deciding)
	}
	r := a.eval(false, natEphemeral, publicIPv4)
	if r.v != partial || !r.portBlocked || r.firstDeny != 100 {
		t.Errorf("nat ephemeral: %+v", r)
	}
	if r := a.eval(true, portRange{443, 443}, publicIPv4); r.v != denyAll || r.firstDeny != 32767 {
		t.Errorf("egress with no entries: %+v", r)
	}
}

// VPC-UG "Network ACL rules" and "Ephemeral ports": the client picks its
// source port anywhere in the ephemeral range per connection, so an entry
// that denies even the first or the last port of the range for every peer
// blocks some connections.
func TestACLEvalRangeEdges(t *testing.T) {
	allowRest := entry(100, false, "-1", "allow", "0.0.0.0/0", 0, 0)
	cases := []struct {
		name    string
		entries []world.NetworkACLEntry
		ports   portRange
		want    verdict
		blocked bool
	}{
		{"VPC-UG ephemeral ports deny of the last port 65535 blocks the task's range",
			[]world.NetworkACLEntry{entry(90, false, "6", "deny", "0.0.0.0/0", 65535, 65535), allowRest}, taskEphemeral, partial, true},
		{"VPC-UG ephemeral ports deny ending at the first port 32768 blocks the task's range",
			[]world.NetworkACLEntry{entry(90, false, "6", "deny", "0.0.0.0/0", 0, 32768), allowRest}, taskEphemeral, partial, true},
		{"VPC-UG ephemeral ports deny ending below the range leaves it open",
			[]world.NetworkACLEntry{entry(90, false, "6", "deny", "0.0.0.0/0", 0, 32767), allowRest}, taskEphemeral, allowAll, false},
		{"VPC-UG ephemeral ports deny starting above the range leaves it open",
			[]world.NetworkACLEntry{entry(90, false, "6", "deny", "0.0.0.0/0", 443, 1023), allowRest}, natEphemeral, allowAll, false},
		{"VPC-UG network ACL rules UDP deny over the whole range does not touch TCP",
			[]world.NetworkACLEntry{entry(90, false, "17", "deny", "0.0.0.0/0", 0, 65535), allowRest}, taskEphemeral, allowAll, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := compileACL(&world.NetworkACL{NetworkAclId: "acl", Entries: tc.entries})
			r := a.eval(false, tc.ports, publicIPv4)
			if r.v != tc.want || r.portBlocked != tc.blocked {
				t.Errorf("eval(%s) = %+v, want verdict %v, portBlocked %v", tc.ports, r, tc.want, tc.blocked)
			}
		})
	}
}

// VPC-UG "Network ACL rules": entries are evaluated from the lowest number,
// so the allow entry a fix proposes must be numbered below the entry that
// denies; the proposal is the nearest free number under it.
func TestFreeRuleNumber(t *testing.T) {
	nums := func(ns ...int) *compiledACL {
		a := &compiledACL{id: "acl"}
		for _, n := range ns {
			a.ingress = append(a.ingress, aclEntry{num: n})
		}
		return a
	}
	below := make([]int, 0, 98)
	for n := 2; n <= 99; n++ {
		below = append(below, n)
	}
	cases := []struct {
		name  string
		acl   *compiledACL
		limit int
		want  int
	}{
		{"deny at 100: propose 99", nums(100, 200), 100, 99},
		{"deny at 100 with 99 taken: propose 98", nums(99, 100), 100, 98},
		{"implicit rule * with an allow at 100: propose 99", nums(100), 32767, 99},
		{"implicit rule * with nothing at 100: propose 100", nums(), 32767, 100},
		{"only rule 1 is free below the deny: propose 1", nums(append(below, 100)...), 100, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.acl.freeRuleNumber(false, tc.limit); got != tc.want {
				t.Errorf("freeRuleNumber(%d) = %d, want %d", tc.limit, got, tc.want)
			}
		})
	}
}

// Single addresses at the edge of a range: a /32 rule or entry for the last
// address of a subnet must merge into it and intersect it, so that the sets
// stay canonical and a one-address peer is still seen.
func TestIPSetSingleAddressEdges(t *testing.T) {
	if got := mustSet("10.0.0.0/24", "10.0.0.255/32").String(); got != "10.0.0.0-10.0.0.255" {
		t.Errorf("a /32 at the end of a /24 is not merged: %s", got)
	}
	if got := mustSet("10.0.0.0/24").intersect(mustSet("10.0.0.255/32")).String(); got != "10.0.0.255-10.0.0.255" {
		t.Errorf("intersecting a /24 with its last address: %s", got)
	}
	if !mustSet("10.0.0.0/24").overlaps(mustSet("10.0.0.0/32")) {
		t.Error("a /24 does not overlap its first address")
	}
}
