package netpath

import "github.com/ecs-preflight/ecs-preflight/world"

// Option configures Compile.
type Option func(*Network)

// AssumeDefaults makes Reach take, for a fact of a VPC in the input that
// the input does not state, what AWS gives a VPC that nobody changed, and
// name each default it uses in Result.Assumptions, with label (how the user
// asked for it, e.g. "--assume defaults") in the text:
//
//   - A subnet whose network ACL association the input does not show uses
//     its VPC's default network ACL (EC2 API Reference
//     "ReplaceNetworkAclAssociation": "By default when you create a subnet,
//     it's automatically associated with the default network ACL"; VPC-UG
//     "Network ACLs"), and a default network ACL the input does not show has
//     the rules EC2 gives it: allow all (VPC-UG "Default network ACL";
//     world.DefaultNetworkACL).
//   - A VPC whose enableDnsSupport the input does not show has it true,
//     the value EC2 gives every VPC (VPC-UG "DNS attributes for your VPC":
//     enableDnsSupport defaults to true), so the Amazon DNS server answers.
//   - The VPC has no VPC endpoints beyond those in the input: an endpoint
//     exists only once someone creates it (PrivateLink guide "Access an AWS
//     service using an interface VPC endpoint", VPC-UG "Gateway endpoints").
//
// A VPC or subnet known only by a stand-in (world.IsUnresolved) stays
// unknown: which VPC it is is known only after deploy. A complete listing
// (a snapshot's DescribeNetworkAcls) already decides and is never replaced
// by a default. The input does not say which account owns a subnet (a
// subnet shared through AWS RAM is another account's), so a subnet in the
// input is read as the input's own.
func AssumeDefaults(label string) Option {
	return func(n *Network) { n.defaults = &defaults{label: label} }
}

// defaults is what AssumeDefaults sets; nil when it is off.
type defaults struct {
	label string
}

// defaultsFor reports whether AssumeDefaults may speak for a VPC: it is on
// and the VPC's id is known.
func (n *Network) defaultsFor(vpc string) bool {
	return n.defaults != nil && vpc != "" && !world.IsUnresolved(vpc)
}

// assumedACL returns, under AssumeDefaults, the network ACL of a subnet
// whose association the input does not show, and records the assumption;
// nil when no default applies.
func (n *Network) assumedACL(subnet, vpc string, p *path) *compiledACL {
	if !n.defaultsFor(vpc) || world.IsUnresolved(subnet) || n.w.NetworkACLs.Known && n.w.NetworkACLs.Complete {
		return nil
	}
	if id, ok := n.defaultACL[vpc]; ok {
		p.assume("%s uses %s, the default network ACL of %s (%s: the input shows no network ACL association for the subnet; a subnet not associated with a network ACL uses its VPC's default one)", subnet, id, vpc, n.defaults.label)
		return n.acls[id]
	}
	p.assume("%s uses the default network ACL of %s, which allows all traffic (%s: the input shows neither the subnet's network ACL nor the VPC's default one; a subnet not associated with a network ACL uses its VPC's default one, which allows all inbound and outbound traffic unless changed)", subnet, vpc, n.defaults.label)
	return compileACL(world.DefaultNetworkACL("the default network ACL of "+vpc, vpc, world.Origin{}))
}

// assumeNoOtherEndpoints reports, under AssumeDefaults, that the VPC has no
// endpoint for service beyond those in the input, and records the
// assumption; false when no default applies.
func (n *Network) assumeNoOtherEndpoints(vpc, service string, p *path) bool {
	if !n.defaultsFor(vpc) {
		return false
	}
	p.assume("no VPC endpoint for %s in %s beyond those in the input (%s: the input does not list the VPC's endpoints; a VPC has only the endpoints created in it)", service, vpc, n.defaults.label)
	return true
}

// assumeDNSSupport reports, under AssumeDefaults, that a VPC whose
// enableDnsSupport the input does not show has the default, true, and
// records the assumption; false when no default applies.
func (n *Network) assumeDNSSupport(vpc string, p *path) bool {
	if !n.defaultsFor(vpc) {
		return false
	}
	p.assume("%s has enableDnsSupport true (%s: the input does not show the attribute; EC2 enables DNS resolution in every VPC unless it is turned off)", vpc, n.defaults.label)
	return true
}
