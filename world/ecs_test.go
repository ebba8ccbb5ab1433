package world

import "testing"

// TestContainerFields checks the container-definition field rule against the
// ECS API Reference "ContainerDefinition" and CFN-UG
// "AWS::ECS::TaskDefinition ContainerDefinition".
func TestContainerFields(t *testing.T) {
	for _, tc := range []struct {
		name     string
		api, cfn bool
	}{
		{"logConfiguration", true, false},
		{"LogConfiguration", false, true},
		{"repositoryCredentials", true, false},
		{"RepositoryCredentials", false, true},
		{"versionConsistency", true, false},
		{"VersionConsistency", false, true},
		{"restartPolicy", true, false},
		{"credentialSpecs", true, false},
		// An ECS agent setting (ECS_IMAGE_PULL_BEHAVIOR), not an API field.
		{"imagePullBehavior", false, false},
		{"ImagePullBehavior", false, false},
		// GPUs are resourceRequirements; inferenceAccelerators belongs to
		// the task definition.
		{"gpu", false, false},
		{"inferenceAccelerators", false, false},
		{"", false, false},
	} {
		if got := IsContainerField(tc.name); got != tc.api {
			t.Errorf("IsContainerField(%q) = %v, want %v", tc.name, got, tc.api)
		}
		if got := IsCloudFormationContainerProperty(tc.name); got != tc.cfn {
			t.Errorf("IsCloudFormationContainerProperty(%q) = %v, want %v", tc.name, got, tc.cfn)
		}
	}
	if len(containerFields) != 42 {
		t.Errorf("%d container fields, the ECS API has 42", len(containerFields))
	}
}

func TestTaskDefinitionName(t *testing.T) {
	for _, tc := range []struct {
		td   TaskDefinition
		want string
	}{
		{TaskDefinition{Family: "app", Revision: 12}, "app:12"},
		{TaskDefinition{Family: "app"}, "app"},
	} {
		if got := tc.td.Name(); got != tc.want {
			t.Errorf("Name() = %q, want %q", got, tc.want)
		}
	}
}
