package cloudformation

import (
	"fmt"
	"regexp"
	"strings"
)

// javaPattern compiles a parameter's AllowedPattern so that it matches the
// whole value, as CloudFormation does (CFN-UG "Parameters": "When applied
// on a parameter of type String, the pattern must match the entire
// parameter value provided"). CloudFormation runs Java regular expressions
// (java.util.regex.Pattern); Go's RE2 shares most of their syntax, and
// javaToRE2 rewrites the common parts that differ. A pattern using what RE2
// lacks (lookaround, backreferences, possessive quantifiers, atomic groups,
// class intersection or union) is an error here, which the caller turns
// into an assumption: the value is then not checked.
func javaPattern(pat string) (*regexp.Regexp, error) {
	re2, err := javaToRE2(pat)
	if err != nil {
		return nil, err
	}
	return regexp.Compile(`^(?:` + re2 + `)$`)
}

// posixClass maps the java.util.regex POSIX character classes (US-ASCII
// only, as Java defines them without UNICODE_CHARACTER_CLASS) to RE2's
// ASCII class names.
var posixClass = map[string]string{
	"Lower": "lower", "Upper": "upper", "ASCII": "ascii", "Alpha": "alpha", "Digit": "digit",
	"Alnum": "alnum", "Punct": "punct", "Graph": "graph", "Print": "print", "Blank": "blank",
	"Cntrl": "cntrl", "XDigit": "xdigit", "Space": "space",
}

// javaSpace is Java's \s: [ \t\n\x0B\f\r]; RE2's \s lacks \x0B.
const javaSpace = `\t\n\x0B\f\r `

// javaDotClass is what Java's . matches without DOTALL: anything but its
// line terminators (\n, \r, \u0085, \u2028, \u2029); RE2's . excludes only
// \n.
const javaDot = `[^\n\r\x{85}\x{2028}\x{2029}]`

// javaToRE2 rewrites a Java regular expression into RE2 syntax: \p{Alpha}
// and the other POSIX classes, \uFFFF escapes, \Z, Java's \s and its . are
// translated; \Q...\E is kept (RE2 has it). Constructs whose meaning
// differs and that RE2 would still compile (a [ or && inside a class, which
// Java reads as union and intersection) are refused.
func javaToRE2(p string) (string, error) {
	var b strings.Builder
	inClass := false
	classStart := false // just after [ or [^
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case c == '\\':
			if i+1 >= len(p) {
				return "", fmt.Errorf("trailing backslash")
			}
			e := p[i+1]
			i++
			classStart = false
			switch e {
			case 'Q':
				end := strings.Index(p[i+1:], `\E`)
				if end < 0 {
					b.WriteString(regexp.QuoteMeta(p[i+1:]))
					i = len(p)
					continue
				}
				lit := p[i+1 : i+1+end]
				if inClass {
					for _, r := range lit {
						b.WriteString(regexp.QuoteMeta(string(r)))
					}
				} else {
					b.WriteString(regexp.QuoteMeta(lit))
				}
				i += end + 2
			case 'p', 'P':
				if i+1 < len(p) && p[i+1] == '{' {
					end := strings.IndexByte(p[i+1:], '}')
					if end < 0 {
						return "", fmt.Errorf("unterminated \\%c{", e)
					}
					name := p[i+2 : i+1+end]
					i += end + 1
					name = strings.TrimPrefix(name, "Is")
					if cls, ok := posixClass[name]; ok {
						neg := ""
						if e == 'P' {
							neg = "^"
						}
						if inClass {
							b.WriteString("[:" + neg + cls + ":]")
						} else {
							b.WriteString("[[:" + neg + cls + ":]]")
						}
						continue
					}
					if name == "Alphabetic" {
						name = "L"
					}
					b.WriteString(`\` + string(e) + "{" + name + "}")
					continue
				}
				b.WriteString(`\` + string(e))
			case 'u':
				if i+4 < len(p) {
					b.WriteString(`\x{` + p[i+1:i+5] + `}`)
					i += 4
					continue
				}
				return "", fmt.Errorf("short \\u escape")
			case 'Z':
				// Under whole-value matching \Z can only match at the end.
				b.WriteString(`\z`)
			case 's':
				if inClass {
					b.WriteString(javaSpace)
				} else {
					b.WriteString("[" + javaSpace + "]")
				}
			case 'S':
				if inClass {
					b.WriteString(`\S`)
				} else {
					b.WriteString("[^" + javaSpace + "]")
				}
			case 'e':
				b.WriteString(`\x1B`)
			default:
				b.WriteByte('\\')
				b.WriteByte(e)
			}
		case inClass:
			switch {
			case c == ']' && !classStart:
				inClass = false
			case c == '[':
				// Java has no [:name:] classes: a [ in a class opens a
				// nested class, their union.
				return "", fmt.Errorf("a character class inside a class (Java's union) at offset %d", i)
			case c == '&' && strings.HasPrefix(p[i:], "&&"):
				return "", fmt.Errorf("a class intersection (&&) at offset %d", i)
			case c == '^' && classStart && i > 0 && p[i-1] == '[':
				b.WriteByte(c)
				continue
			}
			classStart = false
			b.WriteByte(c)
		case c == '[':
			inClass, classStart = true, true
			b.WriteByte(c)
		case c == '.':
			b.WriteString(javaDot)
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), nil
}
