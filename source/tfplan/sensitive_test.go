package tfplan_test

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/source/tfplan"
)

// dump writes every value reachable from v, following pointers, maps and
// unexported fields (world.Set keeps its items unexported), so a test can
// search the whole world for a string.
func dump(b *strings.Builder, v reflect.Value, depth int) {
	if depth > 40 || !v.IsValid() {
		return
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			dump(b, v.Elem(), depth+1)
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			dump(b, v.Field(i), depth+1)
		}
	case reflect.Map:
		iter := v.MapRange()
		for iter.Next() {
			dump(b, iter.Key(), depth+1)
			dump(b, iter.Value(), depth+1)
		}
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			dump(b, v.Index(i), depth+1)
		}
	case reflect.String:
		b.WriteString(v.String())
		b.WriteByte('\n')
	default:
		fmt.Fprintf(b, "%v\n", v)
	}
}

// TestNoSensitiveValues checks that no value the plan marks sensitive
// (secret_string, an SSM parameter's value, a sensitive variable) reaches
// the world, while the secret's key names do.
func TestNoSensitiveValues(t *testing.T) {
	var checked int
	for _, sc := range loadScenarios(t) {
		if len(sc.Secrets) == 0 {
			continue
		}
		path := filepath.Join("testdata", "scenarios", sc.File)
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		w, err := tfplan.Load(path)
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		dump(&b, reflect.ValueOf(w), 0)
		all := b.String()
		for _, s := range sc.Secrets {
			if !strings.Contains(string(raw), s) {
				t.Fatalf("%s: fixture does not hold %q; the test would prove nothing", sc.File, s)
			}
			if strings.Contains(all, s) {
				t.Errorf("%s: sensitive value %q is in the world", sc.File, s)
			}
			checked++
		}
		found := false
		for _, sec := range w.Secrets.All() {
			if sec.Value != nil && strings.Join(sec.Value.Keys, ",") == "password,username" {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: the secret's key names are not in the world", sc.File)
		}
	}
	if checked == 0 {
		t.Fatal("no scenario lists sensitive values")
	}
}
