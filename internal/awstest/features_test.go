package awstest_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"

	"github.com/ecs-preflight/ecs-preflight/examples"
	"github.com/ecs-preflight/ecs-preflight/internal/awstest"
)

func example(t *testing.T, name string) []byte {
	t.Helper()
	ex, ok := examples.Get(name)
	if !ok {
		t.Fatalf("no example %q", name)
	}
	return ex.Data
}

func TestGetCallerIdentity(t *testing.T) {
	srv := awstest.NewServer(t, example(t, "private-endpoints"))
	out, err := sts.NewFromConfig(srv.Config("ap-northeast-1")).GetCallerIdentity(t.Context(), &sts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(out.Account) != "123456789012" || aws.ToString(out.Arn) != "arn:aws:iam::123456789012:user/awstest" {
		t.Errorf("got account %q arn %q", aws.ToString(out.Account), aws.ToString(out.Arn))
	}
}

// TestNotFound checks each service's own not-found answer for a named
// resource the account does not have.
func TestNotFound(t *testing.T) {
	srv := awstest.NewServer(t, example(t, "private-endpoints"))
	cfg := srv.Config("ap-northeast-1")
	ctx := t.Context()
	tests := []struct {
		name, code string
		call       func() error
	}{
		{"IAM-APIRef GetRole NoSuchEntity", "NoSuchEntity", func() error {
			_, err := iam.NewFromConfig(cfg).GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String("nope")})
			return err
		}},
		{"EC2 DescribeSubnets InvalidSubnetID.NotFound", "InvalidSubnetID.NotFound", func() error {
			_, err := ec2.NewFromConfig(cfg).DescribeSubnets(ctx, &ec2.DescribeSubnetsInput{SubnetIds: []string{"subnet-0000"}})
			return err
		}},
		{"ECR-APIRef DescribeRepositories RepositoryNotFoundException", "RepositoryNotFoundException", func() error {
			_, err := ecr.NewFromConfig(cfg).DescribeRepositories(ctx, &ecr.DescribeRepositoriesInput{RepositoryNames: []string{"nope"}})
			return err
		}},
		{"SM-APIRef DescribeSecret ResourceNotFoundException", "ResourceNotFoundException", func() error {
			_, err := secretsmanager.NewFromConfig(cfg).DescribeSecret(ctx, &secretsmanager.DescribeSecretInput{SecretId: aws.String("nope")})
			return err
		}},
		{"KMS-APIRef DescribeKey NotFoundException", "NotFoundException", func() error {
			_, err := kms.NewFromConfig(cfg).DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: aws.String("alias/nope")})
			return err
		}},
		{"ECS-APIRef DescribeTaskDefinition ClientException", "ClientException", func() error {
			_, err := ecs.NewFromConfig(cfg).DescribeTaskDefinition(ctx, &ecs.DescribeTaskDefinitionInput{TaskDefinition: aws.String("nope:1")})
			return err
		}},
		{"ECS-APIRef DescribeServices ClusterNotFoundException", "ClusterNotFoundException", func() error {
			_, err := ecs.NewFromConfig(cfg).DescribeServices(ctx, &ecs.DescribeServicesInput{Cluster: aws.String("nope"), Services: []string{"x"}})
			return err
		}},
		{"secret values are never served: ssm GetParameters", "AccessDeniedException", func() error {
			_, err := ssm.NewFromConfig(cfg).GetParameters(ctx, &ssm.GetParametersInput{Names: []string{"x"}, WithDecryption: aws.Bool(true)})
			return err
		}},
		{"secret values are never served: GetSecretValue", "AccessDeniedException", func() error {
			_, err := secretsmanager.NewFromConfig(cfg).GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String("x")})
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call()
			var ae smithy.APIError
			if !errors.As(err, &ae) || ae.ErrorCode() != tt.code {
				t.Errorf("got %v, want API error %s", err, tt.code)
			}
		})
	}
}

// TestDescribeServicesMissing checks ECS's answer for a service not in the
// cluster: a failure with reason MISSING, not an error (ECS-APIRef
// "DescribeServices", Failures).
func TestDescribeServicesMissing(t *testing.T) {
	srv := awstest.NewServer(t, example(t, "private-endpoints"))
	out, err := ecs.NewFromConfig(srv.Config("ap-northeast-1")).DescribeServices(t.Context(), &ecs.DescribeServicesInput{
		Cluster: aws.String("ledger-prod"), Services: []string{"ledger-api", "nope"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Services) != 1 || aws.ToString(out.Services[0].ServiceName) != "ledger-api" {
		t.Errorf("services: %+v", out.Services)
	}
	if len(out.Failures) != 1 || aws.ToString(out.Failures[0].Reason) != "MISSING" ||
		!strings.HasSuffix(aws.ToString(out.Failures[0].Arn), ":service/ledger-prod/nope") {
		t.Errorf("failures: %+v", out.Failures)
	}
}

// TestIAMDocumentsURLEncoded checks that IAM policy documents arrive
// URL-encoded, as IAM sends them (IAM-APIRef "GetRole": "the policy is
// returned as a URL-encoded JSON string").
func TestIAMDocumentsURLEncoded(t *testing.T) {
	srv := awstest.NewServer(t, example(t, "private-endpoints"))
	out, err := iam.NewFromConfig(srv.Config("ap-northeast-1")).GetRole(t.Context(), &iam.GetRoleInput{RoleName: aws.String("ledger-api-execution")})
	if err != nil {
		t.Fatal(err)
	}
	doc := aws.ToString(out.Role.AssumeRolePolicyDocument)
	dec, err := url.QueryUnescape(doc)
	if !strings.HasPrefix(doc, "%7B") || err != nil || !json.Valid([]byte(dec)) {
		t.Errorf("AssumeRolePolicyDocument %q is not URL-encoded JSON", doc)
	}
}

// TestCallLog checks that every request is logged with its operation and
// identifying parameters, in order.
func TestCallLog(t *testing.T) {
	srv := awstest.NewServer(t, example(t, "private-endpoints"))
	cfg := srv.Config("ap-northeast-1")
	ctx := t.Context()
	_, _ = iam.NewFromConfig(cfg).GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String("ledger-api-execution")})
	_, _ = ec2.NewFromConfig(cfg).DescribeSubnets(ctx, &ec2.DescribeSubnetsInput{SubnetIds: []string{"subnet-02f6fb95cfb318ec3"}})
	_, _ = ecs.NewFromConfig(cfg).DescribeServices(ctx, &ecs.DescribeServicesInput{Cluster: aws.String("ledger-prod"), Services: []string{"ledger-api"}})
	calls := srv.Calls()
	want := []struct{ key, param, value string }{
		{"iam:GetRole", "RoleName", "ledger-api-execution"},
		{"ec2:DescribeSubnets", "SubnetId.1", "subnet-02f6fb95cfb318ec3"},
		{"ecs:DescribeServices", "services", "ledger-api"},
	}
	if len(calls) != len(want) {
		t.Fatalf("got %d calls: %+v", len(calls), calls)
	}
	for i, w := range want {
		c := calls[i]
		if c.Seq != i+1 || c.Key() != w.key || c.Params[w.param] != w.value || c.Account != "123456789012" || c.Error != "" {
			t.Errorf("call %d: got %+v, want %s with %s=%s", i, c, w.key, w.param, w.value)
		}
	}
}

// TestGetAuthorizationToken checks the registry token's shape: base64 of
// "AWS:password" (ECR-UG "Private registry authentication in Amazon ECR").
func TestGetAuthorizationToken(t *testing.T) {
	srv := awstest.NewServer(t, example(t, "private-endpoints"))
	out, err := ecr.NewFromConfig(srv.Config("ap-northeast-1")).GetAuthorizationToken(t.Context(), &ecr.GetAuthorizationTokenInput{})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.AuthorizationData) != 1 {
		t.Fatalf("got %d authorization data", len(out.AuthorizationData))
	}
	d := out.AuthorizationData[0]
	tok, err := base64.StdEncoding.DecodeString(aws.ToString(d.AuthorizationToken))
	if err != nil || !strings.HasPrefix(string(tok), "AWS:") {
		t.Errorf("token %q: %v", tok, err)
	}
	if aws.ToString(d.ProxyEndpoint) != "https://123456789012.dkr.ecr.ap-northeast-1.amazonaws.com" || d.ExpiresAt == nil || d.ExpiresAt.Before(time.Now()) {
		t.Errorf("endpoint %q expires %v", aws.ToString(d.ProxyEndpoint), d.ExpiresAt)
	}
}

// TestAnyLongTermKey checks that a request signed with another long-term
// key (the default credential chain's) is served from the primary account.
func TestAnyLongTermKey(t *testing.T) {
	srv := awstest.NewServer(t, example(t, "private-endpoints"))
	cfg := srv.Config("ap-northeast-1")
	cfg.Credentials = aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
		return aws.Credentials{AccessKeyID: "AKIAIOSFODNN7EXAMPLE", SecretAccessKey: "x"}, nil
	})
	out, err := sts.NewFromConfig(cfg).GetCallerIdentity(t.Context(), &sts.GetCallerIdentityInput{})
	if err != nil || aws.ToString(out.Account) != "123456789012" {
		t.Errorf("got %v, %v", out, err)
	}
}

// TestDescribeAWSManagedPolicy checks that FullAWSAccess, which a listing
// names and the snapshot need not describe, is served with its content.
func TestDescribeAWSManagedPolicy(t *testing.T) {
	srv := awstest.NewServer(t, extraDoc(t))
	c := organizations.NewFromConfig(srv.Config("eu-west-1"))
	out, err := c.DescribePolicy(t.Context(), &organizations.DescribePolicyInput{PolicyId: aws.String("p-FullAWSAccess")})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(out.Policy.PolicySummary.Name) != "FullAWSAccess" || !strings.Contains(aws.ToString(out.Policy.Content), `"Action":"*"`) {
		t.Errorf("got %+v", out.Policy)
	}
	_, err = c.DescribePolicy(t.Context(), &organizations.DescribePolicyInput{PolicyId: aws.String("p-RCPFullAWSAccess")})
	if apiCode(err) != "PolicyNotFoundException" {
		t.Errorf("a policy no listing names: got %v", err)
	}
}

// TestWithCaller checks the caller identity a test sets.
func TestWithCaller(t *testing.T) {
	const arn = "arn:aws:sts::123456789012:assumed-role/Admin/me"
	srv := awstest.NewServer(t, example(t, "private-endpoints"), awstest.WithCaller(arn))
	out, err := sts.NewFromConfig(srv.Config("ap-northeast-1")).GetCallerIdentity(t.Context(), &sts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(out.Arn) != arn || aws.ToString(out.Account) != "123456789012" {
		t.Errorf("got %q %q", aws.ToString(out.Arn), aws.ToString(out.Account))
	}
}
