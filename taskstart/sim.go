package taskstart

import (
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ecs-preflight/ecs-preflight/iam"
	"github.com/ecs-preflight/ecs-preflight/iam/awsmanaged"
	"github.com/ecs-preflight/ecs-preflight/imageref"
	"github.com/ecs-preflight/ecs-preflight/netpath"
	"github.com/ecs-preflight/ecs-preflight/world"
)

// taskIDPlaceholder stands for the task id, which exists only at run time;
// the platform uses it as the execution role's session name.
const taskIDPlaceholder = "<task-id>"

// instanceIDPlaceholder stands for the container instance's id: EC2 names
// the session of an instance profile's role after the instance
// (arn:aws:sts::ACCOUNT:assumed-role/ROLE/i-0123456789abcdef0, IAM-UG "IAM
// identifiers", role session ARNs).
const instanceIDPlaceholder = "<instance-id>"

// sim is the simulation of one task.
type sim struct {
	w     *world.World
	net   *netpath.Network
	td    *world.TaskDefinition
	svc   *world.Service
	cache *policyCache
	// reaches answers network questions once per run, for every task of
	// it; nil asks net each time.
	reaches *reachCache
	// local is the worker's copy of shared answers; nil reads the shared
	// caches only.
	local *localCache

	launchType string // FARGATE, EC2, EXTERNAL, MANAGED_INSTANCES; "" when unknown
	// launchMissing says what decides the launch type when it is unknown.
	launchMissing string
	pv            string // resolved Fargate platform version, "" for EC2
	pvGiven       string // as the service says it ("LATEST")

	// enis are the places the task ENI can land (one per service subnet);
	// netMissing says why the network cannot be evaluated when it is empty.
	enis       []netpath.ENI
	netMissing string
	netAssume  string
	// publicUnknown is the stand-in the service gives for assignPublicIp.
	publicUnknown string

	exec *principal // nil when the task definition has no execution role
	// instance is the container instance role of the placement being
	// evaluated (EC2 launch type); the agent uses it where the task has no
	// execution role. nil on Fargate.
	instance *principal
	// placements are where the agent of an EC2 task can run, one per
	// instance group of the cluster; unsure names what could add another.
	placements []placement
	unsure     string
	presignedP *principal
	kmsSeen    map[string]bool
	rcps       *orgLayers // the account's RCPs, parsed on first use
	steps      []Step
	// reqCtx is the request context of the evaluation being made, reused
	// by every evaluation of the task (requestContext).
	reqCtx map[string][]string
	// reqVals holds reqCtx's values, one slot each; reqKeys is how many,
	// or -1 when reqCtx holds others too.
	reqVals    []string
	reqKeys    int
	reqKeyList [ctxKeys]string
	// matches holds the deciding statements of the evaluation being read
	// (evaluate).
	matches []iam.Match
	// origins are the origins of the task's calls, located (locate).
	origins []located
	// descBuf is where describeDecision builds its text.
	descBuf []byte
	// images are the task's image references parsed so far (parseImage).
	images map[string]parsedImage

	assumeDefaults bool      // WithAssumedDefaults
	now            time.Time // WithNow: the clock of dated rules
}

func newSim(w *world.World, net *netpath.Network, td *world.TaskDefinition, svc *world.Service, cache *policyCache) *sim {
	s := &sim{w: w, net: net, td: td, svc: svc, cache: cache}
	s.launchType, s.pvGiven, s.pv, s.launchMissing = launchAndPlatform(w, td, svc)
	s.placeENIs()
	return s
}

// launchAndPlatform decides where the task runs and on which Fargate
// platform version; missing says what is missing when the launch type
// cannot be decided (launch "").
func launchAndPlatform(w *world.World, td *world.TaskDefinition, svc *world.Service) (launch, given, resolved, missing string) {
	switch {
	case svc != nil && world.IsUnresolved(svc.LaunchType):
		missing = "the launchType of service " + svc.ServiceName + ": " + svc.LaunchType
	case svc != nil && svc.LaunchType != "" && !slices.Contains(launchTypes, svc.LaunchType):
		missing = "the launch type of service " + svc.ServiceName + ": launchType " + strconv.Quote(svc.LaunchType) + " is none of " + strings.Join(launchTypes, ", ")
	case svc != nil && svc.LaunchType != "":
		launch = svc.LaunchType
	case svc != nil && len(svc.CapacityProviderStrategy) > 0:
		launch, missing = strategyLaunch(w, svc)
	default:
		// A task definition on its own: where it can run. RunTask's default
		// launch type is EC2, but a FARGATE-compatible definition is almost
		// always meant for Fargate, and one compatible with Managed
		// Instances and not EC2 cannot run on EC2 (ECS API "Compatibility").
		launch = launchEC2
		switch {
		case slices.Contains(td.RequiresCompatibilities, launchFargate):
			launch = launchFargate
		case slices.Contains(td.RequiresCompatibilities, launchManagedInstances) && !slices.Contains(td.RequiresCompatibilities, launchEC2):
			launch = launchManagedInstances
		}
	}
	if launch != launchFargate {
		return launch, "", "", missing
	}
	if svc != nil {
		given = svc.PlatformVersion
	}
	resolved = given
	if given == "" || given == "LATEST" {
		// ECS-DG "Fargate platform versions for Amazon ECS": "The LATEST
		// Linux platform version is 1.4.0. The LATEST Windows platform
		// version is 1.0.0."
		resolved = latestPV(td)
		if given == "" {
			given = "LATEST"
		}
	}
	return launch, given, resolved, ""
}

// placeENIs decides where the task ENI sits, or why that is unknown.
func (s *sim) placeENIs() {
	switch {
	case s.launchType == "":
		s.unknownLaunch()
		return
	case s.launchType == launchEC2 || s.launchType == launchManagedInstances:
		// On EC2 the container agent pulls images and fetches secrets over
		// the container instance's network, not the task ENI. On Managed
		// Instances image downloads, secrets retrieval and log uploads use
		// the instance's primary ENI in awsvpc mode too (ECS-DG "Allocate a
		// network interface for tasks on Amazon ECS Managed Instances"),
		// and host mode shares the instance's network (ECS-DG "Amazon ECS
		// task networking for Amazon ECS Managed Instances").
		s.placeInstances()
		return
	case s.launchType != "FARGATE":
		// External instances: their network is not in the input.
		s.netMissing = instanceNetMissing
		return
	case s.svc == nil:
		s.netMissing = "a service's networkConfiguration (subnets, security groups, assignPublicIp) for task definition " + s.td.Name()
		return
	case s.svc.NetworkConfiguration == nil || s.svc.NetworkConfiguration.AwsvpcConfiguration == nil:
		if v, ok := s.svc.Unknown["networkConfiguration"]; ok {
			s.netMissing = v
		} else {
			s.netMissing = "networkConfiguration.awsvpcConfiguration of service " + s.svc.ServiceName
		}
		return
	case s.linuxPVBefore("1.4.0"):
		// ECS-DG "Fargate platform versions": from 1.4.0 the task ENI carries
		// image pulls, secrets and logs. Earlier versions used an ENI AWS
		// manages; what it reaches is not documented.
		s.netAssume = "platform version " + s.pv + " sends platform traffic over an AWS-managed interface whose reachability is not documented (ECS-DG \"Fargate platform versions\" describes the task ENI path from 1.4.0 only)"
	}
	c := s.svc.NetworkConfiguration.AwsvpcConfiguration
	public := strings.EqualFold(c.AssignPublicIp, "ENABLED")
	if world.IsUnresolved(c.AssignPublicIp) {
		s.publicUnknown = c.AssignPublicIp
	}
	for _, sub := range c.Subnets {
		s.enis = append(s.enis, netpath.ENI{SubnetID: sub, SecurityGroupIDs: c.SecurityGroups, AssignPublicIP: public})
	}
	if len(s.enis) == 0 {
		s.netMissing = "subnets in networkConfiguration.awsvpcConfiguration of service " + s.svc.ServiceName
	}
}

// principal is the execution role and the policies that apply to its
// sessions.
type principal struct {
	roleARN    string
	roleName   string
	account    string
	session    string // the session name: taskIDPlaceholder or instanceIDPlaceholder
	sessionARN string
	role       *world.Role
	// missing is set when the role itself is not in the input.
	missing string
	// absent is set when the input proves the role does not exist.
	absent bool
	layers iam.Layers
	names  []string // the names of the identity policies, for evidence
	// userid is aws:userid, ROLEID:SESSION, made on first use.
	userid string
}

// unresolved records a policy of the role that the input does not show,
// with its layer, so that a known filter (an SCP, an endpoint policy, a
// boundary) that denies still decides beside it.
func (p *principal) unresolved(layer iam.Layer, what string) {
	p.layers.UnresolvedPolicies = append(p.layers.UnresolvedPolicies, iam.UnresolvedPolicy{Name: what, Layer: layer})
}

// resolvePrincipal gathers a role's identity policies, boundary and
// organization policies, for sessions named session. A role ARN that is a
// stand-in (world.Unresolved) is found only where the input filed the
// policies it attaches to it; whatever else the role holds is unresolved,
// so an explicit deny among the known policies decides and an allow does
// not.
func (s *sim) resolvePrincipal(roleARN, session string) *principal {
	p := &principal{roleARN: roleARN, roleName: roleNameOf(roleARN), account: accountOf(roleARN), session: session}
	if p.account == "" {
		p.account = s.w.AccountID
	}
	if p.account == "" {
		p.account = world.Unresolved("the AWS account of role " + roleARN)
	}
	p.sessionARN = sessionARN(roleARN, p.roleName, session)
	role, found, absent := s.w.Roles.Lookup(roleARN)
	if !found {
		what := "the policies of role " + roleARN + " (iam:GetRole, iam:ListAttachedRolePolicies, iam:ListRolePolicies)"
		switch {
		case absent:
			p.absent = true
		case world.IsUnresolved(roleARN):
			p.missing = "role " + roleARN + " (not resolved from the input)"
			what = "the policies and permissions boundary of role " + roleARN + " (not resolved from the input)"
		default:
			p.missing = "iam:GetRole for " + roleARN
		}
		// The role's identity policies and its boundary are both unseen.
		p.unresolved(iam.LayerIdentity, what)
		p.unresolved(iam.LayerBoundary, what)
		s.organization(p)
		return p
	}
	p.role = role
	if !role.AttachedKnown {
		p.unresolved(iam.LayerIdentity, "iam:ListAttachedRolePolicies for role "+p.label(role))
	}
	for _, ap := range role.AttachedPolicies {
		pol, miss := s.managedPolicy(ap.PolicyArn)
		if pol == nil {
			p.unresolved(iam.LayerIdentity, miss)
			continue
		}
		p.layers.Identity = append(p.layers.Identity, pol)
		p.names = append(p.names, pol.Name())
	}
	if !role.InlineKnown {
		p.unresolved(iam.LayerIdentity, "iam:ListRolePolicies for role "+p.label(role))
	}
	for _, ip := range role.InlinePolicies {
		name := p.label(role) + "/" + ip.PolicyName
		if ip.Unknown != "" {
			p.unresolved(iam.LayerIdentity, "inline policy "+name+": "+ip.Unknown)
			continue
		}
		if ip.PolicyDocument == "" {
			p.unresolved(iam.LayerIdentity, "iam:GetRolePolicy for "+name)
			continue
		}
		pol, err := s.cache.parse(name, ip.PolicyDocument)
		if err != nil {
			p.unresolved(iam.LayerIdentity, err.Error())
			continue
		}
		p.layers.Identity = append(p.layers.Identity, pol)
		p.names = append(p.names, name)
	}
	if !role.BoundaryKnown {
		p.unresolved(iam.LayerBoundary, "the permissions boundary of role "+p.label(role)+" (iam:GetRole)")
	} else if role.PermissionsBoundaryArn != "" {
		pol, miss := s.managedPolicy(role.PermissionsBoundaryArn)
		if pol == nil {
			p.unresolved(iam.LayerBoundary, miss)
		} else {
			p.layers.Boundary = pol
		}
	}
	s.organization(p)
	return p
}

// organization adds the SCPs of the account: they apply to every role in
// it, whether or not the input shows the role.
func (s *sim) organization(p *principal) {
	if s.w.SCPs != nil {
		p.layers.SCPs, p.layers.UnresolvedPolicies = s.orgPolicies(s.w.SCPs, iam.LayerSCP, p.layers.UnresolvedPolicies)
	}
	// AWS Organizations "Service control policies": "SCPs don't affect users
	// or roles in the management account".
	p.layers.ManagementAccount = s.w.ManagementAccountID != "" && p.account == s.w.ManagementAccountID
}

// label names the role in missing facts: its name, or the stand-in the
// input gave for it.
func (p *principal) label(role *world.Role) string {
	if role.RoleName != "" && !world.IsUnresolved(role.RoleName) {
		return role.RoleName
	}
	return p.roleARN
}

// orgPolicies parses an organization policy path into one slice per level,
// root first. What a level lacks (PolicyLevel.Missing) and documents that
// do not parse are added to unresolved, with their layer and level: an
// unseen policy could deny, or be the Allow that level lacks, so a
// decision it could change is unknown; a known level that allows nothing
// still denies (IAM-UG "Policy evaluation logic").
func (s *sim) orgPolicies(path *world.PolicyPath, layer iam.Layer, unresolved []iam.UnresolvedPolicy) ([][]*iam.Policy, []iam.UnresolvedPolicy) {
	var levels [][]*iam.Policy
	for i, lvl := range path.Levels {
		var level []*iam.Policy
		for _, np := range lvl.Policies {
			pol, err := s.cache.parse(np.Name, np.Document)
			if err != nil {
				unresolved = append(unresolved, iam.UnresolvedPolicy{Name: err.Error(), Layer: layer, Level: i + 1})
				continue
			}
			level = append(level, pol)
		}
		for _, m := range lvl.Missing {
			unresolved = append(unresolved, iam.UnresolvedPolicy{Name: m, Layer: layer, Level: i + 1})
		}
		levels = append(levels, level)
	}
	return levels, unresolved
}

// resourceControl sets the RCPs that restrict one permission's resource:
// the account's path when the resource is in the input's account (need
// account "") and its service supports RCPs (rcpServices), else none. The input has
// RCPs of its own account only, so another account's resource is judged
// without them. [assumption] An action on "*" (ecr:GetAuthorizationToken,
// which has no resource type) is judged with the RCPs of the caller's
// account, which is the task's: the page names only the resource owner's
// account. [assumption]
func (s *sim) resourceControl(n need, l *iam.Layers) {
	if s.w.RCPs == nil || n.account != "" || n.principal != nil || world.IsUnresolved(n.resource) {
		// n.principal is ECR's presigned URL on AWS's layer bucket; a
		// resource whose account is not resolved may be another account's.
		return
	}
	service, _, _ := strings.Cut(n.action, ":")
	if !rcpSupported(service) {
		return
	}
	if s.rcps == nil {
		s.rcps = &orgLayers{}
		s.rcps.levels, s.rcps.unresolved = s.orgPolicies(s.w.RCPs, iam.LayerRCP, nil)
	}
	l.RCPs = s.rcps.levels
	if len(s.rcps.unresolved) > 0 {
		l.UnresolvedPolicies = append(slices.Clip(l.UnresolvedPolicies), s.rcps.unresolved...)
	}
	// AWS Organizations "Resource control policies": "RCPs don't affect
	// resources in the management account".
	l.ResourceManagementAccount = s.w.ManagementAccountID != "" && s.w.AccountID == s.w.ManagementAccountID
}

// orgLayers is an organization policy path parsed once per task.
type orgLayers struct {
	levels     [][]*iam.Policy
	unresolved []iam.UnresolvedPolicy
}

// managedPolicy returns a managed policy's default version: from the input
// when it has it, else from the embedded catalog of AWS managed policies.
// The answer depends on the world and arn only: it is looked up once per
// run (every bulk role attaches AmazonECSTaskExecutionRolePolicy).
func (s *sim) managedPolicy(arn string) (*iam.Policy, string) {
	c := s.cache
	c.mu.Lock()
	a, ok := c.managed[arn]
	c.mu.Unlock()
	if !ok {
		a.pol, a.missing = s.lookupManaged(arn)
		c.mu.Lock()
		c.managed[arn] = a
		c.mu.Unlock()
	}
	return a.pol, a.missing
}

// lookupManaged is managedPolicy without the cache.
func (s *sim) lookupManaged(arn string) (*iam.Policy, string) {
	if mp := s.w.Policies.Get(arn); mp != nil && mp.Unknown != "" {
		return nil, "managed policy " + arn + ": " + mp.Unknown
	}
	if mp := s.w.Policies.Get(arn); mp != nil && mp.Document != "" {
		name := mp.PolicyName
		if name == "" {
			name = lastSegment(arn)
		}
		pol, err := s.cache.parse(name, mp.Document)
		if err != nil {
			return nil, err.Error()
		}
		return pol, ""
	}
	if doc, ok := awsmanaged.Lookup(arn); ok {
		pol, err := s.cache.parse(doc.Name, doc.JSON)
		if err != nil {
			return nil, err.Error()
		}
		return pol, ""
	}
	return nil, "iam:GetPolicyVersion (default version) for " + arn
}

// policyCache parses each policy document once per simulation run.
// Safe for concurrent use: the tasks of a run are simulated in parallel.
type policyCache struct {
	mu sync.Mutex
	m  map[policyKey]cached
	// docs holds each document that parsed, under the first name it came
	// with: the same document under another name is that policy renamed
	// (iam.Policy.Named). A document that does not parse is parsed again
	// under each name, which its error quotes.
	docs map[string]*iam.Policy
	// managed holds managedPolicy's answers by policy ARN.
	managed map[string]managedAnswer
	// endpoints holds endpointPolicy's answers by VPC endpoint id.
	endpoints map[string]managedAnswer
	// trust holds trustContext's contexts by cluster name.
	trust map[string]map[string][]string
	// keyPolicies holds the key policies of AWS managed keys by alias and
	// kms:ViaService (awsManagedKeyDecrypt).
	keyPolicies map[[2]string]cached
}

// managedAnswer is a managed policy, or what is missing for it.
type managedAnswer struct {
	pol     *iam.Policy
	missing string
}

// policyKey is a policy by name and document; a struct, not a
// concatenation, so that a lookup allocates nothing.
type policyKey struct{ name, doc string }

type cached struct {
	pol *iam.Policy
	err error
}

func newPolicyCache() *policyCache {
	return &policyCache{m: map[policyKey]cached{}, docs: map[string]*iam.Policy{},
		managed: map[string]managedAnswer{}, endpoints: map[string]managedAnswer{},
		trust: map[string]map[string][]string{}, keyPolicies: map[[2]string]cached{}}
}

func (c *policyCache) parse(name, doc string) (*iam.Policy, error) {
	key := policyKey{name, doc}
	c.mu.Lock()
	v, ok := c.m[key]
	if !ok {
		if p := c.docs[doc]; p != nil {
			v, ok = cached{pol: p.Named(name)}, true
			c.m[key] = v
		}
	}
	c.mu.Unlock()
	if ok {
		return v.pol, v.err
	}
	pol, err := iam.Parse(name, []byte(doc))
	c.mu.Lock()
	if prev, ok := c.m[key]; ok {
		// Another worker parsed it meanwhile: keep one policy per key.
		pol, err = prev.pol, prev.err
	} else {
		c.m[key] = cached{pol, err}
		if err == nil {
			c.docs[doc] = pol
		}
	}
	c.mu.Unlock()
	return pol, err
}

// versionLess compares dotted version strings numerically; "" is less than
// everything. A missing field counts as 0.
func versionLess(a, b string) bool {
	for a != "" || b != "" {
		var x, y string
		x, a, _ = strings.Cut(a, ".")
		y, b, _ = strings.Cut(b, ".")
		if x, y := atoi(x), atoi(y); x != y {
			return x < y
		}
	}
	return false
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			return n
		}
		n = n*10 + int(c-'0')
	}
	return n
}

// parsedImage is the answer of imageref.Parse for one reference.
type parsedImage struct {
	ref imageref.Ref
	err error
}

// parseImage is imageref.Parse, once per reference and task: the task
// definition's validation, the execution role's use and the container's
// steps each read every image.
func (s *sim) parseImage(image string) (imageref.Ref, error) {
	if p, ok := s.images[image]; ok {
		return p.ref, p.err
	}
	ref, err := imageref.Parse(image)
	if s.images == nil {
		s.images = make(map[string]parsedImage, 4)
	}
	s.images[image] = parsedImage{ref, err}
	return ref, err
}
