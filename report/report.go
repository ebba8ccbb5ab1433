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
