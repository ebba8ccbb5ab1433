package netpath

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
)

// The check JSON contract (report/json/schema, a copy of the contract
// schema) fixes the values of network.via and network.blockedBy; taskstart
// stores netpath's Via and BlockKind in those fields, so every value must be
// an exported constant here and no constant may fall outside the enum.
func TestContractEnums(t *testing.T) {
	schemas, err := filepath.Glob("../report/json/schema/*.json")
	if err != nil || len(schemas) == 0 {
		t.Fatalf("no contract schema in ../report/json/schema: %v", err)
	}
	network := map[string][]string{}
	for _, s := range schemas {
		b, err := os.ReadFile(s)
		if err != nil {
			t.Fatal(err)
		}
		var doc any
		if err := json.Unmarshal(b, &doc); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
		findNetworkEnums(doc, network)
	}
	consts := typedConstants(t, "api.go")
	for _, c := range []struct {
		field, typ string
		typed      []string // the constants, through their types
	}{
		{"via", "Via", strs(ViaIGW, ViaNAT, ViaVPCE, ViaNone, ViaUnknown)},
		{"blockedBy", "BlockKind", strs(BlockRoute, BlockPublicIP, BlockSecurityGroup, BlockNACL, BlockDNS, BlockEndpointPolicy, BlockRegion, BlockUnknown)},
	} {
		want := slices.Sorted(slices.Values(network[c.field]))
		if len(want) == 0 {
			t.Errorf("schema has no enum for network.%s", c.field)
			continue
		}
		got := slices.Sorted(slices.Values(consts[c.typ]))
		if !slices.Equal(got, want) {
			t.Errorf("exported %s constants in api.go = %q, contract network.%s enum = %q", c.typ, got, c.field, want)
		}
		if typed := slices.Sorted(slices.Values(c.typed)); !slices.Equal(typed, want) {
			t.Errorf("%s constants = %q, contract network.%s enum = %q", c.typ, typed, c.field, want)
		}
	}
}

func strs[T ~string](vs ...T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

// findNetworkEnums collects the enums of the "via" and "blockedBy"
// properties of a "network" object anywhere in a JSON schema.
func findNetworkEnums(v any, out map[string][]string) {
	switch x := v.(type) {
	case map[string]any:
		if net, ok := x["network"].(map[string]any); ok {
			if props, ok := net["properties"].(map[string]any); ok {
				for _, field := range []string{"via", "blockedBy"} {
					p, _ := props[field].(map[string]any)
					enum, _ := p["enum"].([]any)
					for _, e := range enum {
						if s, ok := e.(string); ok && !slices.Contains(out[field], s) {
							out[field] = append(out[field], s)
						}
					}
				}
			}
		}
		for _, y := range x {
			findNetworkEnums(y, out)
		}
	case []any:
		for _, y := range x {
			findNetworkEnums(y, out)
		}
	}
}

// typedConstants reads the exported string constants of a file by type
// name, so that a constant added to api.go without a contract value fails.
func typedConstants(t *testing.T, file string) map[string][]string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), file, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, spec := range g.Specs {
			vs := spec.(*ast.ValueSpec)
			typ, ok := vs.Type.(*ast.Ident)
			if !ok {
				continue
			}
			for i, name := range vs.Names {
				lit, ok := vs.Values[i].(*ast.BasicLit)
				if !ok || !name.IsExported() {
					continue
				}
				s, err := strconv.Unquote(lit.Value)
				if err != nil {
					t.Fatal(err)
				}
				out[typ.Name] = append(out[typ.Name], s)
			}
		}
	}
	return out
}
