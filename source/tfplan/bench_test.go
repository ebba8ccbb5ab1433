package tfplan_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/source/tfplan"
)

func BenchmarkRead(b *testing.B) {
	data, err := os.ReadFile(filepath.Join("testdata", "scenarios", "new-stack-nat.json"))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := tfplan.Read("plan.json", data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReadModules reads the modules-fargate plan without and with its
// configuration: the cost of parsing the .tf files, expanding the dynamic
// blocks and following locals.
func BenchmarkReadModules(b *testing.B) {
	dir := filepath.Join("testdata", "real", "modules-fargate")
	data, err := os.ReadFile(filepath.Join(dir, "plan.json"))
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name string
		opts []tfplan.Option
	}{
		{"plan", nil},
		{"plan+config", []tfplan.Option{tfplan.WithConfigDir(dir)}},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, err := tfplan.Read("plan.json", data, c.opts...); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
