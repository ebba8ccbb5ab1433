package netpath

import (
	"testing"

	"github.com/ecs-preflight/ecs-preflight/world"
)

// FuzzCIDRSet checks the CIDR parser and set arithmetic: parsed ranges are
// aligned, and union/intersect/subtract agree with each other.
func FuzzCIDRSet(f *testing.F) {
	for _, s := range [][2]string{
		{"10.0.0.0/16", "10.0.1.0/24"}, {"0.0.0.0/0", "52.219.0.0/20"}, {"255.255.255.255/32", "0.0.0.0/1"},
		{"10.0.1.7/24", "::/0"}, {"", "banana"}, {"128.0.0.0/1", "127.255.255.255/32"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		ra, errA := parseCIDR4(a)
		rb, errB := parseCIDR4(b)
		for _, x := range []struct {
			r   ipRange
			err error
		}{{ra, errA}, {rb, errB}} {
			if x.err == nil && x.r.lo > x.r.hi {
				t.Fatalf("inverted range %v", x.r)
			}
		}
		if errA != nil || errB != nil {
			return
		}
		sa, sb := ipSet{ra}, ipSet{rb}
		u, in, d := sa.union(sb), sa.intersect(sb), sa.subtract(sb)
		if !u.covers(sa) || !u.covers(sb) {
			t.Fatalf("union %s does not cover %s and %s", u, sa, sb)
		}
		if d.overlaps(sb) || !d.union(in).covers(sa) || !sa.covers(d.union(in)) {
			t.Fatalf("subtract/intersect disagree: a=%s b=%s d=%s i=%s", sa, sb, d, in)
		}
		if sa.covers(sb) != sb.subtract(sa).empty() || in.empty() == sa.overlaps(sb) {
			t.Fatalf("covers/overlaps disagree: a=%s b=%s", sa, sb)
		}
		if !allIPv4.subtract(sa).union(sa).covers(allIPv4) {
			t.Fatalf("complement of %s", sa)
		}
	})
}

// FuzzEndpointServiceName checks that parsing a service name and building it
// again gives the name back, for both prefixes.
func FuzzEndpointServiceName(f *testing.F) {
	for _, s := range []string{
		"com.amazonaws.eu-west-1.ecr.api", "cn.com.amazonaws.cn-north-1.ecr.dkr", "com.amazonaws.us-gov-west-1.s3",
		"com.amazonaws.vpce.us-east-1.vpce-svc-0123", "aws.sagemaker.us-east-1.notebook", "com.amazonaws.us-east-1.", "",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		region, svc, ok := ParseEndpointServiceName(name)
		if !ok {
			return
		}
		if region == "" || svc == "" || !looksLikeRegion(region) {
			t.Fatalf("accepted %q as %q %q", name, region, svc)
		}
		if name != "com.amazonaws."+region+"."+svc && name != "cn.com.amazonaws."+region+"."+svc {
			t.Fatalf("%q does not rebuild from %q %q", name, region, svc)
		}
		built := EndpointServiceName(svc, region, "")
		r2, s2, ok := ParseEndpointServiceName(built)
		if !ok || r2 != region || s2 != svc {
			t.Fatalf("EndpointServiceName(%q,%q) = %q parses as %q %q %v", svc, region, built, r2, s2, ok)
		}
	})
}

// FuzzACLPorts checks NACL evaluation over port ranges: a range's verdict
// agrees with the verdicts of its single ports.
func FuzzACLPorts(f *testing.F) {
	f.Add(100, 1024, 32767, 200, 0, 65535, 1024, 65535, true)
	f.Add(100, 443, 443, 32767, 0, 0, 440, 450, false)
	f.Fuzz(func(t *testing.T, n1, lo1, hi1, n2, lo2, hi2, qlo, qhi int, deny bool) {
		clamp := func(p int) int { return ((p % 65536) + 65536) % 65536 }
		lo1, hi1, lo2, hi2, qlo, qhi = clamp(lo1), clamp(hi1), clamp(lo2), clamp(hi2), clamp(qlo), clamp(qhi)
		if qlo > qhi {
			qlo, qhi = qhi, qlo
		}
		if qhi-qlo > 64 {
			qhi = qlo + 64
		}
		action := "allow"
		if deny {
			action = "deny"
		}
		fx := newFixture()
		a := compileACL(fx.acl("acl", "vpc", false, []world.NetworkACLEntry{
			entry(1+clamp(n1)%32766, false, "6", action, "0.0.0.0/0", lo1, hi1),
			entry(1+clamp(n2)%32766, false, "6", "allow", "0.0.0.0/0", lo2, hi2),
		}))
		whole := a.eval(false, portRange{qlo, qhi}, allIPv4)
		allowed, denied := 0, 0
		for p := qlo; p <= qhi; p++ {
			switch a.eval(false, portRange{p, p}, allIPv4).v {
			case allowAll:
				allowed++
			case denyAll:
				denied++
			default:
				t.Fatalf("single port %d gave a partial verdict", p)
			}
		}
		want := partial
		switch {
		case denied == 0:
			want = allowAll
		case allowed == 0:
			want = denyAll
		}
		if whole.v != want {
			t.Fatalf("range %d-%d: %v, ports say %v (%d allowed, %d denied)", qlo, qhi, whole.v, want, allowed, denied)
		}
	})
}
