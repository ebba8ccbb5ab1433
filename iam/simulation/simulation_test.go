package simulation

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/iam"
	"github.com/ecs-preflight/ecs-preflight/iam/internal/corpus"
	"github.com/ecs-preflight/ecs-preflight/source"
)

// Every document in testdata decides as its "expect" says. The cases come
// from ECS-DG "Amazon ECS task execution IAM role", ECR-UG "Private
// repository policy examples" (cross-account pull), and KMS-DG "Key
// policies".
func TestTestdataDecisions(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.json")
	if len(files) < 3 {
		t.Fatalf("only %d documents", len(files))
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			s, err := Read(f, data)
			if err != nil {
				t.Fatal(err)
			}
			if s.Expect == "" {
				t.Fatal("document has no expect")
			}
			if d := s.Run(); d.Effect != s.Expect {
				t.Fatalf("decision %s, want %s (%s)", d.Effect, s.Expect, d.Reason)
			}
		})
	}
}

func TestReadErrors(t *testing.T) {
	cases := []struct{ name, doc, want string }{
		{"malformed JSON names the line", "{\n\"action\": \"s3:GetObject\",\n\"resource\": }", "line 3"},
		{"wrong type names the field", `{"action": 5}`, "action"},
		{"unknown field", `{"acton": "x"}`, `unknown field "acton"`},
		{"action required", `{"resource": "*", "principal": {"arn": "arn:aws:iam::1:user/a"}}`, "$.action: is required"},
		{"principal required", `{"action": "s3:GetObject", "resource": "*"}`, "$.principal"},
		{"bad expect", `{"action": "s3:GetObject", "resource": "*", "principal": {"service": "x"}, "expect": "maybe"}`, "$.expect"},
		{"bad policy names its place", `{"action": "s3:GetObject", "resource": "*", "principal": {"service": "x"}, "policies": {"identity": [{"name": "p", "document": {"Statement": [{"Effect": "allow", "Action": "*", "Resource": "*"}]}}]}}`, "$.policies.identity[0]"},
		{"trailing data", `{"action": "s3:GetObject", "resource": "*", "principal": {"service": "x"}} {}`, "trailing data"},
		{"context value of the wrong shape", `{"action": "a:b", "resource": "*", "principal": {"service": "x"}, "context": {"k": {"a": 1}}}`, "want a string"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Read("req.json", []byte(tc.doc))
			var in *source.InputError
			if !errors.As(err, &in) || in.File != "req.json" {
				t.Fatalf("got %v, want an InputError naming req.json", err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %q does not mention %q", err, tc.want)
			}
		})
	}
}

func TestContextValues(t *testing.T) {
	s, err := Read("r", []byte(`{"action": "a:b", "resource": "*", "principal": {"service": "ecs-tasks.amazonaws.com"},
		"context": {"aws:MultiFactorAuthPresent": true, "aws:MultiFactorAuthAge": 30, "aws:TagKeys": ["a", "b"]}}`))
	if err != nil {
		t.Fatal(err)
	}
	ctx := s.Request.Context
	if ctx["aws:MultiFactorAuthPresent"][0] != "true" || ctx["aws:MultiFactorAuthAge"][0] != "30" || len(ctx["aws:TagKeys"]) != 2 {
		t.Fatalf("context %v", ctx)
	}
	if s.Run().Effect != iam.ImplicitDeny {
		t.Fatal("a service principal with no resource policy must be denied")
	}
}

func FuzzRead(f *testing.F) {
	for _, m := range []string{"ecr-token-denied.json", "cross-account-pull.json", "kms-no-delegation.json"} {
		b, err := os.ReadFile(filepath.Join("testdata", m))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"context": {"k": [1, true, "x"]}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Read("fuzz.json", data)
		if err != nil {
			var in *source.InputError
			if !errors.As(err, &in) {
				t.Fatalf("error is not an InputError: %v", err)
			}
			return
		}
		s.Run()
	})
}

// TestCorpus runs the shared decision corpus (iam/testdata/corpus) through
// Read and Run, the path `ecs-preflight iam` takes, so the reader and the
// evaluator agree on every documentation-derived case.
func TestCorpus(t *testing.T) {
	files, err := corpus.Load(filepath.Join("..", "testdata", "corpus"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no corpus files")
	}
	for _, f := range files {
		for _, c := range f.Cases {
			t.Run(f.Page+"/"+c.Name, func(t *testing.T) {
				s, err := Read(f.Path, c.Doc)
				if err != nil {
					t.Fatal(err)
				}
				if s.Name != c.Name || s.Source != c.Source {
					t.Errorf("name %q source %q not carried", s.Name, s.Source)
				}
				if d := s.Run(); d.Effect != s.Expect {
					t.Fatalf("%s: decision %s, want %s", c.Source, d.Effect, s.Expect)
				}
			})
		}
	}
}
