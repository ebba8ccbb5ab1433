package awstest_test

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/kms"

	"github.com/ecs-preflight/ecs-preflight/internal/awstest"
)

// partialDoc holds resources without some of their per-resource facts.
const partialDoc = `{"accountId": "111122223333", "region": "eu-west-1",
  "iam": {
    "GetRole": [{"Role": {"RoleName": "r", "Arn": "arn:aws:iam::111122223333:role/r", "Path": "/", "RoleId": "AROA1", "CreateDate": "2024-01-01T00:00:00Z"}},
                {"Role": {"RoleName": "s", "Arn": "arn:aws:iam::111122223333:role/s", "Path": "/", "RoleId": "AROA2", "CreateDate": "2024-01-01T00:00:00Z"}}],
    "ListAttachedRolePolicies": [{"RoleName": "s", "AttachedPolicies": [{"PolicyName": "p", "PolicyArn": "arn:aws:iam::111122223333:policy/p"}]}],
    "ListRolePolicies": [{"RoleName": "s", "PolicyNames": ["inline"]}],
    "GetRolePolicy": []},
  "ec2": {"DescribeVpcs": {"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"}]}, "DescribeVpcAttribute": []},
  "ecr": {"DescribeRepositories": {"repositories": [{"repositoryName": "app", "repositoryArn": "arn:aws:ecr:eu-west-1:111122223333:repository/app"}]}},
  "kms": {"DescribeKey": [{"KeyMetadata": {"KeyId": "k1", "Arn": "arn:aws:kms:eu-west-1:111122223333:key/k1"}}], "GetKeyPolicy": []}}`

// TestUnknownFacts checks that a fact the document does not hold about a
// resource it holds is not invented and not reported absent: the call
// answers the service's access-denied shape (docs/snapshot.md "Completeness
// rules": a resource missing from a per-resource operation is unknown), while
// a resource the document never names is the service's not-found.
func TestUnknownFacts(t *testing.T) {
	srv := awstest.NewServer(t, []byte(partialDoc))
	cfg := srv.Config("eu-west-1")
	tests := []struct {
		name, want string
		call       func(ctx context.Context) error
	}{
		{"ListAttachedRolePolicies of a role without its listing", "AccessDenied", func(ctx context.Context) error {
			_, err := iam.NewFromConfig(cfg).ListAttachedRolePolicies(ctx, &iam.ListAttachedRolePoliciesInput{RoleName: aws.String("r")})
			return err
		}},
		{"ListAttachedRolePolicies of no role", "NoSuchEntity", func(ctx context.Context) error {
			_, err := iam.NewFromConfig(cfg).ListAttachedRolePolicies(ctx, &iam.ListAttachedRolePoliciesInput{RoleName: aws.String("nope")})
			return err
		}},
		{"GetRolePolicy of a listed name without its entry", "AccessDenied", func(ctx context.Context) error {
			_, err := iam.NewFromConfig(cfg).GetRolePolicy(ctx, &iam.GetRolePolicyInput{RoleName: aws.String("s"), PolicyName: aws.String("inline")})
			return err
		}},
		{"GetRolePolicy of a name not listed", "NoSuchEntity", func(ctx context.Context) error {
			_, err := iam.NewFromConfig(cfg).GetRolePolicy(ctx, &iam.GetRolePolicyInput{RoleName: aws.String("s"), PolicyName: aws.String("other")})
			return err
		}},
		{"GetPolicy of an attached policy without its entry", "AccessDenied", func(ctx context.Context) error {
			_, err := iam.NewFromConfig(cfg).GetPolicy(ctx, &iam.GetPolicyInput{PolicyArn: aws.String("arn:aws:iam::111122223333:policy/p")})
			return err
		}},
		{"GetPolicy of a policy never named", "NoSuchEntity", func(ctx context.Context) error {
			_, err := iam.NewFromConfig(cfg).GetPolicy(ctx, &iam.GetPolicyInput{PolicyArn: aws.String("arn:aws:iam::111122223333:policy/q")})
			return err
		}},
		{"DescribeVpcAttribute of a VPC without the entry", "UnauthorizedOperation", func(ctx context.Context) error {
			_, err := ec2.NewFromConfig(cfg).DescribeVpcAttribute(ctx, &ec2.DescribeVpcAttributeInput{VpcId: aws.String("vpc-1"), Attribute: "enableDnsSupport"})
			return err
		}},
		{"GetRepositoryPolicy without the operation in the document", "AccessDeniedException", func(ctx context.Context) error {
			_, err := ecr.NewFromConfig(cfg).GetRepositoryPolicy(ctx, &ecr.GetRepositoryPolicyInput{RepositoryName: aws.String("app")})
			return err
		}},
		{"GetKeyPolicy of a key without its entry (every key has one)", "AccessDeniedException", func(ctx context.Context) error {
			_, err := kms.NewFromConfig(cfg).GetKeyPolicy(ctx, &kms.GetKeyPolicyInput{KeyId: aws.String("k1")})
			return err
		}},
		{"GetKeyPolicy of no key", "NotFoundException", func(ctx context.Context) error {
			_, err := kms.NewFromConfig(cfg).GetKeyPolicy(ctx, &kms.GetKeyPolicyInput{KeyId: aws.String("k2")})
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := apiCode(tt.call(t.Context())); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
