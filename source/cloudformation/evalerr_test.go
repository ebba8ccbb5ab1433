package cloudformation

import (
	"strings"
	"testing"
)

// TestEvalErrorsPropagate puts an expression CloudFormation rejects (an
// Fn::Select index out of range, CFN User Guide "Fn::Select") in every
// argument of every intrinsic function: the template is rejected, and the
// error names the bad expression, wherever it is nested.
func TestEvalErrorsPropagate(t *testing.T) {
	const bad = "!Select [9, [a]]"
	head := "Parameters:\n  Env: {Type: String, Default: prod}\nMappings:\n  M:\n    k: {v: x}\nConditions:\n  T: !Equals [a, a]\n"
	for _, expr := range []string{
		"!Join ['', [x, " + bad + "]]",
		"!ToJsonString {a: " + bad + "}",
		"!Join [" + bad + ", [a]]",
		"!Join ['', " + bad + "]",
		"!Sub ['${A}', {A: " + bad + "}]",
		"!Select [" + bad + ", [a]]",
		"!Select [0, " + bad + "]",
		"!Split [" + bad + ", a]",
		"!Select [0, !Split [',', " + bad + "]]",
		"!If [T, " + bad + ", x]",
		"!FindInMap [" + bad + ", k, v]",
		"!FindInMap [M, " + bad + ", v]",
		"!FindInMap [M, k, " + bad + "]",
		"{'Fn::ImportValue': " + bad + "}",
		"!Select [0, {'Fn::GetAZs': " + bad + "}]",
		"{'Fn::Base64': " + bad + "}",
		"!Select [0, !Cidr [" + bad + ", 1, 8]]",
		"!Select [0, !Cidr [10.0.0.0/16, " + bad + ", 8]]",
		"!Select [0, !Cidr [10.0.0.0/16, 1, " + bad + "]]",
		"{'Fn::Length': " + bad + "}",
		"{'Fn::ToJsonString': " + bad + "}",
		"!If [T, !Equals [" + bad + ", a], x]",
		"!If [T, !Equals [a, " + bad + "], x]",
		"!If [T, !Not [!Equals [" + bad + ", a]], x]",
		"!If [T, !And [!Equals [a, a], !Equals [" + bad + ", a]], x]",
	} {
		t.Run(expr, func(t *testing.T) {
			_, err := Read("stack.yaml", []byte(head+probe(expr)))
			if err == nil || !strings.Contains(err.Error(), "index 9 out of range") {
				t.Fatalf("err %v, want the nested Fn::Select error", err)
			}
		})
	}
}

// TestEvalArgumentTypes checks the argument types each intrinsic function
// takes (CFN User Guide "Intrinsic function reference", each function's
// "Parameters").
func TestEvalArgumentTypes(t *testing.T) {
	head := "Mappings:\n  M:\n    k: {v: x}\nConditions:\n  T: !Equals [a, a]\n"
	for _, tc := range []struct{ expr, err string }{
		{"!Join [[a], [b]]", "Fn::Join"},
		{"!Join ['', a]", "Fn::Join"},
		{"!Join ['', [[a]]]", "Fn::Join"},
		{"!Select [x, [a]]", `index "x" is not a non-negative integer`},
		{"!Select ['-1', [a]]", `index "-1" is not a non-negative integer`},
		{"!Select [0, a]", "Fn::Select"},
		{"!Base64 [a]", "Fn::Base64"},
		{"!Select [0, !Split [[a], b]]", "Fn::Split"},
		{"!Select [0, !Split [',', [a]]]", "Fn::Split"},
		{"!Select [0, !GetAZs [a]]", "Fn::GetAZs"},
		{"!Select [0, !Cidr [not-a-cidr, 1, 8]]", "Fn::Cidr"},
		{"!Select [0, !Cidr [10.0.0.0/16, x, 8]]", "Fn::Cidr"},
		{"!Select [0, !Cidr [10.0.0.0/16, 1, x]]", "Fn::Cidr"},
		{"!Length a", "Fn::Length"},
		{"!ImportValue [a]", "Fn::ImportValue"},
		{"!Sub [a, b, c]", "Fn::Sub"},
		{"!Sub [a, b]", "Fn::Sub"},
		{"!Sub [[a], {}]", "Fn::Sub"},
		{"!Sub '${Nope}'", "Nope"},
		{"!Ref Nope", "Nope"},
		{"!Ref [a]", "Ref"},
		{"!GetAtt Nope.Arn", "Nope"},
		{"!GetAtt [a]", "Fn::GetAtt"},
		{"!FindInMap [Missing, k, v]", "Missing"},
		{"!FindInMap [M, missing, v]", "missing"},
		{"!FindInMap [M, k, missing]", "missing"},
		{"!If [Nope, a, b]", `condition "Nope" is not defined`},
		{"!If [T, a]", "Fn::If"},
		{"!If [[T], a, b]", "Fn::If"},
	} {
		t.Run(tc.expr, func(t *testing.T) {
			_, err := Read("stack.yaml", []byte(head+probe(tc.expr)))
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Fatalf("err %v, want it to mention %q", err, tc.err)
			}
		})
	}
}

// TestEvalMore covers the remaining documented forms of the intrinsic
// functions (CFN User Guide "Intrinsic function reference", "Pseudo
// parameters reference", "Parameters"). want is the value, "unresolved"
// for a value known only at deploy, or "error: TEXT".
func TestEvalMore(t *testing.T) {
	head := "Parameters:\n  NoDefault: {Type: String}\n  Nets: {Type: 'List<AWS::EC2::Subnet::Id>', Default: 'subnet-1,subnet-2'}\n  Listed: {Type: CommaDelimitedList, Default: [a, b]}\n" +
		"Mappings:\n  M:\n    k: {v: x}\nConditions:\n  T: !Equals [a, a]\n  EqU: !Equals [a, !Ref NoDefault]\n  RefU: !Ref NoDefault\n  EqList: !Equals [[a, b], [a, b]]\n"
	for _, tc := range []struct{ name, expr, want string }{
		{"Fn::Join argument count", "!Join [a]", "error: Fn::Join: want 2 arguments"},
		{"Fn::Join over an unresolved list", "!Join ['', !Ref NoDefault]", "unresolved"},
		{"Fn::Select unresolved index", "!Select [!Ref NoDefault, [a]]", "unresolved"},
		{"Fn::Split argument count", "!Select [0, !Split [a]]", "error: Fn::Split: want 2 arguments"},
		{"Fn::Split empty delimiter", "!Select [0, !Split ['', a]]", "error: the delimiter is empty"},
		{"Fn::GetAZs unresolved region", "!Select [0, {'Fn::GetAZs': !Ref NoDefault}]", "unresolved"},
		{"Fn::Base64 unresolved", "{'Fn::Base64': !Ref NoDefault}", "unresolved"},
		{"Fn::ImportValue unresolved name", "{'Fn::ImportValue': !Ref NoDefault}", "unresolved"},
		{"Fn::Length of an unresolved list", "{'Fn::Length': !Ref NoDefault}", "unresolved"},
		{"Fn::GetAtt list form with a list attribute", "!GetAtt [Other, [x]]", "error: Fn::GetAtt"},
		{"Fn::GetAtt of a map", "!GetAtt {a: b}", "error: Fn::GetAtt: want Resource.Attribute"},
		{"Fn::Sub unterminated ${ is literal", "!Sub 'a${b'", "a${b"},
		{"Fn::Sub variable that is a map", "!Sub ['${A}', {A: {x: y}}]", "error: not a string"},
		{"Fn::FindInMap unresolved key", "!FindInMap [M, !Ref NoDefault, v]", "unresolved"},
		{"Fn::FindInMap DefaultValue for a missing map (AWS::LanguageExtensions)", "!FindInMap [Missing, k, v, {DefaultValue: d}]", "d"},
		{"Fn::FindInMap DefaultValue for a missing top key", "!FindInMap [M, missing, v, {DefaultValue: d}]", "d"},
		{"Fn::FindInMap DefaultValue for a missing second key", "!FindInMap [M, k, missing, {DefaultValue: d}]", "d"},
		{"Fn::Cidr argument count", "!Select [0, !Cidr [10.0.0.0/16, 1]]", "error: Fn::Cidr: want 3 arguments"},
		{"Fn::Cidr unresolved block", "!Select [0, !Cidr [!Ref NoDefault, 1, 8]]", "unresolved"},
		{"Fn::Cidr more blocks than fit", "!Select [0, !Cidr [10.0.0.0/24, 4, 8]]", "error: Fn::Cidr"},
		{"Fn::Equals with an unresolved second operand", "!If [EqU, yes, no]", "unresolved"},
		{"condition that is an unresolved Ref", "!If [RefU, yes, no]", "unresolved"},
		{"Fn::Equals compares lists", "!If [EqList, yes, no]", "yes"},
		{"AWS::StackId", "!Select [0, !Split ['/', !Ref AWS::StackId]]", "arn:aws:cloudformation:us-east-1:123456789012:stack"},
		{"AWS::NotificationARNs is a list", "!Join [',', !Ref AWS::NotificationARNs]", ""},
		{"unknown pseudo parameter", "!Ref AWS::Nope", "error: unknown pseudo parameter AWS::Nope"},
		{"List<AWS::EC2::Subnet::Id> parameter", "!Select [1, !Ref Nets]", "subnet-2"},
		{"CommaDelimitedList Default as a YAML list", "!Join ['+', !Ref Listed]", "a+b"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tpl := head + probe(tc.expr) + "  Other: {Type: AWS::Logs::LogGroup}\n"
			w, err := Read("stack.yaml", []byte(tpl), docEnv...)
			if msg, ok := strings.CutPrefix(tc.want, "error: "); ok {
				if err == nil || !strings.Contains(err.Error(), msg) {
					t.Fatalf("err %v, want it to mention %q", err, msg)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got string
			for _, g := range w.LogGroups.All() {
				if g.Origin.Path == "Probe" {
					got = g.LogGroupName
				}
			}
			if tc.want == "unresolved" {
				if !strings.Contains(got, "<unresolved ") {
					t.Fatalf("got %q, want a stand-in", got)
				}
				return
			}
			if got != tc.want {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// TestMaxValue checks the cap on one evaluated string (maxValue, this
// reader's guard against references that double a string at every step,
// not a CloudFormation rule): a value of exactly maxValue bytes is kept,
// one byte more is an error.
func TestMaxValue(t *testing.T) {
	half := strings.Repeat("a", maxValue/2)
	for _, tc := range []struct {
		name, expr string
		ok         bool
	}{
		{"Fn::Join at the cap", "!Join ['', [" + half + ", " + half + "]]", true},
		{"Fn::Join over the cap", "!Join ['', [" + half + ", " + half + "b]]", false},
		{"Fn::Sub at the cap", "!Sub ['${A}${A}', {A: " + half + "}]", true},
		{"Fn::Sub over the cap", "!Sub ['${A}${A}b', {A: " + half + "}]", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Read("stack.yaml", []byte(probe(tc.expr)))
			if tc.ok != (err == nil) {
				t.Fatalf("err %v, want ok %v", err, tc.ok)
			}
			if err != nil && !strings.Contains(err.Error(), "longer than") {
				t.Fatalf("err %v, want the length cap", err)
			}
		})
	}
}

// TestCidrBounds checks Fn::Cidr at the edges of its parameters (CFN User
// Guide "Fn::Cidr": count is between 1 and 256; cidrBits is the number of
// host bits, so 0 gives /32 blocks; the blocks must fit in ipBlock).
func TestCidrBounds(t *testing.T) {
	for _, tc := range []struct{ expr, want string }{
		{"!Join [',', !Cidr [10.0.0.0/16, 1, 8]]", "10.0.0.0/24"},
		{"!Select [255, !Cidr [10.0.0.0/16, 256, 8]]", "10.0.255.0/24"},
		{"!Join [',', !Cidr [10.0.0.0/16, 1, 16]]", "10.0.0.0/16"},
		{"!Join [',', !Cidr [10.0.0.7/32, 1, 0]]", "10.0.0.7/32"},
		{"!Join [',', !Cidr [10.0.0.0/16, 0, 8]]", "error"},
		{"!Join [',', !Cidr [10.0.0.0/8, 257, 8]]", "error"},
		{"!Join [',', !Cidr [10.0.0.0/16, 1, 17]]", "error"},
		{"!Join [',', !Cidr [10.0.0.0/16, 1, -1]]", "error"},
		{"!Join [',', !Cidr [10.0.0.0/24, 2, 8]]", "error"},
	} {
		t.Run(tc.expr, func(t *testing.T) {
			w, err := Read("stack.yaml", []byte(probe(tc.expr)))
			if tc.want == "error" {
				if err == nil || !strings.Contains(err.Error(), "Fn::Cidr") {
					t.Fatalf("err %v, want a Fn::Cidr error", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := w.LogGroups.All()[0].LogGroupName; got != tc.want {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
		})
	}
}
