package taskstart

import (
	"github.com/ecs-preflight/ecs-preflight/iam"
	"github.com/ecs-preflight/ecs-preflight/netpath"
)

// Status is a step's outcome; the strings are the JSON contract's.
type Status string

// The outcomes of a step, from best to worst for a verdict.
const (
	OK      Status = "ok"
	Warn    Status = "warn"
	Unknown Status = "unknown"
	Fail    Status = "fail"
)

// rank orders statuses so that the worst wins: fail > unknown > warn > ok.
func (s Status) rank() int {
	switch s {
	case Fail:
		return 3
	case Unknown:
		return 2
	case Warn:
		return 1
	}
	return 0
}

// worse returns the worse of two statuses.
func worse(a, b Status) Status {
	if b.rank() > a.rank() {
		return b
	}
	return a
}

// Verdict is a task's or a run's answer; the strings are the JSON contract's.
type Verdict string

// The verdicts.
const (
	Pass           Verdict = "pass"
	VerdictFail    Verdict = "fail"
	VerdictUnknown Verdict = "unknown"
)

// StepKind names a step of the start phase; the strings are the JSON
// contract's "step" values, in platform order.
type StepKind string

// The steps, in the order the platform takes them (docs/model.md, "Steps
// and calls").
const (
	StepTaskDefinition   StepKind = "task-definition"
	StepExecutionRole    StepKind = "execution-role"
	StepRegistryAuth     StepKind = "registry-auth"
	StepImageManifest    StepKind = "image-manifest"
	StepImageLayers      StepKind = "image-layers"
	StepSecrets          StepKind = "secrets"
	StepEnvironmentFiles StepKind = "environment-files"
	StepLogs             StepKind = "logs"
)

// IAMEvidence is the IAM decision behind a step.
type IAMEvidence struct {
	Action   string `json:"action"`
	Resource string `json:"resource,omitempty"`
	// Decision is iam.Allow, iam.ImplicitDeny, iam.ExplicitDeny or
	// iam.Unknown ("allow", "implicit-deny", "explicit-deny", "unknown").
	Decision iam.Effect `json:"decision"`
	// Policy and Statement name what decided: the denying statement, or the
	// allowing one.
	Policy    string `json:"policy,omitempty"`
	Statement string `json:"statement,omitempty"`
}

// NetworkEvidence is the network path behind a step.
type NetworkEvidence struct {
	// Service is the endpoint service ("ecr.api", "ecr.dkr", "s3", ...) or
	// "registry" for a host no endpoint serves.
	Service string `json:"service"`
	Host    string `json:"host,omitempty"`
	// Via is how the traffic leaves: netpath.ViaIGW, ViaNAT, ViaVPCE,
	// ViaNone or ViaUnknown ("igw", "nat", "vpce", "none", "unknown").
	Via netpath.Via `json:"via,omitempty"`
	// BlockedBy is the kind of setting that drops the traffic, if any
	// (netpath.BlockRoute, BlockSecurityGroup, ..., BlockEndpointPolicy).
	BlockedBy netpath.BlockKind `json:"blockedBy,omitempty"`
	// Subnet is the task subnet this answer is for (an extension of the
	// contract).
	Subnet string `json:"subnet,omitempty"`
	// Endpoint is the VPC endpoint used, when Via is "vpce".
	Endpoint string `json:"endpoint,omitempty"`
}

// Step is one answer of the simulation: one platform call (or validation)
// for one container. Fields up to Fix are the JSON contract's core
// (report/json/schema/check-output.schema.json); the rest extend it.
type Step struct {
	Container     string           `json:"container,omitempty"`
	Step          StepKind         `json:"step"`
	Status        Status           `json:"status"`
	StoppedReason string           `json:"stoppedReason,omitempty"`
	IAM           *IAMEvidence     `json:"iam,omitempty"`
	Network       *NetworkEvidence `json:"network,omitempty"`
	Missing       []string         `json:"missing,omitempty"`
	Assumptions   []string         `json:"assumptions,omitempty"`
	Fix           string           `json:"fix,omitempty"`

	// RuleID is a stable identifier of the rule that produced the step
	// ("EPF-ECR-AUTH-IAM"), for SARIF and suppression.
	RuleID string `json:"ruleId,omitempty"`
	// Subject is what the step is about when a container has several of
	// the same step: a secret's name, an environment file, a subnet.
	Subject string `json:"subject,omitempty"`
	// Summary is one human sentence saying what was checked and found.
	Summary string `json:"summary,omitempty"`
	// Evidence lists the facts behind the answer (statements, routes,
	// rules), for --verbose.
	Evidence []string `json:"evidence,omitempty"`
	// Warnings are fragile conditions found on an otherwise passing step.
	Warnings []string `json:"warnings,omitempty"`
	// Location is where in the input the thing to change lives, as
	// "file:line path" (world.Origin.String); kept for existing consumers.
	Location string `json:"location,omitempty"`
	// Origin is where the thing the step is about is declared: the
	// container, the task definition, the execution role.
	Origin *Location `json:"origin,omitempty"`
	// FixLocation is where the resource the fix changes is declared, on a
	// failing step: the route table, security group or endpoint that
	// blocks, the role, policy, key, secret, repository or bucket whose
	// policy denies, the task definition that is not valid.
	FixLocation *Location `json:"fixLocation,omitempty"`
}

// Task is the simulation of one task definition, as run by one service (or
// on its own).
type Task struct {
	TaskDefinition  string  `json:"taskDefinition"`
	Service         string  `json:"service,omitempty"`
	LaunchType      string  `json:"launchType,omitempty"`
	PlatformVersion string  `json:"platformVersion,omitempty"`
	Verdict         Verdict `json:"verdict"`
	Steps           []Step  `json:"steps"`
}

// Result is the simulation of every task asked for.
type Result struct {
	Verdict Verdict `json:"verdict"`
	// Region and Account are the region and account the tasks run in, with
	// where each comes from or what is missing (an extension of the
	// contract).
	Region  *Provenance `json:"region,omitempty"`
	Account *Provenance `json:"account,omitempty"`
	// NothingToCheck says why there is no task: the input has no ECS task
	// definition or service (set by the caller; an extension of the
	// contract). Tasks stays the last field: the JSON stream relies on it.
	NothingToCheck string `json:"nothingToCheck,omitempty"`
	Tasks          []Task `json:"tasks"`
}

// Provenance is a value the simulation depends on and how it is known:
// Value and From when known, Missing when not.
type Provenance struct {
	Value string `json:"value,omitempty"`
	// From says how the value is known ("--region", "the snapshot",
	// "pinned by the template: awslogs-region of container app
	// (t.yaml:40)").
	From string `json:"from,omitempty"`
	// Missing says what would supply the value when it is unknown.
	Missing string `json:"missing,omitempty"`
}

// provenance reads a world value and its note (World.RegionFrom,
// World.AccountFrom).
func provenance(value, from, otherwise string) *Provenance {
	if value != "" {
		return &Provenance{Value: value, From: from}
	}
	if from == "" {
		from = otherwise
	}
	return &Provenance{Missing: from}
}

// verdictOf folds step statuses into a verdict: any fail fails, else any
// unknown is unknown, else pass (warnings pass).
func verdictOf(steps []Step) Verdict {
	s := OK
	for _, st := range steps {
		s = worse(s, st.Status)
	}
	return verdictFor(s)
}

// status is the step status a verdict stands for when task verdicts are
// combined into a run verdict: any fail fails, else any unknown is unknown,
// else pass.
func (v Verdict) status() Status {
	switch v {
	case VerdictFail:
		return Fail
	case VerdictUnknown:
		return Unknown
	}
	return OK
}

func verdictFor(s Status) Verdict {
	switch s {
	case Fail:
		return VerdictFail
	case Unknown:
		return VerdictUnknown
	}
	return Pass
}
