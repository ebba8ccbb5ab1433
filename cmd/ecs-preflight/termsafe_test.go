package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/iostreams"
)

// rawControls are what must never reach the terminal raw: the ECMA-48 CSI
// "ESC [2J" (clear screen), BEL, NUL and the Unicode Standard Annex #9
// right-to-left override U+202E.
var rawControls = []string{"\x1b", "\a", "\x00", "\u202e"}

func assertNoRaw(t *testing.T, what, s string) {
	t.Helper()
	for _, c := range rawControls {
		if strings.Contains(s, c) {
			t.Errorf("%s holds %q raw: %q", what, c, s)
		}
	}
}

// The iam command's text output escapes names taken from the simulation.
func TestIAMTextEscapesControls(t *testing.T) {
	io, out, errOut := iostreams.Test()
	io.In = strings.NewReader(`{"principal": {"service": "ecs-tasks.amazonaws.com"}, "action": "sts:AssumeRole", "resource": "arn:aws:iam::111122223333:role/r\u001b[2J\u202e",
		"policies": {"resource": {"name": "trust\u0007\u202e", "document": {"Statement": [{"Sid": "S\u001b[2J", "Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole"}]}}, "resourceRequired": true}}`)
	code := run([]string{"iam", "-"}, io)
	if code != exitPass {
		t.Fatalf("exit %d; stdout %q stderr %q", code, out, errOut)
	}
	assertNoRaw(t, "stdout", out.String())
	if want := `role/r\x1b[2J\u202e`; !strings.Contains(out.String(), want) {
		t.Errorf("stdout lacks %q: %q", want, out.String())
	}
}

// An error printed to stderr escapes the input it quotes: here the name of
// a file that does not exist, which the operating system's error holds raw.
func TestCLIErrorEscapesControls(t *testing.T) {
	name := filepath.Join(t.TempDir(), "x\x1b[2J\u202e\a.json")
	if _, err := os.Stat(name); err == nil {
		t.Fatal("file exists")
	}
	code, out, errOut := runCLI(t, "iam", name)
	if code != exitInput {
		t.Fatalf("exit %d, want %d; stdout %q stderr %q", code, exitInput, out, errOut)
	}
	assertNoRaw(t, "stderr", errOut)
	// The name is quoted as Go's %q does (source.Quote), BEL as \a.
	if want := `x\x1b[2J\u202e\a.json`; !strings.Contains(errOut, want) {
		t.Errorf("stderr lacks %q: %q", want, errOut)
	}
}

// A NoEcho parameter's value given with --parameter never reaches stderr,
// here through the AllowedValues error (CFN-UG "Parameters": NoEcho).
func TestCLINoEchoValueNotPrinted(t *testing.T) {
	tmpl := filepath.Join(t.TempDir(), "t.yaml")
	src := "Parameters:\n  Token:\n    Type: String\n    NoEcho: true\n    AllowedValues: [a, b]\nResources:\n  T:\n    Type: AWS::SNS::Topic\n"
	if err := os.WriteFile(tmpl, []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runCLI(t, "check", "--cloudformation", tmpl, "--parameter", "Token=s3cr3t-token", "--region", "eu-west-1", "--account", "123456789012")
	if code != exitInput {
		t.Fatalf("exit %d, want %d; stdout %q stderr %q", code, exitInput, out, errOut)
	}
	if strings.Contains(out+errOut, "s3cr3t-token") {
		t.Errorf("the NoEcho value is printed: stdout %q stderr %q", out, errOut)
	}
	if want := "the value given for NoEcho parameter Token is not one of AllowedValues [a, b]"; !strings.Contains(errOut, want) {
		t.Errorf("stderr lacks %q: %q", want, errOut)
	}
}
