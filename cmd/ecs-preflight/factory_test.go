package main

import (
	"errors"
	"fmt"
	"io/fs"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/source"
	"github.com/ecs-preflight/ecs-preflight/taskstart"
)

// The exit codes the root command's help documents: 0 pass, 1 fail,
// 3 unknown, 2 usage or input error.
func TestExitCode(t *testing.T) {
	cases := []struct {
		name string
		err  error
		want int
	}{
		{"no error is a pass", nil, 0},
		{"fail verdict", &verdictError{exitFail}, 1},
		{"unknown verdict", &verdictError{exitUnknown}, 3},
		{"wrapped verdict keeps its code", fmt.Errorf("check: %w", &verdictError{exitUnknown}), 3},
		{"usage error", usagef("unknown format %q", "xml"), 2},
		{"input error", &source.InputError{Kind: "snapshot", File: "a.json", Line: 3, Err: errors.New("bad")}, 2},
		{"selection not in the input", &taskstart.NotFoundError{Kind: "service", Name: "api"}, 2},
		{"unreadable file", &fs.PathError{Op: "open", Path: "a.json", Err: fs.ErrNotExist}, 2},
		{"any other error stops before a verdict", errors.New("the input has no ECS task definitions"), 2},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := exitCode(tc.err); got != tc.want {
				t.Fatalf("exitCode(%v) = %d, want %d", tc.err, got, tc.want)
			}
		})
	}
}

// The documented codes themselves never change.
func TestExitCodeValues(t *testing.T) {
	if exitPass != 0 || exitFail != 1 || exitInput != 2 || exitUnknown != 3 {
		t.Fatalf("exit codes pass %d fail %d input %d unknown %d, documented 0 1 2 3", exitPass, exitFail, exitInput, exitUnknown)
	}
}
