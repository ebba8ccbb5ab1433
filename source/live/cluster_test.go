package live_test

import (
	"slices"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/examples"
	"github.com/ecs-preflight/ecs-preflight/internal/awstest"
	"github.com/ecs-preflight/ecs-preflight/source/live"
	"github.com/ecs-preflight/ecs-preflight/source/snapshot"
	"github.com/ecs-preflight/ecs-preflight/taskstart"
)

// check --cluster alone: every service of the cluster (ecs:ListServices,
// paged), with the answers of the example that holds them.
func TestWholeCluster(t *testing.T) {
	ex, _ := examples.Get("nat-gateway")
	region, svcs := services(t, ex.Data)
	if len(svcs) < 2 {
		t.Fatal("want an example with two services")
	}
	srv := awstest.NewServer(t, ex.Data, awstest.WithPageSize(1))
	lr, err := live.Read(t.Context(), srv.Config(region), live.Options{Cluster: svcs[0].cluster})
	if err != nil {
		t.Fatal(err)
	}
	got, err := taskstart.Simulate(t.Context(), lr.World)
	if err != nil {
		t.Fatal(err)
	}
	w, err := snapshot.Read("example", ex.Data)
	if err != nil {
		t.Fatal(err)
	}
	want, err := taskstart.Simulate(t.Context(), w)
	if err != nil {
		t.Fatal(err)
	}
	if g, w := normalized(t, got), normalized(t, want); g != w {
		t.Errorf("whole-cluster check differs from the example:\n%s", lineDiff(g, w))
	}
	listed := 0
	for _, c := range srv.Calls() {
		if c.Operation == "ListServices" {
			listed++
		}
		if c.Operation == "GetSecretValue" {
			t.Errorf("read a secret value without --read-secret-keys: %+v", c)
		}
	}
	if listed < len(svcs) {
		t.Errorf("ListServices called %d times with one service per page, want every page (%d services)", listed, len(svcs))
	}
	if !slices.Contains(lr.Stats.Actions, "ecs:ListServices") {
		t.Errorf("actions %v", lr.Stats.Actions)
	}
}
