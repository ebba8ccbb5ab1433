package paramfile

import (
	"errors"
	"maps"
	"strings"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/source"
	"github.com/ecs-preflight/ecs-preflight/world"
)

func TestParse(t *testing.T) {
	cases := []struct {
		name string
		data string
		want map[string]string
	}{
		{`AWS CLI "create-stack" --parameters file`, `[{"ParameterKey":"ImageTag","ParameterValue":"v1"},{"ParameterKey":"Env","ParameterValue":""}]`,
			map[string]string{"ImageTag": "v1", "Env": ""}},
		{`AWS CLI file: a key given twice takes its last value`, `[{"ParameterKey":"A","ParameterValue":"1"},{"ParameterKey":"A","ParameterValue":"2"}]`,
			map[string]string{"A": "2"}},
		{`CFN-UG "AWS CloudFormation artifacts": template configuration file`, `{"Parameters":{"ImageTag":"v1"},"Tags":{"team":"x"},"StackPolicy":{"Statement":[]}}`,
			map[string]string{"ImageTag": "v1"}},
		{`template configuration without Parameters`, `{"Tags":{"team":"x"}}`, map[string]string{}},
		{`KEY=VALUE lines, as deploy --parameter-overrides`, "# comment\n\nImageTag=v1\r\nUrl=https://x/?a=b\n  Spaced = kept \n",
			map[string]string{"ImageTag": "v1", "Url": "https://x/?a=b", "Spaced": " kept"}},
		{`byte order mark`, "\ufeffA=1\n", map[string]string{"A": "1"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Parse("p", []byte(tc.data))
			if err != nil {
				t.Fatal(err)
			}
			if !maps.Equal(got, tc.want) {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// UsePreviousValue keeps the deployed value, which the file does not show:
// unknown, naming the parameter, never the Default.
func TestUsePreviousValueIsUnresolved(t *testing.T) {
	got, err := Parse("p.json", []byte(`[{"ParameterKey":"DbPassword","UsePreviousValue":true}]`))
	if err != nil {
		t.Fatal(err)
	}
	if v := got["DbPassword"]; !world.IsUnresolved(v) || !strings.Contains(v, "DbPassword") {
		t.Fatalf("value %q, want a stand-in naming the parameter", v)
	}
}

func TestParseErrors(t *testing.T) {
	cases := []struct {
		name, data, want string
		line             int
	}{
		{"empty", "  \n", "empty document", 0},
		{"truncated JSON list", "[\n{\"ParameterKey\":", "truncated", 2},
		{"value not a string", `[{"ParameterKey":"A","ParameterValue":1}]`, "want a string", 1},
		{"no key", `[{"ParameterValue":"1"}]`, "$[0]: no ParameterKey", 0},
		{"neither value nor previous", `[{"ParameterKey":"A"}]`, "neither", 0},
		{"both value and previous", `[{"ParameterKey":"A","ParameterValue":"1","UsePreviousValue":true}]`, "both", 0},
		{"key not alphanumeric", `[{"ParameterKey":"A-B","ParameterValue":"1"}]`, "not alphanumeric", 0},
		{"pipeline value not a string", `{"Parameters":{"A":true}}`, "want a string", 1},
		{"two JSON values", "{}\n{}", "more than one JSON value", 2},
		{"line without =", "A=1\nB\n", "want KEY=VALUE", 2},
		{"line with bad key", "A B=1\n", "not alphanumeric", 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("p.txt", []byte(tc.data))
			var in *source.InputError
			if !errors.As(err, &in) {
				t.Fatalf("error %v, want a source.InputError", err)
			}
			if !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "p.txt") {
				t.Fatalf("error %q does not name the file and %q", err, tc.want)
			}
			if in.Line != tc.line {
				t.Errorf("line %d, want %d", in.Line, tc.line)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		`[{"ParameterKey":"A","ParameterValue":"1"}]`,
		`[{"ParameterKey":"A","UsePreviousValue":true}]`,
		`{"Parameters":{"A":"1"}}`,
		"A=1\n# c\nB=2=3\r\n",
		"\ufeff[]",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := Parse("f", data)
		if err != nil {
			var in *source.InputError
			if !errors.As(err, &in) {
				t.Fatalf("error %T is not a source.InputError", err)
			}
			return
		}
		for k := range got {
			if !keyRE.MatchString(k) {
				t.Fatalf("key %q accepted", k)
			}
		}
	})
}
