package main

import (
	"testing"
)

func TestJSONPosition(t *testing.T) {
	doc := "{\n  \"a\": [1, {\"b c\": true}],\n  \"d\": {\"e\": null}\n}"
	cases := []struct {
		name      string
		path      string
		line, col int
		ok        bool
	}{
		{"root", "$", 1, 1, true},
		{"a key's value", "$.a", 2, 8, true},
		{"a list element", "$.a[0]", 2, 9, true},
		{"the second element", "$.a[1]", 2, 12, true},
		{"a quoted key", `$.a[1]["b c"]`, 2, 20, true},
		{"a null value", "$.d.e", 3, 14, true},
		{"missing key: its object", "$.d.x", 3, 8, true},
		{"missing element: its list", "$.a[7]", 2, 8, true},
		{"not a path", "a.b", 0, 0, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			line, col, ok := jsonPosition([]byte(doc), tc.path)
			if line != tc.line || col != tc.col || ok != tc.ok {
				t.Fatalf("jsonPosition(%q) = %d, %d, %v; want %d, %d, %v", tc.path, line, col, ok, tc.line, tc.col, tc.ok)
			}
		})
	}
	if _, _, ok := jsonPosition([]byte(`{"a": [1,`), "$.b"); ok {
		t.Fatal("truncated JSON without the path: ok")
	}
}

// jsonPosition never panics, and a position it gives is inside the data.
func FuzzJSONPosition(f *testing.F) {
	f.Add([]byte(`{"a": [1, {"b": 2}]}`), "$.a[1].b")
	f.Add([]byte(`[[[[[]]]]]`), "$[0][0][0]")
	f.Add([]byte(`{"x y": "z"}`), `$["x y"]`)
	f.Add([]byte("\ufeff{}"), "$.q")
	f.Fuzz(func(t *testing.T, data []byte, path string) {
		line, col, ok := jsonPosition(data, path)
		if ok && (line < 1 || col < 1) {
			t.Fatalf("position %d:%d", line, col)
		}
	})
}
