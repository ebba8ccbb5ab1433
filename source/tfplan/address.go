package tfplan

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Terraform names things in two textual forms this package reads: resource
// addresses (the "address" and "module_address" of resource_changes and of
// state resources, Terraform CLI docs "Resource Address") and the
// references of configuration expressions (Terraform CLI docs "JSON Output
// Format", "references": "aws_subnet.a[0].id", "module.net.subnet_ids",
// "var.ids[0]"). Both are traversals: names separated by dots, each
// optionally followed by index keys in brackets, [0] for count and ["k"]
// for for_each. splitTraversal is the one scanner of both; parseAddress and
// parseModules give the resource and module parts.

// step is one step of a traversal: a name ("module", "aws_subnet", "id"),
// or, when key is not nil, an index key.
type step struct {
	name string
	key  any // float64 (a count index or list index) or string (a key)
}

// splitTraversal splits an address or a reference into its steps. A string
// key is quoted (["a.b"]), so a dot or bracket inside it does not split.
// ok is false for text that is not a traversal: an empty name, an
// unbalanced bracket or quote, a key that is neither a non-negative integer
// nor a quoted string (a splat [*] is never in a reference: Terraform lists
// the resource instead).
func splitTraversal(s string) (steps []step, ok bool) {
	for i := 0; i < len(s); {
		j := i
		for j < len(s) && !strings.ContainsRune(`.[]"`, rune(s[j])) {
			j++
		}
		if j == i {
			return nil, false
		}
		steps = append(steps, step{name: s[i:j]})
		i = j
		for i < len(s) && s[i] == '[' {
			key, n, ok := scanKey(s[i:])
			if !ok {
				return nil, false
			}
			steps = append(steps, step{key: key})
			i += n
		}
		if i == len(s) {
			return steps, true
		}
		if s[i] != '.' {
			return nil, false
		}
		i++
		if i == len(s) {
			return nil, false
		}
	}
	return nil, false
}

// scanKey reads the index key at the start of s, which begins with '[', and
// returns it with the length of its text. A string key is decoded as Go's
// strconv.Unquote does: Terraform writes the key of a reference's remaining
// traversal with %q (internal/command/jsonconfig traversalStr), and an
// instance key with HCL escapes that are Go's too (internal/addrs
// toHCLQuotedString: \n \r \t \" \\ \uXXXX), apart from a doubled $${ or
// %%{ that instanceKey undoes.
func scanKey(s string) (key any, n int, ok bool) {
	if strings.HasPrefix(s, `["`) {
		for i := 2; i < len(s); i++ {
			switch s[i] {
			case '\\':
				i++
			case '"':
				if !strings.HasPrefix(s[i+1:], "]") {
					return nil, 0, false
				}
				k, err := strconv.Unquote(s[1 : i+1])
				if err != nil || !utf8.ValidString(k) {
					// A Terraform string is Unicode text.
					return nil, 0, false
				}
				return k, i + 2, true
			}
		}
		return nil, 0, false
	}
	end := strings.IndexByte(s, ']')
	if end < 0 {
		return nil, 0, false
	}
	// Decimal digits only: a count index is never negative or signed.
	k, err := strconv.ParseUint(s[1:end], 10, 31)
	if err != nil {
		return nil, 0, false
	}
	return float64(k), end + 1, true
}

// instanceKey undoes the template escape Terraform adds to a string
// instance key (internal/addrs toHCLQuotedString doubles the $ of ${ and
// the % of %{).
func instanceKey(k any) any {
	if s, ok := k.(string); ok && strings.Contains(s, "{") {
		return strings.NewReplacer("$${", "${", "%%{", "%{").Replace(s)
	}
	return k
}

// keyText renders an instance key as Terraform writes it in an address:
// [N], or the key quoted as internal/addrs toHCLQuotedString quotes it.
func keyText(k any) string {
	switch v := k.(type) {
	case float64:
		return "[" + strconv.FormatInt(int64(v), 10) + "]"
	case string:
		var b strings.Builder
		b.WriteString(`["`)
		for i, r := range v {
			switch r {
			case '\n':
				b.WriteString(`\n`)
			case '\r':
				b.WriteString(`\r`)
			case '\t':
				b.WriteString(`\t`)
			case '"':
				b.WriteString(`\"`)
			case '\\':
				b.WriteString(`\\`)
			case '$', '%':
				b.WriteRune(r)
				if strings.HasPrefix(v[i+1:], "{") {
					b.WriteRune(r)
				}
			default:
				switch {
				case unicode.IsPrint(r):
					b.WriteRune(r)
				case r < 0x10000:
					fmt.Fprintf(&b, `\u%04x`, r)
				default:
					fmt.Fprintf(&b, `\U%08x`, r)
				}
			}
		}
		b.WriteString(`"]`)
		return b.String()
	}
	return ""
}

// modStep is one module call of a module instance address:
// module.NAME, or module.NAME[KEY] for count and for_each.
type modStep struct {
	name string
	key  any // nil, float64 or string
}

// parseModules reads the module calls that begin steps and returns them
// with the steps that follow.
func parseModules(steps []step) ([]modStep, []step) {
	var mods []modStep
	for len(steps) >= 2 && steps[0].key == nil && steps[0].name == "module" && steps[1].key == nil {
		m := modStep{name: steps[1].name}
		steps = steps[2:]
		if len(steps) > 0 && steps[0].key != nil {
			m.key = instanceKey(steps[0].key)
			steps = steps[1:]
		}
		mods = append(mods, m)
	}
	return mods, steps
}

// moduleAddr renders module calls as a module address; with keys false,
// without instance keys (the configuration's module path).
func moduleAddr(mods []modStep, keys bool) string {
	var b strings.Builder
	for i, m := range mods {
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString("module." + m.name)
		if keys {
			b.WriteString(keyText(m.key))
		}
	}
	return b.String()
}

// address is a resource instance address, or a reference to a resource,
// split into its parts (Terraform CLI docs "Resource Address":
// [module path][resource spec], the resource spec being
// [data.]TYPE.NAME[KEY]).
type address struct {
	modules []modStep
	data    bool
	typ     string
	name    string
	key     any    // the instance key: nil, float64 or string
	rest    []step // a reference's attribute traversal after the resource
}

// parseAddress splits a resource address or resource reference. ok is
// false when s does not name a resource.
func parseAddress(s string) (address, bool) {
	steps, ok := splitTraversal(s)
	if !ok {
		return address{}, false
	}
	var a address
	a.modules, steps = parseModules(steps)
	if len(steps) > 0 && steps[0].name == "data" {
		a.data, steps = true, steps[1:]
	}
	if len(steps) < 2 || steps[0].key != nil || steps[1].key != nil {
		return address{}, false
	}
	a.typ, a.name, steps = steps[0].name, steps[1].name, steps[2:]
	if len(steps) > 0 && steps[0].key != nil {
		a.key, steps = instanceKey(steps[0].key), steps[1:]
	}
	a.rest = steps
	return a, true
}

// resource renders the address of the resource, without its instance key:
// module.vpc.aws_subnet.private.
func (a address) resource() string {
	r := a.typ + "." + a.name
	if a.data {
		r = "data." + r
	}
	return joinAddr(moduleAddr(a.modules, true), r)
}

// stripKeys removes instance keys from a module address:
// module.a["x"].module.b[0] → module.a.module.b.
func stripKeys(mod string) string {
	mods, ok := splitModule(mod)
	if !ok {
		return mod
	}
	return moduleAddr(mods, false)
}

// parentModule returns the module instance address one level up.
func parentModule(mod string) string {
	mods, ok := splitModule(mod)
	if !ok || len(mods) == 0 {
		return ""
	}
	return moduleAddr(mods[:len(mods)-1], true)
}

// splitModule splits a module instance address; ok is false when mod is
// not one.
func splitModule(mod string) ([]modStep, bool) {
	if mod == "" {
		return nil, true
	}
	steps, ok := splitTraversal(mod)
	if !ok {
		return nil, false
	}
	mods, rest := parseModules(steps)
	return mods, len(rest) == 0
}

func joinAddr(mod, rel string) string {
	if mod == "" {
		return rel
	}
	return mod + "." + rel
}
