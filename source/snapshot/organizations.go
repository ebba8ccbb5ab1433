package snapshot

import (
	"reflect"
	"slices"
	"strings"

	"github.com/ecs-preflight/ecs-preflight/world"
)

// ---- organizations ----
//
// The organizations section holds what AWS Organizations says about the
// snapshot's account: DescribeOrganization, ListParents for the account and
// every OU above it, ListPoliciesForTarget for every node of that path (once
// per policy type), and DescribePolicy for every policy listed. finishOrgs
// follows ListParents from accountId up to the root and builds
// world.SCPs and world.RCPs, one level per node, root first.

// The two policy types ecs-preflight evaluates, as ListPoliciesForTarget's
// Filter and a policy summary's Type spell them.
const (
	scpType = "SERVICE_CONTROL_POLICY"
	rcpType = "RESOURCE_CONTROL_POLICY"
)

// builtinOrgPolicies are the AWS managed organization policies whose
// content is documented, by policy type and id. Organizations attaches them
// to every node when the policy type is enabled, and a snapshot may list
// them without a DescribePolicy entry.
var builtinOrgPolicies = map[string]map[string]string{
	// AWS Organizations "Service control policies" (SCP evaluation):
	// FullAWSAccess is attached to the root, every OU and every account and
	// allows every action.
	scpType: {"p-FullAWSAccess": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`},
	// AWS Organizations "Resource control policy examples" (RCPFullAWSAccess)
	// and "RCP syntax": attached to every node when RCPs are enabled, it
	// lets all principals and actions pass RCP evaluation.
	rcpType: {"p-RCPFullAWSAccess": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}`},
}

// orgState collects the organizations responses until finishOrgs joins them.
type orgState struct {
	parents  map[string]orgEntry[orgParent]              // by ChildId
	attached map[string]map[string]orgEntry[[]orgPolicy] // by Filter, then TargetId
	policies map[string]orgEntry[orgDescribed]           // by policy id
	// featureSet is DescribeOrganization's FeatureSet.
	featureSet string
	// firstList is the first ListPoliciesForTarget entry, for errors about
	// the listings as a whole.
	firstList *orgEntry[[]orgPolicy]
}

// orgEntry is one response with where it came from.
type orgEntry[T any] struct {
	v         T
	n         *node
	path      string
	truncated bool
}

type orgParent struct {
	Id   string `json:"Id"`
	Type string `json:"Type"`
}

type orgPolicy struct {
	Id         string `json:"Id"`
	Arn        string `json:"Arn"`
	Name       string `json:"Name"`
	Type       string `json:"Type"`
	AwsManaged bool   `json:"AwsManaged"`
}

type orgDescribed struct {
	summary orgPolicy
	content string
}

func (r *reader) orgs() *orgState {
	if r.org == nil {
		r.org = &orgState{
			parents:  make(map[string]orgEntry[orgParent]),
			attached: make(map[string]map[string]orgEntry[[]orgPolicy]),
			policies: make(map[string]orgEntry[orgDescribed]),
		}
	}
	return r.org
}

func loadDescribeOrganization(r *reader, n *node, path string) error {
	if first, dup := r.first("organization", "", path); dup {
		return r.fail(n, path, "duplicate DescribeOrganization (first at %s)", first)
	}
	on, err := r.object(n, path, "Organization")
	if err != nil {
		return err
	}
	if on == nil {
		return r.fail(n, path, `missing "Organization": want the describe-organization response`)
	}
	opath := jp(path, "Organization")
	var o struct {
		Id              string `json:"Id"`
		MasterAccountId string `json:"MasterAccountId"`
		FeatureSet      string `json:"FeatureSet"`
	}
	if err := r.decode(on, opath, &o); err != nil {
		return err
	}
	if o.Id == "" {
		return r.fail(on, opath, `missing "Id"`)
	}
	if o.MasterAccountId != "" && !accountRe.MatchString(o.MasterAccountId) {
		return r.fail(on.get("MasterAccountId"), jp(opath, "MasterAccountId"), "invalid account id %q (want 12 digits)", o.MasterAccountId)
	}
	r.w.OrganizationID, r.w.ManagementAccountID = o.Id, o.MasterAccountId
	r.orgs().featureSet = o.FeatureSet
	return nil
}

func loadListParents(r *reader, n *node, path string) error {
	child, err := r.required(n, path, "ChildId", "add the request's --child-id beside the response")
	if err != nil {
		return err
	}
	pn := n.get("Parents")
	if pn == nil {
		return r.fail(n, path, `missing "Parents"`)
	}
	ppath := jp(path, "Parents")
	var parents []orgParent
	if err := r.decodeValue(pn, ppath, reflect.ValueOf(&parents).Elem(), ""); err != nil {
		return err
	}
	// AWS Organizations "ListParents": an account or OU has exactly one
	// parent, the root or an OU.
	if len(parents) != 1 {
		return r.fail(pn, ppath, "want exactly one parent of %q, got %d", child, len(parents))
	}
	p := parents[0]
	epath := ji(ppath, 0)
	if p.Id == "" {
		return r.fail(pn.vals()[0], epath, `missing "Id"`)
	}
	switch p.Type {
	case "ROOT", "ORGANIZATIONAL_UNIT":
	default:
		return r.fail(pn.vals()[0], epath, `invalid parent type %q (want "ROOT" or "ORGANIZATIONAL_UNIT")`, p.Type)
	}
	o := r.orgs()
	if first, ok := o.parents[child]; ok {
		return r.fail(n, path, "duplicate ListParents for %q (first at %s)", child, first.path)
	}
	o.parents[child] = orgEntry[orgParent]{v: p, n: n, path: path}
	return nil
}

func loadListPoliciesForTarget(r *reader, n *node, path string) error {
	target, err := r.required(n, path, "TargetId", "add the request's --target-id beside the response")
	if err != nil {
		return err
	}
	filter, err := r.required(n, path, "Filter", "add the request's --filter beside the response")
	if err != nil {
		return err
	}
	if filter != scpType && filter != rcpType {
		return r.fail(n.get("Filter"), jp(path, "Filter"), "invalid filter %q (want %q or %q, the policy types ecs-preflight evaluates)", filter, scpType, rcpType)
	}
	pn := n.get("Policies")
	if pn == nil {
		return r.fail(n, path, `missing "Policies"`)
	}
	ppath := jp(path, "Policies")
	var list []orgPolicy
	if err := r.decodeValue(pn, ppath, reflect.ValueOf(&list).Elem(), ""); err != nil {
		return err
	}
	for i, p := range list {
		if p.Id == "" {
			return r.fail(pn.vals()[i], ji(ppath, i), `missing "Id"`)
		}
		if p.Type != "" && p.Type != filter {
			return r.fail(pn.vals()[i].get("Type"), jp(ji(ppath, i), "Type"), "policy type %q in a listing filtered by %q", p.Type, filter)
		}
	}
	o := r.orgs()
	byTarget := o.attached[filter]
	if byTarget == nil {
		byTarget = make(map[string]orgEntry[[]orgPolicy])
		o.attached[filter] = byTarget
	}
	if first, ok := byTarget[target]; ok {
		return r.fail(n, path, "duplicate ListPoliciesForTarget for %q with filter %s (first at %s)", target, filter, first.path)
	}
	e := orgEntry[[]orgPolicy]{v: list, n: n, path: path, truncated: truncated(n)}
	byTarget[target] = e
	if o.firstList == nil {
		o.firstList = &e
	}
	return nil
}

func loadDescribePolicy(r *reader, n *node, path string) error {
	pn, err := r.object(n, path, "Policy")
	if err != nil {
		return err
	}
	if pn == nil {
		return r.fail(n, path, `missing "Policy": want the describe-policy response`)
	}
	ppath := jp(path, "Policy")
	sn, err := r.object(pn, ppath, "PolicySummary")
	if err != nil {
		return err
	}
	if sn == nil {
		return r.fail(pn, ppath, `missing "PolicySummary"`)
	}
	spath := jp(ppath, "PolicySummary")
	var d orgDescribed
	if err := r.decode(sn, spath, &d.summary); err != nil {
		return err
	}
	if d.summary.Id == "" {
		return r.fail(sn, spath, `missing "Id"`)
	}
	if cn := pn.get("Content"); cn != nil && cn.kind != kNull {
		if d.content, err = r.policy(cn, jp(ppath, "Content")); err != nil {
			return err
		}
	}
	o := r.orgs()
	if first, ok := o.policies[d.summary.Id]; ok {
		return r.fail(n, path, "duplicate DescribePolicy for %q (first at %s)", d.summary.Id, first.path)
	}
	o.policies[d.summary.Id] = orgEntry[orgDescribed]{v: d, n: pn, path: ppath}
	return nil
}

// finishOrgs builds the account's policy paths. What the snapshot lacks is
// recorded on the level it belongs to (PolicyLevel.Missing), never dropped:
// an unseen SCP or RCP could deny.
func finishOrgs(r *reader) error {
	o := r.org
	if o == nil {
		return nil
	}
	if r.w.OrganizationID == "" {
		r.w.OrganizationID = orgIDFromARNs(o)
	}
	if len(o.attached) == 0 {
		// The snapshot speaks of no organization policy: the paths stay nil.
		return nil
	}
	if o.featureSet == "CONSOLIDATED_BILLING" {
		// AWS Organizations "Service control policies" and "Resource control
		// policies": both are available only with all features enabled.
		return nil
	}
	acct := r.w.AccountID
	if acct == "" {
		return r.fail(o.firstList.n, o.firstList.path, "ListPoliciesForTarget needs the top-level accountId: the policy path starts at the snapshot's account")
	}
	nodes, unreached, err := r.orgPath(acct)
	if err != nil {
		return err
	}
	for _, typ := range []string{scpType, rcpType} {
		byTarget, ok := o.attached[typ]
		if !ok {
			continue // this policy type is not in the snapshot
		}
		path := &world.PolicyPath{}
		if unreached != "" {
			path.Levels = append(path.Levels, world.PolicyLevel{
				Missing: []string{"organizations:ListParents --child-id " + unreached + " (the levels above " + unreached + " and their " + typeWords(typ) + ")"},
			})
		}
		for _, target := range nodes {
			lvl := world.PolicyLevel{Target: target}
			if pe, ok := o.parents[target]; ok {
				lvl.Origin = r.origin(pe.n, pe.path)
			}
			e, ok := byTarget[target]
			if !ok {
				lvl.Missing = append(lvl.Missing, "organizations:ListPoliciesForTarget --target-id "+target+" --filter "+typ)
				path.Levels = append(path.Levels, lvl)
				continue
			}
			lvl.Origin = r.origin(e.n, e.path)
			if e.truncated {
				lvl.Missing = append(lvl.Missing, "organizations:ListPoliciesForTarget --target-id "+target+" --filter "+typ+" (the listing carries NextToken)")
			}
			for i, p := range e.v {
				listed := r.origin(e.n.get("Policies").vals()[i], ji(jp(e.path, "Policies"), i))
				np, miss := r.orgPolicy(typ, p, target, listed)
				if miss != "" {
					lvl.Missing = append(lvl.Missing, miss)
					continue
				}
				lvl.Policies = append(lvl.Policies, np)
			}
			path.Levels = append(path.Levels, lvl)
		}
		if typ == scpType {
			r.w.SCPs = path
		} else {
			r.w.RCPs = path
		}
	}
	return nil
}

// orgPath follows ListParents from the account up to the root and returns
// the nodes root first. unreached is the node whose parent the snapshot
// lacks, when the walk stops before a root.
func (r *reader) orgPath(acct string) (nodes []string, unreached string, err error) {
	o := r.org
	nodes = []string{acct}
	seen := map[string]bool{acct: true}
	for cur := acct; ; {
		e, ok := o.parents[cur]
		if !ok {
			unreached = cur
			break
		}
		if seen[e.v.Id] {
			return nil, "", r.fail(e.n, e.path, "cycle in ListParents: %q is its own ancestor", e.v.Id)
		}
		seen[e.v.Id] = true
		nodes = append(nodes, e.v.Id)
		if e.v.Type == "ROOT" {
			break
		}
		cur = e.v.Id
	}
	slices.Reverse(nodes)
	return nodes, unreached, nil
}

// orgPolicy returns the document of a policy ListPoliciesForTarget lists
// for target, or what is missing to know it. The policy's Origin is its
// DescribePolicy entry, or where it is listed when its document is a
// built-in one.
func (r *reader) orgPolicy(typ string, p orgPolicy, target string, listed world.Origin) (world.NamedPolicy, string) {
	np := world.NamedPolicy{Name: p.Name, Arn: p.Arn}
	if np.Name == "" {
		np.Name = p.Id
	}
	if d, ok := r.org.policies[p.Id]; ok && d.v.content != "" {
		np.Document, np.Origin = d.v.content, r.origin(d.n, d.path)
		if d.v.summary.Name != "" {
			np.Name = d.v.summary.Name
		}
		return np, ""
	}
	if doc, ok := builtinOrgPolicies[typ][p.Id]; ok {
		np.Document, np.Origin = doc, listed
		return np, ""
	}
	return np, "organizations:DescribePolicy " + p.Id + " (attached to " + target + ")"
}

// orgIDFromARNs finds the organization id in the ARN of a customer managed
// policy ("arn:aws:organizations::111111111111:policy/o-exampleorgid/
// service_control_policy/p-examplepolicyid111", AWS Organizations API
// Reference "PolicySummary"), for a snapshot without DescribeOrganization.
func orgIDFromARNs(o *orgState) string {
	var arns []string
	for _, byTarget := range o.attached {
		for _, e := range byTarget {
			for _, p := range e.v {
				arns = append(arns, p.Arn)
			}
		}
	}
	for _, d := range o.policies {
		arns = append(arns, d.v.summary.Arn)
	}
	slices.Sort(arns)
	for _, a := range arns {
		_, rest, ok := strings.Cut(a, ":policy/o-")
		if !ok {
			continue
		}
		id, _, _ := strings.Cut(rest, "/")
		if id != "" {
			return "o-" + id
		}
	}
	return ""
}

func typeWords(typ string) string {
	if typ == rcpType {
		return "resource control policies"
	}
	return "service control policies"
}
