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

	// outTTY is whether colour is on (ColorEnabled); stdoutTTY whether
	// Out is a terminal, which decides the layout (TerminalWidth).
	outTTY    bool
	errTTY    bool
	stdoutTTY bool
	noColor   string
	colorMode string
	width     func() int
}

// System returns the process's streams. Colour is on when stdout is a
// terminal and NO_COLOR is not set (https://no-color.org).
func System() *IOStreams {
	tty := term.IsTerminal(int(os.Stdout.Fd()))
	noColor := os.Getenv("NO_COLOR")
	return &IOStreams{In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr, outTTY: colorAllowed(tty, noColor),
		errTTY: term.IsTerminal(int(os.Stderr.Fd())), stdoutTTY: tty, noColor: noColor,
		width: func() int {
			w, _, err := term.GetSize(int(os.Stdout.Fd()))
			if err != nil {
				return 0
			}
			return w
		}}
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

// IsStdoutTTY reports whether Out is a terminal: text is then wrapped to
// its width, and piped output is never rewrapped.
func (s *IOStreams) IsStdoutTTY() bool { return s.stdoutTTY }

// SetStdoutTTY overrides terminal detection of Out, and the width
// TerminalWidth reports (for tests).
func (s *IOStreams) SetStdoutTTY(tty bool, width int) {
	s.stdoutTTY = tty
	s.width = func() int { return width }
}

// TerminalWidth is the width of the terminal Out is, in columns; 0 when Out
// is not a terminal or its size is not known.
func (s *IOStreams) TerminalWidth() int {
	if !s.stdoutTTY || s.width == nil {
		return 0
	}
	return max(s.width(), 0)
}

// SetColorMode sets colour from a --color value: "always" (even piped, and
// over NO_COLOR: a command-line argument overrides it, https://no-color.org),
// "never", or "auto" (a terminal and no NO_COLOR). It reports false for
// any other value.
func (s *IOStreams) SetColorMode(mode string) bool {
	s.colorMode = mode
	switch mode {
	case "always":
		s.outTTY = true
	case "never":
		s.outTTY = false
	case "auto":
		s.outTTY = colorAllowed(s.stdoutTTY, s.noColor)
	default:
		return false
	}
	return true
}

// SetNoColor sets the NO_COLOR value "auto" consults (for tests).
func (s *IOStreams) SetNoColor(v string) { s.noColor = v }

// Redirect returns streams whose Out is w, a file rather than a terminal:
// no width, and colour only when --color always asked for it.
func (s *IOStreams) Redirect(w io.Writer) *IOStreams {
	c := *s
	c.Out = w
	c.stdoutTTY, c.width = false, nil
	c.outTTY = s.colorMode == "always"
	return &c
}
