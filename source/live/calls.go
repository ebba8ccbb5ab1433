package live

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/smithy-go/middleware"
)

// Calls is every AWS API call the live reader makes, as the IAM action that
// allows it: the one list docs/permissions.md's policy is generated from
// (TestPermissionsDoc). All are read-only.
var Calls = []string{
	"ec2:DescribeDhcpOptions",
	"ec2:DescribeInstances",
	"ec2:DescribeInternetGateways",
	"ec2:DescribeNatGateways",
	"ec2:DescribeNetworkAcls",
	"ec2:DescribePrefixLists",
	"ec2:DescribeRouteTables",
	"ec2:DescribeSecurityGroups",
	"ec2:DescribeSubnets",
	"ec2:DescribeVpcAttribute",
	"ec2:DescribeVpcEndpoints",
	"ec2:DescribeVpcs",
	"ecr:DescribeRepositories",
	"ecr:GetRepositoryPolicy",
	"ecs:DescribeCapacityProviders",
	"ecs:DescribeServices",
	"ecs:DescribeTaskDefinition",
	"ecs:ListServices",
	"iam:GetPolicy",
	"iam:GetPolicyVersion",
	"iam:GetRole",
	"iam:GetRolePolicy",
	"iam:ListAttachedRolePolicies",
	"iam:ListRolePolicies",
	"kms:DescribeKey",
	"kms:GetKeyPolicy",
	"kms:ListAliases",
	"logs:DescribeLogGroups",
	"organizations:DescribeOrganization",
	"organizations:DescribePolicy",
	"organizations:ListParents",
	"organizations:ListPoliciesForTarget",
	"route53:GetHostedZone",
	"route53:ListHostedZonesByVPC",
	"route53:ListResourceRecordSets",
	"s3:GetBucketLocation",
	"s3:GetBucketPolicy",
	"secretsmanager:DescribeSecret",
	"secretsmanager:GetResourcePolicy",
	"ssm:DescribeParameters",
	"sts:GetCallerIdentity",
}

// OptInCalls are the calls made only when a flag asks for them.
var OptInCalls = map[string]string{
	// --read-secret-keys reads each referenced secret's value in memory to
	// keep only its JSON key names.
	"secretsmanager:GetSecretValue": "--read-secret-keys",
	// --role-arn and --role-arn-for read through an assumed role.
	"sts:AssumeRole": "--role-arn, --role-arn-for",
}

// Policy is the read-only IAM policy the live reader needs, as
// docs/permissions.md prints it. STS GetCallerIdentity needs no
// permission (STS API Reference "GetCallerIdentity": "No permissions are
// required to perform this operation"), so it is left out.
func Policy() ([]byte, error) {
	var actions []string
	for _, c := range Calls {
		if c != "sts:GetCallerIdentity" {
			actions = append(actions, c)
		}
	}
	doc := map[string]any{
		"Version": "2012-10-17",
		"Statement": []map[string]any{{
			"Sid":      "EcsPreflightRead",
			"Effect":   "Allow",
			"Action":   actions,
			"Resource": "*",
		}},
	}
	return json.MarshalIndent(doc, "", "  ")
}

// serviceActionPrefix maps an SDK service id to its IAM action prefix
// (Service Authorization Reference).
var serviceActionPrefix = map[string]string{
	"ECS": "ecs", "EC2": "ec2", "IAM": "iam", "ECR": "ecr", "Secrets Manager": "secretsmanager",
	"KMS": "kms", "SSM": "ssm", "CloudWatch Logs": "logs", "S3": "s3", "STS": "sts",
	"Route 53": "route53", "Organizations": "organizations",
}

// callLog counts and names the operations invoked.
type callLog struct {
	n       atomic.Int64
	mu      sync.Mutex
	actions []string
}

// actionsSeen returns the distinct actions invoked, sorted.
func (l *callLog) actionsSeen() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := slices.Clone(l.actions)
	slices.Sort(out)
	return slices.Compact(out)
}

// middleware counts each operation once (in the initialize step, before
// retries) and records its IAM action.
func (l *callLog) middleware(st *middleware.Stack) error {
	return st.Initialize.Add(middleware.InitializeMiddlewareFunc("EcsPreflightCallLog",
		func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
			l.n.Add(1)
			svc := awsmiddleware.GetServiceID(ctx)
			prefix, ok := serviceActionPrefix[svc]
			if !ok {
				prefix = strings.ToLower(svc)
			}
			l.mu.Lock()
			l.actions = append(l.actions, prefix+":"+awsmiddleware.GetOperationName(ctx))
			l.mu.Unlock()
			return next.HandleInitialize(ctx, in)
		}), middleware.After)
}
