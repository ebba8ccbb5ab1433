package markdown

import (
	"strconv"
	"strings"

	"github.com/ecs-preflight/ecs-preflight/internal/termsafe"
)

// Text escapes s for Markdown inline text, a table cell included: what can
// drive a terminal is written as a Go escape first (internal/termsafe),
// then every ASCII punctuation character that CommonMark or GitHub
// Flavored Markdown gives a meaning inside a line (emphasis, links, code,
// HTML, entity and character references, table cells, strikethrough,
// mentions, math) is backslash-escaped (CommonMark 0.31.2 section 2.4 "Backslash
// escapes": any ASCII punctuation character may be escaped), and line
// breaks (which termsafe writes as \n) cannot end the line, so that a value
// stays in its line and its cell. Line-start syntax (headings, lists) never
// applies: the renderer writes no value at the start of a line.
func Text(s string) string {
	s = termsafe.Escape(s)
	var b strings.Builder
	b.Grow(len(s) + 8)
	for _, r := range s {
		switch r {
		case '\\', '`', '*', '_', '{', '}', '[', ']', '<', '>', '#', '!', '|', '~', '&', '@', '$':
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Code is s as a Markdown code span (CommonMark section 6.1 "Code
// spans"): fenced by one more backtick than the longest backtick run in s,
// padded with a space when s starts or ends with a backtick, after
// terminal escaping. A code span keeps GitHub from reading mentions and
// links inside it. A pipe inside a table cell is still a cell
// delimiter, so it is backslash-escaped (GFM "Tables" extension, which
// removes the backslash inside code spans).
func Code(s string, inTable bool) string {
	s = termsafe.Escape(s)
	if inTable {
		s = strings.ReplaceAll(s, "|", `\|`)
	}
	longest, run := 0, 0
	for _, r := range s {
		if r == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	fence := strings.Repeat("`", longest+1)
	if s == "" || strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") || strings.HasPrefix(s, " ") && strings.HasSuffix(s, " ") {
		s = " " + s + " "
	}
	return fence + s + fence
}

// Mermaid escapes s for the text of a mermaid sequence diagram message,
// or note: letters, digits, space and `.,/_()=+-:` stay, every other
// character is written as mermaid's entity code "#N;" (its decimal code
// point; mermaid "Sequence diagrams", "Entity codes to escape
// characters"). The text of a message runs from its first colon to a
// "#", ";" or line end (mermaid's sequence diagram grammar), so a colon
// inside it is text; the escape keeps ";" (a statement separator), "#",
// "%%" (a comment), "<" and ">" (HTML in labels) and the backtick (the
// enclosing Markdown fence) from meaning anything, and no line break can
// end the statement. The renderer starts every text with its own words,
// never with input, so no "wrap:" directive can be formed. Terminal
// controls are written as Go escapes first.
func Mermaid(s string) string {
	s = termsafe.Escape(s)
	var b strings.Builder
	b.Grow(len(s) + 8)
	for _, r := range s {
		switch {
		case 'a' <= r && r <= 'z', 'A' <= r && r <= 'Z', '0' <= r && r <= '9',
			r == ' ', r == '.', r == ',', r == '/', r == '_', r == '(', r == ')', r == '=', r == '+', r == '-', r == ':':
			b.WriteRune(r)
		default:
			b.WriteByte('#')
			b.WriteString(strconv.Itoa(int(r)))
			b.WriteByte(';')
		}
	}
	return b.String()
}
