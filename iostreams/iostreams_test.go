package iostreams

import (
	"bytes"
	"fmt"
	"os"
	"testing"
)

func TestTestStreams(t *testing.T) {
	io, out, errOut := Test()
	fmt.Fprint(io.Out, "result")
	fmt.Fprint(io.ErrOut, "warning")
	if out.String() != "result" || errOut.String() != "warning" {
		t.Fatalf("Out got %q, ErrOut got %q", out, errOut)
	}
	if io.In == nil {
		t.Fatal("In is nil")
	}
	if io.ColorEnabled() {
		t.Fatal("test streams are not a terminal: colour must be off")
	}
}

func TestSetColorEnabled(t *testing.T) {
	io, _, _ := Test()
	io.SetColorEnabled(true)
	if !io.ColorEnabled() {
		t.Fatal("SetColorEnabled(true) did not enable colour")
	}
	io.SetColorEnabled(false)
	if io.ColorEnabled() {
		t.Fatal("SetColorEnabled(false) did not disable colour")
	}
}

// System uses the process's streams; colour needs a terminal on stdout
// and no NO_COLOR (https://no-color.org), and a test's stdout is never a
// terminal.
func TestSystem(t *testing.T) {
	for _, noColor := range []string{"", "1"} {
		t.Run("NO_COLOR="+noColor, func(t *testing.T) {
			t.Setenv("NO_COLOR", noColor)
			s := System()
			if s.In != os.Stdin || s.Out != os.Stdout || s.ErrOut != os.Stderr {
				t.Fatal("System does not use the process's streams")
			}
			if s.ColorEnabled() {
				t.Fatal("colour on, but stdout is not a terminal")
			}
		})
	}
}

func TestColorAllowed(t *testing.T) {
	cases := []struct {
		name    string
		tty     bool
		noColor string
		want    bool
	}{
		{"terminal", true, "", true},
		{"terminal with NO_COLOR", true, "1", false},
		{"terminal with NO_COLOR set to anything", true, "false", false},
		{"not a terminal", false, "", false},
		{"not a terminal with NO_COLOR", false, "1", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := colorAllowed(tc.tty, tc.noColor); got != tc.want {
				t.Fatalf("colorAllowed(%v, %q) = %v, want %v", tc.tty, tc.noColor, got, tc.want)
			}
		})
	}
}

// --color: always colours even piped and over NO_COLOR (a command-line
// argument overrides it, https://no-color.org), never never does, auto
// only on a terminal without NO_COLOR.
func TestSetColorMode(t *testing.T) {
	cases := []struct {
		name    string
		mode    string
		tty     bool
		noColor string
		want    bool
		ok      bool
	}{
		{"auto on a terminal", "auto", true, "", true, true},
		{"auto on a terminal with NO_COLOR", "auto", true, "1", false, true},
		{"auto piped", "auto", false, "", false, true},
		{"always piped", "always", false, "", true, true},
		{"always over NO_COLOR", "always", true, "1", true, true},
		{"never on a terminal", "never", true, "", false, true},
		{"an unknown mode", "sometimes", true, "", false, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, _, _ := Test()
			s.SetStdoutTTY(tc.tty, 80)
			s.SetNoColor(tc.noColor)
			if ok := s.SetColorMode(tc.mode); ok != tc.ok || s.ColorEnabled() != tc.want {
				t.Fatalf("SetColorMode(%q) = %v, colour %v; want %v, %v", tc.mode, ok, s.ColorEnabled(), tc.ok, tc.want)
			}
		})
	}
}

// The width is the terminal's, and 0 when Out is not one: piped output is
// never wrapped.
func TestTerminalWidth(t *testing.T) {
	s, _, _ := Test()
	if s.IsStdoutTTY() || s.TerminalWidth() != 0 {
		t.Fatalf("test streams: tty %v width %d", s.IsStdoutTTY(), s.TerminalWidth())
	}
	s.SetStdoutTTY(true, 80)
	if !s.IsStdoutTTY() || s.TerminalWidth() != 80 {
		t.Fatalf("a terminal of 80 columns: tty %v width %d", s.IsStdoutTTY(), s.TerminalWidth())
	}
	s.SetStdoutTTY(false, 80)
	if s.TerminalWidth() != 0 {
		t.Fatalf("piped: width %d", s.TerminalWidth())
	}
}

// Output redirected to a file (-o) is not a terminal: no width, and no
// colour unless --color always asked for it.
func TestRedirect(t *testing.T) {
	for _, mode := range []string{"auto", "always", "never"} {
		t.Run(mode, func(t *testing.T) {
			s, _, _ := Test()
			s.SetStdoutTTY(true, 120)
			s.SetColorMode(mode)
			var f bytes.Buffer
			r := s.Redirect(&f)
			if r.Out != &f || r.IsStdoutTTY() || r.TerminalWidth() != 0 || r.ColorEnabled() != (mode == "always") {
				t.Fatalf("redirected: tty %v width %d colour %v", r.IsStdoutTTY(), r.TerminalWidth(), r.ColorEnabled())
			}
			if s.Out == &f || !s.IsStdoutTTY() {
				t.Fatal("Redirect changed the original streams")
			}
		})
	}
}
