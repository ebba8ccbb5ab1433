package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/internal/awstest"
)

// liveFixtures are the CloudFormation and Terraform fixtures whose check is
// unknown only for facts the account holds (an existing VPC, repository,
// secret, log group; the account id the credentials belong to): served an
// account holding exactly the resources they reference
// (testdata/live/NAME.json), --live decides every step.
//
// Excluded, each unknown for something no account read answers:
//   - importvalue-subnets, exec-role-importvalue: Fn::ImportValue of another
//     stack (resolved only in the deployed stack; --snapshot).
//   - sam-nested-network: a nested application's output, known only after
//     deploy.
//   - cdk-v1-env-file-asset: an unresolved asset parameter and no service
//     network configuration in the template.
//   - exec-role-param-policy-allow, exec-role-param-policy-deny: an
//     unresolved parameter names the execution role (deny already fails).
//   - region-pinned-two: the region is ambiguous in the template; the trust
//     policy depends on it.
//   - exec-role-parameter-default: the image's repository is in us-east-1,
//     another region than the stack's; the reader lists one region's
//     repositories (docs/snapshot.md: one document, one region).
//   - central-endpoint-private-hosted-zone: the zones send names to
//     endpoints that may be in another account or VPC, and to a wildcard
//     target no read resolves.
//   - role-from-stack (plan): the execution role is a stack output known
//     only after apply.
//   - central-endpoints-tgw (plan): transit gateway routes of a gateway the
//     plan creates (ec2:SearchTransitGatewayRoutes; known only after apply).
//   - env-files-cache (plan): the plan's pull through cache rule stands for
//     the repository, whose policy a creation template the plan does not
//     show sets; the plan wins where both speak, so the account's
//     repository policy does not replace it.
//   - dns-off-custom-dns (plan): what custom DNS servers answer is no AWS
//     API's fact.
//
// Every other fixture is decided (pass or fail) from the template or plan
// alone.
var liveFixtures = []struct {
	name string
	// args give the input; the region and account come from the served
	// account (--region is the region read).
	args []string
	doc  string
	want int
}{
	{"assume-defaults.yaml", []string{"--cloudformation", "testdata/assume-defaults.yaml", "--region", "ap-northeast-1"}, "assume-defaults.json", exitPass},
	{"assume-defaults-plan", []string{"--terraform-plan", "testdata/assume-defaults-plan/plan.json", "--region", "ap-northeast-1"}, "assume-defaults.json", exitPass},
	{"log-group-not-in-template", []string{"--cloudformation", "../../source/cloudformation/testdata/scenarios/log-group-not-in-template.yaml", "--region", "ap-northeast-1"}, "log-group-not-in-template.json", exitPass},
	{"log-create-group-no-permission", []string{"--cloudformation", "../../source/cloudformation/testdata/scenarios/log-create-group-no-permission.yaml", "--region", "ap-northeast-1"}, "log-create-group-no-permission.json", exitPass},
	// The group is absent: the driver must create it, and the role may not
	// (ECS-DG "Using the awslogs log driver": awslogs-create-group needs
	// logs:CreateLogGroup).
	{"log-create-group-no-permission, group absent", []string{"--cloudformation", "../../source/cloudformation/testdata/scenarios/log-create-group-no-permission.yaml", "--region", "ap-northeast-1"}, "log-group-absent.json", exitFail},
	{"endpoints-nacl", []string{"--terraform-plan", "../../source/tfplan/testdata/real/endpoints-nacl/plan.json", "--region", "us-east-2"}, "endpoints-nacl.json", exitPass},
	{"region-from-az", []string{"--terraform-plan", "../../source/tfplan/testdata/real/region-from-az/plan.json", "--region", "us-west-2"}, "region-from-az.json", exitPass},
}

func TestLiveFixtures(t *testing.T) {
	liveEnv(t)
	for _, tt := range liveFixtures {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := os.ReadFile(filepath.Join("testdata/live", tt.doc))
			if err != nil {
				t.Fatal(err)
			}
			input := tt.args[1]
			alone := append([]string{"check", "--format", "json"}, tt.args...)
			if code, _, errOut := runCLI(t, alone...); code != exitUnknown {
				t.Fatalf("the input alone: exit %d, want %d (unknown); stderr %s", code, exitUnknown, errOut)
			}
			srv := awstest.NewServer(t, doc)
			code, out, errOut := runCLI(t, append(alone, "--live", "--endpoint-url", srv.URL)...)
			if code != tt.want {
				t.Fatalf("--live: exit %d, want %d; stderr %s\n%s", code, tt.want, errOut, out)
			}
			var r struct {
				Tasks []struct {
					Steps []struct {
						Step, Status, Container string
						Missing                 []string
						Origin                  struct{ File string }
					}
				}
			}
			if err := json.Unmarshal([]byte(out), &r); err != nil {
				t.Fatal(err)
			}
			if len(r.Tasks) == 0 {
				t.Fatal("no task checked")
			}
			for _, task := range r.Tasks {
				for _, s := range task.Steps {
					if s.Status == "unknown" {
						t.Errorf("%s %s: unknown, missing %q", s.Container, s.Step, s.Missing)
					}
					// The task definition is the input's own: its origin
					// stays the input's, never the account's.
					if s.Step == "task-definition" && s.Origin.File != input {
						t.Errorf("task-definition origin %q, want %q", s.Origin.File, input)
					}
				}
			}
		})
	}
}
