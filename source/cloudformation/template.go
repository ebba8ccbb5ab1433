package cloudformation

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/ecs-preflight/ecs-preflight/source"
	"github.com/ecs-preflight/ecs-preflight/world"
)

// MaxSize is the largest template Load and Read accept. CloudFormation
// itself takes at most 1 MB from S3 (CFN User Guide "Quotas"); CDK output
// is well below; the cap keeps a wrong file from exhausting memory.
const MaxSize = 16 << 20

// Template is a CloudFormation template file as a source.Source.
type Template struct {
	// Path is the template file, as the user named it.
	Path string
	// Options set the pseudo parameters and parameter values.
	Options []Option
}

var _ source.Source = (*Template)(nil)

// Load reads the template at t.Path. Errors are *source.InputError.
func (t *Template) Load(ctx context.Context) (*world.World, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return Load(t.Path, t.Options...)
}

// Load reads the template file at path. A file that cannot be read is an
// *source.InputError wrapping the *fs.PathError; every other error is an
// *source.InputError too. An option that rejects its value is returned as
// is.
func Load(path string, opts ...Option) (*world.World, error) {
	data, err := source.ReadFile(path, MaxSize)
	if err != nil {
		return nil, &source.InputError{Kind: "template", File: path, Err: err}
	}
	return Read(path, data, opts...)
}

// Read reads a template held in memory; name is the file name errors and
// origins carry, and its base name without extension is AWS::StackName
// unless WithStackName names the stack. Nested stacks with local templates
// are read relative to name's folder.
func Read(name string, data []byte, opts ...Option) (*world.World, error) {
	var o options
	for _, opt := range opts {
		if err := opt(&o); err != nil {
			return nil, err
		}
	}
	l, err := read(name, data, o)
	if err != nil {
		return nil, err
	}
	return l.w, nil
}

// read reads one template of an application with o: its world, with the
// worlds of the stacks it nests merged in, and its outputs.
func read(name string, data []byte, o options) (*loader, error) {
	if o.stackName != "" {
		if err := checkStackName(o.stackName); err != nil {
			return nil, &source.InputError{Kind: "template", File: name, Err: err}
		}
	}
	if len(data) > MaxSize {
		return nil, &source.InputError{Kind: "template", File: name,
			Err: fmt.Errorf("larger than %d MiB; CloudFormation accepts templates up to 1 MB", MaxSize>>20)}
	}
	// A template saved with a byte-order mark (UTF-8, or UTF-16 as
	// PowerShell 5 and Windows editors write it) reads as without one, as
	// snapshots do (docs/snapshot.md).
	data, err := source.ToUTF8(data)
	if err != nil {
		return nil, &source.InputError{Kind: "template", File: name, Err: err}
	}
	orig := data
	isJSON := false
	if t := bytes.TrimLeft(data, " \r\n\t"); len(t) > 0 && t[0] == '{' {
		// JSON is YAML, except that YAML forbids tabs as indentation. A
		// tab outside a JSON string is only whitespace, and inside one it
		// is invalid JSON, so replacing tabs keeps lines and columns.
		isJSON = true
		data = bytes.ReplaceAll(data, []byte{'\t'}, []byte{' '})
	}
	l := newLoader(name, o)
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil && !errors.Is(err, io.EOF) {
		return nil, l.syntaxError(orig, isJSON, err)
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, &source.InputError{Kind: "template", File: name, Err: errors.New("empty template")}
	}
	if err := l.onlyDocument(dec); err != nil {
		return nil, err
	}
	if err := l.load(doc.Content[0]); err != nil {
		return nil, err
	}
	if err := l.finish(); err != nil {
		return nil, err
	}
	return l, nil
}

// onlyDocument checks that no YAML document follows the template. CFN-UG
// "CloudFormation template format" describes a template as one JSON or YAML
// document of sections; what CloudFormation makes of a stream of several
// is not documented (assumption: it is no template), and reading only the
// first would drop the rest without a word. A trailing "---" with nothing
// after it adds no document and is allowed.
func (l *loader) onlyDocument(dec *yaml.Decoder) error {
	for {
		var next yaml.Node
		err := dec.Decode(&next)
		switch {
		case errors.Is(err, io.EOF):
			return nil
		case err != nil:
			return l.syntaxError(nil, false, err)
		}
		if len(next.Content) == 1 {
			if c := next.Content[0]; c.Kind == yaml.ScalarNode && c.Tag == "!!null" && c.Value == "" {
				continue
			}
		}
		return &source.InputError{Kind: "template", File: l.file, Line: next.Line,
			Err: errors.New("a second YAML document starts here: one template per file")}
	}
}

var yamlLineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// syntaxError turns a yaml.v3 error into an InputError with the line.
// yaml.v3 gives no column, and no line for an error on the first line (a
// minified JSON template): for a JSON template encoding/json places the
// error at its line and column instead. A tab in the indentation of a
// YAML line gets a hint and the tab's place. The library's text is cut
// (source.Shorten): it may quote the input ("unknown anchor '…'").
func (l *loader) syntaxError(data []byte, isJSON bool, err error) error {
	msg := err.Error()
	e := &source.InputError{Kind: "template", File: l.file}
	if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
		e.Line, _ = strconv.Atoi(m[1])
		msg = m[2]
	} else {
		msg = strings.TrimPrefix(msg, "yaml: ")
	}
	if isJSON {
		dec := json.NewDecoder(bytes.NewReader(data))
		var v any
		if jerr := dec.Decode(&v); jerr != nil {
			e.Line, e.Column, e.Err = source.JSONError(data, jerr)
			return e
		}
	} else if line, col, ok := tabIndent(data, e.Line, msg); ok {
		// YAML 1.2 "Indentation Spaces": "tab characters must not be used
		// in indentation"; yaml.v3 says only that a character cannot start
		// a token.
		e.Line, e.Column = line, col
		e.Err = fmt.Errorf("tabs are not allowed in YAML indentation; use spaces (%s)", source.Shorten(msg))
		return e
	}
	if e.Line == 0 && data != nil && !bytes.Contains(bytes.TrimRight(data, "\r\n"), []byte{'\n'}) {
		// yaml.v3 names no line for an error on the first; a template of
		// one line has no other.
		e.Line = 1
	}
	e.Err = errors.New(source.Shorten(msg))
	return e
}

// tabIndent finds a tab in the indentation of a line by yaml.v3's error
// line near, which is that of the token or of its context: near itself,
// else the line before or after it, else, when yaml.v3's message speaks of
// a tab character (a tab in a block scalar is reported at the scalar's
// start), the first such line after near. It returns the tab's 1-based
// line and column.
func tabIndent(data []byte, near int, msg string) (line, col int, ok bool) {
	lines := bytes.Split(data, []byte{'\n'})
	near = max(near, 1)
	tabAt := func(n int) int {
		if n < 1 || n > len(lines) {
			return -1
		}
		text := lines[n-1]
		return bytes.IndexByte(text[:len(text)-len(bytes.TrimLeft(text, " \t"))], '\t')
	}
	candidates := []int{near, near - 1, near + 1}
	if strings.Contains(msg, "tab character") {
		for n := near + 2; n <= len(lines); n++ {
			candidates = append(candidates, n)
		}
	}
	for _, n := range candidates {
		if i := tabAt(n); i >= 0 {
			return n, i + 1, true
		}
	}
	return 0, 0, false
}

// stackName is AWS::StackName: the file's base name without extension,
// cut to the characters a stack name allows.
func stackName(file string) string {
	base := filepath.Base(file)
	for _, ext := range []string{".template.json", ".json", ".yaml", ".yml", ".template", ".cfn"} {
		if strings.HasSuffix(strings.ToLower(base), ext) {
			base = base[:len(base)-len(ext)]
			break
		}
	}
	var b strings.Builder
	for _, r := range base {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-':
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
	}
	s := strings.Trim(b.String(), "-")
	if s == "" || !(s[0] >= 'a' && s[0] <= 'z' || s[0] >= 'A' && s[0] <= 'Z') {
		s = "stack-" + s
	}
	if len(s) > 128 {
		s = s[:128]
	}
	return strings.TrimRight(s, "-")
}
