package live

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/arn"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"
	"github.com/ecs-preflight/ecs-preflight/source/snapshot"
	"github.com/ecs-preflight/ecs-preflight/taskstart"
	"github.com/ecs-preflight/ecs-preflight/world"
)

// Options say what to read.
type Options struct {
	// Cluster is the ECS cluster (name or ARN).
	Cluster string
	// Services are the services to check (names or ARNs); none means every
	// service of the cluster (ecs:ListServices).
	Services []string
	// RoleFor maps another account id to the role ARN its resources are read
	// through (--role-arn-for); another account's resources are otherwise
	// not read.
	RoleFor map[string]string
	// ReadSecretKeys reads the value of each secret the tasks reference, in
	// memory, to keep only the names of its top-level JSON keys
	// (docs/snapshot.md "SecretKeys"). Off by default: secret values are
	// never read otherwise.
	ReadSecretKeys bool
	// Simulate are the options of the simulation whose needs drive the
	// reads (the same as the final check's).
	Simulate []taskstart.Option
	// Concurrency bounds the reads in flight; 8 when 0.
	Concurrency int
	// Base is a world laid over the account (a template or plan, --live):
	// the account fills what it references but does not define.
	Base *world.World
	// Progress, when set, is told the round under way and the calls made
	// so far, at each round's start and after each read; calls to it are
	// never concurrent.
	Progress func(round, calls int)
}

// maxRounds stops a read loop that keeps finding new reads; a one-service
// check takes at most 5 (docs/permissions.md).
const maxRounds = 12

// Failure is a read that failed: the call, what it named, the service's
// error code.
type Failure struct {
	Op, Key, Code, Message string
	// NotFound says the resource does not exist (as opposed to a denied or
	// failing call).
	NotFound bool
}

// Text is the failure as the step's missing text carries it:
// "AccessDenied on iam:GetRolePolicy for role/x".
func (f Failure) Text() string {
	s := f.Code + " on " + f.Op
	if f.Key != "" {
		s += " for " + f.Key
	}
	return s
}

// Stats count the work of one read.
type Stats struct {
	// Calls is the number of API operations invoked (retries of one
	// operation count once).
	Calls int
	// Rounds is the number of sequential rounds of reads.
	Rounds int
	// Actions are the distinct calls made, as IAM actions, sorted.
	Actions []string
}

// Result is what a live read found.
type Result struct {
	Document *Document
	// Name is the origin file name of the live facts: "aws:ACCOUNT/REGION".
	Name     string
	World    *world.World
	Failures []Failure
	Stats    Stats
}

// Read reads what checking the services of opts needs from the account
// cfg reaches, read-only, into a snapshot document and the world it gives.
// Errors are a failed identity call or a document the snapshot reader
// refuses; a failed read of a resource is a Failure, never an error.
func Read(ctx context.Context, cfg aws.Config, opts Options) (*Result, error) {
	r := &reader{opts: opts, cfg: cfg}
	cfg.APIOptions = append(slices.Clone(cfg.APIOptions), r.calls.middleware)
	r.main = newClients(cfg)
	// The caller's identity is read beside the first round: the services
	// do not depend on it.
	type identity struct {
		out *sts.GetCallerIdentityOutput
		err error
	}
	idc := make(chan identity, 1)
	go func() {
		out, err := r.main.sts.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
		idc <- identity{out, err}
	}()
	// Responses are collected before the account is known; the document's
	// header is set once it is.
	r.doc = NewDocument("", cfg.Region, "")
	r.others = map[string]*clients{}
	for acct, role := range opts.RoleFor {
		c := cfg.Copy()
		c.Credentials = aws.NewCredentialsCache(stscreds.NewAssumeRoleProvider(r.main.sts, role))
		r.others[acct] = newClients(c)
	}
	// Round 1: the services (every service of the cluster first, when none
	// is named).
	services := opts.Services
	if len(services) == 0 && opts.Cluster != "" {
		r.stats.Rounds++
		r.progress()
		p := ecs.NewListServicesPaginator(r.main.ecs, &ecs.ListServicesInput{Cluster: aws.String(opts.Cluster)})
		for p.HasMorePages() {
			out, err := p.NextPage(ctx)
			if err != nil {
				r.fail(read{Op: "ecs:ListServices", Key: opts.Cluster}, err)
				break
			}
			services = append(services, out.ServiceArns...)
		}
	}
	if opts.Cluster != "" {
		var batch []read
		for chunk := range slices.Chunk(services, 10) { // DescribeServices takes up to 10
			batch = append(batch, read{Op: "ecs:DescribeServices", Key: opts.Cluster, Arg: strings.Join(chunk, ",")})
		}
		if len(batch) > 0 {
			r.round(ctx, batch)
		}
	}
	id := <-idc
	if id.err != nil {
		return nil, fmt.Errorf("reading the account: sts:GetCallerIdentity: %w", id.err)
	}
	account := aws.ToString(id.out.Account)
	// The caller's ARN names the partition; without it the snapshot reader
	// derives it from the region (docs/snapshot.md), never a default.
	r.doc.AccountID = account
	if a, err := arn.Parse(aws.ToString(id.out.Arn)); err == nil {
		r.doc.Partition = a.Partition
	}
	r.plan = newPlanner(account, opts.RoleFor)
	res := &Result{Document: r.doc, Name: "aws:" + account + "/" + cfg.Region}
	for i := range maxRounds {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		w, err := r.world(res.Name)
		if err != nil {
			return nil, err
		}
		var log world.NeedLog
		w.RecordNeeds(&log)
		sim, _ := taskstart.Simulate(ctx, w, opts.Simulate...) // a missing service is the final check's to report
		reads := r.plan.plan(log.Needs(), w)
		r.mu.Lock()
		r.hosts = hostsOf(sim)
		r.mu.Unlock()
		for _, rd := range zoneReads(w, cfg.Region) {
			if !r.plan.done[rd] {
				r.plan.done[rd] = true
				reads = append(reads, rd)
			}
		}
		if i == 0 {
			// The organization policies on the account's path, once,
			// beside the first reads: they bound every role the tasks use
			// (AWS Organizations "Service control policies").
			reads = append(reads, read{Op: "organizations:DescribeOrganization", Key: account})
		}
		if len(reads) == 0 {
			break
		}
		r.round(ctx, reads)
	}
	w, err := r.world(res.Name)
	if err != nil {
		return nil, err
	}
	res.World = w
	res.Failures = r.failures
	res.Stats = Stats{Calls: int(r.calls.n.Load()), Rounds: r.stats.Rounds, Actions: r.calls.actionsSeen()}
	return res, nil
}

// Account returns the account cfg's credentials belong to
// (sts:GetCallerIdentity).
func Account(ctx context.Context, cfg aws.Config) (string, error) {
	out, err := sts.NewFromConfig(cfg).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		return "", fmt.Errorf("reading the account: sts:GetCallerIdentity: %w", err)
	}
	return aws.ToString(out.Account), nil
}

// world builds the world from the document so far, laid under the base.
func (r *reader) world(name string) (*world.World, error) {
	// The indented form snapshot -o writes, so that origins (lines
	// included) are the file's.
	b, err := r.doc.Bytes()
	if err != nil {
		return nil, err
	}
	w, err := snapshot.Read(name, b)
	if err != nil {
		return nil, fmt.Errorf("reading the account: %w", err)
	}
	if r.opts.Base != nil {
		w = world.Merge(w, r.opts.Base)
	}
	r.mu.Lock()
	if w.SCPs == nil && w.RCPs == nil {
		w.OrganizationsNote = r.orgNote
	}
	w.HostedZonesNote = r.zonesNote
	r.mu.Unlock()
	return w, nil
}

type reader struct {
	opts   Options
	cfg    aws.Config
	main   *clients
	others map[string]*clients
	doc    *Document
	plan   *planner
	calls  callLog
	stats  Stats

	mu       sync.Mutex
	failures []Failure
	// orgNote says why the organization's policies are not in the
	// document, when known (readOrganization).
	orgNote string
	// hosts are the host names the last simulation's steps call;
	// zonesRead the hosted zones read.
	hosts     []string
	zonesRead map[string]bool
	// zonesNote names the ListHostedZonesByVPC reads that failed.
	zonesNote string

	progressMu sync.Mutex
}

// progress tells opts.Progress where the read is.
func (r *reader) progress() {
	if r.opts.Progress == nil {
		return
	}
	r.progressMu.Lock()
	defer r.progressMu.Unlock()
	r.opts.Progress(r.stats.Rounds, int(r.calls.n.Load()))
}

// round makes reads concurrently, at most opts.Concurrency at a time.
func (r *reader) round(ctx context.Context, reads []read) {
	r.stats.Rounds++
	r.progress()
	n := r.opts.Concurrency
	if n <= 0 {
		n = 8
	}
	sem := make(chan struct{}, n)
	var wg sync.WaitGroup
	for _, rd := range reads {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			if err := r.do(ctx, rd); err != nil {
				r.fail(rd, err)
			}
			r.progress()
		}()
	}
	wg.Wait()
}

// notFoundCodes are the services' answers that a named resource does not
// exist (or has no policy).
var notFoundCodes = map[string]bool{
	"NoSuchEntity": true, "ResourceNotFoundException": true, "RepositoryNotFoundException": true,
	"RepositoryPolicyNotFoundException": true, "NotFoundException": true, "NoSuchBucketPolicy": true,
	"NoSuchBucket": true, "ClusterNotFoundException": true, "ServiceNotFoundException": true,
	"ParameterNotFound": true,
}

// policyOps are the operations whose presence in a snapshot says "no
// entry, no policy" (docs/snapshot.md): one failed read leaves the whole
// operation out, so that no resource is taken as having no policy.
var policyOps = map[string]bool{
	"ecr:GetRepositoryPolicy": true, "secretsmanager:GetResourcePolicy": true, "s3:GetBucketPolicy": true,
}

// fail records a failed read. A policy operation's "not found" is an
// answer (no policy), not a failure.
func (r *reader) fail(rd read, err error) {
	code, msg := "Error", err.Error()
	var ae smithy.APIError
	if errors.As(err, &ae) {
		code, msg = ae.ErrorCode(), ae.ErrorMessage()
	}
	nf := notFoundCodes[code]
	section, op, _ := strings.Cut(rd.Op, ":")
	if policyOps[rd.Op] {
		if nf && code != "NoSuchBucket" {
			r.doc.Touch(section, op)
			return
		}
		r.doc.Poison(section, op)
	}
	// What merges into a resource needs the resource's own entry.
	switch rd.Op {
	case "iam:GetRole":
		for _, op := range []string{"ListAttachedRolePolicies", "ListRolePolicies", "GetRolePolicy"} {
			r.doc.Exclude("iam", op, "RoleName", rd.Key)
		}
	case "secretsmanager:DescribeSecret":
		r.doc.Exclude("secretsmanager", "GetResourcePolicy", "ARN", rd.Key)
		r.doc.Exclude("secretsmanager", "GetResourcePolicy", "Name", rd.Key)
	case "kms:DescribeKey":
		r.doc.Exclude("kms", "GetKeyPolicy", "KeyId", rd.Key)
	}
	key := rd.Key
	switch rd.Op {
	case "iam:GetRole", "iam:ListAttachedRolePolicies", "iam:ListRolePolicies":
		key = "role/" + rd.Key
	case "iam:GetRolePolicy":
		key = "role/" + rd.Key + " policy " + rd.Arg
	case "ecs:DescribeServices":
		key = rd.Arg + " in cluster " + rd.Key
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.failures = append(r.failures, Failure{Op: rd.Op, Key: key, Code: code, Message: msg, NotFound: nf})
}

// follow queues a read sure to follow a response, for the next round.
func (r *reader) follow(rd read) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.plan.follow = append(r.plan.follow, rd)
}

func (r *reader) clients(rd read) *clients {
	if c, ok := r.others[rd.Account]; ok {
		return c
	}
	return r.main
}

// pager is an SDK paginator.
type pager[O any, P any] interface {
	HasMorePages() bool
	NextPage(context.Context, ...func(*P)) (O, error)
}

// pages reads every page of a listing into the document.
func pages[O any, P any](ctx context.Context, d *Document, section, op string, p pager[O, P]) error {
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		d.AddPage(section, op, out)
	}
	return nil
}

// do makes one read and adds its response to the document.
func (r *reader) do(ctx context.Context, rd read) error {
	c := r.clients(rd)
	d := r.doc
	key := aws.String(rd.Key)
	switch rd.Op {
	case "organizations:DescribeOrganization":
		note := r.readOrganization(ctx, c, rd.Key)
		r.mu.Lock()
		r.orgNote = note
		r.mu.Unlock()
	case "route53:ListHostedZonesByVPC":
		r.mu.Lock()
		hosts := r.hosts
		r.mu.Unlock()
		err := r.readZones(ctx, c, rd, hosts)
		if err != nil {
			r.mu.Lock()
			if r.zonesNote != "" {
				r.zonesNote += "; "
			}
			r.zonesNote += "not read: " + code(err) + " on route53:ListHostedZonesByVPC for " + rd.Key
			r.mu.Unlock()
		}
		return err
	case "ecs:DescribeServices":
		out, err := c.ecs.DescribeServices(ctx, &ecs.DescribeServicesInput{Cluster: key, Services: strings.Split(rd.Arg, ",")})
		if err != nil {
			return err
		}
		for _, f := range out.Failures {
			r.fail(read{Op: rd.Op, Key: rd.Key, Arg: aws.ToString(f.Arn)}, &smithy.GenericAPIError{Code: "ServiceNotFoundException", Message: aws.ToString(f.Reason)})
		}
		d.AddResource("ecs", "DescribeServices", out, nil)
	case "ecs:DescribeTaskDefinition":
		out, err := c.ecs.DescribeTaskDefinition(ctx, &ecs.DescribeTaskDefinitionInput{TaskDefinition: key})
		if err != nil {
			return err
		}
		d.AddResource("ecs", "DescribeTaskDefinition", out, nil)
	case "ecs:DescribeCapacityProviders":
		out, err := c.ecs.DescribeCapacityProviders(ctx, &ecs.DescribeCapacityProvidersInput{CapacityProviders: []string{rd.Key}})
		if err != nil {
			return err
		}
		d.AddPage("ecs", "DescribeCapacityProviders", out)
	case "iam:GetRole":
		out, err := c.iam.GetRole(ctx, &iam.GetRoleInput{RoleName: key})
		if err != nil {
			return err
		}
		d.AddResource("iam", "GetRole", out, nil)
	case "iam:ListAttachedRolePolicies":
		all := &iam.ListAttachedRolePoliciesOutput{AttachedPolicies: []iamtypes.AttachedPolicy{}}
		p := iam.NewListAttachedRolePoliciesPaginator(c.iam, &iam.ListAttachedRolePoliciesInput{RoleName: key})
		for p.HasMorePages() {
			out, err := p.NextPage(ctx)
			if err != nil {
				return err
			}
			all.AttachedPolicies = append(all.AttachedPolicies, out.AttachedPolicies...)
		}
		d.AddResource("iam", "ListAttachedRolePolicies", all, map[string]any{"RoleName": rd.Key})
	case "iam:ListRolePolicies":
		all := &iam.ListRolePoliciesOutput{PolicyNames: []string{}}
		p := iam.NewListRolePoliciesPaginator(c.iam, &iam.ListRolePoliciesInput{RoleName: key})
		for p.HasMorePages() {
			out, err := p.NextPage(ctx)
			if err != nil {
				return err
			}
			all.PolicyNames = append(all.PolicyNames, out.PolicyNames...)
		}
		d.AddResource("iam", "ListRolePolicies", all, map[string]any{"RoleName": rd.Key})
		for _, name := range all.PolicyNames {
			r.follow(read{Op: "iam:GetRolePolicy", Key: rd.Key, Arg: name, Account: rd.Account})
		}
	case "iam:GetRolePolicy":
		out, err := c.iam.GetRolePolicy(ctx, &iam.GetRolePolicyInput{RoleName: key, PolicyName: aws.String(rd.Arg)})
		if err != nil {
			return err
		}
		d.AddResource("iam", "GetRolePolicy", out, nil)
	case "iam:GetPolicy":
		out, err := c.iam.GetPolicy(ctx, &iam.GetPolicyInput{PolicyArn: key})
		if err != nil {
			return err
		}
		d.AddResource("iam", "GetPolicy", out, nil)
		if out.Policy != nil && out.Policy.DefaultVersionId != nil {
			r.follow(read{Op: "iam:GetPolicyVersion", Key: rd.Key, Arg: *out.Policy.DefaultVersionId, Account: rd.Account})
		}
	case "iam:GetPolicyVersion":
		out, err := c.iam.GetPolicyVersion(ctx, &iam.GetPolicyVersionInput{PolicyArn: key, VersionId: aws.String(rd.Arg)})
		if err != nil {
			return err
		}
		d.AddResource("iam", "GetPolicyVersion", out, map[string]any{"PolicyArn": rd.Key})
	case "ec2:DescribeSubnets":
		return pages(ctx, d, "ec2", "DescribeSubnets", ec2.NewDescribeSubnetsPaginator(c.ec2, &ec2.DescribeSubnetsInput{MaxResults: aws.Int32(1000)}))
	case "ec2:DescribeVpcs":
		return pages(ctx, d, "ec2", "DescribeVpcs", ec2.NewDescribeVpcsPaginator(c.ec2, &ec2.DescribeVpcsInput{MaxResults: aws.Int32(1000)}))
	case "ec2:DescribeRouteTables":
		return pages(ctx, d, "ec2", "DescribeRouteTables", ec2.NewDescribeRouteTablesPaginator(c.ec2, &ec2.DescribeRouteTablesInput{MaxResults: aws.Int32(100)}))
	case "ec2:DescribeSecurityGroups":
		return pages(ctx, d, "ec2", "DescribeSecurityGroups", ec2.NewDescribeSecurityGroupsPaginator(c.ec2, &ec2.DescribeSecurityGroupsInput{MaxResults: aws.Int32(1000)}))
	case "ec2:DescribeNetworkAcls":
		return pages(ctx, d, "ec2", "DescribeNetworkAcls", ec2.NewDescribeNetworkAclsPaginator(c.ec2, &ec2.DescribeNetworkAclsInput{MaxResults: aws.Int32(1000)}))
	case "ec2:DescribeVpcEndpoints":
		return pages(ctx, d, "ec2", "DescribeVpcEndpoints", ec2.NewDescribeVpcEndpointsPaginator(c.ec2, &ec2.DescribeVpcEndpointsInput{MaxResults: aws.Int32(1000)}))
	case "ec2:DescribeInternetGateways":
		return pages(ctx, d, "ec2", "DescribeInternetGateways", ec2.NewDescribeInternetGatewaysPaginator(c.ec2, &ec2.DescribeInternetGatewaysInput{MaxResults: aws.Int32(1000)}))
	case "ec2:DescribeNatGateways":
		return pages(ctx, d, "ec2", "DescribeNatGateways", ec2.NewDescribeNatGatewaysPaginator(c.ec2, &ec2.DescribeNatGatewaysInput{MaxResults: aws.Int32(1000)}))
	case "ec2:DescribeDhcpOptions":
		return pages(ctx, d, "ec2", "DescribeDhcpOptions", ec2.NewDescribeDhcpOptionsPaginator(c.ec2, &ec2.DescribeDhcpOptionsInput{MaxResults: aws.Int32(1000)}))
	case "ec2:DescribePrefixLists":
		return pages(ctx, d, "ec2", "DescribePrefixLists", ec2.NewDescribePrefixListsPaginator(c.ec2, &ec2.DescribePrefixListsInput{MaxResults: aws.Int32(1000)}))
	case "ec2:DescribeInstances":
		return pages(ctx, d, "ec2", "DescribeInstances", ec2.NewDescribeInstancesPaginator(c.ec2, &ec2.DescribeInstancesInput{MaxResults: aws.Int32(1000)}))
	case "ec2:DescribeVpcAttribute":
		out, err := c.ec2.DescribeVpcAttribute(ctx, &ec2.DescribeVpcAttributeInput{VpcId: key, Attribute: ec2types.VpcAttributeName(rd.Arg)})
		if err != nil {
			return err
		}
		d.AddResource("ec2", "DescribeVpcAttribute", out, nil)
	case "ecr:DescribeRepositories":
		return pages(ctx, d, "ecr", "DescribeRepositories", ecr.NewDescribeRepositoriesPaginator(c.ecr, &ecr.DescribeRepositoriesInput{MaxResults: aws.Int32(1000)}))
	case "ecr:GetRepositoryPolicy":
		in := &ecr.GetRepositoryPolicyInput{RepositoryName: key}
		if a, err := arn.Parse(rd.Key); err == nil {
			in.RegistryId = aws.String(a.AccountID)
			in.RepositoryName = aws.String(strings.TrimPrefix(a.Resource, "repository/"))
		}
		out, err := c.ecr.GetRepositoryPolicy(ctx, in)
		if err != nil {
			return err
		}
		d.AddResource("ecr", "GetRepositoryPolicy", out, nil)
	case "secretsmanager:DescribeSecret":
		out, err := c.secretsmanager.DescribeSecret(ctx, &secretsmanager.DescribeSecretInput{SecretId: key})
		if err != nil {
			return err
		}
		d.AddResource("secretsmanager", "DescribeSecret", out, nil)
		if r.opts.ReadSecretKeys {
			r.follow(read{Op: "secretsmanager:GetSecretValue", Key: aws.ToString(out.ARN), Account: rd.Account})
		}
	case "secretsmanager:GetResourcePolicy":
		out, err := c.secretsmanager.GetResourcePolicy(ctx, &secretsmanager.GetResourcePolicyInput{SecretId: key})
		if err != nil {
			return err
		}
		d.AddResource("secretsmanager", "GetResourcePolicy", out, nil)
	case "secretsmanager:GetSecretValue":
		// --read-secret-keys: the value stays in this function; only the
		// shape is kept (docs/snapshot.md "SecretKeys").
		out, err := c.secretsmanager.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: key})
		if err != nil {
			return err
		}
		d.AddRaw("secretsmanager", "SecretKeys", secretShape(rd.Key, out.SecretString, out.SecretBinary != nil))
	case "kms:DescribeKey":
		out, err := c.kms.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: key})
		if err != nil {
			return err
		}
		d.AddResource("kms", "DescribeKey", out, nil)
	case "kms:GetKeyPolicy":
		out, err := c.kms.GetKeyPolicy(ctx, &kms.GetKeyPolicyInput{KeyId: key, PolicyName: aws.String("default")})
		if err != nil {
			return err
		}
		d.AddResource("kms", "GetKeyPolicy", out, map[string]any{"KeyId": rd.Key})
	case "kms:ListAliases":
		return pages(ctx, d, "kms", "ListAliases", kms.NewListAliasesPaginator(c.kms, &kms.ListAliasesInput{Limit: aws.Int32(100)}))
	case "ssm:DescribeParameters":
		return pages(ctx, d, "ssm", "DescribeParameters", ssm.NewDescribeParametersPaginator(c.ssm, &ssm.DescribeParametersInput{MaxResults: aws.Int32(50)}))
	case "logs:DescribeLogGroups":
		return pages(ctx, d, "logs", "DescribeLogGroups", cloudwatchlogs.NewDescribeLogGroupsPaginator(c.logs, &cloudwatchlogs.DescribeLogGroupsInput{Limit: aws.Int32(50)}))
	case "s3:GetBucketLocation":
		out, err := c.s3.GetBucketLocation(ctx, &s3.GetBucketLocationInput{Bucket: key})
		if err != nil {
			return err
		}
		d.AddResource("s3", "GetBucketLocation", out, map[string]any{"Bucket": rd.Key})
		r.follow(read{Op: "s3:GetBucketPolicy", Key: rd.Key, Arg: bucketRegion(string(out.LocationConstraint))})
	case "s3:GetBucketPolicy":
		// S3 answers a bucket's requests in its own region (S3-UG "Making
		// requests": a request to another Region's endpoint is redirected).
		out, err := c.s3.GetBucketPolicy(ctx, &s3.GetBucketPolicyInput{Bucket: key}, func(o *s3.Options) {
			if rd.Arg != "" {
				o.Region = rd.Arg
			}
		})
		if err != nil {
			return err
		}
		d.AddResource("s3", "GetBucketPolicy", out, map[string]any{"Bucket": rd.Key})
	default:
		return fmt.Errorf("live: no read for %s", rd.Op) // programming error
	}
	return nil
}

// bucketRegion is the region a GetBucketLocation LocationConstraint names
// (S3 API Reference "GetBucketLocation": empty for us-east-1; EU is the
// legacy name of eu-west-1), as docs/snapshot.md reads it.
func bucketRegion(c string) string {
	switch c {
	case "":
		return "us-east-1"
	case "EU":
		return "eu-west-1"
	}
	return c
}

// secretShape is the SecretKeys entry of a secret value: its kind and, for
// a JSON object, its top-level key names; never the value.
func secretShape(id string, s *string, binary bool) map[string]any {
	e := map[string]any{"SecretId": id}
	switch {
	case binary:
		e["Kind"] = "binary"
	default:
		var obj map[string]json.RawMessage
		if s != nil && json.Unmarshal([]byte(*s), &obj) == nil && obj != nil {
			keys := make([]string, 0, len(obj))
			for k := range obj {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			e["Kind"], e["Keys"] = "json", keys
		} else {
			e["Kind"] = "text"
		}
	}
	return e
}
