// Package stackglob matches stack display names against the glob patterns
// the CDK CLI takes to select stacks ("cdk deploy 'Prod/*'"; aws-cdk
// lib/cxapp/cloud-assembly: StackSelector patterns on display names): '*'
// and '?' do not cross '/', so '*' is the top-level stacks of an app, and
// '**' crosses it, so '**' is every stack, those of Stages too. Every other
// character stands for itself.
package stackglob

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

// MaxLen bounds a pattern, in characters: a stack name is at most 128
// characters (CFN API "CreateStack"), and a display name is the construct
// path of a stack, a few ids long. Compiling costs the square of the
// length; the bound keeps it to milliseconds.
const MaxLen = 256

// IsPattern reports whether s holds a wildcard.
func IsPattern(s string) bool { return strings.ContainsAny(s, "*?") }

// Compile translates pattern into a regular expression matching whole
// names.
func Compile(pattern string) (*regexp.Regexp, error) {
	if n := utf8.RuneCountInString(pattern); n > MaxLen {
		return nil, fmt.Errorf("pattern of %d characters, more than %d", n, MaxLen)
	}
	var b strings.Builder
	b.WriteString(`^(?s:`)
	rs := []rune(pattern)
	for i := 0; i < len(rs); i++ {
		switch c := rs[i]; {
		case c == '*' && i+1 < len(rs) && rs[i+1] == '*':
			b.WriteString(".*")
			i++
		case c == '*':
			b.WriteString("[^/]*")
		case c == '?':
			b.WriteString("[^/]")
		default:
			b.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	b.WriteString(")$")
	return regexp.Compile(b.String())
}
