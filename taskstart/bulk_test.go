package taskstart_test

import (
	"context"
	"reflect"
	"runtime"
	"testing"
	"time"

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

// Parallel workers change nothing: the result of 60 bulk services
// simulated by one worker and by four is the same, task for task, in the
// same order.
func TestSimulateParallelDeterministic(t *testing.T) {
	w := bulkWorld(t, 60)
	now := taskstart.WithNow(time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC))
	simulate := func(procs int) *taskstart.Result {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		res, err := taskstart.Simulate(context.Background(), w, now)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	one, four := simulate(1), simulate(4)
	if len(one.Tasks) != 60 || !reflect.DeepEqual(one, four) {
		t.Errorf("1 worker: %d tasks, %s; 4 workers: %d tasks, %s: results differ", len(one.Tasks), one.Verdict, len(four.Tasks), four.Verdict)
	}
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

// The simulation's allocations per task stay bounded: a count, exact on
// any machine, where time is not (docs/testing.md, "Scale"). At 200
// services a task takes about 540 (1,300 before the run shared what is the
// same for every task); the bound leaves room for new steps, not for a
// return to per-task work the run can share.
func TestSimulateBulkAllocations(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates 200 services")
	}
	const services, perTask = 200, 650
	w := bulkWorld(t, services)
	ctx := context.Background()
	allocs := testing.AllocsPerRun(2, func() {
		if _, err := taskstart.Simulate(ctx, w); err != nil {
			t.Fatal(err)
		}
	})
	if got := allocs / services; got > perTask {
		t.Errorf("%.0f allocations per task, want at most %d", got, perTask)
	}
}
