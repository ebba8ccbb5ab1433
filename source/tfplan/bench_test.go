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
