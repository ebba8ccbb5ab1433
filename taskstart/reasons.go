package taskstart

import (
	"fmt"
	"strings"

	"github.com/ecs-preflight/ecs-preflight/iam"
	"github.com/ecs-preflight/ecs-preflight/netpath"
)

// callKind names a platform call, which decides the error text the platform
// prints when it fails.
type callKind int

const (
	kindECRAuth       callKind = iota
	kindRegistryCreds          // Secrets Manager secret with private registry credentials
	kindKMS                    // kms:Decrypt done by Secrets Manager or SSM for the task
	kindManifest
	kindLayers
	kindPublicPull // anonymous pull from a registry on the internet
	kindSSMSecret
	kindASMSecret
	kindEnvFile
	kindLogStream
)

// The texts below are what Fargate (platform version 1.4.0+) prints in a
// stopped task's stoppedReason. Fargate's wording is not in the open-source
// agent (none of the ResourceInitializationError prefixes below occurs in
// aws/amazon-ecs-agent); where the agent's own format string is inside the
// text, its path is named. Every text names its source next to it: an AWS
// page by title, an agent path, or a public thread that quotes it. Parts
// no source quotes are marked [reported messages] (paraphrased from
// reports, not quoted) or [inferred] (composed from a quoted wrapper and a
// quoted error). Task ids and addresses are placeholders: <task-id>, <ip>.
const (
	// ECS-DG "Troubleshoot Amazon ECS ResourceInitializationError errors";
	// quoted in aws/copilot-cli#5752 and aws-samples/keycloak-on-aws#222.
	resourceInit = "ResourceInitializationError: unable to pull secrets or registry auth: "
	// ECS-DG "CannotPullContainer task errors in Amazon ECS"; quoted in
	// ActionIQ/terraform-aws-retool-ecs-fargate#20.
	cannotPull = "CannotPullContainerError: "
	// Quoted in doctorray117/minecraft-ondemand#12.
	loggerInit = "ResourceInitializationError: failed to validate logger args: "
	// Quoted in aws/aws-cdk#12720 ("file download command: non-empty error
	// stream"); the agent's envFiles resource (agent/taskresource/envFiles)
	// is the EC2 counterpart.
	envFilesInit = "ResourceInitializationError: failed to download env files: "
	// Go's dial error as quoted in aws/copilot-cli#5927 and
	// ActionIQ/terraform-aws-retool-ecs-fargate#20.
	dialTimeout = "dial tcp <ip>:443: i/o timeout"
	// The SDK's error when the call gives up before any answer, quoted for
	// a Fargate task in a VPC without DNS resolution in
	// 1Password/scim-examples#267 (Secrets Manager), and in
	// umotif-public/terraform-aws-ecs-fargate#50 (SSM).
	deadline = "RequestCanceled: request context canceled caused by: context deadline exceeded"
	// Suffix of the older Fargate wording, quoted in
	// 1Password/scim-examples#267 and doctorray117/minecraft-ondemand#74.
	checkNetwork = ". Please check your task network configuration."
)

// asmSecretReason is the stoppedReason of a failed GetSecretValue for a
// secrets[] entry: quoted with retries 1 and an AccessDeniedException in
// aws/copilot-cli#5752, with "Access to KMS is not allowed" in
// GiamPy5/terraform-aws-directus#10.
func asmSecretReason(arn, retries, err string) string {
	return resourceInit + "execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried " + retries + " time(s): failed to fetch secret " + arn + " from secrets manager: " + err
}

// registryAuthReason is the stoppedReason of a failed GetSecretValue for
// repositoryCredentials. The registry credentials are read by the asmauth
// resource, not asmsecret: agent agent/asm/asm.go GetDockerAuthFromASM
// wraps the SDK error as "asm fetching secret from the service for %s",
// and Fargate adds "unable to get registry auth from asm: service call has
// been retried 5 time(s)" (aws-samples/keycloak-on-aws#222, the only
// quoted retry count for this call, so it is used for every error).
func registryAuthReason(arn, err string) string {
	return resourceInit + "execution resource retrieval failed: unable to get registry auth from asm: service call has been retried 5 time(s): asm fetching secret from the service for " + arn + ": " + err
}

// registryAuthFormat is the stoppedReason of registry credentials the
// agent cannot use (agent agent/asm/asm.go extractASMValue); the Fargate
// prefix around it is [inferred] from registryAuthReason.
func registryAuthFormat(msg string) string {
	return resourceInit + "execution resource retrieval failed: unable to get registry auth from asm: " + msg
}

// secretFetchReason picks the wording of the resource that reads the
// secret: asmauth for registry credentials, asmsecret for secrets[].
func secretFetchReason(step StepKind, arn, err string) string {
	if step == StepRegistryAuth {
		return registryAuthReason(arn, err)
	}
	return asmSecretReason(arn, "1", err)
}

// trustReason is the message ECS gives when sts:AssumeRole on the execution
// role fails (service events and RunTask failures); quoted in
// aws-samples/aws-modern-application-workshop#149.
func trustReason(roleARN string) string {
	return "ECS was unable to assume the role '" + roleARN + "' that was provided for this task. Please verify that the role being passed has the proper trust relationship and permissions and that your IAM user has permissions to pass this role."
}

// accessDenied is AWS's AccessDenied sentence (IAM-UG "Access denied error
// messages"; quoted with the assumed-role session ARN in
// aws/copilot-cli#5752).
func accessDenied(p *principal, action, resource string, dec iam.Decision) string {
	who := "<no execution role>"
	if p != nil {
		who = p.sessionARN
	}
	msg := fmt.Sprintf("AccessDeniedException: User: %s is not authorized to perform: %s on resource: %s", who, action, resource)
	if dec.Reason != "" {
		msg += " " + dec.Reason
	}
	return msg
}

// iamReason is the stoppedReason of a call IAM denies.
func iamReason(c call, n need, p *principal, dec iam.Decision) string {
	denied := accessDenied(p, n.action, n.resource, dec)
	if p != nil && p.session == instanceIDPlaceholder {
		switch c.kind {
		case kindECRAuth:
			// agent agent/dockerclient/dockerapi/docker_client.go
			// getAuthdata: on EC2 the agent gets the ECR token itself when
			// it pulls and wraps the SDK error in CannotPullECRContainerError
			// (errors.go), whose name prefixes the reason.
			return "CannotPullECRContainerError: " + denied
		case kindLogStream:
			// On EC2 the Docker daemon's awslogs driver starts with the
			// container and uses the instance's credentials; dockerd wraps
			// its error (moby container.StartLogger: "failed to initialize
			// logging driver"; the prefix is quoted in aws/amazon-ecs-cli#752).
			// The log stream tail is [reported messages].
			return "CannotStartContainerError: Error response from daemon: failed to initialize logging driver: failed to create Cloudwatch log stream: " + denied
		}
	}
	switch c.kind {
	case kindECRAuth:
		// The wrapper with 3 retries is quoted in
		// doctorray117/minecraft-ondemand#74; the AccessDenied tail is
		// [inferred] (IAM-UG "Access denied error messages").
		return resourceInit + "execution resource retrieval failed: unable to retrieve ecr registry auth: service call has been retried 3 time(s): " + denied
	case kindRegistryCreds, kindASMSecret:
		return secretFetchReason(c.step, c.ref, denied)
	case kindKMS:
		// Secrets Manager reports a key the caller may not use this way
		// (AWS Knowledge Center "secrets-manager-cross-account-key": "Access
		// to KMS is not allowed"; quoted in GiamPy5/terraform-aws-directus#10).
		if c.step == StepSecrets && isSSM(c.ref) {
			// SSM passes the KMS AccessDenied through (aws/copilot-cli#4504
			// quotes the wrapper; the KMS variant is [inferred]).
			return resourceInit + "execution resource retrieval failed: unable to retrieve secrets from ssm: service call has been retried 1 time(s): " + denied
		}
		return secretFetchReason(c.step, c.ref, "AccessDeniedException: Access to KMS is not allowed")
	case kindSSMSecret:
		// Quoted in aws/copilot-cli#4504.
		return resourceInit + "execution resource retrieval failed: unable to retrieve secrets from ssm: service call has been retried 1 time(s): " + denied
	case kindManifest:
		// containerd's "pull access denied, repository does not exist or
		// may require authorization" is quoted for Fargate in
		// docker-archive/compose-cli#853, ECR's "denied: User: ... is not
		// authorized to perform: ecr:BatchGetImage" in
		// bottlerocket-os/bottlerocket-update-operator#157; the whole line
		// is [inferred].
		return cannotPull + "pull image manifest has been retried 5 time(s): failed to resolve ref " + c.ref + ": pull access denied, repository does not exist or may require authorization: denied: " + denied[len("AccessDeniedException: "):]
	case kindLayers:
		if dec.DeniedBy == iam.LayerEndpoint {
			// S3 answers 403 to a presigned GET its endpoint policy denies.
			// [reported messages]
			return cannotPull + "ref pull has been retried 1 time(s): failed to copy: httpReadSeeker: failed open: unexpected status code https://" + c.target.Host + "/...: 403 Forbidden"
		}
		// [reported messages]
		return cannotPull + "ref pull has been retried 1 time(s): failed to copy: httpReadSeeker: failed open: denied: " + denied[len("AccessDeniedException: "):]
	case kindEnvFile:
		// Quoted in aws/aws-cdk#12720: the file's name, then S3's
		// AccessDenied.
		return envFilesInit + "file download command: non-empty error stream: failed to download file " + lastSegment(c.ref) + ": failed to write to a temporary file: AccessDenied: Access Denied"
	case kindLogStream:
		// Quoted in doctorray117/minecraft-ondemand#12.
		return loggerInit + "create stream has been retried 1 times: failed to create Cloudwatch log stream: " + denied
	}
	return denied
}

// unresolvedHost reports whether the task's DNS lookup of the host fails
// (no answer at all), as opposed to an answer the task cannot reach: the
// VPC's Amazon DNS server is off (enableDnsSupport false) or a private
// hosted zone answers NXDOMAIN (netpath's DNS blocks).
func unresolvedHost(net netAnswer) bool {
	if len(net.res.Blocks) == 0 || net.res.Blocks[0].Kind != netpath.BlockDNS {
		return false
	}
	d := net.res.Blocks[0].Detail
	return strings.Contains(d, "does not resolve") || strings.Contains(d, "NXDOMAIN")
}

// networkReason is the stoppedReason of a call whose host the task cannot
// reach: the connection times out, or, when the host name does not
// resolve, the SDK's call runs out of time.
func networkReason(c call, net netAnswer) string {
	host := ""
	if c.target != nil {
		host = c.target.Host
	}
	if unresolvedHost(net) {
		return lookupReason(c, host)
	}
	switch c.kind {
	case kindECRAuth:
		// ECS-DG "Troubleshoot Amazon ECS ResourceInitializationError
		// errors": the newer wording names the connection issue; quoted in
		// full in aws/copilot-cli#5927.
		return resourceInit + "The task cannot pull registry auth from Amazon ECR: There is a connection issue between the task and Amazon ECR. Check your task network configuration. RequestError: send request failed caused by: Post \"https://" + host + "/\": " + dialTimeout
	case kindRegistryCreds:
		// The wrapper is quoted in aws-samples/keycloak-on-aws#222; the SDK
		// error is [inferred] from the ECR one.
		return registryAuthReason(c.ref, "RequestError: send request failed caused by: Post \"https://"+host+"/\": "+dialTimeout)
	case kindASMSecret:
		// The newer wording for Secrets Manager. [reported messages]
		return resourceInit + "execution resource retrieval failed: unable to retrieve secret from asm: There is a connection issue between the task and AWS Secrets Manager. Check your task network configuration. failed to fetch secret " + c.ref + " from secrets manager: RequestError: send request failed caused by: Post \"https://" + host + "/\": " + dialTimeout
	case kindSSMSecret:
		// The newer wording for Parameter Store. [reported messages]
		return resourceInit + "execution resource retrieval failed: unable to retrieve secrets from ssm: There is a connection issue between the task and AWS Systems Manager Parameter Store. Check your task network configuration. RequestError: send request failed caused by: Post \"https://" + host + "/\": " + dialTimeout
	case kindManifest, kindPublicPull:
		// Quoted in ActionIQ/terraform-aws-retool-ecs-fargate#20.
		return cannotPull + "pull image manifest has been retried 5 time(s): failed to resolve ref " + c.ref + ": failed to do request: Head \"https://" + host + "/v2/...\": " + dialTimeout
	case kindLayers:
		// containerd's "failed to copy: httpReadSeeker: failed open: failed
		// to do request: Get ...: dial tcp ...: i/o timeout" is quoted in
		// Roblox/nomad-driver-containerd#184; the Fargate prefix is
		// [reported messages].
		return cannotPull + "ref pull has been retried 1 time(s): failed to copy: httpReadSeeker: failed open: failed to do request: Get \"https://" + host + "/...\": " + dialTimeout
	case kindEnvFile:
		// aws/aws-cdk#12720 quotes the SDK giving up without an answer.
		return envFilesInit + "file download command: non-empty error stream: " + deadline
	case kindLogStream:
		// The wrapper is quoted in doctorray117/minecraft-ondemand#12; the
		// SDK error is [inferred] from the ECR one.
		return loggerInit + "create stream has been retried 1 times: failed to create Cloudwatch log stream: RequestError: send request failed caused by: Post \"https://" + host + "/\": " + dialTimeout
	}
	return dialTimeout
}

// lookupReason is the stoppedReason of a call whose host name does not
// resolve. For a Fargate task in a VPC without DNS resolution the SDK's
// calls end in "RequestCanceled: ... context deadline exceeded" with the
// older wording's suffix (1Password/scim-examples#267 quotes it for
// Secrets Manager); the other API calls are [inferred] from it. An image
// pull fails in containerd's resolver with Go's lookup error (Go net
// DNSError "lookup HOST: no such host"); the line is [reported messages].
func lookupReason(c call, host string) string {
	switch c.kind {
	case kindECRAuth:
		// Wrapper and suffix as in doctorray117/minecraft-ondemand#74.
		return resourceInit + "execution resource retrieval failed: unable to retrieve ecr registry auth: service call has been retried 3 time(s): " + deadline + checkNetwork
	case kindRegistryCreds:
		return registryAuthReason(c.ref, deadline) + checkNetwork
	case kindASMSecret:
		// Quoted in 1Password/scim-examples#267.
		return asmSecretReason(c.ref, "5", deadline) + checkNetwork
	case kindSSMSecret:
		// Quoted in aws/copilot-cli#4834 and
		// umotif-public/terraform-aws-ecs-fargate#50.
		return resourceInit + "execution resource retrieval failed: unable to retrieve secrets from ssm: service call has been retried 5 time(s): " + deadline + checkNetwork
	case kindManifest, kindPublicPull:
		return cannotPull + "pull image manifest has been retried 5 time(s): failed to resolve ref " + c.ref + ": failed to do request: Head \"https://" + host + "/v2/...\": dial tcp: lookup " + host + ": no such host"
	case kindLayers:
		return cannotPull + "ref pull has been retried 1 time(s): failed to copy: httpReadSeeker: failed open: failed to do request: Get \"https://" + host + "/...\": dial tcp: lookup " + host + ": no such host"
	case kindEnvFile:
		// Quoted in aws/aws-cdk#12720.
		return envFilesInit + "file download command: non-empty error stream: " + deadline
	case kindLogStream:
		return loggerInit + "create stream has been retried 1 times: failed to create Cloudwatch log stream: " + deadline
	}
	return "dial tcp: lookup " + host + ": no such host"
}

// summarize is the one-line human answer for a step.
func summarize(c call, st Step) string {
	switch st.Status {
	case OK, Warn:
		// One concatenation each: every passing step is summarized.
		switch {
		case st.Network == nil || st.Network.Via == "":
			return c.what
		case st.Network.Endpoint != "":
			return c.what + " via " + string(st.Network.Via) + " (" + st.Network.Endpoint + ")"
		}
		return c.what + " via " + string(st.Network.Via)
	case Unknown:
		return c.what + ": cannot decide"
	}
	if st.Network != nil && st.Network.BlockedBy != "" && st.Network.BlockedBy != netpath.BlockEndpointPolicy {
		return c.what + ": " + st.Network.Host + " unreachable (" + string(st.Network.BlockedBy) + ")"
	}
	if st.IAM != nil {
		return c.what + ": " + st.IAM.Action + " " + string(st.IAM.Decision)
	}
	return c.what + ": fails"
}

// denyFor makes an implicit deny with a reason of our own, for failures
// that are not policy decisions (a disabled key).
func denyFor(reason string) iam.Decision {
	return iam.Decision{Effect: iam.ImplicitDeny, Reason: reason}
}
