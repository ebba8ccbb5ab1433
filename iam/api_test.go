package iam

import (
	"reflect"
	"testing"
)

// TestEffectContract pins the decision strings that taskstart's result
// JSON ("iam.decision") and docs/iam-simulation.md ("expect") use;
// consumers compare against the typed constants, so a change here is a
// change of the contract.
func TestEffectContract(t *testing.T) {
	for _, tt := range []struct {
		e    Effect
		want string
	}{
		{Allow, "allow"},
		{ImplicitDeny, "implicit-deny"},
		{ExplicitDeny, "explicit-deny"},
		{Unknown, "unknown"},
	} {
		if string(tt.e) != tt.want {
			t.Errorf("Effect %q, want %q", tt.e, tt.want)
		}
	}
}

// A renamed policy decides as the original and is cited under its new
// name; the original keeps its own.
func TestPolicyNamed(t *testing.T) {
	orig := MustParse("first", []byte(`{"Version":"2012-10-17","Statement":[{"Sid":"S","Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}`))
	renamed := orig.Named("second")
	req := Request{Principal: Principal{ARN: "arn:aws:iam::111122223333:role/r", AccountID: "111122223333"}, Action: "s3:GetObject", Resource: "arn:aws:s3:::b/k"}
	for _, tc := range []struct {
		p    *Policy
		want string
	}{{orig, "first"}, {renamed, "second"}} {
		dec := Evaluate(req, Layers{Identity: []*Policy{tc.p}})
		if tc.p.Name() != tc.want || dec.Effect != Allow || len(dec.Deciding) != 1 || dec.Deciding[0].Policy != tc.want || dec.Deciding[0].Statement != "S" {
			t.Errorf("policy %q: name %q, decision %+v; want allowed by %q statement S", tc.want, tc.p.Name(), dec, tc.want)
		}
	}
	if renamed.Version() != orig.Version() {
		t.Errorf("renamed Version %q, want %q", renamed.Version(), orig.Version())
	}
}

// EvaluateInto decides as Evaluate and writes Deciding into the buffer it
// is given, for an allow and for an explicit deny.
func TestEvaluateInto(t *testing.T) {
	allow := MustParse("allow", []byte(`{"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}`))
	deny := MustParse("deny", []byte(`{"Version":"2012-10-17","Statement":[{"Sid":"D","Effect":"Deny","Action":"s3:*","Resource":"*"}]}`))
	req := Request{Principal: Principal{ARN: "arn:aws:iam::111122223333:role/r", AccountID: "111122223333"}, Action: "s3:GetObject", Resource: "arn:aws:s3:::b/k"}
	for _, tc := range []struct {
		name   string
		layers Layers
		want   Effect
	}{
		{"allowed by an identity policy", Layers{Identity: []*Policy{allow}}, Allow},
		{"denied by an explicit deny", Layers{Identity: []*Policy{allow, deny}}, ExplicitDeny},
	} {
		t.Run(tc.name, func(t *testing.T) {
			buf := make([]Match, 0, 8)
			got, want := EvaluateInto(req, tc.layers, buf), Evaluate(req, tc.layers)
			if got.Effect != tc.want || !reflect.DeepEqual(got, want) {
				t.Fatalf("EvaluateInto = %+v, Evaluate = %+v; want both %s", got, want, tc.want)
			}
			if len(got.Deciding) == 0 || &got.Deciding[0] != &buf[:1][0] {
				t.Errorf("Deciding %+v is not in the buffer given", got.Deciding)
			}
		})
	}
}

// ReadsContext: only a Condition element and a policy variable in Resource
// or NotResource read the request context (IAM-UG "IAM JSON policy
// elements: Condition", "IAM policy elements: Variables and tags"; with
// Version 2008-10-17 "${...}" is literal text).
func TestPolicyReadsContext(t *testing.T) {
	for _, tc := range []struct {
		name, doc string
		want      bool
	}{
		{"no condition, literal resources", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":["*","arn:aws:s3:::b/*"]}]}`, false},
		{"a condition", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"},{"Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"StringNotEquals":{"aws:SourceVpc":"vpc-1"}}}]}`, true},
		{"a variable in Resource", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/${aws:SourceVpc}/*"}]}`, true},
		{"a variable in NotResource", `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:GetObject","NotResource":"arn:aws:s3:::${aws:userid}/*"}]}`, true},
		{"version 2008: ${...} is literal", `{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/${aws:SourceVpc}/*"}]}`, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := MustParse("p", []byte(tc.doc)).ReadsContext(); got != tc.want {
				t.Errorf("ReadsContext() = %v, want %v", got, tc.want)
			}
		})
	}
	if (*Policy)(nil).ReadsContext() {
		t.Error("a nil policy reads the context")
	}
}
