package cond

import (
	"strings"

	"github.com/ecs-preflight/ecs-preflight/iam/internal/glob"
)

// Template is a policy string that may contain policy variables (IAM-UG
// "IAM policy elements: Variables and tags"): ${aws:username}, a default
// value ${aws:PrincipalTag/team, 'none'}, and the escapes ${*}, ${?}, ${$}
// for literal characters.
type Template struct {
	lit   string // the whole value when it has no variables
	parts []part // nil when lit is the value
}

type part struct {
	text   string // literal text (already escaped for glob use when pattern)
	key    string // variable key, "" for literal parts
	def    string
	hasDef bool
}

// NewTemplate compiles s. With vars false (policy Version "2008-10-17" or
// absent) "${...}" is literal text, as IAM-UG "Version" specifies. With
// pattern true the result is a glob pattern: escapes and substituted values
// are quoted so they match only themselves.
func NewTemplate(s string, vars, pattern bool) Template {
	if !vars || !strings.Contains(s, "${") {
		return Template{lit: s}
	}
	var parts []part
	var buf strings.Builder
	flush := func() {
		if buf.Len() > 0 {
			parts = append(parts, part{text: buf.String()})
			buf.Reset()
		}
	}
	for len(s) > 0 {
		i := strings.Index(s, "${")
		if i < 0 {
			buf.WriteString(s)
			break
		}
		buf.WriteString(s[:i])
		rest := s[i+2:]
		j := strings.IndexByte(rest, '}')
		if j < 0 {
			// An unterminated "${" is literal text.
			buf.WriteString(s[i:])
			break
		}
		body := rest[:j]
		s = rest[j+1:]
		switch body {
		case "*", "?", "$":
			if pattern && body != "$" {
				buf.WriteByte(glob.Esc)
			}
			buf.WriteString(body)
			continue
		}
		key, def, hasDef := body, "", false
		if k, d, ok := strings.Cut(body, ","); ok {
			d = strings.TrimSpace(d)
			if len(d) >= 2 && d[0] == '\'' && d[len(d)-1] == '\'' {
				key, def, hasDef = k, strings.ReplaceAll(d[1:len(d)-1], "''", "'"), true
			}
		}
		key = strings.TrimSpace(key)
		if key == "" || strings.ContainsAny(key, " \t") {
			// Not a variable AWS would recognise; keep the text.
			buf.WriteString("${" + body + "}")
			continue
		}
		flush()
		parts = append(parts, part{key: key, def: def, hasDef: hasDef})
	}
	flush()
	if len(parts) == 1 && parts[0].key == "" {
		return Template{lit: parts[0].text}
	}
	return Template{parts: parts}
}

// Literal returns the value and true when the template has no variables.
func (t Template) Literal() (string, bool) { return t.lit, t.parts == nil }

// Expand substitutes the variables from ctx. It reports false when a
// variable has no single value and no default: IAM-UG says such a variable
// may make the whole statement invalid, so callers treat the element as not
// matching. Substituted values are quoted when quote is true.
func (t Template) Expand(ctx Context, quote bool) (string, bool) {
	if t.parts == nil {
		return t.lit, true
	}
	var b strings.Builder
	for _, p := range t.parts {
		if p.key == "" {
			b.WriteString(p.text)
			continue
		}
		v, ok := ctx.Lookup(p.key)
		var s string
		switch {
		case ok && len(v) == 1:
			s = v[0]
		case p.hasDef:
			s = p.def
		default:
			return "", false
		}
		if quote {
			s = glob.Quote(s)
		}
		b.WriteString(s)
	}
	return b.String(), true
}
