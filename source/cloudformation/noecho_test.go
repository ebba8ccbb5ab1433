package cloudformation_test

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/source/cloudformation"
)

// codeLiterals returns the string literals of the package's source (not its
// tests) that match re: the intrinsic functions the evaluator dispatches on,
// the resource types and the property names it reads. The secret test is
// built from them, so a new error path is covered without a hand list.
func codeLiterals(t *testing.T, re *regexp.Regexp) []string {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	fset := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		file, err := parser.ParseFile(fset, f, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
				if s, err := strconv.Unquote(lit.Value); err == nil && re.MatchString(s) {
					seen[s] = true
				}
			}
			return true
		})
	}
	out := make([]string, 0, len(seen))
	for s := range seen {
		out = append(out, s)
	}
	slices.Sort(out)
	return out
}

// TestNoEchoValueNeverInErrors runs the reader over templates that put the
// value of a NoEcho parameter everywhere a value can go: into every
// parameter validation (AllowedValues with each parameter type, given as
// Default and with --parameter), every argument position of every intrinsic
// function the evaluator knows, and every property name of every resource
// type it reads. No error may show the value (CFN-UG "Parameters": NoEcho
// masks the value "to prevent it from being displayed in the console,
// command line tools, or API").
func TestNoEchoValueNeverInErrors(t *testing.T) {
	fns := codeLiterals(t, regexp.MustCompile(`^(Fn::[A-Za-z]+|Ref|Condition)$`))
	types := codeLiterals(t, regexp.MustCompile(`^AWS::[A-Za-z0-9]+::[A-Za-z0-9]+$`))
	props := codeLiterals(t, regexp.MustCompile(`^[A-Z][A-Za-z0-9]+$`))
	if len(fns) < 10 || len(types) < 10 || len(props) < 20 {
		t.Fatalf("found %d functions, %d types, %d property names in the source; the test would prove little", len(fns), len(types), len(props))
	}
	secrets := []struct{ typ, value string }{
		{"String", "s3cr3t-noecho"},
		{"String", "s3cr3t\"quoted\\value"},
		{"Number", "987654321"},
		{"CommaDelimitedList", "s3cr3t-one,s3cr3t-two"},
		{"List<Number>", "987654321,123456789"},
		{"List<AWS::EC2::Subnet::Id>", "subnet-5ec2e7,subnet-5ec2e8"},
		{"AWS::EC2::VPC::Id", "vpc-5ec2e7"},
	}
	ref := map[string]any{"Ref": "Secret"}
	fillers := []any{ref, "x", "0", []any{ref, "a"}, map[string]any{"K": ref}}
	var exprs []any
	for _, fn := range fns {
		exprs = append(exprs, map[string]any{fn: ref}, map[string]any{fn: "Secret"})
		for n := 1; n <= 4; n++ {
			for pos := range n {
				for _, f := range fillers {
					args := make([]any, n)
					for i := range args {
						args[i] = f
					}
					args[pos] = ref
					exprs = append(exprs, map[string]any{fn: args})
				}
			}
		}
	}
	var errs, reads int
	check := func(t *testing.T, name, value string, tmpl map[string]any, given bool) {
		t.Helper()
		data, err := json.Marshal(tmpl)
		if err != nil {
			t.Fatal(err)
		}
		var opts []cloudformation.Option
		if given {
			opts = append(opts, cloudformation.WithParameters(map[string]string{"Secret": value}))
		}
		reads++
		_, err = cloudformation.Read("t.yaml", data, opts...)
		if err == nil {
			return
		}
		errs++
		msg := err.Error()
		q := strconv.Quote(value)
		for _, part := range append([]string{value, q[1 : len(q)-1]}, strings.Split(value, ",")...) {
			if strings.Contains(msg, part) {
				t.Errorf("%s: error shows the NoEcho value %q: %s", name, part, msg)
			}
		}
	}
	for _, s := range secrets {
		for _, given := range []bool{false, true} {
			decl := map[string]any{"Type": s.typ, "NoEcho": true,
				"AllowedValues": []any{"a", "b"}, "AllowedPattern": "^[a]$", "MinLength": 100, "MaxLength": 1,
				"MinValue": 1e12, "MaxValue": 0}
			if !given {
				decl["Default"] = s.value
			}
			plain := map[string]any{"Type": s.typ, "NoEcho": "true"}
			if !given {
				plain["Default"] = s.value
			}
			res := map[string]any{"R": map[string]any{"Type": "AWS::SNS::Topic"}}
			check(t, "validations "+s.typ, s.value, map[string]any{"Parameters": map[string]any{"Secret": decl}, "Resources": res}, given)
			for i, e := range exprs {
				name := s.typ + " expr " + strconv.Itoa(i)
				check(t, name+" in a property", s.value, map[string]any{"Parameters": map[string]any{"Secret": plain},
					"Resources": map[string]any{"R": map[string]any{"Type": "AWS::ECS::TaskDefinition", "Properties": map[string]any{"Family": e}}}}, given)
				check(t, name+" in a condition", s.value, map[string]any{"Parameters": map[string]any{"Secret": plain},
					"Conditions": map[string]any{"C": map[string]any{"Fn::Equals": []any{e, "x"}}},
					"Resources":  map[string]any{"R": map[string]any{"Type": "AWS::SNS::Topic", "Condition": "C"}}}, given)
			}
			// Every property of every type, once: the value's form matters
			// to the functions above, not to which property holds it.
			if s != secrets[0] || given {
				continue
			}
			for _, typ := range types {
				for _, p := range props {
					for _, v := range []any{ref, []any{ref}} {
						check(t, typ+"."+p, s.value, map[string]any{"Parameters": map[string]any{"Secret": plain},
							"Resources": map[string]any{"R": map[string]any{"Type": typ, "Properties": map[string]any{p: v}}}}, given)
					}
				}
			}
		}
	}
	t.Logf("%d reads, %d errors", reads, errs)
	if errs < len(secrets)*2 {
		t.Fatalf("only %d of %d reads failed; the templates do not reach the error paths", errs, reads)
	}
}

// The AllowedValues error names the NoEcho parameter instead of its value
// (CFN-UG "Parameters": NoEcho), given as Default or with --parameter, for a
// single value and for a list element; a parameter without NoEcho keeps
// quoting its value.
func TestNoEchoAllowedValuesMessage(t *testing.T) {
	cases := []struct {
		name, typ, noEcho, value string
		given                    bool
		want                     string
	}{
		{"default string", "String", "true", "s3cr3t", false, "the value given for NoEcho parameter Secret is not one of AllowedValues [a, b]"},
		{"given string", "String", "true", "s3cr3t", true, "the value given for NoEcho parameter Secret is not one of AllowedValues [a, b]"},
		{"list element", "CommaDelimitedList", "True", "a,s3cr3t", true, "the value given for NoEcho parameter Secret is not one of AllowedValues [a, b]"},
		{"without NoEcho the value is quoted", "String", "false", "c", false, `value "c" is not one of AllowedValues [a, b]`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tmpl := "Parameters:\n  Secret:\n    Type: " + tc.typ + "\n    NoEcho: " + tc.noEcho + "\n    AllowedValues: [a, b]\n"
			var opts []cloudformation.Option
			if tc.given {
				opts = append(opts, cloudformation.WithParameters(map[string]string{"Secret": tc.value}))
			} else {
				tmpl += "    Default: " + tc.value + "\n"
			}
			tmpl += "Resources:\n  T:\n    Type: AWS::SNS::Topic\n"
			_, err := cloudformation.Read("t.yaml", []byte(tmpl), opts...)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one holding %q", err, tc.want)
			}
		})
	}
}
