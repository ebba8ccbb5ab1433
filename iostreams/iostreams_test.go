package iostreams

import (
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
