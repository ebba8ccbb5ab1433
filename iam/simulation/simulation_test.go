package simulation

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
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
		{"unknown field names its JSON path and the near name", `{"acton": "x"}`, `$.acton: unknown field; did you mean "action"?`},
		{"unknown nested field names its JSON path", `{"action": "s3:GetObject", "resource": "*", "principal": {"servce": "x"}}`, `$.principal.servce: unknown field; did you mean "service"?`},
		{"unknown field in a list element", `{"action": "s3:GetObject", "resource": "*", "principal": {"service": "x"}, "policies": {"identity": [{"name": "a", "document": {}}, {"name": "b", "documnet": {}}]}}`, `$.policies.identity[1].documnet: unknown field; did you mean "document"?`},
		{"unknown field far from every name lists them", `{"tags": {}}`, `$.tags: unknown field (want one of name, source, principal`},
		{"unknown field in a policy document names its JSON path in the policy", `{"action": "s3:GetObject", "resource": "*", "principal": {"service": "x"}, "policies": {"identity": [{"name": "p", "document": {"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}, {"Effect": "Allow", "Action": "*", "Resource": "*", "Condtion": {}}]}}]}}`, `$.policies.identity[0]: policy "p": $.Statement[1].Condtion: unknown element; did you mean "Condition"?`},
		{"empty file", ``, `loading simulation "req.json": empty document`},
		{"a number out of range is quoted by a short prefix", `{"action": "s3:GetObject", "resource": "*", "principal": {"service": "x"}, "policies": {"unresolvedPolicies": [{"name": "a", "level": ` + strings.Repeat("9", 5000) + `}]}}`, "policies.unresolvedPolicies.level: want a number, got number " + strings.Repeat("9", 64) + "…(5000 bytes) (out of range)"},
		{"unknown field that is no plain name is quoted in brackets", `{"my field": 1}`, `$["my field"]: unknown field (want one of`},
		{"context value null", `{"action": "a:b", "resource": "*", "principal": {"service": "x"}, "context": {"k": null}}`, "context: want a string, got null"},
		{"context value a list of lists", `{"action": "a:b", "resource": "*", "principal": {"service": "x"}, "context": {"k": [["a"]]}}`, "context: want a string, got a list"},
		{"white space only", " \n\t \r\n", `loading simulation "req.json": empty document`},
		{"truncated document gives the line and column of the end of input", "{\"action\": \"s3:GetObject\",\n \"resource\": ", `loading simulation "req.json": line 2, column 14: unexpected end of input: the document is truncated`},
		{"a syntax error gives line and column", "{\n  \"action\": x}", `line 2, column 13: invalid character 'x' looking for beginning of value`},
		{"a hostile number literal is not echoed", `{"action": ` + strings.Repeat("9", 100000) + `}`, `line 1, column 100012: action: want a string, got number`},
		{"a hostile policy name is cut", `{"action": "s3:GetObject", "resource": "*", "principal": {"service": "x"}, "policies": {"identity": [{"name": "` + strings.Repeat("n", 100000) + `", "document": {}}]}}`, `policy "` + strings.Repeat("n", 64) + `"…(100000 bytes): missing "Statement"`},
		{"action required", `{"resource": "*", "principal": {"arn": "arn:aws:iam::1:user/a"}}`, "$.action: is required"},
		{"principal required", `{"action": "s3:GetObject", "resource": "*"}`, "$.principal"},
		{"bad expect", `{"action": "s3:GetObject", "resource": "*", "principal": {"service": "x"}, "expect": "maybe"}`, "$.expect"},
		{"bad policy names its place", `{"action": "s3:GetObject", "resource": "*", "principal": {"service": "x"}, "policies": {"identity": [{"name": "p", "document": {"Statement": [{"Effect": "allow", "Action": "*", "Resource": "*"}]}}]}}`, "$.policies.identity[0]"},
		{"trailing data", `{"action": "s3:GetObject", "resource": "*", "principal": {"service": "x"}} {}`, "trailing data"},
		{"context value of the wrong shape", `{"action": "a:b", "resource": "*", "principal": {"service": "x"}, "context": {"k": {"a": 1}}}`, "context: want a string, got an object (want a string, number or boolean)"},
		{"context value of the wrong shape is not echoed", `{"action": "a:b", "resource": "*", "principal": {"service": "x"}, "context": {"k": [{"secret": "` + strings.Repeat("s", 1000) + `"}]}}`, "context: want a string, got an object"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Read("req.json", []byte(tc.doc))
			var in *source.InputError
			if !errors.As(err, &in) || in.File != "req.json" {
				t.Fatalf("got %v, want an InputError naming req.json", err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %.600q does not mention %.600q", err, tc.want)
			}
			if len(err.Error()) > 600 || strings.Contains(err.Error(), "ssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssss") {
				t.Fatalf("error of %d bytes %.600q echoes the input", len(err.Error()), err)
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
	f.Add([]byte(`{"principal": {"arn": "arn:aws:iam::111122223333:user/a", "accountId": "111122223333"}, "action": "s3:GetObject", "resource": "*",
		"policies": {"identity": [{"name": "A", "document": {"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}}],
		"scps": [[{"name": "S", "document": {"Statement": {"Effect": "Allow", "Action": "ec2:*", "Resource": "*"}}}]],
		"unresolvedPolicies": [{"name": "U", "layer": "identity"}]}}`))
	f.Add([]byte(""))
	f.Add([]byte(" \n\t"))
	f.Add([]byte("{\"action\": \"s3:GetObject\",\n \"resource\": "))
	f.Add([]byte(`{"action": "s3:GetObject", "resource": "*", "principal": {"servce": "x"}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Read("fuzz.json", data)
		if err != nil {
			var in *source.InputError
			if !errors.As(err, &in) {
				t.Fatalf("error is not an InputError: %v", err)
			}
			// Every error has a place or says the document is empty, and
			// quotes the input by short prefixes only.
			if in.Line > 0 && in.Column <= 0 {
				t.Fatalf("error with a line but no column: %v", err)
			}
			if len(err.Error()) > 1024 {
				t.Fatalf("error of %d bytes: %.300q", len(err.Error()), err)
			}
			return
		}
		d := s.Run()
		// The decision of whatever reads, with the invariants of
		// iam.Decision's documentation: Allow cites the statements that
		// allowed and is impossible beside an unresolved policy (IAM-UG
		// "Policy evaluation logic": an unseen policy may hold an explicit
		// Deny); a deny says why and who; Unknown says what is missing;
		// the same document decides the same way twice.
		unresolved := len(s.Layers.Unresolved) + len(s.Layers.UnresolvedPolicies)
		switch d.Effect {
		case iam.Allow:
			if len(d.Deciding) == 0 || unresolved > 0 || len(d.Missing) > 0 || d.Reason != "" {
				t.Fatalf("allow %+v with %d unresolved", d, unresolved)
			}
		case iam.ExplicitDeny, iam.ImplicitDeny:
			if d.Reason == "" || d.DeniedBy == "" {
				t.Fatalf("deny without reason: %+v", d)
			}
			if d.Effect == iam.ExplicitDeny && len(d.Deciding) == 0 {
				t.Fatalf("explicit deny cites nothing: %+v", d)
			}
		case iam.Unknown:
			if len(d.Missing) == 0 {
				t.Fatalf("unknown without Missing: %+v", d)
			}
		default:
			t.Fatalf("Effect %q is not a decision", d.Effect)
		}
		if again := s.Run(); !reflect.DeepEqual(d, again) {
			t.Fatalf("Run is not deterministic: %+v then %+v", d, again)
		}
	})
}

func TestReadUnresolvedPolicies(t *testing.T) {
	const head = `{"action": "a:b", "resource": "*", "principal": {"arn": "arn:aws:iam::111122223333:user/a"}, "policies": {"unresolvedPolicies": `
	s, err := Read("r", []byte(head+`[{"name": "U", "layer": "scps", "level": 2}, {"name": "V"}]}}`))
	if err != nil {
		t.Fatal(err)
	}
	want := []iam.UnresolvedPolicy{{Name: "U", Layer: iam.LayerSCP, Level: 2}, {Name: "V"}}
	if !reflect.DeepEqual(s.Layers.UnresolvedPolicies, want) {
		t.Errorf("UnresolvedPolicies = %+v, want %+v", s.Layers.UnresolvedPolicies, want)
	}
	for _, tc := range []struct{ name, doc, want string }{
		{"a name is required", `[{"layer": "identity"}]`, "$.policies.unresolvedPolicies[0].name: is required"},
		{"the layer is one of the policies keys", `[{"name": "U", "layer": "scp"}]`, `$.policies.unresolvedPolicies[0].layer: want identity, boundary, session, scps, rcps, resource or endpoint, got "scp"`},
		{"a level only for scps and rcps", `[{"name": "U", "layer": "identity", "level": 1}]`, "$.policies.unresolvedPolicies[0].level: must be a level of scps or rcps"},
		{"levels start at 1", `[{"name": "U", "layer": "rcps", "level": -1}]`, "$.policies.unresolvedPolicies[0].level"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Read("r", []byte(head+tc.doc+`}}`))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want %q", err, tc.want)
			}
		})
	}
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
