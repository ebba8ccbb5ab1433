package cloudformation_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/source/cloudformation"
	"github.com/ecs-preflight/ecs-preflight/taskstart"
	"github.com/ecs-preflight/ecs-preflight/world"
)

var (
	region  = cloudformation.WithRegion("eu-west-1")
	account = cloudformation.WithAccount("123456789012")
)

func stacksDir(p ...string) string {
	return filepath.Join(append([]string{"testdata", "stacks"}, p...)...)
}

// verdicts is what a check says of each task: its verdict, the step it
// blames (the first fail, else the first unknown) and that step's
// stoppedReason.
func verdicts(t *testing.T, w *world.World) (string, string) {
	t.Helper()
	res, err := taskstart.Simulate(context.Background(), w)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Tasks) == 0 {
		t.Fatal("no task simulated")
	}
	var b strings.Builder
	for _, task := range res.Tasks {
		fmt.Fprintf(&b, "%s %s %s", task.TaskDefinition, task.Service, task.Verdict)
		var blamed *taskstart.Step
		for _, want := range []string{"fail", "unknown"} {
			for i := range task.Steps {
				if st := &task.Steps[i]; blamed == nil && string(st.Status) == want {
					blamed = st
				}
			}
		}
		if blamed != nil {
			fmt.Fprintf(&b, " blamed %s %s: %s", blamed.Step, blamed.Container, blamed.StoppedReason)
		}
		b.WriteString("\n")
	}
	return string(res.Verdict), b.String() + "\n" + dump(res)
}

// TestSplitFormsSameVerdicts checks that the orders application written as
// one template and split in the three ways CloudFormation and SAM allow
// (CFN-UG "Fn::ImportValue" cross-stack exports; "AWS::CloudFormation::Stack"
// nested stacks with local TemplateURLs as `aws cloudformation package`
// reads them; AWS SAM "AWS::Serverless::Application" with a local Location)
// gives the same verdicts, blamed step and stoppedReason, for the
// application that fails (private subnets without an S3 gateway endpoint:
// ECS-UG "Amazon ECR interface VPC endpoints (AWS PrivateLink)", the layers
// are in S3) and for the one that passes.
func TestSplitFormsSameVerdicts(t *testing.T) {
	for _, tc := range []struct {
		s3      string
		verdict string
	}{
		{"false", "fail"},
		{"true", "pass"},
	} {
		params := map[string]string{"S3GatewayEndpoint": tc.s3}
		forms := []struct {
			name string
			load func() (*world.World, error)
		}{
			{"single", func() (*world.World, error) {
				return cloudformation.Load(stacksDir("single.yaml"), region, account, cloudformation.WithParameters(params))
			}},
			{"imports", func() (*world.World, error) {
				// Given importers first: LoadStacks orders them.
				return cloudformation.LoadStacks(context.Background(), []cloudformation.Stack{
					{File: stacksDir("imports", "service.yaml"), Name: "orders-service"},
					{File: stacksDir("imports", "iam.yaml"), Name: "orders-iam"},
					{File: stacksDir("imports", "network.yaml"), Name: "orders-network", Parameters: params},
				}, region, account)
			}},
			{"nested", func() (*world.World, error) {
				return cloudformation.Load(stacksDir("nested", "master.yaml"), region, account,
					cloudformation.WithParameters(params), cloudformation.WithStackName("orders"))
			}},
			{"sam", func() (*world.World, error) {
				return cloudformation.Load(stacksDir("sam", "template.yaml"), region, account, cloudformation.WithParameters(params))
			}},
		}
		var want, wantDump string
		for _, f := range forms {
			t.Run(tc.verdict+"/"+f.name, func(t *testing.T) {
				w, err := f.load()
				if err != nil {
					t.Fatal(err)
				}
				verdict, got := verdicts(t, w)
				if verdict != tc.verdict {
					t.Fatalf("verdict %s, want %s\n%s", verdict, tc.verdict, got)
				}
				summary, _, _ := strings.Cut(got, "\n\n")
				if f.name == "single" {
					want, wantDump = summary, got
					return
				}
				if summary != want {
					t.Errorf("split form gives\n%s\nthe single template\n%s\n\nsplit:\n%s\nsingle:\n%s", summary, want, got, wantDump)
				}
			})
		}
	}
}
