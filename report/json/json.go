// Package json renders a simulation result as the stable JSON contract of
// `ecs-preflight check --format json`, whose JSON Schema is [Schema]
// (report/json/schema/check-output.schema.json, linked from README.md).
// Fields are only ever added.
package json

import (
	"bytes"
	stdjson "encoding/json"
	"io"

	"github.com/ecs-preflight/ecs-preflight/internal/termsafe"
	"github.com/ecs-preflight/ecs-preflight/report"
	"github.com/ecs-preflight/ecs-preflight/taskstart"
)

// Renderer writes indented JSON.
type Renderer struct {
	// Compact writes one line instead of indented JSON. Default false.
	Compact bool
}

var _ report.Renderer = (*Renderer)(nil)

// Render writes r as JSON followed by a newline.
// Characters that act on a terminal and that encoding/json leaves raw are
// written as \u escapes (termsafe.JSON): the decoded values are the same.
func (j *Renderer) Render(w io.Writer, r *taskstart.Result) error {
	var buf bytes.Buffer
	enc := stdjson.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(r); err != nil {
		return err
	}
	b := buf.Bytes()
	if !j.Compact {
		b = appendIndent(make([]byte, 0, 2*len(b)), b, "", "  ")
	}
	_, err := w.Write(termsafe.JSON(b))
	return err
}
