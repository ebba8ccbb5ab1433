package cloudformation

import (
	"bytes"
	"context"
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
// origins carry, and its base name without extension is AWS::StackName.
func Read(name string, data []byte, opts ...Option) (*world.World, error) {
	var o options
	for _, opt := range opts {
		if err := opt(&o); err != nil {
			return nil, err
		}
	}
	if len(data) > MaxSize {
		return nil, &source.InputError{Kind: "template", File: name,
			Err: fmt.Errorf("larger than %d MiB; CloudFormation accepts templates up to 1 MB", MaxSize>>20)}
	}
	data = bytes.TrimPrefix(data, []byte{0xEF, 0xBB, 0xBF})
	if t := bytes.TrimLeft(data, " \r\n\t"); len(t) > 0 && t[0] == '{' {
		// JSON is YAML, except that YAML forbids tabs as indentation. A
		// tab outside a JSON string is only whitespace, and inside one it
		// is invalid JSON, so replacing tabs keeps lines and columns.
		data = bytes.ReplaceAll(data, []byte{'\t'}, []byte{' '})
	}
	l := newLoader(name, o)
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil && !errors.Is(err, io.EOF) {
		return nil, l.syntaxError(err)
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
	return l.w, nil
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
			return l.syntaxError(err)
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
func (l *loader) syntaxError(err error) error {
	msg := err.Error()
	e := &source.InputError{Kind: "template", File: l.file}
	if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
		e.Line, _ = strconv.Atoi(m[1])
		msg = m[2]
	} else {
		msg = strings.TrimPrefix(msg, "yaml: ")
	}
	e.Err = errors.New(msg)
	return e
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
