package awstest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/aws/aws-sdk-go-v2/service/route53"
	r53types "github.com/aws/aws-sdk-go-v2/service/route53/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/ssm"

	"github.com/ecs-preflight/ecs-preflight/examples"
	"github.com/ecs-preflight/ecs-preflight/internal/awstest"
)

// reader calls one snapshot operation with the real SDK client: once per
// entry of a per-resource operation (with the entry's identifying
// parameters), once for a list operation. It returns the output to compare
// with want (the entry, or the list response).
type reader func(ctx context.Context, cfg aws.Config, entry map[string]any) (out any, err error)

func s(m map[string]any, path string) *string {
	var v any = m
	for _, k := range strings.Split(path, ".") {
		mm, _ := v.(map[string]any)
		v = mm[k]
	}
	str, _ := v.(string)
	return aws.String(str)
}

// readers maps "section:Operation" to its call; list operations are marked
// in lists.
var readers = map[string]reader{
	"ecs:DescribeServices": func(ctx context.Context, cfg aws.Config, e map[string]any) (any, error) {
		svcs, _ := e["services"].([]any)
		var names []string
		var cluster *string
		for _, v := range svcs {
			m := v.(map[string]any)
			names = append(names, *s(m, "serviceArn"))
			cluster = s(m, "clusterArn")
		}
		return ecs.NewFromConfig(cfg).DescribeServices(ctx, &ecs.DescribeServicesInput{Cluster: cluster, Services: names})
	},
	"ecs:DescribeTaskDefinition": func(ctx context.Context, cfg aws.Config, e map[string]any) (any, error) {
		return ecs.NewFromConfig(cfg).DescribeTaskDefinition(ctx, &ecs.DescribeTaskDefinitionInput{TaskDefinition: s(e, "taskDefinition.taskDefinitionArn")})
	},
	"iam:GetRole": func(ctx context.Context, cfg aws.Config, e map[string]any) (any, error) {
		return iam.NewFromConfig(cfg).GetRole(ctx, &iam.GetRoleInput{RoleName: s(e, "Role.RoleName")})
	},
	"iam:ListAttachedRolePolicies": func(ctx context.Context, cfg aws.Config, e map[string]any) (any, error) {
		return iam.NewFromConfig(cfg).ListAttachedRolePolicies(ctx, &iam.ListAttachedRolePoliciesInput{RoleName: s(e, "RoleName")})
	},
	"iam:ListRolePolicies": func(ctx context.Context, cfg aws.Config, e map[string]any) (any, error) {
		return iam.NewFromConfig(cfg).ListRolePolicies(ctx, &iam.ListRolePoliciesInput{RoleName: s(e, "RoleName")})
	},
	"iam:GetRolePolicy": func(ctx context.Context, cfg aws.Config, e map[string]any) (any, error) {
		return iam.NewFromConfig(cfg).GetRolePolicy(ctx, &iam.GetRolePolicyInput{RoleName: s(e, "RoleName"), PolicyName: s(e, "PolicyName")})
	},
	"iam:GetPolicy": func(ctx context.Context, cfg aws.Config, e map[string]any) (any, error) {
		return iam.NewFromConfig(cfg).GetPolicy(ctx, &iam.GetPolicyInput{PolicyArn: s(e, "Policy.Arn")})
	},
	"iam:GetPolicyVersion": func(ctx context.Context, cfg aws.Config, e map[string]any) (any, error) {
		return iam.NewFromConfig(cfg).GetPolicyVersion(ctx, &iam.GetPolicyVersionInput{PolicyArn: s(e, "PolicyArn"), VersionId: s(e, "PolicyVersion.VersionId")})
	},
	"ec2:DescribeVpcs": func(ctx context.Context, cfg aws.Config, _ map[string]any) (any, error) {
		return ec2.NewFromConfig(cfg).DescribeVpcs(ctx, &ec2.DescribeVpcsInput{})
	},
	"ec2:DescribeVpcAttribute": func(ctx context.Context, cfg aws.Config, e map[string]any) (any, error) {
		attr := ec2types.VpcAttributeNameEnableDnsSupport
		if e["EnableDnsHostnames"] != nil {
			attr = ec2types.VpcAttributeNameEnableDnsHostnames
		}
		return ec2.NewFromConfig(cfg).DescribeVpcAttribute(ctx, &ec2.DescribeVpcAttributeInput{VpcId: s(e, "VpcId"), Attribute: attr})
	},
	"ec2:DescribeSubnets": func(ctx context.Context, cfg aws.Config, _ map[string]any) (any, error) {
		return ec2.NewFromConfig(cfg).DescribeSubnets(ctx, &ec2.DescribeSubnetsInput{})
	},
	"ec2:DescribeRouteTables": func(ctx context.Context, cfg aws.Config, _ map[string]any) (any, error) {
		return ec2.NewFromConfig(cfg).DescribeRouteTables(ctx, &ec2.DescribeRouteTablesInput{})
	},
	"ec2:DescribeSecurityGroups": func(ctx context.Context, cfg aws.Config, _ map[string]any) (any, error) {
		return ec2.NewFromConfig(cfg).DescribeSecurityGroups(ctx, &ec2.DescribeSecurityGroupsInput{})
	},
	"ec2:DescribeNetworkAcls": func(ctx context.Context, cfg aws.Config, _ map[string]any) (any, error) {
		return ec2.NewFromConfig(cfg).DescribeNetworkAcls(ctx, &ec2.DescribeNetworkAclsInput{})
	},
	"ec2:DescribeVpcEndpoints": func(ctx context.Context, cfg aws.Config, _ map[string]any) (any, error) {
		return ec2.NewFromConfig(cfg).DescribeVpcEndpoints(ctx, &ec2.DescribeVpcEndpointsInput{})
	},
	"ec2:DescribeInternetGateways": func(ctx context.Context, cfg aws.Config, _ map[string]any) (any, error) {
		return ec2.NewFromConfig(cfg).DescribeInternetGateways(ctx, &ec2.DescribeInternetGatewaysInput{})
	},
	"ec2:DescribeNatGateways": func(ctx context.Context, cfg aws.Config, _ map[string]any) (any, error) {
		return ec2.NewFromConfig(cfg).DescribeNatGateways(ctx, &ec2.DescribeNatGatewaysInput{})
	},
	"ec2:DescribePrefixLists": func(ctx context.Context, cfg aws.Config, _ map[string]any) (any, error) {
		return ec2.NewFromConfig(cfg).DescribePrefixLists(ctx, &ec2.DescribePrefixListsInput{})
	},
	"ec2:DescribeManagedPrefixLists": func(ctx context.Context, cfg aws.Config, _ map[string]any) (any, error) {
		return ec2.NewFromConfig(cfg).DescribeManagedPrefixLists(ctx, &ec2.DescribeManagedPrefixListsInput{})
	},
	"ec2:DescribeDhcpOptions": func(ctx context.Context, cfg aws.Config, _ map[string]any) (any, error) {
		return ec2.NewFromConfig(cfg).DescribeDhcpOptions(ctx, &ec2.DescribeDhcpOptionsInput{})
	},
	"ec2:DescribeInstances": func(ctx context.Context, cfg aws.Config, _ map[string]any) (any, error) {
		return ec2.NewFromConfig(cfg).DescribeInstances(ctx, &ec2.DescribeInstancesInput{})
	},
	"ec2:GetManagedPrefixListEntries": func(ctx context.Context, cfg aws.Config, e map[string]any) (any, error) {
		return ec2.NewFromConfig(cfg).GetManagedPrefixListEntries(ctx, &ec2.GetManagedPrefixListEntriesInput{PrefixListId: s(e, "PrefixListId")})
	},
	"ecr:DescribeRepositories": func(ctx context.Context, cfg aws.Config, _ map[string]any) (any, error) {
		return ecr.NewFromConfig(cfg).DescribeRepositories(ctx, &ecr.DescribeRepositoriesInput{})
	},
	"ecr:GetRepositoryPolicy": func(ctx context.Context, cfg aws.Config, e map[string]any) (any, error) {
		return ecr.NewFromConfig(cfg).GetRepositoryPolicy(ctx, &ecr.GetRepositoryPolicyInput{RepositoryName: s(e, "repositoryName")})
	},
	"ecr:DescribePullThroughCacheRules": func(ctx context.Context, cfg aws.Config, _ map[string]any) (any, error) {
		return ecr.NewFromConfig(cfg).DescribePullThroughCacheRules(ctx, &ecr.DescribePullThroughCacheRulesInput{})
	},
	"secretsmanager:DescribeSecret": func(ctx context.Context, cfg aws.Config, e map[string]any) (any, error) {
		return secretsmanager.NewFromConfig(cfg).DescribeSecret(ctx, &secretsmanager.DescribeSecretInput{SecretId: s(e, "ARN")})
	},
	"secretsmanager:GetResourcePolicy": func(ctx context.Context, cfg aws.Config, e map[string]any) (any, error) {
		return secretsmanager.NewFromConfig(cfg).GetResourcePolicy(ctx, &secretsmanager.GetResourcePolicyInput{SecretId: s(e, "ARN")})
	},
	"kms:DescribeKey": func(ctx context.Context, cfg aws.Config, e map[string]any) (any, error) {
		return kms.NewFromConfig(cfg).DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: s(e, "KeyMetadata.Arn")})
	},
	"kms:GetKeyPolicy": func(ctx context.Context, cfg aws.Config, e map[string]any) (any, error) {
		return kms.NewFromConfig(cfg).GetKeyPolicy(ctx, &kms.GetKeyPolicyInput{KeyId: s(e, "KeyId"), PolicyName: aws.String("default")})
	},
	"kms:ListAliases": func(ctx context.Context, cfg aws.Config, _ map[string]any) (any, error) {
		return kms.NewFromConfig(cfg).ListAliases(ctx, &kms.ListAliasesInput{})
	},
	"ssm:DescribeParameters": func(ctx context.Context, cfg aws.Config, _ map[string]any) (any, error) {
		return ssm.NewFromConfig(cfg).DescribeParameters(ctx, &ssm.DescribeParametersInput{})
	},
	"ecs:DescribeCapacityProviders": func(ctx context.Context, cfg aws.Config, e map[string]any) (any, error) {
		var names []string
		for _, c := range e["capacityProviders"].([]any) {
			names = append(names, *s(c.(map[string]any), "name"))
		}
		return ecs.NewFromConfig(cfg).DescribeCapacityProviders(ctx, &ecs.DescribeCapacityProvidersInput{CapacityProviders: names})
	},
	"route53:ListHostedZonesByVPC": func(ctx context.Context, cfg aws.Config, e map[string]any) (any, error) {
		return route53.NewFromConfig(cfg).ListHostedZonesByVPC(ctx, &route53.ListHostedZonesByVPCInput{VPCId: s(e, "VPCId"), VPCRegion: r53types.VPCRegion(*s(e, "VPCRegion"))})
	},
	"route53:GetHostedZone": func(ctx context.Context, cfg aws.Config, e map[string]any) (any, error) {
		return route53.NewFromConfig(cfg).GetHostedZone(ctx, &route53.GetHostedZoneInput{Id: s(e, "HostedZone.Id")})
	},
	"route53:ListResourceRecordSets": func(ctx context.Context, cfg aws.Config, e map[string]any) (any, error) {
		return route53.NewFromConfig(cfg).ListResourceRecordSets(ctx, &route53.ListResourceRecordSetsInput{HostedZoneId: s(e, "HostedZoneId")})
	},
	"s3:GetBucketPolicy": func(ctx context.Context, cfg aws.Config, e map[string]any) (any, error) {
		return s3.NewFromConfig(cfg, awstest.PathStyle).GetBucketPolicy(ctx, &s3.GetBucketPolicyInput{Bucket: s(e, "Bucket")})
	},
	"s3:GetBucketLocation": func(ctx context.Context, cfg aws.Config, e map[string]any) (any, error) {
		return s3.NewFromConfig(cfg, awstest.PathStyle).GetBucketLocation(ctx, &s3.GetBucketLocationInput{Bucket: s(e, "Bucket")})
	},
	"organizations:DescribeOrganization": func(ctx context.Context, cfg aws.Config, _ map[string]any) (any, error) {
		return organizations.NewFromConfig(cfg).DescribeOrganization(ctx, &organizations.DescribeOrganizationInput{})
	},
	"organizations:ListParents": func(ctx context.Context, cfg aws.Config, e map[string]any) (any, error) {
		return organizations.NewFromConfig(cfg).ListParents(ctx, &organizations.ListParentsInput{ChildId: s(e, "ChildId")})
	},
	"organizations:ListPoliciesForTarget": func(ctx context.Context, cfg aws.Config, e map[string]any) (any, error) {
		return organizations.NewFromConfig(cfg).ListPoliciesForTarget(ctx, &organizations.ListPoliciesForTargetInput{TargetId: s(e, "TargetId"), Filter: orgtypes.PolicyType(*s(e, "Filter"))})
	},
	"organizations:DescribePolicy": func(ctx context.Context, cfg aws.Config, e map[string]any) (any, error) {
		return organizations.NewFromConfig(cfg).DescribePolicy(ctx, &organizations.DescribePolicyInput{PolicyId: s(e, "Policy.PolicySummary.Id")})
	},
	"logs:DescribeLogGroups": func(ctx context.Context, cfg aws.Config, _ map[string]any) (any, error) {
		return cloudwatchlogs.NewFromConfig(cfg).DescribeLogGroups(ctx, &cloudwatchlogs.DescribeLogGroupsInput{})
	},
}

// perResource are the operations whose snapshot value is one response per
// resource (docs/snapshot.md "Sections").
var perResource = map[string]bool{
	"ecs:DescribeTaskDefinition": true, "iam:GetRole": true, "iam:ListAttachedRolePolicies": true,
	"iam:ListRolePolicies": true, "iam:GetRolePolicy": true, "iam:GetPolicy": true, "iam:GetPolicyVersion": true,
	"ec2:DescribeVpcAttribute": true, "ec2:GetManagedPrefixListEntries": true, "ecr:GetRepositoryPolicy": true,
	"secretsmanager:DescribeSecret": true, "secretsmanager:GetResourcePolicy": true, "kms:DescribeKey": true,
	"kms:GetKeyPolicy": true, "ecs:DescribeServices": true, "route53:ListHostedZonesByVPC": true,
	"route53:GetHostedZone": true, "route53:ListResourceRecordSets": true, "s3:GetBucketPolicy": true,
	"s3:GetBucketLocation": true, "organizations:ListParents": true, "organizations:ListPoliciesForTarget": true,
	"organizations:DescribePolicy": true,
}

// documents are the snapshots the round trip reads: every embedded example,
// the reader's full snapshot and Route 53 scenarios, and this package's
// document of the operations the others lack.
func documents(t *testing.T) map[string][]byte {
	docs := map[string][]byte{}
	for _, ex := range examples.All() {
		docs[ex.Name] = ex.Data
	}
	for _, f := range []string{
		"../../source/snapshot/testdata/full.json",
		"../../source/snapshot/testdata/scenarios/central-endpoints-peering.json",
		"../../source/snapshot/testdata/scenarios/central-endpoints-peer-missing.json",
		"testdata/extra.json",
	} {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		docs[filepath.Base(f)] = b
	}
	return docs
}

// notServed are snapshot keys that are not AWS operations.
var notServed = map[string]bool{"secretsmanager:SecretKeys": true}

// TestExamplesRoundTrip reads every operation of every embedded example
// through the real SDK client and checks that the output, marshalled back,
// carries each field the snapshot response has, with the same value.
func TestExamplesRoundTrip(t *testing.T) {
	for name, data := range documents(t) {
		t.Run(name, func(t *testing.T) {
			srv := awstest.NewServer(t, data)
			cfg := srv.Config("ap-northeast-1")
			var doc map[string]any
			dec := json.NewDecoder(bytes.NewReader(data))
			dec.UseNumber()
			if err := dec.Decode(&doc); err != nil {
				t.Fatal(err)
			}
			if r, ok := doc["region"].(string); ok {
				cfg.Region = r
			}
			for section, v := range doc {
				opsOf, ok := v.(map[string]any)
				if !ok {
					continue
				}
				for op, resp := range opsOf {
					key := section + ":" + op
					if notServed[key] {
						continue
					}
					read, ok := readers[key]
					if !ok {
						t.Errorf("%s: no reader", key)
						continue
					}
					var entries []map[string]any
					switch x := resp.(type) {
					case []any:
						for _, e := range x {
							entries = append(entries, e.(map[string]any))
						}
					case map[string]any:
						entries = []map[string]any{x}
					}
					if !perResource[key] && len(entries) > 1 {
						entries = []map[string]any{mergePages(entries)}
					}
					for i, e := range entries {
						out, err := read(t.Context(), cfg, e)
						if err != nil {
							t.Errorf("%s[%d]: %v", key, i, err)
							continue
						}
						got := toJSON(t, out)
						compare(t, fmt.Sprintf("%s[%d]", key, i), e, got, section == "iam")
					}
				}
			}
		})
	}
}

func toJSON(t *testing.T, v any) any {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out any
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(&out); err != nil {
		t.Fatal(err)
	}
	return out
}

// compare checks that got (an SDK output marshalled with encoding/json, so
// with Go field names) has every field of want (the snapshot response) with
// an equal value: keys match ignoring case, timestamps as instants, policy
// documents as JSON (URL-decoded for IAM), an empty list as absent. Request
// fields the snapshot adds beside a response (RoleName, PolicyArn, KeyId,
// ...) and Go-only fields are skipped when the SDK output lacks them.
func compare(t *testing.T, path string, want, got any, iamDocs bool) {
	t.Helper()
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			if s, isStr := got.(string); isStr {
				compareDoc(t, path, w, s, iamDocs)
				return
			}
			t.Errorf("%s: want object, got %T %v", path, got, got)
			return
		}
		for k, wv := range w {
			gk := ""
			for k2 := range g {
				if strings.EqualFold(k, k2) {
					gk = k2
				}
			}
			if gk == "" {
				if isEmpty(wv) || addedRequestField(k) || notAPIField(k) {
					continue
				}
				t.Errorf("%s.%s: missing in SDK output", path, k)
				continue
			}
			compare(t, path+"."+k, wv, g[gk], iamDocs)
		}
	case []any:
		g, _ := got.([]any)
		if len(w) != len(g) {
			t.Errorf("%s: want %d items, got %d", path, len(w), len(g))
			return
		}
		for i := range w {
			compare(t, fmt.Sprintf("%s[%d]", path, i), w[i], g[i], iamDocs)
		}
	case string:
		if n, ok := got.(json.Number); ok && n.String() == w {
			return // Route 53 MaxItems: a string in the CLI, an integer in the SDK
		}
		g, _ := got.(string)
		if g == w {
			return
		}
		if wt, err := time.Parse(time.RFC3339Nano, w); err == nil {
			if gt, err := time.Parse(time.RFC3339Nano, g); err == nil && wt.Equal(gt) {
				return
			}
		}
		if iamDocs {
			if d, err := url.QueryUnescape(g); err == nil && d == w {
				return
			}
		}
		t.Errorf("%s: want %q, got %q", path, w, g)
	case json.Number:
		wf, _ := w.Float64()
		var gf float64
		switch g := got.(type) {
		case json.Number:
			gf, _ = g.Float64()
		case string: // a timestamp the CLI prints as epoch milliseconds
			gt, err := time.Parse(time.RFC3339Nano, g)
			if err == nil && math.Abs(float64(gt.UnixMilli())-wf) < 1 {
				return
			}
		}
		if gf != wf {
			t.Errorf("%s: want %v, got %v", path, w, got)
		}
	case bool:
		if got != w {
			t.Errorf("%s: want %v, got %v", path, w, got)
		}
	case nil:
	}
}

func compareDoc(t *testing.T, path string, want map[string]any, got string, iamDocs bool) {
	t.Helper()
	if iamDocs {
		if d, err := url.QueryUnescape(got); err == nil {
			got = d
		}
	}
	var g any
	if err := json.Unmarshal([]byte(got), &g); err != nil {
		t.Errorf("%s: document %q: %v", path, got, err)
		return
	}
	w := toJSON(t, want)
	if !reflect.DeepEqual(toJSON(t, g), w) {
		t.Errorf("%s: document\n got %s\nwant %s", path, got, want)
	}
}

func isEmpty(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case []any:
		return len(x) == 0
	case map[string]any:
		return len(x) == 0
	}
	return false
}

// addedRequestField are the request parameters docs/snapshot.md adds
// beside responses that do not name their resource.
func addedRequestField(k string) bool {
	return slices.Contains([]string{"RoleName", "PolicyArn", "KeyId", "Bucket", "PrefixListId", "VPCId", "VPCRegion", "HostedZoneId", "ChildId", "TargetId", "Filter"}, k)
}

// mergePages joins the pages of a list response: lists concatenated, the
// last page's other fields.
func mergePages(pages []map[string]any) map[string]any {
	out := map[string]any{}
	for _, p := range pages {
		for k, v := range p {
			if l, ok := v.([]any); ok {
				prev, _ := out[k].([]any)
				out[k] = append(prev, l...)
			} else {
				out[k] = v
			}
		}
	}
	return out
}

// notAPIField are fields snapshots may carry that the API does not have, so
// the SDK drops them: imagePullBehavior is not a field of the ECS task
// definition API (docs/sources.md).
func notAPIField(k string) bool { return k == "imagePullBehavior" }
