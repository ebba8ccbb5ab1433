// Package iostreams is the one place the CLI writes through: results to Out,
// progress and warnings to ErrOut. Whether Out is a terminal decides colour
// and layout; machine formats are never coloured.
package iostreams

import (
	"bytes"
	"io"
	"os"

	"golang.org/x/term"
)

// IOStreams holds the program's standard streams.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer

	outTTY bool
	errTTY bool
}

// System returns the process's streams. Colour is on when stdout is a
// terminal and NO_COLOR is not set (https://no-color.org).
func System() *IOStreams {
	color := colorAllowed(term.IsTerminal(int(os.Stdout.Fd())), os.Getenv("NO_COLOR"))
	return &IOStreams{In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr, outTTY: color,
		errTTY: term.IsTerminal(int(os.Stderr.Fd()))}
}

// colorAllowed: colour only on a terminal, and never when NO_COLOR is set
// to a non-empty value (https://no-color.org).
func colorAllowed(tty bool, noColor string) bool {
	return tty && noColor == ""
}

// Test returns streams backed by buffers, for tests.
func Test() (*IOStreams, *bytes.Buffer, *bytes.Buffer) {
	out, errOut := &bytes.Buffer{}, &bytes.Buffer{}
	return &IOStreams{In: &bytes.Buffer{}, Out: out, ErrOut: errOut}, out, errOut
}

// ColorEnabled reports whether human output may use colour.
func (s *IOStreams) ColorEnabled() bool { return s.outTTY }

// SetColorEnabled overrides terminal detection (for tests and --color).
func (s *IOStreams) SetColorEnabled(v bool) { s.outTTY = v }

// IsStderrTTY reports whether ErrOut is a terminal: progress that rewrites
// its line is written only there.
func (s *IOStreams) IsStderrTTY() bool { return s.errTTY }

// SetStderrTTY overrides terminal detection of ErrOut (for tests).
func (s *IOStreams) SetStderrTTY(v bool) { s.errTTY = v }
