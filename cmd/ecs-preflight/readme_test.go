package main

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

var fence = regexp.MustCompile("(?s)```(sh|console)\n(.*?)```")

// The README's first command runs as written, exits as the README says and
// prints what the README shows (lines with "..." are abbreviated: their
// text up to the "..." must start an output line); its test command is
// go test ./... .
func TestREADMECommands(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	blocks := fence.FindAllStringSubmatch(string(data), -1)
	if len(blocks) < 3 || blocks[0][1] != "sh" || blocks[1][1] != "console" {
		t.Fatal("README does not start with a sh block followed by a console block of its output")
	}
	first := strings.TrimSpace(blocks[0][2])
	args, ok := strings.CutPrefix(first, "go run ./cmd/ecs-preflight ")
	if !ok || strings.Contains(first, "\n") || strings.ContainsAny(first, "<>$|") || strings.Contains(first, "NAME") {
		t.Fatalf("README's first command %q is not one runnable go run ./cmd/ecs-preflight command", first)
	}
	code, out, errOut := runCLI(t, strings.Fields(args)...)
	if prose := strings.Join(strings.Fields(string(data)), " "); code != exitFail || !strings.Contains(prose, "exits with `1`") {
		t.Fatalf("%s: exit %d, and the README says it exits with 1; stderr %s", first, code, errOut)
	}
	lines := strings.Split(out, "\n")
	for _, want := range strings.Split(strings.TrimRight(blocks[1][2], "\n"), "\n") {
		if head, _, cut := strings.Cut(want, "..."); cut {
			if !slices.ContainsFunc(lines, func(l string) bool { return strings.HasPrefix(l, head) }) {
				t.Errorf("README shows %q, but no output line starts with %q", want, head)
			}
			continue
		}
		if !slices.Contains(lines, want) {
			t.Errorf("README shows %q, which the output does not have:\n%s", want, out)
		}
	}
	tests := false
	for _, b := range blocks {
		if b[1] == "sh" && strings.TrimSpace(b[2]) == "go test ./..." {
			tests = true
		}
	}
	if !tests {
		t.Error("README has no sh block with the test command go test ./...")
	}
}
