package main

import (
	"errors"
	"fmt"
	"regexp"
	"runtime/debug"
	"strconv"

	"github.com/ecs-preflight/ecs-preflight/internal/termsafe"
	"github.com/ecs-preflight/ecs-preflight/iostreams"
	"github.com/ecs-preflight/ecs-preflight/source"
	"github.com/spf13/cobra"
)

// Factory holds what commands share. Constructors that need credentials
// (AWS clients) are lazy, so offline commands never touch them.
type Factory struct {
	IOStreams *iostreams.IOStreams
	Version   func() string
}

func newFactory(io *iostreams.IOStreams) *Factory {
	return &Factory{IOStreams: io, Version: buildVersion}
}

// buildVersion is the version the binary was built from (versionString).
func buildVersion() string {
	bi, _ := debug.ReadBuildInfo()
	return versionString(bi)
}

// Exit codes, as the root command's help, the package doc and README.md
// document them: extend, never change.
const (
	exitPass    = 0 // every task passes
	exitFail    = 1 // a task fails
	exitInput   = 2 // usage or input error: no verdict was reached
	exitUnknown = 3 // no task fails, and one is unknown
)

// verdictError carries a non-pass verdict out of a command as an exit code;
// the report has already said everything.
type verdictError struct{ code int }

func (e *verdictError) Error() string { return fmt.Sprintf("verdict exit %d", e.code) }

// usageError is a wrong flag or argument.
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

// usagef builds a usageError; string arguments printed with %q are cut to
// a short prefix (source.Errorf), so a flag value of megabytes is not
// echoed whole.
func usagef(format string, args ...any) error {
	return &usageError{source.Errorf(format, args...)}
}

// exitCode is the one place errors become exit codes: nil is a pass, a
// verdictError carries its verdict's code, and every other error (a
// usageError, a source.InputError, a taskstart.NotFoundError, a read
// failure) stopped the run before a verdict, so it is a usage or input
// error.
func exitCode(err error) int {
	var v *verdictError
	switch {
	case err == nil:
		return exitPass
	case errors.As(err, &v):
		return v.code
	}
	return exitInput
}

// run executes the command line and returns the exit code.
func run(args []string, io *iostreams.IOStreams) int {
	root := newCmdRoot(newFactory(io))
	root.SetArgs(args)
	err := root.Execute()
	var v *verdictError
	if err != nil && !errors.As(err, &v) {
		msg := err.Error()
		var in *source.InputError
		var u *usageError
		if !errors.As(err, &in) && !errors.As(err, &u) {
			// Not worded here nor by a reader: cobra's, taskstart's.
			msg = cutEcho(msg)
		}
		termsafe.Fprintf(io.ErrOut, "ecs-preflight: %s\n", msg)
	}
	return exitCode(err)
}

// quotedRE matches a Go-quoted string; longWordRE a run of 200 or more
// characters without white space.
var (
	quotedRE   = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)
	longWordRE = regexp.MustCompile(`\S{200,}`)
)

// cutEcho cuts the input an error message echoes, for the errors this
// command does not word itself: cobra's and pflag's (`unknown command
// "…"`, `invalid argument "…" for "--x" flag`, `unknown flag: --…`) and
// those of library packages (`service "…" is not in the input`). A quoted
// string is cut as source.Quote does, a long unquoted word as source.Cut
// does. The errors usagef and the readers word are cut already, with file
// names longer (source.QuoteFile), and are not passed through it.
func cutEcho(msg string) string {
	msg = quotedRE.ReplaceAllStringFunc(msg, func(q string) string {
		if len(q) <= 2*64 {
			return q
		}
		s, err := strconv.Unquote(q)
		if err != nil {
			return q
		}
		return source.Quote(s)
	})
	return longWordRE.ReplaceAllStringFunc(msg, source.Cut)
}

// flagError turns cobra's flag errors into usage errors (exit 2).
func flagError(cmd *cobra.Command, err error) error {
	return &usageError{errors.New(cutEcho(err.Error()))}
}
