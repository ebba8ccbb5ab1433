package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/ecs-preflight/ecs-preflight/internal/termsafe"
	"github.com/ecs-preflight/ecs-preflight/iostreams"
	"github.com/ecs-preflight/ecs-preflight/source"
	"github.com/ecs-preflight/ecs-preflight/source/live"
	"github.com/ecs-preflight/ecs-preflight/taskstart"
	"github.com/ecs-preflight/ecs-preflight/world"
	"github.com/spf13/pflag"
)

// LiveOptions are the flags that read an account (check --cluster,
// snapshot).
type LiveOptions struct {
	Cluster string
	// Live is --live: a template or plan's references are read from the
	// account.
	Live           bool
	Profile        string
	RoleArn        string
	RoleArnFor     []string
	ReadSecretKeys bool
	EndpointURL    string

	// configure, when set, replaces the AWS CLI's credential and region
	// chain (tests).
	configure func(ctx context.Context, region string) (aws.Config, error)
}

func (l *LiveOptions) register(fl *pflag.FlagSet) {
	fl.StringVar(&l.Cluster, "cluster", "", "read the services of ECS cluster `NAME` from the account (read-only; permissions: docs/permissions.md)")
	fl.StringVar(&l.Profile, "profile", "", "AWS CLI `profile` to read the account with (credentials, region, SSO, credential_process)")
	fl.StringVar(&l.RoleArn, "role-arn", "", "read the account through this assumed role `ARN`")
	fl.StringArrayVar(&l.RoleArnFor, "role-arn-for", nil, "read another account's resources (a repository, a key) through a role: `ACCOUNT=ARN` (repeatable)")
	fl.BoolVar(&l.ReadSecretKeys, "read-secret-keys", false, "read each referenced Secrets Manager secret's value in memory to keep only its JSON key names (needs secretsmanager:GetSecretValue; the value is never written or printed)")
	fl.StringVar(&l.EndpointURL, "endpoint-url", "", "send every AWS API call to this base `URL` (a local test server)")
	_ = fl.MarkHidden("endpoint-url")
}

// validate checks the live flags; region is --region.
func (l *LiveOptions) validate() error {
	if !l.reads() {
		for name, set := range map[string]bool{"--profile": l.Profile != "", "--role-arn": l.RoleArn != "", "--role-arn-for": len(l.RoleArnFor) > 0, "--read-secret-keys": l.ReadSecretKeys, "--endpoint-url": l.EndpointURL != ""} {
			if set {
				return usagef("%s applies to reading an account (--cluster, --live)", name)
			}
		}
		return nil
	}
	_, err := l.roleFor()
	return err
}

// reads reports whether the account is read.
func (l *LiveOptions) reads() bool { return l.Cluster != "" || l.Live }

// roleFor parses --role-arn-for ACCOUNT=ARN.
func (l *LiveOptions) roleFor() (map[string]string, error) {
	out := map[string]string{}
	for _, v := range l.RoleArnFor {
		acct, role, ok := strings.Cut(v, "=")
		if !ok || !accountID(acct) || !strings.HasPrefix(role, "arn:") {
			return nil, usagef("--role-arn-for %s: want ACCOUNT=ROLE-ARN (12-digit account id)", source.Quote(v))
		}
		out[acct] = role
	}
	return out, nil
}

func accountID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// config finds credentials and region the way the AWS CLI does, with the
// SDK's adaptive retryer (throttling backs off and retries).
func (l *LiveOptions) config(ctx context.Context, region string) (aws.Config, error) {
	var cfg aws.Config
	var err error
	if l.configure != nil {
		cfg, err = l.configure(ctx, region)
	} else {
		opts := []func(*config.LoadOptions) error{
			config.WithRetryer(func() aws.Retryer { return retry.NewAdaptiveMode() }),
		}
		if l.Profile != "" {
			opts = append(opts, config.WithSharedConfigProfile(l.Profile))
		}
		if region != "" {
			opts = append(opts, config.WithRegion(region))
		}
		cfg, err = config.LoadDefaultConfig(ctx, opts...)
	}
	if err != nil {
		return aws.Config{}, fmt.Errorf("loading AWS configuration: %w", err)
	}
	if l.EndpointURL != "" {
		cfg.BaseEndpoint = aws.String(l.EndpointURL)
	}
	if cfg.Region == "" {
		return aws.Config{}, usagef("reading an account needs a region: --region, AWS_REGION or the profile's region")
	}
	if l.RoleArn != "" {
		cfg.Credentials = aws.NewCredentialsCache(stscreds.NewAssumeRoleProvider(sts.NewFromConfig(cfg), l.RoleArn))
	}
	return cfg, nil
}

// read reads the account for the services of cluster asked for (every
// service when none is named, none when cluster is ""), under base (a
// template or plan, --live) when there is one.
// While it reads, a progress line on a terminal's stderr says how far it
// is.
func (l *LiveOptions) read(ctx context.Context, ios *iostreams.IOStreams, cfg aws.Config, cluster string, services []string, sim []taskstart.Option, base *world.World) (*live.Result, error) {
	roleFor, err := l.roleFor()
	if err != nil {
		return nil, err
	}
	opts := live.Options{
		Cluster:        cluster,
		Services:       services,
		RoleFor:        roleFor,
		ReadSecretKeys: l.ReadSecretKeys,
		Simulate:       sim,
		Base:           base,
	}
	if ios.IsStderrTTY() {
		p := &progressLine{w: ios.ErrOut}
		opts.Progress = p.show
		defer p.clear()
	}
	return live.Read(ctx, cfg, opts)
}

// progressLine is one line of stderr rewritten in place (carriage return,
// no newline), for a terminal only: redirected, it would be noise in a log.
type progressLine struct {
	w     io.Writer
	width int
}

func (p *progressLine) show(round, calls int) {
	s := fmt.Sprintf("reading the account: round %d, %d calls", round, calls)
	pad := max(p.width-len(s), 0)
	fmt.Fprintf(p.w, "\r%s%s", s, strings.Repeat(" ", pad))
	p.width = max(p.width, len(s))
}

// clear blanks the line and returns the cursor to its start, so that what
// follows writes over it.
func (p *progressLine) clear() {
	if p.width > 0 {
		fmt.Fprintf(p.w, "\r%s\r", strings.Repeat(" ", p.width))
	}
}

// reportFailures says on stderr which reads failed; the steps they leave
// unknown name them too.
func reportFailures(io *iostreams.IOStreams, res *live.Result) {
	for _, f := range res.Failures {
		termsafe.Fprintf(io.ErrOut, "ecs-preflight: %s: %s\n", f.Text(), source.Quote(f.Message))
	}
}
