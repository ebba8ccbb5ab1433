package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"

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
