package tfplan

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"maps"

	"github.com/ecs-preflight/ecs-preflight/source"
)

// wrongValue is a JSON value of another type than t.
func wrongValue(t *tfType) (v any, got string) {
	switch {
	case t.prim == "string":
		return 12345.0, "number"
	case t.prim != "":
		return "nope", "string"
	case t.coll != "" && t.elem != nil && t.elem.attrs != nil:
		return "nope", "string"
	case t.coll != "":
		return true, "bool"
	}
	return []any{"nope"}, "list"
}

// testAddr is the address of a test instance of a schema table key.
func testAddr(key string) string {
	return key + ".x"
}

func changeOf(key string, after map[string]any) rc {
	c := rc{addr: testAddr(key), after: after}
	if strings.HasPrefix(key, "data.") {
		c.actions = []string{"read"}
	}
	return c
}

type typeCase struct {
	key   string
	after map[string]any
	want  string // the error text after the address
}

// typeCases are, for every resource and data source type the reader reads
// and every attribute of it the reader uses (the provider schema table,
// schema/aws.json), a plan whose one instance holds that attribute with a
// value of another type; for a nested block, also each attribute of its
// first element.
func typeCases() []typeCase {
	tt := schemas()
	var cases []typeCase
	for _, key := range slices.Sorted(maps.Keys(tt.types)) {
		t := tt.types[key]
		for _, attr := range slices.Sorted(maps.Keys(t.attrs)) {
			at := t.attrs[attr]
			if at == nil {
				continue
			}
			v, got := wrongValue(at)
			cases = append(cases, typeCase{key, map[string]any{attr: v}, `attribute "` + attr + `": want ` + at.want() + `, got ` + got})
			if at.coll == "" || at.elem == nil || at.elem.attrs == nil {
				continue
			}
			for _, inner := range slices.Sorted(maps.Keys(at.elem.attrs)) {
				it := at.elem.attrs[inner]
				if it == nil {
					continue
				}
				v, got := wrongValue(it)
				var elem any = map[string]any{inner: v}
				var list any = []any{elem}
				want := `attribute "` + attr + `[0].` + inner + `": want ` + it.want() + `, got ` + got
				if at.coll == "map" {
					list = map[string]any{"k": elem}
					want = `attribute "` + attr + `[\"k\"].` + inner + `": want ` + it.want() + `, got ` + got
				}
				cases = append(cases, typeCase{key, map[string]any{attr: list}, want})
			}
		}
	}
	return cases
}

// TestWrongTypeIsInputError checks, for each attribute of the schema table,
// that a value of another type than the provider's (AWS provider schema
// 5.100.0, `terraform providers schema -json`) is an InputError naming
// the resource address and the attribute, not read as absent.
func TestWrongTypeIsInputError(t *testing.T) {
	cases := typeCases()
	if len(cases) < 300 {
		t.Fatalf("only %d cases: the schema table lost its attributes", len(cases))
	}
	for _, c := range cases {
		t.Run(c.key+"/"+c.want, func(t *testing.T) {
			_, err := Read("plan.json", plan(t, []rc{changeOf(c.key, c.after)}, nil, "", nil))
			var ie *source.InputError
			if !errors.As(err, &ie) {
				t.Fatalf("got %v, want an InputError", err)
			}
			want := testAddr(c.key) + ": " + c.want
			if !strings.HasSuffix(err.Error(), want) || ie.Path != testAddr(c.key) {
				t.Errorf("got %q, want it to end in %q", err, want)
			}
		})
	}
}

// TestWrongTypeInPriorState checks the same for a resource that exists:
// its values come from prior_state.
func TestWrongTypeInPriorState(t *testing.T) {
	for _, c := range typeCases()[:40] {
		t.Run(c.key+"/"+c.want, func(t *testing.T) {
			prior := changeOf(c.key, c.after)
			_, err := Read("plan.json", plan(t, nil, []rc{prior}, "", nil))
			want := testAddr(c.key) + ": " + c.want
			if err == nil || !strings.HasSuffix(err.Error(), want) {
				t.Errorf("got %v, want it to end in %q", err, want)
			}
		})
	}
}

// TestWrongTypes holds the cases of the issue "Wrong types in Terraform
// plans pass" and what stays as before: a value unknown after apply, null
// or sensitive is not checked (Terraform CLI docs "JSON Output Format":
// after holds null for a value known only after apply, after_unknown
// says so).
func TestWrongTypes(t *testing.T) {
	subnet := func(after map[string]any) []byte {
		return plan(t, []rc{{addr: "aws_subnet.a", after: after}}, nil, "", nil)
	}
	withValues := func(section string, values any) []byte {
		res := map[string]any{"address": "aws_subnet.a", "mode": "managed", "type": "aws_subnet", "name": "a", "values": values}
		root := map[string]any{"root_module": map[string]any{"resources": []any{res}}}
		p := map[string]any{"format_version": "1.2", "resource_changes": []any{}, "planned_values": map[string]any{}}
		if section == "prior_state" {
			p["prior_state"] = map[string]any{"values": root}
		} else {
			p["planned_values"] = root
		}
		b, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	rawAfter := func(after string) []byte {
		return []byte(`{"format_version":"1.2","resource_changes":[{"address":"aws_subnet.a","mode":"managed","type":"aws_subnet","name":"a","change":{"actions":["create"],"after":` + after + `}}]}`)
	}
	cases := []struct {
		name string
		plan []byte
		want string // "" when the plan loads
	}{
		{"cidr_block a number", subnet(map[string]any{"cidr_block": 12345}), `aws_subnet.a: attribute "cidr_block": want string, got number`},
		{"after a string", rawAfter(`"nope"`), `aws_subnet.a: change.after: want object, got string`},
		{"after a list", rawAfter(`[{"cidr_block":"10.0.0.0/24"}]`), `aws_subnet.a: change.after: want object, got list`},
		{"after null", rawAfter(`null`), ""},
		{"network_configuration a string", plan(t, []rc{{addr: "aws_ecs_service.s", after: map[string]any{"network_configuration": "nope"}}}, nil, "", nil),
			`aws_ecs_service.s: attribute "network_configuration": want list of objects, got string`},
		{"subnets a string", plan(t, []rc{{addr: "aws_ecs_service.s", after: map[string]any{"network_configuration": []any{map[string]any{"subnets": "subnet-1"}}}}}, nil, "", nil),
			`aws_ecs_service.s: attribute "network_configuration[0].subnets": want list of strings, got string`},
		{"a subnet id a number", plan(t, []rc{{addr: "aws_ecs_service.s", after: map[string]any{"network_configuration": []any{map[string]any{"subnets": []any{"subnet-1", 7}}}}}}, nil, "", nil),
			`aws_ecs_service.s: attribute "network_configuration[0].subnets[1]": want string, got number`},
		{"assign_public_ip a string", plan(t, []rc{{addr: "aws_ecs_service.s", after: map[string]any{"network_configuration": []any{map[string]any{"assign_public_ip": "true"}}}}}, nil, "", nil),
			`aws_ecs_service.s: attribute "network_configuration[0].assign_public_ip": want bool, got string`},
		{"from_port a string", plan(t, []rc{{addr: "aws_security_group_rule.r", after: map[string]any{"from_port": "443"}}}, nil, "", nil),
			`aws_security_group_rule.r: attribute "from_port": want number, got string`},
		// The provider types a launch template interface's
		// associate_public_ip_address as a string ("true", "false").
		{"launch template associate_public_ip_address a string", plan(t, []rc{{addr: "aws_launch_template.t", after: map[string]any{"network_interfaces": []any{map[string]any{"associate_public_ip_address": "true"}}}}}, nil, "", nil), ""},
		{"launch template associate_public_ip_address a bool", plan(t, []rc{{addr: "aws_launch_template.t", after: map[string]any{"network_interfaces": []any{map[string]any{"associate_public_ip_address": true}}}}}, nil, "", nil),
			`aws_launch_template.t: attribute "network_interfaces[0].associate_public_ip_address": want string, got bool`},
		{"data source", plan(t, []rc{{addr: "data.aws_vpc.v", actions: []string{"read"}, after: map[string]any{"enable_dns_support": "yes"}}}, nil, "", nil),
			`data.aws_vpc.v: attribute "enable_dns_support": want bool, got string`},
		{"in a module", plan(t, []rc{{addr: "module.net.aws_subnet.a[0]", after: map[string]any{"vpc_id": []any{"vpc-1"}}}}, nil, "", nil),
			`module.net.aws_subnet.a[0]: attribute "vpc_id": want string, got list`},
		{"prior_state values a string", withValues("prior_state", "nope"), `aws_subnet.a: values: want object, got string`},
		{"planned_values values a number", withValues("planned_values", 3), `aws_subnet.a: values: want object, got number`},
		{"planned_values cidr_block a bool", withValues("planned_values", map[string]any{"cidr_block": true}), `aws_subnet.a: attribute "cidr_block": want string, got bool`},
		{"deleted, before null", plan(t, []rc{{addr: "aws_iam_role_policy_attachment.a", actions: []string{"delete"}, before: nil}}, nil, "", nil), ""},
		{"deleted, before a string", []byte(strings.Replace(string(rawAfter(`null`)), `"actions":["create"],"after":null`, `"actions":["delete"],"before":"nope","after":null`, 1)),
			`aws_subnet.a: change.before: want object, got string`},
		{"values in a child module a list", []byte(`{"format_version":"1.2","planned_values":{"root_module":{"resources":[{"address":"aws_vpc.v","values":{}}],"child_modules":[{"resources":[{"address":"module.m.aws_subnet.a","values":["x"]}]}]}}}`),
			`module.m.aws_subnet.a: values: want object, got list`},
		{"values without an address", []byte(`{"format_version":"1.2","planned_values":{"root_module":{"resources":[{"values":true}]}}}`),
			`a resource without an address: values: want object, got bool`},
		{"deleted, before role a number", plan(t, []rc{{addr: "aws_iam_role_policy_attachment.a", actions: []string{"delete"}, before: map[string]any{"role": 5}}}, nil, "", nil),
			`aws_iam_role_policy_attachment.a: attribute "role": want string, got number`},
		{"unknown after apply", plan(t, []rc{{addr: "aws_subnet.a", after: map[string]any{"cidr_block": 12345}, unknown: []string{"cidr_block"}}}, nil, "", nil), ""},
		{"unknown element", plan(t, []rc{{addr: "aws_ecs_service.s", after: map[string]any{"network_configuration": []any{map[string]any{"subnets": 5}}},
			au: map[string]any{"network_configuration": []any{map[string]any{"subnets": true}}}}}, nil, "", nil), ""},
		{"after_unknown mark a string", plan(t, []rc{{addr: "aws_subnet.a", after: map[string]any{}, au: map[string]any{"cidr_block": "yes"}}}, nil, "", nil),
			`aws_subnet.a: after_unknown of attribute "cidr_block": want true, a list or an object, got string`},
		{"after_unknown a string", []byte(strings.Replace(string(rawAfter(`{}`)), `"after":{}`, `"after":{},"after_unknown":"yes"`, 1)),
			`aws_subnet.a: change.after_unknown: want object, got string`},
		{"after_unknown true", []byte(strings.Replace(string(rawAfter(`{"cidr_block":5}`)), `"after":{"cidr_block":5}`, `"after":{"cidr_block":5},"after_unknown":true`, 1)), ""},
		{"null", subnet(map[string]any{"cidr_block": nil, "map_public_ip_on_launch": nil}), ""},
		{"an attribute the reader does not use", subnet(map[string]any{"tags_all": 5, "owner_id": true}), ""},
		{"a type the reader does not read", plan(t, []rc{{addr: "aws_lb.l", after: map[string]any{"name": 5}}}, nil, "", nil), ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Read("plan.json", c.plan)
			if c.want == "" {
				if err != nil {
					t.Fatalf("got %v, want the plan to load", err)
				}
				return
			}
			var ie *source.InputError
			if !errors.As(err, &ie) || !strings.HasSuffix(err.Error(), c.want) {
				t.Errorf("got %v, want an InputError ending in %q", err, c.want)
			}
		})
	}
}

// TestSensitiveWrongTypeNotEchoed checks that a sensitive value of the
// wrong type is not checked, so never reaches an error.
func TestSensitiveWrongTypeNotEchoed(t *testing.T) {
	p := plan(t, []rc{{addr: "aws_iam_role_policy.p", after: map[string]any{"policy": 12345, "name": "p"}}}, nil, "", nil)
	p = []byte(strings.Replace(string(p), `"after_sensitive":{}`, `"after_sensitive":{"policy":true}`, 1))
	if _, err := Read("plan.json", p); err != nil {
		t.Fatalf("got %v, want the plan to load", err)
	}
}

// TestSensitiveReadWrongType checks the two sensitive values the reader
// does read (plan.go rawFacts): a task definition's container_definitions
// and the shape of a secret version's value. A wrong type is an input
// error naming the attribute, without the value.
func TestSensitiveReadWrongType(t *testing.T) {
	cases := []struct {
		name  string
		addr  string
		after map[string]any
		want  string
	}{
		{"container_definitions a list", "aws_ecs_task_definition.t", map[string]any{"family": "t", "container_definitions": []any{map[string]any{"name": "s3cr3t"}}},
			`aws_ecs_task_definition.t: attribute "container_definitions": want string, got list`},
		{"secret_string a number", "aws_secretsmanager_secret_version.v", map[string]any{"secret_string": 31337},
			`aws_secretsmanager_secret_version.v: attribute "secret_string": want string, got number`},
		{"secret_binary an object", "aws_secretsmanager_secret_version.v", map[string]any{"secret_binary": map[string]any{"k": "s3cr3t"}},
			`aws_secretsmanager_secret_version.v: attribute "secret_binary": want string, got object`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			marks := map[string]any{}
			for k := range c.after {
				marks[k] = true
			}
			b, err := json.Marshal(marks)
			if err != nil {
				t.Fatal(err)
			}
			p := plan(t, []rc{{addr: c.addr, after: c.after}}, nil, "", nil)
			p = []byte(strings.Replace(string(p), `"after_sensitive":{}`, `"after_sensitive":`+string(b), 1))
			_, err = Read("plan.json", p)
			if err == nil || !strings.HasSuffix(err.Error(), c.want) || strings.Contains(err.Error(), "s3cr3t") || strings.Contains(err.Error(), "31337") {
				t.Errorf("got %v, want an error ending in %q without the value", err, c.want)
			}
		})
	}
}

// TestSchemaTable checks entries of the table against the types the
// provider states (AWS provider schema 5.100.0, `terraform providers
// schema -json`; provider docs "aws_launch_template": the interface's
// associate_public_ip_address is a string).
func TestSchemaTable(t *testing.T) {
	tt := schemas()
	at := func(key string, path ...string) string {
		ty := tt.types[key]
		for _, p := range path {
			if ty == nil {
				return "absent"
			}
			if ty.coll != "" && ty.elem != nil && ty.elem.attrs != nil {
				ty = ty.elem
			}
			ty = ty.attrs[p]
		}
		if ty == nil {
			return "absent"
		}
		return ty.want()
	}
	cases := []struct {
		name string
		got  string
		want string
	}{
		{"aws_subnet cidr_block", at("aws_subnet", "cidr_block"), "string"},
		{"aws_subnet map_public_ip_on_launch", at("aws_subnet", "map_public_ip_on_launch"), "bool"},
		{"aws_ecs_service network_configuration", at("aws_ecs_service", "network_configuration"), "list of objects"},
		{"aws_ecs_service network_configuration subnets (a set)", at("aws_ecs_service", "network_configuration", "subnets"), "list of strings"},
		{"aws_security_group_rule from_port", at("aws_security_group_rule", "from_port"), "number"},
		{"aws_route_table route (an attribute, set of objects)", at("aws_route_table", "route"), "list of objects"},
		{"aws_launch_template network_interfaces associate_public_ip_address", at("aws_launch_template", "network_interfaces", "associate_public_ip_address"), "string"},
		{"data.aws_route_table associations main", at("data.aws_route_table", "associations", "main"), "bool"},
		{"data.aws_region name", at("data.aws_region", "name"), "string"},
		{"aws_ecs_task_definition container_definitions", at("aws_ecs_task_definition", "container_definitions"), "string"},
		{"aws_subnet tags_all, not used", at("aws_subnet", "tags_all"), "absent"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.got != c.want {
				t.Errorf("got %s, want %s", c.got, c.want)
			}
		})
	}
}

var indexRE = regexp.MustCompile(`\[[0-9]+\]`)

// notInTable are reads TestSchemaCoversReads accepts outside the table.
var notInTable = map[string]bool{
	// The reader reads one list of route targets (ec2.go) for both route
	// table types; in provider 5.100.0 the route object of
	// aws_route_table has no instance_id and that of
	// aws_default_route_table no carrier_gateway_id or local_gateway_id.
	"aws_route_table route[].instance_id":                true,
	"aws_default_route_table route[].carrier_gateway_id": true,
	"aws_default_route_table route[].local_gateway_id":   true,
	// Read only as the target of a configuration reference (a route's
	// network_interface_id = aws_instance.x.primary_network_interface_id);
	// any attribute can be named that way, and such reads take strings
	// only (refs.go strings1).
	"aws_instance primary_network_interface_id": true,
}

// TestSchemaCoversReads reads every plan fixture with a hook on the
// reader's value reads and checks that each attribute it reads of a type
// in the table, and that the type has (schema "names"), is in the table:
// otherwise a wrong type in it would go unchecked.
func TestSchemaCoversReads(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "scenarios", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	real, err := filepath.Glob(filepath.Join("testdata", "real", "*", "plan.json"))
	if err != nil {
		t.Fatal(err)
	}
	files = append(files, real...)
	tt := schemas()
	var mu sync.Mutex
	missing := map[string]bool{}
	reads := 0
	readHook = func(in *inst, path string) {
		key := schemaKey(in.data, in.typ)
		ty := tt.types[key]
		// "route[0].cidr_block" walks as route, [], cidr_block.
		steps := strings.Split(indexRE.ReplaceAllString(path, ".[]"), ".")
		if ty == nil || !slices.Contains(tt.names[key], steps[0]) {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		reads++
		for _, p := range steps {
			switch {
			case ty == nil:
			case ty.coll != "":
				ty = ty.elem
			case ty.attrs != nil && p != "[]":
				ty = ty.attrs[p]
			}
		}
		if k := key + " " + strings.ReplaceAll(indexRE.ReplaceAllString(path, "[]"), ".[]", "[]"); ty == nil && !notInTable[k] {
			missing[k] = true
		}
	}
	t.Cleanup(func() { readHook = nil })
	for _, f := range files {
		if filepath.Base(f) == "index.json" {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Read(f, data); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
	}
	if reads < 500 {
		t.Errorf("only %d reads seen: the hook is not called", reads)
	}
	if len(missing) > 0 {
		t.Errorf("attributes read but not in schema/aws.json (run schema/gen.py): %v", slices.Sorted(maps.Keys(missing)))
	}
}

// FuzzWrongTypes mutates the type of one attribute (or of a nested block's
// attribute, or of a whole after) of a real plan (testdata/real) and
// checks that Read never panics and either loads it or returns an
// InputError.
func FuzzWrongTypes(f *testing.F) {
	data, err := os.ReadFile(filepath.Join("testdata", "real", "region-from-az", "plan.json"))
	if err != nil {
		f.Fatal(err)
	}
	var probe struct {
		Changes []json.RawMessage `json:"resource_changes"`
	}
	if err := json.Unmarshal(data, &probe); err != nil {
		f.Fatal(err)
	}
	for i := range probe.Changes {
		f.Add(uint16(i), uint16(i), uint8(i), i%2 == 0)
	}
	values := []any{12345.0, "nope", true, nil, []any{}, []any{1.0}, []any{"x"}, map[string]any{}, map[string]any{"a": 1.0}, []any{map[string]any{"a": true}}}
	f.Fuzz(func(t *testing.T, ri, ai uint16, vi uint8, nested bool) {
		var doc map[string]any
		if err := json.Unmarshal(data, &doc); err != nil {
			t.Fatal(err)
		}
		rcs, _ := doc["resource_changes"].([]any)
		rc, _ := rcs[int(ri)%len(rcs)].(map[string]any)
		change, _ := rc["change"].(map[string]any)
		after, _ := change["after"].(map[string]any)
		v := values[int(vi)%len(values)]
		switch {
		case vi == 255:
			change["after"] = "nope"
		case vi == 254:
			change["after_unknown"] = v
		case len(after) > 0:
			keys := slices.Sorted(maps.Keys(after))
			k := keys[int(ai)%len(keys)]
			if l, ok := after[k].([]any); nested && ok && len(l) > 0 {
				if m, ok := l[0].(map[string]any); ok && len(m) > 0 {
					inner := slices.Sorted(maps.Keys(m))
					m[inner[int(vi/16)%len(inner)]] = v
					break
				}
			}
			after[k] = v
		}
		b, err := json.Marshal(doc)
		if err != nil {
			t.Fatal(err)
		}
		_, err = Read("plan.json", b)
		var ie *source.InputError
		if err != nil && !errors.As(err, &ie) {
			t.Fatalf("got %T %v, want nil or an InputError", err, err)
		}
	})
}

// TestCheckValue checks the type walk on the schema notation of
// `terraform providers schema -json` (Terraform CLI docs "providers schema
// command": attribute types as ["map", T], ["set", T], ["object", {...}],
// "dynamic"), including shapes the table does not hold today.
func TestCheckValue(t *testing.T) {
	ty := func(js string) *tfType {
		var v any
		if err := json.Unmarshal([]byte(js), &v); err != nil {
			t.Fatal(err)
		}
		return attrType(v)
	}
	cases := []struct {
		name  string
		typ   string
		value string
		unk   string
		want  string // "" when the value fits
	}{
		{"map of strings", `["map","string"]`, `{"a":"x","b":"y"}`, `null`, ""},
		{"map element a number", `["map","string"]`, `{"a":"x","b":2}`, `null`, `["b"]: want string, got number`},
		{"map a list", `["map","string"]`, `["x"]`, `null`, `: want map, got list`},
		{"map element unknown", `["map","string"]`, `{"b":2}`, `{"b":true}`, ""},
		{"set of numbers", `["set","number"]`, `[1,"2"]`, `null`, `[1]: want number, got string`},
		{"object", `["object",{"a":"bool"}]`, `{"a":"no"}`, `null`, `a: want bool, got string`},
		{"object a string", `["object",{"a":"bool"}]`, `"x"`, `null`, `: want object, got string`},
		{"dynamic", `"dynamic"`, `{"a":[1]}`, `null`, ""},
		{"tuple", `["tuple",["string"]]`, `[1]`, `null`, ""},
		{"a mark of the wrong type", `"string"`, `null`, `"yes"`, `: want true, a list or an object, got string`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var v, unk any
			if err := json.Unmarshal([]byte(c.value), &v); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal([]byte(c.unk), &unk); err != nil {
				t.Fatal(err)
			}
			e := checkValue(v, unk, ty(c.typ))
			got := ""
			if e != nil {
				got = attrPath(e.path) + ": want " + e.want + ", got " + e.got
			}
			if got != c.want {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}

// TestBlockType checks the nesting modes of nested blocks (Terraform CLI
// docs "providers schema command": list and set blocks are arrays of
// objects, single and group blocks objects, map blocks objects of objects).
func TestBlockType(t *testing.T) {
	var b schemaBlock
	js := `{"block_types":{"l":{"nesting_mode":"list","block":{}},"s":{"nesting_mode":"set","block":{}},"one":{"nesting_mode":"single","block":{"attributes":{"a":"string"}}},"m":{"nesting_mode":"map","block":{}}}}`
	if err := json.Unmarshal([]byte(js), &b); err != nil {
		t.Fatal(err)
	}
	bt := blockType(b)
	for name, want := range map[string]string{"l": "list of objects", "s": "list of objects", "one": "object", "m": "map"} {
		if got := bt.attrs[name].want(); got != want {
			t.Errorf("%s: got %s, want %s", name, got, want)
		}
	}
	if e := checkValue(map[string]any{"one": map[string]any{"a": 1.0}}, nil, bt); e == nil || attrPath(e.path) != "one.a" {
		t.Errorf("single block: got %+v, want one.a wrong", e)
	}
}
