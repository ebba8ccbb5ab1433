package iam

import (
	"fmt"

	"github.com/ecs-preflight/ecs-preflight/iam/internal/policy"
)

// MaxPolicySize is the largest document Parse reads, in bytes. IAM itself
// stops far lower (6,144 characters for a managed policy); the cap only
// bounds what hostile input can cost.
const MaxPolicySize = policy.MaxSize

// Policy is a parsed and compiled policy document. It is immutable and safe
// for concurrent use.
type Policy struct {
	name string
	c    *policy.Policy
}

// Name returns the name the policy was parsed under.
func (p *Policy) Name() string { return p.name }

// Named returns the policy under another name, sharing the compiled
// document, which does not depend on the name: one document filed under
// many names (every role's copy of the same trust policy) is then parsed
// once.
func (p *Policy) Named(name string) *Policy { return &Policy{name: name, c: p.c} }

// ReadsContext reports whether an evaluation with p can depend on the
// request context: p has a Condition element, or a policy variable in a
// Resource or NotResource element. A policy that does not decides the same
// whatever Request.Context holds.
func (p *Policy) ReadsContext() bool { return p != nil && p.c != nil && p.c.ReadsContext() }

// Version returns the document's Version element, or "" when it has none
// (policy variables then stay literal text).
func (p *Policy) Version() string { return p.c.Version }

// Parse parses and compiles a policy document of any kind: identity-based,
// permissions boundary, SCP, RCP, resource-based (including trust policies)
// or VPC endpoint policy. name labels the policy in decisions and errors.
//
// Parse rejects what IAM would reject as malformed: an Effect other than
// "Allow" or "Deny" (case-sensitive), both Action and NotAction, an action
// without a service prefix, NotPrincipal with Allow, unknown elements.
// Condition operators it does not know are not errors: they make the
// statement's outcome Unknown at evaluation.
func Parse(name string, doc []byte) (*Policy, error) {
	c, err := policy.Parse(doc)
	if err != nil {
		// The name comes from the input (a role's inline policy name, a
		// simulation document): quote only its start.
		return nil, fmt.Errorf("policy %s: %w", policy.Quote(name), err)
	}
	return &Policy{name: name, c: c}, nil
}

// MustParse is Parse for documents known to be valid, such as the embedded
// AWS managed policies and test fixtures. It panics on error.
func MustParse(name string, doc []byte) *Policy {
	p, err := Parse(name, doc)
	if err != nil {
		panic(err)
	}
	return p
}
