package netpath

import (
	"fmt"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/world"
)

// benchWorld is a private VPC with all endpoints, 200 security group rules,
// 100 NACL entries and 50 routes.
func benchWorld() *world.World {
	f := standard().privateOnly()
	var egress, ingress []world.IpPermission
	for i := range 99 {
		egress = append(egress, toCIDR(tcp(8000+i, 8000+i), fmt.Sprintf("192.168.%d.0/24", i)))
		ingress = append(ingress, toCIDR(tcp(9000+i, 9000+i), fmt.Sprintf("172.16.%d.0/24", i)))
	}
	egress = append(egress, toGroup(tcp(443, 443), "sg-ep"), toPL(tcp(443, 443), "pl-s3"))
	ingress = append(ingress, toGroup(tcp(443, 443), "sg-task"))
	f.sgp("sg-task").IpPermissionsEgress = egress
	f.sgp("sg-ep").IpPermissions = ingress
	var es []world.NetworkACLEntry
	for i := range 48 {
		es = append(es,
			entry(10+i, false, "6", "deny", fmt.Sprintf("198.51.%d.0/24", i), 22, 22),
			entry(10+i, true, "6", "deny", fmt.Sprintf("198.51.%d.0/24", i), 3389, 3389))
	}
	es = append(es, entry(1000, false, "-1", "allow", "0.0.0.0/0", 0, 0), entry(1000, true, "-1", "allow", "0.0.0.0/0", 0, 0),
		entry(32767, false, "-1", "deny", "0.0.0.0/0", 0, 0), entry(32767, true, "-1", "deny", "0.0.0.0/0", 0, 0))
	f.acl("acl-priv", "vpc-1", false, es, "subnet-priv")
	f.acl("acl-ep", "vpc-1", false, es, "subnet-ep")
	priv := f.rt("rtb-priv")
	for i := range 48 {
		priv.Routes = append(priv.Routes, world.Route{DestinationCidrBlock: fmt.Sprintf("10.%d.0.0/16", 100+i), TransitGatewayId: "tgw-1", State: "active"})
	}
	return f.w
}

func tenContainerTargets() []Target {
	var ts []Target
	for i := range 10 {
		ts = append(ts,
			apiECR,
			ECRRegistryTarget(fmt.Sprintf("%012d.dkr.ecr.%s.amazonaws.com", 123456789000+i, testRegion), ""),
			layers, logsT, smT, ssmT)
	}
	return ts
}

// BenchmarkReach10Containers compiles the world once per task and asks for
// every host of a 10-container task (60 questions).
func BenchmarkReach10Containers(b *testing.B) {
	w := benchWorld()
	targets := tenContainerTargets()
	if r := Reach(w, privENI, layers); r.Status != Reachable {
		b.Fatalf("bench world does not reach the layer bucket: %+v", r)
	}
	b.ReportAllocs()
	for b.Loop() {
		n := Compile(w)
		for _, t := range targets {
			if r := n.Reach(privENI, t); r.Status != Reachable {
				b.Fatal(r.Status)
			}
		}
	}
}

// BenchmarkReach10ContainersUncompiled is the same through Reach, which
// compiles on every call.
func BenchmarkReach10ContainersUncompiled(b *testing.B) {
	w := benchWorld()
	targets := tenContainerTargets()
	b.ReportAllocs()
	for b.Loop() {
		for _, t := range targets {
			Reach(w, privENI, t)
		}
	}
}
