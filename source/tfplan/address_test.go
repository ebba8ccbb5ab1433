package tfplan

import (
	"fmt"
	"slices"
	"testing"
)

// TestParseAddress reads the address forms of the Terraform CLI docs
// "Resource Address" (a module path of module.NAME[KEY] steps, then
// [data.]TYPE.NAME[KEY]) and the references of "JSON Output Format"
// expressions, which add an attribute traversal.
func TestParseAddress(t *testing.T) {
	tests := []struct {
		in      string
		module  string // module instance address
		path    string // module path without keys
		data    bool
		typ     string
		name    string
		key     any
		res     string // resource address without the instance key
		rest    string // the remaining traversal, as fmt prints it
		invalid bool
	}{
		{in: "aws_instance.web", typ: "aws_instance", name: "web", res: "aws_instance.web"},
		{in: "aws_instance.web[3]", typ: "aws_instance", name: "web", key: 3.0, res: "aws_instance.web"},
		{in: `aws_instance.web["example"]`, typ: "aws_instance", name: "web", key: "example", res: "aws_instance.web"},
		{in: "data.aws_ami.ubuntu", data: true, typ: "aws_ami", name: "ubuntu", res: "data.aws_ami.ubuntu"},
		{in: "module.foo.data.aws_ami.ubuntu[0]", module: "module.foo", path: "module.foo", data: true, typ: "aws_ami", name: "ubuntu", key: 0.0,
			res: "module.foo.data.aws_ami.ubuntu"},
		{in: `module.a["k"].module.b[0].aws_x.y[1]`, module: `module.a["k"].module.b[0]`, path: "module.a.module.b",
			typ: "aws_x", name: "y", key: 1.0, res: `module.a["k"].module.b[0].aws_x.y`},
		{in: "module.vpc.aws_subnet.private[2]", module: "module.vpc", path: "module.vpc", typ: "aws_subnet", name: "private", key: 2.0,
			res: "module.vpc.aws_subnet.private"},
		// A string key is quoted: dots, brackets and escaped quotes inside it
		// do not split the address.
		{in: `aws_x.y["a.b"]`, typ: "aws_x", name: "y", key: "a.b", res: "aws_x.y"},
		{in: `aws_x.y["a[0]"]`, typ: "aws_x", name: "y", key: "a[0]", res: "aws_x.y"},
		{in: `aws_x.y["q\"d"]`, typ: "aws_x", name: "y", key: `q"d`, res: "aws_x.y"},
		{in: `module.m["a.b"].aws_x.y`, module: `module.m["a.b"]`, path: "module.m", typ: "aws_x", name: "y", res: `module.m["a.b"].aws_x.y`},
		// internal/addrs toHCLQuotedString doubles the $ of a template
		// introducer in an instance key.
		{in: `aws_x.y["$${a}"]`, typ: "aws_x", name: "y", key: "${a}", res: "aws_x.y"},
		// References: the most specific first (aws_subnet.a[0].id).
		{in: "aws_subnet.a[0].id", typ: "aws_subnet", name: "a", key: 0.0, res: "aws_subnet.a", rest: "[{id <nil>}]"},
		{in: "data.aws_iam_policy_document.ep.json", data: true, typ: "aws_iam_policy_document", name: "ep",
			res: "data.aws_iam_policy_document.ep", rest: "[{json <nil>}]"},
		{in: `aws_x.y.tags["Name"]`, typ: "aws_x", name: "y", res: "aws_x.y", rest: "[{tags <nil>} { Name}]"},
		// Not a resource address.
		{in: "", invalid: true},
		{in: "aws_x", invalid: true},
		{in: "module.a", invalid: true},
		{in: "data.aws_x", invalid: true},
		{in: "aws_x.", invalid: true},
		{in: ".aws_x.y", invalid: true},
		{in: "aws_x..y", invalid: true},
		{in: "aws_x.y[", invalid: true},
		{in: "aws_x.y[]", invalid: true},
		{in: "aws_x.y[-1]", invalid: true},
		{in: "aws_x.y[+1]", invalid: true},
		{in: "aws_x.y[*]", invalid: true},
		{in: `aws_x.y["a]`, invalid: true},
		{in: `aws_x.y["a"`, invalid: true},
		{in: `aws_x.y["a"]z`, invalid: true},
		{in: `aws_x.y["\xff"]`, invalid: true},
		{in: "aws_x[0].y", invalid: true},
		{in: "aws_x.y]", invalid: true},
		{in: `aws_x."y"`, invalid: true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			a, ok := parseAddress(tt.in)
			if ok == tt.invalid {
				t.Fatalf("ok %v, want %v", ok, !tt.invalid)
			}
			if tt.invalid {
				return
			}
			got := []any{moduleAddr(a.modules, true), moduleAddr(a.modules, false), a.data, a.typ, a.name, a.key, a.resource(), restText(a.rest)}
			want := []any{tt.module, tt.path, tt.data, tt.typ, tt.name, tt.key, tt.res, restText(nil)}
			if tt.rest != "" {
				want[7] = tt.rest
			}
			if !slices.Equal(got, want) {
				t.Errorf("got %q\nwant %q", got, want)
			}
		})
	}
}

func restText(rest []step) string {
	if rest == nil {
		return "[]"
	}
	return fmt.Sprint(rest)
}

// TestModuleAddress: module instance addresses (Terraform CLI docs
// "Resource Address", module path) one level up and without keys, as the
// configuration names them.
func TestModuleAddress(t *testing.T) {
	tests := []struct {
		mod, parent, path string
	}{
		{"", "", ""},
		{"module.a", "", "module.a"},
		{"module.a[0]", "", "module.a"},
		{`module.a["x.y"].module.b`, `module.a["x.y"]`, "module.a.module.b"},
		{`module.a["k"].module.b[0].module.c`, `module.a["k"].module.b[0]`, "module.a.module.b.module.c"},
		// Not a module address: left as it is, with no parent.
		{"module.a.aws_x.y", "", "module.a.aws_x.y"},
		{"module.", "", "module."},
	}
	for _, tt := range tests {
		t.Run(tt.mod, func(t *testing.T) {
			if got := parentModule(tt.mod); got != tt.parent {
				t.Errorf("parentModule = %q, want %q", got, tt.parent)
			}
			if got := stripKeys(tt.mod); got != tt.path {
				t.Errorf("stripKeys = %q, want %q", got, tt.path)
			}
		})
	}
}

// TestKeyText: instance keys are written as Terraform writes them
// (internal/addrs IntKey and StringKey, toHCLQuotedString).
func TestKeyText(t *testing.T) {
	tests := []struct {
		key  any
		want string
	}{
		{nil, ""},
		{0.0, "[0]"},
		{12.0, "[12]"},
		{"a", `["a"]`},
		{"", `[""]`},
		{"a\"b\\c\nd\re\tf", `["a\"b\\c\nd\re\tf"]`},
		{"${x} %{y} $ %", `["$${x} %%{y} $ %"]`},
		{"\x00\u200b", `["\u0000\u200b"]`},
		{"\U000e0001", `["\U000e0001"]`},
		{true, ""},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.key), func(t *testing.T) {
			if got := keyText(tt.key); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

// FuzzAddress checks the address scanner on any text: it never panics,
// every step is a name or a key, and an address it reads, written out
// again, reads back the same.
func FuzzAddress(f *testing.F) {
	for _, s := range []string{
		"aws_instance.web", `module.a["k"].module.b[0].aws_x.y[1]`, "data.aws_ami.ubuntu",
		`aws_x.y["q\"d.e[0]"]`, "aws_subnet.a[0].id", `module.net["$${x}"].aws_x.y`, "var.ids[0]",
		`aws_x.y["\u200b"]`, "aws_x.y[007]",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		steps, ok := splitTraversal(s)
		for _, st := range steps {
			if (st.name == "") == (st.key == nil) {
				t.Fatalf("%q: step %+v is neither a name nor a key", s, st)
			}
		}
		if ok != (len(steps) > 0) {
			t.Fatalf("%q: ok %v with %d steps", s, ok, len(steps))
		}
		a, ok := parseAddress(s)
		if !ok || len(a.rest) > 0 {
			return
		}
		text := a.resource() + keyText(a.key)
		b, ok := parseAddress(text)
		if !ok || len(b.rest) > 0 || b.resource() != a.resource() || b.key != a.key || b.data != a.data ||
			!slices.Equal(b.modules, a.modules) {
			t.Fatalf("%q written as %q reads back as %+v, want %+v", s, text, b, a)
		}
		if got := stripKeys(moduleAddr(a.modules, true)); got != moduleAddr(a.modules, false) {
			t.Fatalf("%q: stripKeys %q, want %q", s, got, moduleAddr(a.modules, false))
		}
	})
}
