package taskstart_test

import (
	"context"
	"strings"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/examples"
	"github.com/ecs-preflight/ecs-preflight/iam"
	"github.com/ecs-preflight/ecs-preflight/netpath"
	"github.com/ecs-preflight/ecs-preflight/source/snapshot"
	"github.com/ecs-preflight/ecs-preflight/taskstart"
)

func simulateExample(t *testing.T, name string) *taskstart.Result {
	t.Helper()
	ex, ok := examples.Get(name)
	if !ok {
		t.Fatalf("no example %q", name)
	}
	w, err := snapshot.Read("example:"+name, ex.Data)
	if err != nil {
		t.Fatal(err)
	}
	res, err := taskstart.Simulate(context.Background(), w)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// A failing step's fixLocation points at the resource its fix changes, not
// at the container: the route table a missing S3 gateway endpoint needs,
// the security group that drops 443, the service whose assignPublicIp is
// off, the execution role an identity policy statement goes into.
func TestFixLocationInExamples(t *testing.T) {
	cases := []struct {
		example, container string
		step               taskstart.StepKind
		subject            string // prefix; "" for the first failing step of the kind
		// what the step fails on, so that the case tests the right branch
		blockedBy netpath.BlockKind
		decision  iam.Effect
		resource  string
		path      string
	}{
		{"missing-s3-gateway", "api", taskstart.StepImageLayers, "", netpath.BlockRoute, iam.Allow,
			"rtb-0aeeaf59f63d1b887", "$.ec2.DescribeRouteTables.RouteTables[1]"},
		{"endpoint-sg-no-443", "app", taskstart.StepRegistryAuth, "", netpath.BlockSecurityGroup, iam.Allow,
			"sg-004cc6f7d8d99a267", "$.ec2.DescribeSecurityGroups.SecurityGroups[3]"},
		{"public-ip-disabled", "app", taskstart.StepRegistryAuth, "", netpath.BlockPublicIP, iam.Allow,
			"service reports", "$.ecs.DescribeServices"},
		{"missing-getauthorizationtoken", "app", taskstart.StepRegistryAuth, "", "", iam.ImplicitDeny,
			"role billing-batch-execution", "$.iam.GetRole[0].Role"},
		{"kms-cmk-no-decrypt", "orders", taskstart.StepSecrets, "KMS key", "", iam.ImplicitDeny,
			"role orders-execution-role", "$.iam.GetRole[0].Role"},
		{"dockerhub-no-secret-permission", "api", taskstart.StepRegistryAuth, "", "", iam.ImplicitDeny,
			"role ecsTaskExecutionRole", "$.iam.GetRole[0].Role"},
	}
	for _, tc := range cases {
		t.Run(tc.example+"/"+string(tc.step), func(t *testing.T) {
			res := simulateExample(t, tc.example)
			var st *taskstart.Step
			for i := range res.Tasks[0].Steps {
				s := &res.Tasks[0].Steps[i]
				if s.Container == tc.container && s.Step == tc.step && s.Status == taskstart.Fail && strings.HasPrefix(s.Subject, tc.subject) {
					st = s
					break
				}
			}
			if st == nil {
				t.Fatalf("no failing %s step for container %s", tc.step, tc.container)
			}
			if tc.blockedBy != "" && (st.Network == nil || st.Network.BlockedBy != tc.blockedBy) {
				t.Fatalf("network %+v, want blocked by %s", st.Network, tc.blockedBy)
			}
			if st.IAM == nil || st.IAM.Decision != tc.decision {
				t.Fatalf("iam %+v, want %s", st.IAM, tc.decision)
			}
			fl := st.FixLocation
			if fl == nil {
				t.Fatal("no fixLocation")
			}
			if fl.Resource != tc.resource || !strings.HasPrefix(fl.Path, tc.path) || fl.File != "example:"+tc.example || fl.Line == 0 {
				t.Errorf("fixLocation %+v, want resource %q at %s in example:%s", *fl, tc.resource, tc.path, tc.example)
			}
			if st.Origin == nil || st.Origin.Path == fl.Path {
				t.Errorf("origin %+v should be the container, apart from the fix location %s", st.Origin, fl.Path)
			}
		})
	}
}

// Every failing step of every example names the resource its fix changes,
// and the location string stays what the origin says.
func TestLocationsInEveryExample(t *testing.T) {
	for _, name := range examples.Names() {
		res := simulateExample(t, name)
		for _, task := range res.Tasks {
			for _, st := range task.Steps {
				if st.Status == taskstart.Fail && (st.FixLocation == nil || st.FixLocation.Resource == "") {
					t.Errorf("%s: failing %s step of %s has no fix location", name, st.Step, st.Container)
				}
				if st.Status != taskstart.Fail && st.FixLocation != nil {
					t.Errorf("%s: %s %s step has a fix location", name, st.Status, st.Step)
				}
				if st.Origin != nil && !strings.HasSuffix(st.Location, st.Origin.Path) {
					t.Errorf("%s: location %q does not end with origin path %q", name, st.Location, st.Origin.Path)
				}
			}
		}
	}
}
