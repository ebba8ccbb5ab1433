package sarif

import (
	"io"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/taskstart"
)

// BenchmarkStream is the cost per task of a bulk run (the stream keeps
// what Finish writes): 1,000 tasks like the sample's first.
func BenchmarkStream(b *testing.B) {
	res := sample()
	tasks := make([]taskstart.Task, 1000)
	for i := range tasks {
		tasks[i] = res.Tasks[0]
	}
	b.ReportAllocs()
	for b.Loop() {
		s := (&Renderer{}).Stream(io.Discard)
		for _, t := range tasks {
			if err := s.Task(t); err != nil {
				b.Fatal(err)
			}
		}
		if err := s.Finish(res); err != nil {
			b.Fatal(err)
		}
	}
}
