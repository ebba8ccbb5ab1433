package explain

import (
	"cmp"
	"strings"
)

// entry is the text of one cause id: why (what the cause is, true of it
// whether or not it is the first candidate), what to check, and the fix. {svc}, {act}, {res} and {step} are
// replaced by what the text names.
type entry struct{ why, check, fix string }

// catalog follows the troubleshooting pages each line cites.
var catalog = map[string]entry{
	// ECS-DG "Troubleshoot Amazon ECS ResourceInitializationError errors",
	// ECS-DG "CannotPullContainer task errors in Amazon ECS" (private
	// subnet without NAT, public subnet without public IP).
	"network:no-route": {
		"the call to {svc} got no answer: the task's subnets have no route to it (no NAT or internet gateway default route, and no VPC endpoint)",
		"aws ec2 describe-route-tables --filters Name=association.subnet-id,Values=SUBNET (look for 0.0.0.0/0 to a nat-… or igw-…) and aws ec2 describe-vpc-endpoints --filters Name=vpc-id,Values=VPC",
		"route 0.0.0.0/0 to a NAT gateway (private subnet) or an internet gateway (public subnet), or create the VPC endpoint for {svc}",
	},
	"network:no-public-ip": {
		"the call to {svc} got no answer: a task in a public subnet reaches the internet gateway only with a public IP",
		"the service's networkConfiguration.awsvpcConfiguration.assignPublicIp (aws ecs describe-services) and the subnet's route to an igw-…",
		"set assignPublicIp ENABLED, or run the task in private subnets with a NAT gateway or VPC endpoints",
	},
	"network:security-group": {
		"the call to {svc} got no answer: a security group drops it (the task's egress to 443, or an interface endpoint's ingress from the task)",
		"aws ec2 describe-security-groups --group-ids TASK-SG ENDPOINT-SG (egress tcp/443 from the task; ingress tcp/443 on the endpoint)",
		"allow egress tcp/443 from the task's security group and ingress tcp/443 from it on the VPC endpoint's security group",
	},
	"network:nacl": {
		"the call to {svc} got no answer: a network ACL of the subnet may drop the request or its return traffic (ephemeral ports)",
		"aws ec2 describe-network-acls --filters Name=association.subnet-id,Values=SUBNET",
		"allow outbound tcp/443 and inbound tcp/1024-65535 (the replies) in the subnet's network ACL",
	},
	"network:private-dns": {
		"the host name of {svc} did not resolve, or resolved to an endpoint the task cannot use: the VPC's DNS support or the endpoint's private DNS is off",
		"aws ec2 describe-vpc-attribute --attribute enableDnsSupport (and enableDnsHostnames); the endpoint's PrivateDnsEnabled",
		"turn on enableDnsSupport and enableDnsHostnames on the VPC and private DNS on the interface endpoint",
	},
	"network:endpoint-policy": {
		"a VPC endpoint policy can refuse the call to {svc} even when IAM allows it",
		"aws ec2 describe-vpc-endpoints --query 'VpcEndpoints[].PolicyDocument'",
		"allow the call in the endpoint policy (for ECR layers: s3:GetObject on arn:aws:s3:::prod-REGION-starport-layer-bucket/*)",
	},
	// ECR-UG "Amazon ECR interface VPC endpoints (AWS PrivateLink)".
	"network:endpoint-missing": {
		"the call to {svc} got no answer: in subnets without a NAT gateway it needs a VPC endpoint for {svc}",
		"aws ec2 describe-vpc-endpoints --filters Name=vpc-id,Values=VPC Name=service-name,Values=com.amazonaws.REGION.{svc}",
		"create the VPC endpoint com.amazonaws.REGION.{svc} in the task's VPC (S3: a gateway endpoint on the task subnets' route tables)",
	},
	// IAM-UG "Access denied error messages".
	"missing-permission": {
		"no policy of the execution role allows {act} (an implicit deny)",
		"aws iam simulate-principal-policy --policy-source-arn EXECUTION-ROLE --action-names {act} --resource-arns {res}",
		"allow {act} on {res} in the task execution role's policy",
	},
	"explicit-deny": {
		"a Deny statement (identity policy, boundary, SCP or resource policy) matches {act}",
		"the role's policies, its permissions boundary and the organization's SCPs for a Deny of {act}",
		"narrow or remove the Deny statement that matches {act}",
	},
	// ECR-UG "Private repository policies" (cross-account pulls need it).
	"repository-policy": {
		"the repository's policy decides a pull from another account, and can deny one",
		"aws ecr get-repository-policy --repository-name REPO",
		"allow ecr:BatchGetImage and ecr:GetDownloadUrlForLayer for the execution role in the repository policy",
	},
	// KMS-DG "Key policies in AWS KMS".
	"kms-key-policy": {
		"the KMS key that encrypts the secret must allow the execution role (or delegate to IAM) through the secret's service",
		"aws kms get-key-policy --key-id KEY --policy-name default",
		"allow kms:Decrypt for the execution role in the key policy, with kms:ViaService secretsmanager/ssm",
	},
	"secret-resource-policy": {
		"a secret's resource policy can deny the read or, for another account, must allow it",
		"aws secretsmanager get-resource-policy --secret-id {res}",
		"allow secretsmanager:GetSecretValue for the execution role in the secret's resource policy",
	},
	"bucket-policy": {
		"the bucket policy can deny the execution role's s3:GetObject",
		"aws s3api get-bucket-policy --bucket BUCKET",
		"allow s3:GetObject (and s3:GetBucketLocation) for the execution role in the bucket policy",
	},
	// ECS-DG "Amazon ECS task execution IAM role".
	"trust-policy": {
		"ECS could not assume the role: its trust policy must allow ecs-tasks.amazonaws.com (and the caller needs iam:PassRole)",
		"aws iam get-role --role-name ROLE --query Role.AssumeRolePolicyDocument",
		"let the principal ecs-tasks.amazonaws.com do sts:AssumeRole in the role's trust policy",
	},
	"execution-role-missing": {
		"the task's execution role does not exist (yet), or the task definition names none or the wrong one",
		"the task definition's executionRoleArn and aws iam get-role for it",
		"create the execution role (AmazonECSTaskExecutionRolePolicy) and name it in executionRoleArn; create it before the service",
	},
	// ECS-DG "CannotPullContainer task errors in Amazon ECS".
	"image-not-found": {
		"the registry has no such repository, tag or digest",
		"aws ecr describe-images --repository-name REPO --image-ids imageTag=TAG (or the registry's own listing)",
		"push the image or correct the repository, tag or digest in the task definition",
	},
	"image-reference-invalid": {
		"the image reference is not the full name of the image (registry host, repository, tag)",
		"the container definition's image",
		"use the full reference ACCOUNT.dkr.ecr.REGION.amazonaws.com/REPO:TAG",
	},
	"platform-mismatch": {
		"the image has no manifest for the task's platform (CPU architecture, operating system)",
		"docker manifest inspect IMAGE; the task definition's runtimePlatform",
		"build for the task's platform (docker buildx --platform linux/amd64) or set runtimePlatform.cpuArchitecture",
	},
	"manifest-format": {
		"the image's manifest or index format is not one the runtime accepts",
		"docker manifest inspect IMAGE (mediaType)",
		"push the image with a Docker v2 schema 2 or OCI manifest",
	},
	// ECR-UG "Troubleshooting Amazon ECR error messages" (HTTP 429);
	// Docker Hub's anonymous pull limit.
	"rate-limit": {
		"the registry throttled the pull",
		"the registry's rate limit (Docker Hub: per address for anonymous pulls)",
		"authenticate the pull (repositoryCredentials), or copy the image to ECR (a pull through cache rule)",
	},
	"registry-unavailable": {
		"the registry answered with a server error",
		"the registry's status page",
		"retry later, or serve the image from ECR",
	},
	// ECS-DG "Private registry authentication for tasks".
	"registry-credentials-missing": {
		"the registry asks for credentials the task did not send",
		"the container definition's repositoryCredentials.credentialsParameter",
		"store the registry's username and password in Secrets Manager and name it in repositoryCredentials",
	},
	"registry-credentials-invalid": {
		"the registry credentials secret is not the JSON {\"username\", \"password\"} ECS expects, or they are wrong",
		"aws secretsmanager describe-secret --secret-id {res} (and the secret's keys)",
		"store {\"username\":\"…\",\"password\":\"…\"} in the secret",
	},
	// ECS-DG "Pass sensitive data to an Amazon ECS container".
	"secret-not-found": {
		"Secrets Manager has no such secret in that account and region (a partial ARN without its 6-character suffix does not match)",
		"aws secretsmanager describe-secret --secret-id {res}",
		"name the secret by its full ARN, in the task's region, or create it",
	},
	"secret-malformed": {
		"the secret's value is not the JSON the reference expects (a json-key of a secret that is not JSON)",
		"the secrets[].valueFrom suffix (json-key:version-stage:version-id) and the secret's value",
		"store valid JSON, or drop the json-key from valueFrom",
	},
	"parameter-not-found": {
		"SSM has no such parameter in that account and region",
		"aws ssm describe-parameters --parameter-filters Key=Name,Values=NAME",
		"create the parameter, or name it by its full ARN when it lives in another region",
	},
	// ECS-DG "Send Amazon ECS logs to CloudWatch".
	"log-group-missing": {
		"the awslogs-group does not exist and the task does not create it",
		"aws logs describe-log-groups --log-group-name-prefix GROUP",
		"create the log group, or set awslogs-create-group true (with logs:CreateLogGroup)",
	},
	"log-configuration-invalid": {
		"the awslogs options are not valid (awslogs-region, awslogs-group)",
		"the container definition's logConfiguration.options",
		"set awslogs-region to the region's code and awslogs-group to an existing group",
	},
	"env-file-not-found": {
		"the environment file's S3 object does not exist",
		"aws s3api head-object --bucket BUCKET --key KEY",
		"upload the file or correct environmentFiles[].value",
	},
	// ECS-DG "CannotPullContainer task errors in Amazon ECS": "no space
	// left on device".
	"disk-full": {
		"the image did not fit on the instance's or task's storage",
		"df -h on the container instance (Docker's data volume), the task's ephemeralStorage",
		"free or grow the instance's Docker volume, or raise ephemeralStorage on Fargate; shrink the image",
	},
	"credentials-endpoint-unreachable": {
		"the container could not reach the task credentials endpoint 169.254.170.2",
		"the task's network mode and the instance's agent configuration (ECS_ENABLE_TASK_IAM_ROLE)",
		"run the agent with task IAM roles enabled and keep 169.254.170.2 reachable",
	},
	"pause-image-missing": {
		"the agent's pause container image (awsvpc network mode) could not be loaded",
		"docker images on the container instance for amazon/amazon-ecs-pause",
		"use an ECS-optimized AMI or reload the pause image (ecs-init)",
	},
	// ECS-DG "Fargate platform versions".
	"platform-version": {
		"the Fargate platform version does not support what the task definition uses",
		"the service's platformVersion",
		"use platform version LATEST (1.4.0)",
	},
	// ECS-DG "Amazon ECS task definition parameters".
	"task-definition-invalid": {
		"ECS refused the task definition",
		"aws ecs describe-task-definition --task-definition FAMILY:REVISION",
		"correct the parameter the message names",
	},
	"agent-bug": {
		"the text matches a known agent defect rather than a setting",
		"the agent version on the instance (aws ecs describe-container-instances)",
		"update the ECS agent",
	},
	"other": {
		"the text does not name a setting that explains it",
		"the task's stoppedReason in full (aws ecs describe-tasks) and the service events",
		"",
	},
}

// Describe is the cause of id (a contract cause id) with why, check and fix
// for the explanation e: its service, action and resource fill the texts.
func Describe(id string, e *Explanation) Cause {
	key, param := id, ""
	for _, p := range []string{"network:endpoint-missing:", "missing-permission:", "explicit-deny:"} {
		if rest, ok := strings.CutPrefix(id, p); ok {
			key, param = strings.TrimSuffix(p, ":"), rest
		}
	}
	c := catalog[key]
	svc := cmp.Or(e.Service, "the service")
	act := "the call"
	if key == "network:endpoint-missing" {
		svc = param
	} else if param != "" {
		act = param
	}
	res := cmp.Or(e.Resource, "RESOURCE")
	r := strings.NewReplacer("{svc}", svc, "{act}", act, "{res}", res, "{step}", e.Step)
	return Cause{Cause: id, Why: r.Replace(c.why), Check: r.Replace(c.check), Fix: r.Replace(c.fix)}
}
