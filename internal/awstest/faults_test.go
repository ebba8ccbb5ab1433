package awstest_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/route53"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"

	"github.com/ecs-preflight/ecs-preflight/internal/awstest"
)

// faultCall is one call per protocol, on the extra document.
var faultCalls = []struct {
	op, resource   string
	throttle, deny string // the service's error codes
	call           func(ctx context.Context, cfg aws.Config) error
}{
	{"ecs:DescribeCapacityProviders", "asg-web", "ThrottlingException", "AccessDeniedException", func(ctx context.Context, cfg aws.Config) error {
		_, err := ecs.NewFromConfig(cfg).DescribeCapacityProviders(ctx, &ecs.DescribeCapacityProvidersInput{CapacityProviders: []string{"asg-web"}})
		return err
	}},
	{"iam:GetRole", "web-execution", "Throttling", "AccessDenied", func(ctx context.Context, cfg aws.Config) error {
		_, err := iam.NewFromConfig(cfg).GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String("web-execution")})
		return err
	}},
	{"ec2:GetManagedPrefixListEntries", "pl-0abcdef0123456789", "RequestLimitExceeded", "UnauthorizedOperation", func(ctx context.Context, cfg aws.Config) error {
		_, err := ec2.NewFromConfig(cfg).GetManagedPrefixListEntries(ctx, &ec2.GetManagedPrefixListEntriesInput{PrefixListId: aws.String("pl-0abcdef0123456789")})
		return err
	}},
	{"s3:GetBucketPolicy", "assets-111122223333", "SlowDown", "AccessDenied", func(ctx context.Context, cfg aws.Config) error {
		_, err := s3.NewFromConfig(cfg, awstest.PathStyle).GetBucketPolicy(ctx, &s3.GetBucketPolicyInput{Bucket: aws.String("assets-111122223333")})
		return err
	}},
	{"organizations:ListParents", "111122223333", "ThrottlingException", "AccessDeniedException", func(ctx context.Context, cfg aws.Config) error {
		_, err := organizations.NewFromConfig(cfg).ListParents(ctx, &organizations.ListParentsInput{ChildId: aws.String("111122223333")})
		return err
	}},
	{"route53:ListHostedZonesByVPC", "vpc-0123abcd4567ef890", "Throttling", "AccessDenied", func(ctx context.Context, cfg aws.Config) error {
		_, err := route53.NewFromConfig(cfg).ListHostedZonesByVPC(ctx, &route53.ListHostedZonesByVPCInput{VPCId: aws.String("vpc-0123abcd4567ef890"), VPCRegion: "eu-west-1"})
		return err
	}},
}

func apiCode(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return ""
}

// TestThrottle checks that each protocol's throttling error is one the SDK
// retries: two throttles then success within the standard retryer's three
// attempts, and three throttles exhaust them.
func TestThrottle(t *testing.T) {
	doc := extraDoc(t)
	for _, fc := range faultCalls {
		t.Run(fc.op, func(t *testing.T) {
			srv := awstest.NewServer(t, doc, awstest.WithThrottle(fc.op, 2))
			if err := fc.call(t.Context(), srv.Config("eu-west-1")); err != nil {
				t.Fatalf("after 2 throttles: %v", err)
			}
			calls := srv.Calls()
			if len(calls) != 3 || calls[0].Error != fc.throttle || calls[1].Error != fc.throttle || calls[2].Error != "" {
				t.Errorf("calls: %+v", calls)
			}

			srv = awstest.NewServer(t, doc, awstest.WithThrottle(fc.op, 3))
			if err := fc.call(t.Context(), srv.Config("eu-west-1")); apiCode(err) != fc.throttle {
				t.Errorf("after 3 throttles: got %v, want %s", err, fc.throttle)
			}
		})
	}
}

// TestDenied checks each protocol's access-denied shape, naming the action,
// and that the match limits the denial to the named resource.
func TestDenied(t *testing.T) {
	doc := extraDoc(t)
	for _, fc := range faultCalls {
		t.Run(fc.op, func(t *testing.T) {
			srv := awstest.NewServer(t, doc, awstest.WithDenied(fc.op, fc.resource))
			err := fc.call(t.Context(), srv.Config("eu-west-1"))
			var ae smithy.APIError
			if !errors.As(err, &ae) || ae.ErrorCode() != fc.deny {
				t.Fatalf("got %v, want %s", err, fc.deny)
			}
			if !strings.Contains(ae.ErrorMessage(), "not authorized to perform: "+fc.op) {
				t.Errorf("message %q does not name %s", ae.ErrorMessage(), fc.op)
			}
			other := awstest.NewServer(t, doc, awstest.WithDenied(fc.op, "some-other-resource"))
			if err := fc.call(t.Context(), other.Config("eu-west-1")); err != nil {
				t.Errorf("denial of another resource: %v", err)
			}
		})
	}
}

func extraDoc(t *testing.T) []byte {
	t.Helper()
	return pagingDocs(t)["extra"]
}

// TestCrossAccount reads another account's document through credentials
// from sts:AssumeRole (stscreds, as the live reader's --role-arn does).
func TestCrossAccount(t *testing.T) {
	srv := awstest.NewServer(t, example(t, "private-endpoints"), awstest.WithAccount(extraDoc(t)))
	cfg := srv.Config("eu-west-1")
	ctx := t.Context()

	// The primary account does not have the other account's role.
	_, err := iam.NewFromConfig(cfg).GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String("web-execution")})
	if apiCode(err) != "NoSuchEntity" {
		t.Fatalf("primary account: got %v, want NoSuchEntity", err)
	}

	other := cfg.Copy()
	other.Credentials = aws.NewCredentialsCache(stscreds.NewAssumeRoleProvider(sts.NewFromConfig(cfg), "arn:aws:iam::111122223333:role/reader"))
	if _, err := iam.NewFromConfig(other).GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String("web-execution")}); err != nil {
		t.Fatalf("assumed role: %v", err)
	}
	id, err := sts.NewFromConfig(other).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(id.Account) != "111122223333" || !strings.HasPrefix(aws.ToString(id.Arn), "arn:aws:sts::111122223333:assumed-role/reader/") {
		t.Errorf("caller identity %q %q", aws.ToString(id.Account), aws.ToString(id.Arn))
	}
	var accounts []string
	for _, c := range srv.Calls() {
		accounts = append(accounts, c.Key()+"@"+c.Account)
	}
	want := []string{"iam:GetRole@123456789012", "sts:AssumeRole@123456789012", "iam:GetRole@111122223333", "sts:GetCallerIdentity@111122223333"}
	if strings.Join(accounts, " ") != strings.Join(want, " ") {
		t.Errorf("calls %v, want %v", accounts, want)
	}

	// A role of an account the server does not hold is denied.
	none := cfg.Copy()
	none.Credentials = stscreds.NewAssumeRoleProvider(sts.NewFromConfig(cfg), "arn:aws:iam::444455556666:role/reader")
	if _, err := iam.NewFromConfig(none).GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String("x")}); !strings.Contains(err.Error(), "AccessDenied") {
		t.Errorf("unknown account: got %v", err)
	}
}

// TestConcurrentCalls runs reads in parallel, as the live reader does, with
// throttling: every read succeeds and the log holds each call once.
func TestConcurrentCalls(t *testing.T) {
	srv := awstest.NewServer(t, extraDoc(t), awstest.WithThrottle("iam:GetRole", 2), awstest.WithPageSize(1))
	cfg := srv.Config("eu-west-1")
	const n = 8
	errs := make(chan error, 2*n)
	for range n {
		go func() {
			_, err := iam.NewFromConfig(cfg).GetRole(t.Context(), &iam.GetRoleInput{RoleName: aws.String("web-execution")})
			errs <- err
		}()
		go func() {
			_, err := ec2.NewFromConfig(cfg).GetManagedPrefixListEntries(t.Context(), &ec2.GetManagedPrefixListEntriesInput{PrefixListId: aws.String("pl-0abcdef0123456789")})
			errs <- err
		}()
	}
	for range 2 * n {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
	calls := srv.Calls()
	if len(calls) != 2*n+2 {
		t.Errorf("%d calls, want %d", len(calls), 2*n+2)
	}
	for i, c := range calls {
		if c.Seq != i+1 {
			t.Errorf("call %d has Seq %d", i, c.Seq)
		}
	}
}
