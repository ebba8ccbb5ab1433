package awstest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// Call is one request the server received, in arrival order.
type Call struct {
	// Seq counts calls from 1 in the order the server received them.
	Seq int
	// Service is the snapshot section of the service ("ecs", "iam", "ec2", ...).
	Service string
	// Operation is the API operation name ("DescribeServices").
	Operation string
	// Params are the request's identifying parameters, flattened to text
	// (lists joined by ","); paging parameters are left out.
	Params map[string]string
	// Account is the account that served the call (see WithAccount).
	Account string
	// Time is when the server received the call.
	Time time.Time
	// Error is the error code returned, "" on success.
	Error string
}

// Key returns "service:Operation", the form the options take.
func (c Call) Key() string { return c.Service + ":" + c.Operation }

// Option configures a Server.
type Option func(*Server)

// WithPageSize makes every paginated operation return at most n items per
// page, with the service's own continuation token.
func WithPageSize(n int) Option { return func(s *Server) { s.pageSize = n } }

// WithThrottle makes the next n calls of op ("ecs:DescribeServices") fail
// with the service's throttling error before it succeeds.
func WithThrottle(op string, n int) Option {
	return func(s *Server) { s.throttle[op] += n }
}

// WithDenied makes calls of op whose identifying parameters contain match (any
// parameter value; "" matches every call) fail with the service's access
// denied error.
func WithDenied(op, match string) Option {
	return func(s *Server) { s.denied = append(s.denied, denial{op, match}) }
}

// WithSecretValue lets GetSecretValue serve value for the secret secretID
// (its ARN or name); without it GetSecretValue is never served.
func WithSecretValue(secretID, value string) Option {
	return func(s *Server) { s.secretValues[secretID] = value }
}

// WithCaller sets the ARN sts:GetCallerIdentity returns for the primary
// account's credentials (default arn:aws:iam::ACCOUNT:user/awstest).
func WithCaller(arn string) Option { return func(s *Server) { s.callerARN = arn } }

// WithAccount serves another account from its own snapshot document doc:
// sts:AssumeRole on a role ARN of that account (its accountId) returns
// credentials whose requests are served from doc.
func WithAccount(doc []byte) Option {
	return func(s *Server) { s.extraDocs = append(s.extraDocs, doc) }
}

type denial struct{ op, match string }

// Server is an in-process AWS endpoint on loopback serving a snapshot
// document through each service's wire protocol.
type Server struct {
	// URL is the base URL to set as every client's BaseEndpoint.
	URL string

	srv          *httptest.Server
	tb           testing.TB
	pageSize     int
	callerARN    string
	extraDocs    [][]byte
	secretValues map[string]string

	mu        sync.Mutex
	calls     []Call
	throttle  map[string]int
	denied    []denial
	accounts  map[string]*account // by account id
	keys      map[string]*account // by access key id
	primary   *account
	nextKeyID int
}

// AccessKeyID is the access key id of the primary account's credentials
// (Config). Requests signed with any other long-term key id are served from
// the primary account too; session keys are the ones sts:AssumeRole issued.
const AccessKeyID = "AKIAAWSTEST000000001"

// NewServer starts a server for the account doc (a snapshot document,
// docs/snapshot.md) and closes it when the test ends. A document that does
// not parse fails the test.
func NewServer(tb testing.TB, doc []byte, opts ...Option) *Server {
	tb.Helper()
	s := &Server{
		tb:           tb,
		throttle:     map[string]int{},
		secretValues: map[string]string{},
		accounts:     map[string]*account{},
		keys:         map[string]*account{},
	}
	for _, o := range opts {
		o(s)
	}
	a, err := parseAccount(doc)
	if err != nil {
		tb.Fatalf("awstest: %v", err)
	}
	s.primary = a
	s.accounts[a.id] = a
	s.keys[AccessKeyID] = a
	if s.callerARN == "" {
		s.callerARN = "arn:" + a.partition + ":iam::" + a.id + ":user/awstest"
	}
	a.callerARN = s.callerARN
	for _, d := range s.extraDocs {
		x, err := parseAccount(d)
		if err != nil {
			tb.Fatalf("awstest: other account: %v", err)
		}
		s.accounts[x.id] = x
	}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	s.URL = s.srv.URL
	tb.Cleanup(s.srv.Close)
	return s
}

// Close shuts the server down; NewServer already arranges it at test end.
func (s *Server) Close() { s.srv.Close() }

// Config returns a configuration for region whose clients reach this server
// with the primary account's static credentials. Retries back off by at most
// a millisecond so that throttling tests stay fast. An S3 client also needs
// path-style addressing: s3.NewFromConfig(cfg, awstest.PathStyle).
func (s *Server) Config(region string) aws.Config {
	return aws.Config{
		Region:       region,
		BaseEndpoint: aws.String(s.URL),
		Credentials: aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
			return aws.Credentials{AccessKeyID: AccessKeyID, SecretAccessKey: "awstest-secret", Source: "awstest"}, nil
		}),
		HTTPClient: s.srv.Client(),
		Retryer: func() aws.Retryer {
			return retry.NewStandard(func(o *retry.StandardOptions) {
				o.Backoff = retry.NewExponentialJitterBackoff(time.Millisecond)
			})
		},
	}
}

// Calls returns a copy of the call log.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Call, len(s.calls))
	copy(out, s.calls)
	return out
}

// apiError is a service error, rendered in the protocol's error shape.
type apiError struct {
	status  int
	code    string
	message string
}

func (e *apiError) Error() string { return e.code + ": " + e.message }

func errorf(status int, code, format string, args ...any) *apiError {
	return &apiError{status, code, fmt.Sprintf(format, args...)}
}

// request is one decoded call.
type request struct {
	service, op string
	acct        *account
	// params holds the JSON body (JSON protocols) or the form values
	// (query protocols) as strings and []string.
	json  map[string]any
	form  url.Values
	query url.Values // REST query string
	path  []string   // REST path segments after the version/bucket
	s     *Server
}

// str returns a top-level string parameter.
func (r *request) str(name string) string {
	if r.json != nil {
		s, _ := r.json[name].(string)
		return s
	}
	if r.form != nil {
		return r.form.Get(name)
	}
	return r.query.Get(name)
}

// strs returns a list parameter: a JSON array of strings, or EC2/query
// members name.1, name.2, ... (EC2) or name.member.1 (query).
func (r *request) strs(name string) []string {
	if r.json != nil {
		var out []string
		if l, ok := r.json[name].([]any); ok {
			for _, e := range l {
				if s, ok := e.(string); ok {
					out = append(out, s)
				}
			}
		}
		return out
	}
	var out []string
	for i := 1; ; i++ {
		n := strconv.Itoa(i)
		v, ok := r.form[name+"."+n]
		if !ok {
			v, ok = r.form[name+".member."+n]
		}
		if !ok {
			return out
		}
		out = append(out, v...)
	}
}

// num returns a numeric parameter, 0 when absent.
func (r *request) num(name string) int {
	if r.json != nil {
		if n, ok := r.json[name].(json.Number); ok {
			i, _ := strconv.Atoi(n.String())
			return i
		}
		return 0
	}
	i, _ := strconv.Atoi(r.str(name))
	return i
}

var credentialRE = regexp.MustCompile(`Credential=([^/,\s]+)/[^/]+/[^/]+/([^/]+)/aws4_request`)

// jsonTargets maps an X-Amz-Target prefix to its section.
var jsonTargets = map[string]string{
	"AmazonEC2ContainerServiceV20141113":   "ecs",
	"AmazonEC2ContainerRegistry_V20150921": "ecr",
	"secretsmanager":                       "secretsmanager",
	"TrentService":                         "kms",
	"AmazonSSM":                            "ssm",
	"Logs_20140328":                        "logs",
	"AWSOrganizationsV20161128":            "organizations",
}

func (s *Server) serve(w http.ResponseWriter, hr *http.Request) {
	body, err := io.ReadAll(hr.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	keyID, signing := "", ""
	if m := credentialRE.FindStringSubmatch(hr.Header.Get("Authorization")); m != nil {
		keyID, signing = m[1], m[2]
	}
	s.mu.Lock()
	acct, ok := s.keys[keyID]
	if !ok && !strings.HasPrefix(keyID, "ASIAAWSTEST") {
		// Any long-term key is the primary account's, so that code loading
		// the default credential chain (AWS_ACCESS_KEY_ID) reaches it; only
		// a session key this server did not issue is refused.
		acct = s.primary
	}
	s.mu.Unlock()
	r := &request{s: s, acct: acct}
	var proto protocol
	switch target := hr.Header.Get("X-Amz-Target"); {
	case target != "":
		prefix, op, _ := strings.Cut(target, ".")
		r.service, r.op = jsonTargets[prefix], op
		proto = jsonProtocol{}
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.UseNumber()
		if err := dec.Decode(&r.json); err != nil && len(body) > 0 {
			proto.writeError(w, r, errorf(400, "SerializationException", "awstest: request body: %v", err))
			return
		}
		if r.json == nil {
			r.json = map[string]any{}
		}
	case strings.HasPrefix(hr.Header.Get("Content-Type"), "application/x-www-form-urlencoded"):
		form, err := url.ParseQuery(string(body))
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		r.form, r.service, r.op = form, signing, form.Get("Action")
		switch signing {
		case "ec2":
			proto = ec2Protocol{}
		default:
			proto = queryProtocol{}
		}
	case strings.HasPrefix(hr.URL.Path, "/2013-04-01/"):
		r.service, r.query, proto = "route53", hr.URL.Query(), restXMLProtocol{}
		r.path = strings.Split(strings.TrimPrefix(hr.URL.Path, "/2013-04-01/"), "/")
		r.op = route53Op(hr.Method, r.path)
	default:
		r.service, r.query, proto = "s3", hr.URL.Query(), restXMLProtocol{}
		r.path = strings.Split(strings.TrimPrefix(hr.URL.Path, "/"), "/")
		r.op = s3Op(hr.Method, r.path, r.query)
	}
	def, ok := ops[r.service+":"+r.op]
	call := s.record(r)
	if acct == nil {
		s.fail(call, w, proto, r, errorf(403, "InvalidClientTokenId", "awstest: session key %q was not issued by this server", keyID))
		return
	}
	if !ok {
		s.fail(call, w, proto, r, errorf(400, "InvalidAction", "awstest: operation %s:%s is not served", r.service, r.op))
		return
	}
	if e := s.fault(r, call); e != nil {
		s.fail(call, w, proto, r, e)
		return
	}
	out, err := def.handle(r)
	if err != nil {
		e, ok := err.(*apiError)
		if !ok {
			e = errorf(500, "InternalFailure", "%v", err)
		}
		s.fail(call, w, proto, r, e)
		return
	}
	proto.write(w, r, def, out)
}

// record appends r to the call log and returns its index.
func (s *Server) record(r *request) int {
	p := map[string]string{}
	skip := func(k string) bool {
		switch strings.ToLower(k) {
		case "action", "version", "nexttoken", "marker", "maxresults", "maxitems", "limit", "startingtoken":
			return true
		}
		return false
	}
	for k, v := range r.json {
		if skip(k) {
			continue
		}
		switch x := v.(type) {
		case string:
			p[k] = x
		case []any:
			var parts []string
			for _, e := range x {
				if s, ok := e.(string); ok {
					parts = append(parts, s)
				} else {
					parts = append(parts, compact(e))
				}
			}
			p[k] = strings.Join(parts, ",")
		case json.Number:
			p[k] = x.String()
		case bool:
			p[k] = strconv.FormatBool(x)
		default:
			p[k] = compact(x)
		}
	}
	for _, vals := range []url.Values{r.form, r.query} {
		for k, v := range vals {
			if !skip(k) {
				p[k] = strings.Join(v, ",")
			}
		}
	}
	for i, seg := range r.path {
		if seg != "" {
			p["path"+strconv.Itoa(i)] = seg
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c := Call{Seq: len(s.calls) + 1, Service: r.service, Operation: r.op, Params: p, Time: time.Now()}
	if r.acct != nil {
		c.Account = r.acct.id
	}
	s.calls = append(s.calls, c)
	return len(s.calls) - 1
}

// fault applies WithThrottle and WithDenied.
func (s *Server) fault(r *request, call int) *apiError {
	key := r.service + ":" + r.op
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.throttle[key] > 0 {
		s.throttle[key]--
		return throttleError(r.service)
	}
	for _, d := range s.denied {
		if d.op != key {
			continue
		}
		hit := d.match == ""
		for _, v := range s.calls[call].Params {
			hit = hit || strings.Contains(v, d.match)
		}
		if hit {
			return deniedError(r)
		}
	}
	return nil
}

func (s *Server) fail(call int, w http.ResponseWriter, p protocol, r *request, e *apiError) {
	s.mu.Lock()
	s.calls[call].Error = e.code
	s.mu.Unlock()
	p.writeError(w, r, e)
}

// throttleError is the service's throttling error: "Throttling" for the
// query protocol (IAM-APIRef "Common Errors"), "RequestLimitExceeded" for EC2
// (EC2-APIRef "Error codes for the Amazon EC2 API"), ThrottlingException for
// the JSON services and Route 53, SlowDown for S3.
func throttleError(service string) *apiError {
	switch service {
	case "iam", "sts":
		return errorf(400, "Throttling", "Rate exceeded")
	case "ec2":
		return errorf(503, "RequestLimitExceeded", "Request limit exceeded.")
	case "s3":
		return errorf(503, "SlowDown", "Please reduce your request rate.")
	case "route53":
		return errorf(400, "Throttling", "Rate exceeded")
	}
	return errorf(400, "ThrottlingException", "Rate exceeded")
}

// deniedError is the service's access-denied error, naming the action as
// AWS does ("User: ARN is not authorized to perform: iam:GetRole on resource: ...").
func deniedError(r *request) *apiError {
	msg := fmt.Sprintf("User: %s is not authorized to perform: %s:%s", r.acct.callerARN, r.service, r.op)
	switch r.service {
	case "iam", "sts":
		return errorf(403, "AccessDenied", "%s", msg)
	case "ec2":
		return errorf(403, "UnauthorizedOperation", "You are not authorized to perform this operation. %s", msg)
	case "s3", "route53":
		return errorf(403, "AccessDenied", "%s", msg)
	}
	return errorf(400, "AccessDeniedException", "%s", msg)
}

// unknownFact answers a request for a fact the document does not hold about
// a resource it does hold: a per-resource entry that is missing is unknown,
// not absent (docs/snapshot.md "Completeness rules"), so the server neither
// invents an answer nor claims the resource does not exist. It takes the
// service's access-denied shape, which a reader already treats as unknown.
func unknownFact(r *request, what string) error {
	e := deniedError(r)
	e.message = "awstest: the snapshot document does not hold " + r.service + ":" + r.op + " for " + what + " (unknown, not absent)"
	return e
}

// hasOp reports whether the document holds operation op of section.
func (a *account) hasOp(section, op string) bool {
	_, ok := a.doc[section][op]
	return ok
}

// opDef is one served operation.
type opDef struct {
	// out is the SDK output struct type: the schema of the response.
	out reflect.Type
	// handle returns the response in the snapshot's (CLI) JSON shape.
	handle func(*request) (any, error)
}

// ops are the served operations by "service:Operation".
var ops = map[string]opDef{}

func register[T any](key string, h func(*request) (any, error)) {
	ops[key] = opDef{out: reflect.TypeFor[T](), handle: h}
}

// PathStyle sets S3 path-style addressing, which a loopback endpoint needs:
// s3.NewFromConfig(srv.Config(region), awstest.PathStyle).
func PathStyle(o *s3.Options) { o.UsePathStyle = true }
