package sarif

import (
	"strings"

	"github.com/ecs-preflight/ecs-preflight/iam"
	"github.com/ecs-preflight/ecs-preflight/netpath"
	"github.com/ecs-preflight/ecs-preflight/taskstart"
)

// HelpBase is where each rule's documentation lives: docs/sarif.md, one
// heading per rule id, so that GitHub's anchor of the heading is the id in
// lower case.
const HelpBase = "https://github.com/ecs-preflight/ecs-preflight/blob/main/docs/sarif.md#"

// Rule is one failure class of the start phase: a SARIF reportingDescriptor.
type Rule struct {
	ID    string
	Name  string // PascalCase, as SARIF's reportingDescriptor.name suggests
	Short string // one sentence
	Full  string
}

// Rules are every failure class, in a fixed order that is each rule's
// ruleIndex. The scheme (docs/sarif.md): a step whose network path is
// blocked is classed by what blocks it (EPF-NET-<blockedBy>), since the call
// fails with the connection error before IAM is asked (docs/model.md "Steps
// and calls"); else a step with an IAM answer that is not allow by that
// answer (EPF-IAM-<decision>); an unknown step whose path is not known
// (via unknown) is EPF-NET-UNKNOWN; else by the step itself (EPF-<step>).
var Rules = []Rule{
	{"EPF-NET-ROUTE", "NetworkRoute", "The task's subnet has no route to the host the call needs.",
		"The route table of the task's subnet sends the host's addresses nowhere: no internet or NAT gateway route, and no VPC endpoint (gateway endpoint route or interface endpoint) serves the service. Add the route or the endpoint."},
	{"EPF-NET-PUBLIC-IP", "NetworkPublicIP", "The task uses an internet gateway route without a public IP.",
		"The task's subnet routes to an internet gateway, but the task has no public IP (assignPublicIp DISABLED), so its traffic cannot leave. Enable assignPublicIp, or route through a NAT gateway or VPC endpoints."},
	{"EPF-NET-SECURITY-GROUP", "NetworkSecurityGroup", "A security group drops the call's traffic.",
		"The task's security groups allow no outbound HTTPS to the host, or the interface endpoint's security groups allow no inbound HTTPS from the task."},
	{"EPF-NET-NACL", "NetworkACL", "A network ACL drops the call's traffic.",
		"A network ACL of the task's subnet (or of the endpoint's subnet) denies the outbound request or the return traffic on ephemeral ports."},
	{"EPF-NET-DNS", "NetworkDNS", "The host's name does not resolve the way the call needs.",
		"The VPC's DNS support or hostnames are off, or an interface endpoint without private DNS leaves the service's public name resolving to public addresses the task cannot reach."},
	{"EPF-NET-ENDPOINT-POLICY", "NetworkEndpointPolicy", "A VPC endpoint policy denies the call.",
		"The VPC endpoint the call goes through has a policy that does not allow the action on the resource (for image layers, the S3 gateway endpoint policy must allow the registry's layer bucket)."},
	{"EPF-NET-REGION", "NetworkRegion", "The call goes to another region than the endpoints serve.",
		"The host is in another region than the task's VPC endpoints serve, so the call leaves through the internet path, which the subnet lacks."},
	{"EPF-NET-UNKNOWN", "NetworkUndecided", "Whether the task reaches the host is not known from the input.",
		"A fact the network path depends on is missing or unresolved (a subnet, route table, security group or endpoint the input does not define); the result names what is missing."},
	{"EPF-IAM-EXPLICIT-DENY", "IAMExplicitDeny", "A policy statement explicitly denies the call.",
		"An explicit Deny in an identity policy, permissions boundary, SCP, RCP, session policy, resource policy or endpoint policy matches the call: it wins over every allow (IAM-UG \"Policy evaluation logic\")."},
	{"EPF-IAM-IMPLICIT-DENY", "IAMImplicitDeny", "No policy allows the call.",
		"No statement allows the action on the resource for the principal that makes the call (the execution role's session, or ECS assuming the role), so it is implicitly denied (IAM-UG \"Policy evaluation logic\")."},
	{"EPF-IAM-UNKNOWN", "IAMUndecided", "Whether IAM allows the call is not known from the input.",
		"A policy, role or condition value the decision depends on is missing or unresolved; the result names what is missing."},
	{"EPF-TASK-DEFINITION", "TaskDefinition", "The task definition is not valid for its launch type or platform version.",
		"ECS refuses the task definition, or the platform version cannot run it, before any call is made."},
	{"EPF-EXECUTION-ROLE", "ExecutionRole", "ECS cannot use the task execution role.",
		"The task needs an execution role and has none, or ecs-tasks.amazonaws.com may not assume it."},
	{"EPF-REGISTRY-AUTH", "RegistryAuth", "Registry credentials cannot be obtained.",
		"The ECR authorization token or the private registry credentials (repositoryCredentials) cannot be fetched."},
	{"EPF-IMAGE-MANIFEST", "ImageManifest", "The image manifest cannot be read.",
		"The image reference or its repository does not allow the pull of the manifest."},
	{"EPF-IMAGE-LAYERS", "ImageLayers", "The image layers cannot be downloaded.",
		"The layers of the image cannot be downloaded (for ECR, from the registry's Amazon S3 layer bucket)."},
	{"EPF-SECRETS", "Secrets", "A secret or parameter cannot be fetched.",
		"A Secrets Manager secret, Systems Manager parameter, or the KMS key that encrypts it, cannot be read for the container."},
	{"EPF-ENVIRONMENT-FILES", "EnvironmentFiles", "An environment file cannot be fetched.",
		"An S3 environment file of the container cannot be read."},
	{"EPF-LOGS", "Logs", "The container's log stream cannot be created.",
		"The awslogs driver cannot create the log group or log stream, or put log events."},
}

// index is each rule id's ruleIndex.
var index = func() map[string]int {
	m := make(map[string]int, len(Rules))
	for i, r := range Rules {
		m[r.ID] = i
	}
	return m
}()

// RuleFor is the failure class of a step that is not ok.
func RuleFor(st *taskstart.Step) string {
	if n := st.Network; n != nil && n.BlockedBy != "" {
		id := "EPF-NET-" + strings.ToUpper(string(n.BlockedBy))
		if n.BlockedBy == netpath.BlockUnknown {
			id = "EPF-NET-UNKNOWN"
		}
		if _, ok := index[id]; ok {
			return id
		}
	}
	if n := st.Network; n != nil && n.Via == netpath.ViaUnknown && st.Status == taskstart.Unknown {
		return "EPF-NET-UNKNOWN"
	}
	if a := st.IAM; a != nil {
		switch a.Decision {
		case iam.ExplicitDeny:
			return "EPF-IAM-EXPLICIT-DENY"
		case iam.ImplicitDeny:
			return "EPF-IAM-IMPLICIT-DENY"
		case iam.Unknown:
			return "EPF-IAM-UNKNOWN"
		}
	}
	id := "EPF-" + strings.ToUpper(string(st.Step))
	if _, ok := index[id]; ok {
		return id
	}
	// A step kind this table does not know yet is classed with the
	// definition checks rather than dropped.
	return "EPF-TASK-DEFINITION"
}
