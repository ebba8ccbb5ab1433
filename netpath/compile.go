package netpath

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/ecs-preflight/ecs-preflight/world"
)

// Network is a world's VPC facts compiled for repeated reachability
// questions: associations resolved to maps, CIDRs parsed, NACL entries
// sorted. Compile it once per world and ask (*Network).Reach for every host of
// every container; it is read-only after Compile and safe for concurrent use.
type Network struct {
	w *world.World

	subnetRTB  map[string]*world.RouteTable // explicit subnet associations
	mainRTB    map[string]*world.RouteTable // by VPC
	subnetACL  map[string]string            // explicit NACL associations
	defaultACL map[string]string            // by VPC
	acls       map[string]*compiledACL
	sgs        map[string]*compiledSG
	defaultSG  map[string]string              // by VPC
	endpoints  map[string][]*endpoint         // by VPC
	prefixes   map[string]*world.PrefixList   // by id
	plByName   map[string]string              // prefix list name → id
	instByENI  map[string]*world.Instance     // network interface id → instance
	epByID     map[string]*endpoint           // every VPC endpoint, by id
	zones      map[string][]*world.HostedZone // private hosted zones, by associated VPC
	defaults   *defaults                      // set by AssumeDefaults
}

// endpoint is a VPC endpoint with its service name parsed.
type endpoint struct {
	ep      *world.VPCEndpoint
	region  string
	service string
}

// compiledACL is a NACL with its IPv4 entries in evaluation order.
type compiledACL struct {
	id      string
	ingress []aclEntry
	egress  []aclEntry

	// answers holds eval's answers for one range of peers (evalOne): a
	// subnet's NACL is asked the same few questions for every task.
	mu      sync.Mutex
	answers map[aclQuestion]aclResult
}

type aclQuestion struct {
	egress bool
	ports  portRange
	peer   ipRange
}

type aclEntry struct {
	num    int
	allow  bool
	proto  int // -1 all, else an IP protocol number
	lo, hi int // port range, inclusive
	cidr   ipSet
	text   string // "rule 100 allow 0.0.0.0/0"
}

// compiledSG is a security group with parsed rules.
type compiledSG struct {
	id      string
	vpc     string
	ingress []sgRule
	egress  []sgRule

	// byPort holds, per direction and TCP port asked, the rules that cover
	// it (rulesFor): a group with hundreds of rules is asked about one or
	// two ports thousands of times in a bulk run.
	mu     sync.Mutex
	byPort map[portKey][]sgRule
}

type portKey struct {
	egress bool
	port   int
}

// rulesFor returns the rules of one direction that cover TCP port: those
// for all protocols and the TCP rules whose range holds it, in order.
func (g *compiledSG) rulesFor(egress bool, port int) []sgRule {
	k := portKey{egress, port}
	g.mu.Lock()
	defer g.mu.Unlock()
	if rs, ok := g.byPort[k]; ok {
		return rs
	}
	rules := g.ingress
	if egress {
		rules = g.egress
	}
	var rs []sgRule
	for _, r := range rules {
		if r.proto == -1 || r.proto == 6 && r.lo <= port && port <= r.hi {
			rs = append(rs, r)
		}
	}
	if g.byPort == nil {
		g.byPort = map[portKey][]sgRule{}
	}
	g.byPort[k] = rs
	return rs
}

type sgRule struct {
	proto  int // -1 all, else an IP protocol number
	lo, hi int
	cidrs  ipSet
	pls    []string
	groups []string
}

// Compile indexes a world for Reach. It never fails: malformed CIDRs and
// rules are skipped, which can only make an answer less reachable.
func Compile(w *world.World, opts ...Option) *Network {
	n := &Network{
		w:          w,
		subnetRTB:  map[string]*world.RouteTable{},
		mainRTB:    map[string]*world.RouteTable{},
		subnetACL:  map[string]string{},
		defaultACL: map[string]string{},
		acls:       map[string]*compiledACL{},
		sgs:        map[string]*compiledSG{},
		defaultSG:  map[string]string{},
		endpoints:  map[string][]*endpoint{},
		prefixes:   map[string]*world.PrefixList{},
		plByName:   map[string]string{},
		instByENI:  map[string]*world.Instance{},
		epByID:     map[string]*endpoint{},
		zones:      map[string][]*world.HostedZone{},
	}
	for _, rt := range w.RouteTables.All() {
		for _, a := range rt.Associations {
			if a.SubnetId != "" {
				n.subnetRTB[a.SubnetId] = rt
			}
			if a.Main {
				n.mainRTB[rt.VpcId] = rt
			}
		}
	}
	for _, acl := range w.NetworkACLs.All() {
		for _, a := range acl.Associations {
			if a.SubnetId != "" {
				n.subnetACL[a.SubnetId] = acl.NetworkAclId
			}
		}
		if acl.IsDefault {
			n.defaultACL[acl.VpcId] = acl.NetworkAclId
		}
		n.acls[acl.NetworkAclId] = compileACL(acl)
	}
	for _, sg := range w.SecurityGroups.All() {
		n.sgs[sg.GroupId] = compileSG(sg)
		if sg.GroupName == "default" && sg.VpcId != "" {
			n.defaultSG[sg.VpcId] = sg.GroupId
		}
	}
	for _, ep := range w.VPCEndpoints.All() {
		region, service, ok := ParseEndpointServiceName(ep.ServiceName)
		if !ok {
			// com.amazonaws.${AWS::Region}.ecr.api with the region not
			// known: the service is, the region is not (region.go).
			service = serviceOfUnresolvedName(ep.ServiceName)
		}
		e := &endpoint{ep: ep, region: region, service: service}
		n.endpoints[ep.VpcId] = append(n.endpoints[ep.VpcId], e)
		n.epByID[ep.VpcEndpointId] = e
	}
	// Route 53 DG "Working with private hosted zones": a private zone
	// answers only the VPCs associated with it.
	for _, z := range w.HostedZones.All() {
		if !z.PrivateZone {
			continue
		}
		for _, v := range z.VPCs {
			n.zones[v.VPCId] = append(n.zones[v.VPCId], z)
		}
	}
	for _, in := range w.Instances.All() {
		for _, ni := range in.NetworkInterfaces {
			n.instByENI[ni.NetworkInterfaceId] = in
		}
	}
	for _, pl := range w.PrefixLists.All() {
		n.prefixes[pl.PrefixListId] = pl
		if pl.PrefixListName != "" {
			n.plByName[pl.PrefixListName] = pl.PrefixListId
		}
	}
	for _, o := range opts {
		o(n)
	}
	return n
}

func compileACL(acl *world.NetworkACL) *compiledACL {
	c := &compiledACL{id: acl.NetworkAclId}
	for _, e := range acl.Entries {
		// IPv6 entries never match the IPv4 traffic modelled here.
		if e.CidrBlock == "" {
			continue
		}
		set, ok := cidrSet(e.CidrBlock)
		if !ok {
			continue
		}
		ae := aclEntry{
			num:   e.RuleNumber,
			allow: strings.EqualFold(e.RuleAction, "allow"),
			proto: protoNumber(e.Protocol),
			lo:    0, hi: 65535,
			cidr: set,
		}
		if ae.proto == protoInvalid {
			continue
		}
		// Only a TCP entry's port range is read: EC2 API Reference
		// "CreateNetworkAclEntry": protocol -1 (or any other than TCP, UDP
		// and ICMP) allows all ports regardless of the range given, and eval
		// looks at ports of TCP entries only. A TCP entry without PortRange
		// is read as all ports.
		if ae.proto == 6 && e.PortRange != nil {
			ae.lo, ae.hi = e.PortRange.From, e.PortRange.To
		}
		ae.text = aclEntryText(e)
		if e.Egress {
			c.egress = append(c.egress, ae)
		} else {
			c.ingress = append(c.ingress, ae)
		}
	}
	// VPC-UG "Network ACL rules": rules are evaluated in order, starting with
	// the lowest numbered rule; the first match decides.
	byNum := func(a, b aclEntry) int { return cmp.Compare(a.num, b.num) }
	slices.SortStableFunc(c.ingress, byNum)
	slices.SortStableFunc(c.egress, byNum)
	return c
}

func aclEntryText(e world.NetworkACLEntry) string {
	num := strconv.Itoa(e.RuleNumber)
	if e.RuleNumber == 32767 {
		num = "*"
	}
	proto := "all"
	switch e.Protocol {
	case "6", "tcp":
		proto = "tcp"
	case "-1", "all":
	default:
		proto = "proto " + e.Protocol
	}
	ports := ""
	if proto != "all" && e.PortRange != nil {
		ports = " " + portText(e.PortRange.From, e.PortRange.To)
	}
	return "rule " + num + " " + strings.ToLower(e.RuleAction) + " " + proto + ports + " " + e.CidrBlock
}

func portText(lo, hi int) string {
	if lo == hi {
		return strconv.Itoa(lo)
	}
	return strconv.Itoa(lo) + "-" + strconv.Itoa(hi)
}

const protoInvalid = -2

// protoNumber reads an IpProtocol or NACL Protocol: "-1"/"all" → -1,
// "tcp"/"6" → 6, other names and numbers as the IANA number they denote
// (only TCP matters here, so other names map to a non-TCP number).
func protoNumber(p string) int {
	switch strings.ToLower(strings.TrimSpace(p)) {
	case "-1", "all":
		return -1
	case "tcp", "6":
		return 6
	case "udp", "17":
		return 17
	case "icmp", "1":
		return 1
	case "icmpv6", "58":
		return 58
	}
	n, err := strconv.Atoi(p)
	if err != nil || n < 0 || n > 255 {
		return protoInvalid
	}
	return n
}

func compileSG(sg *world.SecurityGroup) *compiledSG {
	c := &compiledSG{id: sg.GroupId, vpc: sg.VpcId}
	c.ingress = compileRules(sg.IpPermissions)
	c.egress = compileRules(sg.IpPermissionsEgress)
	return c
}

func compileRules(perms []world.IpPermission) []sgRule {
	out := make([]sgRule, 0, len(perms))
	for _, p := range perms {
		r := sgRule{proto: protoNumber(p.IpProtocol), lo: 0, hi: 65535}
		if r.proto == protoInvalid {
			continue
		}
		// Only a TCP rule's ports are read: EC2 API Reference
		// "IpPermission": protocol -1 allows all ports regardless of the
		// range given, and sgAllows looks at ports of TCP rules only. For
		// TCP the API always carries FromPort/ToPort; a template that leaves
		// them out means all ports, and FromPort alone one port.
		if r.proto == 6 {
			if p.FromPort != nil {
				r.lo = *p.FromPort
			}
			if p.ToPort != nil {
				r.hi = *p.ToPort
			}
			if p.FromPort != nil && p.ToPort == nil {
				r.hi = r.lo
			}
		}
		var cidrs []ipRange
		for _, ip := range p.IpRanges {
			if s, ok := cidrSet(ip.CidrIp); ok {
				cidrs = append(cidrs, s...)
			}
		}
		r.cidrs = normalize(cidrs)
		for _, pl := range p.PrefixListIds {
			r.pls = append(r.pls, pl.PrefixListId)
		}
		for _, g := range p.UserIdGroupPairs {
			r.groups = append(r.groups, g.GroupId)
		}
		out = append(out, r)
	}
	return out
}

// endpointsFor returns the endpoints in a VPC whose service short name is
// service, in any region.
func (n *Network) endpointsFor(vpc, service string) []*endpoint {
	var out []*endpoint
	for _, e := range n.endpoints[vpc] {
		if e.service == service {
			out = append(out, e)
		}
	}
	return out
}
