package main

import (
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/examples"
	"github.com/ecs-preflight/ecs-preflight/iostreams"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// flagToken is a long flag as text names it: "--name", not inside a word.
var flagToken = regexp.MustCompile(`(?:^|[^A-Za-z0-9_-])--([a-z][a-z0-9-]*)`)

// foreignCommands own the flags that follow them in a command line: the
// AWS CLI, jq and the other tools the docs show. A flag after one of them
// is that tool's; any other flag a text names must be ecs-preflight's.
var foreignCommands = map[string]bool{
	"aws": true, "jq": true, "terraform": true, "docker": true, "git": true,
	"go": true, "gremlins": true, "staticcheck": true, "curl": true,
}

// namedFlags returns the long flags text presents as ecs-preflight's: every
// "--name" that does not follow a foreign command in the same shell
// segment (split at |, &&, ;, $( and backquotes; lines ending in \ are
// joined first).
func namedFlags(text string) []string {
	text = strings.ReplaceAll(text, "\\\n", " ")
	var out []string
	for _, line := range strings.Split(text, "\n") {
		seg := strings.NewReplacer("|", "\x00", "&&", "\x00", ";", "\x00", "$(", "\x00", "`", "\x00", "(", "\x00").Replace(line)
		for _, s := range strings.Split(seg, "\x00") {
			foreign := false
			for _, word := range strings.Fields(s) {
				word = strings.Trim(word, `"'\,.:`)
				switch {
				case foreignCommands[word]:
					foreign = true
				case strings.HasSuffix(word, "ecs-preflight"):
					foreign = false
				}
				if foreign {
					continue
				}
				for _, m := range flagToken.FindAllStringSubmatch(" "+word, -1) {
					out = append(out, m[1])
				}
			}
		}
	}
	return out
}

func TestNamedFlags(t *testing.T) {
	cases := []struct {
		name, text string
		want       []string
	}{
		{"prose", "fix it (check with --probe)", []string{"probe"}},
		{"our command", "ecs-preflight check --snapshot a.json --format json", []string{"snapshot", "format"}},
		{"go run of our command", "go run ./cmd/ecs-preflight check --example x", []string{"example"}},
		{"aws command", "fix: aws ec2 create-vpc-endpoint --vpc-endpoint-type Gateway", nil},
		{"pipe to jq", "aws iam get-role --role-name r | jq --arg r x", nil},
		{"ours after aws", "aws sts get-caller-identity --query Account && ecs-preflight check --snapshot s", []string{"snapshot"}},
		{"continued line", "aws ecs describe-services \\\n  --cluster prod", nil},
		{"code span in prose", "the `aws ecs describe-services --services` call; then `--verbose`", []string{"verbose"}},
		{"json string", `"fix": "run with \"--format json\""`, []string{"format"}},
		{"not a flag", "a--b and x---y and 1--2", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := namedFlags(tc.text); !slices.Equal(got, tc.want) {
				t.Fatalf("namedFlags(%q) = %q, want %q", tc.text, got, tc.want)
			}
		})
	}
}

// commandFlags returns every long flag of the command tree, global or on
// some command, with cobra's --help.
func commandFlags(root *cobra.Command) map[string]bool {
	have := map[string]bool{}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		c.InitDefaultHelpFlag()
		add := func(f *pflag.Flag) { have[f.Name] = true }
		c.Flags().VisitAll(add)
		c.PersistentFlags().VisitAll(add)
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	return have
}

// helpTexts returns the help of every command: short and long
// descriptions, examples and flag usages.
func helpTexts(root *cobra.Command) map[string]string {
	out := map[string]string{}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if c.Name() == "completion" {
			// cobra's text, which names the shells' own flags
			// ("$(brew --prefix)").
			return
		}
		var b strings.Builder
		b.WriteString(c.Short + "\n" + c.Long + "\n" + c.Example + "\n")
		c.Flags().VisitAll(func(f *pflag.Flag) { b.WriteString(f.Usage + "\n") })
		out["help of "+c.CommandPath()] = b.String()
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	return out
}

// Every flag that an output, a help text, the README or the docs tell the
// user to pass exists: a report that says "check with --probe" when there
// is no --probe sends people nowhere.
func TestNamedFlagsExist(t *testing.T) {
	io, _, _ := iostreams.Test()
	root := newCmdRoot(newFactory(io))
	have := commandFlags(root)
	if !have["snapshot"] || !have["format"] || !have["help"] {
		t.Fatalf("command tree flags %v lack --snapshot, --format or --help", have)
	}

	texts := helpTexts(root)
	read := func(path string) {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		texts[filepath.ToSlash(path)] = string(data)
	}
	read(filepath.Join("..", "..", "README.md"))
	docs, err := filepath.Glob(filepath.Join("..", "..", "docs", "*.md"))
	if err != nil || len(docs) == 0 {
		t.Fatalf("no docs/*.md: %v", err)
	}
	for _, p := range docs {
		read(p)
	}
	goldens := 0
	err = filepath.WalkDir(filepath.Join("..", ".."), func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == ".git" {
			return filepath.SkipDir
		}
		if !d.IsDir() && filepath.Base(filepath.Dir(path)) == "golden" && strings.Contains(filepath.ToSlash(path), "/testdata/") {
			read(path)
			goldens++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if goldens == 0 {
		t.Fatal("no golden files found under testdata")
	}
	// The examples' outputs in every form, verbose included: assumptions
	// show only there.
	for _, ex := range examples.All() {
		for _, args := range [][]string{{"-v"}, {"--format", "json"}} {
			_, out, errOut := runCLI(t, append([]string{"check", "--example", ex.Name}, args...)...)
			texts["output of check --example "+ex.Name+" "+strings.Join(args, " ")] = out + errOut
		}
	}

	for _, where := range slices.Sorted(maps.Keys(texts)) {
		for _, name := range namedFlags(texts[where]) {
			if !have[name] {
				t.Errorf("%s names --%s, which no command has", where, name)
			}
		}
	}
}
