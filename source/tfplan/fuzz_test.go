package tfplan_test

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/source"
	"github.com/ecs-preflight/ecs-preflight/source/tfplan"
)

// smallPlan is a plan of a few resources whose links are references, with
// a sensitive variable, policy (from a sensitive variable), SSM parameter
// value and secret string.
var smallPlan = []byte(`{"format_version":"1.2","variables":{"ids":{"value":["subnet-1"]},"token":{"value":"s3cr3t-variable-value"}},"resource_changes":[` +
	`{"address":"aws_vpc.v","type":"aws_vpc","name":"v","change":{"actions":["create"],"after":{"cidr_block":"10.0.0.0/16"},"after_unknown":{"id":true}}},` +
	`{"address":"aws_subnet.s[0]","type":"aws_subnet","name":"s","index":0,"change":{"actions":["create"],"after":{},"after_unknown":{"id":true,"vpc_id":true}}},` +
	`{"address":"aws_ecs_task_definition.t","type":"aws_ecs_task_definition","name":"t","change":{"actions":["create"],"after":{"family":"t","container_definitions":"[{\"name\":\"a\",\"image\":\"x\"}]"},"after_unknown":{"arn":true}}},` +
	`{"address":"aws_ecs_service.s","type":"aws_ecs_service","name":"s","change":{"actions":["create"],"after":{"network_configuration":[{"assign_public_ip":false}]},"after_unknown":{"network_configuration":[{"subnets":true}]}}},` +
	`{"address":"aws_iam_policy.p","type":"aws_iam_policy","name":"p","change":{"actions":["create"],"after":{"name":"p","policy":"{\"Id\":\"s3cr3t-policy-id\",\"Statement\":[]}"},"after_sensitive":{"policy":true}}},` +
	`{"address":"aws_ssm_parameter.p","type":"aws_ssm_parameter","name":"p","change":{"actions":["create"],"after":{"name":"/p","type":"SecureString","value":"s3cr3t-parameter-value"},"after_sensitive":{"value":true}}},` +
	`{"address":"aws_secretsmanager_secret_version.v","type":"aws_secretsmanager_secret_version","name":"v","change":{"actions":["create"],"after":{"secret_string":"{\"k\":\"s3cr3t-secret-value\"}"},"after_sensitive":{"secret_string":true}}}],` +
	`"configuration":{"provider_config":{"aws":{"name":"aws","expressions":{"region":{"references":["var.r"]}}}},"root_module":{"variables":{"token":{"sensitive":true}},"resources":[` +
	`{"address":"aws_subnet.s","type":"aws_subnet","name":"s","expressions":{"vpc_id":{"references":["aws_vpc.v.id","aws_vpc.v"]}}},` +
	`{"address":"aws_ecs_service.s","type":"aws_ecs_service","name":"s","expressions":{"network_configuration":[{"subnets":{"references":["var.ids","aws_subnet.s","count.index"]}}]}}]}}}`)

// TestSensitiveStrings checks that the fuzz invariant has something to
// check: the sensitive values of smallPlan are found.
func TestSensitiveStrings(t *testing.T) {
	got := sensitiveStrings(smallPlan)
	for _, want := range []string{"s3cr3t-variable-value", "s3cr3t-parameter-value", `{"k":"s3cr3t-secret-value"}`, `{"Id":"s3cr3t-policy-id","Statement":[]}`} {
		if !slices.Contains(got, want) {
			t.Errorf("sensitiveStrings = %q, want %q among them", got, want)
		}
	}
}

// FuzzRead reads any input as a plan and checks what Read promises: an
// error is a *source.InputError naming the file; a value the plan marks
// sensitive never reaches the world nor an error; the same bytes give the same world.
func FuzzRead(f *testing.F) {
	// The plan fixtures (index.json describes them and is not a plan).
	files, err := filepath.Glob(filepath.Join("testdata", "scenarios", "*.json"))
	if err != nil {
		f.Fatal(err)
	}
	// The real plans Terraform made (testdata/real/README.md).
	real, err := filepath.Glob(filepath.Join("testdata", "real", "*", "plan.json"))
	if err != nil {
		f.Fatal(err)
	}
	files = append(files, real...)
	seeded := 0
	for _, file := range files {
		if filepath.Base(file) == "index.json" {
			continue
		}
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
		seeded++
	}
	if seeded == 0 {
		f.Fatal("no plan fixture in testdata/scenarios")
	}
	f.Add(smallPlan)
	f.Add([]byte(`{"format_version":"1.2","resource_changes":[{"address":"module.a[\"x\"].aws_subnet.s[0]","module_address":"module.a[\"x\"]","type":"aws_subnet","name":"s","index":0,"change":{"actions":["create"],"after":{},"after_unknown":{"vpc_id":true}}}],"configuration":{"root_module":{"module_calls":{"a":{"module":{"resources":[{"address":"aws_subnet.s","type":"aws_subnet","name":"s","expressions":{"vpc_id":{"references":["module.a.x","var.v","local.l","aws_vpc.v[\"k\"].id"]}}}]}}}}}}`))
	f.Add([]byte(`{"format_version":"0.1","planned_values":{}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		w, err := tfplan.Read("fuzz.json", data)
		if err != nil {
			var ie *source.InputError
			if !errors.As(err, &ie) || ie.File != "fuzz.json" {
				t.Fatalf("error %v is not an InputError for the file", err)
			}
			for _, s := range sensitiveStrings(data) {
				if strings.Contains(err.Error(), s) {
					t.Fatalf("sensitive value %q is in the error: %v", s, err)
				}
			}
			return
		}
		if w == nil {
			t.Fatal("nil world without an error")
		}
		if secrets := sensitiveStrings(data); len(secrets) > 0 {
			var b strings.Builder
			dump(&b, reflect.ValueOf(w), 0)
			all := b.String()
			for _, s := range secrets {
				if strings.Contains(all, s) {
					t.Fatalf("sensitive value %q is in the world", s)
				}
			}
		}
		again, err := tfplan.Read("fuzz.json", data)
		if err != nil || !reflect.DeepEqual(w, again) {
			t.Fatalf("the same plan read twice gives another world (error %v)", err)
		}
	})
}

// sensitiveStrings returns the strings a plan marks sensitive (Terraform
// CLI docs "JSON Output Format": after_sensitive and before_sensitive of a
// change, sensitive_values of a resource in planned_values and
// prior_state, the value of a variable the root module declares sensitive)
// that nothing else in the plan holds. Short strings are left out: they
// could be built from other text.
func sensitiveStrings(data []byte) []string {
	var doc map[string]any
	if json.Unmarshal(data, &doc) != nil {
		return nil
	}
	var secret []string
	// take removes from v what mark marks sensitive, collecting the
	// strings, and returns what is left.
	var take func(v, mark any, depth int) any
	take = func(v, mark any, depth int) any {
		if b, ok := mark.(bool); ok && b {
			leaves(v, func(s string) { secret = append(secret, s) }, 0)
			return nil
		}
		if depth > 64 {
			return v
		}
		switch x := v.(type) {
		case map[string]any:
			m, _ := mark.(map[string]any)
			for k, e := range x {
				x[k] = take(e, m[k], depth+1)
			}
		case []any:
			l, _ := mark.([]any)
			for i, e := range x {
				var mk any
				if i < len(l) {
					mk = l[i]
				}
				x[i] = take(e, mk, depth+1)
			}
		}
		return v
	}
	for _, rc := range list(doc["resource_changes"]) {
		ch := obj(obj(rc)["change"])
		if ch == nil {
			continue
		}
		ch["after"] = take(ch["after"], ch["after_sensitive"], 0)
		ch["before"] = take(ch["before"], ch["before_sensitive"], 0)
	}
	var walk func(m map[string]any, depth int)
	walk = func(m map[string]any, depth int) {
		if m == nil || depth > 64 {
			return
		}
		for _, r := range list(m["resources"]) {
			if r := obj(r); r != nil {
				var mark any
				if sv, ok := r["sensitive_values"]; ok {
					mark = sv
				}
				r["values"] = take(r["values"], mark, 0)
			}
		}
		for _, c := range list(m["child_modules"]) {
			walk(obj(c), depth+1)
		}
	}
	walk(obj(obj(obj(doc["prior_state"])["values"])["root_module"]), 0)
	walk(obj(obj(doc["planned_values"])["root_module"]), 0)
	vars := obj(obj(obj(doc["configuration"])["root_module"])["variables"])
	for name, v := range obj(doc["variables"]) {
		if s, _ := obj(vars[name])["sensitive"].(bool); s {
			if v := obj(v); v != nil {
				v["value"] = take(v["value"], true, 0)
			}
		}
	}
	var public strings.Builder
	leaves(doc, func(s string) { public.WriteString(s + "\n") }, 0)
	var out []string
	for _, s := range secret {
		if len(s) >= 8 && !strings.Contains(public.String(), s) {
			out = append(out, s)
		}
	}
	return out
}

// leaves calls f with every string in v, map keys included.
func leaves(v any, f func(string), depth int) {
	if depth > 64 {
		return
	}
	switch x := v.(type) {
	case string:
		f(x)
	case map[string]any:
		for k, e := range x {
			f(k)
			leaves(e, f, depth+1)
		}
	case []any:
		for _, e := range x {
			leaves(e, f, depth+1)
		}
	}
}

func obj(v any) map[string]any { m, _ := v.(map[string]any); return m }
func list(v any) []any         { l, _ := v.([]any); return l }
