package main

import (
	"bufio"
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
)

// repoRoot is the repository's top directory, relative to this package.
var repoRoot = filepath.Join("..", "..")

// mdBlock is a fenced code block of a Markdown file.
type mdBlock struct {
	file string
	line int // 1-based line of the opening fence
	lang string
	body string
	// notRun is the reason given by a "<!-- not run: REASON -->" comment
	// on the last non-blank line before the fence.
	notRun string
}

var notRunRE = regexp.MustCompile(`^<!-- not run: (.+) -->$`)

// mdBlocks returns the fenced blocks of a Markdown file in order.
func mdBlocks(t *testing.T, path string) []mdBlock {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var blocks []mdBlock
	var cur *mdBlock
	var body strings.Builder
	last := ""
	for i, l := range strings.Split(string(data), "\n") {
		switch {
		case cur == nil && strings.HasPrefix(l, "```"):
			cur = &mdBlock{file: path, line: i + 1, lang: strings.TrimSpace(l[3:])}
			if m := notRunRE.FindStringSubmatch(last); m != nil {
				cur.notRun = m[1]
			}
			body.Reset()
		case cur != nil && strings.TrimSpace(l) == "```":
			cur.body = body.String()
			blocks = append(blocks, *cur)
			cur, last = nil, ""
		case cur != nil:
			body.WriteString(l + "\n")
		case strings.TrimSpace(l) != "":
			last = strings.TrimSpace(l)
		}
	}
	return blocks
}

// docCommand is one command line of a sh block, or of a console block's
// "$ " line: the built binary's arguments and the file its standard
// input is redirected from.
type docCommand struct {
	text  string
	args  []string
	stdin string
	dir   string // where it runs; "" is the repository's top directory
}

// shellMeta are the characters that make a line more than one plain
// command with plain arguments.
const shellMeta = "|&;$`'\"()*?{}[]>\\"

// parseCommand reads a documented command line. Only "ecs-preflight ARGS
// [< FILE]" runs offline as written; an argument may be double-quoted when
// nothing in the quotes is special to the shell inside them ($, `, \, !),
// and a trailing "  # comment" outside quotes is dropped.
func parseCommand(line string) (docCommand, error) {
	c := docCommand{text: strings.TrimSpace(line)}
	f, quoted, err := shellWords(line)
	if err != nil {
		return c, err
	}
	if len(f) == 0 || f[0] != "ecs-preflight" {
		return c, errors.New("not an ecs-preflight command")
	}
	if n := len(f); n >= 3 && f[n-2] == "<" && !quoted[n-2] {
		c.stdin, f, quoted = f[n-1], f[:n-2], quoted[:n-2]
	}
	for i, a := range f[1:] {
		if !quoted[i+1] && strings.ContainsAny(a, shellMeta+"<") {
			return c, fmt.Errorf("argument %q needs a shell", a)
		}
	}
	c.args = f[1:]
	return c, nil
}

// shellWords splits line into words at blanks, a "..." word whole (quoted
// marks it), and stops at a " #" comment outside quotes.
func shellWords(line string) (words []string, quoted []bool, err error) {
	var cur strings.Builder
	in, have, q := false, false, false
	for i := 0; i < len(line); i++ {
		ch := line[i]
		switch {
		case in && ch == '"':
			in = false
		case in:
			if strings.IndexByte("$`\\!", ch) >= 0 {
				return nil, nil, fmt.Errorf("%q in double quotes needs a shell", ch)
			}
			cur.WriteByte(ch)
		case ch == '"':
			q = q || !have // a word that starts quoted
			in, have = true, true
		case ch == ' ' || ch == '\t':
			if have {
				words, quoted = append(words, cur.String()), append(quoted, q)
				cur.Reset()
				have, q = false, false
			}
			if i+1 < len(line) && line[i+1] == '#' {
				return words, quoted, nil
			}
		default:
			cur.WriteByte(ch)
			have = true
		}
	}
	if in {
		return nil, nil, errors.New("unterminated double quote")
	}
	if have {
		words, quoted = append(words, cur.String()), append(quoted, q)
	}
	return words, quoted, nil
}

var (
	binOnce sync.Once
	binPath string
	binErr  error
	binDir  string
)

// builtBinary builds the command once per test binary (TestMain removes
// it), as `go install ./cmd/ecs-preflight` would: the documented commands
// run against what a user installs, with its real exit codes.
func builtBinary(t testing.TB) string {
	t.Helper()
	binOnce.Do(func() {
		goTool, err := exec.LookPath("go")
		if err != nil {
			binErr = err
			return
		}
		if binDir, binErr = os.MkdirTemp("", "ecs-preflight-docs"); binErr != nil {
			return
		}
		binPath = filepath.Join(binDir, "ecs-preflight")
		out, err := exec.Command(goTool, "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			binErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if errors.Is(binErr, exec.ErrNotFound) {
		t.Skip("no go tool to build the binary with")
	}
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binPath
}

// runDoc runs a documented command from the repository's top directory
// and returns its exit code and outputs.
func runDoc(t *testing.T, c docCommand) (code int, stdout, stderr string) {
	t.Helper()
	cmd := exec.Command(builtBinary(t), c.args...)
	cmd.Dir = cmp.Or(c.dir, repoRoot)
	// Piped, as in CI: no colour, no terminal width; and no credentials.
	cmd.Env = append(os.Environ(), "NO_COLOR=1", "AWS_EC2_METADATA_DISABLED=true", "AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null")
	if c.stdin != "" {
		f, err := os.Open(filepath.Join(cmd.Dir, c.stdin))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		cmd.Stdin = f
	}
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		code = ee.ExitCode()
	case err != nil:
		t.Fatal(err)
	}
	return code, out.String(), errOut.String()
}

// matchOutput reports the first documented output line the output does
// not have, in order. A line with "..." is abbreviated: its text up to the
// "..." must start an output line.
func matchOutput(want, got string) (missing string, ok bool) {
	lines := strings.Split(got, "\n")
	for _, w := range strings.Split(strings.TrimRight(want, "\n"), "\n") {
		head, _, cut := strings.Cut(w, "...")
		i := slices.IndexFunc(lines, func(l string) bool {
			if cut {
				return strings.HasPrefix(l, head)
			}
			return l == w
		})
		if i < 0 {
			return w, false
		}
		lines = lines[i+1:]
	}
	return "", true
}

// docRun is a documented command with the output shown for it ("" when
// none is shown).
type docRun struct {
	at   string // file:line
	cmd  docCommand
	want string
}

// docRuns reads the commands of a Markdown file's ```sh blocks and of its
// ```console blocks' "$ " lines, with the output shown after them: a
// console block without "$ " lines is the output of the sh block before
// it, which then holds one command. Every sh block either runs offline as
// written or is marked "<!-- not run: REASON -->" before it.
func docRuns(t *testing.T, blocks []mdBlock) []docRun {
	t.Helper()
	var runs []docRun
	lastSh := -1 // index in runs of the last sh block's single command
	for _, b := range blocks {
		rel, err := filepath.Rel(repoRoot, b.file)
		if err != nil {
			rel = b.file
		}
		at := fmt.Sprintf("%s:%d", filepath.ToSlash(rel), b.line)
		switch b.lang {
		case "sh":
			lastSh = -1
			if b.notRun != "" {
				continue
			}
			n := 0
			sc := bufio.NewScanner(strings.NewReader(b.body))
			for sc.Scan() {
				if strings.TrimSpace(sc.Text()) == "" {
					continue
				}
				c, err := parseCommand(sc.Text())
				if err != nil {
					t.Errorf("%s: %q: %v: this block does not run offline as written; mark it with <!-- not run: REASON --> before it", at, sc.Text(), err)
					continue
				}
				runs = append(runs, docRun{at: at, cmd: c})
				n++
			}
			if n == 1 {
				lastSh = len(runs) - 1
			}
		case "console":
			if !strings.HasPrefix(b.body, "$ ") {
				if lastSh < 0 {
					t.Errorf("%s: console block without \"$ \" lines follows no sh block of one command", at)
					continue
				}
				runs[lastSh].want = b.body
				lastSh = -1
				continue
			}
			for _, part := range strings.Split(b.body[2:], "\n$ ") {
				line, out, _ := strings.Cut(part, "\n")
				c, err := parseCommand(line)
				if err != nil {
					t.Errorf("%s: %q: %v", at, line, err)
					continue
				}
				runs = append(runs, docRun{at: at, cmd: c, want: out})
			}
		}
	}
	return runs
}

// checkDocRuns runs each documented command against the built binary: it
// must reach a verdict (exit 0, 1 or 3: an input error means the document
// shows a command that does not work) and print the output shown for it.
func checkDocRuns(t *testing.T, runs []docRun) {
	t.Helper()
	for _, r := range runs {
		t.Run(r.at+" "+r.cmd.text, func(t *testing.T) {
			code, out, errOut := runDoc(t, r.cmd)
			if code == exitInput {
				t.Fatalf("%s: %s exits %d (usage or input error): %s", r.at, r.cmd.text, code, errOut)
			}
			if missing, ok := matchOutput(r.want, out); r.want != "" && !ok {
				t.Errorf("%s: %s: the document shows %q, which the output does not have (in order):\n%s", r.at, r.cmd.text, missing, out)
			}
		})
	}
}

// installLines are the README's install commands, in this order, before
// anything else it runs; .ci/run installs the same way.
var installLines = []string{
	"go install github.com/ecs-preflight/ecs-preflight/cmd/ecs-preflight@latest",
	"go install ./cmd/ecs-preflight",
}

// The README starts with the install lines, then its first runnable
// command checks an example with the installed binary, exits as the
// README says and prints what it shows; its test command is go test ./...
// and every sh block runs offline as written or says why not.
func TestREADMECommands(t *testing.T) {
	blocks := mdBlocks(t, filepath.Join(repoRoot, "README.md"))
	var sh []mdBlock
	for _, b := range blocks {
		if b.lang == "sh" {
			sh = append(sh, b)
		}
	}
	if len(sh) < len(installLines)+1 {
		t.Fatal("README has too few sh blocks")
	}
	for i, want := range installLines {
		if got := strings.TrimSpace(sh[i].body); got != want {
			t.Errorf("README's sh block %d is %q, want the install line %q", i+1, got, want)
		}
	}
	first := sh[len(installLines)]
	c, err := parseCommand(strings.TrimSpace(first.body))
	if err != nil || first.notRun != "" || strings.Contains(strings.TrimSpace(first.body), "\n") || strings.Contains(first.body, "NAME") {
		t.Fatalf("README's first command %q is not one runnable ecs-preflight command: %v", first.body, err)
	}
	// .ci/run checks this exact command.
	ci, err := os.ReadFile(filepath.Join(repoRoot, ".ci", "run"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(ci), `"`+c.text+`"`) {
		t.Errorf(".ci/run does not check the README's first command %q", c.text)
	}
	idx := slices.IndexFunc(blocks, func(b mdBlock) bool { return b.line == first.line })
	if idx+1 >= len(blocks) || blocks[idx+1].lang != "console" {
		t.Fatal("README's first command is not followed by a console block of its output")
	}
	code, out, errOut := runDoc(t, c)
	data, _ := os.ReadFile(filepath.Join(repoRoot, "README.md"))
	if prose := strings.Join(strings.Fields(string(data)), " "); code != exitFail || !strings.Contains(prose, "exits with `1`") {
		t.Fatalf("%s: exit %d, and the README says it exits with 1; stderr %s", c.text, code, errOut)
	}
	if missing, ok := matchOutput(blocks[idx+1].body, out); !ok {
		t.Errorf("README shows %q, which the output does not have:\n%s", missing, out)
	}
	if !slices.ContainsFunc(sh, func(b mdBlock) bool { return strings.TrimSpace(b.body) == "go test ./..." }) {
		t.Error("README has no sh block with the test command go test ./...")
	}
	checkDocRuns(t, docRuns(t, blocks))
}

func TestParseCommand(t *testing.T) {
	cases := []struct {
		line    string
		args    []string
		stdin   string
		wantErr bool
	}{
		{"ecs-preflight check --example x  # a comment", []string{"check", "--example", "x"}, "", false},
		{`ecs-preflight explain "a: b # c (d)"`, []string{"explain", "a: b # c (d)"}, "", false},
		{"ecs-preflight iam - < doc.json", []string{"iam", "-"}, "doc.json", false},
		{`ecs-preflight explain "$HOME"`, nil, "", true},
		{`ecs-preflight explain "open`, nil, "", true},
		{"ecs-preflight check > out", nil, "", true},
		{"go run ./cmd/ecs-preflight", nil, "", true},
	}
	for _, tc := range cases {
		c, err := parseCommand(tc.line)
		if (err != nil) != tc.wantErr {
			t.Errorf("parseCommand(%q) error %v, want error %v", tc.line, err, tc.wantErr)
			continue
		}
		if err == nil && (!slices.Equal(c.args, tc.args) || c.stdin != tc.stdin) {
			t.Errorf("parseCommand(%q) = %q < %q, want %q < %q", tc.line, c.args, c.stdin, tc.args, tc.stdin)
		}
	}
}
