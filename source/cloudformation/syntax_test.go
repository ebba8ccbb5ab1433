package cloudformation

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/ecs-preflight/ecs-preflight/source"
)

// Syntax errors name the line and, where it can be known, the column: a
// JSON template is placed by encoding/json (yaml.v3 gives no column, and
// no line on the first); a tab in YAML indentation is named with a hint
// (YAML 1.2 "Indentation Spaces": "tab characters must not be used in
// indentation"). A library text that quotes the input is cut.
func TestSyntaxErrorPlaces(t *testing.T) {
	long := strings.Repeat("x", 3000)
	cases := []struct {
		name      string
		in        string
		line, col int
		want      string
	}{
		{"YAML: tab as the whole indentation", "Resources:\n\tA:\n    Type: AWS::Logs::LogGroup\n", 2, 1,
			"tabs are not allowed in YAML indentation; use spaces (found character that cannot start any token)"},
		{"YAML: tab after spaces", "Resources:\n  A:\n  \tType: AWS::Logs::LogGroup\n", 3, 3,
			"tabs are not allowed in YAML indentation; use spaces"},
		{"YAML: tab deep in a resource", "Resources:\n  C:\n    Type: AWS::ECS::Cluster\n    Properties:\n\t  ClusterName: x\n", 5, 1,
			"tabs are not allowed in YAML indentation; use spaces"},
		{"YAML: tab in a sequence's indentation", "Resources:\n  A:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      Tags:\n\t- Key: a\n        Value: b\n", 6, 1,
			"tabs are not allowed in YAML indentation; use spaces"},
		{"YAML: tab in a block scalar, reported by yaml.v3 at the scalar's start", "Resources:\n  A:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      LogGroupName: |\n        a\n\tb\n", 7, 1,
			"tabs are not allowed in YAML indentation; use spaces (found a tab character where an indentation space is expected)"},
		{"YAML: a line of only a tab", "Resources:\n\n\t\n  A:\n    Type: AWS::Logs::LogGroup\n", 3, 1,
			"tabs are not allowed in YAML indentation; use spaces"},
		{"YAML: an error on the only line gets line 1", "Resources: {A: 1", 1, 0, "did not find expected ',' or '}'"},
		{"YAML: unknown anchor quoted by a short prefix", "Resources:\n  A: *" + long + "\n", 0, 0, "unknown anchor 'xxxx"},
		{"YAML: unknown tag cut to a short prefix", "Resources:\n  A: !" + long + " x\n", 2, 6, "unknown tag !" + strings.Repeat("x", 63) + "…(3001 bytes)"},
		{"JSON: truncated, at the end of input", "{\"AWSTemplateFormatVersion\": \"2010-09-09\",\n \"Resources\": {", 2, 16,
			"unexpected end of input: the document is truncated"},
		{"JSON: minified, the column of the bad byte", `{"Resources": {"A": {"Type": "AWS::Logs::LogGroup"}, "B": ]}}`, 1, 59,
			"invalid character ']' looking for beginning of value"},
		{"JSON: minified and truncated", `{"Resources": {"A": {"Type": "AWS::Logs::LogGroup"}}`, 1, 53,
			"unexpected end of input: the document is truncated"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Read("stack.yaml", []byte(tc.in))
			var ie *source.InputError
			if !errors.As(err, &ie) {
				t.Fatalf("got %v, want an InputError", err)
			}
			if ie.File != "stack.yaml" || ie.Line != tc.line || ie.Column != tc.col || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %.400q at %d:%d, want %d:%d and %q", err, ie.Line, ie.Column, tc.line, tc.col, tc.want)
			}
			if len(err.Error()) > 400 {
				t.Fatalf("error of %d bytes echoes the input: %.400q", len(err.Error()), err)
			}
		})
	}
}

// A tab inside a quoted YAML string or a JSON template's white space is no
// indentation: the template loads.
func TestTabsOutsideIndentation(t *testing.T) {
	for name, in := range map[string]string{
		"YAML quoted string":      "Resources:\n  A:\n    Type: AWS::Logs::LogGroup\n    Properties: {LogGroupName: \"a\tb\"}\n",
		"JSON indented with tabs": "{\n\t\"Resources\": {\n\t\t\"A\": {\"Type\": \"AWS::Logs::LogGroup\"}\n\t}\n}\n",
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := Read("stack.yaml", []byte(in)); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func utf16Bytes(s string, bigEndian bool) []byte {
	var b []byte
	for _, u := range append([]uint16{0xFEFF}, utf16.Encode([]rune(s))...) {
		if bigEndian {
			b = append(b, byte(u>>8), byte(u))
		} else {
			b = append(b, byte(u), byte(u>>8))
		}
	}
	return b
}

// A template saved with a byte-order mark (UTF-8, or UTF-16 as PowerShell
// 5's Out-File and Windows editors write it) reads as without one, as
// snapshots do (docs/snapshot.md); UTF-16 of an odd length is no text.
func TestByteOrderMarks(t *testing.T) {
	const tpl = "Resources:\n  A:\n    Type: AWS::Logs::LogGroup\n    Properties: {LogGroupName: app}\n"
	plain, err := Read("stack.yaml", []byte(tpl))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name    string
		in      []byte
		wantErr string
	}{
		{"UTF-8 mark", append([]byte{0xEF, 0xBB, 0xBF}, tpl...), ""},
		{"UTF-16 LE mark", utf16Bytes(tpl, false), ""},
		{"UTF-16 BE mark", utf16Bytes(tpl, true), ""},
		{"UTF-16 JSON template", utf16Bytes(`{"Resources": {"A": {"Type": "AWS::Logs::LogGroup", "Properties": {"LogGroupName": "app"}}}}`, false), ""},
		{"UTF-16 of an odd length", append(utf16Bytes(tpl, false), 'x'), "UTF-16 text with an odd number of bytes"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w, err := Read("stack.yaml", tc.in)
			if tc.wantErr != "" {
				var ie *source.InputError
				if !errors.As(err, &ie) || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("got %v, want an InputError with %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got, want := w.LogGroups.All(), plain.LogGroups.All()
			if len(got) != 1 || len(want) != 1 || got[0].LogGroupName != want[0].LogGroupName {
				t.Fatalf("read log groups %+v, want %+v", got, want)
			}
		})
	}
}
