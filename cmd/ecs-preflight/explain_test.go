package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/examples"
	"github.com/ecs-preflight/ecs-preflight/explain"
	"github.com/ecs-preflight/ecs-preflight/internal/awstest"
	"github.com/ecs-preflight/ecs-preflight/internal/contracttest"
	"github.com/ecs-preflight/ecs-preflight/iostreams"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// Public texts, each as its source quotes it.
const (
	// ECS-DG "CannotPullContainer task errors in Amazon ECS"; the layer
	// download of taskstart/reasons.go.
	layerTimeout = `CannotPullContainerError: ref pull has been retried 1 time(s): failed to copy: httpReadSeeker: failed open: failed to do request: Get "https://prod-ap-northeast-1-starport-layer-bucket.s3.ap-northeast-1.amazonaws.com/...": dial tcp 52.219.0.1:443: i/o timeout`
	// aws/copilot-cli#5927.
	ecrAuthTimeout = `ResourceInitializationError: unable to pull secrets or registry auth: The task cannot pull registry auth from Amazon ECR: There is a connection issue between the task and Amazon ECR. Check your task network configuration. RequestError: send request failed caused by: Post "https://api.ecr.us-east-1.amazonaws.com/": dial tcp 3.1.2.3:443: i/o timeout`
	// GiamPy5/terraform-aws-directus#10.
	kmsDenied = "ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried 1 time(s): failed to fetch secret arn:aws:secretsmanager:eu-central-1:111122223333:secret:db-EaPYTy from secrets manager: AccessDeniedException: Access to KMS is not allowed status code: 400"
	// aws-samples/keycloak-on-aws#222.
	registryAuthASM = "ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to get registry auth from asm: service call has been retried 5 time(s): asm fetching secret from the service for ..."
	// Releem/releem-agent#195.
	asmTimeout = "ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried 5 time(s): failed to fetch secret arn:aws:secretsmanager:us-west-2:*:secret:DBPasswordSecret-* from secrets manager: RequestCanceled: request context canceled caused by: context deadline exceeded. Please check your task network configuration."
)

func explainSchema(t *testing.T) *jsonschema.Schema { return contracttest.Compile(t, explain.Schema) }

// decodeExplanation validates the JSON output against the contract and
// decodes it.
func decodeExplanation(t *testing.T, s *jsonschema.Schema, out string) map[string]any {
	t.Helper()
	v, err := jsonschema.UnmarshalJSON(strings.NewReader(out))
	if err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out)
	}
	if err := s.Validate(v); err != nil {
		t.Fatalf("output does not validate against explain-output.schema.json: %v\n%s", err, out)
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func firstCause(m map[string]any) string {
	cs, _ := m["causes"].([]any)
	if len(cs) == 0 {
		return ""
	}
	c, _ := cs[0].(map[string]any)
	s, _ := c["cause"].(string)
	return s
}

// TestExplainText: a text as argument or on stdin (a console copy with
// line breaks) gives its step, exit 0, and JSON that validates.
func TestExplainText(t *testing.T) {
	schema := explainSchema(t)
	code, out, errOut := runCLI(t, "explain", asmTimeout)
	if code != exitPass || !strings.Contains(out, "step: secrets (ResourceInitializationError, Fargate platform wording)") || !strings.Contains(out, "1. network:no-route") {
		t.Errorf("explain TEXT: exit %d, stderr %s\n%s", code, errOut, out)
	}
	io, stdout, stderr := iostreams.Test()
	io.In = strings.NewReader(wrapLines(asmTimeout, 60))
	if code := run([]string{"explain", "-", "--format", "json"}, io); code != exitPass {
		t.Fatalf("explain -: exit %d, stderr %s", code, stderr)
	}
	m := decodeExplanation(t, schema, stdout.String())
	if m["step"] != explain.StepSecrets || m["service"] != "secretsmanager" || firstCause(m) != "network:no-route" {
		t.Errorf("explain - of a wrapped copy: %v", m)
	}
}

func wrapLines(s string, n int) string {
	var b strings.Builder
	for len(s) > n {
		b.WriteString(s[:n] + "\n  ")
		s = s[n:]
	}
	return b.String() + s
}

// TestExplainNothing: a text that names no start-phase error exits 3 and
// still validates.
func TestExplainNothing(t *testing.T) {
	code, out, _ := runCLI(t, "explain", "Essential container in task exited", "-f", "json")
	if code != exitUnknown {
		t.Errorf("exit %d, want %d", code, exitUnknown)
	}
	if m := decodeExplanation(t, explainSchema(t), out); m["step"] != explain.StepUnknown {
		t.Errorf("step %v, want unknown", m["step"])
	}
}

// TestExplainUsage: wrong flags and a too long stdin are usage or input
// errors (exit 2) naming what is wrong.
func TestExplainUsage(t *testing.T) {
	for name, tc := range map[string]struct {
		args  []string
		stdin string
		want  string
	}{
		"no text":            {[]string{"explain"}, "", "needs the error text"},
		"two texts":          {[]string{"explain", "a", "b"}, "", "accepts at most 1 arg"},
		"bad format":         {[]string{"explain", "x", "-f", "xml"}, "", `unknown format "xml"`},
		"task without clust": {[]string{"explain", "--task", "abc"}, "", "give --cluster too"},
		"cluster no task":    {[]string{"explain", "x", "--cluster", "prod"}, "", "give the stopped --task"},
		"text and task":      {[]string{"explain", "x", "--cluster", "prod", "--task", "abc"}, "", "not both"},
		"region no input":    {[]string{"explain", "x", "--region", "eu-west-1"}, "", "apply to an input"},
		"two inputs":         {[]string{"explain", "x", "--example", "nat-gateway", "--snapshot", "a.json"}, "", "exactly one input"},
		"unknown example":    {[]string{"explain", "x", "--example", "nope"}, "", `unknown example "nope"`},
		"missing snapshot":   {[]string{"explain", "x", "--snapshot", "/nonexistent/a.json"}, "", "a.json"},
		"stdin too long":     {[]string{"explain", "-"}, strings.Repeat("x", maxExplainText+1), `loading text "stdin": larger than`},
	} {
		t.Run(name, func(t *testing.T) {
			io, _, errOut := iostreams.Test()
			io.In = strings.NewReader(tc.stdin)
			if code := run(tc.args, io); code != exitInput || !strings.Contains(errOut.String(), tc.want) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, errOut, exitInput, tc.want)
			}
		})
	}
}

// TestExplainFindings: with an input, the failing steps of the check that
// match the text are findings and their causes come first.
func TestExplainFindings(t *testing.T) {
	schema := explainSchema(t)
	for name, tc := range map[string]struct {
		text, example, step, first string
		findings                   int
	}{
		"layers timeout, no S3 gateway endpoint": {layerTimeout, "missing-s3-gateway", explain.StepImageLayers, "network:endpoint-missing:s3", 1},
		// The text alone puts a missing route first; the check finds the
		// endpoint's security group.
		"ecr token timeout, endpoint group without 443": {ecrAuthTimeout, "endpoint-sg-no-443", explain.StepRegistryAuth, "network:security-group", 1},
		"kms denied, key policy without the role":       {kmsDenied, "kms-cmk-no-decrypt", explain.StepSecrets, "missing-permission:kms:Decrypt", 1},
		"registry credentials, no GetSecretValue":       {registryAuthASM, "dockerhub-no-secret-permission", explain.StepRegistryAuth, "missing-permission:secretsmanager:GetSecretValue", 1},
		// The bucket policy denies (a template scenario).
		"env file access denied, bucket policy deny": {"ResourceInitializationError: failed to download env files: file download command: non-empty error stream: failed to download file orders-api.env: failed to write to a temporary file: AccessDenied: Access Denied", "cfn:../../source/cloudformation/testdata/scenarios/env-file-bucket-policy-deny.yaml", explain.StepEnvironmentFiles, "bucket-policy", 1},
		// The check fails another step: nothing matches.
		"secrets text, layers fail": {asmTimeout, "missing-s3-gateway", explain.StepSecrets, "network:no-route", 0},
	} {
		t.Run(name, func(t *testing.T) {
			args := []string{"explain", tc.text, "--example", tc.example, "-f", "json"}
			if file, ok := strings.CutPrefix(tc.example, "cfn:"); ok {
				args = []string{"explain", tc.text, "--cloudformation", file, "--region", "eu-west-1", "--account", "123456789012", "-f", "json"}
			}
			code, out, errOut := runCLI(t, args...)
			if code != exitPass {
				t.Fatalf("exit %d, stderr %s", code, errOut)
			}
			m := decodeExplanation(t, schema, out)
			fs, _ := m["findings"].([]any)
			if m["step"] != tc.step || firstCause(m) != tc.first || len(fs) != tc.findings {
				t.Errorf("step %v, first cause %s, %d findings; want %s, %s, %d\n%s", m["step"], firstCause(m), len(fs), tc.step, tc.first, tc.findings, out)
			}
			for _, f := range fs {
				if st, _ := f.(map[string]any); st["status"] != "fail" || st["step"] != tc.step {
					t.Errorf("finding %v is not a failing %s step", st, tc.step)
				}
			}
		})
	}
	// The text form lists the findings.
	_, out, _ := runCLI(t, "explain", layerTimeout, "--example", "missing-s3-gateway")
	if !strings.Contains(out, "findings of the check:\n  container api, image-layers: download the image layers from Amazon S3") {
		t.Errorf("text output without the finding:\n%s", out)
	}
}

// TestExplainLiveTask: --cluster --task reads the stopped task
// (ecs:DescribeTasks), explains the container reason that names a step,
// and checks the service that ran the task.
func TestExplainLiveTask(t *testing.T) {
	liveEnv(t)
	ex, _ := examples.Get("missing-s3-gateway")
	var doc map[string]any
	if err := json.Unmarshal(ex.Data, &doc); err != nil {
		t.Fatal(err)
	}
	// ECS API Reference "DescribeTasks": a stopped task with its group,
	// stoppedReason and containers[].reason.
	doc["ecs"].(map[string]any)["DescribeTasks"] = map[string]any{"tasks": []any{map[string]any{
		"taskArn":           "arn:aws:ecs:ap-northeast-1:123456789012:task/ledger-prod/0123456789abcdef0",
		"clusterArn":        "arn:aws:ecs:ap-northeast-1:123456789012:cluster/ledger-prod",
		"taskDefinitionArn": "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/ledger-api:8",
		"group":             "service:ledger-api",
		"lastStatus":        "STOPPED",
		"stopCode":          "TaskFailedToStart",
		"stoppedReason":     "Task failed to start",
		"containers":        []any{map[string]any{"name": "api", "lastStatus": "STOPPED", "reason": layerTimeout}},
	}}}
	data, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	srv := awstest.NewServer(t, data)
	args := []string{"explain", "--cluster", "ledger-prod", "--region", "ap-northeast-1", "--endpoint-url", srv.URL, "-f", "json"}
	code, out, errOut := runCLI(t, append(args, "--task", "0123456789abcdef0")...)
	if code != exitPass {
		t.Fatalf("exit %d, stderr %s", code, errOut)
	}
	m := decodeExplanation(t, explainSchema(t), out)
	fs, _ := m["findings"].([]any)
	if m["input"] != layerTimeout || m["step"] != explain.StepImageLayers || firstCause(m) != "network:endpoint-missing:s3" || len(fs) != 1 {
		t.Errorf("live explain: %s", out)
	}
	if code, _, errOut := runCLI(t, append(args, "--task", "fedcba9876543210f")...); code != exitInput || !strings.Contains(errOut, "MISSING") {
		t.Errorf("a task ECS does not know: exit %d, stderr %s", code, errOut)
	}
}

// TestExplainTerminalSafe: names taken from the text reach the terminal
// escaped (internal/termsafe), in text and in JSON.
func TestExplainTerminalSafe(t *testing.T) {
	text := "CannotPullContainerError: pull access denied for evil\x1b]0;x\x07image\u202e:1, repository does not exist or may require 'docker login'"
	for _, format := range []string{"text", "json"} {
		code, out, _ := runCLI(t, "explain", text, "-f", format)
		if code != exitPass || strings.ContainsAny(out, "\x1b\x07\u202e") {
			t.Errorf("%s: exit %d, raw controls in output %q", format, code, out)
		}
	}
}
