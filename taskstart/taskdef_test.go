package taskstart

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ecs-preflight/ecs-preflight/world"
)

// An unknown container field is ignored by ECS (warn) but rejected by
// CloudFormation's schema validation (fail at deploy): imagePullBehavior is
// not in ECS-DG "Amazon ECS task definition parameters"; CloudFormation-UG
// "AWS::ECS::TaskDefinition ContainerDefinition" lists the properties.
func TestExtraContainerFields(t *testing.T) {
	cases := []struct {
		name     string
		rejected bool
		want     expect
	}{
		{"ECS ignores a field it does not know: warn", false,
			expect{container: "app", step: StepTaskDefinition, subject: "imagePullBehavior", status: Warn}},
		{"CloudFormation rejects an extraneous property: fail", true,
			expect{container: "app", step: StepTaskDefinition, subject: "imagePullBehavior", status: Fail,
				reason: "#/ContainerDefinitions/0: extraneous key [ImagePullBehavior] is not permitted", fix: "remove imagePullBehavior"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := baseWorld()
			td(w).Origin = world.Origin{File: "stack.yaml", Path: "TaskDefinition"}
			app(w).ExtraFields = []string{"imagePullBehavior"}
			app(w).ExtraFieldsRejected = tc.rejected
			checkExpect(t, simulate(t, w), tc.want)
		})
	}
}

// CloudFormation's error names the container by its index in
// ContainerDefinitions.
func TestExtraFieldNamesContainerIndex(t *testing.T) {
	w := baseWorld()
	td(w).Origin = world.Origin{File: "stack.yaml", Path: "TaskDefinition"}
	side := *app(w)
	side.Name, side.Image, side.LogConfiguration = "sidecar", "nginx:1.27", nil
	side.ExtraFields, side.ExtraFieldsRejected = []string{"imagePullBehavior"}, true
	td(w).ContainerDefinitions = append(td(w).ContainerDefinitions, side)
	checkExpect(t, simulate(t, w), expect{container: "sidecar", step: StepTaskDefinition, subject: "imagePullBehavior", status: Fail,
		reason: "#/ContainerDefinitions/1: extraneous key [ImagePullBehavior] is not permitted", fix: "remove imagePullBehavior"})
}

// ECS-DG "Fargate Linux platform versions": the secrets minimum (1.3.0)
// applies only to a container that has secrets.
func TestSecretsMinimumOnlyWithSecrets(t *testing.T) {
	w := baseWorld()
	svc(w).PlatformVersion = "1.2.0"
	for _, st := range simulate(t, w).Steps {
		if st.Step == StepTaskDefinition && st.Subject == "secrets" {
			t.Fatalf("finding %q for a container without secrets", st.Summary)
		}
	}
}

// simulateAt simulates the base world's service with the clock at now.
func simulateAt(t *testing.T, w *world.World, now time.Time) Task {
	t.Helper()
	res, err := Simulate(context.Background(), w, WithService("app"), WithNow(now))
	if err != nil {
		t.Fatalf("Simulate: %v", err)
	}
	return res.Tasks[0]
}

// tdCase is one task-definition finding: the step with subject must have
// status, and each of texts must be in its reason, summary, fix, missing
// facts or assumptions.
type tdCase struct {
	name    string
	now     time.Time
	mutate  func(*world.World)
	subject string
	status  Status
	texts   []string
}

func runTDCases(t *testing.T, cases []tdCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := baseWorld()
			tc.mutate(w)
			now := tc.now
			if now.IsZero() {
				now = testNow
			}
			task := simulateAt(t, w, now)
			var st *Step
			for i := range task.Steps {
				s := &task.Steps[i]
				if s.Step == StepTaskDefinition && (s.Subject == tc.subject || tc.subject == "" && s.Subject == "") {
					st = s
				}
			}
			if st == nil {
				t.Fatalf("no task-definition step with subject %q:%s", tc.subject, dump(task))
			}
			if st.Status != tc.status {
				t.Fatalf("status %s, want %s:%s", st.Status, tc.status, dump(task))
			}
			all := strings.Join(append(append([]string{st.StoppedReason, st.Summary, st.Fix}, st.Missing...), st.Assumptions...), "\n")
			for _, want := range tc.texts {
				if !strings.Contains(all, want) {
					t.Errorf("step does not say %q:\n%s", want, all)
				}
			}
		})
	}
}

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 12, 0, 0, 0, time.UTC) }

func inChina(w *world.World) { w.Partition, w.Region = "aws-cn", "cn-north-1" }

func windows(w *world.World) {
	td(w).Cpu, td(w).Memory = "1024", "2048"
	td(w).RuntimePlatform = &world.RuntimePlatform{CpuArchitecture: "X86_64", OperatingSystemFamily: "WINDOWS_SERVER_2022_CORE"}
}

// ECS-DG "AWS Fargate Linux platform version deprecation" (current page:
// 1.3.0 retired from March 16, 2026; 1.0.0–1.2.0 on December 14, 2020) and
// its China Regions page "Amazon Fargate Linux platform version
// deprecation" (1.3.0 retired from June 15, 2026): dates per partition,
// against the simulation's clock.
func TestRetiredPlatformVersions(t *testing.T) {
	pv := func(v string) func(*world.World) { return func(w *world.World) { svc(w).PlatformVersion = v } }
	runTDCases(t, []tdCase{
		{name: "AWS Fargate Linux platform version deprecation (March 16, 2026): 1.3.0 in aws after the date fails",
			mutate: pv("1.3.0"), subject: "platformVersion", status: Fail,
			texts: []string{"Platform version 1.3.0 is retired", "cannot launch new tasks", "LATEST (1.4.0)"}},
		{name: "AWS Fargate Linux platform version deprecation (March 16, 2026): 1.3.0 in aws on the date fails",
			now: time.Date(2026, 3, 16, 0, 0, 0, 0, time.UTC), mutate: pv("1.3.0"), subject: "platformVersion", status: Fail,
			texts: []string{"is retired"}},
		{name: "AWS Fargate Linux platform version deprecation (March 16, 2026): 1.3.0 in aws before the date warns with the date",
			now: date(2026, 3, 15), mutate: pv("1.3.0"), subject: "platformVersion", status: Warn,
			texts: []string{"retired on 2026-03-16", "before 2026-03-16"}},
		{name: "Amazon Fargate Linux platform version deprecation, China (June 15, 2026): 1.3.0 in aws-cn in April warns with the China date",
			now: date(2026, 4, 1), mutate: func(w *world.World) { pv("1.3.0")(w); inChina(w) }, subject: "platformVersion", status: Warn,
			texts: []string{"retired on 2026-06-15"}},
		{name: "Amazon Fargate Linux platform version deprecation, China (June 15, 2026): 1.3.0 in aws-cn after the date fails",
			now: date(2026, 6, 15), mutate: func(w *world.World) { pv("1.3.0")(w); inChina(w) }, subject: "platformVersion", status: Fail,
			texts: []string{"Platform version 1.3.0 is retired"}},
		{name: "AWS Fargate Linux platform version deprecation: the partition comes from the region when the input names none",
			now: date(2026, 4, 1), mutate: func(w *world.World) { pv("1.3.0")(w); inChina(w); w.Partition = "" }, subject: "platformVersion", status: Warn,
			texts: []string{"2026-06-15"}},
		{name: "AWS Fargate Linux platform version deprecation: no date for aws-us-gov is unknown",
			mutate: func(w *world.World) { pv("1.3.0")(w); w.Partition, w.Region = "aws-us-gov", "us-gov-west-1" }, subject: "platformVersion", status: Unknown,
			texts: []string{"retirement date of platform version 1.3.0 in partition aws-us-gov"}},
		{name: "AWS Fargate Linux platform version deprecation: region unknown between the two dates is unknown",
			now: date(2026, 4, 1), mutate: func(w *world.World) { pv("1.3.0")(w); w.Partition, w.Region = "", "" }, subject: "platformVersion", status: Unknown,
			texts: []string{"the region the tasks run in"}},
		{name: "AWS Fargate Linux platform version deprecation (December 14, 2020): 1.2.0 is retired in every partition, region unknown",
			mutate: func(w *world.World) { pv("1.2.0")(w); w.Partition, w.Region = "", "" }, subject: "platformVersion", status: Fail,
			texts: []string{"Platform version 1.2.0 is retired"}},
		{name: "AWS Fargate platform versions (archived): 1.1.0 was never offered in the China Regions",
			now: date(2019, 1, 1), mutate: func(w *world.World) { pv("1.1.0")(w); inChina(w) }, subject: "platformVersion", status: Fail,
			texts: []string{"Platform version 1.1.0 is retired"}},
		{name: "AWS Fargate Linux platform version deprecation: 1.4.0 is not retired",
			mutate: pv("1.4.0"), status: OK, texts: []string{"valid for FARGATE platform version 1.4.0"}},
		{name: "Fargate Windows platform versions: 1.0.0 is current for Windows, not retired",
			mutate: func(w *world.World) { windows(w); pv("1.0.0")(w) }, status: OK, texts: []string{"valid for FARGATE platform version 1.0.0"}},
		{name: "Fargate platform versions for Amazon ECS: LATEST is 1.0.0 for Windows",
			mutate: func(w *world.World) { windows(w); pv("LATEST")(w) }, status: OK, texts: []string{"valid for FARGATE platform version 1.0.0"}},
		{name: "Fargate platform versions for Amazon ECS: LATEST is 1.4.0 for Linux",
			mutate: pv("LATEST"), status: OK, texts: []string{"valid for FARGATE platform version 1.4.0"}},
	})
}

// Windows containers on Fargate: ECS-DG "Amazon ECS task definition
// differences for the Fargate launch type" (cpu "cannot be less than 1
// vCPU"), ECS-DG "Troubleshoot Amazon ECS task definition invalid CPU or
// memory errors" (Windows: 1, 2 and 4 vCPU), ECS-DG "Pass Secrets Manager
// secrets through Amazon ECS environment variables" (a JSON key needs 1.4.0
// on Linux, 1.0.0 on Windows) and ECS-DG "Pass environment variables to an
// Amazon ECS container" (no environmentFiles on Windows; the API reference
// "EnvironmentFile" says otherwise, and the developer guide is followed).
func TestWindowsOnFargate(t *testing.T) {
	runTDCases(t, []tdCase{
		{name: "Fargate task definition differences: Windows with 256 cpu units fails",
			mutate: func(w *world.World) { windows(w); td(w).Cpu, td(w).Memory = "256", "512" }, subject: "cpu", status: Fail,
			texts: []string{"ClientException: Invalid 'cpu' setting for task.", "at least 1 vCPU, not 256"}},
		{name: "Fargate task definition differences: Windows with 512 cpu units fails",
			mutate: func(w *world.World) { windows(w); td(w).Cpu, td(w).Memory = "512", "1024" }, subject: "cpu", status: Fail,
			texts: []string{"Invalid 'cpu' setting for task."}},
		{name: "Troubleshoot invalid CPU or memory: Windows with 1 vCPU and 2 GB is valid",
			mutate: windows, status: OK},
		{name: "Troubleshoot invalid CPU or memory: Windows with 4 vCPU and 30 GB is valid",
			mutate: func(w *world.World) { windows(w); td(w).Cpu, td(w).Memory = "4096", "30720" }, status: OK},
		{name: "Troubleshoot invalid CPU or memory: 8 vCPU is Linux only",
			mutate: func(w *world.World) { windows(w); td(w).Cpu, td(w).Memory = "8192", "16384" }, subject: "cpu", status: Fail,
			texts: []string{"Invalid 'cpu' setting for task.", "at most 4 vCPU"}},
		{name: "Pass Secrets Manager secrets through environment variables: a JSON key on Windows 1.0.0 is supported",
			mutate: func(w *world.World) {
				windows(w)
				svc(w).PlatformVersion = "1.0.0"
				withSecret(w)
				app(w).Secrets = []world.ContainerSecret{{Name: "PW", ValueFrom: smSecret + ":password::"}}
			}, status: OK},
		{name: "Pass environment variables to an Amazon ECS container: no environmentFiles on Windows containers on Fargate",
			mutate: func(w *world.World) { windows(w); withEnvFile(w) }, subject: "environmentFiles", status: Fail,
			texts: []string{"PlatformTaskDefinitionIncompatibilityException", "cannot use environmentFiles",
				"follows ECS-DG \"Pass environment variables to an Amazon ECS container\""}},
		{name: "Pass environment variables to an Amazon ECS container: an unresolved operating system leaves environmentFiles unknown",
			mutate: func(w *world.World) {
				windows(w)
				withEnvFile(w)
				td(w).RuntimePlatform.OperatingSystemFamily = world.Unresolved(`parameter "OSFamily"`)
			}, subject: "environmentFiles", status: Unknown, texts: []string{"OSFamily"}},
		{name: "Fargate platform versions: an unresolved operating system family is unknown, not Linux",
			mutate: func(w *world.World) {
				td(w).RuntimePlatform = &world.RuntimePlatform{OperatingSystemFamily: world.Unresolved(`parameter "OSFamily"`)}
			}, subject: "runtimePlatform.operatingSystemFamily", status: Unknown, texts: []string{"OSFamily"}},
	})
}

// ECS API "EnvironmentFile": "You can specify up to ten environment files.
// The file must have a .env file extension." Where AWS enforces this is not
// documented: the finding says it assumes RegisterTaskDefinition.
func TestEnvironmentFileLimits(t *testing.T) {
	files := func(n int, name string) func(*world.World) {
		return func(w *world.World) {
			withEnvFile(w)
			app(w).EnvironmentFiles = nil
			for i := range n {
				app(w).EnvironmentFiles = append(app(w).EnvironmentFiles, world.EnvironmentFile{Value: "arn:aws:s3:::my-app-config/" + strconv.Itoa(i) + name, Type: "s3"})
			}
		}
	}
	runTDCases(t, []tdCase{
		{name: "EnvironmentFile: ten files is the limit", mutate: files(10, ".env"), status: OK},
		{name: "EnvironmentFile: eleven files is too many", mutate: files(11, ".env"), subject: "environmentFiles", status: Fail,
			texts: []string{"11 environment files; ECS allows at most ten", "not where AWS enforces them; assumed at RegisterTaskDefinition"}},
		{name: "EnvironmentFile: a file without the .env extension fails", mutate: files(1, ".txt"), subject: "environmentFiles[0]", status: Fail,
			texts: []string{"does not have the .env extension", "assumed at RegisterTaskDefinition"}},
		{name: "EnvironmentFile: .ENV is not the .env extension", mutate: files(1, ".ENV"), subject: "environmentFiles[0]", status: Fail},
		{name: "EnvironmentFile: the limits hold on EC2 too", mutate: func(w *world.World) {
			files(1, ".properties")(w)
			svc(w).LaunchType = "EC2"
		}, subject: "environmentFiles[0]", status: Fail},
	})
}
