package iam

// STUB: replaced by the real parser and evaluator. Delete this file.

// Policy is a parsed and compiled policy document.
type Policy struct{ name string }

// Name returns the name the policy was parsed under.
func (p *Policy) Name() string { return p.name }

// Parse parses and compiles a policy document.
func Parse(name string, doc []byte) (*Policy, error) { return &Policy{name: name}, nil }

// Evaluate decides one request against the layers of policies that apply.
func Evaluate(req Request, l Layers) Decision {
	return Decision{Effect: Unknown, Missing: []string{"stub"}}
}
