package explain

import (
	"strings"
)

// signals are what the text says went wrong, whatever the step.
type signals struct {
	timeout      bool // the call got no answer
	lookup       bool // the host name did not resolve
	privateDial  bool // the call went to a VPC endpoint's private address
	explicitDeny bool
	denied       bool // access denied, 403, not authorized
	noResource   bool // "because no resource-based policy allows"
	noEndpoint   bool // "because no VPC endpoint policy allows", "explicit deny in a VPC endpoint policy"
	kms          bool // Secrets Manager or SSM could not use the KMS key
	notFound     bool
	rateLimit    bool
	disk         bool
	platform     bool
	malformed    bool
	credentials  bool // the registry wants credentials it did not get
	unavailable  bool
}

// markers are the compact phrases of each signal, with the source that
// quotes them.
var (
	// Go's net errors and the SDK's give-up (quoted in aws/copilot-cli#5927,
	// 1Password/scim-examples#267, aws/amazon-ecs-agent#1128); Fargate's
	// "connection issue" wording (ECS-DG "Troubleshoot Amazon ECS
	// ResourceInitializationError errors").
	timeoutMarkers = []string{"i/otimeout", "contextdeadlineexceeded", "deadlineexceeded", "contextdeadli", "requestcanceledwhilewaitingforconnection", "client.timeoutexceeded", "connectionissue", "sendrequestfailed", "checkyourtasknetworkconfiguration", "checkyournetworkconfiguration", "connectiontimedout", "connectionrefused", "i/otime", "timeout", "signal:killed"}
	lookupMarkers  = []string{"nosuchhost", "dialtcp:lookup"}
	// IAM-UG "Access denied error messages".
	deniedMarkers = []string{"accessdenied", "isnotauthorizedtoperform", "notauthorized", "403forbidden", ":403", "denied:", "requestedaccesstotheresourceisdenied", "accessdenied:"}
	// IAM-UG "Access denied error messages": "with an explicit deny in a
	// ... policy".
	explicitMarkers = []string{"withanexplicitdeny", "explicitdeny"}
	// Secrets Manager's answer when it may not use the key (AWS Knowledge
	// Center "secrets-manager-cross-account-key"; quoted in
	// GiamPy5/terraform-aws-directus#10).
	kmsMarkers = []string{"accesstokmsisnotallowed", "kms:decrypt", "kmsaccessdenied", "ciphertextrefers"}
	// Not found: registries (ECS-DG "CannotPullContainer task errors in
	// Amazon ECS": "manifest unknown", "not found"), Secrets Manager
	// ResourceNotFoundException, SSM "invalid parameters", CloudWatch Logs
	// "The specified log group does not exist".
	notFoundMarkers = []string{"manifestunknown", "notfound", "doesnotexist", "resourcenotfoundexception", "invalidparameters", "parameternotfound", "nosuchkey", "nosuchbucket", "can'tfindthespecifiedsecret", "cannotfindtheamazoncloudwatchloggroup", "apierror(404)", "nosuchimage", "invalidssmparameters", "markedfordeletion"}
	// ECR-UG "Troubleshooting Amazon ECR error messages" (HTTP 429,
	// "TOOMANYREQUESTS: Rate exceeded"); Docker Hub's "You have reached
	// your pull rate limit" (aws/copilot-cli#5647).
	rateMarkers = []string{"toomanyrequests", "ratelimit", "rateexceeded", ":429", "(429)", "429toomanyrequests"}
	// ECS-DG "CannotPullContainer task errors in Amazon ECS": "no space
	// left on device"; devmapper's thin pool (hackoregon/civic-devops#132).
	diskMarkers = []string{"nospaceleftondevice", "thinpool", "applylayerexitstatus", "notenoughspace", "diskfull"}
	// containerd and the daemon when no manifest matches the platform
	// (aws/containers-roadmap#1120, hashicorp/consul-ecs#64).
	platformMarkers = []string{"descriptorforplatform", "descriptormatchingplatform", "nomatchingmanifest", "nomatchforplatform", "execformaterror"}
	// A secret value that is not the JSON the agent parses
	// (agent/asm/asm.go extractASMValue; rileydakota/valheim-ecs-fargate-cdk#9).
	malformedMarkers = []string{"invalidcharacter", "lookingforbeginningofvalue", "cannotunmarshal", "unmarshal", "didnotcontainjsonkey", "jsonkey", "unexpectedendofjson", "malformed", "emptysecretsvalue", "invalidschema"}
	// Registry authentication (containerd "failed to fetch anonymous
	// token", the daemon's "no basic auth credentials", "unauthorized:
	// authentication required"; aws/containers-roadmap#1658,
	// aws/amazon-ecs-agent#1552).
	credentialMarkers  = []string{"failedtofetchanonymoustoken", "failedtoauthorize", "nobasicauthcredentials", "authenticationrequired", "unauthorized", ":401", "insufficient_scope", "mayrequire'dockerlogin'", "mayrequireauthorization"}
	unavailableMarkers = []string{"503serviceunavailable", "serviceunavailable", "500internalservererror", "502badgateway"}
)

func signalsOf(t text) signals {
	s := signals{
		lookup:       t.has(lookupMarkers...),
		explicitDeny: t.has(explicitMarkers...),
		denied:       t.has(deniedMarkers...),
		noResource:   t.has("noresource-basedpolicyallows"),
		noEndpoint:   t.has("novpcendpointpolicyallows", "explicitdenyinavpcendpointpolicy"),
		kms:          t.has(kmsMarkers...),
		notFound:     t.has(notFoundMarkers...),
		rateLimit:    t.has(rateMarkers...),
		disk:         t.has(diskMarkers...),
		platform:     t.has(platformMarkers...),
		malformed:    t.has(malformedMarkers...),
		credentials:  t.has(credentialMarkers...),
		unavailable:  t.has(unavailableMarkers...),
		privateDial:  privateDialRE.MatchString(t.head),
	}
	s.timeout = t.has(timeoutMarkers...)
	return s
}

// causesFor lists the candidate cause ids, most likely first, for the step
// and what the text says.
func causesFor(t text, e *Explanation, s signals) []string {
	switch e.Step {
	case StepExecutionRole:
		// ECS's message names the trust relationship and iam:PassRole
		// (aws-samples/aws-modern-application-workshop#149); a role that
		// does not exist yet or is "null" (boto/boto3#1878,
		// telia-oss/terraform-aws-ecs-fargate#58) fails the same way.
		if t.has("role/null", "role/undefined", "role/'", "noexecutionrole") {
			return []string{"execution-role-missing", "trust-policy"}
		}
		return []string{"trust-policy", "execution-role-missing"}
	case StepRegistryAuth:
		if e.Service == "secretsmanager" {
			return secretCauses(t, s, "secretsmanager", "secretsmanager:GetSecretValue", true)
		}
		return ecrAuthCauses(t, s)
	case StepImageManifest:
		return manifestCauses(t, e, s)
	case StepImageLayers:
		return layerCauses(t, e, s)
	case StepSecrets:
		if e.Service == "ssm" || t.has("secretsfromssm", "parameterstore", "ssm:getparameters") {
			return secretCauses(t, s, "ssm", "ssm:GetParameters", false)
		}
		return secretCauses(t, s, "secretsmanager", "secretsmanager:GetSecretValue", false)
	case StepEnvironmentFiles:
		return envFileCauses(t, s)
	case StepLogs:
		return logCauses(t, s)
	case StepTaskDefinition:
		switch {
		case t.has("invalidreferenceformat"):
			return []string{"image-reference-invalid", "task-definition-invalid"}
		case t.has("platformversion", "platformtaskdefinitionincompatibility"):
			return []string{"platform-version", "task-definition-invalid"}
		}
		return []string{"task-definition-invalid", "platform-version"}
	}
	switch {
	// "unable to pull secrets or registry auth" alone: the call is not
	// named. The usual answer is the network (nikovirtala/cdk-github-actions-runner#3,
	// karanpratapsingh/preview-environments#9).
	case t.has("unabletopullsecretsorregistryauth", "resourceinitializationerror"):
		return append(network(s, ""), "execution-role-missing")
	case s.timeout || s.lookup:
		return network(s, "")
	case t.has("169.254.170.2", "credentialsendpoint"):
		// The task metadata credentials endpoint (ECS-DG "Task IAM role").
		return []string{"credentials-endpoint-unreachable"}
	}
	return nil
}

// network orders the network causes of a call that got no answer. A dial
// to a private address reached an interface endpoint, so its security group
// or the subnet's network ACL drops the call; a name that does not resolve
// is DNS; else, in the order the public reports have it, a subnet without
// a NAT or internet gateway route, a public subnet without a public IP, a
// security group without egress, a missing VPC endpoint.
func network(s signals, svc string) []string {
	missing := ""
	if svc != "" && svc != "registry" {
		missing = "network:endpoint-missing:" + svc
	}
	var out []string
	switch {
	case s.privateDial:
		out = []string{"network:security-group", "network:nacl", "network:private-dns", "network:endpoint-policy"}
	case s.lookup:
		out = []string{"network:private-dns", "network:no-route", missing}
	case svc == "s3":
		out = []string{"network:no-route", missing, "network:no-public-ip", "network:security-group", "network:nacl"}
	default:
		out = []string{"network:no-route", "network:no-public-ip", "network:security-group", missing, "network:nacl", "network:private-dns"}
	}
	return out
}

func ecrAuthCauses(t text, s signals) []string {
	const act = "ecr:GetAuthorizationToken"
	switch {
	case s.explicitDeny:
		return []string{"explicit-deny:" + act, "network:endpoint-policy", "missing-permission:" + act}
	case s.denied:
		return []string{"missing-permission:" + act, "explicit-deny:" + act, "execution-role-missing"}
	case s.timeout || s.lookup:
		return network(s, "ecr.api")
	case s.rateLimit:
		return []string{"rate-limit"}
	}
	return append([]string{"network:no-route", "missing-permission:" + act}, network(s, "ecr.api")[1:]...)
}

func manifestCauses(t text, e *Explanation, s signals) []string {
	ecr := t.has(".dkr.ecr.", "ecr:", "ecr.aws") && !t.has("public.ecr.aws")
	pull := "ecr:BatchGetImage"
	denyCause := "registry-credentials-missing"
	if ecr {
		denyCause = "missing-permission:" + pull
	}
	switch {
	case t.has("pause"):
		return []string{"pause-image-missing", "disk-full"}
	case s.platform:
		return []string{"platform-mismatch", "manifest-format"}
	case s.rateLimit:
		return []string{"rate-limit", "registry-credentials-missing"}
	case s.timeout || s.lookup:
		svc := "registry"
		if ecr {
			svc = "ecr.dkr"
		}
		return network(s, svc)
	case t.has("docker.io/library/sha256", "invalidreference", "invalidreferenceformat", "repositorycontainsinvalidcharacters"):
		return []string{"image-reference-invalid", "image-not-found"}
	case s.explicitDeny:
		return []string{"explicit-deny:" + pull, "repository-policy", "missing-permission:" + pull}
	case s.noResource:
		return []string{"repository-policy", "missing-permission:" + pull}
	case t.has("isnotauthorizedtoperform"):
		return []string{"missing-permission:" + pull, "repository-policy", "explicit-deny:" + pull}
	case s.notFound && !t.has("pullaccessdenied"):
		return []string{"image-not-found", "image-reference-invalid", denyCause}
	case t.has("pullaccessdenied", "mayrequireauthorization", "mayrequire'dockerlogin'"):
		// The daemon and containerd say the same for a repository that
		// does not exist and one they may not read (ECS-DG
		// "CannotPullContainer task errors in Amazon ECS").
		if ecr {
			return []string{"image-not-found", "missing-permission:" + pull, "repository-policy"}
		}
		return []string{"image-not-found", "registry-credentials-missing", "image-reference-invalid"}
	case s.credentials:
		return []string{"registry-credentials-missing", "registry-credentials-invalid", "image-not-found"}
	case s.denied:
		if ecr {
			return []string{"missing-permission:" + pull, "repository-policy", "image-not-found"}
		}
		return []string{"registry-credentials-missing", "rate-limit", "image-not-found"}
	case t.has("registry-1.docker.io", "docker.io") && t.has("unexpectedstatuscode"):
		// Docker Hub's anonymous pull limit per address (openillumi.com
		// report, aws/copilot-cli#5647).
		return []string{"rate-limit", "registry-credentials-missing"}
	case s.unavailable:
		return []string{"registry-unavailable", "network:no-route"}
	case s.notFound:
		return []string{"image-not-found", "image-reference-invalid", denyCause}
	}
	return []string{"network:no-route", "image-not-found", denyCause, "network:no-public-ip"}
}

func layerCauses(t text, e *Explanation, s signals) []string {
	ecr := t.has(".dkr.ecr.", "starport-layer-bucket", "ecr:") || e.Service == "s3"
	switch {
	case s.disk:
		return []string{"disk-full"}
	case s.timeout || s.lookup:
		if ecr {
			return network(s, "s3")
		}
		return network(s, "registry")
	case s.explicitDeny:
		return []string{"explicit-deny:ecr:GetDownloadUrlForLayer", "network:endpoint-policy", "repository-policy"}
	case t.has("403forbidden", ":403") && ecr:
		// S3 answers 403 to the presigned layer download an S3 gateway
		// endpoint policy does not allow (ECR-UG "Amazon ECR interface VPC
		// endpoints (AWS PrivateLink)": the endpoint policy must allow
		// arn:aws:s3:::prod-REGION-starport-layer-bucket/*).
		return []string{"network:endpoint-policy", "missing-permission:ecr:GetDownloadUrlForLayer", "bucket-policy"}
	case s.denied:
		return []string{"missing-permission:ecr:GetDownloadUrlForLayer", "repository-policy", "network:endpoint-policy"}
	case s.rateLimit:
		return []string{"rate-limit"}
	case t.has("registerlayer", "applylayer"):
		return []string{"disk-full", "other"}
	}
	return []string{"network:endpoint-missing:s3", "disk-full", "network:no-route"}
}

// secretCauses covers Secrets Manager and SSM reads: secrets[] entries,
// and registry credentials (registry true).
func secretCauses(t text, s signals, svc, act string, registry bool) []string {
	notFound := "secret-not-found"
	resPolicy := "secret-resource-policy"
	if svc == "ssm" {
		notFound = "parameter-not-found"
		resPolicy = "kms-key-policy"
	}
	switch {
	case s.kms:
		return []string{"missing-permission:kms:Decrypt", "kms-key-policy", "explicit-deny:kms:Decrypt"}
	case s.explicitDeny:
		return []string{"explicit-deny:" + act, resPolicy, "network:endpoint-policy"}
	case s.noResource:
		return []string{resPolicy, "missing-permission:" + act}
	case s.denied:
		return []string{"missing-permission:" + act, resPolicy, notFound}
	case s.timeout || s.lookup:
		return network(s, svc)
	case s.malformed:
		if registry {
			return []string{"registry-credentials-invalid", "secret-malformed"}
		}
		return []string{"secret-malformed", notFound}
	case s.notFound:
		return []string{notFound, "missing-permission:" + act}
	}
	// The text was cut before its error ("service call has been retried 1
	// time(s): ..."): the usual answers, in the order of the reports.
	return []string{"missing-permission:" + act, notFound, "network:no-route", "network:no-public-ip"}
}

func envFileCauses(t text, s signals) []string {
	switch {
	case s.explicitDeny:
		return []string{"explicit-deny:s3:GetObject", "bucket-policy", "network:endpoint-policy"}
	case s.denied:
		// agent/taskresource/envFiles reads with s3:GetBucketLocation then
		// s3:GetObject (docs/model.md); aws/aws-cdk#12720.
		return []string{"missing-permission:s3:GetObject", "bucket-policy", "missing-permission:s3:GetBucketLocation"}
	case s.timeout || s.lookup:
		return network(s, "s3")
	case s.notFound:
		return []string{"env-file-not-found", "missing-permission:s3:GetObject"}
	}
	return []string{"missing-permission:s3:GetObject", "env-file-not-found", "network:no-route"}
}

func logCauses(t text, s signals) []string {
	switch {
	case t.has("cannotfindtheamazoncloudwatchloggroup") && s.timeout:
		// Fargate's newer wording names both (civiform/civiform#7648).
		return []string{"network:no-route", "network:security-group", "log-group-missing"}
	case t.has("thespecifiedloggroupdoesnotexist") && !t.has("cannotfindtheamazoncloudwatchloggroup"):
		// CloudWatch Logs answered (CWL API Reference "CreateLogStream":
		// ResourceNotFoundException, "The specified log group does not
		// exist"), so the call got through whatever else the text says
		// (a "signal: killed" of the validation that follows).
		return []string{"log-group-missing", "log-configuration-invalid"}
	case s.timeout || s.lookup:
		return network(s, "logs")
	case t.has("createloggroup", "cloudwatchloggroup:accessdenied"):
		return []string{"missing-permission:logs:CreateLogGroup", "log-group-missing"}
	case s.explicitDeny:
		return []string{"explicit-deny:logs:CreateLogStream", "missing-permission:logs:CreateLogStream"}
	case s.denied:
		return []string{"missing-permission:logs:CreateLogStream", "network:no-public-ip", "log-group-missing"}
	case t.has("missingendpoint", "invalidparameter", "awslogs-region", "invalidregion"):
		// An awslogs-region that is not a region
		// (TechToSpeech/terraform-aws-serverless-static-wordpress#74).
		return []string{"log-configuration-invalid", "log-group-missing"}
	case s.notFound:
		return []string{"log-group-missing", "log-configuration-invalid"}
	}
	return []string{"log-group-missing", "missing-permission:logs:CreateLogStream", "network:no-route"}
}

// expand turns cause ids into causes with why, check and fix, dropping
// empty and repeated ids. An action the text names replaces the default
// action of a permission cause of the same service.
func expand(ids []string, e *Explanation) []Cause {
	out := make([]Cause, 0, len(ids))
	seen := map[string]bool{}
	for _, id := range ids {
		if id == "" {
			continue
		}
		id = withNamedAction(id, e.Action)
		if seen[id] {
			continue
		}
		seen[id] = true
		out = append(out, Describe(id, e))
	}
	return out
}

// withNamedAction swaps the action of a missing-permission or
// explicit-deny cause for the one the text names, when both are of the
// same service.
func withNamedAction(id, named string) string {
	for _, p := range []string{"missing-permission:", "explicit-deny:"} {
		act, ok := strings.CutPrefix(id, p)
		if !ok || named == "" {
			continue
		}
		svc, _, _ := strings.Cut(act, ":")
		nsvc, _, _ := strings.Cut(named, ":")
		if svc == nsvc {
			return p + named
		}
	}
	return id
}
