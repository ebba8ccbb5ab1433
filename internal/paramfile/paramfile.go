// Package paramfile reads CloudFormation parameter values from a file, in
// the three shapes users keep them in:
//
//   - the AWS CLI's parameters file, a JSON list
//     [{"ParameterKey": "K", "ParameterValue": "V"}, ...] (AWS CLI
//     "create-stack": --parameters; CFN-UG "Specifying parameter values");
//     an entry with "UsePreviousValue": true and no ParameterValue keeps the
//     deployed stack's value, which the file does not show: its value is a
//     world.Unresolved stand-in naming it, so what depends on it is unknown;
//   - a CodePipeline template configuration file, a JSON object
//     {"Parameters": {"K": "V"}, "Tags": {...}, "StackPolicy": {...}}
//     (CFN-UG "AWS CloudFormation artifacts" of continuous delivery with
//     CodePipeline: the template configuration file); only Parameters is
//     read;
//   - KEY=VALUE lines, as `aws cloudformation deploy --parameter-overrides`
//     takes them: blank lines and lines starting with # are skipped, the
//     value is everything after the first '=', verbatim.
//
// A malformed file is a source.InputError naming the file and the line
// and column, or the JSON path.
package paramfile

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/ecs-preflight/ecs-preflight/source"
	"github.com/ecs-preflight/ecs-preflight/world"
)

// MaxSize caps a parameter file.
const MaxSize = 1 << 20

// keyRE is a parameter's logical name: CFN-UG "Parameters": "The logical
// name (also called logical ID) must be alphanumeric".
var keyRE = regexp.MustCompile(`^[A-Za-z0-9]+$`)

// ReadFile reads the parameter file at path.
func ReadFile(path string) (map[string]string, error) {
	data, err := source.ReadFile(path, MaxSize)
	if err != nil {
		return nil, err
	}
	return Parse(path, data)
}

// Parse reads data, the contents of file, into parameter values. A key
// given twice takes its last value, as the AWS CLI does.
func Parse(file string, data []byte) (map[string]string, error) {
	trimmed := bytes.TrimLeft(data, " \t\r\n\ufeff")
	switch {
	case len(trimmed) == 0:
		return nil, &source.InputError{Kind: "parameters file", File: file, Err: source.ErrEmpty}
	case trimmed[0] == '[':
		return parseCLI(file, data)
	case trimmed[0] == '{':
		return parsePipeline(file, data)
	}
	return parseLines(file, data)
}

type cliParam struct {
	ParameterKey     *string `json:"ParameterKey"`
	ParameterValue   *string `json:"ParameterValue"`
	UsePreviousValue bool    `json:"UsePreviousValue"`
}

func decode(file string, data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(v); err != nil {
		line, col, msg := source.JSONError(data, err)
		return &source.InputError{Kind: "parameters file", File: file, Line: line, Column: col, Err: msg}
	}
	if dec.More() {
		line, col := source.Position(data, int(dec.InputOffset()))
		return &source.InputError{Kind: "parameters file", File: file, Line: line, Column: col, Err: errors.New("more than one JSON value")}
	}
	return nil
}

func parseCLI(file string, data []byte) (map[string]string, error) {
	var list []cliParam
	if err := decode(file, data, &list); err != nil {
		return nil, err
	}
	out := make(map[string]string, len(list))
	for i, p := range list {
		path := fmt.Sprintf("$[%d]", i)
		if p.ParameterKey == nil {
			return nil, &source.InputError{Kind: "parameters file", File: file, Path: path, Err: errors.New("no ParameterKey")}
		}
		k := *p.ParameterKey
		if err := checkKey(k); err != nil {
			return nil, &source.InputError{Kind: "parameters file", File: file, Path: path + ".ParameterKey", Err: err}
		}
		switch {
		case p.ParameterValue != nil && p.UsePreviousValue:
			return nil, &source.InputError{Kind: "parameters file", File: file, Path: path,
				Err: source.Errorf("parameter %q has both ParameterValue and UsePreviousValue", k)}
		case p.ParameterValue != nil:
			out[k] = *p.ParameterValue
		case p.UsePreviousValue:
			out[k] = world.Unresolved(fmt.Sprintf("previous value of parameter %q (UsePreviousValue in %s)", k, file))
		default:
			return nil, &source.InputError{Kind: "parameters file", File: file, Path: path,
				Err: source.Errorf("parameter %q has neither ParameterValue nor UsePreviousValue", k)}
		}
	}
	return out, nil
}

func parsePipeline(file string, data []byte) (map[string]string, error) {
	var doc struct {
		Parameters map[string]string `json:"Parameters"`
	}
	if err := decode(file, data, &doc); err != nil {
		return nil, err
	}
	for k := range doc.Parameters {
		if err := checkKey(k); err != nil {
			return nil, &source.InputError{Kind: "parameters file", File: file, Path: "$.Parameters", Err: err}
		}
	}
	if doc.Parameters == nil {
		doc.Parameters = map[string]string{}
	}
	return doc.Parameters, nil
}

func parseLines(file string, data []byte) (map[string]string, error) {
	out := map[string]string{}
	for i, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSuffix(line, "\r")
		if i == 0 {
			line = strings.TrimPrefix(line, "\ufeff")
		}
		t := strings.TrimSpace(line)
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		k, v, ok := strings.Cut(t, "=")
		if !ok {
			return nil, &source.InputError{Kind: "parameters file", File: file, Line: i + 1, Column: 1,
				Err: source.Errorf("want KEY=VALUE, got %q", t)}
		}
		k = strings.TrimSpace(k)
		if err := checkKey(k); err != nil {
			return nil, &source.InputError{Kind: "parameters file", File: file, Line: i + 1, Column: 1, Err: err}
		}
		out[k] = v
	}
	return out, nil
}

func checkKey(k string) error {
	if !keyRE.MatchString(k) {
		return source.Errorf("parameter name %q is not alphanumeric", k)
	}
	return nil
}
