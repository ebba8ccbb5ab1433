package policy

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/ecs-preflight/ecs-preflight/iam/internal/cond"
	"github.com/ecs-preflight/ecs-preflight/iam/internal/glob"
	"github.com/ecs-preflight/ecs-preflight/iam/internal/standin"
)

// Statement is one compiled statement.
type Statement struct {
	ID    string // Sid, or "Statement[N]"
	Allow bool

	NotAction bool
	actions   []string // lower-cased patterns

	hasResource bool
	NotResource bool
	resources   []cond.Template

	hasPrincipal bool
	NotPrincipal bool
	principals   principals

	Conditions cond.Block
}

type principals struct {
	any      bool     // "*" or {"AWS": "*"}
	accounts []string // 12-digit ids, from "ACCT" or "arn:...:iam::ACCT:root"
	arns     []string // role, user, assumed-role, federated-user ARNs
	services []string
	other    []string // Federated, CanonicalUser
	// standIns is true when a value holds a stand-in (package standin).
	standIns bool
}

// Principal is the caller, as the iam package's Principal.
type Principal struct {
	ARN, RoleARN, AccountID, Service string
}

// Request is what a statement is matched against.
type Request struct {
	Principal Principal
	Action    string
	Resource  string
}

// Outcome is whether a statement applies to a request.
type Outcome int8

// The outcomes of matching a statement.
const (
	NoMatch Outcome = iota
	Matched
	// Unknown: action, resource and principal match but a condition cannot
	// be evaluated.
	Unknown
)

// Grant says how a statement's Principal element named the caller. It
// matters for resource-based policies only.
type Grant int8

// The ways a principal can be named, weakest first.
const (
	// GrantNone: no Principal element (identity policies, SCPs).
	GrantNone Grant = iota
	// GrantAccount: the caller's account ("ACCT" or "arn:aws:iam::ACCT:root"):
	// the resource delegates to the account's IAM policies.
	GrantAccount
	// GrantRole: the IAM role behind the caller's session. Limited by the
	// role's permissions boundary and session policies (IAM-UG "Policy
	// evaluation logic").
	GrantRole
	// GrantAnyone: "*", {"AWS": "*"}, or a NotPrincipal that excludes the
	// caller. Not limited by a permissions boundary or session policies
	// (IAM-UG "AWS JSON policy elements: Principal"), so stronger than
	// GrantRole.
	GrantAnyone
	// GrantService: the calling AWS service.
	GrantService
	// GrantDirect: the caller's own ARN (the assumed-role session, or an
	// IAM user).
	GrantDirect
)

// Match reports whether the statement applies to r. withBoundary tells
// NotPrincipal that the caller has a permissions boundary (see below).
// problem explains an Unknown outcome.
//
// A request or policy value that holds a stand-in for an unresolved part
// (package standin) makes its element three-valued: an element that
// matches whatever the stand-in holds matches, one that matches for no
// value does not, and one that depends on it makes the statement Unknown
// unless another element rules the statement out.
func (s *Statement) Match(r *Request, ctx cond.Context, withBoundary bool) (o Outcome, g Grant, problem string) {
	if !s.matchAction(r.Action) {
		return NoMatch, GrantNone, ""
	}
	res, valid, problem := s.matchResource(r.Resource, ctx)
	if res == standin.No || !valid {
		return NoMatch, GrantNone, ""
	}
	if s.hasPrincipal {
		if s.NotPrincipal {
			// IAM-UG "NotPrincipal": a Deny with NotPrincipal "will always deny
			// any IAM principal that has a permissions boundary policy
			// attached, regardless of the values specified".
			if !(withBoundary && r.Principal.Service == "") {
				switch ex, why := s.principals.excludes(&r.Principal); {
				case ex:
					return NoMatch, GrantNone, ""
				case why != "":
					problem = cmp.Or(problem, why)
				}
			}
			g = GrantAnyone
		} else {
			sure, maybe, why := s.principals.grant3(&r.Principal)
			switch {
			case sure == GrantNone && maybe == GrantNone:
				return NoMatch, GrantNone, ""
			case maybe == GrantNone || !s.Allow && sure != GrantNone:
				// Named for certain; for a Deny the kind does not matter.
				g = sure
			default:
				// The caller may be named more strongly than for certain: an
				// Allow that depends on the stand-in.
				g, problem = maybe, cmp.Or(problem, why)
			}
		}
	}
	switch res, why := s.Conditions.Eval(ctx); res {
	case cond.False:
		return NoMatch, GrantNone, ""
	case cond.Unknown:
		return Unknown, g, cmp.Or(problem, why)
	}
	if problem != "" {
		return Unknown, g, problem
	}
	return Matched, g, ""
}

// excludes reports whether a NotPrincipal set exempts the caller from its
// Deny. IAM-UG "NotPrincipal": AWS "might validate the account first, then
// the role, and then the assumed-role user", so the exemption is certain
// only when every link of the caller's chain is listed: the session (or
// user) ARN, the role ARN and the account. A role ARN does not name its
// sessions here, and an account alone does not name its principals. When
// the caller's own ARN is listed but a link above it is not, AWS may or
// may not deny: excludes returns false with why saying so, and the
// statement is Unknown.
func (ps *principals) excludes(p *Principal) (ok bool, why string) {
	if ps.any {
		return true, ""
	}
	if p.Service != "" {
		for _, s := range ps.services {
			if strings.EqualFold(s, p.Service) {
				return true, ""
			}
		}
		return false, ""
	}
	listed := func(arn string) bool { return slices.Contains(ps.arns, arn) || slices.Contains(ps.other, arn) }
	if p.ARN == "" {
		return false, ""
	}
	if !listed(p.ARN) {
		// A listed value that may be the caller's ARN, depending on a
		// stand-in, may exempt it.
		for _, a := range slices.Concat(ps.arns, ps.other) {
			if standin.Equal(a, p.ARN, false) == standin.Maybe {
				return false, fmt.Sprintf("whether NotPrincipal %s names %s depends on %s", a, p.ARN, standin.Describe(a, p.ARN))
			}
		}
		return false, ""
	}
	var missing []string
	if p.RoleARN != "" && p.RoleARN != p.ARN && !listed(p.RoleARN) {
		missing = append(missing, "the role "+p.RoleARN)
	}
	if p.AccountID != "" && !slices.Contains(ps.accounts, p.AccountID) {
		missing = append(missing, "the account arn:aws:iam::"+p.AccountID+":root")
	}
	if len(missing) == 0 {
		return true, ""
	}
	return false, fmt.Sprintf(`NotPrincipal names %s but not %s: AWS may still deny (IAM-UG "NotPrincipal")`, p.ARN, strings.Join(missing, " or "))
}

func (s *Statement) matchAction(action string) bool {
	hit := false
	for _, p := range s.actions {
		if p == "*" || glob.MatchFold(p, action) {
			hit = true
			break
		}
	}
	return hit != s.NotAction
}

// matchResource reports whether the Resource or NotResource element covers
// res: Yes, No, or Maybe when that depends on a stand-in (problem names
// it). valid is false when a policy variable cannot be resolved: the
// statement is then invalid (IAM-UG "Policy variables with no value") and
// applies in neither sense.
func (s *Statement) matchResource(res string, ctx cond.Context) (t standin.Tri, valid bool, problem string) {
	if !s.hasResource {
		return standin.Yes, true, ""
	}
	hit := standin.No
	for _, tp := range s.resources {
		p, ok := tp.Literal()
		if !ok {
			if p, ok = tp.Expand(ctx, true); !ok {
				return standin.No, false, ""
			}
		}
		if p == "*" {
			// "*" matches any resource, a stand-in's too: what
			// standin.Match answers, without its rewriting.
			hit, problem = standin.Yes, ""
			break
		}
		switch standin.Match(p, res, glob.MatchARN) {
		case standin.Yes:
			hit, problem = standin.Yes, ""
		case standin.Maybe:
			if hit == standin.No {
				hit = standin.Maybe
				problem = fmt.Sprintf("whether resource %s matches %s depends on %s", res, glob.Unquote(p), standin.Describe(res, p))
			}
		}
		if hit == standin.Yes {
			break
		}
	}
	if s.NotResource {
		switch hit {
		case standin.Yes:
			hit = standin.No
		case standin.No:
			hit = standin.Yes
		}
	}
	return hit, true, problem
}

// grant returns the strongest way the set names the caller, or GrantNone.
// IAM-UG "AWS JSON policy elements: Principal": a role ARN covers the role's
// sessions; an account covers every principal of the account (and
// delegates to its IAM policies); principals take no partial wildcards.
func (ps *principals) grant(p *Principal) Grant {
	if p.Service != "" {
		for _, s := range ps.services {
			if strings.EqualFold(s, p.Service) {
				return GrantService
			}
		}
		if ps.any {
			return GrantAnyone
		}
		return GrantNone
	}
	best := GrantNone
	for _, a := range ps.arns {
		switch {
		case p.ARN != "" && a == p.ARN:
			return GrantDirect
		case p.RoleARN != "" && a == p.RoleARN:
			best = GrantRole
		}
	}
	for _, a := range ps.other {
		if p.ARN != "" && a == p.ARN {
			return GrantDirect
		}
	}
	if ps.any {
		// "*" beats the role ARN: the boundary does not limit it.
		best = GrantAnyone
	}
	if best == GrantNone && p.AccountID != "" && slices.Contains(ps.accounts, p.AccountID) {
		best = GrantAccount
	}
	return best
}

// grant3 is grant for a caller or a Principal element that may hold
// stand-ins: sure is how the set names the caller whatever they hold,
// maybe the strongest way it may name the caller depending on them
// (GrantNone when nothing depends on them), and why names them.
func (ps *principals) grant3(p *Principal) (sure, maybe Grant, why string) {
	sure = ps.grant(p)
	if p.Service != "" || !standin.Has(p.ARN) && !standin.Has(p.RoleARN) && !standin.Has(p.AccountID) && !ps.standIns {
		return sure, GrantNone, ""
	}
	// Account forms: "ACCT" and "arn:PARTITION:iam::ACCT:root".
	root := "arn:*:iam::" + glob.Quote(p.AccountID) + ":root"
	consider := func(g Grant, a, b string, eq standin.Tri) {
		if eq == standin.Maybe && g > maybe && g > sure {
			maybe = g
			why = fmt.Sprintf("whether principal %s names %s depends on %s", a, b, standin.Describe(a, b))
		}
	}
	for _, a := range ps.arns {
		if p.ARN != "" {
			consider(GrantDirect, a, p.ARN, standin.Equal(a, p.ARN, false))
		}
		if p.RoleARN != "" {
			consider(GrantRole, a, p.RoleARN, standin.Equal(a, p.RoleARN, false))
		}
		if p.AccountID != "" {
			consider(GrantAccount, a, p.AccountID, standin.Equal(a, p.AccountID, false))
			consider(GrantAccount, a, p.AccountID, standin.Match(root, a, glob.Match))
		}
	}
	for _, a := range ps.other {
		if p.ARN != "" {
			consider(GrantDirect, a, p.ARN, standin.Equal(a, p.ARN, false))
		}
	}
	if p.AccountID != "" {
		for _, a := range ps.accounts {
			consider(GrantAccount, a, p.AccountID, standin.Equal(a, p.AccountID, false))
		}
	}
	return sure, maybe, why
}
