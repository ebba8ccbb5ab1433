package explain

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Step names, as the check contract spells them
// (report/json/schema/check-output.schema.json), plus StepUnknown for a
// text that does not say which step failed.
const (
	StepTaskDefinition   = "task-definition"
	StepExecutionRole    = "execution-role"
	StepRegistryAuth     = "registry-auth"
	StepImageManifest    = "image-manifest"
	StepImageLayers      = "image-layers"
	StepSecrets          = "secrets"
	StepEnvironmentFiles = "environment-files"
	StepLogs             = "logs"
	StepUnknown          = "unknown"
)

// Wording families (Explanation.LaunchType).
const (
	FamilyFargate = "FARGATE"
	FamilyEC2     = "EC2"
	FamilyUnknown = "unknown"
)

// Explanation is what explain says about one text; its JSON is the
// contract explain/schema/explain-output.schema.json.
type Explanation struct {
	Input      string `json:"input"`
	LaunchType string `json:"launchType,omitempty"`
	Step       string `json:"step"`
	Class      string `json:"class,omitempty"`
	Service    string `json:"service,omitempty"`
	Action     string `json:"action,omitempty"`
	Resource   string `json:"resource,omitempty"`
	// Causes are the candidate causes, most likely first.
	Causes []Cause `json:"causes"`
	// Findings are the failing steps of a check of the input given with
	// the text (a snapshot, template, plan, example or the live task) that
	// match it, in the check contract's step shape.
	Findings []any `json:"findings,omitempty"`
}

// Cause is one candidate cause.
type Cause struct {
	// Cause is an id of the contract's vocabulary, e.g. network:no-route,
	// missing-permission:ecr:GetAuthorizationToken.
	Cause string `json:"cause"`
	// Why says in one sentence what in the text points here.
	Why   string `json:"why"`
	Check string `json:"check,omitempty"`
	Fix   string `json:"fix,omitempty"`
}

// Matched reports whether the text was recognised at all: a step, or at
// least one cause.
func (e *Explanation) Matched() bool {
	return e.Step != StepUnknown || len(e.Causes) > 0
}

// text is the input in the two forms the matchers read: spaced, with every
// run of white space one blank (line breaks of a console copy gone), and
// compact, lower case without any white space, so that a word a console
// broke over two lines still matches.
type text struct {
	spaced  string
	compact string
	// joined is the input without white space, in its own case: an IAM
	// action a console broke over two lines.
	joined string
	// broken says the input has line breaks.
	broken bool
	// head and joinedHead are the first nameWindow bytes of spaced and
	// joined, where the names (action, resource, host) are taken from: the
	// expressions that find them then cost the same on a megabyte.
	head, joinedHead string
}

// nameWindow bounds the text the name expressions read. The longest
// stoppedReason in the corpus is under 1 KiB.
const nameWindow = 16 << 10

// prefix cuts s to at most n bytes, at a rune boundary.
func prefix(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

func normalize(s string) text {
	var sp, cp, jn strings.Builder
	sp.Grow(len(s))
	cp.Grow(len(s))
	jn.Grow(len(s))
	blank, broken := false, false
	for i := 0; i < len(s); {
		r, n := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRuneInString(s[i:])
		}
		i += n
		// A literal "\n" of a JSON or log copy is a line break too.
		if r == '\\' && i < len(s) && (s[i] == 'n' || s[i] == 't' || s[i] == 'r') {
			i++
			r = '\n'
		}
		if r == '\n' || r == '\r' {
			broken = true
		}
		if unicode.IsSpace(r) {
			blank = true
			continue
		}
		if blank && sp.Len() > 0 {
			sp.WriteByte(' ')
		}
		blank = false
		if r < utf8.RuneSelf {
			b := byte(r)
			sp.WriteByte(b)
			jn.WriteByte(b)
			if 'A' <= b && b <= 'Z' {
				b += 'a' - 'A'
			}
			cp.WriteByte(b)
			continue
		}
		sp.WriteRune(r)
		jn.WriteRune(r)
		cp.WriteRune(unicode.ToLower(r))
	}
	t := text{spaced: sp.String(), compact: cp.String(), joined: jn.String(), broken: broken}
	t.head, t.joinedHead = prefix(t.spaced, nameWindow), prefix(t.joined, nameWindow)
	return t
}

// has reports whether the compact text holds any of the needles, given in
// compact form (lower case, no blanks).
func (t text) has(needles ...string) bool {
	for _, n := range needles {
		if strings.Contains(t.compact, n) {
			return true
		}
	}
	return false
}

// Classify explains one text. It never fails: a text it does not
// recognise has step unknown and no causes.
func Classify(input string) *Explanation {
	in := strings.TrimSpace(input)
	t := normalize(in)
	e := &Explanation{Input: in, Step: StepUnknown, Causes: []Cause{}}
	if t.compact == "" {
		return e
	}
	e.LaunchType = family(t)
	e.Class = class(t)
	e.Step = step(t)
	e.Action = action(t)
	e.Resource = resource(t)
	e.Service = service(t, e.Step)
	s := signalsOf(t)
	ids := causesFor(t, e, s)
	if s.noEndpoint {
		// IAM-UG "Access denied error messages": the message names the
		// policy type that denies, here a VPC endpoint policy.
		ids = append([]string{"network:endpoint-policy"}, ids...)
	}
	e.Causes = expand(ids, e)
	return e
}

// family tells the Fargate platform's wording from the container agent's.
func family(t text) string {
	switch {
	case t.has(
		// ECS-DG "Troubleshoot Amazon ECS ResourceInitializationError errors".
		"resourceinitializationerror", "thetaskcannotpull", "failedtovalidateloggerargs", "failedtodownloadenvfiles",
		// containerd's pull, which Fargate 1.4.0 runs (ECS-DG
		// "CannotPullContainer task errors in Amazon ECS").
		"pullimagemanifesthasbeenretried", "refpullhasbeenretried", "inspectimagehasbeenretried", "failedtoresolveref", "httpreadseeker", "httpreaderseeker"):
		return FamilyFargate
	case t.has(
		// The Docker daemon's answers the agent passes on
		// (agent/dockerclient/dockerapi/docker_client.go).
		"errorresponsefromdaem", "apierror(", "containerchange:", "notfoundinrepository", "cannotpullecrcontainererror", "failedtoinitializeloggingdriver",
		// agent/taskresource/ssmsecret, agent/taskresource/asmsecret.
		"fetchingsecretdatafrom", "getimageblob", "devmapper", "errorwhilepullingcontainer", "failedtoregisterlayer"):
		return FamilyEC2
	}
	return FamilyUnknown
}

// classes are the error classes of ECS-DG "Amazon ECS stopped tasks error
// codes", most specific first: a doubled prefix ("TaskFailedToStart:
// ResourceInitializationError: ...") names the inner one.
var classes = []string{
	"CannotPullECRContainerError",
	"CannotPullContainerError",
	"ResourceInitializationError",
	"CannotStartContainerError",
	"CannotCreateContainerError",
	"CannotInspectContainerError",
	"CannotStopContainerError",
	"ContainerRuntimeTimeoutError",
	"ContainerRuntimeError",
	"OutOfMemoryError",
	"InternalError",
	"TaskFailedToStart",
}

func class(t text) string {
	for _, c := range classes {
		if strings.Contains(t.compact, strings.ToLower(c)) {
			return c
		}
	}
	return ""
}

// step decides the start-phase step from what the text says was being
// done; the order puts the more specific wording first.
func step(t text) string {
	switch {
	// ECS refuses the task definition before any call: ClientException of
	// RegisterTaskDefinition and RunTask (ECS API Reference "Common
	// errors"), PlatformTaskDefinitionIncompatibilityException (ECS-DG
	// "Fargate platform versions"), CloudFormation's property validation,
	// an image reference the agent cannot parse.
	case t.has("clientexception:", "taskdefinitionisinactive", "platformtaskdefinitionincompatibility", "propertiesvalidationfailed", "invalidreferenceformat", "registertaskdefinition", "notasupportedauthenticationmethod"):
		return StepTaskDefinition
	// ECS service event (quoted in aws-samples/aws-modern-application-workshop#149).
	case t.has("unabletoassumetherole", "wasunabletoassumetherole", "noexecutionrole"):
		return StepExecutionRole
	// ECS-DG "Troubleshoot Amazon ECS ResourceInitializationError errors".
	case t.has("failedtodownloadenvfiles", "envfiles:", "environmentfile", "agent/taskresource/envfiles"):
		return StepEnvironmentFiles
	case t.has("failedtovalidateloggerargs", "loggingdriver", "cloudwatchlogstream", "cloudwatchloggroup", "loggroup", "createlogstream", "logs:create"):
		return StepLogs
	// Fargate "unable to retrieve ecr registry auth", "The task cannot pull
	// registry auth from Amazon ECR"; the agent's CannotPullECRContainerError
	// is its ECR token call (agent/dockerclient/dockerapi/errors.go);
	// registry credentials from Secrets Manager: "unable to get registry
	// auth from asm" (aws-samples/keycloak-on-aws#222), agent/asm/asm.go
	// "asm fetching secret from the service".
	case t.has("ecrregistryauth", "registryauthfromamazonecr", "cannotpullecrcontainererror", "ecr:getauthorizationtoken", "registryauthfromasm", "asmfetchingsecret"):
		return StepRegistryAuth
	// Fargate "unable to retrieve secret from asm" / "unable to retrieve
	// secrets from ssm"; agent "Fetching secret data from SSM Parameter
	// Store" (agent/taskresource/ssmsecret) and "from AWS Secrets Manager"
	// (agent/taskresource/asmsecret).
	case t.has("secretfromasm", "secretsfromssm", "fetchingsecretdatafrom", "secretsmanager:getsecretvalue", "ssm:getparameters", "failedtofetchsecret", "accesstokmsisnotallowed"):
		return StepSecrets
	// containerd resolving the reference or the daemon's manifest answers
	// (ECS-DG "CannotPullContainer task errors in Amazon ECS").
	case t.has("failedtoresolveref", "pullimagemanifest", "inspectimage", "/manifests/", "manifestfor", "manifestunknown", "descriptorforplatform", "descriptormatchingplatform", "nomatchingmanifest"):
		return StepImageManifest
	// Layer downloads: containerd's copy, the daemon's blob and layer
	// writes, the full disk; ECR serves layers from S3 (ECR-UG "Amazon ECR
	// interface VPC endpoints (AWS PrivateLink)": starport-layer-bucket).
	case t.has("refpullhasbeenretried", "failedtocopy", "getimageblob", "registerlayer", "applylayer", "thinpool", "nospaceleftondevice", "starport-layer-bucket", "getdownloadurlforlayer", "/blobs/"):
		return StepImageLayers
	case t.has("cannotpullcontainererror", "pullaccessdenied", "repositorydoesnotexist", "errorwhilepullingcontainer", "ecr:batchgetimage", "requestedaccesstotheresourceisdenied", "failedtofetchanonymoustoken", "notfoundinrepository", "nobasicauthcredentials"):
		return StepImageManifest
	}
	return StepUnknown
}

var (
	// IAM-UG "Access denied error messages": "User: ARN is not authorized
	// to perform: ACTION on resource: ARN".
	actionRE = regexp.MustCompile(`(?i:perform:)\s*([a-z0-9-]+:[A-Za-z0-9*]+)`)
	// The same without white space: the action ends where "on resource",
	// "because" or "with" begins.
	joinedActionRE = regexp.MustCompile(`(?i:perform:)([a-z0-9-]+:[A-Za-z0-9*]+?)(?:(?i:onresource|because|with)|[^A-Za-z0-9*]|$)`)
	resourceRE     = regexp.MustCompile(`(?i)on resource:\s*([^\s"']+)`)
	arnRE          = regexp.MustCompile(`arn:aws[a-z-]*:[a-z0-9-]+:[^\s"'()]*`)
	// An image reference as containerd and the daemon name it.
	imageRE = regexp.MustCompile(`(?i)(?:resolve ref|pull access denied for|manifest for|image|repository) "?([A-Za-z0-9][A-Za-z0-9._/:@-]*[A-Za-z0-9])"?`)
	hostRE  = regexp.MustCompile(`https?://([A-Za-z0-9][A-Za-z0-9.-]*)`)
	// A dial to an address of the private ranges (RFC 1918) reached a VPC
	// endpoint's network interface, not the service's public address.
	privateDialRE = regexp.MustCompile(`dial tcp (?:10\.|192\.168\.|172\.(?:1[6-9]|2[0-9]|3[01])\.)`)
)

func action(t text) string {
	a := ""
	if m := actionRE.FindStringSubmatch(t.head); m != nil {
		a = m[1]
	}
	// A console copy broke the action: the joined text has it whole.
	if !t.broken {
		return a
	}
	if m := joinedActionRE.FindStringSubmatch(t.joinedHead); m != nil && strings.HasPrefix(m[1], a) {
		a = m[1]
	}
	return a
}

func resource(t text) string {
	if m := resourceRE.FindStringSubmatch(t.head); m != nil {
		return strings.TrimRight(m[1], ".,;:)")
	}
	if m := arnRE.FindString(t.head); m != "" {
		return strings.TrimRight(m, ".,;:)")
	}
	if m := imageRE.FindStringSubmatch(t.head); m != nil && strings.ContainsAny(m[1], "/:.") {
		return m[1]
	}
	if m := hostRE.FindStringSubmatch(t.head); m != nil {
		return m[1]
	}
	return ""
}

// service names the AWS service (or "registry") the failing call went to:
// from a host the text shows, else from the step.
func service(t text, st string) string {
	switch {
	case t.has("kms", "accesstokms") && st == StepSecrets && !t.has("secretsmanager:getsecretvalue", "ssm:getparameters"):
		return "kms"
	case t.has("api.ecr.", "ecr:getauthorizationtoken", "ecrregistryauth", "registryauthfromamazonecr", "cannotpullecrcontainererror"):
		return "ecr.api"
	case t.has("registryauthfromasm", "asmfetchingsecret", "secretfromasm", "secretsmanager", "awssecretsmanager"):
		return "secretsmanager"
	case t.has("secretsfromssm", "ssm:", "parameterstore", "ssm."):
		return "ssm"
	case t.has("starport-layer-bucket", ".s3.", "s3:", "s3.amazonaws"):
		return "s3"
	case t.has("logs.", "cloudwatch", "logs:"):
		return "logs"
	case t.has("assumetherole", "sts:"):
		return "sts"
	case t.has(".dkr.ecr.", "ecr:batchgetimage", "ecr:getdownloadurlforlayer"):
		if st == StepImageLayers && !t.has("ecr:getdownloadurlforlayer") {
			return "s3"
		}
		return "ecr.dkr"
	}
	switch st {
	case StepImageManifest, StepImageLayers:
		return "registry"
	case StepEnvironmentFiles:
		return "s3"
	case StepLogs:
		return "logs"
	case StepExecutionRole:
		return "sts"
	}
	return ""
}
