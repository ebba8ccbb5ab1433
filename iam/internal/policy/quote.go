package policy

import (
	"strconv"
	"unicode/utf8"
)

// quoteRunes is how much of a value an error quotes, as source.Quote does;
// the iam packages keep their own copy so that they depend on no reader.
const quoteRunes = 64

// Quote returns s quoted as %q does when it is at most 64 runes long, and
// otherwise its first 64 runes quoted, then "…(N bytes)" with the length
// of the whole value: a hostile name or value of megabytes is not echoed
// whole.
func Quote(s string) string {
	if utf8.RuneCountInString(s) <= quoteRunes {
		return strconv.Quote(s)
	}
	return strconv.Quote(prefix(s, quoteRunes)) + "…(" + strconv.Itoa(len(s)) + " bytes)"
}

// shorten cuts a library's error text, which may embed input (the literal
// of a number), to 160 runes and the whole length, as source.Shorten does.
func shorten(s string) string {
	const maxMessage = 160
	if utf8.RuneCountInString(s) <= maxMessage {
		return s
	}
	return prefix(s, maxMessage) + "…(" + strconv.Itoa(len(s)) + " bytes)"
}

// prefix returns the first n runes of s.
func prefix(s string, n int) string {
	i := 0
	for j := range s {
		if i == n {
			return s[:j]
		}
		i++
	}
	return s
}

// cut returns a name from the input (a condition operator, a principal
// type) for a path in an error: whole when at most 64 runes long, else its
// first 64 runes and the whole length.
func cut(s string) string {
	if utf8.RuneCountInString(s) <= quoteRunes {
		return s
	}
	return prefix(s, quoteRunes) + "…(" + strconv.Itoa(len(s)) + " bytes)"
}
