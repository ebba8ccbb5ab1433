package cloudformation

import (
	"errors"
	"strings"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/source"
)

// TestRules checks the Rules section (CFN-UG "Rules", CFN template
// reference "Rule functions"): a failing assertion with known values is an
// input error quoting its AssertDescription; a false RuleCondition skips
// the assertions; an assertion that depends on an unknown value (no
// parameter value, Fn::ValueOf, Fn::ValueOfAll, Fn::RefAll) is skipped.
func TestRules(t *testing.T) {
	const params = `Parameters:
  Env: {Type: String, AllowedValues: [prod, test]}
  Size: {Type: String}
  Subnets: {Type: CommaDelimitedList}
  Vpc: {Type: String}
`
	for _, tc := range []struct {
		name, rules string
		given       map[string]string
		want        string // "" for no error
	}{
		{"Rule functions: Fn::Contains true passes",
			"  R:\n    Assertions:\n      - Assert: {'Fn::Contains': [[small, large], !Ref Size]}\n        AssertDescription: size is small or large\n",
			map[string]string{"Size": "small"}, ""},
		{"Rule functions: Fn::Contains false fails with the AssertDescription",
			"  R:\n    Assertions:\n      - Assert: {'Fn::Contains': [[small, large], !Ref Size]}\n        AssertDescription: size is small or large\n",
			map[string]string{"Size": "huge"}, `rule R: assertion failed: "size is small or large"`},
		{"CFN-UG Rules: RuleCondition true applies the assertions",
			"  ProdSize:\n    RuleCondition: !Equals [!Ref Env, prod]\n    Assertions:\n      - Assert: !Equals [!Ref Size, large]\n        AssertDescription: prod runs large tasks\n",
			map[string]string{"Env": "prod", "Size": "small"}, `assertion failed: "prod runs large tasks"`},
		{"CFN-UG Rules: RuleCondition false skips the assertions",
			"  ProdSize:\n    RuleCondition: !Equals [!Ref Env, prod]\n    Assertions:\n      - Assert: !Equals [!Ref Size, large]\n",
			map[string]string{"Env": "test", "Size": "small"}, ""},
		{"CFN-UG Rules: RuleCondition unknown skips the assertions",
			"  ProdSize:\n    RuleCondition: !Equals [!Ref Env, prod]\n    Assertions:\n      - Assert: !Equals [!Ref Size, large]\n",
			map[string]string{"Size": "small"}, ""},
		{"an assertion on a parameter without value is skipped",
			"  R:\n    Assertions:\n      - Assert: !Not [!Equals [!Ref Vpc, '']]\n",
			nil, ""},
		{"Rule functions: Fn::Not and Fn::Equals with known values fail",
			"  R:\n    Assertions:\n      - Assert: !Not [!Equals [!Ref Vpc, '']]\n        AssertDescription: give a VPC\n",
			map[string]string{"Vpc": ""}, `assertion failed: "give a VPC"`},
		{"Rule functions: Fn::ValueOf is unknown before deploy, skipped",
			"  R:\n    Assertions:\n      - Assert: {'Fn::EachMemberEquals': [{'Fn::ValueOf': [Subnets, VpcId]}, !Ref Vpc]}\n        AssertDescription: subnets in the VPC\n",
			map[string]string{"Subnets": "subnet-1,subnet-2", "Vpc": "vpc-1"}, ""},
		{"Rule functions: Fn::ValueOfAll and Fn::RefAll are unknown, skipped",
			"  R:\n    Assertions:\n      - Assert: {'Fn::EachMemberIn': [{'Fn::ValueOfAll': ['AWS::EC2::Subnet::Id', VpcId]}, {'Fn::RefAll': 'AWS::EC2::VPC::Id'}]}\n",
			nil, ""},
		{"Rule functions: Fn::EachMemberEquals false",
			"  R:\n    Assertions:\n      - Assert: {'Fn::EachMemberEquals': [!Ref Subnets, subnet-1]}\n        AssertDescription: one subnet only\n",
			map[string]string{"Subnets": "subnet-1,subnet-2"}, `"one subnet only"`},
		{"Rule functions: Fn::EachMemberIn true",
			"  R:\n    Assertions:\n      - Assert: {'Fn::EachMemberIn': [!Ref Subnets, [subnet-1, subnet-2, subnet-3]]}\n",
			map[string]string{"Subnets": "subnet-1,subnet-2"}, ""},
		{"Rule functions: Fn::EachMemberIn false",
			"  R:\n    Assertions:\n      - Assert: {'Fn::EachMemberIn': [!Ref Subnets, [subnet-1]]}\n",
			map[string]string{"Subnets": "subnet-1,subnet-2"}, "rule R: assertion failed: (no AssertDescription)"},
		{"Rule functions: Fn::And false when one is false, whatever the unknown",
			"  R:\n    Assertions:\n      - Assert: !And [!Equals [!Ref Vpc, x], !Equals [!Ref Size, large]]\n",
			map[string]string{"Size": "small"}, "assertion failed"},
		{"Rule functions: Fn::Or true when one is true, whatever the unknown",
			"  R:\n    Assertions:\n      - Assert: !Or [!Equals [!Ref Vpc, x], !Equals [!Ref Size, small]]\n",
			map[string]string{"Size": "small"}, ""},
		{"Rule functions: the second assertion fails",
			"  R:\n    Assertions:\n      - Assert: !Equals [!Ref Size, small]\n      - Assert: !Equals [!Ref Env, prod]\n        AssertDescription: only prod\n",
			map[string]string{"Size": "small", "Env": "test"}, `Rules.R.Assertions[1]: rule R: assertion failed: "only prod"`},
		{"Rule functions: Fn::Not of a false Fn::Equals passes",
			"  R:\n    Assertions:\n      - Assert: !Not [!Equals [!Ref Size, large]]\n",
			map[string]string{"Size": "small"}, ""},
		{"Rule functions: a rule function as an Fn::Equals operand",
			"  R:\n    Assertions:\n      - Assert: !Equals [{'Fn::Contains': [[a, b], !Ref Size]}, 'true']\n        AssertDescription: size a or b\n",
			map[string]string{"Size": "c"}, `"size a or b"`},
		{"Rule functions: Fn::Contains on one string",
			"  R:\n    Assertions:\n      - Assert: {'Fn::Contains': [!Ref Size, small]}\n",
			map[string]string{"Size": "small"}, ""},
		{"Rule functions: a literal false assertion fails",
			"  R:\n    Assertions:\n      - Assert: 'false'\n        AssertDescription: never\n",
			nil, `"never"`},
		{"Rule functions: an assertion from a Ref to a parameter holding false",
			"  R:\n    Assertions:\n      - Assert: !Ref Size\n",
			map[string]string{"Size": "false"}, "assertion failed"},
		{"Rule functions: a list operand holding Fn::ValueOf is unknown, skipped",
			"  R:\n    Assertions:\n      - Assert: {'Fn::EachMemberIn': [[!Ref Size, {'Fn::ValueOf': [Vpc, Tags.Team]}], [small]]}\n",
			map[string]string{"Size": "large", "Vpc": "vpc-1"}, ""},
		{"Rule functions: Fn::ValueOf takes two arguments",
			"  R:\n    Assertions:\n      - Assert: !Equals [{'Fn::ValueOf': [Vpc]}, x]\n",
			nil, "Fn::ValueOf: want 2 arguments, got 1"},
		{"Rule functions: a list is not a condition",
			"  R:\n    Assertions:\n      - Assert: [a]\n",
			nil, "want a rule function"},
		{"CFN-UG Rules: Assertions is a list",
			"  R:\n    Assertions: {Assert: x}\n",
			nil, "Rules.R.Assertions: want list, got object"},
		{"CFN-UG Rules: an assertion has Assert",
			"  R:\n    Assertions:\n      - AssertDescription: x\n",
			nil, "an assertion has Assert"},
		{"CFN-UG Rules: an assertion is an object",
			"  R:\n    Assertions: [x]\n",
			nil, "an assertion is an object with Assert"},
		{"CFN-UG Rules: a rule is an object",
			"  R: [x]\n",
			nil, "a rule is an object with Assertions"},
		{"Rule functions: Fn::And of three, the third false",
			"  R:\n    Assertions:\n      - Assert: !And [!Equals [a, a], !Equals [b, b], !Equals [!Ref Size, large]]\n",
			map[string]string{"Size": "small"}, "assertion failed"},
		{"Rule functions: Fn::Or needs at least two conditions",
			"  R:\n    Assertions:\n      - Assert: !Or [!Equals [a, a]]\n",
			nil, "Fn::Or: want at least 2 arguments, got 1"},
		{"Rule functions: Fn::EachMemberEquals true when every member equals",
			"  R:\n    Assertions:\n      - Assert: {'Fn::EachMemberEquals': [!Ref Subnets, subnet-1]}\n",
			map[string]string{"Subnets": "subnet-1,subnet-1"}, ""},
		{"a rule without Assertions is a template error",
			"  R:\n    RuleCondition: !Equals [a, a]\n",
			nil, "a rule has Assertions"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tmpl := params + "Rules:\n" + tc.rules + "Resources:\n  T: {Type: AWS::SNS::Topic}\n"
			var opts []Option
			if tc.given != nil {
				opts = append(opts, WithParameters(tc.given))
			}
			_, err := Read("t.yaml", []byte(tmpl), opts...)
			if tc.want == "" {
				if err != nil {
					t.Fatalf("error %v, want none", err)
				}
				return
			}
			var ie *source.InputError
			if !errors.As(err, &ie) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want an input error holding %q", err, tc.want)
			}
			if ie.Line == 0 {
				t.Errorf("error without a line: %v", err)
			}
		})
	}
}

// TestRulesNoEcho: a failing assertion on a NoEcho parameter does not show
// its value (CFN-UG "Parameters": NoEcho).
func TestRulesNoEcho(t *testing.T) {
	tmpl := "Parameters:\n  Pw: {Type: String, NoEcho: true}\nRules:\n  R:\n    Assertions:\n      - Assert: !Equals [!Ref Pw, '']\n        AssertDescription: !Sub x\nResources:\n  T: {Type: AWS::SNS::Topic}\n"
	_, err := Read("t.yaml", []byte(tmpl), WithParameters(map[string]string{"Pw": "hunter2"}))
	if err == nil || strings.Contains(err.Error(), "hunter2") {
		t.Fatalf("error %v, want one without the value", err)
	}
}
