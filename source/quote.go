package source

import (
	"fmt"
	"strconv"
	"unicode/utf8"
)

// quoteRunes is how much of a value an error quotes: enough to recognise
// it, while a hostile input of megabytes is not echoed whole.
const quoteRunes = 64

// Quote returns s quoted as %q does when it is at most 64 runes long, and
// otherwise its first 64 runes quoted, then "…(N bytes)" with the length
// of the whole value.
func Quote(s string) string { return quoteN(s, quoteRunes) }

// fileRunes is how much of a file name an error quotes: a real path is
// shown whole (Linux's PATH_MAX is 4096 bytes, and paths of CI runners
// and cdk.out trees are long), an argument of megabytes is not.
const fileRunes = 1024

// QuoteFile is Quote for a file name the user gave: whole up to 1,024
// runes.
func QuoteFile(path string) string { return quoteN(path, fileRunes) }

func quoteN(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return strconv.Quote(s)
	}
	cut, n := 0, 0
	for i := range s {
		if n == max {
			cut = i
			break
		}
		n++
	}
	return strconv.Quote(s[:cut]) + "…(" + strconv.Itoa(len(s)) + " bytes)"
}

// Excerpt is a string from the input formatted into an error: with %q it
// prints as Quote does; with other verbs it prints whole, as the readers
// use %s for their own text (paths, suggestions), never for input values.
type Excerpt string

// Format implements fmt.Formatter.
func (e Excerpt) Format(f fmt.State, verb rune) {
	if verb == 'q' {
		fmt.Fprint(f, Quote(string(e)))
		return
	}
	fmt.Fprintf(f, fmt.FormatString(f, verb), string(e))
}

// Excerpts returns args with every string replaced by an Excerpt, for the
// arguments of an error constructor that takes a format.
func Excerpts(args []any) []any {
	out := make([]any, len(args))
	for i, a := range args {
		if s, ok := a.(string); ok {
			a = Excerpt(s)
		}
		out[i] = a
	}
	return out
}

// Errorf is fmt.Errorf with every string argument an Excerpt.
func Errorf(format string, args ...any) error {
	return fmt.Errorf(format, Excerpts(args)...)
}

// maxMessage is how much of a library's error text (encoding/json,
// yaml.v3, cobra) an error keeps. Their own words are short; only the input
// they embed ("unknown anchor 'xxx…'", "cannot unmarshal !!str `…`", the
// literal of a number) makes them long.
const maxMessage = 160

// Shorten returns s when it is at most 160 runes long, and otherwise its
// first 160 runes then "…(N bytes)" with the length of the whole text. It
// is for error texts of other libraries that may embed a value of the
// input: they keep their words, and the value only a short prefix.
func Shorten(s string) string {
	return cutRunes(s, maxMessage)
}

// Cut returns a name from the input for an error's own text (a tag, a
// function name, a logical id) as it is when at most 64 runes long, and
// otherwise its first 64 runes then "…(N bytes)": Quote without the quotes.
func Cut(s string) string {
	return cutRunes(s, quoteRunes)
}

// cutRunes returns s when it is at most n runes long, and otherwise its
// first n runes then "…(N bytes)" with the length of the whole text.
func cutRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	cut, seen := 0, 0
	for i := range s {
		if seen == n {
			cut = i
			break
		}
		seen++
	}
	return s[:cut] + "…(" + strconv.Itoa(len(s)) + " bytes)"
}
