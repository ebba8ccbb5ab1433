package cdkassembly

import (
	"path/filepath"
	"testing"
)

// BenchmarkRead reads the synthesised assembly: its manifest, the
// metadata files and the nested Stage.
func BenchmarkRead(b *testing.B) {
	dir := filepath.Join("testdata", "cdk.out")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Read(dir); err != nil {
			b.Fatal(err)
		}
	}
}
