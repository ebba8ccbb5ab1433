package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/iostreams"
	"github.com/spf13/cobra"
	"github.com/spf13/cobra/doc"
)

// docs/cli.md is generated from the command tree (docs/testing.md "Rules
// the tests enforce"); this test fails when a flag or help text changes
// without it. Regenerate with
// go test ./cmd/ecs-preflight -run TestCLIReference -update.
func TestCLIReference(t *testing.T) {
	io, _, _ := iostreams.Test()
	root := newCmdRoot(newFactory(io))
	root.DisableAutoGenTag = true
	var b bytes.Buffer
	b.WriteString("# ecs-preflight command reference\n\nGenerated from the command tree by `go test ./cmd/ecs-preflight -run TestCLIReference -update`; do not edit.\n\n")
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if !c.IsAvailableCommand() && c != root {
			return
		}
		if c.HasParent() && c.Parent().Name() == "completion" {
			// cobra's per-shell instructions: ecs-preflight completion
			// SHELL --help.
			return
		}
		c.DisableAutoGenTag = true
		if err := doc.GenMarkdownCustom(c, &b, func(s string) string { return "#" + strings.ReplaceAll(s[:len(s)-len(filepath.Ext(s))], "_", "-") }); err != nil {
			t.Fatal(err)
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	path := filepath.Join("..", "..", "docs", "cli.md")
	if *update {
		if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(want, b.Bytes()) {
		t.Fatal("docs/cli.md is out of date: go test ./cmd/ecs-preflight -run TestCLIReference -update")
	}
}

// Every sh block of docs/*.md runs offline as written against the built
// binary, printing the console output shown after it, or is marked
// <!-- not run: REASON --> (an AWS account, the test suite itself); so
// does every "$ " line of a console block.
func TestDocsCommands(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(repoRoot, "docs", "*.md"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no docs/*.md: %v", err)
	}
	for _, f := range files {
		checkDocRuns(t, docRuns(t, mdBlocks(t, f)))
	}
}
