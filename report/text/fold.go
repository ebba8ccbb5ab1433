package text

import (
	"strings"
	"unicode/utf8"
)

// minFold is the least room a folded line gets: on a terminal narrower
// than its indentation, text still moves forward.
const minFold = 20

// fold breaks text into lines for a terminal of width columns: the first
// line starts at column used, the others at column indent. It breaks at
// spaces, and inside a word longer than a line (a stoppedReason's URL or
// ARN) at the width, so no line is wider than the terminal; joining the
// lines with single spaces gives text back when it has no runs of spaces
// and no long word. width 0 means no folding: text is one line.
func fold(text string, used, indent, width int) []string {
	if width <= 0 || used+utf8.RuneCountInString(text) <= width {
		return []string{text}
	}
	var lines []string
	var cur strings.Builder
	room := max(width-used, minFold)
	n := 0 // runes in cur
	flush := func() {
		lines = append(lines, cur.String())
		cur.Reset()
		n = 0
		room = max(width-indent, minFold)
	}
	for _, word := range strings.Fields(text) {
		wn := utf8.RuneCountInString(word)
		if n > 0 && n+1+wn > room {
			flush()
		}
		if n > 0 {
			cur.WriteByte(' ')
			n++
		}
		for wn > room-n {
			// A word longer than the room left: cut it at the width.
			cut := room - n
			if cut <= 0 {
				flush()
				continue
			}
			i := byteIndex(word, cut)
			cur.WriteString(word[:i])
			word = word[i:]
			wn -= cut
			flush()
		}
		cur.WriteString(word)
		n += wn
	}
	if n > 0 || len(lines) == 0 {
		lines = append(lines, cur.String())
	}
	return lines
}

// byteIndex is the byte offset of the n-th rune of s.
func byteIndex(s string, n int) int {
	for i := range s {
		if n == 0 {
			return i
		}
		n--
	}
	return len(s)
}

// FoldBlock folds each line of a block of text for a terminal of width
// columns (0: no folding), continuing a line under the text after its
// label ("why: ", "fix: "), else two columns in, so that other commands'
// short text forms wrap as check's does.
func FoldBlock(block string, width int) string {
	if width <= 0 {
		return block
	}
	var b strings.Builder
	for _, line := range strings.SplitAfter(block, "\n") {
		nl := strings.HasSuffix(line, "\n")
		line = strings.TrimSuffix(line, "\n")
		body := strings.TrimLeft(line, " ")
		lead := len(line) - len(body)
		indent := lead + 2
		if i := strings.Index(body, ": "); i > 0 && i < 12 {
			indent = lead + i + 2
		}
		for i, l := range fold(body, lead, indent, width) {
			if i == 0 {
				b.WriteString(line[:lead])
			} else {
				b.WriteString("\n" + strings.Repeat(" ", indent))
			}
			b.WriteString(l)
		}
		if nl {
			b.WriteByte('\n')
		}
	}
	return b.String()
}
