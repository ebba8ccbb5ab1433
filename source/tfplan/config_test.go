package tfplan

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	tfjson "github.com/hashicorp/terraform-json"

	"github.com/ecs-preflight/ecs-preflight/source"
)

// narrowModule is a module whose locals the refsOf cases read.
const narrowModule = `
locals {
  cfg    = { subnets = var.ids, assign_public_ip = false }
  vpc_id = try(aws_vpc.this[0].id, "")
  a      = local.b
  b      = local.a
  key    = "k"
}
`

func narrowScope(t *testing.T, src string) (*reader, *scope) {
	t.Helper()
	r := newReader("plan.json", &tfjson.Plan{}, options{configFS: fstest.MapFS{"main.tf": {Data: []byte(src)}}, configDir: "."})
	m, err := r.readModule(".")
	if err != nil || m == nil {
		t.Fatalf("readModule: %v", err)
	}
	return r, &scope{src: m, mod: &tfjson.ConfigModule{}}
}

// TestRefsOf narrows configuration expressions to the references of the
// part a value reads. Terraform language docs: "References to Values"
// (var., local., resource and module references), "Splat Expressions"
// ([*]), "for Expressions", "Conditional Expressions", "dynamic Blocks"
// and the functions' pages (concat, flatten, try, element, lookup).
func TestRefsOf(t *testing.T) {
	for _, c := range []struct {
		name, expr string
		path       []step
		refs, vals string
		missing    string
		// iter binds a dynamic block's iterator "ingress" to element key of
		// the collection expression iter.
		iter string
		key  any
	}{
		{"a variable", `var.subnet_ids`, nil, "var.subnet_ids", "", "", "", nil},
		{"an object's attribute", `{ subnets = var.ids, sg = aws_security_group.a.id }`, []step{{name: "subnets"}}, "var.ids", "", "", "", nil},
		{"an element of a tuple holding a local object", `[local.cfg]`, []step{{key: 0.0}, {name: "subnets"}}, "var.ids", "", "", "", nil},
		{"a constant attribute of a local object", `local.cfg.assign_public_ip`, nil, "", "", "", "", nil},
		{"flatten and concat keep their arguments' elements; try the first", `flatten(concat([try(aws_security_group.this[0].id, [])], var.extra))`, nil, "aws_security_group.this[0].id var.extra", "", "", "", nil},
		{"element(list, count.index) keeps count.index", `element(aws_subnet.a[*].id, count.index)`, nil, "aws_subnet.a count.index", "", "", "", nil},
		{"a splat names every instance", `aws_subnet.a[*].id`, nil, "aws_subnet.a", "", "", "", nil},
		{"a local through try", `local.vpc_id`, nil, "aws_vpc.this[0].id", "", "", "", nil},
		{"a conditional the configuration cannot decide", `var.on ? aws_subnet.a.id : aws_subnet.b.id`, nil, "", "", "a conditional whose condition is known only after apply", "", nil},
		{"a conditional the configuration decides", `true ? aws_subnet.a.id : aws_subnet.b.id`, nil, "aws_subnet.a.id", "", "", "", nil},
		{"a conditional with one empty branch", `var.x != null ? [var.x] : []`, nil, "var.x", "", "", "", nil},
		{"a template is not an id", `"${aws_s3_bucket.b.arn}/*"`, nil, "", "", "an expression it cannot follow", "", nil},
		{"a function that computes a value is not followed", `cidrsubnet(aws_vpc.v.cidr_block, 8, 1)`, nil, "", "", "the function cidrsubnet", "", nil},
		{"lookup reads one key", `lookup(var.m, "a", null)`, nil, `var.m["a"]`, "", "", "", nil},
		{"a for expression that keeps the keys", `{ for k, v in var.rules : k => v if v != null }`, []step{{key: "alb"}, {name: "sg"}}, `var.rules["alb"].sg`, "", "", "", nil},
		{"constants and references", `["subnet-1", aws_subnet.a.id]`, nil, "aws_subnet.a.id", "subnet-1", "", "", nil},
		{"a local the configuration does not have", `local.nope`, nil, "", "", "local.nope (not in the configuration)", "", nil},
		{"locals that refer to each other are bounded", `local.a`, nil, "", "", "deeper than the reader follows", "", nil},
		{"an attribute the object does not have is null", `{ a = var.a }`, []step{{name: "b"}}, "", "", "", "", nil},
		{"an interpolation alone", `"${var.x}"`, nil, "var.x", "", "", "", nil},
		{"parentheses", `(var.x)`, nil, "var.x", "", "", "", nil},
		{"a conditional with an empty string branch", `var.on ? "" : var.y`, nil, "var.y", "", "", "", nil},
		{"a conditional with a null branch", `var.on ? null : var.y`, nil, "var.y", "", "", "", nil},
		{"a conditional with an empty object branch", `var.on ? var.y : {}`, nil, "var.y", "", "", "", nil},
		{"an operator is not followed", `var.a + 1`, nil, "", "", "an expression it cannot follow (an operator", "", nil},
		{"values of a map, any element", `values(var.m)`, []step{{key: 0.0}}, "var.m", "", "", "", nil},
		{"an index known only after apply means every element", `aws_subnet.a[var.i].id`, nil, "aws_subnet.a", "", "", "", nil},
		{"an object key from a local", `{ (local.key) = aws_subnet.a.id }`, []step{{key: "k"}}, "aws_subnet.a.id", "", "", "", nil},
		{"an object key known only after apply", `{ (var.k) = aws_subnet.a.id }`, []step{{key: "k"}}, "", "", "an object key known only after apply", "", nil},
		{"a for expression's key symbol", `{ for k, v in var.m : k => k }`, []step{{key: "a"}}, "", "a", "", "", nil},
		{"a dynamic block's iterator value", `ingress.value.sg`, nil, `var.rules["alb"].sg`, "", "", "var.rules", "alb"},
		{"a dynamic block's iterator key", `ingress.key`, nil, "", "alb", "", "var.rules", "alb"},
		{"a dynamic block's iterator alone", `ingress`, nil, "", "", "ingress (a dynamic block's iterator is read as ingress.key or ingress.value)", "var.rules", "alb"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r, sc := narrowScope(t, narrowModule)
			e, diags := hclsyntax.ParseExpression([]byte(c.expr), "e.tf", hcl.InitialPos)
			if diags.HasErrors() {
				t.Fatal(diags)
			}
			var b map[string]binding
			if c.iter != "" {
				coll, diags := hclsyntax.ParseExpression([]byte(c.iter), "c.tf", hcl.InitialPos)
				if diags.HasErrors() {
					t.Fatal(diags)
				}
				b = map[string]binding{"ingress": {coll: coll, key: c.key, iter: true}}
			}
			var n narrowed
			r.refsOf(sc, e, c.path, b, 0, &n)
			if got := strings.Join(n.refs, " "); got != c.refs {
				t.Errorf("refs %q, want %q", got, c.refs)
			}
			if got := strings.Join(n.vals, " "); got != c.vals {
				t.Errorf("vals %q, want %q", got, c.vals)
			}
			if got := strings.Join(n.missing, "; "); c.missing == "" && got != "" || !strings.Contains(got, c.missing) {
				t.Errorf("missing %q, want %q", got, c.missing)
			}
		})
	}
}

// TestConfigErrors: a .tf file that does not parse is an input error
// naming the file, line and column; a configuration whose modules do not
// match the plan's is not used (the plan alone decides, as without it).
func TestConfigErrors(t *testing.T) {
	plan, err := os.ReadFile(filepath.Join("testdata", "real", "modules-fargate", "plan.json"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = Read("plan.json", plan, WithConfig(fstest.MapFS{"main.tf": {Data: []byte("module \"vpc\" {\n  source = \n}\n")}}, "."))
	var ie *source.InputError
	if !errors.As(err, &ie) || ie.File != "main.tf" || ie.Line != 2 || ie.Column == 0 {
		t.Errorf("a .tf syntax error: %v (%#v), want an InputError at main.tf line 2", err, ie)
	}
	// The root module as the plan has it, but with a resource more: its
	// files were edited after the plan was made.
	root, err := os.ReadFile(filepath.Join("testdata", "real", "modules-fargate", "main.tf"))
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{"main.tf": {Data: append(root, "\nresource \"aws_vpc\" \"extra\" {}\n"...)}}
	for _, d := range []string{"vpc", "alb", "cluster", "service"} {
		b, err := os.ReadFile(filepath.Join("testdata", "real", "modules-fargate", "modules", d, "main.tf"))
		if err != nil {
			t.Fatal(err)
		}
		fsys["modules/"+d+"/main.tf"] = &fstest.MapFile{Data: b}
	}
	w, err := Read("plan.json", plan, WithConfig(fsys, "."), WithAccount("111122223333"))
	if err != nil {
		t.Fatal(err)
	}
	svc := w.Services.All()[0]
	if subs := svc.NetworkConfiguration.AwsvpcConfiguration.Subnets; !slices.ContainsFunc(subs, func(s string) bool { return strings.HasPrefix(s, "<unresolved ") }) {
		t.Errorf("root module files that do not match the plan linked the subnets: %v", subs)
	}
}

// TestConfigBounded: locals that repeat each other ([local.y, local.y,
// local.y] and back) would build a value exponential in the chain; the
// reader stays within its work bound, and what does not depend on them
// still links.
func TestConfigBounded(t *testing.T) {
	dir := filepath.Join("testdata", "real", "modules-fargate")
	data, err := os.ReadFile(filepath.Join(dir, "plan.json"))
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	for _, p := range []string{"main.tf", "modules/vpc/main.tf", "modules/alb/main.tf", "modules/cluster/main.tf", "modules/service/main.tf"} {
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p)))
		if err != nil {
			t.Fatal(err)
		}
		fsys[p] = &fstest.MapFile{Data: b}
	}
	svc := strings.Replace(string(fsys["modules/service/main.tf"].Data), "network_configuration = {", "network_configuration = {\n    zz = local.x", 1)
	svc += "\nlocals {\n  x = [local.y, local.y, local.y]\n  y = [local.x, local.x, local.x]\n}\n"
	fsys["modules/service/main.tf"] = &fstest.MapFile{Data: []byte(svc)}
	var p tfjson.Plan
	if err := json.Unmarshal(data, &p); err != nil {
		t.Fatal(err)
	}
	o := options{configFS: fsys, configDir: "."}
	r := newReader("plan.json", &p, o)
	w, err := r.build()
	if err != nil {
		t.Fatal(err)
	}
	if r.cfgWork > maxConfigWork+maxValueNodes {
		t.Errorf("%d steps, over the bound %d", r.cfgWork, maxConfigWork)
	}
	if subs := w.Services.All()[0].NetworkConfiguration.AwsvpcConfiguration.Subnets; strings.Join(subs, " ") != "module.vpc.aws_subnet.private[0] module.vpc.aws_subnet.private[1]" {
		t.Errorf("subnets %v", subs)
	}
}

// TestInstalledModules: a module terraform init installed is found
// through .terraform/modules/modules.json (its Key is the module path
// "ecs_service", its Dir relative to the root module), as Terraform finds
// it, whatever its source; without that listing a module whose source
// directory is absent is read from the plan alone.
func TestInstalledModules(t *testing.T) {
	dir := filepath.Join("testdata", "real", "modules-fargate")
	data, err := os.ReadFile(filepath.Join(dir, "plan.json"))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{"main.tf": "main.tf", "modules/vpc/main.tf": "modules/vpc/main.tf", "modules/alb/main.tf": "modules/alb/main.tf",
		"modules/cluster/main.tf": "modules/cluster/main.tf", ".terraform/modules/ecs_service/main.tf": "modules/service/main.tf"}
	fsys := fstest.MapFS{}
	for to, from := range files {
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(from)))
		if err != nil {
			t.Fatal(err)
		}
		fsys[to] = &fstest.MapFile{Data: b}
	}
	subnets := func(fsys fstest.MapFS) string {
		w, err := Read("plan.json", data, WithConfig(fsys, "."), WithAccount("111122223333"))
		if err != nil {
			t.Fatal(err)
		}
		return strings.Join(w.Services.All()[0].NetworkConfiguration.AwsvpcConfiguration.Subnets, " ")
	}
	if got := subnets(fsys); !strings.HasPrefix(got, "<unresolved ") {
		t.Errorf("without modules.json: subnets %q, want unresolved", got)
	}
	fsys[".terraform/modules/modules.json"] = &fstest.MapFile{Data: []byte(`{"Modules":[{"Key":"","Source":"","Dir":"."},{"Key":"ecs_service","Source":"registry.terraform.io/terraform-aws-modules/ecs/aws//modules/service","Version":"7.5.0","Dir":".terraform/modules/ecs_service"}]}`)}
	if got := subnets(fsys); got != "module.vpc.aws_subnet.private[0] module.vpc.aws_subnet.private[1]" {
		t.Errorf("with modules.json: subnets %q", got)
	}
}

// TestEvalVariables: what eval takes for var.NAME (Terraform language
// docs "Input Variables"): in the root module the plan's value, unknown
// when sensitive or absent; in a child module the calling module block's
// argument, read from its .tf file, else the plan JSON's constant argument,
// else the variable's default, else null.
func TestEvalVariables(t *testing.T) {
	r, root := narrowScope(t, "module \"m\" {\n  x = \"from-call\"\n}\n")
	r.p = &tfjson.Plan{Variables: map[string]*tfjson.PlanVariable{"region": {Value: "eu-west-1"}, "secret": {Value: "s3cr3t"}}}
	root.mod = &tfjson.ConfigModule{Variables: map[string]*tfjson.ConfigVariable{"secret": {Sensitive: true}}}
	childVars := map[string]*tfjson.ConfigVariable{"x": {}, "d": {Default: "dflt"}, "n": {}}
	child := &scope{path: "module.m", parent: root, mod: &tfjson.ConfigModule{Variables: childVars},
		call: &tfjson.ModuleCall{Expressions: map[string]*tfjson.Expression{}}}
	orphan := &scope{path: "module.m", parent: &scope{}, mod: &tfjson.ConfigModule{Variables: childVars},
		call: &tfjson.ModuleCall{Expressions: map[string]*tfjson.Expression{
			"x": {ExpressionData: &tfjson.ExpressionData{ConstantValue: "json-constant"}},
			"d": {ExpressionData: &tfjson.ExpressionData{References: []string{"aws_vpc.v.id"}}},
		}}}
	for _, c := range []struct {
		name string
		sc   *scope
		expr string
		want string
	}{
		{"a root variable's value in the plan", root, "var.region", "eu-west-1"},
		{"a sensitive root variable is unknown", root, "var.secret", "unknown"},
		{"a root variable the plan does not hold is unknown", root, "var.none", "unknown"},
		{"the calling module block's argument", child, "var.x", "from-call"},
		{"the default when the call does not set it", child, "var.d", "dflt"},
		{"null without a default", child, "var.n", "null"},
		{"the plan JSON's constant argument when the calling module has no files", orphan, "var.x", "json-constant"},
		{"an argument with references is unknown", orphan, "var.d", "unknown"},
		{"a template over known values", child, `"${var.x}-${var.d}"`, "from-call-dflt"},
	} {
		t.Run(c.name, func(t *testing.T) {
			e, diags := hclsyntax.ParseExpression([]byte(c.expr), "e.tf", hcl.InitialPos)
			if diags.HasErrors() {
				t.Fatal(diags)
			}
			v := r.eval(c.sc, c.sc.path, e, nil, 0)
			got := "unknown"
			switch {
			case v.IsKnown() && v.IsNull():
				got = "null"
			case v.IsKnown():
				g, _ := ctyToGo(v)
				got, _ = g.(string)
			}
			if got != c.want {
				t.Errorf("got %s, want %s", got, c.want)
			}
		})
	}
}

// TestOutputElement: subnet_ids = [module.vpc.private_subnets[0]] reads
// one element of the output aws_subnet.private[*].id (Terraform language
// docs "Splat Expressions": [*].id[0] is the first instance's id). With the
// module's .tf files it is that subnet alone; from the plan JSON alone the
// element cannot be told from the others, and it is missing, never the
// whole list.
func TestOutputElement(t *testing.T) {
	dir := filepath.Join("testdata", "real", "modules-fargate")
	data, err := os.ReadFile(filepath.Join(dir, "plan.json"))
	if err != nil {
		t.Fatal(err)
	}
	// The plan Terraform writes for that argument lists the element's
	// reference first.
	data = []byte(strings.Replace(string(data), "\"subnet_ids\": {\n       \"references\": [\n        \"module.vpc.private_subnets\",",
		"\"subnet_ids\": {\n       \"references\": [\n        \"module.vpc.private_subnets[0]\",\n        \"module.vpc.private_subnets\",", 1))
	fsys := fstest.MapFS{}
	for _, p := range []string{"main.tf", "modules/vpc/main.tf", "modules/alb/main.tf", "modules/cluster/main.tf", "modules/service/main.tf"} {
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p)))
		if err != nil {
			t.Fatal(err)
		}
		fsys[p] = &fstest.MapFile{Data: b}
	}
	fsys["main.tf"].Data = []byte(strings.Replace(string(fsys["main.tf"].Data), "subnet_ids  = module.vpc.private_subnets", "subnet_ids  = [module.vpc.private_subnets[0]]", 1))
	subnets := func(opts ...Option) string {
		w, err := Read("plan.json", data, append(opts, WithAccount("111122223333"))...)
		if err != nil {
			t.Fatal(err)
		}
		return strings.Join(w.Services.All()[0].NetworkConfiguration.AwsvpcConfiguration.Subnets, " ")
	}
	if got := subnets(WithConfig(fsys, ".")); got != "module.vpc.aws_subnet.private[0]" {
		t.Errorf("with the configuration: %q, want the first subnet", got)
	}
	// Without the configuration the dynamic block is not there at all;
	// read the element through the module call in a static block.
	var p tfjson.Plan
	if err := json.Unmarshal(data, &p); err != nil {
		t.Fatal(err)
	}
	r := newReader("plan.json", &p, options{})
	if err := r.index(); err != nil {
		t.Fatal(err)
	}
	child := r.scopes["module.ecs_service"]
	res := r.resolveVar(child, "module.ecs_service", "subnet_ids", nil, 0)
	if len(res.links) != 0 || !strings.Contains(strings.Join(res.missing, "; "), "module.vpc.private_subnets[0] (an element of a module output") {
		t.Errorf("without the configuration: links %v, missing %q", res.links, res.missing)
	}
}
