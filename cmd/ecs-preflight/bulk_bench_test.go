package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/ecs-preflight/ecs-preflight/internal/gen"
	"github.com/ecs-preflight/ecs-preflight/iostreams"
)

// benchCheckBulk runs the whole `check` of a generated snapshot of 1,000
// services (docs/testing.md, "Scale"), file read to output, as the
// process does it.
func benchCheckBulk(b *testing.B, format string) {
	data, err := gen.BulkSnapshot(gen.DefaultConfig(1000))
	if err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(b.TempDir(), "bulk.json")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		errOut := &bytes.Buffer{}
		io := &iostreams.IOStreams{In: &bytes.Buffer{}, Out: io.Discard, ErrOut: errOut}
		if code := run([]string{"check", "--snapshot", path, "--format", format}, io); code != 0 {
			b.Fatalf("exit %d: %s", code, errOut)
		}
	}
}

func BenchmarkCheckBulkText(b *testing.B) { benchCheckBulk(b, "text") }
func BenchmarkCheckBulkJSON(b *testing.B) { benchCheckBulk(b, "json") }

// BenchmarkCheckProcess runs the built command, as a user does, on a
// generated snapshot (docs/testing.md, "Scale"): ns/op is the whole
// process, start to exit; tasks/s is the services checked per second of
// it, peak-MiB the largest resident set, cpu-s/op its user and system
// time.
func BenchmarkCheckProcess(b *testing.B) {
	bin := builtBinary(b)
	for _, c := range []struct {
		services int
		format   string
	}{{2000, "json"}, {5000, "text"}, {5000, "json"}} {
		b.Run(fmt.Sprintf("services=%d/format=%s", c.services, c.format), func(b *testing.B) {
			// The generator runs in its own process: a child's peak
			// resident set starts from its parent's (Linux carries the
			// high-water mark across the fork and exec), which must stay
			// small for peak-MiB to be the command's.
			path := filepath.Join(b.TempDir(), "bulk.json")
			gen := exec.Command("go", "run", "../../internal/gen/bulksnapshot", "-services", fmt.Sprint(c.services), "-o", path)
			if out, err := gen.CombinedOutput(); err != nil {
				b.Fatalf("generating the snapshot: %v\n%s", err, out)
			}
			var cpu time.Duration
			var peak int64
			for b.Loop() {
				cmd := exec.Command(bin, "check", "--snapshot", path, "--format", c.format)
				var stderr bytes.Buffer
				cmd.Stderr = &stderr
				if err := cmd.Run(); err != nil {
					b.Fatalf("%v: %s", err, stderr.String())
				}
				cpu += cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
				if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
					peak = max(peak, int64(ru.Maxrss)) // KiB on Linux
				}
			}
			perOp := b.Elapsed() / time.Duration(b.N)
			b.ReportMetric(float64(c.services)/perOp.Seconds(), "tasks/s")
			b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
			if peak > 0 {
				b.ReportMetric(float64(peak)/1024, "peak-MiB")
			}
		})
	}
}
