package world

import (
	"slices"
	"strconv"
	"strings"
)

// TaskDefinition is the part of an ECS task definition
// (DescribeTaskDefinition.taskDefinition) that decides the start phase.
type TaskDefinition struct {
	TaskDefinitionArn       string                `json:"taskDefinitionArn,omitempty"`
	Family                  string                `json:"family"`
	Revision                int                   `json:"revision,omitempty"`
	ExecutionRoleArn        string                `json:"executionRoleArn,omitempty"`
	TaskRoleArn             string                `json:"taskRoleArn,omitempty"`
	NetworkMode             string                `json:"networkMode,omitempty"`
	RequiresCompatibilities []string              `json:"requiresCompatibilities,omitempty"`
	Cpu                     string                `json:"cpu,omitempty"`
	Memory                  string                `json:"memory,omitempty"`
	RuntimePlatform         *RuntimePlatform      `json:"runtimePlatform,omitempty"`
	ContainerDefinitions    []ContainerDefinition `json:"containerDefinitions"`
	// Status is "ACTIVE" or "INACTIVE" (DescribeTaskDefinition); "" when
	// the input does not say, as for a revision a template registers.
	Status string `json:"status,omitempty"`

	// Unknown lists what the input could not resolve (a template parameter
	// with no value, a Terraform value known only after apply), by field.
	// The simulation treats a field named here as absent and unknown.
	Unknown map[string]string `json:"-"`
	Origin  Origin            `json:"-"`
}

// Name returns family:revision, or the family alone when no revision is known.
func (t *TaskDefinition) Name() string {
	if t.Revision > 0 {
		return t.Family + ":" + strconv.Itoa(t.Revision)
	}
	return t.Family
}

// RuntimePlatform is the task's operating system and CPU architecture.
type RuntimePlatform struct {
	CpuArchitecture       string `json:"cpuArchitecture,omitempty"`
	OperatingSystemFamily string `json:"operatingSystemFamily,omitempty"`
}

// ContainerDefinition is one container of a task definition.
type ContainerDefinition struct {
	Name                  string                 `json:"name"`
	Image                 string                 `json:"image"`
	Essential             *bool                  `json:"essential,omitempty"`
	Cpu                   int                    `json:"cpu,omitempty"`
	Memory                *int                   `json:"memory,omitempty"`
	MemoryReservation     *int                   `json:"memoryReservation,omitempty"`
	RepositoryCredentials *RepositoryCredentials `json:"repositoryCredentials,omitempty"`
	Secrets               []ContainerSecret      `json:"secrets,omitempty"`
	EnvironmentFiles      []EnvironmentFile      `json:"environmentFiles,omitempty"`
	LogConfiguration      *LogConfiguration      `json:"logConfiguration,omitempty"`

	// ExtraFields lists fields the input had that the ECS API does not know
	// (see IsContainerField); "imagePullBehavior", an ECS agent setting
	// (ECS_IMAGE_PULL_BEHAVIOR in agent/config) and not a task definition
	// field, is a common one.
	ExtraFields []string `json:"-"`
	// ExtraFieldsRejected is true when the deployer of this input rejects
	// such fields instead of ignoring them: CloudFormation validates a
	// resource's properties against its schema before creating it.
	ExtraFieldsRejected bool `json:"-"`
	// Unknown lists fields whose values the input could not resolve.
	Unknown map[string]string `json:"-"`
	Origin  Origin            `json:"-"`
}

// RepositoryCredentials names the Secrets Manager secret holding private
// registry credentials.
type RepositoryCredentials struct {
	CredentialsParameter string `json:"credentialsParameter"`
}

// ContainerSecret is a container's secrets[] entry (the ECS API's Secret): an
// environment variable filled from SSM Parameter Store or Secrets Manager.
type ContainerSecret struct {
	Name      string `json:"name"`
	ValueFrom string `json:"valueFrom"`
}

// EnvironmentFile is a container's environmentFiles[] entry.
type EnvironmentFile struct {
	Value string `json:"value"`
	Type  string `json:"type"`
}

// LogConfiguration is a container's log driver and its options.
type LogConfiguration struct {
	LogDriver     string            `json:"logDriver"`
	Options       map[string]string `json:"options,omitempty"`
	SecretOptions []ContainerSecret `json:"secretOptions,omitempty"`
}

// Service is the part of an ECS service (DescribeServices.services[]) that
// decides how its tasks start.
type Service struct {
	ServiceName              string                         `json:"serviceName"`
	ServiceArn               string                         `json:"serviceArn,omitempty"`
	ClusterArn               string                         `json:"clusterArn,omitempty"`
	TaskDefinition           string                         `json:"taskDefinition"`
	LaunchType               string                         `json:"launchType,omitempty"`
	CapacityProviderStrategy []CapacityProviderStrategyItem `json:"capacityProviderStrategy,omitempty"`
	PlatformVersion          string                         `json:"platformVersion,omitempty"`
	PlatformFamily           string                         `json:"platformFamily,omitempty"`
	NetworkConfiguration     *NetworkConfiguration          `json:"networkConfiguration,omitempty"`

	Unknown map[string]string `json:"-"`
	Origin  Origin            `json:"-"`
}

// CapacityProviderStrategyItem is one capacity provider of a service.
type CapacityProviderStrategyItem struct {
	CapacityProvider string `json:"capacityProvider"`
	Weight           int    `json:"weight,omitempty"`
	Base             int    `json:"base,omitempty"`
}

// NetworkConfiguration is a service's or task's awsvpc configuration.
type NetworkConfiguration struct {
	AwsvpcConfiguration *AwsVpcConfiguration `json:"awsvpcConfiguration,omitempty"`
}

// AwsVpcConfiguration is where the task ENI is placed.
type AwsVpcConfiguration struct {
	Subnets        []string `json:"subnets"`
	SecurityGroups []string `json:"securityGroups,omitempty"`
	// AssignPublicIp is "ENABLED" or "DISABLED"; the API default is DISABLED.
	AssignPublicIp string `json:"assignPublicIp,omitempty"`
}

// containerFields are the fields of the ECS API's ContainerDefinition (ECS
// API Reference "ContainerDefinition" and the DescribeTaskDefinition response
// syntax; aws-sdk-go-v2 service/ecs/types.ContainerDefinition), in the order
// of the SDK struct. GPUs and Elastic Inference accelerators are requested
// through resourceRequirements; "inferenceAccelerators" is a field of the
// task definition, not of a container.
var containerFields = []string{
	"name", "image", "repositoryCredentials", "cpu", "memory", "memoryReservation",
	"links", "portMappings", "essential", "restartPolicy", "entryPoint", "command",
	"environment", "environmentFiles", "mountPoints", "volumesFrom", "linuxParameters",
	"secrets", "dependsOn", "startTimeout", "stopTimeout", "versionConsistency",
	"hostname", "user", "workingDirectory", "disableNetworking", "privileged",
	"readonlyRootFilesystem", "dnsServers", "dnsSearchDomains", "extraHosts",
	"dockerSecurityOptions", "interactive", "pseudoTerminal", "dockerLabels",
	"ulimits", "logConfiguration", "healthCheck", "systemControls",
	"resourceRequirements", "firelensConfiguration", "credentialSpecs",
}

// IsContainerField reports whether name is a field of the ECS API's
// ContainerDefinition. A snapshot or plan field that is not one is recorded
// in ContainerDefinition.ExtraFields: the ECS API does not know it.
func IsContainerField(name string) bool { return slices.Contains(containerFields, name) }

// IsCloudFormationContainerProperty reports whether name is a property of
// CloudFormation's container definition (CFN-UG "AWS::ECS::TaskDefinition
// ContainerDefinition"). Its property list is the ECS API's field list with
// the first letter upper-cased ("LogConfiguration" for "logConfiguration"),
// no more and no fewer; a difference between the two lists would be written
// here.
func IsCloudFormationContainerProperty(name string) bool {
	if name == "" || strings.ToUpper(name[:1]) != name[:1] {
		return false
	}
	return IsContainerField(strings.ToLower(name[:1]) + name[1:])
}
