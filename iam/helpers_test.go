package iam

import (
	"fmt"
	"strconv"
	"strings"
)

// Accounts and ARNs used across the tests (IAM-UG example account ids).
const (
	acct     = "111122223333"
	otherAcc = "444455556666"
	roleARN  = "arn:aws:iam::111122223333:role/ecsTaskExecutionRole"
	sessARN  = "arn:aws:sts::111122223333:assumed-role/ecsTaskExecutionRole/3f2a9c"
	repoARN  = "arn:aws:ecr:ap-northeast-1:111122223333:repository/my-app"
	xRepoARN = "arn:aws:ecr:ap-northeast-1:444455556666:repository/shared-base"
	keyARN   = "arn:aws:kms:ap-northeast-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	secARN   = "arn:aws:secretsmanager:ap-northeast-1:111122223333:secret:docker-hub-credentials-AbCdEf"
	taskARN  = "arn:aws:ecs:ap-northeast-1:111122223333:task/prod/0123456789abcdef"
)

// execRole is the task execution role's session as ECS uses it.
var execRole = Principal{ARN: sessARN, RoleARN: roleARN, AccountID: acct}

// ecsTasks is the ECS tasks service assuming the execution role.
var ecsTasks = Principal{Service: "ecs-tasks.amazonaws.com"}

// pol parses a test policy; documents here are valid by construction.
func pol(name, doc string) *Policy { return MustParse(name, []byte(doc)) }

// allowDoc is an identity policy with one Allow of actions on resource.
func allowDoc(resource string, actions ...string) string {
	return fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":[%s],"Resource":%q}]}`, quoteAll(actions), resource)
}

// denyDoc is a policy with one Deny of actions on resource.
func denyDoc(resource string, actions ...string) string {
	return fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Sid":"DenyIt","Effect":"Deny","Action":[%s],"Resource":%q}]}`, quoteAll(actions), resource)
}

func quoteAll(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = strconv.Quote(s)
	}
	return strings.Join(q, ",")
}

// fullAccess is the FullAWSAccess SCP every organization level carries by
// default (AWS Organizations "Service control policies").
var fullAccess = pol("FullAWSAccess", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`)

// xAccountRepo is a cross-account repository policy after ECR-UG "Private
// repository policy examples" (allow another account to pull): account
// 999999999999 may pull (BatchGetImage, GetDownloadUrlForLayer) but not
// BatchCheckLayerAvailability.
var xAccountRepo = pol("shared-base repository policy", `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "AllowCrossAccountPull",
      "Effect": "Allow",
      "Principal": {"AWS": "arn:aws:iam::999999999999:root"},
      "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
    }
  ]
}`)

// defaultKeyPolicy is KMS-DG "Default key policy": the account root may do
// everything, which lets IAM policies grant key access.
var defaultKeyPolicy = pol("key policy", `{
  "Version": "2012-10-17",
  "Id": "key-default-1",
  "Statement": [
    {
      "Sid": "Enable IAM User Permissions",
      "Effect": "Allow",
      "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
      "Action": "kms:*",
      "Resource": "*"
    }
  ]
}`)

// ecsTrust is ECS-DG "Task execution IAM role" trust policy.
var ecsTrust = pol("ecsTaskExecutionRole trust policy", `{"Version":"2012-10-17","Statement":[{"Sid":"","Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}`)

// ecsTrustConfusedDeputy is the trust policy ECS-DG recommends against the
// confused deputy problem (aws:SourceAccount and aws:SourceArn).
var ecsTrustConfusedDeputy = pol("ecsTaskExecutionRole trust policy", `{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Principal": {"Service": "ecs-tasks.amazonaws.com"},
    "Action": "sts:AssumeRole",
    "Condition": {
      "ArnLike": {"aws:SourceArn": "arn:aws:ecs:ap-northeast-1:111122223333:*"},
      "StringEquals": {"aws:SourceAccount": "111122223333"}
    }
  }]
}`)

// ecsVpcePolicy is ECS-DG "Amazon ECS task execution IAM role" (Amazon ECR
// interface endpoint permissions): the execution role policy restricting
// pulls to one VPC endpoint; note the lower-case "aws:sourceVpce".
var ecsVpcePolicy = pol("ExecRoleVpce", `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["ecr:GetAuthorizationToken", "logs:CreateLogStream", "logs:PutLogEvents"],
      "Resource": "*"
    },
    {
      "Effect": "Allow",
      "Action": ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"],
      "Resource": "*",
      "Condition": {"StringEquals": {"aws:sourceVpce": "vpce-0a1b2c3d", "aws:sourceVpc": "vpc-0123abcd"}}
    }
  ]
}`)
