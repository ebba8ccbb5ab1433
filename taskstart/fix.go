package taskstart

import (
	"encoding/json"
	"fmt"

	"github.com/ecs-preflight/ecs-preflight/iam"
)

// statement is a policy statement as a fix proposes it; fields in the
// order AWS documents them.
type statement struct {
	Effect    string          `json:"Effect"`
	Principal json.RawMessage `json:"Principal,omitempty"`
	Action    string          `json:"Action"`
	Resource  string          `json:"Resource,omitempty"`
}

func (st statement) String() string {
	b, _ := json.Marshal(st)
	return string(b)
}

// iamFix is the smallest change that turns a denied permission into an
// allowed one, aimed at the layer that denied.
func (s *sim) iamFix(n need, p *principal, dec iam.Decision, net netAnswer) string {
	if p == nil {
		return "set executionRoleArn in the task definition to a role that trusts ecs-tasks.amazonaws.com and allows " + n.action
	}
	if dec.Effect == iam.ExplicitDeny && len(dec.Deciding) > 0 {
		m := dec.Deciding[0]
		where := fmt.Sprintf("%s %q", m.Layer, m.Policy)
		if m.Layer == iam.LayerEndpoint && net.res.EndpointID != "" {
			where = "the endpoint policy of " + net.res.EndpointID
		}
		return fmt.Sprintf("remove or narrow statement %s of %s, which denies %s on %s", m.Statement, where, n.action, n.resource)
	}
	allow := statement{Effect: "Allow", Action: n.action, Resource: n.resource}
	switch dec.DeniedBy {
	case iam.LayerResource:
		what := "the resource policy"
		if n.res != nil {
			what = n.res.what
		}
		allow.Principal = json.RawMessage(fmt.Sprintf(`{"AWS":%q}`, p.roleARN))
		if n.res != nil && n.res.required {
			// A key policy's Resource is always "*": the key itself.
			allow.Resource = "*"
		} else if n.res != nil && n.res.omitResource {
			allow.Resource = ""
		}
		return fmt.Sprintf("add to %s the statement %s", what, allow)
	case iam.LayerBoundary:
		return fmt.Sprintf("allow %s on %s in the permissions boundary of role %s", n.action, n.resource, p.roleName)
	case iam.LayerSCP, iam.LayerRCP:
		kind := "service control policies"
		if dec.DeniedBy == iam.LayerRCP {
			kind = "resource control policies"
		}
		return fmt.Sprintf("the organization's %s do not allow %s: an organization administrator must allow it for this account", kind, n.action)
	case iam.LayerEndpoint:
		allow.Principal = json.RawMessage(`"*"`)
		return fmt.Sprintf("add to the endpoint policy of %s the statement %s", net.res.EndpointID, allow)
	}
	return fmt.Sprintf("add to %s %s the policy statement %s", p.kind(), p.roleName, allow)
}
