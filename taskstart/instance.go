package taskstart

import (
	"slices"
	"strings"

	"github.com/ecs-preflight/ecs-preflight/imageref"
	"github.com/ecs-preflight/ecs-preflight/netpath"
	"github.com/ecs-preflight/ecs-preflight/world"
)

// placement is where the container agent of an EC2 or Managed Instances
// task runs: the instances of one instance group, with their role and
// network.
type placement struct {
	group *world.InstanceGroup
	// enis are the instances' primary interfaces, one per subnet;
	// netMissing says why they cannot be evaluated when empty.
	enis       []netpath.ENI
	netMissing string
	// role is the instance profile's role, a stand-in when the input does
	// not resolve it.
	role *principal
}

// instanceNetMissing is the missing fact of an EC2 task whose container
// instances the input does not have.
const instanceNetMissing = "the container instance's network path (EC2 launch type: the agent calls AWS over the instance's interface)"

// placeInstances finds the container instances an EC2 task can run on:
// the instance groups that join the service's cluster. On the EC2 launch
// type the agent pulls images, fetches secrets and writes awslogs over the
// instance's interface, and uses the container instance role for ECR pulls
// and awslogs when the task has no execution role (ECS-DG "Amazon ECS task
// execution IAM role": the execution role is needed for those on Fargate
// and external instances only; ECS-DG "Amazon ECS container instance IAM
// role"; agent agent/engine: without execution credentials the pull uses
// the instance's). Each group that joins is a placement and the worst one
// decides, as subnets do; a group that may join (its cluster or the
// service's is unresolved or not stated) can only make an answer unknown.
func (s *sim) placeInstances() {
	s.netMissing = instanceNetMissing
	cluster := "default" // ECS API "CreateService": cluster defaults to default
	switch {
	case s.svc == nil:
		cluster = world.Unresolved("the cluster a task definition on its own runs in")
	case s.svc.ClusterArn != "":
		cluster = s.svc.ClusterArn
	}
	var maybe []string
	for _, g := range s.w.InstanceGroups.All() {
		if !s.hosts(g) {
			continue
		}
		m := joins(g.Cluster, cluster)
		if s.launchType == launchManagedInstances && s.namedInStrategy(g) {
			m = joinsYes
		}
		switch m {
		case joinsYes:
			s.placements = append(s.placements, s.placementOf(g))
		case joinsMaybe:
			maybe = append(maybe, g.Name)
		}
	}
	if len(maybe) > 0 {
		s.unsure = "whether instance group " + strings.Join(maybe, ", ") + " joins cluster " + clusterName(cluster) + " (its cluster or the service's is not resolved)"
	}
	if len(s.placements) == 0 {
		what := "no Auto Scaling group, launch template or instance in the input joins it"
		if s.launchType == launchManagedInstances {
			s.netMissing = managedNetMissing
			what = "no Managed Instances capacity provider of the input joins it"
		}
		if len(maybe) > 0 {
			what = s.unsure
		}
		s.instance = s.resolvePrincipal(world.Unresolved("container instance role of cluster "+clusterName(cluster)+": "+what), instanceIDPlaceholder)
		// Where no instance of the cluster is in the input, not even an
		// organization policy decides: whether and where the task is
		// placed is unknown.
		s.instance.layers.SCPs = nil
		if len(maybe) > 0 {
			s.netMissing += ": " + s.unsure
		}
		return
	}
	s.use(s.placements[0])
}

// use makes pl the placement the next calls are evaluated for.
func (s *sim) use(pl placement) {
	s.enis, s.netMissing, s.instance = pl.enis, pl.netMissing, pl.role
}

// placementOf reads one instance group's role and network.
func (s *sim) placementOf(g *world.InstanceGroup) placement {
	pl := placement{group: g}
	roleARN := g.RoleArn
	switch {
	case g.Unknown["RoleArn"] != "":
		if roleARN == "" || !world.IsUnresolved(roleARN) {
			roleARN = world.Unresolved(g.Unknown["RoleArn"])
		}
	case roleARN == "" && g.InstanceProfileArn != "":
		roleARN = world.Unresolved("the role of instance profile " + g.InstanceProfileArn)
	case roleARN == "":
		// ECS-DG "Amazon ECS container instance IAM role": an instance
		// without one cannot register with the cluster; what then happens
		// to the task is not a start-phase call.
		roleARN = world.Unresolved("the container instance role of instance group " + g.Name + ": the input gives its instances no instance profile")
	}
	pl.role = s.resolvePrincipal(roleARN, instanceIDPlaceholder)
	for _, f := range []string{"Subnets", "SecurityGroups", "AssociatePublicIp"} {
		if v := g.Unknown[f]; v != "" {
			pl.netMissing = v
			return pl
		}
	}
	if len(g.Subnets) == 0 {
		pl.netMissing = "the subnets of instance group " + g.Name
		return pl
	}
	for _, sub := range g.Subnets {
		// EC2-UG "Amazon EC2 instance IP addressing": without an explicit
		// setting the subnet's public IPv4 addressing attribute decides.
		public := false
		if g.AssociatePublicIp != nil {
			public = *g.AssociatePublicIp
		} else if sn := s.w.Subnets.Get(sub); sn != nil {
			public = sn.MapPublicIpOnLaunch
		}
		pl.enis = append(pl.enis, netpath.ENI{SubnetID: sub, SecurityGroupIDs: slices.Clone(g.SecurityGroups), AssignPublicIP: public})
	}
	return pl
}

// membership is whether an instance group joins a cluster.
type membership int

const (
	joinsNot membership = iota
	joinsMaybe
	joinsYes
)

// joins reports whether instances configured for cluster a join cluster b,
// each a name or an ARN: the same name joins; "" (the input does not say)
// or a name that is a stand-in may. Only the name counts: the agent names
// its cluster (ECS_CLUSTER, ECS-DG "Amazon ECS container agent
// configuration") in its own account and region, so an ARN whose account
// is unresolved still names its cluster.
func joins(a, b string) membership {
	na, nb := clusterName(a), clusterName(b)
	if na == "" || nb == "" || world.IsUnresolved(na) || world.IsUnresolved(nb) {
		return joinsMaybe
	}
	if na == nb {
		return joinsYes
	}
	return joinsNot
}

// clusterName is a cluster's name from its name or ARN.
func clusterName(c string) string {
	if p, ok := parseARN(c); ok {
		return strings.TrimPrefix(p.resource, "cluster/")
	}
	return c
}

// agentCredentials reports whether the agent makes the call with the
// container instance role when the task has no execution role: ECR pulls
// and awslogs on the EC2 launch type (ECS-DG "Amazon ECS task execution IAM
// role"). Registry credentials, secrets and environment files need the
// execution role on EC2 too.
func (s *sim) agentCredentials(c call) bool {
	// An unknown launch type may be EC2: the stand-in of unknownLaunch
	// then makes the call unknown rather than a fail without a role.
	if s.launchType != launchEC2 && s.launchType != "" {
		return false
	}
	switch c.kind {
	case kindECRAuth, kindManifest, kindLayers, kindLogStream:
		return true
	}
	return false
}

// check evaluates a call for every placement of the task and returns the
// worst answer: a task can land on any of them. A group that may join the
// cluster can only make a passing answer unknown.
func (s *sim) check(c call) Step {
	if len(s.placements) == 0 {
		return s.unsureOf(c, s.checkOne(c))
	}
	var worst Step
	for i, pl := range s.placements {
		s.use(pl)
		st := s.checkOne(c)
		who := "the container agent runs on the instances of " + pl.group.Name
		if s.exec == nil && s.agentCredentials(c) {
			who += " with role " + pl.role.roleARN
		}
		st.Evidence = append([]string{who}, st.Evidence...)
		if i == 0 || st.Status.rank() > worst.Status.rank() {
			worst = st
		}
	}
	s.use(s.placements[0])
	return s.unsureOf(c, worst)
}

func (s *sim) unsureOf(c call, st Step) Step {
	if s.unsure == "" || st.Status == Fail || st.Status == Unknown {
		return st
	}
	st.Status = Unknown
	st.Missing = append(st.Missing, s.unsure)
	st.Summary = summarize(c, st)
	return st
}

// kind names the role's part in the start phase, for fixes.
func (p *principal) kind() string {
	if p.session == instanceIDPlaceholder {
		return "container instance role"
	}
	return "execution role"
}

// instanceUse says what the container instance role does for a task
// without an execution role on EC2: "pull from Amazon ECR and write
// awslogs", or "".
func (s *sim) instanceUse() string {
	var ecr, logs bool
	for _, c := range s.td.ContainerDefinitions {
		if ref, err := s.parseImage(c.Image); err == nil && ref.Kind == imageref.ECRPrivate {
			ecr = true
		}
		if c.LogConfiguration != nil && c.LogConfiguration.LogDriver == "awslogs" {
			logs = true
		}
	}
	switch {
	case ecr && logs:
		return "pull from Amazon ECR and write awslogs"
	case ecr:
		return "pull from Amazon ECR"
	case logs:
		return "write awslogs"
	}
	return ""
}

// unresolvedImage returns the first image the input does not resolve, or "".
func (s *sim) unresolvedImage() string {
	for _, c := range s.td.ContainerDefinitions {
		if _, ok := c.Unknown["image"]; ok || world.IsUnresolved(c.Image) {
			return or(c.Image, "of container "+c.Name)
		}
	}
	return ""
}
