package explain

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/internal/contracttest"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// validate checks an explanation against the contract.
func validate(t testing.TB, e *Explanation) {
	t.Helper()
	s := contracttest.Compile(t, Schema)
	b, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	v, err := jsonschema.UnmarshalJSON(strings.NewReader(string(b)))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Validate(v); err != nil {
		t.Errorf("explanation of %.80q does not validate: %v", e.Input, err)
	}
}

const (
	// aws/copilot-cli#5752, as printed.
	copilotASM = "ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried 1 time(s): failed to fetch secret arn:aws:secretsmanager:us-east-1:123456789012:secret:ReportWriter_ADC_DB from secrets manager: AccessDeniedException: User: arn:aws:sts::123456789012:assumed-role/front-end-ExecutionRole-qXmoAXceH13T/a7438eb04296469cbb925934135fa489 is not authorized to perform: secretsmanager:GetSecretValue on resource: arn:aws:secretsmanager:us-east-1:123456789012:secret:ReportWriter_ADC_DB because no identity-based policy allows the secretsmanager:GetSecretValue action status code: 400"
	// ActionIQ/terraform-aws-retool-ecs-fargate#20.
	retoolPull = `CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref docker.io/tryretool/backend:2.110.5: failed to do request: Head "https://registry-1.docker.io/v2/tryretool/backend/manifests/2.110.5": dial tcp 34.205.13.154:443: i/o timeout`
)

// TestClassifyRobust: the same text as typed, copied from a console or
// cut short gives the same step and first cause.
func TestClassifyRobust(t *testing.T) {
	for name, tc := range map[string]struct {
		in, step, cause, action string
	}{
		"copilot-cli#5752 as printed":    {copilotASM, StepSecrets, "missing-permission:secretsmanager:GetSecretValue", "secretsmanager:GetSecretValue"},
		"copilot-cli#5752 upper case":    {strings.ToUpper(copilotASM[:200]) + copilotASM[200:], StepSecrets, "missing-permission:secretsmanager:GetSecretValue", "secretsmanager:GetSecretValue"},
		"copilot-cli#5752 console wrap":  {wrap(copilotASM, 70), StepSecrets, "missing-permission:secretsmanager:GetSecretValue", "secretsmanager:GetSecretValue"},
		"copilot-cli#5752 doubled class": {"TaskFailedToStart: " + copilotASM, StepSecrets, "missing-permission:secretsmanager:GetSecretValue", "secretsmanager:GetSecretValue"},
		"copilot-cli#5752 redacted ARNs": {strings.ReplaceAll(copilotASM, "123456789012", "<ID REDACTED>"), StepSecrets, "missing-permission:secretsmanager:GetSecretValue", "secretsmanager:GetSecretValue"},
		"copilot-cli#5752 retried 9":     {strings.Replace(copilotASM, "retried 1 time(s)", "retried 9 time(s)", 1), StepSecrets, "missing-permission:secretsmanager:GetSecretValue", "secretsmanager:GetSecretValue"},
		"copilot-cli#5752 cut with ...":  {copilotASM[:170] + "...", StepSecrets, "missing-permission:secretsmanager:GetSecretValue", ""},
		// IAM-UG "Access denied error messages": "because no VPC endpoint
		// policy allows"; the agent's SSM wording
		// (agent/taskresource/ssmsecret).
		"ssm denied by an endpoint policy": {"Fetching secret data from SSM Parameter Store in us-west-2: AccessDeniedException: User: arn:aws:sts::111122223333:assumed-role/exec/59f3 is not authorized to perform: ssm:GetParameters on resource: arn:aws:ssm:us-west-2:111122223333:parameter/db because no VPC endpoint policy allows the ssm:GetParameters action status code: 400", StepSecrets, "network:endpoint-policy", "ssm:GetParameters"},
		"retool#20 as printed":             {retoolPull, StepImageManifest, "network:no-route", ""},
		"retool#20 double spaces and CR":   {strings.ReplaceAll(retoolPull, " ", "  \r\n"), StepImageManifest, "network:no-route", ""},
		"retool#20 JSON-escaped breaks":    {strings.ReplaceAll(retoolPull, ": ", `:\n`), StepImageManifest, "network:no-route", ""},
	} {
		t.Run(name, func(t *testing.T) {
			e := Classify(tc.in)
			if e.Step != tc.step || len(e.Causes) == 0 || e.Causes[0].Cause != tc.cause || e.Action != tc.action {
				first := ""
				if len(e.Causes) > 0 {
					first = e.Causes[0].Cause
				}
				t.Errorf("Classify = step %s, first cause %s, action %q; want %s, %s, %q", e.Step, first, e.Action, tc.step, tc.cause, tc.action)
			}
			validate(t, e)
		})
	}
}

// wrap breaks s every n bytes with a newline and an indent, as a terminal
// copy does, even inside words.
func wrap(s string, n int) string {
	var b strings.Builder
	for len(s) > n {
		b.WriteString(s[:n])
		b.WriteString("\n        ")
		s = s[n:]
	}
	b.WriteString(s)
	return b.String()
}

// TestClassifyFields: the class, service, action, resource and family of
// documented texts.
func TestClassifyFields(t *testing.T) {
	for name, tc := range map[string]struct {
		in                                       string
		family, class, service, action, resource string
	}{
		// ECS-DG "Troubleshoot Amazon ECS ResourceInitializationError
		// errors"; aws/copilot-cli#5927.
		"copilot-cli#5927 ecr token timeout": {
			`ResourceInitializationError: unable to pull secrets or registry auth: The task cannot pull registry auth from Amazon ECR: There is a connection issue between the task and Amazon ECR. Check your task network configuration. RequestError: send request failed caused by: Post "https://api.ecr.us-east-1.amazonaws.com/": dial tcp 172.40.1.94:443: i/o timeout`,
			FamilyFargate, "ResourceInitializationError", "ecr.api", "", "api.ecr.us-east-1.amazonaws.com"},
		// agent/dockerclient/dockerapi/errors.go CannotPullECRContainerError;
		// OvertureMaps/overture-tiles#20.
		"overture-tiles#20 agent ecr token": {
			"CannotPullECRContainerError: AccessDeniedException: User: arn:aws:sts::111122223333:assumed-role/Tiles/abc is not authorized to perform: ecr:GetAuthorizationToken on resource: *",
			FamilyEC2, "CannotPullECRContainerError", "ecr.api", "ecr:GetAuthorizationToken", "*"},
		// GiamPy5/terraform-aws-directus#10.
		"directus#10 kms": {
			"ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried 1 time(s): failed to fetch secret arn:aws:secretsmanager:eu-central-1:111122223333:secret:app-EaPYTy from secrets manager: AccessDeniedException: Access to KMS is not allowed status code: 400",
			FamilyFargate, "ResourceInitializationError", "kms", "", "arn:aws:secretsmanager:eu-central-1:111122223333:secret:app-EaPYTy"},
		// cn-terraform/terraform-aws-nexus#35.
		"nexus#35 log group": {
			"CannotStartContainerError: Error response from daemon: failed to initialize logging driver: failed to create Cloudwatch log stream: ResourceNotFoundException: The specified log group does not exist",
			FamilyEC2, "CannotStartContainerError", "logs", "", ""},
	} {
		t.Run(name, func(t *testing.T) {
			e := Classify(tc.in)
			got := [5]string{e.LaunchType, e.Class, e.Service, e.Action, e.Resource}
			want := [5]string{tc.family, tc.class, tc.service, tc.action, tc.resource}
			if got != want {
				t.Errorf("Classify = %q, want %q", got, want)
			}
			validate(t, e)
		})
	}
}

// TestClassifyNothing: empty or unrelated text matches nothing and still
// validates.
func TestClassifyNothing(t *testing.T) {
	for _, in := range []string{"", "   \n\t", "hello world", "Essential container in task exited"} {
		e := Classify(in)
		if e.Matched() {
			t.Errorf("Classify(%q) matched: step %s, causes %v", in, e.Step, e.Causes)
		}
		validate(t, e)
	}
}

// TestCorpusValidates: every corpus explanation is valid against the
// contract.
func TestCorpusValidates(t *testing.T) {
	for _, c := range loadCorpus(t) {
		validate(t, Classify(c.Text))
	}
}

// A text in which CloudWatch Logs answered that the group does not exist
// names the missing group first, even when the logger validation that
// follows was killed on a timeout: the answer proves the network path
// (CWL API Reference "CreateLogStream": ResourceNotFoundException).
func TestLogGroupAnswerBeatsTimeout(t *testing.T) {
	for _, in := range []string{
		"ResourceInitializationError: failed to validate logger args: The specified log group does not exist. : signal: killed",
		"ResourceInitializationError: failed to validate logger args: create stream has been retried 1 times: failed to create Cloudwatch log stream: ResourceNotFoundException: The specified log group does not exist. : exit status 1",
	} {
		e := Classify(in)
		if e.Step != StepLogs || len(e.Causes) == 0 || e.Causes[0].Cause != "log-group-missing" {
			var got []string
			for _, c := range e.Causes {
				got = append(got, c.Cause)
			}
			t.Errorf("Classify(%q): step %s, causes %q; want logs, log-group-missing first", in, e.Step, got)
		}
	}
}
