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
