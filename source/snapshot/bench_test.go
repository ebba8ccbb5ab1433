package snapshot

import (
	"testing"

	"github.com/ecs-preflight/ecs-preflight/internal/gen"
)

// bulk is a generated snapshot of 1,000 services (docs/testing.md, "Scale").
func bulk(b *testing.B) []byte {
	b.Helper()
	data, err := gen.BulkSnapshot(gen.DefaultConfig(1000))
	if err != nil {
		b.Fatal(err)
	}
	return data
}

// BenchmarkParseBulk measures the document tree alone.
func BenchmarkParseBulk(b *testing.B) {
	data := bulk(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := parse(data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReadBulk measures the whole reader: tree, sections and world.
func BenchmarkReadBulk(b *testing.B) {
	data := bulk(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Read("bulk.json", data); err != nil {
			b.Fatal(err)
		}
	}
}
