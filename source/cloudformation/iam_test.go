package cloudformation

import (
	"strings"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/world"
)

// TestPoliciesOnUnresolvedRoles: policies a template attaches to a role it
// does not resolve (Roles: [!Ref RoleParam] without a value, RoleName:
// !ImportValue) are kept on a Role filed under the stand-in, with its other
// policies and boundary unknown (world/unresolved.go), so that an explicit
// deny among them can still decide (IAM-UG "Policy evaluation logic").
func TestPoliciesOnUnresolvedRoles(t *testing.T) {
	const head = "Parameters:\n  ExecRole: {Type: String}\nResources:\n  Td:\n    Type: AWS::ECS::TaskDefinition\n    Properties:\n      ExecutionRoleArn: !Ref ExecRole\n      ContainerDefinitions: [{Name: app, Image: nginx}]\n"
	deny := "{Version: '2012-10-17', Statement: [{Effect: Deny, Action: 'logs:*', Resource: '*'}]}"
	standIn := world.Unresolved(`parameter "ExecRole"`)
	cases := []struct {
		name     string
		res      string
		inline   int
		attached int
	}{
		{"AWS::IAM::Policy with Roles: [!Ref ExecRole] (AWS::IAM::Policy)", "  P: {Type: AWS::IAM::Policy, Properties: {PolicyName: p, Roles: [!Ref ExecRole], PolicyDocument: " + deny + "}}\n", 1, 0},
		{"AWS::IAM::RolePolicy with RoleName: !Ref ExecRole (AWS::IAM::RolePolicy)", "  P: {Type: AWS::IAM::RolePolicy, Properties: {PolicyName: p, RoleName: !Ref ExecRole, PolicyDocument: " + deny + "}}\n", 1, 0},
		{"AWS::IAM::ManagedPolicy with Roles: [!Ref ExecRole] (AWS::IAM::ManagedPolicy)", "  P: {Type: AWS::IAM::ManagedPolicy, Properties: {Roles: [!Ref ExecRole], PolicyDocument: " + deny + "}}\n", 0, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := mustRead(t, head+tc.res, docEnv...)
			td := w.TaskDefinitions.All()[0]
			if td.ExecutionRoleArn != standIn || !strings.Contains(td.Unknown["executionRoleArn"], "--parameter ExecRole=VALUE") {
				t.Fatalf("execution role %q unknown %q, want the stand-in and why", td.ExecutionRoleArn, td.Unknown)
			}
			role := w.Roles.Get(standIn)
			if role == nil {
				t.Fatalf("no role filed under %q; roles %q", standIn, w.Roles.Keys())
			}
			if role.AttachedKnown || role.InlineKnown || role.BoundaryKnown {
				t.Errorf("known flags %v %v %v, want all false: the role's other policies are not in the template", role.AttachedKnown, role.InlineKnown, role.BoundaryKnown)
			}
			if len(role.InlinePolicies) != tc.inline || len(role.AttachedPolicies) != tc.attached {
				t.Errorf("inline %d attached %d, want %d %d", len(role.InlinePolicies), len(role.AttachedPolicies), tc.inline, tc.attached)
			}
			if u := role.Unknown["Role"]; !strings.Contains(u, "attaches to is unresolved") || !strings.Contains(u, `parameter "ExecRole"`) {
				t.Errorf("Unknown %q does not say the role is unresolved", role.Unknown)
			}
			if by := w.Roles.Get("arn:aws:iam::123456789012:role/" + standIn); by != role {
				t.Errorf("the role ARN built from the stand-in name does not reach the same role")
			}
		})
	}
	t.Run("an ImportValue role keeps the stand-in and why (Fn::ImportValue)", func(t *testing.T) {
		w := mustRead(t, "Resources:\n  Td:\n    Type: AWS::ECS::TaskDefinition\n    Properties:\n      ExecutionRoleArn: !ImportValue shared-ExecRoleArn\n      ContainerDefinitions: [{Name: app, Image: nginx}]\n", docEnv...)
		td := w.TaskDefinitions.All()[0]
		if td.ExecutionRoleArn != world.Unresolved(`Fn::ImportValue "shared-ExecRoleArn"`) || !strings.Contains(td.Unknown["executionRoleArn"], "shared-ExecRoleArn") {
			t.Fatalf("execution role %q unknown %q", td.ExecutionRoleArn, td.Unknown)
		}
	})
	t.Run("an unknown policy on the task role stays on the task role (AWS::IAM::Policy)", func(t *testing.T) {
		tpl := "Resources:\n  Exec: {Type: AWS::IAM::Role, Properties: {AssumeRolePolicyDocument: {}, ManagedPolicyArns: ['arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy']}}\n  TaskRole: {Type: AWS::IAM::Role, Properties: {AssumeRolePolicyDocument: {}}}\n  P: {Type: AWS::IAM::Policy, Properties: {PolicyName: p, Roles: [!Ref TaskRole], PolicyDocument: {Statement: [{Effect: Allow, Action: 's3:GetObject', Resource: !ImportValue bucket}]}}}\n"
		w := mustRead(t, tpl, docEnv...)
		exec := w.Roles.Get("arn:aws:iam::123456789012:role/stack-Exec")
		task := w.Roles.Get("arn:aws:iam::123456789012:role/stack-TaskRole")
		if len(exec.InlinePolicies) != 0 || len(task.InlinePolicies) != 1 || task.InlinePolicies[0].Unknown == "" {
			t.Fatalf("exec inline %+v task inline %+v", exec.InlinePolicies, task.InlinePolicies)
		}
		if w.Roles.Len() != 2 {
			t.Fatalf("roles %q, want only the two template roles", w.Roles.Keys())
		}
	})
}
