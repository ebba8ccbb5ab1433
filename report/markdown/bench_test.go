package markdown

import (
	"io"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/internal/reporttest"
	"github.com/ecs-preflight/ecs-preflight/report"
)

// BenchmarkStream is the cost per task of a bulk run: 1,000 tasks like the
// sample's first.
func BenchmarkStream(b *testing.B) {
	reporttest.BenchStream(b, sample(), func(w io.Writer) report.Stream { return (&Renderer{}).Stream(w) })
}
