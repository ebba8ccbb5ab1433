package main

import (
	"os"
	"strings"
	"testing"
	"time"
)

// Every file argument is read through the size cap of its reader, devices
// included: `iam /dev/zero` once read until the runtime died out of memory.
// The deadline is far above normal; the test asserts the command finishes.
func TestFileArgumentsCapped(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero:", err)
	}
	cases := []struct {
		name   string
		args   []string
		stderr string
	}{
		{"iam document", []string{"iam", "/dev/zero"}, `reading simulation "/dev/zero": read /dev/zero: larger than the 8388608 bytes`},
		{"cloudformation template", []string{"check", "--cloudformation", "/dev/zero"}, `loading template "/dev/zero": read /dev/zero: larger than the 16777216 bytes`},
		{"snapshot", []string{"check", "--snapshot", "/dev/zero"}, `loading snapshot "/dev/zero": larger than the 67108864 bytes`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			type result struct {
				code   int
				stderr string
			}
			done := make(chan result, 1)
			go func() {
				code, _, errOut := runCLI(t, tc.args...)
				done <- result{code, errOut}
			}()
			select {
			case r := <-done:
				if r.code != exitInput || !strings.Contains(r.stderr, tc.stderr) {
					t.Fatalf("exit %d stderr %q, want exit 2 and %q", r.code, r.stderr, tc.stderr)
				}
			case <-time.After(60 * time.Second):
				t.Fatalf("%v did not finish", tc.args)
			}
		})
	}
}
