// Package report defines how a simulation result is written out. Each format
// lives in its own package (report/text, report/json) with its own options;
// renderers only format, they never compute.
package report

import (
	"io"

	"github.com/ecs-preflight/ecs-preflight/taskstart"
)

// Renderer writes a result in one format.
type Renderer interface {
	Render(w io.Writer, r *taskstart.Result) error
}

// Stream writes a result whose tasks arrive one at a time
// (taskstart.SimulateEach), so that a run of thousands of tasks never holds
// them all: Task for each task in order, then Finish with the rest of the
// result (its Tasks are ignored), and Close always, to release what the
// stream holds. The output is byte for byte what the format's Render writes
// for the same result. Nothing is written when Finish is not called with at
// least one task written, unless the format says otherwise.
type Stream interface {
	Task(t taskstart.Task) error
	Finish(r *taskstart.Result) error
	Close() error
}

// RenderAll writes the whole of r through s, task by task, then finishes
// and closes it: the Render of a format that streams.
func RenderAll(s Stream, r *taskstart.Result) error {
	defer s.Close()
	for _, t := range r.Tasks {
		if err := s.Task(t); err != nil {
			return err
		}
	}
	return s.Finish(r)
}
