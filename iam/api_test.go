package iam

import "testing"

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
