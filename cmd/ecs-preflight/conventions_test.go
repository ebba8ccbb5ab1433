package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ecs-preflight/ecs-preflight/iostreams"
	"github.com/spf13/cobra"
)

// Every command's help is readable at 80 columns when piped: the
// descriptions and flag usages (pflag FlagUsagesWrapped) fit; only the
// example command lines may be wider.
func TestHelpFitsEightyColumns(t *testing.T) {
	io, _, _ := iostreams.Test()
	var paths [][]string
	var walk func(c *cobra.Command, path []string)
	walk = func(c *cobra.Command, path []string) {
		paths = append(paths, path)
		for _, sub := range c.Commands() {
			if sub.IsAvailableCommand() {
				walk(sub, append(append([]string{}, path...), sub.Name()))
			}
		}
	}
	walk(newCmdRoot(newFactory(io)), nil)
	if len(paths) < 8 {
		t.Fatalf("only %d commands: %v", len(paths), paths)
	}
	for _, p := range paths {
		t.Run(strings.Join(append([]string{"ecs-preflight"}, p...), " "), func(t *testing.T) {
			code, out, errOut := runCLI(t, append(p, "--help")...)
			if code != exitPass {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			examples := false
			for _, l := range strings.Split(out, "\n") {
				switch {
				case l == "Examples:":
					examples = true
				case examples && !strings.HasPrefix(l, "  "):
					examples = false
				}
				if n := utf8.RuneCountInString(l); n > helpColumns && !examples {
					t.Errorf("a help line of %d columns: %q", n, l)
				}
			}
		})
	}
}

// cobra's completion command writes a script for each shell it supports.
func TestCompletion(t *testing.T) {
	for _, shell := range []string{"bash", "zsh", "fish", "powershell"} {
		t.Run(shell, func(t *testing.T) {
			code, out, errOut := runCLI(t, "completion", shell)
			if code != exitPass || !strings.Contains(out, "ecs-preflight") || len(out) < 1000 {
				t.Fatalf("exit %d, %d bytes; %s", code, len(out), errOut)
			}
		})
	}
	code, out, _ := runCLI(t, "__complete", "check", "--example", "missing-s")
	if code != exitPass || !strings.Contains(out, "missing-s3-gateway\n") {
		t.Fatalf("--example completion: exit %d %q", code, out)
	}
}

// --color: statuses coloured on a terminal or with always, never with
// never or when piped under auto; another value is a usage error.
func TestColorFlag(t *testing.T) {
	cases := []struct {
		name   string
		args   []string
		tty    bool
		colour bool
		code   int
	}{
		{"auto piped: none", []string{"--color", "auto"}, false, false, exitFail},
		{"default piped: none", nil, false, false, exitFail},
		{"auto on a terminal", nil, true, true, exitFail},
		{"always piped", []string{"--color", "always"}, false, true, exitFail},
		{"never on a terminal", []string{"--color=never"}, true, false, exitFail},
		{"json is never coloured", []string{"--color", "always", "--format", "json"}, true, false, exitFail},
		{"bad value", []string{"--color", "rainbow"}, false, false, exitInput},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			io, out, errOut := iostreams.Test()
			io.SetStdoutTTY(tc.tty, 200)
			code := run(append([]string{"check", "--example", "missing-s3-gateway"}, tc.args...), io)
			if code != tc.code || strings.Contains(out.String(), "\x1b[") != tc.colour {
				t.Fatalf("exit %d (want %d), colour %v (want %v); %s", code, tc.code, strings.Contains(out.String(), "\x1b["), tc.colour, errOut)
			}
		})
	}
}

// NO_COLOR (https://no-color.org) turns colour off on a terminal, and
// --color always overrides it.
func TestNoColor(t *testing.T) {
	for _, tc := range []struct {
		args   []string
		colour bool
	}{{nil, false}, {[]string{"--color", "always"}, true}} {
		io, out, _ := iostreams.Test()
		io.SetStdoutTTY(true, 200)
		io.SetNoColor("1")
		run(append([]string{"check", "--example", "nat-gateway"}, tc.args...), io)
		if strings.Contains(out.String(), "\x1b[") != tc.colour {
			t.Errorf("NO_COLOR=1 %v: colour %v, want %v", tc.args, !tc.colour, tc.colour)
		}
	}
}

// -o writes the report to a file, atomically, with the exit code of the
// run; an input error leaves an existing file as it was and no temporary
// file behind.
func TestOutputFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "report.txt")
	_, want, _ := runCLI(t, "check", "--example", "missing-s3-gateway")
	code, out, errOut := runCLI(t, "check", "--example", "missing-s3-gateway", "-o", path)
	got, err := os.ReadFile(path)
	if err != nil || code != exitFail || out != "" || string(got) != want {
		t.Fatalf("-o: exit %d, stdout %q, stderr %s, file %q (%v)", code, out, errOut, got, err)
	}
	code, _, _ = runCLI(t, "check", "--snapshot", filepath.Join(dir, "absent.json"), "--output", path)
	if after, _ := os.ReadFile(path); code != exitInput || string(after) != want {
		t.Fatalf("input error with -o: exit %d, file now %q", code, after)
	}
	code, _, _ = runCLI(t, "check", "--example", "unknown-imported-vpc", "--format", "json", "-o", path)
	if after, _ := os.ReadFile(path); code != exitUnknown || !strings.HasPrefix(string(after), "{") {
		t.Fatalf("unknown with -o: exit %d, file %q", code, after)
	}
	code, _, _ = runCLI(t, "iam", "-o", path, filepath.Join(repoRoot, "iam", "simulation", "testdata", "ecr-token-denied.json"))
	if after, _ := os.ReadFile(path); code != exitPass || !strings.Contains(string(after), "expect implicit-deny: matched") {
		t.Fatalf("iam -o: exit %d, file %q", code, after)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Fatalf("files left in the directory: %v", entries)
	}
	if code, _, errOut := runCLI(t, "check", "--example", "nat-gateway", "-o", filepath.Join(dir, "no", "such", "dir.txt")); code != exitInput || !strings.Contains(errOut, "--output") {
		t.Fatalf("-o into a missing directory: exit %d %s", code, errOut)
	}
}

// -q shows the failing and unknown steps and the verdict only; it is a
// text-format option.
func TestQuiet(t *testing.T) {
	code, out, _ := runCLI(t, "check", "--example", "missing-s3-gateway", "-q")
	if code != exitFail || !strings.Contains(out, "image-layers      FAIL") || strings.Contains(out, " OK ") || strings.Contains(out, "region ") ||
		!strings.HasSuffix(out, "verdict: FAIL (1 tasks: 0 pass, 1 fail, 0 unknown)\n") {
		t.Fatalf("-q on a failing example: exit %d\n%s", code, out)
	}
	code, out, _ = runCLI(t, "check", "--example", "nat-gateway", "--quiet")
	if code != exitPass || strings.Count(out, "\n") != 1 || !strings.HasPrefix(out, "verdict: PASS") {
		t.Fatalf("-q on a passing example: exit %d %q", code, out)
	}
	for _, args := range [][]string{{"-q", "--format", "json"}, {"-q", "-v"}} {
		if code, _, _ := runCLI(t, append([]string{"check", "--example", "nat-gateway"}, args...)...); code != exitInput {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}

// On an 80-column terminal every line of the report fits, long
// stoppedReasons folded; piped, they are whole (the golden files).
func TestReportFitsTheTerminal(t *testing.T) {
	for _, ex := range []string{"missing-s3-gateway", "kms-cmk-no-decrypt", "unknown-imported-vpc", "cross-account-ecr"} {
		t.Run(ex, func(t *testing.T) {
			io, out, _ := iostreams.Test()
			io.SetStdoutTTY(true, 80)
			run([]string{"check", "--example", ex, "--color", "never", "-v"}, io)
			for _, l := range strings.Split(out.String(), "\n") {
				if n := utf8.RuneCountInString(l); n > 80 {
					t.Errorf("line of %d columns: %q", n, l)
				}
			}
			_, piped, _ := runCLI(t, "check", "--example", ex, "-v")
			if out.String() == piped {
				t.Fatal("the terminal output is the piped output: nothing was folded")
			}
		})
	}
}

// writeFileAtomic (snapshot -o) replaces a file whole with the mode
// asked for, and leaves nothing behind when it cannot.
func TestWriteFileAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "account.json")
	for _, content := range []string{"first", "second, longer"} {
		if err := writeFileAtomic(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(path)
		st, _ := os.Stat(path)
		if err != nil || string(got) != content || st.Mode().Perm() != 0o600 {
			t.Fatalf("file %q mode %v (%v), want %q 0600", got, st.Mode().Perm(), err, content)
		}
	}
	if err := writeFileAtomic(filepath.Join(dir, "missing", "x.json"), []byte("x"), 0o600); err == nil {
		t.Fatal("no error writing into a missing directory")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Fatalf("left behind: %v", entries)
	}
	// -o - is standard output.
	code, out, _ := runCLI(t, "check", "--example", "nat-gateway", "-o", "-")
	if code != exitPass || !strings.Contains(out, "verdict: PASS") {
		t.Fatalf("-o -: exit %d %q", code, out)
	}
}
