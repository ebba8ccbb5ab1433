package policy

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
)

// stdDecode is the decoding decodeFast stands in for: encoding/json with
// UseNumber, one value and nothing after it.
func stdDecode(doc []byte) (any, bool) {
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, false
	}
	if _, err := dec.Token(); err == nil {
		return nil, false
	}
	return v, true
}

// decodeFast builds encoding/json's tree (RFC 8259 grammar; the last of
// duplicate names wins, as encoding/json decodes them) or gives up; it
// never accepts what encoding/json rejects.
func TestDecodeFast(t *testing.T) {
	for _, tc := range []struct {
		name, doc string
		fast      bool
	}{
		{"policy document", `{"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Allow","Action":["s3:GetObject"],"Resource":"*","Condition":{"NumericLessThan":{"s3:max-keys":10}}}]}`, true},
		{"numbers, literals, empty containers", " {\"a\":[-0.5e+3,0,12,1E2,true,false,null],\"b\":{},\"c\":[]}\n\t", true},
		{"duplicate names: the last wins", `{"a":1,"a":2}`, true},
		{"escape: encoding/json decodes it", `{"a":"x\"y"}`, false},
		{"non-ASCII: encoding/json decodes it", `{"a":"é"}`, false},
		{"leading zero", `{"a":01}`, false},
		{"bare minus", `{"a":-}`, false},
		{"fraction without digits", `{"a":1.}`, false},
		{"trailing comma", `{"a":1,}`, false},
		{"data after the document", `{"a":1} {}`, false},
		{"truncated", `{"a":[1,2`, false},
		{"misspelt literal", `{"a":tru}`, false},
		{"empty", ``, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := decodeFast([]byte(tc.doc))
			if ok != tc.fast {
				t.Fatalf("decodeFast ok = %v, want %v", ok, tc.fast)
			}
			if !ok {
				return
			}
			want, wok := stdDecode([]byte(tc.doc))
			if !wok || !reflect.DeepEqual(got, want) {
				t.Errorf("decodeFast = %#v, encoding/json = %#v (ok %v)", got, want, wok)
			}
		})
	}
}

// FuzzDecodeFast: whatever decodeFast accepts, encoding/json accepts and
// decodes to the same tree.
func FuzzDecodeFast(f *testing.F) {
	f.Add([]byte(`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":["a",1,-2.5e3,true,null,{}]}}`))
	f.Add([]byte(`{"a":{"a":1,"a":[]}}`))
	f.Add([]byte(`[0.0,-0,1e-9]`))
	f.Fuzz(func(t *testing.T, doc []byte) {
		got, ok := decodeFast(doc)
		if !ok {
			return
		}
		want, wok := stdDecode(doc)
		if !wok || !reflect.DeepEqual(got, want) {
			t.Fatalf("decodeFast(%q) = %#v, encoding/json = %#v (ok %v)", doc, got, want, wok)
		}
	})
}
