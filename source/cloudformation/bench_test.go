package cloudformation

import (
	"context"
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

// BenchmarkLoadStacks reads the orders application split into three
// stacks that import from each other (each template is read twice: once
// for its export and import names, once in import order).
func BenchmarkLoadStacks(b *testing.B) {
	dir := filepath.Join("testdata", "stacks", "imports")
	stacks := []Stack{{File: filepath.Join(dir, "service.yaml"), Name: "orders-service"}, {File: filepath.Join(dir, "iam.yaml"), Name: "orders-iam"}, {File: filepath.Join(dir, "network.yaml"), Name: "orders-network"}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := LoadStacks(context.Background(), stacks, WithRegion("eu-west-1")); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadNested reads the orders application as a parent template
// nesting four stacks.
func BenchmarkLoadNested(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Load(filepath.Join("testdata", "stacks", "nested", "master.yaml"), WithRegion("eu-west-1")); err != nil {
			b.Fatal(err)
		}
	}
}
