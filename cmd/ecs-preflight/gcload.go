package main

import (
	"runtime"
	"runtime/debug"
)

// loadMemoryLimit bounds the heap while a load runs without collections:
// past it the collector runs as usual (debug.SetMemoryLimit). A snapshot
// of MaxSize (64 MiB) builds a tree and world of several times its size.
const loadMemoryLimit = 1 << 30

// withoutGC runs load, which builds a large structure that stays live until
// it returns (a snapshot's world), with the garbage collector off up to
// loadMemoryLimit: each collection during the load would mark all of it
// again and free little, and on a bulk snapshot they took a tenth of the
// load's CPU time. A collection after the load frees what the reader left
// (the operations' trees, its maps) and sets the next collection's goal
// from the world alone: at 5,000 services the peak resident set is 155 MiB
// with it and 168 MiB without.
func withoutGC[T any](load func() (T, error)) (T, error) {
	percent := debug.SetGCPercent(-1)
	limit := debug.SetMemoryLimit(loadMemoryLimit)
	defer func() {
		debug.SetMemoryLimit(limit)
		debug.SetGCPercent(percent)
		runtime.GC()
	}()
	return load()
}
