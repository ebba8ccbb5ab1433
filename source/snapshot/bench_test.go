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

// Reading a bulk snapshot allocates a bounded number of times per service:
// the tree's nodes come from reused slabs and the world's sets are sized
// before they fill. About 102 per service at 300 services today, 113
// when the sections shared one growing duplicate map.
func TestReadBulkAllocations(t *testing.T) {
	const services, perService = 300, 110
	data, err := gen.BulkSnapshot(gen.DefaultConfig(services))
	if err != nil {
		t.Fatal(err)
	}
	allocs := testing.AllocsPerRun(2, func() {
		if _, err := Read("bulk.json", data); err != nil {
			t.Fatal(err)
		}
	})
	if got := allocs / services; got > perService {
		t.Errorf("%.0f allocations per service, want at most %d", got, perService)
	}
}
