package taskstart

import (
	"github.com/ecs-preflight/ecs-preflight/iam"
	"github.com/ecs-preflight/ecs-preflight/netpath"
	"github.com/ecs-preflight/ecs-preflight/world"
)

// Location is a place in the input: the file, line and column where a
// resource is declared and the path to it inside the file. Every field is
// optional: a resource the input only references has no file, and only
// templates have columns.
type Location struct {
	// File is the input file, as the user named it.
	File string `json:"file,omitempty"`
	// Line is the 1-based line in File, when the format has lines.
	Line int `json:"line,omitempty"`
	// Column is the 1-based column of Line in Unicode code points
	// (world.Origin.Column), when known.
	Column int `json:"column,omitempty"`
	// Path locates the resource inside File: a JSON path for snapshots
	// ("$.ec2.DescribeRouteTables.RouteTables[1]"), a logical id for
	// templates, an address for plans.
	Path string `json:"path,omitempty"`
	// Resource names the resource a fix changes ("rtb-0aeeaf59f63d1b887",
	// "role ledger-api-execution"); set on Step.FixLocation only.
	Resource string `json:"resource,omitempty"`
}

// locationOf is where o says, nil when the input gave no origin.
func locationOf(o world.Origin) *Location {
	if o == (world.Origin{}) {
		return nil
	}
	return &Location{File: o.File, Line: o.Line, Column: o.Column, Path: o.Path}
}

// located is an origin with its Location text and value.
type located struct {
	o   world.Origin
	loc string
	at  *Location
}

// locate is o.String() and locationOf(o), made once per origin and task:
// every call of a container is declared at the container, and the steps
// share the (never modified) Location.
func (s *sim) locate(o world.Origin) (string, *Location) {
	for _, l := range s.origins {
		if l.o == o {
			return l.loc, l.at
		}
	}
	l := located{o, o.String(), locationOf(o)}
	s.origins = append(s.origins, l)
	return l.loc, l.at
}

// fixAt is the location of the resource a fix changes: its origin, if the
// input has one, and its name.
func fixAt(o world.Origin, resource string) *Location {
	return &Location{File: o.File, Line: o.Line, Column: o.Column, Path: o.Path, Resource: resource}
}

// blockLocation is where the setting a network block names is declared:
// the route table, security group, network ACL, subnet, VPC endpoint or
// VPC.
func (s *sim) blockLocation(b netpath.Block) *Location {
	id := b.Resource
	if b.Kind == netpath.BlockPublicIP && s.svc != nil {
		// The fix sets assignPublicIp in the service's network
		// configuration (or moves the task to another subnet).
		return fixAt(s.svc.Origin, "service "+s.svc.ServiceName)
	}
	var o world.Origin
	switch {
	case s.w.RouteTables.Get(id) != nil:
		o = s.w.RouteTables.Get(id).Origin
	case s.w.SecurityGroups.Get(id) != nil:
		o = s.w.SecurityGroups.Get(id).Origin
	case s.w.NetworkACLs.Get(id) != nil:
		o = s.w.NetworkACLs.Get(id).Origin
	case s.w.VPCEndpoints.Get(id) != nil:
		o = s.w.VPCEndpoints.Get(id).Origin
	case s.w.Subnets.Get(id) != nil:
		o = s.w.Subnets.Get(id).Origin
	case s.w.VPCs.Get(id) != nil:
		o = s.w.VPCs.Get(id).Origin
	}
	return fixAt(o, id)
}

// denyLocation is where the policy a fix for an IAM deny changes is
// declared, following iamFix: the denying statement's policy for an
// explicit deny, else the layer that had no allow.
func (s *sim) denyLocation(n need, p *principal, dec iam.Decision, net netAnswer) *Location {
	if p == nil {
		return fixAt(s.td.Origin, "task definition "+s.td.Name())
	}
	layer, policy := dec.DeniedBy, ""
	if dec.Effect == iam.ExplicitDeny && len(dec.Deciding) > 0 {
		layer, policy = dec.Deciding[0].Layer, dec.Deciding[0].Policy
	}
	switch layer {
	case iam.LayerResource:
		if n.res != nil {
			return fixAt(n.res.origin, n.res.what)
		}
	case iam.LayerEndpoint:
		var o world.Origin
		if ep := s.w.VPCEndpoints.Get(net.res.EndpointID); ep != nil {
			o = ep.Origin
		}
		return fixAt(o, net.res.EndpointID)
	case iam.LayerBoundary:
		if p.role != nil {
			var o world.Origin
			if mp := s.w.Policies.Get(p.role.PermissionsBoundaryArn); mp != nil {
				o = mp.Origin
			}
			return fixAt(o, "permissions boundary "+p.role.PermissionsBoundaryArn)
		}
	case iam.LayerSCP, iam.LayerRCP:
		// Organization policies are not declared in the input.
		return &Location{Resource: string(layer) + " " + policy}
	case iam.LayerIdentity:
		if p.role == nil {
			return nil
		}
		if policy != "" {
			if o, ok := s.identityPolicyOrigin(p, policy); ok {
				return fixAt(o, "policy "+policy)
			}
		}
		return fixAt(p.role.Origin, "role "+p.label(p.role))
	}
	return nil
}

// identityPolicyOrigin finds where one of the role's identity policies,
// named as the evaluator names it, is declared.
func (s *sim) identityPolicyOrigin(p *principal, name string) (world.Origin, bool) {
	role := p.role
	for _, ip := range role.InlinePolicies {
		if p.label(role)+"/"+ip.PolicyName == name && ip.Origin != (world.Origin{}) {
			return ip.Origin, true
		}
	}
	for _, ap := range role.AttachedPolicies {
		if mp := s.w.Policies.Get(ap.PolicyArn); mp != nil && (mp.PolicyName == name || lastSegment(ap.PolicyArn) == name) && mp.Origin != (world.Origin{}) {
			return mp.Origin, true
		}
	}
	return world.Origin{}, false
}

// defaultFixLocation gives a failing step that names no other resource the
// place the step is about: the container or the task definition, whose
// fields the fix changes (an image name, valueFrom, a log option).
func (s *sim) defaultFixLocation(st *Step) {
	if st.Status != Fail || st.FixLocation != nil {
		return
	}
	resource := "task definition " + s.td.Name()
	o := s.td.Origin
	if st.Container != "" {
		resource = "container " + st.Container
		for _, c := range s.td.ContainerDefinitions {
			if c.Name == st.Container && c.Origin != (world.Origin{}) {
				o = c.Origin
			}
		}
	}
	st.FixLocation = fixAt(o, resource)
}
