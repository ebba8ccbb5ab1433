package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A flag value or argument echoed in an error is cut to a short prefix and
// its length: a 50 MB --region value gives an error of a line, not of 50
// MB (source.Quote). The cases cover the errors ecs-preflight words itself
// (usagef), those of the readers, and those of cobra, pflag and taskstart,
// which cutEcho cuts.
func TestEchoedValuesCut(t *testing.T) {
	huge := strings.Repeat("x", 50<<20)
	long := strings.Repeat("y", 5000)
	dir := t.TempDir()
	tpl := filepath.Join(dir, "stack.yaml")
	if err := os.WriteFile(tpl, []byte("Resources: {}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	xs := `"` + strings.Repeat("x", 64) + `"…(52428800 bytes)`
	ys := `"` + strings.Repeat("y", 64) + `"…(5000 bytes)`
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"--region of 50 MB", []string{"check", "--cloudformation", tpl, "--region", huge}, "region " + xs + " is not a region name"},
		{"--account", []string{"check", "--cloudformation", tpl, "--account", long}, "account " + ys + " is not a 12-digit"},
		{"--format", []string{"check", "--example", "nat-gateway", "--format", huge}, "unknown format " + xs + "; formats: text, json"},
		{"iam --format", []string{"iam", "--format", long, "x.json"}, "unknown format " + ys},
		{"--example", []string{"check", "--example", long}, "unknown example " + ys + "; examples:"},
		{"--assume", []string{"check", "--example", "nat-gateway", "--assume", long}, "--assume " + ys + ": the only value is defaults"},
		{"--parameter without =", []string{"check", "--cloudformation", tpl, "--parameter", long}, "--parameter " + ys + ": want KEY=VALUE"},
		{"--service not in the input", []string{"check", "--example", "nat-gateway", "--service", long}, "service " + ys + " is not in the input"},
		{"--task-definition not in the input", []string{"check", "--example", "nat-gateway", "--task-definition", long}, "task definition " + ys + " is not in the input"},
		{"--snapshot file name, cut after 1,024 characters", []string{"check", "--snapshot", filepath.Join(dir, long)}, `loading snapshot "` + filepath.Join(dir, long)[:1024] + `"…(`},
		{"iam file name, cut after 1,024 characters", []string{"iam", filepath.Join(dir, long)}, `loading simulation "` + filepath.Join(dir, long)[:1024] + `"…(`},
		{"unknown command (cobra)", []string{long}, "unknown command " + ys + ` for "ecs-preflight"`},
		{"unknown flag (pflag)", []string{"check", "--" + long}, "unknown flag: --" + strings.Repeat("y", 62) + "…(5002 bytes)"},
		{"invalid bool flag value (pflag)", []string{"check", "--example", "nat-gateway", "--verbose=" + long}, "invalid argument " + ys},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := runCLI(t, tc.args...)
			if code != exitInput || !strings.Contains(stderr, tc.want) {
				t.Fatalf("exit %d stderr %.500q, want exit 2 and %.300q", code, stderr, tc.want)
			}
			// File names are quoted up to 1,024 characters (source.QuoteFile),
			// values up to 64.
			if len(stderr) > 1300 {
				t.Fatalf("stderr of %d bytes: %.300q", len(stderr), stderr)
			}
		})
	}
}

// cutEcho leaves what is already short alone and cuts the rest.
func TestCutEcho(t *testing.T) {
	long := strings.Repeat("z", 300)
	cases := []struct{ name, in, want string }{
		{"short quoted value kept", `unknown command "foo" for "ecs-preflight"`, `unknown command "foo" for "ecs-preflight"`},
		{"already cut value kept", `service "` + strings.Repeat("a", 64) + `"…(900 bytes) is not in the input`, `service "` + strings.Repeat("a", 64) + `"…(900 bytes) is not in the input`},
		{"long quoted value cut", `unknown command "` + long + `"`, `unknown command "` + long[:64] + `"…(300 bytes)`},
		{"escaped quotes inside a value", `bad "` + long + `\"` + long + `" end`, `bad "` + long[:64] + `"…(601 bytes) end`},
		{"long unquoted word cut", "unknown flag: --" + long, "unknown flag: --" + long[:62] + "…(302 bytes)"},
		{"a short message whole", "check needs exactly one input", "check needs exactly one input"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := cutEcho(tc.in); got != tc.want {
				t.Fatalf("cutEcho = %.300q, want %.300q", got, tc.want)
			}
		})
	}
}

// FuzzCutEcho: cutEcho never panics, changes nothing in a message without
// a long quoted string or word, and cutting twice changes nothing more.
func FuzzCutEcho(f *testing.F) {
	f.Add(`unknown command "foo" for "ecs-preflight"`)
	f.Add(`unknown command "` + strings.Repeat("z", 300) + `" for "ecs-preflight"`)
	f.Add(`bad "` + strings.Repeat("\x01", 200) + `\" x" end`)
	f.Add("unknown flag: --" + strings.Repeat("y", 300))
	f.Fuzz(func(t *testing.T, msg string) {
		once := cutEcho(msg)
		if twice := cutEcho(once); twice != once {
			t.Fatalf("cutEcho is not idempotent:\n%q\n%q", once, twice)
		}
		long := longWordRE.MatchString(msg)
		for _, q := range quotedRE.FindAllString(msg, -1) {
			long = long || len(q) > 2*64
		}
		if !long && once != msg {
			t.Fatalf("cutEcho changed a short message: %q → %q", msg, once)
		}
	})
}
