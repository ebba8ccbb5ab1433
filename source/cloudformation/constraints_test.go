package cloudformation

import (
	"errors"
	"strings"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/source"
)

// TestParameterConstraints checks the constraints of CFN-UG "Parameters":
// AllowedPattern (whole value; each element of a CommaDelimitedList),
// MinLength/MaxLength, MinValue/MaxValue (Number, each element of
// List<Number>). A value that breaks one is an input error naming the
// parameter; one that keeps them, or no value at all, is not.
func TestParameterConstraints(t *testing.T) {
	for _, tc := range []struct {
		name, decl, given string
		want              string // "" for no error
	}{
		{"CFN-UG Parameters: AllowedPattern matches the whole value", "Type: String\n    AllowedPattern: '[a-z]+'", "abc", ""},
		{"CFN-UG Parameters: AllowedPattern must match the entire value, not a part", "Type: String\n    AllowedPattern: '[a-z]+'", "abc1", `Parameters.P: value "abc1" does not match AllowedPattern [a-z]+`},
		{"CFN-UG Parameters: AllowedPattern with ConstraintDescription", "Type: String\n    AllowedPattern: '[a-z]+'\n    ConstraintDescription: lower-case letters only", "ABC", "does not match AllowedPattern [a-z]+: lower-case letters only"},
		{"CFN-UG Parameters: AllowedPattern on each element of a CommaDelimitedList", "Type: CommaDelimitedList\n    AllowedPattern: 'subnet-[0-9a-f]+'", "subnet-1a, subnet-zz", `value "subnet-zz" does not match`},
		{"CFN-UG Parameters: every CommaDelimitedList element matching passes", "Type: CommaDelimitedList\n    AllowedPattern: 'subnet-[0-9a-f]+'", "subnet-1a,subnet-2b", ""},
		{"Java POSIX class \\p{Alpha} in AllowedPattern", "Type: String\n    AllowedPattern: '\\p{Alpha}[\\p{Alnum}-]*'", "web-1", ""},
		{"Java POSIX class \\p{Alpha} refuses a leading digit", "Type: String\n    AllowedPattern: '\\p{Alpha}[\\p{Alnum}-]*'", "1web", "does not match AllowedPattern"},
		{"CFN-UG Parameters: MinLength", "Type: String\n    MinLength: 3", "ab", `value "ab" is shorter than MinLength 3`},
		{"CFN-UG Parameters: MaxLength", "Type: String\n    MaxLength: 3", "abcd", `value "abcd" is longer than MaxLength 3`},
		{"CFN-UG Parameters: MaxLength at the limit", "Type: String\n    MaxLength: 3", "abc", ""},
		{"CFN-UG Parameters: MaxLength 10 is quoted whole", "Type: String\n    MaxLength: 10", "abcdefghijk", `value "abcdefghijk" is longer than MaxLength 10`},
		{"CFN-UG Parameters: MinLength 10 is quoted whole", "Type: String\n    MinLength: 10", "abc", `value "abc" is shorter than MinLength 10`},
		{"CFN-UG Parameters: MinValue", "Type: Number\n    MinValue: 1", "0", `value "0" is less than MinValue 1`},
		{"CFN-UG Parameters: MaxValue", "Type: Number\n    MaxValue: 10.5", "11", `value "11" is greater than MaxValue 10.5`},
		{"CFN-UG Parameters: MinValue 1.5 is quoted whole", "Type: Number\n    MinValue: 1.5", "1", `value "1" is less than MinValue 1.5`},
		{"CFN-UG Parameters: MinValue at the limit passes", "Type: Number\n    MinValue: 1", "1", ""},
		{"CFN-UG Parameters: MaxValue at the limit passes", "Type: Number\n    MaxValue: 10.5", "10.5", ""},
		{"CFN-UG Parameters: MinLength at the limit passes", "Type: String\n    MinLength: 3", "abc", ""},
		{"CFN-UG Parameters: MaxValue with a float value inside", "Type: Number\n    MaxValue: 10.5", "10.25", ""},
		{"CFN-UG Parameters: a Number is an integer or float", "Type: Number", "ten", `value "ten" of Number parameter P is not a number`},
		{"CFN-UG Parameters: List<Number> elements are numbers", "Type: List<Number>\n    MaxValue: 100", "80, 443", `value "443" is greater than MaxValue 100`},
		{"CFN-UG Parameters: MinValue is not a number: template error", "Type: Number\n    MinValue: low", "1", "MinValue: want a number, got low"},
		{"CFN-UG Parameters: the Default is checked too", "Type: String\n    MaxLength: 2\n    Default: abc", "", `value "abc" is longer than MaxLength 2`},
		{"a parameter without value is unknown, not an error", "Type: String\n    MinLength: 3", "", ""},
		{"CFN-UG Parameters: NoEcho value is never shown", "Type: String\n    NoEcho: true\n    MinLength: 30", "hunter2", "the value given for NoEcho parameter P is shorter than MinLength 30"},
		{"SSM parameter types: the given value stands for the SSM value, not checked", "Type: AWS::SSM::Parameter::Value<String>\n    AllowedPattern: '/app/.*'", "resolved-value", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tmpl := "Parameters:\n  P:\n    " + tc.decl + "\nResources:\n  T: {Type: AWS::SNS::Topic}\n"
			var opts []Option
			if tc.given != "" {
				opts = append(opts, WithParameters(map[string]string{"P": tc.given}))
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
			if ie.Path != "Parameters.P" && !strings.HasPrefix(ie.Path, "Parameters.P.") {
				t.Errorf("path %q, want Parameters.P", ie.Path)
			}
			if strings.Contains(tc.decl, "NoEcho") && strings.Contains(err.Error(), tc.given) {
				t.Errorf("error shows the NoEcho value: %v", err)
			}
		})
	}
}

// TestAllowedPatternRE2CannotCompile: a Java pattern RE2 cannot run (a
// lookahead here) is not an error; the value is taken as valid, and the
// world says so in Assumptions.
func TestAllowedPatternRE2CannotCompile(t *testing.T) {
	tmpl := "Parameters:\n  P:\n    Type: String\n    AllowedPattern: '(?=.*[0-9])[a-z0-9]+'\nResources:\n  T: {Type: AWS::SNS::Topic}\n"
	w, err := Read("t.yaml", []byte(tmpl), WithParameters(map[string]string{"P": "abc"}))
	if err != nil {
		t.Fatal(err)
	}
	if len(w.Assumptions) != 1 || !strings.Contains(w.Assumptions[0], "parameter P is taken to match its AllowedPattern") {
		t.Fatalf("assumptions %q, want one about P's AllowedPattern", w.Assumptions)
	}
}

// TestJavaToRE2 checks the translation of the common Java regular
// expression constructs (java.util.regex.Pattern) that RE2 writes
// differently, and that constructs whose meaning differs are refused
// rather than mistranslated.
func TestJavaToRE2(t *testing.T) {
	for _, tc := range []struct {
		name, pat string
		match     []string
		noMatch   []string
		refused   bool
	}{
		{"whole value", `[a-z]+`, []string{"abc"}, []string{"abc1", "1abc", ""}, false},
		{"alternation is whole-value too", `a|bc`, []string{"a", "bc"}, []string{"abc", "ab"}, false},
		{"POSIX Alpha and Digit", `\p{Alpha}\p{Digit}`, []string{"a1"}, []string{"11", "é1"}, false},
		{"POSIX classes inside a class", `[\p{Upper}\p{Digit}_]+`, []string{"AB_9"}, []string{"ab"}, false},
		{"negated POSIX class", `\P{Digit}+`, []string{"ab"}, []string{"a1"}, false},
		{"IsAlphabetic is a Unicode letter", `\p{IsAlphabetic}+`, []string{"é"}, []string{"1"}, false},
		{"\\u escape", `\u0041+`, []string{"AA"}, []string{"B"}, false},
		{"Java \\s includes vertical tab", `a\sb`, []string{"a\vb", "a b"}, []string{"ab"}, false},
		{"Java dot excludes \\r", `a.b`, []string{"axb"}, []string{"a\rb", "a\nb"}, false},
		{"\\Q...\\E quotes", `\Q1.2\E`, []string{"1.2"}, []string{"1x2"}, false},
		{"\\Q...\\E inside a class", `[\Q.]\E]+`, []string{".]."}, []string{"a"}, false},
		{"Java \\s inside a class includes vertical tab", `[\s,]+`, []string{"\v, "}, []string{"a"}, false},
		{"Java \\S", `\S+`, []string{"ab"}, []string{"a\vb"}, false},
		{"Java \\S inside a class", `[\S]+`, []string{"ab"}, []string{"a b"}, false},
		{"Java \\e is escape", `\e`, []string{"\x1b"}, []string{"e"}, false},
		{"negated class with ] first", `[^]a]+`, []string{"bc"}, []string{"b]"}, false},
		{"\\Z at the end", `abc\Z`, []string{"abc"}, []string{"abc\n"}, false},
		{"typical ARN pattern", `arn:aws[a-z-]*:iam::\d{12}:role/.+`, []string{"arn:aws:iam::123456789012:role/x"}, []string{"arn:aws:iam::1234:role/x"}, false},
		{"lookahead: RE2 has none", `(?=a)a`, nil, nil, true},
		{"a trailing backslash is refused, not read past the end", `a\`, nil, nil, true},
		{"an empty \\Q\\E quotes nothing", `\Q\Ea+`, []string{"aa"}, []string{`\Eaa`}, false},
		{"\\p at the end is refused, not read past the end", `a\p`, nil, nil, true},
		{"a short \\u escape is refused", `\u00`, nil, nil, true},
		{"a \\u escape one digit short is refused", `\u004`, nil, nil, true},
		{"an unterminated \\p{ is refused", `\p{Alpha`, nil, nil, true},
		{"backreference: RE2 has none", `(a)\1`, nil, nil, true},
		{"possessive quantifier: RE2 has none", `a*+`, nil, nil, true},
		{"Java class union would be mistranslated", `[a[bc]]`, nil, nil, true},
		{"Java class intersection would be mistranslated", `[a-z&&[^aeiou]]`, nil, nil, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			re, err := javaPattern(tc.pat)
			if tc.refused {
				if err == nil {
					t.Fatalf("compiled %q as %s, want it refused", tc.pat, re)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range tc.match {
				if !re.MatchString(s) {
					t.Errorf("%q does not match %q (%s)", s, tc.pat, re)
				}
			}
			for _, s := range tc.noMatch {
				if re.MatchString(s) {
					t.Errorf("%q matches %q (%s)", s, tc.pat, re)
				}
			}
		})
	}
}

// FuzzJavaPattern checks that translating any pattern never panics, that
// the translation stays proportional to the pattern, and that a pattern
// compiled for whole-value matching never matches a value followed by a
// NUL byte it does not mention.
func FuzzJavaPattern(f *testing.F) {
	for _, s := range []string{`[a-z]+`, `\p{Alpha}[\p{Alnum}]*`, `\Q.\E`, `\u00e9`, `[^]a]`, `a\`, `\p{`, `[a&&b]`, `(?=x)`, `\Qabc`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, pat string) {
		out, err := javaToRE2(pat)
		if err != nil {
			return
		}
		if len(out) > 32*len(pat)+16 {
			t.Fatalf("translation of %d bytes grew to %d", len(pat), len(out))
		}
		re, err := javaPattern(pat)
		// Without escapes, classes or dots a pattern can match a NUL
		// byte only by holding one.
		if err != nil || strings.ContainsAny(pat, "\\.[\x00") {
			return
		}
		for _, s := range []string{"", "a", "ab"} {
			if re.MatchString(s + "\x00") {
				t.Fatalf("%q (%s) matches %q: not whole-value", pat, re, s+"\x00")
			}
		}
	})
}

// TestConstraintErrorPlace: a Default that breaks a constraint is reported
// at the Default's line, a given value at the parameter's declaration,
// which is where the value comes from.
func TestConstraintErrorPlace(t *testing.T) {
	tmpl := "Parameters:\n  P:\n    Type: String\n    MaxLength: 2\n    Default: abc\nResources:\n  T: {Type: AWS::SNS::Topic}\n"
	for _, tc := range []struct {
		name  string
		opts  []Option
		line  int
		value string
	}{
		{"Default breaks MaxLength: at the Default", nil, 5, "abc"},
		{"given value breaks MaxLength: at the declaration", []Option{WithParameters(map[string]string{"P": "abcd"})}, 3, "abcd"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Read("t.yaml", []byte(tmpl), tc.opts...)
			var ie *source.InputError
			if !errors.As(err, &ie) || ie.Line != tc.line || !strings.Contains(err.Error(), `"`+tc.value+`"`) {
				t.Fatalf("error %v, want one at line %d quoting %q", err, tc.line, tc.value)
			}
		})
	}
}
