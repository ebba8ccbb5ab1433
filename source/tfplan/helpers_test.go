package tfplan

import (
	"encoding/json"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/world"
)

// rc is one resource change of a test plan. Its address says the module,
// mode, type, name and key.
type rc struct {
	addr    string
	after   map[string]any
	unknown []string // top-level attributes unknown after apply
	actions []string // default ["create"]
	before  map[string]any
	au      map[string]any // after_unknown entries beyond unknown
}

// plan builds `terraform show -json` output from resource changes, data
// sources in the prior state, and a configuration given as JSON text.
func plan(t *testing.T, changes []rc, prior []rc, config string, vars map[string]any) []byte {
	t.Helper()
	var rcs []map[string]any
	for _, c := range changes {
		mod, mode, typ, name, idx := splitTestAddr(c.addr)
		acts := c.actions
		if acts == nil {
			acts = []string{"create"}
		}
		au := map[string]any{}
		for _, u := range c.unknown {
			au[u] = true
		}
		for k, v := range c.au {
			au[k] = v
		}
		m := map[string]any{"address": c.addr, "mode": mode, "type": typ, "name": name,
			"provider_name": "registry.terraform.io/hashicorp/aws",
			"change": map[string]any{"actions": acts, "before": c.before, "after": c.after, "after_unknown": au,
				"before_sensitive": false, "after_sensitive": map[string]any{}}}
		if mod != "" {
			m["module_address"] = mod
		}
		if idx != nil {
			m["index"] = idx
		}
		rcs = append(rcs, m)
	}
	var priorRes []map[string]any
	for _, c := range prior {
		_, mode, typ, name, idx := splitTestAddr(c.addr)
		m := map[string]any{"address": c.addr, "mode": mode, "type": typ, "name": name, "values": c.after,
			"provider_name": "registry.terraform.io/hashicorp/aws", "sensitive_values": map[string]any{}}
		if idx != nil {
			m["index"] = idx
		}
		priorRes = append(priorRes, m)
	}
	pv := map[string]any{}
	for k, v := range vars {
		pv[k] = map[string]any{"value": v}
	}
	var cfg any = map[string]any{}
	if config != "" {
		if err := json.Unmarshal([]byte(config), &cfg); err != nil {
			t.Fatalf("test configuration: %v", err)
		}
	}
	p := map[string]any{
		"format_version": "1.2", "terraform_version": "1.9.8", "variables": pv,
		"planned_values":   map[string]any{"root_module": map[string]any{}},
		"resource_changes": rcs,
		"prior_state":      map[string]any{"format_version": "1.0", "values": map[string]any{"root_module": map[string]any{"resources": priorRes}}},
		"configuration":    cfg,
	}
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func splitTestAddr(addr string) (mod, mode, typ, name string, idx any) {
	a, ok := parseAddress(addr)
	if !ok {
		panic("test address " + addr)
	}
	mode = "managed"
	if a.data {
		mode = "data"
	}
	return moduleAddr(a.modules, true), mode, a.typ, a.name, a.key
}

func read(t *testing.T, data []byte, opts ...Option) *world.World {
	t.Helper()
	w, err := Read("plan.json", data, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// acct and region data sources most tests share.
var placed = []rc{
	{addr: "data.aws_caller_identity.current", after: map[string]any{"account_id": "111122223333"}},
	{addr: "data.aws_region.current", after: map[string]any{"name": "eu-west-1"}},
}
