package text

import (
	"io"

	"github.com/ecs-preflight/ecs-preflight/internal/termsafe"
	"github.com/ecs-preflight/ecs-preflight/report"
	"github.com/ecs-preflight/ecs-preflight/taskstart"
)

// Stream writes the text report one task at a time, as each arrives; see
// report.Stream. The settings line is written before the first task, from
// head's Region and Account (taskstart.Settings), the verdict line by
// Finish. Nothing is written before the first task.
type Stream struct {
	r      *Renderer
	w      *errWriter
	head   *taskstart.Result
	counts map[taskstart.Verdict]int
	n      int
	shown  int // tasks written: Quiet leaves out those that pass
}

var _ report.Stream = (*Stream)(nil)

// Stream starts a stream writing to w; head gives the region and account.
func (t *Renderer) Stream(w io.Writer, head *taskstart.Result) *Stream {
	return &Stream{r: t, w: newErrWriter(w), head: head, counts: map[taskstart.Verdict]int{}}
}

func (s *Stream) begin() {
	if line := settingsLine(s.head); line != "" && !s.r.Quiet {
		s.r.folded(s.w, "", line, 2)
		s.w.printf("\n")
	}
}

// Task writes one task.
func (s *Stream) Task(t taskstart.Task) error {
	if s.n == 0 {
		s.begin()
	}
	s.counts[t.Verdict]++
	s.n++
	if s.r.Quiet && t.Verdict == taskstart.Pass {
		return s.w.err
	}
	if s.shown > 0 {
		s.w.printf("\n")
	}
	s.r.task(s.w, &t)
	s.shown++
	// Each task is written as it arrives, in one write.
	s.w.flush()
	return s.w.err
}

// Finish writes the verdict line of r, counting the tasks written.
func (s *Stream) Finish(r *taskstart.Result) error {
	if s.n == 0 {
		s.begin()
	}
	if s.r.Quiet && s.shown == 0 {
		s.w.printf("%s\n", termsafe.Raw(s.r.verdictCounts(r.Verdict, s.n, s.counts))) // only the verdict
	} else {
		s.w.printf("\n%s\n", termsafe.Raw(s.r.verdictCounts(r.Verdict, s.n, s.counts)))
	}
	s.w.flush()
	return s.w.err
}

// Close does nothing: the text stream holds nothing.
func (s *Stream) Close() error { return nil }
