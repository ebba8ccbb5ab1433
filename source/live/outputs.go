package live

import (
	"reflect"

	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
)

// outputTypes maps each snapshot operation the live reader writes
// ("section.Operation") to the SDK output struct it writes it from.
var outputTypes = map[string]reflect.Type{
	"ecs.DescribeServices":             reflect.TypeFor[ecs.DescribeServicesOutput](),
	"ecs.DescribeTaskDefinition":       reflect.TypeFor[ecs.DescribeTaskDefinitionOutput](),
	"ecs.DescribeCapacityProviders":    reflect.TypeFor[ecs.DescribeCapacityProvidersOutput](),
	"iam.GetRole":                      reflect.TypeFor[iam.GetRoleOutput](),
	"iam.ListAttachedRolePolicies":     reflect.TypeFor[iam.ListAttachedRolePoliciesOutput](),
	"iam.ListRolePolicies":             reflect.TypeFor[iam.ListRolePoliciesOutput](),
	"iam.GetRolePolicy":                reflect.TypeFor[iam.GetRolePolicyOutput](),
	"iam.GetPolicy":                    reflect.TypeFor[iam.GetPolicyOutput](),
	"iam.GetPolicyVersion":             reflect.TypeFor[iam.GetPolicyVersionOutput](),
	"ec2.DescribeVpcs":                 reflect.TypeFor[ec2.DescribeVpcsOutput](),
	"ec2.DescribeVpcAttribute":         reflect.TypeFor[ec2.DescribeVpcAttributeOutput](),
	"ec2.DescribeSubnets":              reflect.TypeFor[ec2.DescribeSubnetsOutput](),
	"ec2.DescribeRouteTables":          reflect.TypeFor[ec2.DescribeRouteTablesOutput](),
	"ec2.DescribeSecurityGroups":       reflect.TypeFor[ec2.DescribeSecurityGroupsOutput](),
	"ec2.DescribeNetworkAcls":          reflect.TypeFor[ec2.DescribeNetworkAclsOutput](),
	"ec2.DescribeVpcEndpoints":         reflect.TypeFor[ec2.DescribeVpcEndpointsOutput](),
	"ec2.DescribeInternetGateways":     reflect.TypeFor[ec2.DescribeInternetGatewaysOutput](),
	"ec2.DescribeNatGateways":          reflect.TypeFor[ec2.DescribeNatGatewaysOutput](),
	"ec2.DescribePrefixLists":          reflect.TypeFor[ec2.DescribePrefixListsOutput](),
	"ec2.DescribeDhcpOptions":          reflect.TypeFor[ec2.DescribeDhcpOptionsOutput](),
	"ec2.DescribeInstances":            reflect.TypeFor[ec2.DescribeInstancesOutput](),
	"ecr.DescribeRepositories":         reflect.TypeFor[ecr.DescribeRepositoriesOutput](),
	"ecr.GetRepositoryPolicy":          reflect.TypeFor[ecr.GetRepositoryPolicyOutput](),
	"secretsmanager.DescribeSecret":    reflect.TypeFor[secretsmanager.DescribeSecretOutput](),
	"secretsmanager.GetResourcePolicy": reflect.TypeFor[secretsmanager.GetResourcePolicyOutput](),
	"kms.DescribeKey":                  reflect.TypeFor[kms.DescribeKeyOutput](),
	"kms.GetKeyPolicy":                 reflect.TypeFor[kms.GetKeyPolicyOutput](),
	"kms.ListAliases":                  reflect.TypeFor[kms.ListAliasesOutput](),
	"ssm.DescribeParameters":           reflect.TypeFor[ssm.DescribeParametersOutput](),
	"logs.DescribeLogGroups":           reflect.TypeFor[cloudwatchlogs.DescribeLogGroupsOutput](),
	"s3.GetBucketPolicy":               reflect.TypeFor[s3.GetBucketPolicyOutput](),
	"s3.GetBucketLocation":             reflect.TypeFor[s3.GetBucketLocationOutput](),
}
