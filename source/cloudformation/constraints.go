package cloudformation

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/ecs-preflight/ecs-preflight/source"
)

// checkConstraints enforces the parameter constraints of CFN-UG
// "Parameters" other than AllowedValues (checkAllowed) on a known value:
//
//   - Number and List<Number>: every value (element) is a number;
//   - AllowedPattern (String and CommaDelimitedList: "When applied to a
//     parameter of type CommaDelimitedList, the pattern must match each
//     value in the list"), matching the whole value;
//   - MinLength and MaxLength ("the smallest/largest number of characters
//     you want to allow for String types"), per element for lists;
//   - MinValue and MaxValue for Number, per element for List<Number>.
//
// CloudFormation refuses a stack whose value breaks one, so a violation is
// an input error naming the parameter; a NoEcho parameter's value is never
// shown (errNoEcho). A pattern Go cannot compile is an assumption, not an
// error.
func (l *loader) checkConstraints(p *param, v val) error {
	if strings.HasPrefix(p.typ, "AWS::SSM::Parameter::Value<") {
		// The value given stands for the SSM parameter's value; the
		// constraints apply to the SSM parameter's name, which is not
		// given.
		return nil
	}
	list := strings.HasPrefix(p.typ, "List<") || p.typ == "CommaDelimitedList"
	number := p.typ == "Number" || p.typ == "List<Number>"
	values := []string{v.s}
	if list {
		values = nil
		if v.s != "" {
			for _, e := range strings.Split(v.s, ",") {
				values = append(values, strings.TrimSpace(e))
			}
		}
	}
	at := lookup(p.node, "Default")
	if _, given := l.o.params[p.name]; given || at == nil {
		at = p.node
	}
	fail := func(x, format string, args ...any) error {
		if p.noEcho() {
			return l.errNoEcho(at, p, format, args...)
		}
		return l.errAt(at, "Parameters."+p.name, "value %q "+format, append([]any{source.Cut(x)}, args...)...)
	}
	bound := func(key string) (float64, bool, error) {
		n := lookup(p.node, key)
		if n == nil {
			return 0, false, nil
		}
		f, err := strconv.ParseFloat(n.Value, 64)
		if n.Kind != yaml.ScalarNode || err != nil {
			return 0, false, l.errAt(n, "Parameters."+p.name+"."+key, "%s: want a number, got %s", key, source.Cut(n.Value))
		}
		return f, true, nil
	}
	minLen, hasMinLen, err := bound("MinLength")
	if err != nil {
		return err
	}
	maxLen, hasMaxLen, err := bound("MaxLength")
	if err != nil {
		return err
	}
	minVal, hasMinVal, err := bound("MinValue")
	if err != nil {
		return err
	}
	maxVal, hasMaxVal, err := bound("MaxValue")
	if err != nil {
		return err
	}
	re, err := l.allowedPattern(p)
	if err != nil {
		return err
	}
	for _, x := range values {
		if number {
			f, err := strconv.ParseFloat(x, 64)
			if err != nil {
				// CFN-UG "Parameters": Number is "an integer or float";
				// CloudFormation validates the value as a number.
				return fail(x, "of %s parameter %s is not a number", p.typ, p.name)
			}
			if hasMinVal && f < minVal {
				return fail(x, "is less than MinValue %s", strconv.FormatFloat(minVal, 'g', -1, 64))
			}
			if hasMaxVal && f > maxVal {
				return fail(x, "is greater than MaxValue %s", strconv.FormatFloat(maxVal, 'g', -1, 64))
			}
			continue
		}
		// Assumption: CloudFormation counts characters as Java does
		// (UTF-16 units); counting runes differs only outside the BMP.
		n := float64(utf8.RuneCountInString(x))
		if hasMinLen && n < minLen {
			return fail(x, "is shorter than MinLength %s", strconv.FormatFloat(minLen, 'g', -1, 64))
		}
		if hasMaxLen && n > maxLen {
			return fail(x, "is longer than MaxLength %s", strconv.FormatFloat(maxLen, 'g', -1, 64))
		}
		if re != nil && !re.MatchString(x) {
			desc := ""
			if d := lookup(p.node, "ConstraintDescription"); d != nil && d.Kind == yaml.ScalarNode && d.Value != "" {
				desc = ": " + source.Cut(d.Value)
			}
			return fail(x, "does not match AllowedPattern %s%s", source.Cut(lookup(p.node, "AllowedPattern").Value), desc)
		}
	}
	return nil
}

// allowedPattern compiles p's AllowedPattern; nil when it has none or Go
// cannot compile it, which is then recorded as an assumption.
func (l *loader) allowedPattern(p *param) (*regexp.Regexp, error) {
	n := lookup(p.node, "AllowedPattern")
	if n == nil {
		return nil, nil
	}
	if n.Kind != yaml.ScalarNode {
		return nil, l.errAt(n, "Parameters."+p.name+".AllowedPattern", "want string, got %s", kindName(n))
	}
	re, err := javaPattern(n.Value)
	if err != nil {
		l.assume(fmt.Sprintf("the value of parameter %s is taken to match its AllowedPattern %s, which Go's RE2 cannot check (%s)", p.name, source.Cut(n.Value), source.Shorten(err.Error())))
		return nil, nil
	}
	return re, nil
}

// assume records an assumption of the reader, once.
func (l *loader) assume(s string) {
	if !slices.Contains(l.assumed, s) {
		l.assumed = append(l.assumed, s)
	}
}
