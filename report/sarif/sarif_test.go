package sarif

import (
	"bytes"
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/iam"
	"github.com/ecs-preflight/ecs-preflight/netpath"
	"github.com/ecs-preflight/ecs-preflight/taskstart"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// schema is the vendored SARIF 2.1.0 schema (testdata/README.md).
func schema(t testing.TB) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "sarif-schema-2.1.0.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("file:///sarif-schema-2.1.0.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("file:///sarif-schema-2.1.0.json")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func validate(t testing.TB, s *jsonschema.Schema, out []byte) error {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(out))
	if err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	return s.Validate(inst)
}

// sample has a step of every status, located in a template file, a
// snapshot and nowhere.
func sample() *taskstart.Result {
	return &taskstart.Result{Verdict: taskstart.VerdictFail, Tasks: []taskstart.Task{{
		TaskDefinition: "app:3", Service: "app", Verdict: taskstart.VerdictFail,
		Steps: []taskstart.Step{
			{Step: taskstart.StepExecutionRole, Status: taskstart.OK, Summary: "ok"},
			{Container: "web", Step: taskstart.StepImageLayers, Status: taskstart.Fail, RuleID: "EPF-ECR-LAYERS",
				Summary:       "download the image layers from Amazon S3: unreachable (route)",
				StoppedReason: "CannotPullContainerError: ... i/o timeout", Fix: "create the S3 gateway endpoint",
				Network:     &taskstart.NetworkEvidence{Service: "s3", Via: netpath.ViaNone, BlockedBy: netpath.BlockRoute},
				Origin:      &taskstart.Location{File: "stack.yaml", Line: 40, Path: "TaskDef"},
				FixLocation: &taskstart.Location{File: "stack.yaml", Line: 12, Column: 3, Path: "PrivateRouteTable", Resource: "rtb-PrivateRouteTable"}},
			{Container: "web", Step: taskstart.StepLogs, Status: taskstart.Unknown, Missing: []string{"logs:DescribeLogGroups"},
				Origin: &taskstart.Location{File: "example:x", Line: 3, Path: "$.ecs"}},
			{Container: "web", Step: taskstart.StepSecrets, Status: taskstart.Warn, Subject: "db <password>",
				Origin: &taskstart.Location{Path: "TaskDef"}},
		},
	}}}
}

// Every log validates against the SARIF 2.1.0 schema; a log the schema
// forbids does not, so the check has teeth.
func TestRenderValidatesAgainstSARIFSchema(t *testing.T) {
	s := schema(t)
	for _, tc := range []struct {
		name string
		res  *taskstart.Result
	}{
		{"steps of every status", sample()},
		{"no tasks", &taskstart.Result{Verdict: taskstart.Pass}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := (&Renderer{Version: "v1.2.3"}).Render(&b, tc.res); err != nil {
				t.Fatal(err)
			}
			if err := validate(t, s, b.Bytes()); err != nil {
				t.Fatalf("invalid SARIF: %v\n%s", err, b.String())
			}
		})
	}
	bad := []byte(`{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"level": "fatal", "message": {"text": "x"}}]}]}`)
	if validate(t, s, bad) == nil {
		t.Fatal("a result with level fatal validates: the schema check has no teeth")
	}
}

func decode(t *testing.T, res *taskstart.Result) map[string]any {
	t.Helper()
	var b bytes.Buffer
	if err := (&Renderer{}).Render(&b, res); err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b.Bytes(), &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// Levels follow the step status (docs/sarif.md "What a log holds"): fail is an
// error, warn a warning, unknown a note, ok no result; a failing step is
// located at what its fix changes, with a physical location in a file and
// a logical one naming the resource; an example has no file.
func TestResults(t *testing.T) {
	run := decode(t, sample())["runs"].([]any)[0].(map[string]any)
	results := run["results"].([]any)
	if len(results) != 3 {
		t.Fatalf("%d results, want 3 (ok steps give none)", len(results))
	}
	want := []struct{ rule, level, uri string }{
		{"EPF-NET-ROUTE", "error", "stack.yaml"},
		{"EPF-LOGS", "note", ""},
		{"EPF-SECRETS", "warning", ""},
	}
	rules := run["tool"].(map[string]any)["driver"].(map[string]any)["rules"].([]any)
	for i, w := range want {
		r := results[i].(map[string]any)
		if r["ruleId"] != w.rule || r["level"] != w.level {
			t.Errorf("result %d: %v %v, want %s %s", i, r["ruleId"], r["level"], w.rule, w.level)
		}
		idx := int(r["ruleIndex"].(float64))
		if rules[idx].(map[string]any)["id"] != w.rule {
			t.Errorf("result %d: ruleIndex %d is %v, want %s", i, idx, rules[idx].(map[string]any)["id"], w.rule)
		}
		loc := r["locations"].([]any)[0].(map[string]any)
		pl, _ := loc["physicalLocation"].(map[string]any)
		switch {
		case w.uri == "" && pl != nil:
			t.Errorf("result %d: physical location %v for an input that is not a file", i, pl)
		case w.uri != "":
			if pl == nil {
				t.Fatalf("result %d: no physical location", i)
			}
			if got := pl["artifactLocation"].(map[string]any)["uri"]; got != w.uri {
				t.Errorf("result %d: uri %v, want %s", i, got, w.uri)
			}
			if got := pl["region"].(map[string]any)["startLine"]; got != 12.0 {
				t.Errorf("result %d: startLine %v, want 12 (the route table the fix changes, not the task definition)", i, got)
			}
		}
	}
}

// A region has the line and, where the input has one (a template), the
// column (docs/sarif.md "Locations"); SARIF 2.1.0 "region object" makes
// startColumn optional, and the run declares its unit ("columnKind
// property").
func TestRegion(t *testing.T) {
	for _, tc := range []struct {
		name string
		loc  taskstart.Location
		want map[string]any // nil: no region
	}{
		{"template: line and column", taskstart.Location{File: "stack.yaml", Line: 12, Column: 3, Path: "Task"},
			map[string]any{"startLine": 12.0, "startColumn": 3.0}},
		{"snapshot: line only", taskstart.Location{File: "account.json", Line: 40, Path: "$.iam.Roles[0]"},
			map[string]any{"startLine": 40.0}},
		{"plan: no region", taskstart.Location{File: "plan.json", Path: "aws_iam_role.exec"}, nil},
		{"a column without a line: no region", taskstart.Location{File: "stack.yaml", Column: 3, Path: "Task"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			loc := tc.loc
			res := &taskstart.Result{Verdict: taskstart.VerdictUnknown, Tasks: []taskstart.Task{{
				TaskDefinition: "app:1", Verdict: taskstart.VerdictUnknown,
				Steps: []taskstart.Step{{Step: taskstart.StepLogs, Status: taskstart.Unknown, Missing: []string{"x"}, Origin: &loc}},
			}}}
			run := decode(t, res)["runs"].([]any)[0].(map[string]any)
			if run["columnKind"] != "unicodeCodePoints" {
				t.Errorf("columnKind %v, want unicodeCodePoints", run["columnKind"])
			}
			r := run["results"].([]any)[0].(map[string]any)
			pl := r["locations"].([]any)[0].(map[string]any)["physicalLocation"].(map[string]any)
			got, ok := pl["region"].(map[string]any)
			switch {
			case tc.want == nil && ok:
				t.Errorf("region %v, want none", got)
			case tc.want != nil && !maps.Equal(got, tc.want):
				t.Errorf("region %v, want %v", got, tc.want)
			}
		})
	}
}

// The failure classes (docs/sarif.md "Rule ids"): the network block
// decides first because the call fails with the connection error before
// IAM answers (docs/model.md "Steps and calls"), then the IAM decision,
// then the step.
func TestRuleFor(t *testing.T) {
	cases := []struct {
		name string
		st   taskstart.Step
		want string
	}{
		{"route block", taskstart.Step{Step: taskstart.StepImageLayers, Status: taskstart.Fail,
			Network: &taskstart.NetworkEvidence{BlockedBy: netpath.BlockRoute}}, "EPF-NET-ROUTE"},
		{"security group block wins over implicit deny", taskstart.Step{Step: taskstart.StepRegistryAuth, Status: taskstart.Fail,
			Network: &taskstart.NetworkEvidence{BlockedBy: netpath.BlockSecurityGroup},
			IAM:     &taskstart.IAMEvidence{Decision: iam.ImplicitDeny}}, "EPF-NET-SECURITY-GROUP"},
		{"public ip", taskstart.Step{Step: taskstart.StepLogs, Status: taskstart.Fail,
			Network: &taskstart.NetworkEvidence{BlockedBy: netpath.BlockPublicIP}}, "EPF-NET-PUBLIC-IP"},
		{"endpoint policy", taskstart.Step{Step: taskstart.StepImageLayers, Status: taskstart.Fail,
			Network: &taskstart.NetworkEvidence{BlockedBy: netpath.BlockEndpointPolicy}}, "EPF-NET-ENDPOINT-POLICY"},
		{"nacl", taskstart.Step{Step: taskstart.StepLogs, Status: taskstart.Fail,
			Network: &taskstart.NetworkEvidence{BlockedBy: netpath.BlockNACL}}, "EPF-NET-NACL"},
		{"dns", taskstart.Step{Step: taskstart.StepLogs, Status: taskstart.Fail,
			Network: &taskstart.NetworkEvidence{BlockedBy: netpath.BlockDNS}}, "EPF-NET-DNS"},
		{"region", taskstart.Step{Step: taskstart.StepLogs, Status: taskstart.Fail,
			Network: &taskstart.NetworkEvidence{BlockedBy: netpath.BlockRegion}}, "EPF-NET-REGION"},
		{"block unknown", taskstart.Step{Step: taskstart.StepLogs, Status: taskstart.Unknown,
			Network: &taskstart.NetworkEvidence{BlockedBy: netpath.BlockUnknown}}, "EPF-NET-UNKNOWN"},
		{"path unknown, IAM allows", taskstart.Step{Step: taskstart.StepLogs, Status: taskstart.Unknown,
			Network: &taskstart.NetworkEvidence{Via: netpath.ViaUnknown}, IAM: &taskstart.IAMEvidence{Decision: iam.Allow}}, "EPF-NET-UNKNOWN"},
		{"explicit deny", taskstart.Step{Step: taskstart.StepSecrets, Status: taskstart.Fail,
			Network: &taskstart.NetworkEvidence{Via: netpath.ViaVPCE}, IAM: &taskstart.IAMEvidence{Decision: iam.ExplicitDeny}}, "EPF-IAM-EXPLICIT-DENY"},
		{"implicit deny", taskstart.Step{Step: taskstart.StepRegistryAuth, Status: taskstart.Fail,
			IAM: &taskstart.IAMEvidence{Decision: iam.ImplicitDeny}}, "EPF-IAM-IMPLICIT-DENY"},
		{"iam unknown", taskstart.Step{Step: taskstart.StepExecutionRole, Status: taskstart.Unknown,
			IAM: &taskstart.IAMEvidence{Decision: iam.Unknown}}, "EPF-IAM-UNKNOWN"},
		{"task definition invalid", taskstart.Step{Step: taskstart.StepTaskDefinition, Status: taskstart.Fail}, "EPF-TASK-DEFINITION"},
		{"no execution role", taskstart.Step{Step: taskstart.StepExecutionRole, Status: taskstart.Fail}, "EPF-EXECUTION-ROLE"},
		{"environment file ARN", taskstart.Step{Step: taskstart.StepEnvironmentFiles, Status: taskstart.Fail}, "EPF-ENVIRONMENT-FILES"},
		{"allowed call that fails otherwise", taskstart.Step{Step: taskstart.StepImageManifest, Status: taskstart.Fail,
			IAM: &taskstart.IAMEvidence{Decision: iam.Allow}}, "EPF-IMAGE-MANIFEST"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := RuleFor(&tc.st); got != tc.want {
				t.Fatalf("RuleFor = %s, want %s", got, tc.want)
			}
		})
	}
}

// Every rule has a heading in docs/sarif.md, the page its helpUri points
// into, and every documented id is a rule.
func TestRulesDocumented(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "sarif.md"))
	if err != nil {
		t.Fatal(err)
	}
	headings := map[string]bool{}
	for _, m := range regexp.MustCompile(`(?m)^#+ (EPF-[A-Z-]+)$`).FindAllStringSubmatch(string(doc), -1) {
		headings[m[1]] = true
	}
	for _, r := range Rules {
		if !headings[r.ID] {
			t.Errorf("docs/sarif.md has no heading %q", r.ID)
		}
		delete(headings, r.ID)
		if !strings.HasSuffix(r.Short, ".") || r.Name == "" || r.Full == "" {
			t.Errorf("%s: short description, name and full description must be set, the short one a sentence", r.ID)
		}
	}
	for h := range headings {
		t.Errorf("docs/sarif.md documents %s, which is no rule", h)
	}
}

func TestFileURI(t *testing.T) {
	cases := []struct {
		in, want string
		ok       bool
	}{
		{"stack.yaml", "stack.yaml", true},
		{"./infra/stack.yaml", "infra/stack.yaml", true},
		{"infra/my stack.yaml", "infra/my%20stack.yaml", true},
		{"a:b.yaml", "./a:b.yaml", true},
		{"/abs/plan.json", "file:///abs/plan.json", true},
		{"example:public-subnet", "", false},
		{"aws:123456789012/us-east-1", "", false},
		{"the command line", "", false},
		{"", "", false},
	}
	for _, tc := range cases {
		got, ok := FileURI(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("FileURI(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

// The stream writes what Render writes.
func TestStreamIsRender(t *testing.T) {
	res := sample()
	var a, b bytes.Buffer
	if err := (&Renderer{}).Render(&a, res); err != nil {
		t.Fatal(err)
	}
	s := (&Renderer{}).Stream(&b)
	for _, tk := range res.Tasks {
		if err := s.Task(tk); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Finish(res); err != nil {
		t.Fatal(err)
	}
	if a.String() != b.String() {
		t.Fatalf("stream and render differ:\n%s\n---\n%s", a.String(), b.String())
	}
}

// Whatever text the input carries, the log is valid SARIF with the text
// intact.
func FuzzRenderText(f *testing.F) {
	f.Add("app", "web", "rtb-1", "stack.yaml", 3)
	f.Add("a\x1b[31m", "<b>&", "\u202e", "../x y.yaml", 0)
	f.Add("", "", "", "C:\\x.yaml", -1)
	s := schema(f)
	f.Fuzz(func(t *testing.T, service, container, resource, file string, line int) {
		res := &taskstart.Result{Verdict: taskstart.VerdictFail, Tasks: []taskstart.Task{{
			TaskDefinition: service + ":1", Service: service, Verdict: taskstart.VerdictFail,
			Steps: []taskstart.Step{{Container: container, Step: taskstart.StepLogs, Status: taskstart.Fail, Summary: resource,
				Network:     &taskstart.NetworkEvidence{BlockedBy: netpath.BlockRoute},
				FixLocation: &taskstart.Location{File: file, Line: line, Path: resource, Resource: resource}}},
		}}}
		var b bytes.Buffer
		if err := (&Renderer{}).Render(&b, res); err != nil {
			t.Fatal(err)
		}
		if err := validate(t, s, b.Bytes()); err != nil {
			t.Fatalf("invalid SARIF: %v\n%s", err, b.String())
		}
	})
}
