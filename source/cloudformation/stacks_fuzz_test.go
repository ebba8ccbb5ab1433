package cloudformation

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/source"
)

// FuzzLoadStacks checks that reading an application of two templates, one
// of which may nest a third, never panics, that every error is an
// *source.InputError, and that the errors stay short.
func FuzzLoadStacks(f *testing.F) {
	// Small seeds only: with the fixtures of testdata/stacks as seeds the
	// fuzzing engine spends its time minimizing them and stalls (as for
	// FuzzRead).
	f.Add([]byte("Resources: {}\nOutputs:\n  O: {Value: x, Export: {Name: !Sub '${AWS::StackName}-x'}}\n"),
		[]byte("Resources:\n  L: {Type: AWS::Logs::LogGroup, Properties: {LogGroupName: !ImportValue a-x}}\n"))
	f.Add([]byte("Resources:\n  N: {Type: AWS::CloudFormation::Stack, Properties: {TemplateURL: b.yaml}}\n"),
		[]byte("Resources:\n  N: {Type: AWS::Serverless::Application, Properties: {Location: a.yaml}}\nOutputs:\n  O: {Value: !GetAtt N.Outputs.X}\n"))
	f.Add([]byte("Resources:\n  N: {Type: AWS::CloudFormation::Stack, Properties: {TemplateURL: c.yaml, Parameters: {Cidr: [a, b]}}}\n"),
		[]byte("Resources: {}\nOutputs:\n  O: {Value: !ImportValue x, Export: {Name: x}}\n"))
	child := []byte("Parameters:\n  Cidr: {Type: String, Default: 10.0.0.0/16}\nResources:\n  V: {Type: AWS::EC2::VPC, Properties: {CidrBlock: !Ref Cidr}}\nOutputs:\n  X: {Value: !Ref V, Export: {Name: !Sub '${AWS::StackName}-v'}}\n")
	f.Fuzz(func(t *testing.T, a, b []byte) {
		// The templates are read from memory: the fuzzing engine then
		// spends its time in the reader, not in the file system.
		files := map[string][]byte{"a.yaml": a, "b.yaml": b, "c.yaml": child}
		read := func(o *options) error {
			o.readFile = func(p string) ([]byte, error) {
				if data, ok := files[filepath.Base(p)]; ok && filepath.Dir(p) == "." {
					return data, nil
				}
				return nil, &os.PathError{Op: "open", Path: p, Err: os.ErrNotExist}
			}
			return nil
		}
		_, err := LoadStacks(context.Background(), []Stack{{File: "a.yaml"}, {File: "b.yaml"}},
			WithRegion("eu-west-1"), WithAccount("123456789012"), read)
		if err == nil {
			return
		}
		var ie *source.InputError
		if !errors.As(err, &ie) {
			t.Fatalf("error %v is %T, not *source.InputError", err, err)
		}
		if len(err.Error()) > 4096 {
			t.Fatalf("error of %d bytes: %.300q", len(err.Error()), err)
		}
	})
}

// FuzzTemplatePath checks that a nested stack's location never maps to a
// file outside the folder of the template map that covers it.
func FuzzTemplatePath(f *testing.F) {
	for _, u := range []string{"https://s3.amazonaws.com/b/t/vpc.yaml", "s3://b/t/../../x", "s3://b/t/a.yaml?versionId=1", "infrastructure/vpc.yaml", "../x.yaml", "https://other/x", "s3://b/"} {
		f.Add(u)
	}
	f.Fuzz(func(t *testing.T, u string) {
		dir := filepath.Join("mirror", "root")
		l := &loader{file: filepath.Join("tpl", "parent.yaml"), o: options{templateMaps: []templateMap{{"s3://b/", dir}, {"https://s3.amazonaws.com/b/", dir}}}}
		file, missing := l.templatePath(u)
		if (file == "") == (missing == "") {
			t.Fatalf("templatePath(%q) = %q, %q: want exactly one", u, file, missing)
		}
		lower := strings.ToLower(u)
		remote := strings.HasPrefix(lower, "https://") || strings.HasPrefix(lower, "http://") || strings.HasPrefix(lower, "s3://")
		if file != "" && remote {
			rel, err := filepath.Rel(dir, file)
			if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || rel == "." {
				t.Fatalf("templatePath(%q) = %q, outside %s", u, file, dir)
			}
		}
	})
}
