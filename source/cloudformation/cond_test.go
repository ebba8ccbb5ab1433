package cloudformation

import (
	"strings"
	"testing"
)

// TestConditionFunctions decides conditions per the CFN User Guide
// "Condition functions": Fn::And is true when every condition is true,
// Fn::Or when any is, Fn::Not negates; inside them a condition is named
// either with the Condition function or with the map form
// {"Condition": "Name"}. A condition that depends on a value known only at
// deploy is unknown, unless another operand decides the result alone (one
// false operand makes Fn::And false, one true operand makes Fn::Or true).
func TestConditionFunctions(t *testing.T) {
	conds := map[string]string{
		"T":            `{"Fn::Equals": ["a", "a"]}`,
		"F":            `{"Fn::Equals": ["a", "b"]}`,
		"U":            `{"Fn::Equals": [{"Ref": "NoDefault"}, "x"]}`,
		"AndMapTT":     `{"Fn::And": [{"Condition": "T"}, {"Condition": "T"}]}`,
		"AndMapTF":     `{"Fn::And": [{"Condition": "T"}, {"Condition": "F"}]}`,
		"AndMapUF":     `{"Fn::And": [{"Condition": "U"}, {"Condition": "F"}]}`,
		"AndMapTU":     `{"Fn::And": [{"Condition": "T"}, {"Condition": "U"}]}`,
		"OrMapFF":      `{"Fn::Or": [{"Condition": "F"}, {"Condition": "F"}]}`,
		"OrMapFT":      `{"Fn::Or": [{"Condition": "F"}, {"Condition": "T"}]}`,
		"OrMapUT":      `{"Fn::Or": [{"Condition": "U"}, {"Condition": "T"}]}`,
		"OrMapFU":      `{"Fn::Or": [{"Condition": "F"}, {"Condition": "U"}]}`,
		"NotMapT":      `{"Fn::Not": [{"Condition": "T"}]}`,
		"NotMapF":      `{"Fn::Not": [{"Condition": "F"}]}`,
		"NotMapU":      `{"Fn::Not": [{"Condition": "U"}]}`,
		"NestedMap":    `{"Fn::Not": [{"Fn::Or": [{"Condition": "F"}, {"Fn::And": [{"Condition": "T"}, {"Condition": "F"}]}]}]}`,
		"IfAsOperand":  `{"Fn::Equals": [{"Fn::If": ["T", "yes", "no"]}, "yes"]}`,
		"RefParamTrue": `{"Fn::Equals": [{"Ref": "Flag"}, "true"]}`,
	}
	var b strings.Builder
	b.WriteString("Parameters:\n  NoDefault: {Type: String}\n  Flag: {Type: String, Default: 'true'}\nConditions:\n")
	for name, expr := range conds {
		b.WriteString("  " + name + ": " + expr + "\n")
	}
	head := b.String()
	for _, tc := range []struct {
		cond string
		want string // "yes", "no" or "unknown"
	}{
		{"AndMapTT", "yes"}, {"AndMapTF", "no"}, {"AndMapUF", "no"}, {"AndMapTU", "unknown"},
		{"OrMapFF", "no"}, {"OrMapFT", "yes"}, {"OrMapUT", "yes"}, {"OrMapFU", "unknown"},
		{"NotMapT", "no"}, {"NotMapF", "yes"}, {"NotMapU", "unknown"},
		{"NestedMap", "yes"}, {"IfAsOperand", "yes"}, {"RefParamTrue", "yes"},
	} {
		t.Run(tc.cond, func(t *testing.T) {
			got := probed(t, head+probe("!If ["+tc.cond+", yes, no]"))
			if strings.Contains(got, "<unresolved ") {
				got = "unknown"
			}
			if got != tc.want {
				t.Fatalf("condition %s = %q, want %s", tc.cond, got, tc.want)
			}
		})
	}
}

// TestConditionErrors checks the condition shapes CloudFormation rejects
// (CFN User Guide "Condition functions": Fn::Not takes one condition,
// Fn::And and Fn::Or between 2 and 10, Condition a condition name).
func TestConditionErrors(t *testing.T) {
	for _, tc := range []struct{ name, cond, err string }{
		{"Condition map form with a list", `{"Fn::Not": [{"Condition": [a]}]}`, "want a condition name"},
		{"Fn::Not with two operands", `{"Fn::Not": [{"Condition": "T"}, {"Condition": "T"}]}`, "Fn::Not"},
		{"Fn::And with one operand", `{"Fn::And": [{"Condition": "T"}]}`, "Fn::And"},
		{"Fn::Or operand not a condition", `{"Fn::Or": [[x], {"Condition": "T"}]}`, "want a condition function"},
		{"Fn::And operand undefined", `{"Fn::And": [{"Condition": "T"}, {"Condition": "Nope"}]}`, `condition "Nope" is not defined`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tpl := "Conditions:\n  T: {\"Fn::Equals\": [a, a]}\n  C: " + tc.cond + "\n" + probe("!If [C, yes, no]")
			_, err := Read("stack.yaml", []byte(tpl))
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Fatalf("err %v, want it to mention %q", err, tc.err)
			}
		})
	}
}

// TestIntrinsicArgErrors checks argument counts and indexes CloudFormation
// rejects (CFN User Guide "Intrinsic function reference": Fn::Select takes
// an index and a list, and the index must be within the list; Fn::Equals
// compares two values).
func TestIntrinsicArgErrors(t *testing.T) {
	for _, tc := range []struct{ name, expr, err string }{
		{"Fn::Select with three arguments", "!Select [0, [a], extra]", "Fn::Select: want 2 arguments, got 3"},
		{"Fn::Select index equal to the length", "!Select [2, [a, b]]", "index 2 out of range"},
		{"Fn::Select last index", "!Select [1, [a, b]]", ""},
		{"Fn::Equals as a value with one argument", "!Equals [a]", "Fn::Equals: want 2 arguments, got 1"},
		{"Fn::FindInMap with two arguments", "!FindInMap [M, k]", "Fn::FindInMap: want at least 3 arguments, got 2"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Read("stack.yaml", []byte(probe(tc.expr)))
			if tc.err == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Fatalf("err %v, want it to mention %q", err, tc.err)
			}
		})
	}
}

// TestConditionsAndProperties covers the remaining documented forms: a
// condition that is a Ref to an undefined name is an error, Fn::Equals of
// lists compares their elements (CFN User Guide "Condition functions"), a
// CommaDelimitedList parameter checks AllowedValues per element, and
// Properties may be one Fn::If (CFN User Guide "Fn::If").
func TestConditionsAndProperties(t *testing.T) {
	if _, err := Read("stack.yaml", []byte("Conditions:\n  C: !Ref Nope\n"+probe("!If [C, yes, no]"))); err == nil || !strings.Contains(err.Error(), "Nope") {
		t.Errorf("condition Ref to an undefined name: err %v", err)
	}
	for _, tc := range []struct{ cond, want string }{
		{"!Equals [[a, b], [a, c]]", "no"},
		{"!Equals [[a, b], [a, b]]", "yes"},
	} {
		if got := probed(t, "Conditions:\n  C: "+tc.cond+"\n"+probe("!If [C, yes, no]")); got != tc.want {
			t.Errorf("%s: %q, want %s", tc.cond, got, tc.want)
		}
	}
	params := "Parameters:\n  Zones: {Type: CommaDelimitedList, Default: 'a, b', AllowedValues: [a, b]}\n"
	if got := probed(t, params+probe("!Join ['+', !Ref Zones]")); got != "a+b" {
		t.Errorf("CommaDelimitedList within AllowedValues: %q", got)
	}
	if _, err := Read("stack.yaml", []byte(params+probe("!Join ['+', !Ref Zones]")), WithParameters(map[string]string{"Zones": "a,c"})); err == nil {
		t.Error("CommaDelimitedList element outside AllowedValues accepted")
	}
	tpl := "Conditions:\n  T: !Equals [a, a]\nResources:\n  Probe:\n    Type: AWS::Logs::LogGroup\n    Properties: {\"Fn::If\": [T, {LogGroupName: chosen}, {LogGroupName: other}]}\n"
	if got := probed(t, tpl); got != "chosen" {
		t.Errorf("Properties as Fn::If: %q, want chosen", got)
	}
}

// TestPropertiesFnIfBeforeEvaluation reads a property of a resource whose
// Properties are one Fn::If from a Ref that comes first in the template
// (CFN User Guide "Fn::If": the chosen branch is the Properties).
func TestPropertiesFnIfBeforeEvaluation(t *testing.T) {
	tpl := "Conditions:\n  T: !Equals [a, a]\nResources:\n  Probe:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      LogGroupName: !Ref Role\n  Role:\n    Type: AWS::IAM::Role\n    Properties: {\"Fn::If\": [T, {RoleName: chosen, AssumeRolePolicyDocument: {}}, {RoleName: other, AssumeRolePolicyDocument: {}}]}\n"
	if got := probed(t, tpl); got != "chosen" {
		t.Fatalf("Ref of a role whose Properties are Fn::If = %q, want chosen", got)
	}
}
