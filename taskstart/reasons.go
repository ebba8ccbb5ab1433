package taskstart

import (
	"fmt"

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
// agent: these come from AWS documentation (ECS-DG "Amazon ECS stopped
// task error codes", "CannotPullContainer task errors in Amazon ECS",
// "Troubleshoot Amazon ECS ResourceInitializationError errors") and user
// reports, and have changed over time; package explain matches them by
// their stable fragments.
const (
	// ECS-DG "Troubleshooting ... ResourceInitializationError"; agent
	// agent/taskresource/asmauth and asmsecret wrap with this prefix.
	resourceInit = "ResourceInitializationError: unable to pull secrets or registry auth: "
	// ECS-DG "CannotPullContainer task errors".
	cannotPull = "CannotPullContainerError: "
	// ECS-DG "Troubleshooting ... awslogs": the logger's validation error.
	loggerInit = "ResourceInitializationError: failed to validate logger args: "
	// Environment files are downloaded by the agent before the container
	// starts (agent agent/taskresource/envFiles).
	envFilesInit = "ResourceInitializationError: failed to download env files: "
	dialTimeout  = "dial tcp <ip>:443: i/o timeout"
)

// trustReason is the message ECS gives when sts:AssumeRole on the execution
// role fails (service events and RunTask failures).
func trustReason(roleARN string) string {
	return "ECS was unable to assume the role '" + roleARN + "' that was provided for this task. Please verify that the role being passed has the proper trust relationship and permissions and that your IAM user has permissions to pass this role."
}

// accessDenied is AWS's AccessDenied sentence (IAM-UG "Access denied error
// messages").
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
			// agent agent/dockerclient/dockerapi: on EC2 the agent gets the
			// ECR token itself when it pulls (getAuthdata) and wraps the
			// error as CannotPullECRContainerError.
			return "CannotPullECRContainerError: " + denied
		case kindLogStream:
			// On EC2 the Docker daemon's awslogs driver starts with the
			// container and uses the instance's credentials; dockerd wraps
			// its error (moby container.StartLogger: "failed to initialize
			// logging driver"). [reported messages]
			return "CannotStartContainerError: Error response from daemon: failed to initialize logging driver: failed to create Cloudwatch log stream: " + denied
		}
	}
	switch c.kind {
	case kindECRAuth:
		return resourceInit + "execution resource retrieval failed: unable to retrieve ecr registry auth: service call has been retried 3 time(s): " + denied
	case kindRegistryCreds, kindASMSecret:
		return resourceInit + "execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried 1 time(s): failed to fetch secret " + c.ref + " from secrets manager: " + denied
	case kindKMS:
		// Secrets Manager reports a key the caller may not use this way
		// (AWS Knowledge Center "secrets-manager-cross-account-key": "Access
		// to KMS is not allowed").
		if c.step == StepSecrets && isSSM(c.ref) {
			return resourceInit + "execution resource retrieval failed: unable to retrieve secrets from ssm: service call has been retried 1 time(s): " + denied
		}
		return resourceInit + "execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried 1 time(s): failed to fetch secret " + c.ref + " from secrets manager: AccessDeniedException: Access to KMS is not allowed"
	case kindSSMSecret:
		return resourceInit + "execution resource retrieval failed: unable to retrieve secrets from ssm: service call has been retried 1 time(s): " + denied
	case kindManifest:
		return cannotPull + "pull image manifest has been retried 5 time(s): failed to resolve ref " + c.ref + ": pull access denied, repository does not exist or may require authorization: denied: " + denied[len("AccessDeniedException: "):]
	case kindLayers:
		if dec.DeniedBy == iam.LayerEndpoint {
			// S3 answers 403 to a presigned GET its endpoint policy denies.
			return cannotPull + "ref pull has been retried 1 time(s): failed to copy: httpReadSeeker: failed open: unexpected status code https://" + c.target.Host + "/...: 403 Forbidden"
		}
		return cannotPull + "ref pull has been retried 1 time(s): failed to copy: httpReadSeeker: failed open: denied: " + denied[len("AccessDeniedException: "):]
	case kindEnvFile:
		return envFilesInit + "file download command: non empty error stream: service call has been retried 5 time(s): AccessDenied: Access Denied"
	case kindLogStream:
		return loggerInit + "create stream has been retried 1 times: failed to create Cloudwatch log stream: " + denied
	}
	return denied
}

// networkReason is the stoppedReason of a call whose host the task cannot
// reach: the connection times out.
func networkReason(c call, net netAnswer) string {
	host := ""
	if c.target != nil {
		host = c.target.Host
	}
	switch c.kind {
	case kindECRAuth:
		// ECS-DG "Troubleshooting ResourceInitializationError": the newer
		// wording names the connection issue.
		return resourceInit + "The task cannot pull registry auth from Amazon ECR: There is a connection issue between the task and Amazon ECR. Check your task network configuration. RequestError: send request failed caused by: Post \"https://" + host + "/\": " + dialTimeout
	case kindRegistryCreds, kindASMSecret:
		return resourceInit + "execution resource retrieval failed: unable to retrieve secret from asm: There is a connection issue between the task and AWS Secrets Manager. Check your task network configuration. failed to fetch secret " + c.ref + " from secrets manager: RequestError: send request failed caused by: Post \"https://" + host + "/\": " + dialTimeout
	case kindSSMSecret:
		return resourceInit + "execution resource retrieval failed: unable to retrieve secrets from ssm: There is a connection issue between the task and AWS Systems Manager Parameter Store. Check your task network configuration. RequestError: send request failed caused by: Post \"https://" + host + "/\": " + dialTimeout
	case kindManifest, kindPublicPull:
		return cannotPull + "pull image manifest has been retried 5 time(s): failed to resolve ref " + c.ref + ": failed to do request: Head \"https://" + host + "/v2/...\": " + dialTimeout
	case kindLayers:
		return cannotPull + "ref pull has been retried 1 time(s): failed to copy: httpReadSeeker: failed open: failed to do request: Get \"https://" + host + "/...\": " + dialTimeout
	case kindEnvFile:
		return envFilesInit + "file download command: non empty error stream: RequestError: send request failed caused by: Get \"https://" + host + "/...\": " + dialTimeout
	case kindLogStream:
		return loggerInit + "create stream has been retried 1 times: failed to create Cloudwatch log stream: RequestError: send request failed caused by: Post \"https://" + host + "/\": " + dialTimeout
	}
	return dialTimeout
}

// summarize is the one-line human answer for a step.
func summarize(c call, st Step) string {
	switch st.Status {
	case OK, Warn:
		s := c.what
		if st.Network != nil && st.Network.Via != "" {
			s += " via " + string(st.Network.Via)
			if st.Network.Endpoint != "" {
				s += " (" + st.Network.Endpoint + ")"
			}
		}
		return s
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
