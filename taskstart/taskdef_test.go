package taskstart

import (
	"testing"

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
