package main

import (
	"errors"
	"runtime/debug"
	"testing"
)

// withoutGC turns the collector off for the load only: the settings the
// process had (GOGC, GOMEMLIMIT) are back afterwards, on success and on
// error, and the load's answer passes through.
func TestWithoutGCRestoresSettings(t *testing.T) {
	percent := debug.SetGCPercent(150)
	limit := debug.SetMemoryLimit(3 << 30)
	t.Cleanup(func() {
		debug.SetGCPercent(percent)
		debug.SetMemoryLimit(limit)
	})
	wantErr := errors.New("bad input")
	for name, c := range map[string]struct {
		v   int
		err error
	}{"success": {7, nil}, "error": {0, wantErr}} {
		var during int
		v, err := withoutGC(func() (int, error) {
			during = debug.SetGCPercent(-1)
			return c.v, c.err
		})
		if v != c.v || !errors.Is(err, c.err) {
			t.Errorf("%s: got %d, %v; want %d, %v", name, v, err, c.v, c.err)
		}
		if during != -1 {
			t.Errorf("%s: GC percent %d during the load, want off (-1)", name, during)
		}
		if got := debug.SetGCPercent(150); got != 150 {
			t.Errorf("%s: GC percent %d after the load, want 150", name, got)
		}
		if got := debug.SetMemoryLimit(-1); got != 3<<30 {
			t.Errorf("%s: memory limit %d after the load, want %d", name, got, int64(3<<30))
		}
	}
}
