package netpath

import (
	"fmt"
	"slices"
)

// path accumulates what one candidate path needs and what stops it. Checks
// never stop at the first failure: every block is collected so that one run
// names every fix (docs/model.md "Fixes": when several links are broken,
// the fix lists each).
type path struct {
	via      Via
	endpoint string
	vpc      string
	hops     []string
	blocks   []Block
	missing  []string
	warnings []string
	// assumptions are facts taken as given that the input cannot show, such
	// as the state of a resource a template will create.
	assumptions []string
	// otherPath is set when a path the input does not show could carry the
	// traffic instead (an unlisted VPC endpoint with private DNS): a block
	// of the path shown then decides nothing.
	otherPath bool
}

// status: a definite block decides even if other facts are missing, because
// the path fails whatever they turn out to be; otherwise a missing fact
// leaves the answer unknown.
func (p *path) status() Status {
	switch {
	case len(p.blocks) > 0 && !p.otherPath:
		return Blocked
	case len(p.blocks) > 0:
		return Unknown
	case len(p.missing) > 0:
		return Unknown
	}
	return Reachable
}

func (p *path) hop(format string, args ...any) {
	p.hops = append(p.hops, fmt.Sprintf(format, args...))
}

func (p *path) block(b Block) {
	if slices.ContainsFunc(p.blocks, func(x Block) bool {
		return x.Kind == b.Kind && x.Resource == b.Resource && x.Fix == b.Fix
	}) {
		return
	}
	p.blocks = append(p.blocks, b)
}

func (p *path) miss(s ...string) {
	for _, m := range s {
		if m != "" && !slices.Contains(p.missing, m) {
			p.missing = append(p.missing, m)
		}
	}
}

// missOtherPath records a missing fact that could show another path for
// the traffic: the answer is unknown even where the path shown is blocked.
func (p *path) missOtherPath(m string) {
	p.miss(m)
	p.otherPath = true
}

func (p *path) assume(format string, args ...any) {
	s := fmt.Sprintf(format, args...)
	if !slices.Contains(p.assumptions, s) {
		p.assumptions = append(p.assumptions, s)
	}
}

func (p *path) warn(format string, args ...any) {
	s := fmt.Sprintf(format, args...)
	if !slices.Contains(p.warnings, s) {
		p.warnings = append(p.warnings, s)
	}
}

// absorb adds q's findings (not its via) to p.
func (p *path) absorb(q *path) {
	p.hops = append(p.hops, q.hops...)
	for _, b := range q.blocks {
		p.block(b)
	}
	p.miss(q.missing...)
	for _, w := range q.warnings {
		p.warn("%s", w)
	}
	for _, a := range q.assumptions {
		p.assume("%s", a)
	}
}

// result turns the path into the contract's Result.
func (p *path) result() Result {
	st := p.status()
	via := p.via
	if via == "" {
		via = ViaNone
		if st == Unknown {
			via = ViaUnknown
		}
	}
	r := Result{
		Status:      st,
		Via:         via,
		Path:        p.hops,
		Blocks:      p.blocks,
		Missing:     p.missing,
		Warnings:    p.warnings,
		Assumptions: p.assumptions,
	}
	if via == ViaVPCE {
		r.EndpointID = p.endpoint
		// IAM-UG "VPC condition keys": aws:SourceVpc and aws:SourceVpce exist
		// only on requests that come through a VPC endpoint.
		r.SourceVpc = p.vpc
		r.SourceVpce = p.endpoint
	}
	return r
}

// summary is one line on why a sub-path failed, for warnings.
func (p *path) summary() string {
	if len(p.blocks) > 0 {
		return p.blocks[0].Detail
	}
	if len(p.missing) > 0 {
		return "unknown: " + p.missing[0]
	}
	return "reachable"
}
