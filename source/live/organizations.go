package live

import (
	"context"
	"errors"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/aws/smithy-go"
)

// orgFilters are the policy types the simulation evaluates, as
// ListPoliciesForTarget's Filter spells them.
var orgFilters = []orgtypes.PolicyType{orgtypes.PolicyTypeServiceControlPolicy, orgtypes.PolicyTypeResourceControlPolicy}

// builtinOrgPolicies need no DescribePolicy: docs/snapshot.md uses their
// documented content (AWS Organizations "Service control policies":
// FullAWSAccess; "Resource control policy examples": RCPFullAWSAccess).
var builtinOrgPolicies = map[string]bool{"p-FullAWSAccess": true, "p-RCPFullAWSAccess": true}

// readOrganization reads the SCPs and RCPs on the path from account to the
// organization root into the organizations section (docs/snapshot.md
// "Organization policies"), in one read: each ListParents depends on the
// last, and the walk is short, so it takes one round, not one per level.
// It returns the note that says why the document has no policies, when it
// has none for a known reason.
//
// AWS Organizations "DescribeOrganization": a member account not in an
// organization gets AWSOrganizationsNotInUseException; ListParents,
// ListPoliciesForTarget and DescribePolicy "can be called only from the
// organization's management account or by a member account that is a
// delegated administrator".
func (r *reader) readOrganization(ctx context.Context, c *clients, account string) string {
	d := r.doc
	org, err := c.organizations.DescribeOrganization(ctx, &organizations.DescribeOrganizationInput{})
	if err != nil {
		if code(err) == "AWSOrganizationsNotInUseException" {
			return "the account is in no organization: organizations:DescribeOrganization answers AWSOrganizationsNotInUseException"
		}
		r.fail(read{Op: "organizations:DescribeOrganization"}, err)
		return deniedOrgNote("organizations:DescribeOrganization", err)
	}
	d.AddPage("organizations", "DescribeOrganization", org)
	if org.Organization != nil && org.Organization.FeatureSet == orgtypes.OrganizationFeatureSetConsolidatedBilling {
		// AWS Organizations "Service control policies", "Resource control
		// policies": both need all features.
		return "the organization has consolidated billing only: SCPs and RCPs need all features"
	}
	// ListParents up to the root: an account or OU has exactly one parent
	// (AWS Organizations "ListParents").
	nodes := []string{account}
	for child := account; len(nodes) < 7; { // the root, up to 5 OU levels, the account
		all := &organizations.ListParentsOutput{Parents: []orgtypes.Parent{}}
		p := organizations.NewListParentsPaginator(c.organizations, &organizations.ListParentsInput{ChildId: aws.String(child)})
		for p.HasMorePages() {
			out, err := p.NextPage(ctx)
			if err != nil {
				r.fail(read{Op: "organizations:ListParents", Key: child}, err)
				return deniedOrgNote("organizations:ListParents", err)
			}
			all.Parents = append(all.Parents, out.Parents...)
		}
		d.AddResource("organizations", "ListParents", all, map[string]any{"ChildId": child})
		if len(all.Parents) != 1 {
			break // the snapshot reader says what is wrong
		}
		parent := all.Parents[0]
		nodes = append(nodes, aws.ToString(parent.Id))
		if parent.Type == orgtypes.ParentTypeRoot {
			break
		}
		child = aws.ToString(parent.Id)
	}
	described := map[string]bool{}
	listed := false
	var denied error
	for _, f := range orgFilters {
		for _, target := range nodes {
			all := &organizations.ListPoliciesForTargetOutput{Policies: []orgtypes.PolicySummary{}}
			p := organizations.NewListPoliciesForTargetPaginator(c.organizations, &organizations.ListPoliciesForTargetInput{TargetId: aws.String(target), Filter: f})
			var err error
			for p.HasMorePages() {
				var out *organizations.ListPoliciesForTargetOutput
				if out, err = p.NextPage(ctx); err != nil {
					break
				}
				all.Policies = append(all.Policies, out.Policies...)
			}
			if code(err) == "PolicyTypeNotEnabledException" {
				// docs/snapshot.md: a policy type the organization has not
				// enabled is left out; none of that type applies.
				break
			}
			if err != nil {
				// The level stays without its listing: the snapshot reader
				// records it as missing, and a decision it could change is
				// unknown.
				r.fail(read{Op: "organizations:ListPoliciesForTarget", Key: target + " " + string(f)}, err)
				denied = err
				continue
			}
			listed = true
			d.AddResource("organizations", "ListPoliciesForTarget", all, map[string]any{"TargetId": target, "Filter": string(f)})
			for _, ps := range all.Policies {
				id := aws.ToString(ps.Id)
				if builtinOrgPolicies[id] || described[id] {
					continue
				}
				described[id] = true
				out, err := c.organizations.DescribePolicy(ctx, &organizations.DescribePolicyInput{PolicyId: aws.String(id)})
				if err != nil {
					r.fail(read{Op: "organizations:DescribePolicy", Key: id}, err)
					continue // missing on its level (docs/snapshot.md)
				}
				d.AddResource("organizations", "DescribePolicy", out, nil)
			}
		}
	}
	if !listed && denied != nil {
		return deniedOrgNote("organizations:ListPoliciesForTarget", denied)
	}
	return ""
}

// deniedOrgNote is the note for organization policies a denied or failing call
// left unread: the assumption stays the one a snapshot without the
// section gets, naming the call.
func deniedOrgNote(op string, err error) string {
	return "not read: " + code(err) + " on " + op + "; the organizations calls work only from the management account or a delegated administrator"
}

// code is a service error's code, "Error" for another error.
func code(err error) string {
	if err == nil {
		return ""
	}
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return "Error"
}
