package taskstart

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/ecs-preflight/ecs-preflight/iam"
	"github.com/ecs-preflight/ecs-preflight/imageref"
	"github.com/ecs-preflight/ecs-preflight/netpath"
	"github.com/ecs-preflight/ecs-preflight/world"
)

// run simulates the whole start phase of the task, in platform order.
func (s *sim) run() Task {
	t := Task{TaskDefinition: s.td.Name(), LaunchType: s.launchType, PlatformVersion: s.pv}
	if s.svc != nil {
		t.Service = s.svc.ServiceName
	}
	s.steps = make([]Step, 0, stepsEstimate(s.td))
	s.taskDefinitionSteps()
	if _, missing := s.td.Unknown["taskDefinition"]; !missing {
		s.executionRoleStep()
		// Containers known only after deploy (a Terraform jsonencode with an
		// unknown part): the task-definition step names them as missing.
		if _, unknown := s.td.Unknown["containerDefinitions"]; !unknown {
			for i := range s.td.ContainerDefinitions {
				s.containerSteps(&s.td.ContainerDefinitions[i])
			}
		}
	}
	for i := range s.steps {
		s.defaultFixLocation(&s.steps[i])
	}
	t.Steps = s.steps
	t.Verdict = verdictOf(s.steps)
	return t
}

// stepsEstimate is about how many steps a task of td has: the task
// definition and execution role steps, then per container the three image
// steps, logs, and a step (and a possible KMS step) per secret and
// environment file. A Step is large and a bulk run has thousands of tasks:
// sizing the list once saves the copies of growing it one step at a time.
func stepsEstimate(td *world.TaskDefinition) int {
	n := 2
	for i := range td.ContainerDefinitions {
		c := &td.ContainerDefinitions[i]
		n += 4 + 2*len(c.Secrets) + 2*len(c.EnvironmentFiles)
	}
	return n
}

// containerSteps runs the steps of one container. The agent fetches every
// task resource (registry credentials, secrets) before pulling (agent
// agent/taskresource and agent/engine), but each container's answers are
// grouped here as the user reads them.
func (s *sim) containerSteps(c *world.ContainerDefinition) {
	if v, ok := c.Unknown["image"]; ok || c.Image == "" || world.IsUnresolved(c.Image) {
		if v == "" && c.Image != "" {
			v = "the image of container " + c.Name + ": " + c.Image
		}
		if v == "" {
			v = "the image of container " + c.Name
		}
		for _, k := range []StepKind{StepRegistryAuth, StepImageManifest, StepImageLayers} {
			s.steps = append(s.steps, Step{Container: c.Name, Step: k, Status: Unknown, Missing: []string{v},
				Summary: "image not known before deploy", Location: c.Origin.String(), Origin: locationOf(c.Origin)})
		}
	} else if ref, err := s.parseImage(c.Image); err == nil {
		s.registryAuth(c, ref)
		s.imagePull(c, ref)
	}
	for _, sec := range c.Secrets {
		s.secret(c, sec)
	}
	for _, ef := range c.EnvironmentFiles {
		s.envFile(c, ef)
	}
	s.logs(c)
}

// pullAssumption is what only a real pull shows.
func pullAssumption(ref imageref.Ref, arch string) string {
	what := "tag " + ref.Tag
	if ref.Digest != "" {
		what = "digest " + ref.Digest
	}
	return what + " exists in " + ref.Registry + "/" + ref.Repository + " with a manifest for linux/" + arch + " (not checked: only a registry pull can show it)"
}

func (s *sim) arch() string {
	if rp := s.td.RuntimePlatform; rp != nil && rp.CpuArchitecture != "" {
		return strings.ToLower(strings.Replace(rp.CpuArchitecture, "X86_64", "amd64", 1))
	}
	return "amd64"
}

// registryAuth: an ECR token, private registry credentials from Secrets
// Manager, or an anonymous pull.
func (s *sim) registryAuth(c *world.ContainerDefinition, ref imageref.Ref) {
	switch {
	case ref.Kind == imageref.ECRPrivate:
		cl := call{
			container: c.Name, step: StepRegistryAuth, ruleID: "EPF-ECR-AUTH", kind: kindECRAuth,
			what: "get an ECR authorization token", ref: ref.String(), origin: c.Origin,
			// ECR-UG "Private repository policies": GetAuthorizationToken is
			// account-level; only identity policies grant it, on "*".
			needs:     []need{{action: "ecr:GetAuthorizationToken", resource: "*"}},
			noVPCKeys: true,
		}
		if !s.linuxPVBefore("1.4.0") || s.launchType != "FARGATE" {
			t := s.serviceTarget("ecr.api", ref.Region, ref.Partition)
			cl.target = &t
		} else {
			// ECR-UG "VPC endpoints": platform versions 1.3.0 and earlier need
			// only ecr.dkr and S3; the token call does not use the task ENI.
			cl.assumptions = append(cl.assumptions, "platform version "+s.pv+" gets the ECR token outside the task ENI (ECR-UG: ecr.api endpoint needed from 1.4.0 only)")
		}
		if s.policiesMention("sourcevpc") {
			cl.assumptions = append(cl.assumptions, tokenVPCKeysAssumption)
		}
		st := s.check(cl)
		if s.launchType == "FARGATE" && cl.target != nil {
			st = s.tokenVPCKeysHinge(cl, st)
		}
		if c.RepositoryCredentials != nil {
			st.Warnings = append(st.Warnings, "repositoryCredentials is set on an Amazon ECR image; ECR images authenticate with the execution role and the credentials are not used (ECS-DG \"Private registry authentication for tasks\")")
			if st.Status == OK {
				st.Status = Warn
			}
		}
		s.steps = append(s.steps, st)
	case c.RepositoryCredentials != nil:
		s.registryCredentials(c, ref)
	default:
		st := Step{Container: c.Name, Step: StepRegistryAuth, Status: OK, RuleID: "EPF-ANON-PULL",
			Summary: "anonymous pull from " + ref.Registry + " (no repositoryCredentials)", Location: c.Origin.String(), Origin: locationOf(c.Origin)}
		if ref.Kind == imageref.DockerHub {
			// Docker Docs "Docker Hub usage and limits": anonymous pulls are
			// limited per source IP address; a NAT gateway shares one
			// address across every task behind it.
			st.Status = Warn
			st.Warnings = []string{"anonymous Docker Hub pulls are rate-limited per source IP (toomanyrequests: You have reached your pull rate limit); use repositoryCredentials or an ECR pull through cache"}
			st.Fix = "mirror the image to Amazon ECR (pull through cache) or set repositoryCredentials"
		}
		s.steps = append(s.steps, st)
	}
}

// The sources disagree on whether ecr:GetAuthorizationToken carries
// aws:SourceVpc and aws:SourceVpce under platform version 1.4.0. ECS-DG
// "Amazon ECS task execution IAM role" (archived text, section "Optional
// IAM permissions for Fargate tasks pulling Amazon ECR images over
// interface endpoints") says the call "goes through the elastic network
// interface owned by AWS Fargate rather than the elastic network interface
// of the task", so the keys are absent; the AWS Containers Blog post "AWS
// Fargate launches platform version 1.4" (April 2020) says that in 1.4.0
// ECR traffic leaves from the task ENI, where an interface endpoint would
// add them. The evaluation keeps the guide's reading
// [assumption]; where the answer would differ the step is unknown.
const (
	tokenVPCKeysAssumption = "ecr:GetAuthorizationToken is evaluated without aws:SourceVpc/aws:SourceVpce as ECS-DG \"Amazon ECS task execution IAM role\" (archived text) says: the call goes through an elastic network interface owned by AWS Fargate; the AWS Containers Blog post \"AWS Fargate launches platform version 1.4\" (April 2020) says platform version 1.4.0 makes it from the task ENI, where the keys would be present"
	tokenVPCKeysMissing    = "whether ecr:GetAuthorizationToken carries aws:SourceVpc/aws:SourceVpce on platform version 1.4.0, which decides this step: ECS-DG \"Amazon ECS task execution IAM role\" (archived text) says the call goes through an elastic network interface owned by AWS Fargate (no keys); the AWS Containers Blog post \"AWS Fargate launches platform version 1.4\" (April 2020) says it leaves from the task ENI (keys present)"
)

// tokenVPCKeysHinge makes the token step unknown when its answer depends
// on the disputed aws:SourceVpc/aws:SourceVpce keys: it evaluates the call
// again as if the keys were present and compares.
func (s *sim) tokenVPCKeysHinge(cl call, st Step) Step {
	if !s.readsContext(cl) {
		// No policy of the evaluation reads the keys: the answer with them
		// is this one.
		return st
	}
	with := cl
	with.noVPCKeys = false
	other := s.check(with)
	if (st.Status == Fail) == (other.Status == Fail) {
		return st
	}
	addAssumption(&st, tokenVPCKeysAssumption)
	st.Status = Unknown
	st.StoppedReason, st.Fix, st.FixLocation = "", "", nil
	if st.Network != nil && st.Network.BlockedBy == netpath.BlockEndpointPolicy {
		st.Network.BlockedBy = ""
	}
	st.Missing = append(st.Missing, other.Missing...)
	st.Missing = dedupe(append(st.Missing, tokenVPCKeysMissing))
	st.Summary = summarize(cl, st)
	return st
}

// readsContext reports whether the request context can change the IAM
// answer of a call made with the execution role: whether any policy of its
// evaluations reads it (iam.Policy.ReadsContext). It answers true, the
// cautious answer, where it does not look: organization policies, resource
// policies, other principals, a need asked of another host.
func (s *sim) readsContext(cl call) bool {
	p := s.exec
	if p == nil || s.w.SCPs != nil || s.w.RCPs != nil || len(p.layers.SCPs) > 0 || len(p.layers.RCPs) > 0 || len(p.layers.Session) > 0 {
		return true
	}
	for _, n := range cl.needs {
		if n.res != nil || n.principal != nil || n.via != nil {
			return true
		}
	}
	if ep, _ := s.endpointPolicy(s.reach(cl.target)); ep.ReadsContext() || p.layers.Boundary.ReadsContext() {
		return true
	}
	return slices.ContainsFunc(p.layers.Identity, (*iam.Policy).ReadsContext)
}

// registryCredentials: the Secrets Manager secret named in
// repositoryCredentials.credentialsParameter (ECS-DG "Private registry
// authentication for tasks").
func (s *sim) registryCredentials(c *world.ContainerDefinition, ref imageref.Ref) {
	param := c.RepositoryCredentials.CredentialsParameter
	sec, arn, region, account, missing := s.findSecret(param)
	t := s.serviceTarget("secretsmanager", region, s.w.Partition)
	cl := call{
		container: c.Name, step: StepRegistryAuth, subject: shortSecret(arn), ruleID: "EPF-REGCREDS", kind: kindRegistryCreds,
		what: "read registry credentials from secret " + shortSecret(arn), ref: arn, origin: c.Origin,
		target: &t,
		needs:  []need{{action: "secretsmanager:GetSecretValue", resource: arn, account: foreign(account, s.home()), res: s.secretPolicy(sec, arn, missing)}},
	}
	st := s.check(cl)
	// agent agent/asm/asm.go: the secret must be a JSON string holding
	// username and password (keys matched case-insensitively).
	if sec != nil && st.Status != Fail {
		switch v := sec.Value; {
		case sec.Deleted:
			st.Status = Fail
			st.StoppedReason = registryAuthReason(arn, "InvalidRequestException: You can't perform this operation on the secret because it was marked for deletion.")
			st.Fix = "restore the secret (aws secretsmanager restore-secret) or point credentialsParameter at a live one"
			st.FixLocation = fixAt(sec.Origin, "secret "+shortSecret(arn))
		case v == nil:
			st.Assumptions = append(st.Assumptions, "the secret's value is a JSON object with username and password (add SecretKeys to the snapshot to check)")
		case v.Kind != "json" || !hasKeyFold(v.Keys, "username") || !hasKeyFold(v.Keys, "password"):
			st.Status = Fail
			st.StoppedReason = registryAuthFormat(credentialsFormatError(v))
			st.Fix = `store the secret as {"username":"…","password":"…"} (SecretString, not binary)`
			st.FixLocation = fixAt(sec.Origin, "secret "+shortSecret(arn))
			st.Summary = "secret " + shortSecret(arn) + " does not hold username and password"
		}
	}
	credentialsShapeAssumed(&st, sec)
	st.Assumptions = append(st.Assumptions, "the credentials in the secret are accepted by "+ref.Registry)
	s.steps = append(s.steps, st)
	if sec != nil {
		s.kmsForSecret(c, StepRegistryAuth, sec, arn, region, account)
	}
}

// imagePull: the manifest and then the layers.
func (s *sim) imagePull(c *world.ContainerDefinition, ref imageref.Ref) {
	assume := pullAssumption(ref, s.arch())
	if ref.Kind != imageref.ECRPrivate {
		s.internetPull(c, ref, assume)
		return
	}
	repoARN := ref.RepositoryARN()
	res, exists := s.repositoryPolicy(ref, repoARN)
	acct := foreign(ref.AccountID, s.home())
	dkr := netpath.ECRRegistryTarget(ref.Registry, ref.Region)
	manifest := call{
		container: c.Name, step: StepImageManifest, ruleID: "EPF-ECR-MANIFEST", kind: kindManifest,
		what: "read the image manifest from " + ref.Registry, ref: ref.String(), origin: c.Origin,
		target:      &dkr,
		needs:       []need{{action: "ecr:BatchGetImage", resource: repoARN, account: acct, res: res}},
		assumptions: []string{assume},
	}
	st := s.check(manifest)
	if !exists && st.Status != Fail {
		// The repository listing is complete and the repository is not in it.
		// The text, with one retry, is quoted in
		// cloudnativedaysjp/dreamkast-infra#4567 and aws/containers-roadmap#2687.
		st.Status = Fail
		st.StoppedReason = cannotPull + "pull image manifest has been retried 1 time(s): failed to resolve ref " + ref.String() + ": " + ref.String() + ": not found"
		st.Fix = "create repository " + ref.Repository + " in account " + ref.AccountID + " (" + ref.Region + ") and push the image, or fix the image name"
		st.Summary = "repository " + ref.Repository + " does not exist"
		st.Assumptions = nil
	}
	if repo := s.w.Repositories.Get(repoARN); repo != nil && repo.PullThroughCache {
		// ECR-UG "Pull through cache": the first pull reaches the upstream
		// registry, which endpoints alone cannot.
		st.Warnings = append(st.Warnings, "repository "+ref.Repository+" is filled by a pull through cache rule: the first pull of a new tag needs internet egress even with VPC endpoints")
		if st.Status == OK {
			st.Status = Warn
		}
	}
	s.steps = append(s.steps, st)

	// The layer URL comes from ecr.dkr (GetDownloadUrlForLayer) and the
	// bytes from S3: ECR-UG "VPC endpoints" — the S3 gateway endpoint policy
	// must allow s3:GetObject on the layer bucket.
	bucket := s.serviceTarget("", ref.Region, ref.Partition)
	layers := call{
		container: c.Name, step: StepImageLayers, ruleID: "EPF-ECR-LAYERS", kind: kindLayers,
		what: "download the image layers from Amazon S3", ref: ref.String(), origin: c.Origin,
		target: &bucket,
		needs: []need{
			{action: "ecr:GetDownloadUrlForLayer", resource: repoARN, account: acct, res: res, via: &dkr},
			{action: "s3:GetObject", resource: "arn:" + partitionOr(ref.Partition) + ":s3:::prod-" + ref.Region + "-starport-layer-bucket/*", principal: s.presigned()},
		},
	}
	if exists {
		s.steps = append(s.steps, s.check(layers))
	}
}

// internetPull: a registry no VPC endpoint serves (Docker Hub, ECR Public,
// any other); the pull needs a way to the internet.
func (s *sim) internetPull(c *world.ContainerDefinition, ref imageref.Ref, assume string) {
	hosts := ref.RegistryHosts()
	if len(hosts) == 0 {
		hosts = []string{ref.Registry}
	}
	reg := netpath.InternetTarget(hosts[0])
	s.steps = append(s.steps, s.check(call{
		container: c.Name, step: StepImageManifest, ruleID: "EPF-REMOTE-MANIFEST", kind: kindPublicPull,
		what: "read the image manifest from " + ref.Registry, ref: ref.String(), origin: c.Origin,
		target: &reg, assumptions: []string{assume},
	}))
	// Blobs come from the first host after the registry that is not its
	// token service (Docker Hub: auth.docker.io, then the CDN).
	blob := reg
	for _, h := range hosts[1:] {
		if !strings.HasPrefix(h, "auth.") {
			blob = netpath.InternetTarget(h)
			break
		}
	}
	s.steps = append(s.steps, s.check(call{
		container: c.Name, step: StepImageLayers, ruleID: "EPF-REMOTE-LAYERS", kind: kindLayers,
		what: "download the image layers from " + blob.Host, ref: ref.String(), origin: c.Origin,
		target: &blob,
	}))
}

// repositoryPolicy returns the repository's policy as a resource layer;
// exists is false only when the input proves the repository is missing.
func (s *sim) repositoryPolicy(ref imageref.Ref, repoARN string) (*resourcePolicy, bool) {
	rp := &resourcePolicy{what: "the repository policy of " + ref.Repository, omitResource: true}
	repo, found, absent := s.w.Repositories.Lookup(repoARN)
	switch {
	case found && repo.PolicyKnown:
		rp.origin = repo.Origin
		if repo.PolicyText != "" {
			pol, err := s.cache.parse("repository policy of "+ref.Repository, repo.PolicyText)
			if err != nil {
				rp.missing = err.Error()
			}
			rp.pol = pol
		}
	case found:
		rp.origin = repo.Origin
		rp.missing = "ecr:GetRepositoryPolicy for " + repoARN
		s.assumeNoRepositoryPolicy(rp, ref.AccountID, repoARN, ref.Repository, true)
	case absent && ref.AccountID == s.w.AccountID:
		return rp, false
	default:
		rp.missing = "ecr:DescribeRepositories and ecr:GetRepositoryPolicy for " + repoARN
		s.assumeNoRepositoryPolicy(rp, ref.AccountID, repoARN, ref.Repository, false)
	}
	return rp, true
}

// presigned is the principal of the S3 layer download: ECR hands out a
// presigned URL, so no identity policy of the task is involved and only the
// S3 endpoint policy filters (ECR-UG "VPC endpoints", "Minimum Amazon S3
// bucket permissions").
func (s *sim) presigned() *principal {
	if s.presignedP == nil {
		pol, _ := s.cache.parse("ECR presigned layer URL", `{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}`)
		s.presignedP = &principal{sessionARN: "ECR presigned layer URL"}
		s.presignedP.layers.Identity = append(s.presignedP.layers.Identity, pol)
	}
	return s.presignedP
}

// foreign returns account when it differs from home, else "". An
// unresolved account is judged as home's: a resource policy that is not in
// the input then keeps the decision unknown either way, where calling it
// foreign would let a missing identity allow decide a deny that a
// same-account resource policy could lift (IAM-UG "Policy evaluation
// logic").
func foreign(account, home string) string {
	if account == home || world.IsUnresolved(account) {
		return ""
	}
	return account
}

func hasKeyFold(keys []string, k string) bool {
	for _, x := range keys {
		if strings.EqualFold(x, k) {
			return true
		}
	}
	return false
}

// policiesMention reports whether any identity policy of the execution role
// mentions word, in lower case (case-insensitive), to attach assumptions
// only where they matter.
func (s *sim) policiesMention(word string) bool {
	if s.exec == nil || s.exec.role == nil {
		return false
	}
	for _, ip := range s.exec.role.InlinePolicies {
		if containsLower(ip.PolicyDocument, word) {
			return true
		}
	}
	for _, ap := range s.exec.role.AttachedPolicies {
		if mp := s.w.Policies.Get(ap.PolicyArn); mp != nil && containsLower(mp.Document, word) {
			return true
		}
	}
	return false
}

// containsLower is strings.Contains(strings.ToLower(s), word) for a
// lower-case word, without lowering a copy of an ASCII s (where ToLower
// only maps A-Z).
func containsLower(s, word string) bool {
	for i := range len(s) {
		if s[i] >= utf8.RuneSelf {
			return strings.Contains(strings.ToLower(s), word)
		}
	}
	for i := 0; i+len(word) <= len(s); i++ {
		j := 0
		for j < len(word) {
			c := s[i+j]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != word[j] {
				break
			}
			j++
		}
		if j == len(word) {
			return true
		}
	}
	return false
}

// credentialsFormatError is the agent's error for registry credentials it
// cannot use, in the order it checks them (agent agent/asm/asm.go
// extractASMValue): an empty SecretString (a binary secret), a value that
// is not a JSON object, then the username, then the password.
func credentialsFormatError(v *world.SecretShape) string {
	switch {
	case v.Kind == "binary":
		return "asm fetching authorization data: empty secrets value"
	case v.Kind != "json":
		return "asm fetching authorization data: unable to unmarshal secret value, invalid schema"
	case !hasKeyFold(v.Keys, "username"):
		return "asm fetching username: AuthorizationData is malformed, empty field"
	}
	return "asm fetching password: AuthorizationData is malformed, empty field"
}
