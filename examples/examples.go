package examples

import (
	"embed"
	"fmt"
	"sort"
)

// files holds one snapshot per example, named NAME.json.
//
//go:embed *.json
var files embed.FS

// Example is one embedded snapshot and what checking it must conclude.
type Example struct {
	// Name is what `check --example NAME` takes, and the file NAME.json.
	Name string
	// Title is one line for listings.
	Title string
	// Description says what is set up and which source it mirrors.
	Description string
	// Expect is the outcome the simulation must reach.
	Expect Expectation
	// Data is the snapshot, a fresh copy on every call.
	Data []byte
}

// Expectation is the outcome of checking an example.
type Expectation struct {
	// Verdict is "pass", "fail" or "unknown".
	Verdict string
	// Step is the first failing (or, for unknown, undecided) step, named as
	// in the check output ("registry-auth", "image-layers", ...); "" for pass.
	Step string
	// Container is the container of that step; "" for pass and for the
	// task-level steps task-definition and execution-role.
	Container string
}

// The verdicts of an Expectation.
const (
	Pass    = "pass"
	Fail    = "fail"
	Unknown = "unknown"
)

// index is the metadata of every example; the test checks that it and the
// embedded files name the same examples.
var index = []Example{
	{
		Name:  "public-subnet",
		Title: "Public subnet with a public IP",
		Description: "One service in public subnets whose route table sends 0.0.0.0/0 to an attached internet gateway, " +
			"assignPublicIp ENABLED, and an execution role with AmazonECSTaskExecutionRolePolicy. " +
			"The first path out of docs/sources.md section 3 (public subnet with a public IP: nothing else to set up; ECS-DG Fargate task networking).",
		Expect: Expectation{Verdict: Pass},
	},
	{
		Name:  "nat-gateway",
		Title: "Private subnets behind NAT gateways",
		Description: "Two services (api, worker) in private subnets whose route tables send 0.0.0.0/0 to a NAT gateway per AZ, " +
			"each NAT gateway in a public subnet routed to the internet gateway; one shared execution role with " +
			"AmazonECSTaskExecutionRolePolicy. The NAT path of docs/sources.md section 3 (paths out).",
		Expect: Expectation{Verdict: Pass},
	},
	{
		Name:  "private-endpoints",
		Title: "Fully private subnets with VPC endpoints",
		Description: "No internet or NAT gateway: interface endpoints ecr.api, ecr.dkr and logs with private DNS, " +
			"their security group admitting TCP 443 from the task security group, an S3 gateway endpoint on the " +
			"private route table, task egress 443 to 0.0.0.0/0, and a trust policy with aws:SourceAccount/aws:SourceArn conditions. " +
			"The endpoints of ECR-UG \"Amazon ECR interface VPC endpoints (AWS PrivateLink)\" (docs/sources.md section 3).",
		Expect: Expectation{Verdict: Pass},
	},
	{
		Name:  "missing-s3-gateway",
		Title: "Endpoints without the S3 gateway endpoint",
		Description: "The private-endpoints setup with the S3 gateway endpoint (and its prefix-list route) missing: " +
			"the token and the manifest come through ecr.api and ecr.dkr, but the layers in " +
			"prod-ap-northeast-1-starport-layer-bucket have no route. ECR-UG \"Amazon ECR interface VPC endpoints (AWS PrivateLink)\" (S3 gateway endpoint); " +
			"reported as gardener/gardener-extension-provider-gcp#494 (docs/sources.md section 6).",
		Expect: Expectation{Verdict: Fail, Step: "image-layers", Container: "api"},
	},
	{
		Name:  "endpoint-sg-no-443",
		Title: "Endpoint security group without HTTPS",
		Description: "Fully private subnets with all required endpoints, but the endpoints' security group admits " +
			"TCP 80 instead of 443 from the task security group, so ecr.api cannot be reached. " +
			"PL-G \"Access an AWS service using an interface VPC endpoint\" (the endpoint security group admits TCP 443; docs/sources.md section 3).",
		Expect: Expectation{Verdict: Fail, Step: "registry-auth", Container: "app"},
	},
	{
		Name:  "missing-getauthorizationtoken",
		Title: "Execution role without ecr:GetAuthorizationToken",
		Description: "A hand-written least-privilege execution role (no managed policy) whose inline policy allows " +
			"BatchCheckLayerAvailability, GetDownloadUrlForLayer and BatchGetImage on the repository and the log " +
			"permissions, but not ecr:GetAuthorizationToken; NAT path. ECS-DG \"Task execution IAM role\" and the AccessDenied text of docs/sources.md section 5.",
		Expect: Expectation{Verdict: Fail, Step: "registry-auth", Container: "app"},
	},
	{
		Name:  "dockerhub-no-secret-permission",
		Title: "Private Docker Hub image without secretsmanager:GetSecretValue",
		Description: "docker.io/acme/api:1.4.2 with repositoryCredentials pointing at a Secrets Manager secret holding " +
			"username and password, but the execution role has only AmazonECSTaskExecutionRolePolicy; NAT path. " +
			"ECS-DG \"Private registry authentication for tasks\" and \"Task execution IAM role\" (docs/sources.md section 2).",
		Expect: Expectation{Verdict: Fail, Step: "registry-auth", Container: "api"},
	},
	{
		Name:  "kms-cmk-no-decrypt",
		Title: "Secret encrypted with a customer managed key, no kms:Decrypt",
		Description: "Container secrets read JSON keys of a Secrets Manager secret encrypted with a customer managed key " +
			"whose key policy is the default root delegation; the role allows secretsmanager:GetSecretValue on the " +
			"secret but not kms:Decrypt on the key. ECS-DG \"Task execution IAM role\" (secrets permissions) and KMS-DG \"Key policies\" (docs/sources.md section 2).",
		Expect: Expectation{Verdict: Fail, Step: "secrets", Container: "orders"},
	},
	{
		Name:  "public-ip-disabled",
		Title: "Public subnet without a public IP",
		Description: "Public subnets routed to an internet gateway (MapPublicIpOnLaunch true, which Fargate task ENIs ignore) " +
			"but assignPublicIp DISABLED, so the task has no address to reach ECR with. aws/amazon-ecs-agent#1128 (docs/sources.md section 6).",
		Expect: Expectation{Verdict: Fail, Step: "registry-auth", Container: "app"},
	},
	{
		Name:  "ssm-secrets-ok",
		Title: "Parameter Store secrets with the default key",
		Description: "Two SecureString parameters encrypted with alias/aws/ssm, one referenced by ARN and one by name; " +
			"a customer managed policy allows ssm:GetParameters on /prod/billing/*; NAT path. " +
			"ECS-DG \"Task execution IAM role\" (ssm:GetParameters; kms:Decrypt only for a customer key; docs/sources.md section 2).",
		Expect: Expectation{Verdict: Pass},
	},
	{
		Name:  "cross-account-ecr",
		Title: "Image from another account's ECR repository",
		Description: "The image lives in account 111122223333, whose repository policy (in the snapshot) grants the pull " +
			"actions to this account's root; the execution role has AmazonECSTaskExecutionRolePolicy; NAT path. " +
			"ECR-UG \"Private repository policies\" (cross-account pulls need both sides; docs/sources.md section 2).",
		Expect: Expectation{Verdict: Pass},
	},
	{
		Name:  "unknown-imported-vpc",
		Title: "VPC not in the snapshot",
		Description: "The service's subnets and security group belong to a VPC the snapshot does not describe " +
			"(no ec2 section, as when a network account owns the VPC); IAM, ECR and logs are complete, so only the " +
			"network path is undecided. docs/model.md \"Unknown, assumption, pass\" (a missing route table is unknown).",
		Expect: Expectation{Verdict: Unknown, Step: "registry-auth", Container: "app"},
	},
}

// All returns every example, sorted by name.
func All() []Example {
	out := make([]Example, 0, len(index))
	for _, e := range index {
		out = append(out, withData(e))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Get returns the example called name.
func Get(name string) (Example, bool) {
	for _, e := range index {
		if e.Name == name {
			return withData(e), true
		}
	}
	return Example{}, false
}

// Names returns the names of all examples, sorted.
func Names() []string {
	names := make([]string, 0, len(index))
	for _, e := range index {
		names = append(names, e.Name)
	}
	sort.Strings(names)
	return names
}

// withData returns e with its snapshot. A missing file is a build defect
// the package test reports, so it panics here.
func withData(e Example) Example {
	data, err := files.ReadFile(e.Name + ".json")
	if err != nil {
		panic(fmt.Sprintf("examples: no snapshot for %q: %v", e.Name, err))
	}
	e.Data = data
	return e
}
