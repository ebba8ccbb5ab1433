package snapshot

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReadSectionErrors checks that malformed or inconsistent AWS CLI
// outputs (docs/snapshot.md) are rejected with the path of the bad entry,
// and that the forms the CLI does print are accepted.
func TestReadSectionErrors(t *testing.T) {
	const secret = `"DescribeSecret": [{"ARN": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf", "Name": "db"}]`
	const key = `"DescribeKey": [{"KeyMetadata": {"KeyId": "k-1", "Arn": "arn:aws:kms:eu-west-1:123456789012:key/k-1"}}]`
	const policy = `"{\"Version\": \"2012-10-17\", \"Statement\": []}"`
	for _, tc := range []struct{ name, in, err string }{
		{"GetResourcePolicy without ARN or Name", `{"secretsmanager": {` + secret + `, "GetResourcePolicy": [{}]}}`, "want ARN or Name"},
		{"GetResourcePolicy of an undescribed secret", `{"secretsmanager": {` + secret + `, "GetResourcePolicy": [{"Name": "other"}]}}`, `no DescribeSecret entry for secret "other"`},
		{"GetResourcePolicy by name", `{"secretsmanager": {` + secret + `, "GetResourcePolicy": [{"Name": "db", "ResourcePolicy": ` + policy + `}]}}`, ""},
		{"GetResourcePolicy twice", `{"secretsmanager": {` + secret + `, "GetResourcePolicy": [{"Name": "db"}, {"Name": "db"}]}}`, "duplicate resource policy"},
		{"GetResourcePolicy policy not JSON", `{"secretsmanager": {` + secret + `, "GetResourcePolicy": [{"Name": "db", "ResourcePolicy": "{nope"}]}}`, "not valid JSON"},
		{"SecretKeys without SecretId", `{"secretsmanager": {` + secret + `, "SecretKeys": [{"Kind": "json"}]}}`, `"SecretId"`},
		{"SecretKeys of an undescribed secret", `{"secretsmanager": {` + secret + `, "SecretKeys": [{"SecretId": "other", "Kind": "json"}]}}`, `no DescribeSecret entry for secret "other"`},
		{"SecretKeys keys of a text secret", `{"secretsmanager": {` + secret + `, "SecretKeys": [{"SecretId": "db", "Kind": "text", "Keys": ["a"]}]}}`, "keys given for a text secret"},
		{"SecretKeys without Kind", `{"secretsmanager": {` + secret + `, "SecretKeys": [{"SecretId": "db"}]}}`, `missing "Kind"`},
		{"SecretKeys unknown Kind", `{"secretsmanager": {` + secret + `, "SecretKeys": [{"SecretId": "db", "Kind": "xml"}]}}`, `invalid kind "xml"`},
		{"SecretKeys twice", `{"secretsmanager": {` + secret + `, "SecretKeys": [{"SecretId": "db", "Kind": "binary"}, {"SecretId": "db", "Kind": "json"}]}}`, "duplicate SecretKeys"},
		{"SecretKeys with a secret value", `{"secretsmanager": {` + secret + `, "SecretKeys": [{"SecretId": "db", "Kind": "text", "SecretString": "hunter2"}]}}`, "SecretString"},
		{"DescribeKey without KeyMetadata", `{"kms": {"DescribeKey": [{}]}}`, `missing "KeyMetadata"`},
		{"DescribeKey without Arn", `{"kms": {"DescribeKey": [{"KeyMetadata": {"KeyId": "k-1"}}]}}`, `missing "Arn"`},
		{"GetKeyPolicy without KeyId", `{"kms": {` + key + `, "GetKeyPolicy": [{"Policy": ` + policy + `}]}}`, `"KeyId"`},
		{"GetKeyPolicy without Policy", `{"kms": {` + key + `, "GetKeyPolicy": [{"KeyId": "k-1"}]}}`, `missing "Policy"`},
		{"GetKeyPolicy policy not JSON", `{"kms": {` + key + `, "GetKeyPolicy": [{"KeyId": "k-1", "Policy": "{nope"}]}}`, "not valid JSON"},
		{"GetKeyPolicy of an undescribed key id", `{"kms": {` + key + `, "GetKeyPolicy": [{"KeyId": "k-2", "Policy": ` + policy + `}]}}`, `no DescribeKey entry for key "k-2"`},
		{"GetKeyPolicy of an undescribed key ARN", `{"kms": {"GetKeyPolicy": [{"KeyId": "arn:aws:kms:eu-west-1:123456789012:key/k-2", "Policy": ` + policy + `}]}}`, ""},
		{"GetKeyPolicy twice", `{"kms": {` + key + `, "GetKeyPolicy": [{"KeyId": "k-1", "Policy": ` + policy + `}, {"KeyId": "arn:aws:kms:eu-west-1:123456789012:key/k-1", "Policy": ` + policy + `}]}}`, "duplicate key policy"},
		{"GetPolicyVersion without PolicyArn", `{"iam": {"GetPolicyVersion": [{"PolicyVersion": {"Document": ` + policy + `}}]}}`, `"PolicyArn"`},
		{"GetPolicyVersion without PolicyVersion", `{"iam": {"GetPolicyVersion": [{"PolicyArn": "arn:aws:iam::123456789012:policy/p"}]}}`, `missing "PolicyVersion"`},
		{"GetPolicyVersion without Document", `{"iam": {"GetPolicyVersion": [{"PolicyArn": "arn:aws:iam::123456789012:policy/p", "PolicyVersion": {"VersionId": "v1"}}]}}`, `missing "Document"`},
		{"GetPolicyVersion IsDefaultVersion not a bool", `{"iam": {"GetPolicyVersion": [{"PolicyArn": "arn:aws:iam::123456789012:policy/p", "PolicyVersion": {"IsDefaultVersion": "yes", "Document": ` + policy + `}}]}}`, "IsDefaultVersion"},
		{"DescribeVpcAttribute without VpcId", `{"ec2": {"DescribeVpcAttribute": [{"EnableDnsSupport": {"Value": true}}]}}`, `"VpcId"`},
		{"DescribeVpcAttribute of a VPC missing from DescribeVpcs", `{"ec2": {"DescribeVpcs": {"Vpcs": [{"VpcId": "vpc-1"}]}, "DescribeVpcAttribute": [{"VpcId": "vpc-2", "EnableDnsSupport": {"Value": true}}]}}`, `VPC "vpc-2" is not in DescribeVpcs`},
		{"DescribeVpcAttribute without Value", `{"ec2": {"DescribeVpcAttribute": [{"VpcId": "vpc-1", "EnableDnsSupport": {}}]}}`, `missing "Value"`},
		{"DescribeVpcAttribute Value not a bool", `{"ec2": {"DescribeVpcAttribute": [{"VpcId": "vpc-1", "EnableDnsHostnames": {"Value": "true"}}]}}`, "bool"},
		{"DescribeVpcAttribute without an attribute", `{"ec2": {"DescribeVpcAttribute": [{"VpcId": "vpc-1"}]}}`, `want "EnableDnsSupport" or "EnableDnsHostnames"`},
		{"DescribeVpcAttribute of a VPC not listed", `{"ec2": {"DescribeVpcAttribute": [{"VpcId": "vpc-1", "EnableDnsSupport": {"Value": false}}]}}`, ""},
		{"DescribeManagedPrefixLists twice the same list", `{"ec2": {"DescribeManagedPrefixLists": {"PrefixLists": [{"PrefixListId": "pl-1"}, {"PrefixListId": "pl-1"}]}}}`, "pl-1"},
		{"DescribeManagedPrefixLists without PrefixListId", `{"ec2": {"DescribeManagedPrefixLists": {"PrefixLists": [{"PrefixListName": "x"}]}}}`, `"PrefixListId"`},
		{"DescribePrefixLists twice the same list", `{"ec2": {"DescribePrefixLists": {"PrefixLists": [{"PrefixListId": "pl-1"}, {"PrefixListId": "pl-1"}]}}}`, "pl-1"},
		{"DescribePrefixLists Cidrs not a list", `{"ec2": {"DescribePrefixLists": {"PrefixLists": [{"PrefixListId": "pl-1", "Cidrs": "10.0.0.0/8"}]}}}`, "Cidrs"},
		{"DescribeServices entry without ARN or name", `{"ecs": {"DescribeServices": {"services": [{"launchType": "FARGATE"}]}}}`, `missing "serviceArn" and "serviceName"`},
		{"GetRole without Role", `{"iam": {"GetRole": [{}]}}`, `missing "Role"`},
		{"GetRole without Arn", `{"iam": {"GetRole": [{"Role": {"RoleName": "r"}}]}}`, `missing "Arn"`},
		{"GetRole without RoleName", `{"iam": {"GetRole": [{"Role": {"Arn": "arn:aws:iam::123456789012:role/r"}}]}}`, `missing "RoleName"`},
		{"GetRole PermissionsBoundary not an object", `{"iam": {"GetRole": [{"Role": {"Arn": "arn:aws:iam::123456789012:role/r", "RoleName": "r", "PermissionsBoundary": "x"}}]}}`, "PermissionsBoundary"},
		{"GetRolePolicy of a role without GetRole", `{"iam": {"GetRolePolicy": [{"RoleName": "r", "PolicyName": "p", "PolicyDocument": ` + policy + `}]}}`, `no GetRole entry for role "r"`},
		{"GetRolePolicy of an ambiguous role name", `{"iam": {"GetRole": [{"Role": {"Arn": "arn:aws:iam::123456789012:role/a/r", "RoleName": "r"}}, {"Role": {"Arn": "arn:aws:iam::123456789012:role/b/r", "RoleName": "r"}}], "GetRolePolicy": [{"RoleName": "r", "PolicyName": "p", "PolicyDocument": ` + policy + `}]}}`, `role name "r" is ambiguous`},
		{"GetPolicy without Policy", `{"iam": {"GetPolicy": [{}]}}`, `missing "Policy"`},
		{"GetPolicy without Arn", `{"iam": {"GetPolicy": [{"Policy": {"PolicyName": "p"}}]}}`, `missing "Arn"`},
		{"ListRolePolicies without PolicyNames", `{"iam": {"GetRole": [{"Role": {"Arn": "arn:aws:iam::123456789012:role/r", "RoleName": "r"}}], "ListRolePolicies": [{"RoleName": "r"}]}}`, `missing "PolicyNames"`},
		{"ListRolePolicies IsTruncated not a bool", `{"iam": {"GetRole": [{"Role": {"Arn": "arn:aws:iam::123456789012:role/r", "RoleName": "r"}}], "ListRolePolicies": [{"RoleName": "r", "PolicyNames": [], "IsTruncated": "no"}]}}`, "IsTruncated"},
		{"GetRolePolicy without PolicyName", `{"iam": {"GetRole": [{"Role": {"Arn": "arn:aws:iam::123456789012:role/r", "RoleName": "r"}}], "GetRolePolicy": [{"RoleName": "r", "PolicyDocument": ` + policy + `}]}}`, `"PolicyName"`},
		{"GetRolePolicy without PolicyDocument", `{"iam": {"GetRole": [{"Role": {"Arn": "arn:aws:iam::123456789012:role/r", "RoleName": "r"}}], "GetRolePolicy": [{"RoleName": "r", "PolicyName": "p"}]}}`, `missing "PolicyDocument"`},
		{"GetRolePolicy twice", `{"iam": {"GetRole": [{"Role": {"Arn": "arn:aws:iam::123456789012:role/r", "RoleName": "r"}}], "GetRolePolicy": [{"RoleName": "r", "PolicyName": "p", "PolicyDocument": ` + policy + `}, {"RoleName": "r", "PolicyName": "p", "PolicyDocument": ` + policy + `}]}}`, `duplicate inline policy "p"`},
		{"DescribeRepositories without repositoryArn", `{"ecr": {"DescribeRepositories": {"repositories": [{"repositoryName": "app"}]}}}`, `missing "repositoryArn"`},
		{"DescribeRepositories encryptionConfiguration not an object", `{"ecr": {"DescribeRepositories": {"repositories": [{"repositoryArn": "arn:aws:ecr:eu-west-1:123456789012:repository/app", "encryptionConfiguration": "KMS"}]}}}`, "encryptionConfiguration"},
		{"DescribeLogGroups without logGroupName", `{"logs": {"DescribeLogGroups": {"logGroups": [{"arn": "arn:aws:logs:eu-west-1:123456789012:log-group:x:*"}]}}}`, `missing "logGroupName"`},
		{"DescribeLogGroups logGroupArn not a string", `{"logs": {"DescribeLogGroups": {"logGroups": [{"logGroupName": "x", "logGroupArn": 1}]}}}`, "logGroupArn"},
		{"DescribeLogGroups without any ARN or placement", `{"logs": {"DescribeLogGroups": {"logGroups": [{"logGroupName": "x"}]}}}`, ""},
		{"GetBucketPolicy without Bucket", `{"s3": {"GetBucketPolicy": [{"Policy": ` + policy + `}]}}`, `"Bucket"`},
		{"GetBucketPolicy twice", `{"s3": {"GetBucketPolicy": [{"Bucket": "b", "Policy": ` + policy + `}, {"Bucket": "b", "Policy": ` + policy + `}]}}`, "b"},
		{"GetBucketPolicy policy not JSON", `{"s3": {"GetBucketPolicy": [{"Bucket": "b", "Policy": "{nope"}]}}`, "not valid JSON"},
		{"DescribePolicy without Policy", `{"organizations": {"DescribePolicy": [{}]}}`, `missing "Policy"`},
		{"DescribePolicy without PolicySummary", `{"organizations": {"DescribePolicy": [{"Policy": {"Content": ` + policy + `}}]}}`, `missing "PolicySummary"`},
		{"DescribePolicy without Id", `{"organizations": {"DescribePolicy": [{"Policy": {"PolicySummary": {"Name": "p"}}}]}}`, `missing "Id"`},
		{"DescribeOrganization without Organization", `{"organizations": {"DescribeOrganization": [{}]}}`, `missing "Organization"`},
		{"GetRepositoryPolicy without repositoryName", `{"ecr": {"GetRepositoryPolicy": [{"policyText": ` + policy + `}]}}`, `"repositoryName"`},
		{"GetRepositoryPolicy policy not JSON", `{"ecr": {"GetRepositoryPolicy": [{"repositoryName": "app", "registryId": "123456789012", "policyText": "{nope"}]}}`, "not valid JSON"},
		{"GetRepositoryPolicy of an unlisted repository without a region", `{"ecr": {"GetRepositoryPolicy": [{"repositoryName": "app", "policyText": ` + policy + `}]}}`, `repository "app" is not in DescribeRepositories`},
		{"GetRepositoryPolicy of another account's repository", `{"partition": "aws", "region": "eu-west-1", "ecr": {"GetRepositoryPolicy": [{"repositoryName": "app", "registryId": "210987654321", "policyText": ` + policy + `}]}}`, ""},
		{"DescribeParameters without Name", `{"ssm": {"DescribeParameters": {"Parameters": [{"Type": "String"}]}}}`, `missing "Name"`},
		{"DescribeParameters without ARN or placement", `{"ssm": {"DescribeParameters": {"Parameters": [{"Name": "/a/b", "Type": "String"}]}}}`, ""},
		{"GetBucketLocation without Bucket", `{"s3": {"GetBucketLocation": [{"LocationConstraint": "EU"}]}}`, `"Bucket"`},
		{"GetBucketLocation LocationConstraint not a string", `{"s3": {"GetBucketLocation": [{"Bucket": "b", "LocationConstraint": 1}]}}`, "LocationConstraint"},
		{"GetBucketLocation EU", `{"s3": {"GetBucketLocation": [{"Bucket": "b", "LocationConstraint": "EU"}]}}`, ""},
		{"partition not a partition", `{"partition": "amazon"}`, `invalid partition "amazon"`},
		{"region not a region", `{"region": "Ireland"}`, `invalid region "Ireland"`},
		{"accountId not 12 digits", `{"accountId": "1234"}`, `invalid account id "1234"`},
		{"region not a string", `{"region": 1}`, "region"},
		{"DescribeInstances reservation without Instances", `{"ec2": {"DescribeInstances": {"Reservations": [{}]}}}`, `missing "Instances"`},
		{"DescribeInstances Instances not an array", `{"ec2": {"DescribeInstances": {"Reservations": [{"Instances": {}}]}}}`, "array"},
		{"DescribeInstances instance not an object", `{"ec2": {"DescribeInstances": {"Reservations": [{"Instances": [1]}]}}}`, "object"},
		{"DescribeInstances Instances null", `{"ec2": {"DescribeInstances": {"Reservations": [{"Instances": null}]}}}`, ""},
		{"DescribeInstances instance without InstanceId", `{"ec2": {"DescribeInstances": {"Reservations": [{"Instances": [{"SubnetId": "subnet-1"}]}]}}}`, `missing "InstanceId"`},
		{"DescribeInstances interface without NetworkInterfaceId", `{"ec2": {"DescribeInstances": {"Reservations": [{"Instances": [{"InstanceId": "i-1", "NetworkInterfaces": [{"SubnetId": "subnet-1"}]}]}]}}}`, `missing "NetworkInterfaceId"`},
		{"GetPolicyVersion non-default version alone (IAM-UG \"Versioning IAM policies\")", `{"iam": {"GetPolicyVersion": [{"PolicyArn": "arn:aws:iam::123456789012:policy/p", "PolicyVersion": {"VersionId": "v1", "IsDefaultVersion": false, "Document": ` + policy + `}}]}}`, ""},
		{"GetPolicyVersion default version twice", `{"iam": {"GetPolicyVersion": [{"PolicyArn": "arn:aws:iam::123456789012:policy/p", "PolicyVersion": {"VersionId": "v1", "IsDefaultVersion": true, "Document": ` + policy + `}}, {"PolicyArn": "arn:aws:iam::123456789012:policy/p", "PolicyVersion": {"VersionId": "v1", "IsDefaultVersion": true, "Document": ` + policy + `}}]}}`, "duplicate default version"},
		{"DescribeDhcpOptions without DhcpOptionsId", `{"ec2": {"DescribeDhcpOptions": {"DhcpOptions": [{"DhcpConfigurations": []}]}}}`, `missing "DhcpOptionsId"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Read("t.json", []byte(tc.in))
			if tc.err == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Fatalf("err %v, want it to mention %s", err, tc.err)
			}
			if strings.Contains(err.Error(), "hunter2") {
				t.Error("the error repeats a secret value")
			}
		})
	}
}

// TestSnapshotLoad reads a snapshot file through the source.Source
// interface, and stops on a cancelled context.
func TestSnapshotLoad(t *testing.T) {
	path := filepath.Join(t.TempDir(), "account.json")
	if err := os.WriteFile(path, []byte(`{"region": "eu-west-1"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	w, err := (&Snapshot{Path: path}).Load(context.Background())
	if err != nil || w.Region != "eu-west-1" || w.Partition != "aws" {
		t.Fatalf("Load: %v %+v", err, w)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := (&Snapshot{Path: path}).Load(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("Load with a cancelled context: %v", err)
	}
}
