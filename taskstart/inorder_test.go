package taskstart

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"
)

// inOrder delivers every result in index order whatever order the workers
// finish in, and holds at most a bounded number of undelivered results:
// the memory of a streamed run does not grow with the number of tasks.
// Counted, not timed: the gap between computed and delivered results.
func TestInOrderOrderAndBound(t *testing.T) {
	const n, workers = 2000, 4
	var computed, delivered, maxGap atomic.Int64
	next := 0
	err := inOrder(context.Background(), n, workers, func(i int) int {
		if i%7 == 0 {
			time.Sleep(10 * time.Microsecond) // finish out of order
		}
		c := computed.Add(1)
		gap := c - delivered.Load()
		for m := maxGap.Load(); gap > m && !maxGap.CompareAndSwap(m, gap); m = maxGap.Load() {
		}
		return i
	}, func(i int) error {
		if i != next {
			t.Fatalf("delivered %d, want %d", i, next)
		}
		next++
		delivered.Add(1)
		if i%100 == 0 {
			time.Sleep(time.Millisecond) // a slow writer
		}
		return nil
	})
	if err != nil || next != n {
		t.Fatalf("err %v, delivered %d of %d", err, next, n)
	}
	// 2*workers slots wait for delivery, each worker holds one more, and
	// one is being delivered.
	if bound := int64(3*workers + 1); maxGap.Load() > bound {
		t.Errorf("%d results computed and not delivered at once, want at most %d", maxGap.Load(), bound)
	}
}

// An error of deliver stops the run: it is returned, and no work is
// started long after it.
func TestInOrderStopsOnError(t *testing.T) {
	stop := errors.New("writer closed")
	var started atomic.Int64
	err := inOrder(context.Background(), 10000, 4, func(i int) int {
		started.Add(1)
		return i
	}, func(i int) error {
		if i == 10 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) {
		t.Fatalf("err %v, want %v", err, stop)
	}
	if s := started.Load(); s > 10+3*4+1 {
		t.Errorf("%d tasks started after the error at task 10", s)
	}
}

// A cancelled context ends the run with its error.
func TestInOrderCancelled(t *testing.T) {
	for _, workers := range []int{1, 4} {
		ctx, cancel := context.WithCancel(context.Background())
		err := inOrder(ctx, 1000, workers, func(i int) int { return i }, func(i int) error {
			if i == 5 {
				cancel()
			}
			return nil
		})
		if !errors.Is(err, context.Canceled) {
			t.Errorf("workers %d: err %v, want context.Canceled", workers, err)
		}
	}
}

// A panic in the work is raised again in the caller's goroutine, where a
// sequential run would have raised it, after the workers stopped.
func TestInOrderPanicReachesCaller(t *testing.T) {
	defer func() {
		if p := recover(); p != "task 3" {
			t.Errorf("recovered %v, want the work's panic", p)
		}
	}()
	_ = inOrder(context.Background(), 100, 4, func(i int) int {
		if i == 3 {
			panic("task 3")
		}
		return i
	}, func(int) error { return nil })
	t.Error("no panic")
}
