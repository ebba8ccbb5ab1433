package taskstart

import (
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/ecs-preflight/ecs-preflight/imageref"
	"github.com/ecs-preflight/ecs-preflight/world"
)

// ECS API RegisterTaskDefinition, family and containerDefinitions.name:
// "Up to 255 letters (uppercase and lowercase), numbers, underscores, and
// hyphens are allowed."
var nameRE = regexp.MustCompile(`^[A-Za-z0-9_-]{1,255}$`)

// fargateMemory lists, per task cpu units, the memory sizes (MiB) Fargate
// accepts: ECS-DG "Amazon ECS task definition parameters for Fargate"
// (Task size) and "Task CPU and memory". 8192 and 16384 cpu need platform
// version 1.4.0.
func fargateMemoryOK(cpu, mem int) bool {
	in := func(lo, hi, step int) bool { return mem >= lo && mem <= hi && (mem-lo)%step == 0 }
	switch cpu {
	case 256:
		return mem == 512 || mem == 1024 || mem == 2048
	case 512:
		return in(1024, 4096, 1024)
	case 1024:
		return in(2048, 8192, 1024)
	case 2048:
		return in(4096, 16384, 1024)
	case 4096:
		return in(8192, 30720, 1024)
	case 8192:
		return in(16384, 61440, 4096)
	case 16384:
		return in(32768, 122880, 8192)
	}
	return false
}

// parseCPU reads task cpu as "1024" or "1 vCPU".
func parseCPU(s string) (int, bool) {
	s = strings.TrimSpace(s)
	if v, ok := strings.CutSuffix(strings.ToLower(s), "vcpu"); ok {
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		return int(f * 1024), err == nil
	}
	n, err := strconv.Atoi(s)
	return n, err == nil
}

// parseMemory reads task memory as "2048" (MiB) or "2 GB".
func parseMemory(s string) (int, bool) {
	s = strings.TrimSpace(s)
	if v, ok := strings.CutSuffix(strings.ToLower(s), "gb"); ok {
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		return int(f * 1024), err == nil
	}
	n, err := strconv.Atoi(s)
	return n, err == nil
}

// retiredPV lists Fargate Linux platform versions that accept no new tasks:
// ECS-DG "Retired Fargate platform versions" (retired 2020-12-14).
var retiredPV = map[string]bool{"1.0.0": true, "1.1.0": true, "1.2.0": true}

// fargateLogDrivers are the log drivers Fargate supports: ECS-DG
// "LogConfiguration": awslogs, splunk and awsfirelens.
var fargateLogDrivers = map[string]bool{"awslogs": true, "splunk": true, "awsfirelens": true}

// tdFinding is one problem with the task definition.
type tdFinding struct {
	status    Status
	container string
	subject   string
	rule      string
	reason    string
	fix       string
	summary   string
	missing   string // on an Unknown finding: the value that decides it
}

// unresolvedFinding is a rule whose deciding value is a stand-in: no
// unresolved value decides a fail (world/unresolved.go), so the rule is
// unknown, naming the value.
func unresolvedFinding(container, subject, rule, value string) tdFinding {
	what := subject
	if container != "" {
		what = subject + " of container " + container
	}
	return tdFinding{status: Unknown, container: container, subject: subject, rule: rule,
		missing: what + ": " + value, summary: what + " is not known before deploy"}
}

// taskDefinitionSteps validates the task definition for the launch type and
// platform version, before anything is called.
func (s *sim) taskDefinitionSteps() {
	td := s.td
	if v, ok := td.Unknown["taskDefinition"]; ok {
		// Nothing of the definition is known: validating the empty
		// placeholder would invent failures.
		s.steps = append(s.steps, Step{Step: StepTaskDefinition, Status: Unknown, RuleID: "EPF-TD",
			Missing: []string{v}, Summary: "task definition " + td.Family + " is not in the input"})
		return
	}
	var fs []tdFinding
	add := func(f tdFinding) { fs = append(fs, f) }
	fargate := s.launchType == "FARGATE"

	if world.IsUnresolved(td.Family) {
		add(unresolvedFinding("", "family", "EPF-TD-NAME", td.Family))
	} else if !nameRE.MatchString(td.Family) {
		add(tdFinding{status: Fail, subject: "family", rule: "EPF-TD-NAME",
			reason:  "ClientException: Family contains invalid characters. Up to 255 letters (uppercase and lowercase), numbers, hyphens, and underscores are allowed.",
			fix:     "rename the family to letters, digits, hyphens and underscores (at most 255)",
			summary: "family name " + quote(td.Family) + " is not valid"})
	}
	for _, c := range td.ContainerDefinitions {
		if world.IsUnresolved(c.Name) {
			add(unresolvedFinding(c.Name, "name", "EPF-TD-NAME", c.Name))
		} else if !nameRE.MatchString(c.Name) {
			add(tdFinding{status: Fail, container: c.Name, subject: "name", rule: "EPF-TD-NAME",
				reason:  "ClientException: Container name contains invalid characters. Up to 255 letters (uppercase and lowercase), numbers, hyphens, and underscores are allowed.",
				fix:     "rename the container to letters, digits, hyphens and underscores (at most 255)",
				summary: "container name " + quote(c.Name) + " is not valid"})
		}
	}
	if s.svc == nil && td.Status == "INACTIVE" {
		// ECS API Reference "DeregisterTaskDefinition": "You can't use an
		// INACTIVE task definition to run new tasks or create new services";
		// services that already run it go on, so only a task started on its
		// own is refused. The wording is RunTask's as reported
		// (DefangLabs/defang#775).
		add(tdFinding{status: Fail, subject: "status", rule: "EPF-TD-INACTIVE",
			reason:  "InvalidParameterException: TaskDefinition is inactive",
			fix:     "run the family's latest ACTIVE revision, or register " + td.Family + " again",
			summary: "task definition " + td.Name() + " is INACTIVE (deregistered): RunTask refuses it"})
	}
	if fargate {
		s.fargateChecks(add)
	}
	hasRole := td.ExecutionRoleArn != "" || td.Unknown["executionRoleArn"] != ""
	for _, c := range td.ContainerDefinitions {
		if len(c.Secrets) > 0 && !hasRole {
			// ECS-DG "Amazon ECS task execution IAM role": secrets need the
			// execution role; RegisterTaskDefinition rejects the shape with
			// this ClientException (fabfuel/ecs-deploy#87).
			add(tdFinding{status: Fail, container: c.Name, subject: "secrets", rule: "EPF-TD-SECRETS-ROLE",
				reason:  "ClientException: When you are specifying container secrets, you must also specify a value for 'executionRoleArn'.",
				fix:     "set executionRoleArn to a task execution role that may read the secrets",
				summary: "secrets need an execution role"})
		}
		for _, f := range c.ExtraFields {
			fix := "remove " + f + ": it is not an ECS container definition field"
			if f == "imagePullBehavior" {
				// ECS-DG "Amazon ECS task definition parameters" has no such
				// field; ECS-DG "Amazon ECS container agent configuration" has
				// ECS_IMAGE_PULL_BEHAVIOR, the EC2 agent's knob.
				fix = "remove imagePullBehavior: it is not a task definition field; on EC2 set ECS_IMAGE_PULL_BEHAVIOR in the agent's configuration"
			}
			if c.ExtraFieldsRejected {
				// CloudFormation validates properties against the resource
				// schema and stops the stack; the wording is from reported
				// deploy errors of AWS::ECS::TaskDefinition. [reported messages]
				add(tdFinding{status: Fail, container: c.Name, subject: f, rule: "EPF-TD-UNKNOWN-FIELD",
					reason:  "Properties validation failed for resource " + td.Origin.Path + " with message: #/ContainerDefinitions/" + strconv.Itoa(containerIndex(td, c.Name)) + ": extraneous key [" + upperFirst(f) + "] is not permitted",
					fix:     fix,
					summary: f + " is not a container definition property; CloudFormation rejects the template"})
				continue
			}
			add(tdFinding{status: Warn, container: c.Name, subject: f, rule: "EPF-TD-UNKNOWN-FIELD",
				fix:     fix,
				summary: f + " is not a task definition field; ECS ignores it"})
		}
		if _, unknown := c.Unknown["image"]; !unknown && c.Image != "" && !world.IsUnresolved(c.Image) {
			if _, err := imageref.Parse(c.Image); err != nil {
				add(tdFinding{status: Fail, container: c.Name, subject: "image", rule: "EPF-TD-IMAGE",
					reason:  cannotPull + "invalid reference format: " + c.Image,
					fix:     "write the image as [registry/]repository[:tag|@digest]: " + err.Error(),
					summary: "image reference " + quote(c.Image) + " is not valid"})
			}
		}
	}

	if len(fs) == 0 {
		st := Step{Step: StepTaskDefinition, Status: OK, RuleID: "EPF-TD",
			Summary: "task definition " + td.Name() + " is valid for " + s.launchType}
		if s.pv != "" {
			st.Summary += " platform version " + s.pv
		}
		st.Location, st.Origin = td.Origin.String(), locationOf(td.Origin)
		if v, ok := td.Unknown["containerDefinitions"]; ok {
			st.Status, st.Missing, st.Summary = Unknown, []string{v}, "the containers of "+td.Name()+" are known only after deploy"
		}
		s.steps = append(s.steps, st)
		return
	}
	for _, f := range fs {
		st := Step{Container: f.container, Step: StepTaskDefinition, Status: f.status, RuleID: f.rule,
			Subject: f.subject, Summary: f.summary, Fix: f.fix, Location: td.Origin.String(), Origin: locationOf(td.Origin)}
		if f.status == Fail {
			st.StoppedReason = f.reason
		}
		if f.missing != "" {
			st.Missing, st.Fix = []string{f.missing}, ""
		}
		s.steps = append(s.steps, st)
	}
}

// fargateChecks are the rules only Fargate imposes.
func (s *sim) fargateChecks(add func(tdFinding)) {
	td := s.td
	if world.IsUnresolved(s.pv) {
		add(unresolvedFinding("", "platformVersion", "EPF-TD-PV-RETIRED", s.pv))
	}
	if retiredPV[s.pv] {
		add(tdFinding{status: Fail, subject: "platformVersion", rule: "EPF-TD-PV-RETIRED",
			// ECS-DG "Retired Fargate platform versions"; the wording of the
			// service event is an assumption.
			reason:  "ClientException: Platform version " + s.pv + " is retired and no longer supported.",
			fix:     "set the service's platformVersion to LATEST (1.4.0)",
			summary: "platform version " + s.pv + " was retired on 2020-12-14"})
	}
	if world.IsUnresolved(td.NetworkMode) && td.Unknown["networkMode"] == "" {
		add(unresolvedFinding("", "networkMode", "EPF-TD-AWSVPC", td.NetworkMode))
	} else if td.NetworkMode != "awsvpc" && td.Unknown["networkMode"] == "" {
		add(tdFinding{status: Fail, subject: "networkMode", rule: "EPF-TD-AWSVPC",
			// ECS-DG "Fargate task definition considerations": awsvpc only.
			reason:  "ClientException: Fargate only supports network mode 'awsvpc'.",
			fix:     `set "networkMode": "awsvpc" in the task definition`,
			summary: "Fargate needs networkMode awsvpc, not " + quote(td.NetworkMode)})
	}
	if i := slices.IndexFunc(td.RequiresCompatibilities, world.IsUnresolved); i >= 0 && !slices.Contains(td.RequiresCompatibilities, "FARGATE") {
		add(unresolvedFinding("", "requiresCompatibilities", "EPF-TD-COMPAT", td.RequiresCompatibilities[i]))
	} else if len(td.RequiresCompatibilities) > 0 && !slices.Contains(td.RequiresCompatibilities, "FARGATE") {
		add(tdFinding{status: Fail, subject: "requiresCompatibilities", rule: "EPF-TD-COMPAT",
			reason:  "ClientException: Task definition does not support launch_type FARGATE.",
			fix:     `add "FARGATE" to requiresCompatibilities`,
			summary: "the task definition is not FARGATE-compatible"})
	}
	if td.Unknown["cpu"] == "" && td.Unknown["memory"] == "" {
		cpu, okc := parseCPU(td.Cpu)
		mem, okm := parseMemory(td.Memory)
		switch {
		case world.IsUnresolved(td.Cpu) || world.IsUnresolved(td.Memory):
			add(unresolvedFinding("", "cpu/memory", "EPF-TD-FARGATE-SIZE", strings.TrimSpace(td.Cpu+" "+td.Memory)))
		case td.Cpu == "" || td.Memory == "":
			add(tdFinding{status: Fail, subject: "cpu/memory", rule: "EPF-TD-FARGATE-SIZE",
				reason:  "ClientException: Fargate requires that 'cpu' be defined at the task level.",
				fix:     `set task-level "cpu" and "memory", e.g. "256" and "512"`,
				summary: "Fargate needs task-level cpu and memory"})
		case !okc || !okm || !fargateMemoryOK(cpu, mem):
			add(tdFinding{status: Fail, subject: "cpu/memory", rule: "EPF-TD-FARGATE-SIZE",
				reason:  "ClientException: No Fargate configuration exists for given values.",
				fix:     "use a supported cpu/memory pair: 256→512/1024/2048; 512→1–4 GB; 1024→2–8 GB; 2048→4–16 GB; 4096→8–30 GB; 8192→16–60 GB (4 GB steps); 16384→32–120 GB (8 GB steps)",
				summary: "cpu " + td.Cpu + " with memory " + td.Memory + " is not a Fargate size"})
		case cpu >= 8192 && world.IsUnresolved(s.pv):
			add(unresolvedFinding("", "cpu", "EPF-TD-FARGATE-SIZE", "platform version "+s.pv+" (8 and 16 vCPU need 1.4.0)"))
		case cpu >= 8192 && versionLess(s.pv, "1.4.0"):
			add(tdFinding{status: Fail, subject: "cpu", rule: "EPF-TD-FARGATE-SIZE",
				reason:  "ClientException: No Fargate configuration exists for given values.",
				fix:     "use platform version 1.4.0 (LATEST) for 8 and 16 vCPU tasks",
				summary: "8 and 16 vCPU need platform version 1.4.0"})
		}
	}
	for _, c := range td.ContainerDefinitions {
		s.fargateContainerChecks(&c, add)
	}
}

func (s *sim) fargateContainerChecks(c *world.ContainerDefinition, add func(tdFinding)) {
	td := s.td
	// ECS-DG "Fargate Linux platform versions" and the feature pages
	// ("Private registry authentication for tasks", "Pass sensitive data to
	// an Amazon ECS container", "Pass environment variables from a file"):
	// minimum platform versions.
	need := func(feature, min, subject string) {
		if world.IsUnresolved(s.pv) {
			add(unresolvedFinding(c.Name, subject, "EPF-TD-PV-FEATURE", "platform version "+s.pv+" ("+feature+" needs "+min+")"))
			return
		}
		if versionLess(s.pv, min) {
			add(tdFinding{status: Fail, container: c.Name, subject: subject, rule: "EPF-TD-PV-FEATURE",
				reason:  "ClientException: " + feature + " requires platform version " + min + " or later.",
				fix:     "set the service's platformVersion to LATEST (1.4.0)",
				summary: feature + " needs platform version " + min + ", the service uses " + s.pv})
		}
	}
	if c.RepositoryCredentials != nil {
		need("Private registry authentication", "1.2.0", "repositoryCredentials")
	}
	if len(c.Secrets) > 0 {
		need("Secrets", "1.3.0", "secrets")
		for _, sec := range c.Secrets {
			if ref, ok := parseSecretsManagerRef(sec.ValueFrom); ok && ref.hasSuffix() {
				need("A Secrets Manager JSON key or version in valueFrom", "1.4.0", "secrets."+sec.Name)
			}
		}
	}
	if len(c.EnvironmentFiles) > 0 {
		need("Environment files", "1.4.0", "environmentFiles")
	}
	lc := c.LogConfiguration
	if lc == nil {
		return
	}
	if world.IsUnresolved(lc.LogDriver) {
		add(unresolvedFinding(c.Name, "logConfiguration.logDriver", "EPF-TD-LOGDRIVER", lc.LogDriver))
		return
	}
	if !fargateLogDrivers[lc.LogDriver] {
		add(tdFinding{status: Fail, container: c.Name, subject: "logConfiguration.logDriver", rule: "EPF-TD-LOGDRIVER",
			// The wording is an assumption; the rule is ECS-DG "LogConfiguration".
			reason:  "ClientException: Log driver " + lc.LogDriver + " is not supported on Fargate.",
			fix:     "use the awslogs, splunk or awsfirelens log driver",
			summary: "Fargate does not support log driver " + quote(lc.LogDriver)})
		return
	}
	if lc.LogDriver != "awslogs" {
		return
	}
	if td.ExecutionRoleArn == "" && td.Unknown["executionRoleArn"] == "" {
		// ECS-DG "Amazon ECS task execution IAM role" (awslogs on Fargate)
		// and "Using the awslogs log driver".
		add(tdFinding{status: Fail, container: c.Name, subject: "logConfiguration", rule: "EPF-TD-AWSLOGS-ROLE",
			reason:  "ClientException: Fargate requires task definition to have execution role ARN to support log driver awslogs.",
			fix:     "set executionRoleArn to a role with logs:CreateLogStream and logs:PutLogEvents (AmazonECSTaskExecutionRolePolicy)",
			summary: "awslogs on Fargate needs an execution role"})
	}
	// ECS-DG "Using the awslogs log driver": awslogs-group and
	// awslogs-region are required; awslogs-stream-prefix is required on
	// Fargate.
	for _, opt := range []string{"awslogs-group", "awslogs-region", "awslogs-stream-prefix"} {
		if lc.Options[opt] == "" && c.Unknown["logConfiguration.options."+opt] == "" {
			add(tdFinding{status: Fail, container: c.Name, subject: "logConfiguration.options." + opt, rule: "EPF-TD-AWSLOGS-OPTIONS",
				reason:  "ClientException: Log driver awslogs requires options: " + opt,
				fix:     "set the awslogs option " + opt,
				summary: "awslogs on Fargate needs the option " + opt})
		}
	}
}

func containerIndex(td *world.TaskDefinition, name string) int {
	for i, c := range td.ContainerDefinitions {
		if c.Name == name {
			return i
		}
	}
	return 0
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func quote(s string) string { return strconv.Quote(s) }
