package taskstart

import (
	"strings"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/world"
)

// standInRole is the execution role of a template whose ExecutionRoleArn is
// a parameter without a value.
var standInRole = world.Unresolved(`Ref "ExecRoleArn" (a parameter without a value)`)

// unresolvedExecRole makes the execution role a stand-in, as sources do
// (world/unresolved.go), with no policy of its own in the input.
func unresolvedExecRole(w *world.World) {
	td(w).ExecutionRoleArn = standInRole
	td(w).Unknown = map[string]string{"executionRoleArn": `t.yaml:12 TaskDef.ExecutionRoleArn: Ref "ExecRoleArn" has no value`}
}

// attachToStandIn files a policy the template attaches to the unresolved
// role (AWS::IAM::Policy with Roles: [!Ref ExecRoleArn]) under its stand-in,
// with the role's other policies and boundary unknown.
func attachToStandIn(doc string) func(*world.World) {
	return func(w *world.World) {
		unresolvedExecRole(w)
		w.Roles.Put(standInRole, &world.Role{Arn: standInRole,
			InlinePolicies: []world.InlinePolicy{{PolicyName: "TemplatePolicy", PolicyDocument: doc}}})
	}
}

const (
	allowAllStartPhase = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ecr:*","logs:*","secretsmanager:GetSecretValue","ssm:GetParameters","s3:GetObject","s3:GetBucketLocation"],"Resource":"*"}]}`
	denyLogs           = `{"Version":"2012-10-17","Statement":[{"Sid":"NoLogs","Effect":"Deny","Action":"logs:*","Resource":"*"}]}`
)

// An execution role that is not resolved is a role all the same
// (world/unresolved.go; IAM-UG "Policy evaluation logic"): every step that
// needs it is unknown, an explicit deny among the policies the input
// attaches to it decides, and an allow does not, for the role may have
// other policies and a permissions boundary the input does not show.
func TestUnresolvedExecutionRole(t *testing.T) {
	runMutationCases(t, []mutationCase{
		{"the execution-role step is unknown", unresolvedExecRole,
			expect{step: StepExecutionRole, status: Unknown, reason: `Ref "ExecRoleArn" has no value`}},
		{"the ECR token is unknown, not denied", unresolvedExecRole,
			expect{container: "app", step: StepRegistryAuth, status: Unknown, reason: "ExecRoleArn"}},
		{"logs are unknown, not denied", unresolvedExecRole,
			expect{container: "app", step: StepLogs, status: Unknown, reason: "ExecRoleArn"}},
		{"a secret is unknown, not denied", all(unresolvedExecRole, func(w *world.World) {
			addSMSecret(w, "", "password")
			app(w).Secrets = []world.ContainerSecret{{Name: "DB_PASSWORD", ValueFrom: smSecret}}
		}), expect{container: "app", step: StepSecrets, status: Unknown, reason: "ExecRoleArn"}},
		{"the image manifest is unknown, not denied", unresolvedExecRole,
			expect{container: "app", step: StepImageManifest, status: Unknown}},
		{"an attached allow is not decisive", attachToStandIn(allowAllStartPhase),
			expect{container: "app", step: StepLogs, status: Unknown, reason: "permissions boundary"}},
		{"an attached explicit deny decides", attachToStandIn(denyLogs),
			expect{container: "app", step: StepLogs, status: Fail, reason: "with an explicit deny in an identity-based policy", evidence: "NoLogs"}},
		{"the deny decides only its own actions", attachToStandIn(denyLogs),
			expect{container: "app", step: StepRegistryAuth, status: Unknown}},
		{"a Terraform plan leaves the ARN empty", func(w *world.World) {
			td(w).ExecutionRoleArn = ""
			td(w).Unknown = map[string]string{"executionRoleArn": "aws_ecs_task_definition.app: execution_role_arn known after apply"}
		}, expect{container: "app", step: StepLogs, status: Unknown, reason: "known after apply"}},
		{"an SCP that denies decides for any role", all(unresolvedExecRole, func(w *world.World) {
			inOrg(w)
			w.SCPs.Levels[1].Policies = append(w.SCPs.Levels[1].Policies, world.NamedPolicy{Name: "DenyLogs", Document: denyLogs})
		}), expect{container: "app", step: StepLogs, status: Fail, evidence: "DenyLogs"}},
	})
}

// No step of a task with an unresolved execution role names "<no execution
// role>": that sentence is for a task definition without one.
func TestUnresolvedExecutionRoleIsNotNone(t *testing.T) {
	w := baseWorld()
	unresolvedExecRole(w)
	for _, st := range simulate(t, w).Steps {
		if st.Status == Fail || strings.Contains(st.StoppedReason, "no execution role") {
			t.Errorf("%s %s: %s %q", st.Container, st.Step, st.Status, st.StoppedReason)
		}
	}
}

// Only the execution role's own policies, its boundary and the
// organization's policies take part in its decisions (IAM-UG "Policy
// evaluation logic"): a policy whose document is known only after deploy
// attached to the task role, or to another unresolved role, changes
// nothing.
func TestOtherRolesPoliciesDoNotCount(t *testing.T) {
	taskRole := "arn:aws:iam::111122223333:role/app-task"
	other := world.Unresolved(`Ref "TaskRoleArn"`)
	runMutationCases(t, []mutationCase{
		{"an unknown policy of the task role", func(w *world.World) {
			td(w).TaskRoleArn = taskRole
			w.Roles.Put(taskRole, &world.Role{RoleName: "app-task", Arn: taskRole, AttachedKnown: true, InlineKnown: true, BoundaryKnown: true,
				InlinePolicies: []world.InlinePolicy{{PolicyName: "later", Unknown: "Fn::Join with an import, known only after deploy"}}})
		}, expect{container: "app", step: StepLogs, status: OK}},
		{"policies of another unresolved role", func(w *world.World) {
			td(w).TaskRoleArn = other
			w.Roles.Put(other, &world.Role{Arn: other, InlinePolicies: []world.InlinePolicy{{PolicyName: "x", PolicyDocument: denyLogs}}})
		}, expect{container: "app", step: StepLogs, status: OK}},
	})
}
