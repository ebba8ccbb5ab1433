package source_test

import (
	"errors"
	"io/fs"
	"strings"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/source"
)

// TestInputErrorText checks the one error shape every reader uses: the
// kind and file first, then the place (line, column, path), then the cause,
// lower case and with the file quoted.
func TestInputErrorText(t *testing.T) {
	cause := errors.New("unknown tag !Reff")
	cases := []struct {
		name string
		err  source.InputError
		want string
	}{
		{"everything", source.InputError{Kind: "template", File: "stack.yaml", Line: 12, Column: 7, Path: "Resources.Task", Err: cause},
			`loading template "stack.yaml": line 12, column 7: Resources.Task: unknown tag !Reff`},
		{"line without column", source.InputError{Kind: "snapshot", File: "a.json", Line: 3, Err: cause},
			`loading snapshot "a.json": line 3: unknown tag !Reff`},
		{"column without line is not shown", source.InputError{Kind: "plan", File: "p.json", Column: 4, Path: "resource_changes[2]", Err: cause},
			`loading plan "p.json": resource_changes[2]: unknown tag !Reff`},
		{"path only", source.InputError{Kind: "plan", File: "p.json", Path: "aws_vpc.main.cidr_block"},
			`loading plan "p.json": aws_vpc.main.cidr_block`},
		{"no kind", source.InputError{File: "x", Err: cause},
			`loading input "x": unknown tag !Reff`},
		{"a path is cut on a rune boundary", source.InputError{Kind: "snapshot", File: "a.json", Path: "$." + strings.Repeat("k", 253) + strings.Repeat("é", 10)},
			`loading snapshot "a.json": $.` + strings.Repeat("k", 253) + `…(275 bytes)`},
		{"a path holding a hostile key is cut", source.InputError{Kind: "snapshot", File: "a.json", Path: "$." + strings.Repeat("k", 1000), Err: cause},
			`loading snapshot "a.json": $.` + strings.Repeat("k", 254) + `…(1002 bytes): unknown tag !Reff`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := c.err.Error(); got != c.want {
				t.Errorf("Error() = %q, want %q", got, c.want)
			}
		})
	}
}

// TestInputErrorUnwrap lets callers branch on the cause with errors.Is/As.
func TestInputErrorUnwrap(t *testing.T) {
	var err error = &source.InputError{Kind: "snapshot", File: "a.json", Err: fs.ErrNotExist}
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("errors.Is(%v, fs.ErrNotExist) = false", err)
	}
	var in *source.InputError
	if !errors.As(err, &in) || in.File != "a.json" {
		t.Errorf("errors.As did not find the InputError in %v", err)
	}
}
