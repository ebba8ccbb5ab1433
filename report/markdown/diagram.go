package markdown

import (
	"strings"

	"github.com/ecs-preflight/ecs-preflight/iam"
	"github.com/ecs-preflight/ecs-preflight/taskstart"
)

// A participant of the start-phase diagram: a fixed mermaid id and the
// name it shows. Ids and names are the renderer's own, never input.
type participant struct{ id, name string }

// The participants, in the order a diagram declares them: who makes the
// calls, then whom they go to, in the order of the steps (docs/model.md
// "Steps and calls"). KMS is there for the kms:Decrypt that Secrets
// Manager and Systems Manager make for a customer managed key.
var (
	pTask     = participant{"Task", "task ENI"}
	pInstance = participant{"Task", "container instance"}
	pRole     = participant{"Role", "execution role"}
	pECRAPI   = participant{"ECRAPI", "ECR API"}
	pRegistry = participant{"Registry", "registry"}
	pS3       = participant{"S3", "S3"}
	pSM       = participant{"SM", "Secrets Manager"}
	pSSM      = participant{"SSM", "SSM"}
	pKMS      = participant{"KMS", "KMS"}
	pLogs     = participant{"Logs", "Logs"}
	order     = []participant{pRole, pECRAPI, pRegistry, pS3, pSM, pSSM, pKMS, pLogs}
)

// byService is the participant a step's network service names
// (taskstart.NetworkEvidence.Service).
var byService = map[string]participant{
	"ecr.api": pECRAPI, "ecr.dkr": pRegistry, "registry": pRegistry, "s3": pS3,
	"secretsmanager": pSM, "ssm": pSSM, "logs": pLogs, "kms": pKMS,
}

// byAction is the participant an IAM action's service prefix names, for a
// step without a network path (a KMS call made by another service).
var byAction = map[string]participant{
	"ecr": pRegistry, "s3": pS3, "secretsmanager": pSM, "ssm": pSSM, "kms": pKMS, "logs": pLogs,
}

// byStep is the participant of a step with neither.
var byStep = map[taskstart.StepKind]participant{
	taskstart.StepRegistryAuth: pECRAPI, taskstart.StepImageManifest: pRegistry, taskstart.StepImageLayers: pS3,
	taskstart.StepSecrets: pSM, taskstart.StepEnvironmentFiles: pS3, taskstart.StepLogs: pLogs,
}

func target(st *taskstart.Step) participant {
	if st.Step == taskstart.StepExecutionRole {
		return pRole
	}
	if n := st.Network; n != nil {
		if p, ok := byService[n.Service]; ok {
			return p
		}
	}
	if a := st.IAM; a != nil {
		if a.Action == "ecr:GetAuthorizationToken" {
			return pECRAPI
		}
		prefix, _, _ := strings.Cut(a.Action, ":")
		if p, ok := byAction[prefix]; ok {
			return p
		}
	}
	if p, ok := byStep[st.Step]; ok {
		return p
	}
	return pRegistry
}

// arrow is the mermaid arrow of a step's call: solid for a call that
// succeeds, a cross for one that fails, dotted for one the input does not
// decide.
func arrow(s taskstart.Status) string {
	switch s {
	case taskstart.Fail:
		return "-x"
	case taskstart.Unknown:
		return "-->>"
	}
	return "->>"
}

type line struct {
	from, to participant
	arrow    string
	label    string
	note     string
}

// Diagram is the mermaid sequenceDiagram of a task's start phase: one
// arrow per call, from the task ENI (Fargate, where it carries every call
// on platform version 1.4.0 and later) or the container instance (EC2 and
// Managed Instances, where the agent uses the instance's network;
// docs/model.md "Steps and calls"); the execution role assumed by ECS as
// a note; a failing call crossed, with a note naming the route, rule or
// statement that blocks it; only the participants the task uses.
func Diagram(t *taskstart.Task) string {
	from := pTask
	if t.LaunchType == "EC2" || t.LaunchType == "MANAGED_INSTANCES" {
		from = pInstance
	}
	var lines []line
	used := map[string]bool{}
	var prev participant
	for i := range t.Steps {
		st := &t.Steps[i]
		if st.Step == taskstart.StepTaskDefinition {
			if st.Status == taskstart.Fail || st.Status == taskstart.Unknown {
				lines = append(lines, line{from: from, to: from, note: "task definition " + string(st.Status) + ": " + st.Summary})
			}
			continue
		}
		to := target(st)
		src := from
		if st.Step == taskstart.StepExecutionRole {
			src = pRole // ECS assumes the role: a call the task does not make
		}
		if to == pKMS && (prev == pSM || prev == pSSM) {
			src = prev // the service that holds the secret calls KMS
		}
		used[to.id] = true
		l := line{from: src, to: to, arrow: arrow(st.Status), label: label(st, to)}
		if st.Status == taskstart.Fail || st.Status == taskstart.Unknown {
			l.note = blocking(st)
		}
		lines = append(lines, l)
		if to != pKMS {
			prev = to
		}
	}
	var b strings.Builder
	b.WriteString("sequenceDiagram\n")
	b.WriteString("    participant " + from.id + " as " + from.name + "\n")
	for _, p := range order {
		if used[p.id] {
			b.WriteString("    participant " + p.id + " as " + p.name + "\n")
		}
	}
	for _, l := range lines {
		if l.label != "" {
			b.WriteString("    " + l.from.id + l.arrow + l.to.id + ": " + Mermaid(l.label) + "\n")
		}
		if l.note != "" {
			over := l.from.id
			if l.to.id != l.from.id {
				over += "," + l.to.id
			}
			b.WriteString("    Note over " + over + ": " + Mermaid(l.note) + "\n")
		}
	}
	return b.String()
}

// label names a call: the step, the container and subject, and the IAM
// action. An ECR layer download drawn to S3 is the s3:GetObject on the
// presigned URL that ecr:GetDownloadUrlForLayer returns (docs/model.md
// "Steps and calls").
func label(st *taskstart.Step, to participant) string {
	s := string(st.Step)
	if st.Step == taskstart.StepExecutionRole {
		s = "ECS assumes the execution role"
	}
	if st.Container != "" {
		s += " " + st.Container
	}
	if st.Subject != "" {
		s += " " + st.Subject
	}
	switch {
	case st.Step == taskstart.StepImageLayers && to == pS3:
		s += " (s3:GetObject)"
	case st.IAM != nil && st.IAM.Action != "":
		s += " (" + st.IAM.Action + ")"
	}
	return s
}

// blocking says what stops a failing call, or what an unknown one lacks:
// the network block and the resource to change, else the IAM decision and
// the statement behind it, else the step's summary.
func blocking(st *taskstart.Step) string {
	if st.Status == taskstart.Unknown && len(st.Missing) > 0 {
		return "unknown, missing: " + strings.Join(st.Missing, "; ")
	}
	if n := st.Network; n != nil && n.BlockedBy != "" {
		s := "blocked by " + string(n.BlockedBy)
		if l := st.FixLocation; l != nil && l.Resource != "" {
			s += " " + l.Resource
		}
		return s
	}
	if a := st.IAM; a != nil && a.Decision != iam.Allow {
		var s string
		switch {
		case a.Decision == iam.ImplicitDeny:
			s = "implicit deny: no statement allows " + a.Action
		default:
			s = string(a.Decision) + " " + a.Action
		}
		switch {
		case a.Decision == iam.ImplicitDeny:
		case a.Policy != "" && a.Statement != "":
			s += " by " + a.Policy + " statement " + a.Statement
		case a.Policy != "":
			s += " by " + a.Policy
		}
		if l := st.FixLocation; l != nil && l.Resource != "" {
			s += " (" + l.Resource + ")"
		}
		return s
	}
	return st.Summary
}
