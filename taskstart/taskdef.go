package taskstart

import (
	"cmp"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

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

// retiredPV says when each retired (or retiring) Fargate Linux platform
// version stops launching new tasks, per partition; the "" partition stands
// for every partition the table does not name. A zero date means the
// version was never offered there. A partition with no date (neither its
// own nor "") has no documented date: the rule is unknown there.
var retiredPV = map[string]map[string]time.Time{
	// ECS-DG "AWS Fargate Linux platform version deprecation" (table):
	// 1.0.0, 1.1.0 and 1.2.0 were retired on December 14, 2020. ECS-DG "AWS
	// Fargate platform versions" (archived): "In the China (Beijing) and
	// China (Ningxia) Regions, the only supported platform versions are
	// 1.4.0 and 1.3.0": never offered in aws-cn.
	"1.0.0": {"": day(2020, 12, 14), "aws-cn": {}},
	"1.1.0": {"": day(2020, 12, 14), "aws-cn": {}},
	"1.2.0": {"": day(2020, 12, 14), "aws-cn": {}},
	// ECS-DG "AWS Fargate Linux platform version deprecation": "Starting
	// March 16, 2026, we will make the platform version 1.3.0 as Retired. At
	// that time, you will not be able to launch new tasks or create new
	// services configured with platform version 1.3.0". The China Regions'
	// page ("Amazon Fargate Linux platform version deprecation",
	// docs.amazonaws.cn): "Starting June 15, 2026". Neither page names
	// aws-us-gov or aws-eusc.
	"1.3.0": {"aws": day(2026, 3, 16), "aws-cn": day(2026, 6, 15)},
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// pvRetirement returns when Linux platform version v retires in partition
// p, and whether a date is documented; listed reports whether v is in the
// table at all.
func pvRetirement(v, p string) (date time.Time, documented, listed bool) {
	dates, listed := retiredPV[v]
	if !listed {
		return time.Time{}, false, false
	}
	if d, ok := dates[p]; ok {
		return d, true, true
	}
	d, ok := dates[""]
	return d, ok, true
}

// latestPV is what LATEST resolves to for the task definition's operating
// system: ECS-DG "Fargate platform versions for Amazon ECS": "The LATEST
// Linux platform version is 1.4.0. The LATEST Windows platform version is
// 1.0.0."
func latestPV(td *world.TaskDefinition) string {
	if isWindows(td) {
		return "1.0.0"
	}
	return "1.4.0"
}

// isWindows reports whether the task definition asks for a Windows Server
// operating system family (ECS API "RuntimePlatform": WINDOWS_SERVER_2019_FULL,
// ..., WINDOWS_SERVER_2022_CORE; LINUX is the default).
func isWindows(td *world.TaskDefinition) bool {
	rp := td.RuntimePlatform
	return rp != nil && strings.HasPrefix(rp.OperatingSystemFamily, "WINDOWS_SERVER")
}

// osUnknown returns the stand-in the input gives for the operating system
// family, "" when it is known.
func osUnknown(td *world.TaskDefinition) string {
	if rp := td.RuntimePlatform; rp != nil && world.IsUnresolved(rp.OperatingSystemFamily) {
		return rp.OperatingSystemFamily
	}
	return ""
}

// linuxPVBefore reports whether the task runs on a Fargate Linux platform
// version older than min. Windows platform versions are numbered on their
// own (ECS-DG "Fargate platform versions for Amazon ECS": "The platform
// version numbers for Linux containers and Windows containers on Fargate
// are independent"), so no Linux minimum applies to them.
func (s *sim) linuxPVBefore(min string) bool {
	return !isWindows(s.td) && versionLess(s.pv, min)
}

// partition is the partition the tasks run in, "" when unknown.
func (s *sim) partition() string {
	if s.w.Partition != "" {
		return s.w.Partition
	}
	if s.w.Region != "" && !world.IsUnresolved(s.w.Region) {
		return world.PartitionOf(s.w.Region)
	}
	return ""
}

// retirementFinding decides the retirement rule for the resolved Linux
// platform version at the simulation's clock.
func (s *sim) retirementFinding() (tdFinding, bool) {
	parts := []string{s.partition()}
	if parts[0] == "" {
		parts = parts[:0]
		for _, p := range world.Partitions {
			parts = append(parts, p.ID)
		}
	}
	// The verdict in every partition the task may run in.
	const (
		none = iota
		future
		retired
		undocumented
	)
	var verdicts []int
	var dates []time.Time
	for _, p := range parts {
		d, documented, listed := pvRetirement(s.pv, p)
		switch {
		case !listed:
			verdicts = append(verdicts, none)
		case !documented:
			verdicts = append(verdicts, undocumented)
		case !s.now.Before(d):
			verdicts = append(verdicts, retired)
		default:
			verdicts, dates = append(verdicts, future), append(dates, d)
		}
	}
	base := tdFinding{subject: "platformVersion", rule: "EPF-TD-PV-RETIRED"}
	first := verdicts[0]
	if slices.ContainsFunc(verdicts, func(v int) bool { return v != first }) || first == undocumented {
		base.status = Unknown
		if len(parts) > 1 {
			base.missing = "the region the tasks run in: platform version " + s.pv + " retires on different dates per partition (ECS-DG \"AWS Fargate Linux platform version deprecation\")"
		} else {
			base.missing = "the retirement date of platform version " + s.pv + " in partition " + parts[0] + ": ECS-DG \"AWS Fargate Linux platform version deprecation\" states none"
		}
		base.summary = "whether platform version " + s.pv + " is retired is not known"
		return base, true
	}
	switch first {
	case retired:
		base.status = Fail
		// The rule is ECS-DG "AWS Fargate Linux platform version
		// deprecation"; the wording of the RunTask/CreateService error is an
		// assumption [unsourced wording].
		base.reason = "ClientException: Platform version " + s.pv + " is retired and no longer supported."
		base.fix = "set the service's platformVersion to LATEST (1.4.0)"
		base.summary = "platform version " + s.pv + " is retired and cannot launch new tasks"
		return base, true
	case future:
		base.status = Warn
		d := slices.MinFunc(dates, time.Time.Compare)
		base.fix = "set the service's platformVersion to LATEST (1.4.0) before " + d.Format(time.DateOnly)
		base.summary = "platform version " + s.pv + " is retired on " + d.Format(time.DateOnly) + ": from then it cannot launch new tasks"
		return base, true
	}
	return tdFinding{}, false
}

// invalidCPU is RegisterTaskDefinition's error for a cpu or memory value
// Fargate does not offer: ECS-DG "Troubleshoot Amazon ECS task definition
// invalid CPU or memory errors".
const invalidCPU = "ClientException: Invalid 'cpu' setting for task."

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
	// assumption is what the finding takes for granted that no source
	// states.
	assumption string
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
	if s.launchType == "MANAGED_INSTANCES" {
		managedInstancesNetworkMode(td, add)
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
		envFileFindings(&c, add)
		if _, unknown := c.Unknown["image"]; !unknown && c.Image != "" && !world.IsUnresolved(c.Image) {
			if _, err := s.parseImage(c.Image); err != nil {
				add(tdFinding{status: Fail, container: c.Name, subject: "image", rule: "EPF-TD-IMAGE",
					reason:  cannotPull + "invalid reference format: " + c.Image,
					fix:     "write the image as [registry/]repository[:tag|@digest]: " + err.Error(),
					summary: "image reference " + quote(c.Image) + " is not valid"})
			}
		}
	}

	if len(fs) == 0 {
		st := Step{Step: StepTaskDefinition, Status: OK, RuleID: "EPF-TD",
			Summary: "task definition " + td.Name() + " is valid for " + cmp.Or(s.launchType, "any launch type it may run on")}
		if s.pv != "" {
			st.Summary += " platform version " + s.pv
		}
		st.Location, st.Origin = s.locate(td.Origin)
		if v, ok := td.Unknown["containerDefinitions"]; ok {
			st.Status, st.Missing, st.Summary = Unknown, []string{v}, "the containers of "+td.Name()+" are known only after deploy"
		}
		// What the input reader could not check (a parameter pattern)
		// decides whether the definition is registered at all.
		st.Assumptions = append(st.Assumptions, s.w.Assumptions...)
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
		if f.assumption != "" {
			st.Assumptions = []string{f.assumption}
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
	windows := isWindows(td)
	if v := osUnknown(td); v != "" {
		// The operating system decides LATEST, the retirement table and
		// the sizes.
		add(unresolvedFinding("", "runtimePlatform.operatingSystemFamily", "EPF-TD-FARGATE-OS", v))
	} else if !windows && !world.IsUnresolved(s.pv) {
		// The retirement table is Linux's; Windows 1.0.0 is current (ECS-DG
		// "Fargate Windows platform versions").
		if f, ok := s.retirementFinding(); ok {
			add(f)
		}
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
		case td.Cpu == "":
			add(tdFinding{status: Fail, subject: "cpu/memory", rule: "EPF-TD-FARGATE-SIZE",
				reason:  "ClientException: Fargate requires that 'cpu' be defined at the task level.",
				fix:     `set task-level "cpu" and "memory", e.g. "256" and "512"`,
				summary: "Fargate needs task-level cpu and memory"})
		case td.Memory == "":
			// RegisterTaskDefinition names the missing memory on its own
			// (aws/amazon-ecs-cli#982).
			add(tdFinding{status: Fail, subject: "cpu/memory", rule: "EPF-TD-FARGATE-SIZE",
				reason:  "ClientException: Fargate requires that 'memory' be defined at the task level.",
				fix:     `set task-level "cpu" and "memory", e.g. "256" and "512"`,
				summary: "Fargate needs task-level cpu and memory"})
		case !okc || !okm || !fargateMemoryOK(cpu, mem):
			// ECS-DG "Troubleshoot Amazon ECS task definition invalid CPU or
			// memory errors": for an invalid cpu or memory value
			// RegisterTaskDefinition returns "Invalid 'cpu' setting for
			// task." (memory has no text of its own); "No Fargate
			// configuration exists for given values." is what Terraform may
			// print.
			add(tdFinding{status: Fail, subject: "cpu/memory", rule: "EPF-TD-FARGATE-SIZE",
				reason:  invalidCPU,
				fix:     "use a supported cpu/memory pair: 256→512/1024/2048; 512→1–4 GB; 1024→2–8 GB; 2048→4–16 GB; 4096→8–30 GB; 8192→16–60 GB (4 GB steps); 16384→32–120 GB (8 GB steps)",
				summary: "cpu " + td.Cpu + " with memory " + td.Memory + " is not a Fargate size"})
		case windows && cpu < 1024:
			// ECS-DG "Amazon ECS task definition differences for the Fargate
			// launch type": "cpu - For Windows containers on AWS Fargate, the
			// value cannot be less than 1 vCPU"; ECS-DG "Troubleshoot Amazon
			// ECS task definition invalid CPU or memory errors" gives the
			// text.
			add(tdFinding{status: Fail, subject: "cpu", rule: "EPF-TD-FARGATE-SIZE",
				reason:  invalidCPU,
				fix:     "use at least 1 vCPU (1024 cpu units) for Windows containers on Fargate: 1024→2–8 GB; 2048→4–16 GB; 4096→8–30 GB",
				summary: "Windows containers on Fargate need at least 1 vCPU, not " + td.Cpu + " cpu units"})
		case windows && cpu >= 8192:
			// ECS-DG "Troubleshoot Amazon ECS task definition invalid CPU or
			// memory errors" (table): 8 and 16 vCPU are Linux only.
			add(tdFinding{status: Fail, subject: "cpu", rule: "EPF-TD-FARGATE-SIZE",
				reason:  invalidCPU,
				fix:     "use 1, 2 or 4 vCPU for Windows containers on Fargate: 1024→2–8 GB; 2048→4–16 GB; 4096→8–30 GB",
				summary: "Windows containers on Fargate offer at most 4 vCPU, not " + td.Cpu + " cpu units"})
		case cpu >= 8192 && world.IsUnresolved(s.pv):
			add(unresolvedFinding("", "cpu", "EPF-TD-FARGATE-SIZE", "platform version "+s.pv+" (8 and 16 vCPU need 1.4.0)"))
		case cpu >= 8192 && s.linuxPVBefore("1.4.0"):
			// The rule is ECS-DG "Troubleshoot Amazon ECS task definition
			// invalid CPU or memory errors" ("This option requires Linux
			// platform 1.4.0 or later"); the platform version is checked
			// when the task starts, and the wording there is an assumption
			// [unsourced wording].
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
	osMissing := osUnknown(td)
	need := func(feature, min, subject string) {
		if isWindows(td) {
			// The minimums are Linux platform versions; Windows numbers its
			// own (ECS-DG "Fargate platform versions for Amazon ECS").
			return
		}
		if world.IsUnresolved(s.pv) {
			add(unresolvedFinding(c.Name, subject, "EPF-TD-PV-FEATURE", "platform version "+s.pv+" ("+feature+" needs "+min+")"))
			return
		}
		if versionLess(s.pv, min) {
			if osMissing != "" {
				// On Windows the Linux minimum would not apply.
				add(unresolvedFinding(c.Name, subject, "EPF-TD-PV-FEATURE", osMissing))
				return
			}
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
		// ECS-DG "Pass Secrets Manager secrets through Amazon ECS environment
		// variables": the full secret needs 1.3.0; "a specific JSON key or
		// version" needs "1.4.0 or later (Linux) or 1.0.0 (Windows)". So
		// Windows on Fargate supports both on 1.0.0.
		need("Secrets", "1.3.0", "secrets")
		for _, sec := range c.Secrets {
			if ref, ok := parseSecretsManagerRef(sec.ValueFrom); ok && ref.hasSuffix() {
				need("A Secrets Manager JSON key or version in valueFrom", "1.4.0", "secrets."+sec.Name)
			}
		}
	}
	if len(c.EnvironmentFiles) > 0 {
		need("Environment files", "1.4.0", "environmentFiles")
		s.windowsEnvFiles(c, add)
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

// windowsEnvFiles refuses environment files on Windows. The sources
// conflict: ECS API "EnvironmentFile" (and CloudFormation's
// AWS::ECS::TaskDefinition EnvironmentFile) list "Windows platform version
// 1.0.0 or later" for Fargate, while ECS-DG "Pass environment variables to
// an Amazon ECS container" says "You can't use the environmentFiles
// parameter on Windows containers and Windows containers on Fargate". This
// follows the developer guide, which a reported failure bears out
// (aws/containers-roadmap#1626: PlatformTaskDefinitionIncompatibilityException
// when the service starts).
func (s *sim) windowsEnvFiles(c *world.ContainerDefinition, add func(tdFinding)) {
	const conflict = "environmentFiles on Windows follows ECS-DG \"Pass environment variables to an Amazon ECS container\" (not supported), not ECS API \"EnvironmentFile\" (Windows platform version 1.0.0 or later)"
	if v := osUnknown(s.td); v != "" {
		f := unresolvedFinding(c.Name, "environmentFiles", "EPF-TD-WINDOWS-ENVFILES", v)
		f.assumption = conflict
		add(f)
		return
	}
	if !isWindows(s.td) {
		return
	}
	add(tdFinding{status: Fail, container: c.Name, subject: "environmentFiles", rule: "EPF-TD-WINDOWS-ENVFILES",
		// ECS API "RunTask" (Errors): PlatformTaskDefinitionIncompatibilityException,
		// "The specified platform version doesn't satisfy the required
		// capabilities of the task definition"; aws/containers-roadmap#1626.
		reason:     "PlatformTaskDefinitionIncompatibilityException: The specified platform version doesn't satisfy the required capabilities of the task definition.",
		fix:        "pass the variables with environment or secrets: Windows containers cannot use environmentFiles",
		summary:    "Windows containers on Fargate cannot use environmentFiles",
		assumption: conflict})
}

// envFileFindings checks a container's environmentFiles against ECS API
// "EnvironmentFile": "You can specify up to ten environment files. The file
// must have a .env file extension." Neither that page nor ECS-DG "Pass
// environment variables to an Amazon ECS container" says where the limits
// are enforced; this tool takes RegisterTaskDefinition to reject them, and
// says so.
func envFileFindings(c *world.ContainerDefinition, add func(tdFinding)) {
	const where = "ECS API \"EnvironmentFile\" states the limits (ten files, .env extension) but not where AWS enforces them; assumed at RegisterTaskDefinition"
	if n := len(c.EnvironmentFiles); n > 10 {
		add(tdFinding{status: Fail, container: c.Name, subject: "environmentFiles", rule: "EPF-TD-ENVFILES",
			// The wording is an assumption [unsourced wording].
			reason:     "ClientException: Too many environment files specified for container '" + c.Name + "'. You can specify up to ten environment files.",
			fix:        "merge the environment files into ten or fewer",
			summary:    strconv.Itoa(n) + " environment files; ECS allows at most ten",
			assumption: where})
	}
	for i, f := range c.EnvironmentFiles {
		subject := "environmentFiles[" + strconv.Itoa(i) + "]"
		switch {
		case strings.HasSuffix(f.Value, ".env"):
		case world.IsUnresolved(f.Value):
			// The extension is part of the stand-in; the environment-files
			// step already reports the value as missing.
		default:
			add(tdFinding{status: Fail, container: c.Name, subject: subject, rule: "EPF-TD-ENVFILES",
				// The wording is an assumption [unsourced wording].
				reason:     "ClientException: Environment file " + f.Value + " must have a .env file extension.",
				fix:        "rename the S3 object to end in .env and point value at it",
				summary:    "environment file " + quote(f.Value) + " does not have the .env extension",
				assumption: where})
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

// managedInstancesNetworkMode checks the network mode of a task on Amazon
// ECS Managed Instances. ECS-DG "Amazon ECS task networking for Amazon ECS
// Managed Instances" (read 2026-11-30): "You must specify a network mode in
// the task definition" and the modes are awsvpc and host. The ECS API
// Reference "ManagedInstancesNetworkConfiguration" also names none; the two
// pages conflict on none, which is let through [assumption]: a task without
// network still starts, since the agent pulls over the instance. The
// wording of the refusal is not published [unsourced wording].
func managedInstancesNetworkMode(td *world.TaskDefinition, add func(tdFinding)) {
	if td.Unknown["networkMode"] != "" {
		return
	}
	if world.IsUnresolved(td.NetworkMode) {
		add(unresolvedFinding("", "networkMode", "EPF-TD-MI-NETWORK", td.NetworkMode))
		return
	}
	switch td.NetworkMode {
	case "awsvpc", "host", "none":
		return
	}
	mode := quote(td.NetworkMode)
	if td.NetworkMode == "" {
		mode = "not set (bridge is the default only on EC2)"
	}
	add(tdFinding{status: Fail, subject: "networkMode", rule: "EPF-TD-MI-NETWORK",
		reason:  "ClientException: Amazon ECS Managed Instances support only the awsvpc and host network modes.",
		fix:     `set "networkMode": "awsvpc" (or "host") in the task definition`,
		summary: "Amazon ECS Managed Instances need networkMode awsvpc or host; it is " + mode})
}
