package cloudformation

import (
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkReadCDK loads the largest CDK-synthesized scenario (a VPC with
// endpoints, roles and a service: about 900 lines of JSON).
func BenchmarkReadCDK(b *testing.B) {
	data, err := os.ReadFile(filepath.Join("testdata", "scenarios", "cdk-isolated-egress-443.template.json"))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Read("IngestStack.template.json", data); err != nil {
			b.Fatal(err)
		}
	}
}
