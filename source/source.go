package source

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/ecs-preflight/ecs-preflight/world"
)

// Source turns one input into the facts of the world.
type Source interface {
	Load(ctx context.Context) (*world.World, error)
}

// InputError is bad input: malformed syntax, a wrong type, a value out of
// range. It names the file and the place in it. The CLI maps it to exit 2.
type InputError struct {
	// Kind names the input, e.g. "snapshot", "template", "plan".
	Kind string
	File string
	// Line and Column are 1-based; 0 when the place is given by Path only.
	Line   int
	Column int
	// Path locates the value: a JSON path ("$.ec2.DescribeSubnets.Subnets[2]")
	// or a logical id.
	Path string
	Err  error
}

// Error reads: loading snapshot "a.json": line 3, column 7: $.ec2: msg.
func (e *InputError) Error() string {
	var b strings.Builder
	kind := e.Kind
	if kind == "" {
		kind = "input"
	}
	fmt.Fprintf(&b, "loading %s %s", kind, QuoteFile(e.File))
	if e.Line > 0 {
		fmt.Fprintf(&b, ": line %d", e.Line)
		if e.Column > 0 {
			fmt.Fprintf(&b, ", column %d", e.Column)
		}
	}
	if e.Path != "" {
		fmt.Fprintf(&b, ": %s", cutPath(e.Path))
	}
	if e.Err != nil {
		fmt.Fprintf(&b, ": %v", e.Err)
	}
	return b.String()
}

// Unwrap returns the underlying error.
func (e *InputError) Unwrap() error { return e.Err }

// maxPath is longer than any path a reader builds from the AWS shapes; a
// longer one holds a hostile key, which is not echoed whole.
const maxPath = 256

// cutPath returns path cut to its first maxPath bytes (on a rune boundary)
// and the whole length, when it is longer.
func cutPath(path string) string {
	if len(path) <= maxPath {
		return path
	}
	cut := maxPath
	for cut > 0 && !utf8.RuneStart(path[cut]) {
		cut--
	}
	return path[:cut] + "…(" + strconv.Itoa(len(path)) + " bytes)"
}
