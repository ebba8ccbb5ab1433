package taskstart_test

import (
	"context"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/internal/gen"
	"github.com/ecs-preflight/ecs-preflight/source/snapshot"
	"github.com/ecs-preflight/ecs-preflight/taskstart"
	"github.com/ecs-preflight/ecs-preflight/world"
)

// bulkWorld loads a generated snapshot of n services (internal/gen).
func bulkWorld(tb testing.TB, n int) *world.World {
	tb.Helper()
	doc, err := gen.BulkSnapshot(gen.DefaultConfig(n))
	if err != nil {
		tb.Fatal(err)
	}
	w, err := (&snapshot.Bytes{Name: "bulk.json", Data: doc}).Load(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	return w
}

// BenchmarkSimulateBulk simulates 1,000 services of the bulk snapshot
// (internal/gen: 2 containers each, secrets and awslogs, 51 subnets, 600
// security group rules); ns/op is per run of all 1,000 tasks.
func BenchmarkSimulateBulk(b *testing.B) {
	w := bulkWorld(b, 1000)
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		res, err := taskstart.Simulate(ctx, w)
		if err != nil || len(res.Tasks) != 1000 {
			b.Fatalf("simulate: %v", err)
		}
	}
}
