package taskstart

import (
	"strings"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/world"
)

// The fix location follows the fix: the layer that denied (IAM-UG "Policy
// evaluation logic") or the network setting that blocks.
func TestFixLocation(t *testing.T) {
	at := func(path string) world.Origin { return world.Origin{File: "in.json", Line: 7, Column: 5, Path: path} }
	cases := []struct {
		name     string
		mutate   func(*world.World)
		step     StepKind
		subject  string
		resource string
		path     string
	}{
		{"no allow in the identity policies: the execution role", func(w *world.World) {
			inline(w, pullOnly)
			role(w).Origin = at("Role")
		}, StepRegistryAuth, "", "role ecsTaskExecutionRole", "Role"},
		{"an explicit deny in an inline policy: that policy", func(w *world.World) {
			role(w).Origin = at("Role")
			addInline(w, "deny-ecr", `{"Statement":[{"Sid":"NoECR","Effect":"Deny","Action":"ecr:*","Resource":"*"}]}`)
			role(w).InlinePolicies[0].Origin = at("DenyPolicy")
		}, StepRegistryAuth, "", "policy ecsTaskExecutionRole/deny-ecr", "DenyPolicy"},
		{"an explicit deny in a customer managed policy: that policy", func(w *world.World) {
			arn := "arn:aws:iam::111122223333:policy/NoECR"
			role(w).AttachedPolicies = append(role(w).AttachedPolicies, world.AttachedPolicy{PolicyName: "NoECR", PolicyArn: arn})
			w.Policies.Put(arn, &world.ManagedPolicy{Arn: arn, PolicyName: "NoECR", Origin: at("ManagedPolicy"),
				Document: `{"Statement":[{"Sid":"NoECR","Effect":"Deny","Action":"ecr:*","Resource":"*"}]}`})
		}, StepRegistryAuth, "", "policy NoECR", "ManagedPolicy"},
		{"a permissions boundary without the action: the boundary policy", func(w *world.World) {
			arn := "arn:aws:iam::111122223333:policy/Boundary"
			role(w).PermissionsBoundaryArn = arn
			w.Policies.Put(arn, &world.ManagedPolicy{Arn: arn, PolicyName: "Boundary", Origin: at("Boundary"),
				Document: `{"Statement":[{"Effect":"Allow","Action":"logs:*","Resource":"*"}]}`})
		}, StepRegistryAuth, "", "permissions boundary arn:aws:iam::111122223333:policy/Boundary", "Boundary"},
		{"a key policy that does not delegate: the key", func(w *world.World) {
			addSSMParam(w, "SecureString", cmkARN)
			addCMK(w, closedKeyPolicy)
			w.Keys.Get(cmkARN).Origin = at("Key")
			addInline(w, "ssm", `{"Statement":[{"Effect":"Allow","Action":["ssm:GetParameters","kms:Decrypt"],"Resource":"*"}]}`)
		}, StepSecrets, "KMS key", "the key policy of " + cmkARN, "Key"},
		{"a repository policy of another account: the repository", func(w *world.World) {
			crossAccountRepo(`{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"ecr:BatchGetImage"}]}`)(w)
			w.Repositories.Get("arn:aws:ecr:ap-northeast-1:999999999999:repository/shared").Origin = at("Repository")
		}, StepImageManifest, "", "the repository policy of shared", "Repository"},
		{"an endpoint policy without the action: the endpoint", func(w *world.World) {
			useEndpoints(w, "ecr.api", "ecr.dkr", "logs")
			ep := w.VPCEndpoints.Get("vpce-ecr.dkr")
			ep.PolicyDocument = `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"ecr:GetAuthorizationToken","Resource":"*"}]}`
			ep.Origin = at("Endpoint")
		}, StepImageManifest, "", "vpce-ecr.dkr", "Endpoint"},
		{"an SCP without the action: named, not in the input", func(w *world.World) {
			w.SCPs = &world.PolicyPath{Levels: []world.PolicyLevel{{Target: "r-root", Policies: []world.NamedPolicy{{Name: "OnlyLogs", Document: `{"Statement":[{"Effect":"Allow","Action":"logs:*","Resource":"*"}]}`}}}}}
		}, StepRegistryAuth, "", "service control policy ", ""},
		{"no route out: the route table", func(w *world.World) {
			noRoute(w)
			w.RouteTables.Get("rtb-priv").Origin = at("RouteTable")
		}, StepRegistryAuth, "", "rtb-priv", "RouteTable"},
		{"an endpoint group without 443 from the task: the group", func(w *world.World) {
			useEndpoints(w, "ecr.api", "ecr.dkr", "logs")
			sg := w.SecurityGroups.Get("sg-vpce")
			sg.IpPermissions = nil
			sg.Origin = at("EndpointGroup")
		}, StepRegistryAuth, "", "sg-vpce", "EndpointGroup"},
		{"a deleted secret: the secret", func(w *world.World) {
			withSecret(w)
			w.Secrets.Get(smSecret).Deleted = true
			w.Secrets.Get(smSecret).Origin = at("Secret")
		}, StepSecrets, "", "secret app/db-AbCdEf", "Secret"},
		{"a trust policy without ECS: the role", func(w *world.World) {
			role(w).AssumeRolePolicyDocument = `{"Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`
			role(w).Origin = at("Role")
		}, StepExecutionRole, "", "role ecsTaskExecutionRole", "Role"},
		{"a log group that does not exist: the container whose awslogs-group names it", func(w *world.World) {
			app(w).LogConfiguration.Options["awslogs-group"] = "/ecs/other"
			app(w).Origin = at("Container")
		}, StepLogs, "", "container app", "Container"},
		{"a Fargate size that does not exist: the task definition", func(w *world.World) {
			td(w).Memory = "4096"
			td(w).Origin = at("TaskDefinition")
		}, StepTaskDefinition, "cpu/memory", "task definition app:1", "TaskDefinition"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := baseWorld()
			tc.mutate(w)
			task := simulate(t, w)
			var st *Step
			for i := range task.Steps {
				s := &task.Steps[i]
				if s.Step == tc.step && s.Status == Fail && strings.HasPrefix(s.Subject, tc.subject) {
					st = s
					break
				}
			}
			if st == nil {
				t.Fatalf("no failing %s step:%s", tc.step, dump(task))
			}
			fl := st.FixLocation
			if fl == nil {
				t.Fatal("no fix location")
			}
			if tc.path == "" {
				if fl.File != "" || !strings.HasPrefix(fl.Resource, tc.resource) {
					t.Errorf("fix location %+v, want only the resource %q…", *fl, tc.resource)
				}
				return
			}
			if fl.Resource != tc.resource || fl.Path != tc.path || fl.File != "in.json" || fl.Line != 7 || fl.Column != 5 {
				t.Errorf("fix location %+v, want %q at in.json:7:5 %s", *fl, tc.resource, tc.path)
			}
		})
	}
}

// A location copies the origin's file, line, column and path; an input
// without columns (a plan, a snapshot) leaves the column 0.
func TestLocationOf(t *testing.T) {
	for _, tc := range []struct {
		name string
		o    world.Origin
		want *Location
	}{
		{"a template resource: line and column", world.Origin{File: "stack.yaml", Line: 12, Column: 3, Path: "Task"},
			&Location{File: "stack.yaml", Line: 12, Column: 3, Path: "Task"}},
		{"a snapshot resource: line, no column", world.Origin{File: "account.json", Line: 40, Path: "$.iam.Roles[0]"},
			&Location{File: "account.json", Line: 40, Path: "$.iam.Roles[0]"}},
		{"a plan resource: no line", world.Origin{File: "plan.json", Path: "aws_iam_role.exec"},
			&Location{File: "plan.json", Path: "aws_iam_role.exec"}},
		{"no origin: no location", world.Origin{}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := locationOf(tc.o)
			if (got == nil) != (tc.want == nil) || got != nil && *got != *tc.want {
				t.Errorf("locationOf(%#v) = %#v, want %#v", tc.o, got, tc.want)
			}
			if tc.want == nil {
				return
			}
			fix := *tc.want
			fix.Resource = "role r"
			if got := fixAt(tc.o, "role r"); *got != fix {
				t.Errorf("fixAt(%#v) = %#v, want %#v", tc.o, *got, fix)
			}
		})
	}
}
