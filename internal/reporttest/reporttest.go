// Package reporttest holds what the renderers' tests share. It is a test
// helper: nothing outside tests imports it.
package reporttest

import (
	"io"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/report"
	"github.com/ecs-preflight/ecs-preflight/taskstart"
)

// BenchStream measures the cost per task of a bulk run through a stream
// (the stream keeps what Finish writes): 1,000 tasks like res's first.
func BenchStream(b *testing.B, res *taskstart.Result, stream func(io.Writer) report.Stream) {
	tasks := make([]taskstart.Task, 1000)
	for i := range tasks {
		tasks[i] = res.Tasks[0]
	}
	b.ReportAllocs()
	for b.Loop() {
		s := stream(io.Discard)
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
