package gen_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/internal/gen"
	"github.com/ecs-preflight/ecs-preflight/source/snapshot"
)

// The generated snapshot is valid input (docs/snapshot.md): the snapshot
// reader loads it, with every service, task definition, role, subnet and
// security group rule the config asks for.
func TestBulkSnapshotLoads(t *testing.T) {
	c := gen.Config{Services: 7, Containers: 3, Subnets: 5, ServiceSubnets: 2, Rules: 11}
	doc, err := gen.BulkSnapshot(c)
	if err != nil {
		t.Fatal(err)
	}
	w, err := (&snapshot.Bytes{Name: "bulk.json", Data: doc}).Load(context.Background())
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	if got := w.Services.Len(); got != c.Services {
		t.Errorf("services: %d, want %d", got, c.Services)
	}
	if got := w.TaskDefinitions.Len(); got != c.Services {
		t.Errorf("task definitions: %d, want %d", got, c.Services)
	}
	for _, td := range w.TaskDefinitions.All() {
		if len(td.ContainerDefinitions) != c.Containers {
			t.Errorf("%s: %d containers, want %d", td.Family, len(td.ContainerDefinitions), c.Containers)
		}
	}
	if got := w.Roles.Len(); got != c.Services {
		t.Errorf("roles: %d, want %d", got, c.Services)
	}
	if got := w.Subnets.Len(); got != c.Subnets {
		t.Errorf("subnets: %d, want %d", got, c.Subnets)
	}
	rules := 0
	for _, sg := range w.SecurityGroups.All() {
		rules += len(sg.IpPermissions) + len(sg.IpPermissionsEgress)
	}
	// The task group's extra rules and its HTTPS egress, the endpoint
	// group's ingress and egress.
	if want := c.Rules + 3; rules != want {
		t.Errorf("security group rules: %d, want %d", rules, want)
	}
	again, err := gen.BulkSnapshot(c)
	if err != nil || !bytes.Equal(doc, again) {
		t.Errorf("the generator is not deterministic (err %v)", err)
	}
}

// A config outside what the generator can build is an error, not a
// snapshot the reader would refuse.
func TestBulkSnapshotRejectsBadConfig(t *testing.T) {
	for name, c := range map[string]gen.Config{
		"no services":           {Services: 0, Containers: 1, Subnets: 1, ServiceSubnets: 1},
		"no containers":         {Services: 1, Containers: 0, Subnets: 1, ServiceSubnets: 1},
		"too many subnets":      {Services: 1, Containers: 1, Subnets: 251, ServiceSubnets: 1},
		"service subnets > all": {Services: 1, Containers: 1, Subnets: 2, ServiceSubnets: 3},
		"negative rules":        {Services: 1, Containers: 1, Subnets: 1, ServiceSubnets: 1, Rules: -1},
	} {
		if _, err := gen.BulkSnapshot(c); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
