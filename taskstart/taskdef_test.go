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
