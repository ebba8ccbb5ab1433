package snapshot

import (
	"errors"
	"io/fs"
	"strings"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/source"
	"github.com/ecs-preflight/ecs-preflight/world"
)

// head is the top of every test document; sections start on line 2.
const head = `{"snapshotVersion": "1", "partition": "aws", "region": "eu-west-1", "accountId": "123456789012",` + "\n"

func doc(body string) []byte { return []byte(head + body + "\n}") }

func TestRead(t *testing.T) {
	tests := []struct {
		name  string
		body  string
		check func(t *testing.T, w *world.World)
	}{
		{
			name: "top level: partition derived from region when absent",
			body: `"ec2": {}`,
			check: func(t *testing.T, w *world.World) {
				if w.Partition != "aws" || w.Region != "eu-west-1" || w.AccountID != "123456789012" {
					t.Errorf("got %q %q %q", w.Partition, w.Region, w.AccountID)
				}
				if w.Subnets.Known {
					t.Error("an absent operation must leave its set unknown")
				}
			},
		},
		{
			name: "ec2: a list operation is known and complete",
			body: `"ec2": {"DescribeSubnets": {"Subnets": [
  {"SubnetId": "subnet-1", "VpcId": "vpc-1", "MapPublicIpOnLaunch": true, "SomeNewField": {"x": 1}}]}}`,
			check: func(t *testing.T, w *world.World) {
				s, found, _ := w.Subnets.Lookup("subnet-1")
				if !found || !s.MapPublicIpOnLaunch || s.VpcId != "vpc-1" {
					t.Fatalf("subnet-1 = %+v, found %v", s, found)
				}
				if _, _, absent := w.Subnets.Lookup("subnet-2"); !absent {
					t.Error("a complete listing must prove subnet-2 absent")
				}
				if w.Subnets.Source != "ec2:DescribeSubnets" {
					t.Errorf("Source = %q", w.Subnets.Source)
				}
				if want := (world.Origin{File: "t.json", Path: "$.ec2.DescribeSubnets.Subnets[0]", Line: 3}); s.Origin != want {
					t.Errorf("Origin = %+v, want %+v", s.Origin, want)
				}
			},
		},
		{
			name: "ec2: pages are merged",
			body: `"ec2": {"DescribeSubnets": [{"Subnets": [{"SubnetId": "subnet-1", "VpcId": "v"}]}, {"Subnets": [{"SubnetId": "subnet-2", "VpcId": "v"}]}]}`,
			check: func(t *testing.T, w *world.World) {
				if w.Subnets.Len() != 2 || !w.Subnets.Complete {
					t.Errorf("Len %d Complete %v", w.Subnets.Len(), w.Subnets.Complete)
				}
				if p := w.Subnets.Get("subnet-2").Origin.Path; p != "$.ec2.DescribeSubnets[1].Subnets[0]" {
					t.Errorf("path %q", p)
				}
			},
		},
		{
			name: "ec2: a last page with NextToken is not complete",
			body: `"ec2": {"DescribeSubnets": {"Subnets": [{"SubnetId": "subnet-1", "VpcId": "v"}], "NextToken": "abc"}}`,
			check: func(t *testing.T, w *world.World) {
				if !w.Subnets.Known || w.Subnets.Complete {
					t.Errorf("Known %v Complete %v", w.Subnets.Known, w.Subnets.Complete)
				}
			},
		},
		{
			name: "ec2: empty listing is complete and empty",
			body: `"ec2": {"DescribeVpcEndpoints": {"VpcEndpoints": []}}`,
			check: func(t *testing.T, w *world.World) {
				if _, _, absent := w.VPCEndpoints.Lookup("vpce-1"); !absent {
					t.Error("want absent")
				}
			},
		},
		{
			name: "ec2: VPC DNS attributes merged from DescribeVpcAttribute",
			body: `"ec2": {"DescribeVpcs": {"Vpcs": [{"VpcId": "vpc-1"}]},
 "DescribeVpcAttribute": [{"VpcId": "vpc-1", "EnableDnsSupport": {"Value": true}}, {"VpcId": "vpc-1", "EnableDnsHostnames": {"Value": false}}]}`,
			check: func(t *testing.T, w *world.World) {
				v := w.VPCs.Get("vpc-1")
				if v.EnableDnsSupport == nil || !*v.EnableDnsSupport || v.EnableDnsHostnames == nil || *v.EnableDnsHostnames {
					t.Errorf("%+v", v)
				}
			},
		},
		{
			name: "ec2: endpoint policy as a JSON string is compacted",
			body: `"ec2": {"DescribeVpcEndpoints": {"VpcEndpoints": [{"VpcEndpointId": "vpce-1", "VpcEndpointType": "Interface", "VpcId": "v", "ServiceName": "com.amazonaws.eu-west-1.logs",
  "PolicyDocument": "{\n \"Statement\": [ {\"Effect\": \"Allow\", \"Action\": \"*\", \"Principal\": \"*\", \"Resource\": \"*\"} ]\n}", "PrivateDnsEnabled": false}]}}`,
			check: func(t *testing.T, w *world.World) {
				e := w.VPCEndpoints.Get("vpce-1")
				if want := `{"Statement":[{"Effect":"Allow","Action":"*","Principal":"*","Resource":"*"}]}`; e.PolicyDocument != want {
					t.Errorf("PolicyDocument = %s", e.PolicyDocument)
				}
				if e.PrivateDnsEnabled == nil || *e.PrivateDnsEnabled {
					t.Error("PrivateDnsEnabled must be a known false")
				}
			},
		},
		{
			name: "ec2: instances from every reservation and page, with their interfaces",
			body: `"ec2": {"DescribeInstances": [{"Reservations": [
  {"Instances": [{"InstanceId": "i-nat", "SubnetId": "subnet-pub", "VpcId": "vpc-1", "State": {"Code": 16, "Name": "running"}, "SourceDestCheck": false,
    "PublicIpAddress": "203.0.113.7", "SecurityGroups": [{"GroupId": "sg-nat", "GroupName": "nat"}],
    "NetworkInterfaces": [{"NetworkInterfaceId": "eni-nat", "SubnetId": "subnet-pub", "SourceDestCheck": false, "Groups": [{"GroupId": "sg-nat"}],
      "Association": {"PublicIp": "203.0.113.7"}, "Attachment": {"DeviceIndex": 0}}]}]},
  {"Instances": []}]},
 {"Reservations": [{"Instances": [{"InstanceId": "i-web", "State": {"Name": "stopped"}}]}]}]}`,
			check: func(t *testing.T, w *world.World) {
				nat, found, _ := w.Instances.Lookup("i-nat")
				if !found || nat.State.Name != "running" || nat.SourceDestCheck == nil || *nat.SourceDestCheck || nat.PublicIpAddress == "" {
					t.Fatalf("i-nat = %+v", nat)
				}
				if len(nat.NetworkInterfaces) != 1 || nat.NetworkInterfaces[0].NetworkInterfaceId != "eni-nat" || nat.NetworkInterfaces[0].Association.PublicIp != "203.0.113.7" ||
					nat.NetworkInterfaces[0].Groups[0].GroupId != "sg-nat" || nat.SecurityGroups[0].GroupId != "sg-nat" {
					t.Errorf("interfaces %+v", nat.NetworkInterfaces)
				}
				if w.Instances.Source != "ec2:DescribeInstances" || !w.Instances.Complete {
					t.Errorf("Source %q Complete %v", w.Instances.Source, w.Instances.Complete)
				}
				if _, _, absent := w.Instances.Lookup("i-gone"); !absent {
					t.Error("a complete listing must prove i-gone absent")
				}
				if p := w.Instances.Get("i-web").Origin.Path; p != "$.ec2.DescribeInstances[1].Reservations[0].Instances[0]" {
					t.Errorf("path %q", p)
				}
				if w.Instances.Get("i-web").SourceDestCheck != nil {
					t.Error("an absent SourceDestCheck must stay unknown")
				}
			},
		},
		{
			name: "ec2: instances listing cut short is partial",
			body: `"ec2": {"DescribeInstances": {"Reservations": [], "NextToken": "t"}}`,
			check: func(t *testing.T, w *world.World) {
				if !w.Instances.Known || w.Instances.Complete {
					t.Errorf("Known %v Complete %v", w.Instances.Known, w.Instances.Complete)
				}
			},
		},
		{
			name: "ec2: route origins carry the route index",
			body: `"ec2": {"DescribeRouteTables": {"RouteTables": [{"RouteTableId": "rtb-1", "VpcId": "v", "Routes": [
  {"DestinationCidrBlock": "10.0.0.0/16", "GatewayId": "local", "Origin": "CreateRouteTable"},
  {"DestinationCidrBlock": "0.0.0.0/0", "NatGatewayId": "nat-1", "State": "blackhole"}]}]}}`,
			check: func(t *testing.T, w *world.World) {
				rt := w.RouteTables.Get("rtb-1")
				if len(rt.Routes) != 2 || rt.Routes[1].NatGatewayId != "nat-1" || rt.Routes[1].State != "blackhole" {
					t.Fatalf("%+v", rt.Routes)
				}
				if want := (world.Origin{File: "t.json", Path: "$.ec2.DescribeRouteTables.RouteTables[0].Routes[1]", Line: 4}); rt.Routes[1].Origin != want {
					t.Errorf("Origin = %+v", rt.Routes[1].Origin)
				}
			},
		},
		{
			name: "ec2: prefix lists from all three operations",
			body: `"ec2": {"DescribeManagedPrefixLists": {"PrefixLists": [{"PrefixListId": "pl-s3", "PrefixListName": "com.amazonaws.eu-west-1.s3"}, {"PrefixListId": "pl-mine", "PrefixListName": "office"}]},
 "DescribePrefixLists": {"PrefixLists": [{"PrefixListId": "pl-s3", "PrefixListName": "com.amazonaws.eu-west-1.s3", "Cidrs": ["52.218.0.0/17"]}]},
 "GetManagedPrefixListEntries": [{"PrefixListId": "pl-mine", "Entries": [{"Cidr": "198.51.100.0/24", "Description": "HQ"}]}]}`,
			check: func(t *testing.T, w *world.World) {
				s3, mine := w.PrefixLists.Get("pl-s3"), w.PrefixLists.Get("pl-mine")
				if !s3.CidrsKnown || len(s3.Cidrs) != 1 || !mine.CidrsKnown || mine.Cidrs[0] != "198.51.100.0/24" {
					t.Errorf("%+v %+v", s3, mine)
				}
				if !w.PrefixLists.Complete {
					t.Error("DescribeManagedPrefixLists makes the set complete")
				}
			},
		},
		{
			name: "ec2: DescribePrefixLists alone is not complete",
			body: `"ec2": {"DescribePrefixLists": {"PrefixLists": [{"PrefixListId": "pl-s3", "Cidrs": ["52.218.0.0/17"]}]}}`,
			check: func(t *testing.T, w *world.World) {
				if w.PrefixLists.Complete || !w.PrefixLists.Get("pl-s3").CidrsKnown {
					t.Error("want known cidrs, incomplete set")
				}
			},
		},
		{
			name: "ec2: DHCP options name servers",
			body: `"ec2": {"DescribeDhcpOptions": {"DhcpOptions": [{"DhcpOptionsId": "dopt-1", "DhcpConfigurations": [
  {"Key": "domain-name-servers", "Values": [{"Value": "10.0.0.2"}, {"Value": "10.0.0.3"}]}]}]}}`,
			check: func(t *testing.T, w *world.World) {
				if d := w.DHCPOptions.Get("dopt-1"); strings.Join(d.DomainNameServers, ",") != "10.0.0.2,10.0.0.3" {
					t.Errorf("%+v", d)
				}
			},
		},
		{
			name: "ecs: task definition keyed by ARN, unknown container fields recorded",
			body: `"ecs": {"DescribeTaskDefinition": [{"taskDefinition": {"taskDefinitionArn": "arn:aws:ecs:eu-west-1:123456789012:task-definition/web:3", "family": "web", "revision": 3,
  "status": "ACTIVE", "containerDefinitions": [{"name": "app", "image": "nginx", "imagePullBehavior": "always", "essential": true}]}}]}`,
			check: func(t *testing.T, w *world.World) {
				td := w.TaskDefinitions.Get("arn:aws:ecs:eu-west-1:123456789012:task-definition/web:3")
				if td == nil || td.Name() != "web:3" {
					t.Fatalf("keys %v", w.TaskDefinitions.Keys())
				}
				c := td.ContainerDefinitions[0]
				if len(c.ExtraFields) != 1 || c.ExtraFields[0] != "imagePullBehavior" || c.Essential == nil || !*c.Essential {
					t.Errorf("%+v", c)
				}
				if c.Origin.Path != "$.ecs.DescribeTaskDefinition[0].taskDefinition.containerDefinitions[0]" {
					t.Errorf("Origin %+v", c.Origin)
				}
				if w.TaskDefinitions.Complete {
					t.Error("per-resource operations are not complete")
				}
			},
		},
		{
			name: "ecs: task definition without ARN keyed by family:revision",
			body: `"ecs": {"DescribeTaskDefinition": {"taskDefinition": {"family": "web", "revision": 4, "containerDefinitions": []}}}`,
			check: func(t *testing.T, w *world.World) {
				if w.TaskDefinitions.Get("web:4") == nil {
					t.Errorf("keys %v", w.TaskDefinitions.Keys())
				}
			},
		},
		{
			name: "ecs: services known but not complete",
			body: `"ecs": {"DescribeServices": {"services": [{"serviceName": "web", "serviceArn": "arn:aws:ecs:eu-west-1:123456789012:service/prod/web", "taskDefinition": "web:4",
  "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["subnet-1"], "assignPublicIp": "DISABLED"}}}], "failures": []}}`,
			check: func(t *testing.T, w *world.World) {
				s := w.Services.Get("arn:aws:ecs:eu-west-1:123456789012:service/prod/web")
				if s == nil || s.NetworkConfiguration.AwsvpcConfiguration.Subnets[0] != "subnet-1" {
					t.Fatalf("%+v", s)
				}
				if w.Services.Complete {
					t.Error("DescribeServices names its services; it is not a listing")
				}
			},
		},
		{
			name: "iam: role with attached, inline, boundary",
			body: `"iam": {"GetRole": [{"Role": {"RoleName": "exec", "Arn": "arn:aws:iam::123456789012:role/exec",
   "AssumeRolePolicyDocument": "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Principal%22%3A%7B%22Service%22%3A%22ecs-tasks.amazonaws.com%22%7D%2C%22Action%22%3A%22sts%3AAssumeRole%22%7D%5D%7D",
   "PermissionsBoundary": {"PermissionsBoundaryType": "Policy", "PermissionsBoundaryArn": "arn:aws:iam::123456789012:policy/boundary"}}}],
 "ListAttachedRolePolicies": [{"RoleName": "exec", "AttachedPolicies": [{"PolicyName": "P", "PolicyArn": "arn:aws:iam::aws:policy/P"}]}],
 "ListRolePolicies": [{"RoleName": "exec", "PolicyNames": ["inline1"]}],
 "GetRolePolicy": [{"RoleName": "exec", "PolicyName": "inline1", "PolicyDocument": {"Version": "2012-10-17", "Statement": []}}]}`,
			check: func(t *testing.T, w *world.World) {
				r := w.Roles.Get("arn:aws:iam::123456789012:role/exec")
				if !r.AttachedKnown || !r.InlineKnown || !r.BoundaryKnown || r.PermissionsBoundaryArn != "arn:aws:iam::123456789012:policy/boundary" {
					t.Errorf("%+v", r)
				}
				if want := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}`; r.AssumeRolePolicyDocument != want {
					t.Errorf("URL-encoded trust policy decoded to %s", r.AssumeRolePolicyDocument)
				}
				if len(r.InlinePolicies) != 1 || r.InlinePolicies[0].PolicyDocument != `{"Version":"2012-10-17","Statement":[]}` {
					t.Errorf("%+v", r.InlinePolicies)
				}
			},
		},
		{
			name: "iam: role without List* operations has unknown policies",
			body: `"iam": {"GetRole": {"Role": {"RoleName": "exec", "Arn": "arn:aws:iam::123456789012:role/exec"}}}`,
			check: func(t *testing.T, w *world.World) {
				r := w.Roles.Get("arn:aws:iam::123456789012:role/exec")
				if r.AttachedKnown || r.InlineKnown || !r.BoundaryKnown || r.PermissionsBoundaryArn != "" {
					t.Errorf("%+v", r)
				}
			},
		},
		{
			name: "iam: listed inline policy without its document leaves inline unknown",
			body: `"iam": {"GetRole": [{"Role": {"RoleName": "exec", "Arn": "arn:aws:iam::123456789012:role/exec"}}],
 "ListRolePolicies": [{"RoleName": "exec", "PolicyNames": ["a", "b"]}],
 "GetRolePolicy": [{"RoleName": "exec", "PolicyName": "a", "PolicyDocument": "{}"}]}`,
			check: func(t *testing.T, w *world.World) {
				r := w.Roles.Get("arn:aws:iam::123456789012:role/exec")
				if r.InlineKnown || r.Unknown["InlinePolicies"] != "iam:GetRolePolicy for b" {
					t.Errorf("%+v", r)
				}
			},
		},
		{
			name: "iam: truncated attached listing is not known",
			body: `"iam": {"GetRole": [{"Role": {"RoleName": "exec", "Arn": "arn:aws:iam::123456789012:role/exec"}}],
 "ListAttachedRolePolicies": [{"RoleName": "exec", "AttachedPolicies": [], "IsTruncated": true, "Marker": "m"}]}`,
			check: func(t *testing.T, w *world.World) {
				if w.Roles.Get("arn:aws:iam::123456789012:role/exec").AttachedKnown {
					t.Error("want AttachedKnown false")
				}
			},
		},
		{
			name: "iam: managed policy document from its default version only",
			body: `"iam": {"GetPolicy": [{"Policy": {"PolicyName": "P", "Arn": "arn:aws:iam::123456789012:policy/P", "DefaultVersionId": "v2"}}],
 "GetPolicyVersion": [
   {"PolicyArn": "arn:aws:iam::123456789012:policy/P", "PolicyVersion": {"Document": {"Statement": "old"}, "VersionId": "v1", "IsDefaultVersion": false}},
   {"PolicyArn": "arn:aws:iam::123456789012:policy/P", "PolicyVersion": {"Document": {"Statement": "new"}, "VersionId": "v2", "IsDefaultVersion": true}}]}`,
			check: func(t *testing.T, w *world.World) {
				if d := w.Policies.Get("arn:aws:iam::123456789012:policy/P").Document; d != `{"Statement":"new"}` {
					t.Errorf("Document = %s", d)
				}
			},
		},
		{
			name: "ecr: repositories, encryption, policies known, pull through cache",
			body: `"ecr": {"DescribeRepositories": {"repositories": [
   {"repositoryArn": "arn:aws:ecr:eu-west-1:123456789012:repository/app", "registryId": "123456789012", "repositoryName": "app", "encryptionConfiguration": {"encryptionType": "KMS", "kmsKey": "arn:aws:kms:eu-west-1:123456789012:key/k"}},
   {"repositoryArn": "arn:aws:ecr:eu-west-1:123456789012:repository/docker-hub/library/nginx", "registryId": "123456789012", "repositoryName": "docker-hub/library/nginx"}]},
 "GetRepositoryPolicy": [{"registryId": "123456789012", "repositoryName": "app", "policyText": "{\n  \"Version\" : \"2012-10-17\"\n}"}],
 "DescribePullThroughCacheRules": {"pullThroughCacheRules": [{"ecrRepositoryPrefix": "docker-hub", "upstreamRegistryUrl": "registry-1.docker.io"}]}}`,
			check: func(t *testing.T, w *world.World) {
				app := w.Repositories.Get("arn:aws:ecr:eu-west-1:123456789012:repository/app")
				nginx := w.Repositories.Get("arn:aws:ecr:eu-west-1:123456789012:repository/docker-hub/library/nginx")
				if app.EncryptionType != "KMS" || app.KmsKey == "" || app.PolicyText != `{"Version":"2012-10-17"}` || !app.PolicyKnown || app.PullThroughCache {
					t.Errorf("app %+v", app)
				}
				if !nginx.PolicyKnown || nginx.PolicyText != "" || !nginx.PullThroughCache {
					t.Errorf("nginx %+v", nginx)
				}
				if w.Repositories.Complete {
					t.Error("with pull through cache rules a missing repository may appear on first pull")
				}
			},
		},
		{
			name: "ecr: policy of another account's repository",
			body: `"ecr": {"GetRepositoryPolicy": [{"registryId": "210987654321", "repositoryName": "shared", "policyText": "{}"}]}`,
			check: func(t *testing.T, w *world.World) {
				r := w.Repositories.Get("arn:aws:ecr:eu-west-1:210987654321:repository/shared")
				if r == nil || !r.PolicyKnown || w.Repositories.Complete {
					t.Errorf("%v %+v", w.Repositories.Keys(), r)
				}
			},
		},
		{
			name: "secretsmanager: secret, no resource policy, key shape, deleted",
			body: `"secretsmanager": {"DescribeSecret": [
   {"ARN": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf", "Name": "db", "KmsKeyId": "alias/app"},
   {"ARN": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:old-123456", "Name": "old", "DeletedDate": "2026-01-01T00:00:00Z"}],
 "GetResourcePolicy": [],
 "SecretKeys": [{"SecretId": "db", "Kind": "json", "Keys": ["username", "password"]}]}`,
			check: func(t *testing.T, w *world.World) {
				db := w.Secrets.Get("arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf")
				if !db.ResourcePolicyKnown || db.ResourcePolicy != "" || db.Value == nil || db.Value.Kind != "json" || len(db.Value.Keys) != 2 || db.KmsKeyId != "alias/app" {
					t.Errorf("%+v", db)
				}
				if !w.Secrets.Get("arn:aws:secretsmanager:eu-west-1:123456789012:secret:old-123456").Deleted {
					t.Error("want Deleted")
				}
			},
		},
		{
			name: "kms: key, policy by key id, aliases complete",
			body: `"kms": {"DescribeKey": [{"KeyMetadata": {"KeyId": "k1", "Arn": "arn:aws:kms:eu-west-1:123456789012:key/k1", "KeyManager": "CUSTOMER", "KeyState": "Enabled", "Origin": "AWS_KMS"}}],
 "GetKeyPolicy": [{"KeyId": "k1", "Policy": "{\"Statement\": []}"}],
 "ListAliases": {"Aliases": [{"AliasName": "alias/app", "AliasArn": "arn:aws:kms:eu-west-1:123456789012:alias/app", "TargetKeyId": "k1"}]}}`,
			check: func(t *testing.T, w *world.World) {
				k := w.Keys.Get("arn:aws:kms:eu-west-1:123456789012:key/k1")
				if k.Policy != `{"Statement":[]}` || k.KeyManager != "CUSTOMER" {
					t.Errorf("%+v", k)
				}
				if !w.KeyAliases.Complete || w.KeyAliases.Get("arn:aws:kms:eu-west-1:123456789012:alias/app") == nil {
					t.Error("alias")
				}
			},
		},
		{
			name: "ssm: parameter ARN built when the response has none",
			body: `"ssm": {"DescribeParameters": {"Parameters": [{"Name": "/app/token", "Type": "SecureString", "KeyId": "alias/aws/ssm"}]}}`,
			check: func(t *testing.T, w *world.World) {
				p := w.Parameters.Get("arn:aws:ssm:eu-west-1:123456789012:parameter/app/token")
				if p == nil || p.Type != "SecureString" || !w.Parameters.Complete {
					t.Errorf("%v", w.Parameters.Keys())
				}
			},
		},
		{
			name: "logs: log group keyed by ARN without :*",
			body: `"logs": {"DescribeLogGroups": {"logGroups": [{"logGroupName": "/ecs/app", "arn": "arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/app:*"}]}}`,
			check: func(t *testing.T, w *world.World) {
				lg := w.LogGroups.Get("arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/app")
				if lg == nil || lg.Arn != "arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/app" {
					t.Errorf("%v", w.LogGroups.Keys())
				}
			},
		},
		{
			name: "s3: bucket policy and location; absent policy known",
			body: `"s3": {"GetBucketPolicy": [{"Bucket": "env-a", "Policy": "{\"Statement\":[]}"}],
 "GetBucketLocation": [{"Bucket": "env-a", "LocationConstraint": "eu-west-1"}, {"Bucket": "env-b", "LocationConstraint": null}, {"Bucket": "env-c", "LocationConstraint": "EU"}]}`,
			check: func(t *testing.T, w *world.World) {
				a, b, c := w.Buckets.Get("env-a"), w.Buckets.Get("env-b"), w.Buckets.Get("env-c")
				if a.Region != "eu-west-1" || a.Policy != `{"Statement":[]}` || !a.PolicyKnown {
					t.Errorf("a %+v", a)
				}
				if b.Region != "us-east-1" || !b.PolicyKnown || b.Policy != "" || c.Region != "eu-west-1" {
					t.Errorf("b %+v c %+v", b, c)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, err := Read("t.json", doc(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, w)
		})
	}
}

func TestReadErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string // whole document
		want string // the whole error text
	}{
		{
			name: "malformed JSON: line and column",
			in:   "{\n  \"ec2\": {\n    \"DescribeVpcs\": {\"Vpcs\": [}\n  }\n}",
			want: `loading snapshot "t.json": line 3, column 31: invalid character '}' looking for beginning of value`,
		},
		{
			name: "truncated JSON",
			in:   "{\"ec2\": {",
			want: `loading snapshot "t.json": line 1, column 10: unexpected end of JSON input`,
		},
		{
			name: "empty file",
			in:   "",
			want: `loading snapshot "t.json": line 1, column 1: empty document (want a JSON object)`,
		},
		{
			name: "trailing data",
			in:   "{}\n{}",
			want: `loading snapshot "t.json": line 2, column 1: unexpected data after the top-level value`,
		},
		{
			name: "duplicate key",
			in:   "{\"ec2\": {}, \"ec2\": {}}",
			want: `loading snapshot "t.json": line 1, column 13: duplicate key "ec2"`,
		},
		{
			name: "top level is not an object",
			in:   "[]",
			want: `loading snapshot "t.json": line 1, column 1: $: want object, got array`,
		},
		{
			name: "unknown section with suggestion",
			in:   "{\n \"secretmanager\": {}}",
			want: `loading snapshot "t.json": line 2, column 2: $.secretmanager: unknown key "secretmanager" (did you mean "secretsmanager"?)`,
		},
		{
			name: "unknown operation with suggestion",
			in:   "{\"ec2\": {\"DescribeSubnet\": {}}}",
			want: `loading snapshot "t.json": line 1, column 10: $.ec2.DescribeSubnet: unknown operation "DescribeSubnet" in section "ec2" (did you mean "DescribeSubnets"?)`,
		},
		{
			name: "wrong type inside a response, with index",
			in: `{"ec2": {"DescribeSubnets": {"Subnets": [
  {"SubnetId": "subnet-1", "VpcId": "v"},
  {"SubnetId": "subnet-2", "VpcId": "v"},
  {"SubnetId": "subnet-3", "VpcId": "v", "MapPublicIpOnLaunch": "true"}]}}}`,
			want: `loading snapshot "t.json": line 4, column 65: $.ec2.DescribeSubnets.Subnets[2].MapPublicIpOnLaunch: want bool, got string`,
		},
		{
			name: "instance field of the wrong type, with reservation and instance indexes",
			in: `{"ec2": {"DescribeInstances": {"Reservations": [{"Instances": [{"InstanceId": "i-1"}]},
  {"Instances": [{"InstanceId": "i-2"}, {"InstanceId": "i-3", "SourceDestCheck": "false"}]}]}}}`,
			want: `loading snapshot "t.json": line 2, column 82: $.ec2.DescribeInstances.Reservations[1].Instances[1].SourceDestCheck: want bool, got string`,
		},
		{
			name: "reservation without Instances",
			in:   `{"ec2": {"DescribeInstances": {"Reservations": [{"ReservationId": "r-1"}]}}}`,
			want: `loading snapshot "t.json": line 1, column 49: $.ec2.DescribeInstances.Reservations[0]: missing "Instances": want the whole DescribeInstances response, as the AWS CLI prints it`,
		},
		{
			name: "duplicate instance across reservations",
			in:   `{"ec2": {"DescribeInstances": {"Reservations": [{"Instances": [{"InstanceId": "i-1"}]}, {"Instances": [{"InstanceId": "i-1"}]}]}}}`,
			want: `loading snapshot "t.json": line 1, column 104: $.ec2.DescribeInstances.Reservations[1].Instances[0]: duplicate instance "i-1" (first at $.ec2.DescribeInstances.Reservations[0].Instances[0])`,
		},
		{
			name: "instance interface without its id",
			in:   `{"ec2": {"DescribeInstances": {"Reservations": [{"Instances": [{"InstanceId": "i-1", "NetworkInterfaces": [{"SubnetId": "s"}]}]}]}}}`,
			want: `loading snapshot "t.json": line 1, column 108: $.ec2.DescribeInstances.Reservations[0].Instances[0].NetworkInterfaces[0]: missing "NetworkInterfaceId"`,
		},
		{
			name: "integer wanted",
			in:   `{"ecs": {"DescribeTaskDefinition": [{"taskDefinition": {"family": "f", "revision": 1.5}}]}}`,
			want: `loading snapshot "t.json": line 1, column 84: $.ecs.DescribeTaskDefinition[0].taskDefinition.revision: want integer, got number 1.5`,
		},
		{
			name: "list key missing: the inner array pasted instead of the response",
			in:   `{"ec2": {"DescribeSubnets": [{"SubnetId": "subnet-1"}]}}`,
			want: `loading snapshot "t.json": line 1, column 30: $.ec2.DescribeSubnets[0]: missing "Subnets": want the whole DescribeSubnets response, as the AWS CLI prints it`,
		},
		{
			name: "missing id",
			in:   `{"ec2": {"DescribeVpcs": {"Vpcs": [{"CidrBlock": "10.0.0.0/16"}]}}}`,
			want: `loading snapshot "t.json": line 1, column 36: $.ec2.DescribeVpcs.Vpcs[0]: missing "VpcId"`,
		},
		{
			name: "duplicate resource",
			in:   `{"ec2": {"DescribeVpcs": {"Vpcs": [{"VpcId": "vpc-1"}, {"VpcId": "vpc-1"}]}}}`,
			want: `loading snapshot "t.json": line 1, column 56: $.ec2.DescribeVpcs.Vpcs[1]: duplicate VPC "vpc-1" (first at $.ec2.DescribeVpcs.Vpcs[0])`,
		},
		{
			name: "operation value of the wrong type",
			in:   `{"ec2": {"DescribeVpcs": "vpc-1"}}`,
			want: `loading snapshot "t.json": line 1, column 26: $.ec2.DescribeVpcs: want response object or array of responses, got string`,
		},
		{
			name: "secret value in DescribeSecret",
			in:   `{"secretsmanager": {"DescribeSecret": [{"ARN": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:x-AbCdEf", "SecretString": "hunter2"}]}}`,
			want: `loading snapshot "t.json": line 1, column 113: $.secretsmanager.DescribeSecret[0].SecretString: snapshots must not carry secret values: remove "SecretString" (SecretKeys records the key names of a JSON secret)`,
		},
		{
			name: "GetSecretValue is refused",
			in:   `{"secretsmanager": {"GetSecretValue": []}}`,
			want: `loading snapshot "t.json": line 1, column 21: $.secretsmanager.GetSecretValue: GetSecretValue returns secret values, and snapshots must not carry secret values (use SecretKeys for the shape of a secret, DescribeParameters for parameters)`,
		},
		{
			name: "SecretKeys for an undescribed secret",
			in:   `{"secretsmanager": {"SecretKeys": [{"SecretId": "db", "Kind": "json"}]}}`,
			want: `loading snapshot "t.json": line 1, column 36: $.secretsmanager.SecretKeys[0]: no DescribeSecret entry for secret "db" (add the output of aws secretsmanager describe-secret --secret-id db)`,
		},
		{
			name: "SecretKeys bad kind",
			in:   `{"secretsmanager": {"DescribeSecret": [{"ARN": "a", "Name": "db"}], "SecretKeys": [{"SecretId": "db", "Kind": "yaml"}]}}`,
			want: `loading snapshot "t.json": line 1, column 111: $.secretsmanager.SecretKeys[0].Kind: invalid kind "yaml" (want "json", "text" or "binary")`,
		},
		{
			name: "per-role list without GetRole",
			in:   `{"iam": {"ListAttachedRolePolicies": [{"RoleName": "exec", "AttachedPolicies": []}]}}`,
			want: `loading snapshot "t.json": line 1, column 39: $.iam.ListAttachedRolePolicies[0]: no GetRole entry for role "exec" (add the output of aws iam get-role --role-name exec)`,
		},
		{
			name: "added request field missing",
			in:   `{"iam": {"GetPolicyVersion": [{"PolicyVersion": {"Document": {}, "VersionId": "v1"}}]}}`,
			want: `loading snapshot "t.json": line 1, column 31: $.iam.GetPolicyVersion[0]: missing "PolicyArn" (add the request's --policy-arn beside the response)`,
		},
		{
			name: "policy document not JSON",
			in:   `{"kms": {"GetKeyPolicy": [{"KeyId": "arn:aws:kms:eu-west-1:123456789012:key/k", "Policy": "{not json"}]}}`,
			want: `loading snapshot "t.json": line 1, column 91: $.kms.GetKeyPolicy[0].Policy: policy document is not valid JSON: invalid character 'n' looking for beginning of object key string`,
		},
		{
			name: "VPC attribute for an unlisted VPC",
			in:   `{"ec2": {"DescribeVpcs": {"Vpcs": []}, "DescribeVpcAttribute": [{"VpcId": "vpc-9", "EnableDnsSupport": {"Value": true}}]}}`,
			want: `loading snapshot "t.json": line 1, column 65: $.ec2.DescribeVpcAttribute[0]: VPC "vpc-9" is not in DescribeVpcs`,
		},
		{
			name: "unsupported version",
			in:   `{"snapshotVersion": "2"}`,
			want: `loading snapshot "t.json": line 1, column 21: $.snapshotVersion: unsupported snapshot version "2" (this version of ecs-preflight reads "1")`,
		},
		{
			name: "bad account id",
			in:   `{"accountId": 123456789012}`,
			want: `loading snapshot "t.json": line 1, column 15: $.accountId: want string, got number 123456789012`,
		},
		{
			name: "key that needs bracket notation",
			in: `{"ecs": {"DescribeTaskDefinition": [{"taskDefinition": {"family": "f", "containerDefinitions": [{"name": "a", "image": "i",
  "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": 5}}}]}}]}}`,
			want: `loading snapshot "t.json": line 2, column 77: $.ecs.DescribeTaskDefinition[0].taskDefinition.containerDefinitions[0].logConfiguration.options["awslogs-group"]: want string, got number 5`,
		},
		{
			name: "column counts characters, not bytes",
			in:   `{"ec2": {"DescribeVpcs": {"Vpcs": [{"VpcId": "vpc-é", "IsDefault": "no"}]}}}`,
			want: `loading snapshot "t.json": line 1, column 68: $.ec2.DescribeVpcs.Vpcs[0].IsDefault: want bool, got string`,
		},
		{
			name: "organizations: a cycle in ListParents",
			in: `{"accountId": "123456789012", "organizations": {"ListParents": [
  {"ChildId": "123456789012", "Parents": [{"Id": "ou-abcd-11111111", "Type": "ORGANIZATIONAL_UNIT"}]},
  {"ChildId": "ou-abcd-11111111", "Parents": [{"Id": "ou-abcd-22222222", "Type": "ORGANIZATIONAL_UNIT"}]},
  {"ChildId": "ou-abcd-22222222", "Parents": [{"Id": "ou-abcd-11111111", "Type": "ORGANIZATIONAL_UNIT"}]}],
 "ListPoliciesForTarget": [{"TargetId": "123456789012", "Filter": "SERVICE_CONTROL_POLICY", "Policies": []}]}}`,
			want: `loading snapshot "t.json": line 4, column 3: $.organizations.ListParents[2]: cycle in ListParents: "ou-abcd-11111111" is its own ancestor`,
		},
		{
			name: "organizations: a policy type ecs-preflight does not evaluate",
			in:   `{"organizations": {"ListPoliciesForTarget": [{"TargetId": "r-abcd", "Filter": "TAG_POLICY", "Policies": []}]}}`,
			want: `loading snapshot "t.json": line 1, column 79: $.organizations.ListPoliciesForTarget[0].Filter: invalid filter "TAG_POLICY" (want "SERVICE_CONTROL_POLICY" or "RESOURCE_CONTROL_POLICY", the policy types ecs-preflight evaluates)`,
		},
		{
			name: "organizations: ListParents without the request's ChildId",
			in:   `{"organizations": {"ListParents": [{"Parents": [{"Id": "r-abcd", "Type": "ROOT"}]}]}}`,
			want: `loading snapshot "t.json": line 1, column 36: $.organizations.ListParents[0]: missing "ChildId" (add the request's --child-id beside the response)`,
		},
		{
			name: "organizations: two parents",
			in:   `{"organizations": {"ListParents": [{"ChildId": "123456789012", "Parents": [{"Id": "r-abcd", "Type": "ROOT"}, {"Id": "ou-1", "Type": "ORGANIZATIONAL_UNIT"}]}]}}`,
			want: `loading snapshot "t.json": line 1, column 75: $.organizations.ListParents[0].Parents: want exactly one parent of "123456789012", got 2`,
		},
		{
			name: "organizations: a parent that is not a root or an OU",
			in:   `{"organizations": {"ListParents": [{"ChildId": "123456789012", "Parents": [{"Id": "r-abcd", "Type": "ACCOUNT"}]}]}}`,
			want: `loading snapshot "t.json": line 1, column 76: $.organizations.ListParents[0].Parents[0]: invalid parent type "ACCOUNT" (want "ROOT" or "ORGANIZATIONAL_UNIT")`,
		},
		{
			name: "organizations: policy listings without the top-level accountId",
			in:   `{"organizations": {"ListPoliciesForTarget": [{"TargetId": "r-abcd", "Filter": "SERVICE_CONTROL_POLICY", "Policies": []}]}}`,
			want: `loading snapshot "t.json": line 1, column 46: $.organizations.ListPoliciesForTarget[0]: ListPoliciesForTarget needs the top-level accountId: the policy path starts at the snapshot's account`,
		},
		{
			name: "organizations: a listed policy of the other type",
			in:   `{"organizations": {"ListPoliciesForTarget": [{"TargetId": "r-abcd", "Filter": "SERVICE_CONTROL_POLICY", "Policies": [{"Id": "p-1", "Type": "RESOURCE_CONTROL_POLICY"}]}]}}`,
			want: `loading snapshot "t.json": line 1, column 140: $.organizations.ListPoliciesForTarget[0].Policies[0].Type: policy type "RESOURCE_CONTROL_POLICY" in a listing filtered by "SERVICE_CONTROL_POLICY"`,
		},
		{
			name: "organizations: policy content not JSON",
			in:   `{"organizations": {"DescribePolicy": [{"Policy": {"PolicySummary": {"Id": "p-1"}, "Content": "{not json"}}]}}`,
			want: `loading snapshot "t.json": line 1, column 94: $.organizations.DescribePolicy[0].Policy.Content: policy document is not valid JSON: invalid character 'n' looking for beginning of object key string`,
		},
		{
			name: "organizations: two DescribeOrganization responses",
			in:   `{"organizations": {"DescribeOrganization": [{"Organization": {"Id": "o-1"}}, {"Organization": {"Id": "o-2"}}]}}`,
			want: `loading snapshot "t.json": line 1, column 78: $.organizations.DescribeOrganization[1]: duplicate DescribeOrganization (first at $.organizations.DescribeOrganization[0])`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Read("t.json", []byte(tt.in))
			if err == nil {
				t.Fatalf("no error, want %s", tt.want)
			}
			var ie *source.InputError
			if !errors.As(err, &ie) || ie.Kind != "snapshot" || ie.File != "t.json" {
				t.Fatalf("error %T %v is not a snapshot InputError", err, err)
			}
			if err.Error() != tt.want {
				t.Errorf("error\n got: %s\nwant: %s", err, tt.want)
			}
			if strings.Contains(err.Error(), "hunter2") {
				t.Error("the error repeats a secret value")
			}
		})
	}
}

func TestReadEncodings(t *testing.T) {
	body := `{"region": "eu-west-1", "ec2": {"DescribeVpcs": {"Vpcs": [{"VpcId": "vpc-1"}]}}}`
	utf16le := []byte{0xFF, 0xFE}
	for _, c := range body {
		utf16le = append(utf16le, byte(c), 0)
	}
	for name, data := range map[string][]byte{
		"utf-8 BOM": append([]byte{0xEF, 0xBB, 0xBF}, body...),
		"utf-16le":  utf16le,
	} {
		t.Run(name, func(t *testing.T) {
			w, err := Read("t.json", data)
			if err != nil {
				t.Fatal(err)
			}
			if w.VPCs.Get("vpc-1") == nil {
				t.Error("vpc-1 missing")
			}
		})
	}
}

func TestReadTooLarge(t *testing.T) {
	_, err := Read("big.json", make([]byte, MaxSize+1))
	var ie *source.InputError
	if !errors.As(err, &ie) || !strings.Contains(err.Error(), "larger than 64 MiB") {
		t.Fatalf("got %v", err)
	}
}

func TestLoadMissingFile(t *testing.T) {
	_, err := Load("testdata/does-not-exist.json")
	var ie *source.InputError
	if !errors.As(err, &ie) || ie.File != "testdata/does-not-exist.json" || !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("got %v", err)
	}
	if want := `loading snapshot "testdata/does-not-exist.json": no such file or directory`; err.Error() != want {
		t.Errorf("got %q, want %q", err, want)
	}
}
