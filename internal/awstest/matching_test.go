package awstest_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"

	"github.com/ecs-preflight/ecs-preflight/internal/awstest"
)

func filter(name string, values ...string) ec2types.Filter {
	return ec2types.Filter{Name: aws.String(name), Values: values}
}

// TestRequestMatching checks that each operation serves what the request
// names: ids, filters, the identifier forms each API accepts. got returns
// the served resources' ids, joined by spaces.
func TestRequestMatching(t *testing.T) {
	full, err := os.ReadFile("../../source/snapshot/testdata/full.json")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, doc string
		opts      []awstest.Option
		got       func(ctx context.Context, cfg aws.Config) (string, error)
		want      string
	}{
		{name: "EC2-APIRef DescribeSubnets by SubnetIds", got: func(ctx context.Context, cfg aws.Config) (string, error) {
			o, err := ec2.NewFromConfig(cfg).DescribeSubnets(ctx, &ec2.DescribeSubnetsInput{SubnetIds: []string{"subnet-0b2private", "subnet-0a1public"}})
			if err != nil {
				return "", err
			}
			var ids []string
			for _, s := range o.Subnets {
				ids = append(ids, aws.ToString(s.SubnetId))
			}
			return strings.Join(ids, " "), nil
		}, want: "subnet-0b2private subnet-0a1public"},
		{name: "EC2-APIRef DescribeSubnets filters are ANDed, values ORed, wildcards", got: func(ctx context.Context, cfg aws.Config) (string, error) {
			o, err := ec2.NewFromConfig(cfg).DescribeSubnets(ctx, &ec2.DescribeSubnetsInput{Filters: []ec2types.Filter{
				filter("vpc-id", "vpc-0main"), filter("subnet-id", "subnet-0a1*", "subnet-0b2public"),
			}})
			if err != nil {
				return "", err
			}
			var ids []string
			for _, s := range o.Subnets {
				ids = append(ids, aws.ToString(s.SubnetId))
			}
			return strings.Join(ids, " "), nil
		}, want: "subnet-0a1public subnet-0b2public subnet-0a1private"},
		{name: "EC2-APIRef DescribeRouteTables association.subnet-id", got: func(ctx context.Context, cfg aws.Config) (string, error) {
			o, err := ec2.NewFromConfig(cfg).DescribeRouteTables(ctx, &ec2.DescribeRouteTablesInput{Filters: []ec2types.Filter{filter("association.subnet-id", "subnet-0b2private")}})
			if err != nil {
				return "", err
			}
			var ids []string
			for _, r := range o.RouteTables {
				ids = append(ids, aws.ToString(r.RouteTableId))
			}
			return strings.Join(ids, " "), nil
		}, want: "rtb-0private"},
		{name: "EC2-APIRef DescribeSecurityGroups by GroupNames", doc: "nat-gateway", got: func(ctx context.Context, cfg aws.Config) (string, error) {
			all, err := ec2.NewFromConfig(cfg).DescribeSecurityGroups(ctx, &ec2.DescribeSecurityGroupsInput{})
			if err != nil {
				return "", err
			}
			name := aws.ToString(all.SecurityGroups[1].GroupName)
			o, err := ec2.NewFromConfig(cfg).DescribeSecurityGroups(ctx, &ec2.DescribeSecurityGroupsInput{GroupNames: []string{name}})
			if err != nil {
				return "", err
			}
			if len(o.SecurityGroups) != 1 || aws.ToString(o.SecurityGroups[0].GroupName) != name {
				return fmt.Sprintf("%d groups for %s", len(o.SecurityGroups), name), nil
			}
			_, err = ec2.NewFromConfig(cfg).DescribeSecurityGroups(ctx, &ec2.DescribeSecurityGroupsInput{GroupNames: []string{"no-such-group"}})
			return apiCode(err), nil
		}, want: "InvalidGroup.NotFound"},
		{name: "EC2 an unknown filter is InvalidParameterValue", got: func(ctx context.Context, cfg aws.Config) (string, error) {
			_, err := ec2.NewFromConfig(cfg).DescribeVpcs(ctx, &ec2.DescribeVpcsInput{Filters: []ec2types.Filter{filter("no-such-filter", "x")}})
			return apiCode(err), nil
		}, want: "InvalidParameterValue"},
		{name: "ECS-APIRef DescribeTaskDefinition by family is the latest ACTIVE revision", got: func(ctx context.Context, cfg aws.Config) (string, error) {
			o, err := ecs.NewFromConfig(cfg).DescribeTaskDefinition(ctx, &ecs.DescribeTaskDefinitionInput{TaskDefinition: aws.String("web")})
			if err != nil {
				return "", err
			}
			return aws.ToString(o.TaskDefinition.TaskDefinitionArn), nil
		}, want: "arn:aws:ecs:eu-west-1:123456789012:task-definition/web:7"},
		{name: "ECS-APIRef DescribeTaskDefinition by family:revision", got: func(ctx context.Context, cfg aws.Config) (string, error) {
			o, err := ecs.NewFromConfig(cfg).DescribeTaskDefinition(ctx, &ecs.DescribeTaskDefinitionInput{TaskDefinition: aws.String("web:7")})
			if err != nil {
				return "", err
			}
			return aws.ToString(o.TaskDefinition.Family), nil
		}, want: "web"},
		{name: "ECS-APIRef DescribeTaskDefinition another revision is ClientException", got: func(ctx context.Context, cfg aws.Config) (string, error) {
			_, err := ecs.NewFromConfig(cfg).DescribeTaskDefinition(ctx, &ecs.DescribeTaskDefinitionInput{TaskDefinition: aws.String("web:6")})
			return apiCode(err), nil
		}, want: "ClientException"},
		{name: "ECS-APIRef ListServices launchType filter", doc: "nat-gateway", got: func(ctx context.Context, cfg aws.Config) (string, error) {
			c := ecs.NewFromConfig(cfg)
			fargate, err := c.ListServices(ctx, &ecs.ListServicesInput{Cluster: aws.String("acme-prod"), LaunchType: "FARGATE"})
			if err != nil {
				return "", err
			}
			ec2s, err := c.ListServices(ctx, &ecs.ListServicesInput{Cluster: aws.String("acme-prod"), LaunchType: "EC2"})
			if err != nil {
				return "", err
			}
			return fmt.Sprintf("FARGATE %d, EC2 %d", len(fargate.ServiceArns), len(ec2s.ServiceArns)), nil
		}, want: "FARGATE 2, EC2 0"},
		{name: "KMS-APIRef DescribeKey by alias name", got: func(ctx context.Context, cfg aws.Config) (string, error) {
			o, err := kms.NewFromConfig(cfg).DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: aws.String("alias/web")})
			if err != nil {
				return "", err
			}
			return aws.ToString(o.KeyMetadata.KeyId), nil
		}, want: "1234abcd-12ab-34cd-56ef-1234567890ab"},
		{name: "KMS-APIRef GetKeyPolicy by key id", got: func(ctx context.Context, cfg aws.Config) (string, error) {
			o, err := kms.NewFromConfig(cfg).GetKeyPolicy(ctx, &kms.GetKeyPolicyInput{KeyId: aws.String("1234abcd-12ab-34cd-56ef-1234567890ab")})
			if err != nil {
				return "", err
			}
			return aws.ToString(o.PolicyName), nil
		}, want: "default"},
		{name: "SM-APIRef DescribeSecret by name", got: func(ctx context.Context, cfg aws.Config) (string, error) {
			o, err := secretsmanager.NewFromConfig(cfg).DescribeSecret(ctx, &secretsmanager.DescribeSecretInput{SecretId: aws.String("web/db")})
			if err != nil {
				return "", err
			}
			return aws.ToString(o.ARN), nil
		}, want: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:web/db-AbCdEf"},
		{name: "SM-APIRef DescribeSecret by partial ARN", got: func(ctx context.Context, cfg aws.Config) (string, error) {
			o, err := secretsmanager.NewFromConfig(cfg).DescribeSecret(ctx, &secretsmanager.DescribeSecretInput{SecretId: aws.String("arn:aws:secretsmanager:eu-west-1:123456789012:secret:web/db")})
			if err != nil {
				return "", err
			}
			return aws.ToString(o.Name), nil
		}, want: "web/db"},
		{name: "GetSecretValue served only with WithSecretValue", opts: []awstest.Option{awstest.WithSecretValue("web/db", `{"username":"u"}`)},
			got: func(ctx context.Context, cfg aws.Config) (string, error) {
				o, err := secretsmanager.NewFromConfig(cfg).GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String("arn:aws:secretsmanager:eu-west-1:123456789012:secret:web/db-AbCdEf")})
				if err != nil {
					return "", err
				}
				return aws.ToString(o.SecretString), nil
			}, want: `{"username":"u"}`},
		{name: "SSM-APIRef DescribeParameters ParameterFilters Name BeginsWith", doc: "extra", got: func(ctx context.Context, cfg aws.Config) (string, error) {
			o, err := ssm.NewFromConfig(cfg).DescribeParameters(ctx, &ssm.DescribeParametersInput{ParameterFilters: []ssmtypes.ParameterStringFilter{
				{Key: aws.String("Name"), Option: aws.String("BeginsWith"), Values: []string{"/web/"}},
			}})
			if err != nil {
				return "", err
			}
			var names []string
			for _, p := range o.Parameters {
				names = append(names, aws.ToString(p.Name))
			}
			return strings.Join(names, " "), nil
		}, want: "/web/db-host /web/db-password"},
		{name: "S3-APIRef GetBucketPolicy of a bucket without one is NoSuchBucketPolicy", doc: "extra", got: func(ctx context.Context, cfg aws.Config) (string, error) {
			_, err := s3.NewFromConfig(cfg, awstest.PathStyle).GetBucketPolicy(ctx, &s3.GetBucketPolicyInput{Bucket: aws.String("logs-111122223333")})
			return apiCode(err), nil
		}, want: "NoSuchBucketPolicy"},
		{name: "S3-APIRef GetBucketLocation us-east-1 is empty", doc: "extra", got: func(ctx context.Context, cfg aws.Config) (string, error) {
			o, err := s3.NewFromConfig(cfg, awstest.PathStyle).GetBucketLocation(ctx, &s3.GetBucketLocationInput{Bucket: aws.String("logs-111122223333")})
			if err != nil {
				return "", err
			}
			return "[" + string(o.LocationConstraint) + "]", nil
		}, want: "[]"},
		{name: "S3 an unknown bucket is NoSuchBucket", doc: "extra", got: func(ctx context.Context, cfg aws.Config) (string, error) {
			_, err := s3.NewFromConfig(cfg, awstest.PathStyle).GetBucketLocation(ctx, &s3.GetBucketLocationInput{Bucket: aws.String("nope")})
			return apiCode(err), nil
		}, want: "NoSuchBucket"},
	}
	docs := pagingDocs(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := full
			if tt.doc != "" {
				doc = docs[tt.doc]
			}
			srv := awstest.NewServer(t, doc, tt.opts...)
			got, err := tt.got(t.Context(), srv.Config("eu-west-1"))
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
