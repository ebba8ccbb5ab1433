package awstest_test

import (
	"context"
	"os"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/route53"
	"github.com/aws/aws-sdk-go-v2/service/ssm"

	"github.com/ecs-preflight/ecs-preflight/internal/awstest"
	"github.com/ecs-preflight/ecs-preflight/source/snapshot"
)

// drain reads every page of one listing; it returns the pages and items.
type drain func(ctx context.Context, cfg aws.Config) (pages, items int, err error)

// pager adapts an SDK paginator: more is HasMorePages, next returns one
// page's item count.
func pager(more func() bool, next func() (int, error)) (pages, items int, err error) {
	for more() {
		n, err := next()
		if err != nil {
			return pages, items, err
		}
		pages++
		items += n
	}
	return pages, items, nil
}

var pagingCases = []struct {
	name, doc string
	drain     drain
}{
	{"ECS-APIRef ListServices nextToken", "nat-gateway", func(ctx context.Context, cfg aws.Config) (int, int, error) {
		p := ecs.NewListServicesPaginator(ecs.NewFromConfig(cfg), &ecs.ListServicesInput{Cluster: aws.String("acme-prod")})
		return pager(p.HasMorePages, func() (int, error) {
			o, err := p.NextPage(ctx)
			return lenOr(o, err, func() int { return len(o.ServiceArns) })
		})
	}},
	{"IAM-APIRef ListAttachedRolePolicies Marker", "extra", func(ctx context.Context, cfg aws.Config) (int, int, error) {
		p := iam.NewListAttachedRolePoliciesPaginator(iam.NewFromConfig(cfg), &iam.ListAttachedRolePoliciesInput{RoleName: aws.String("web-execution")})
		return pager(p.HasMorePages, func() (int, error) {
			o, err := p.NextPage(ctx)
			return lenOr(o, err, func() int { return len(o.AttachedPolicies) })
		})
	}},
	{"IAM-APIRef ListRolePolicies Marker", "extra", func(ctx context.Context, cfg aws.Config) (int, int, error) {
		p := iam.NewListRolePoliciesPaginator(iam.NewFromConfig(cfg), &iam.ListRolePoliciesInput{RoleName: aws.String("web-execution")})
		return pager(p.HasMorePages, func() (int, error) {
			o, err := p.NextPage(ctx)
			return lenOr(o, err, func() int { return len(o.PolicyNames) })
		})
	}},
	{"EC2-APIRef DescribeSubnets NextToken", "nat-gateway", func(ctx context.Context, cfg aws.Config) (int, int, error) {
		p := ec2.NewDescribeSubnetsPaginator(ec2.NewFromConfig(cfg), &ec2.DescribeSubnetsInput{})
		return pager(p.HasMorePages, func() (int, error) {
			o, err := p.NextPage(ctx)
			return lenOr(o, err, func() int { return len(o.Subnets) })
		})
	}},
	{"EC2-APIRef DescribeRouteTables NextToken", "nat-gateway", func(ctx context.Context, cfg aws.Config) (int, int, error) {
		p := ec2.NewDescribeRouteTablesPaginator(ec2.NewFromConfig(cfg), &ec2.DescribeRouteTablesInput{})
		return pager(p.HasMorePages, func() (int, error) {
			o, err := p.NextPage(ctx)
			return lenOr(o, err, func() int { return len(o.RouteTables) })
		})
	}},
	{"EC2-APIRef DescribeSecurityGroups NextToken", "nat-gateway", func(ctx context.Context, cfg aws.Config) (int, int, error) {
		p := ec2.NewDescribeSecurityGroupsPaginator(ec2.NewFromConfig(cfg), &ec2.DescribeSecurityGroupsInput{})
		return pager(p.HasMorePages, func() (int, error) {
			o, err := p.NextPage(ctx)
			return lenOr(o, err, func() int { return len(o.SecurityGroups) })
		})
	}},
	{"EC2-APIRef DescribeNatGateways NextToken", "nat-gateway", func(ctx context.Context, cfg aws.Config) (int, int, error) {
		p := ec2.NewDescribeNatGatewaysPaginator(ec2.NewFromConfig(cfg), &ec2.DescribeNatGatewaysInput{})
		return pager(p.HasMorePages, func() (int, error) {
			o, err := p.NextPage(ctx)
			return lenOr(o, err, func() int { return len(o.NatGateways) })
		})
	}},
	{"EC2-APIRef DescribePrefixLists NextToken", "nat-gateway", func(ctx context.Context, cfg aws.Config) (int, int, error) {
		p := ec2.NewDescribePrefixListsPaginator(ec2.NewFromConfig(cfg), &ec2.DescribePrefixListsInput{})
		return pager(p.HasMorePages, func() (int, error) {
			o, err := p.NextPage(ctx)
			return lenOr(o, err, func() int { return len(o.PrefixLists) })
		})
	}},
	{"EC2-APIRef DescribeVpcEndpoints NextToken", "full", func(ctx context.Context, cfg aws.Config) (int, int, error) {
		p := ec2.NewDescribeVpcEndpointsPaginator(ec2.NewFromConfig(cfg), &ec2.DescribeVpcEndpointsInput{})
		return pager(p.HasMorePages, func() (int, error) {
			o, err := p.NextPage(ctx)
			return lenOr(o, err, func() int { return len(o.VpcEndpoints) })
		})
	}},
	{"EC2-APIRef DescribeVpcs NextToken", "central", func(ctx context.Context, cfg aws.Config) (int, int, error) {
		p := ec2.NewDescribeVpcsPaginator(ec2.NewFromConfig(cfg), &ec2.DescribeVpcsInput{})
		return pager(p.HasMorePages, func() (int, error) {
			o, err := p.NextPage(ctx)
			return lenOr(o, err, func() int { return len(o.Vpcs) })
		})
	}},
	{"EC2-APIRef DescribeNetworkAcls NextToken", "central", func(ctx context.Context, cfg aws.Config) (int, int, error) {
		p := ec2.NewDescribeNetworkAclsPaginator(ec2.NewFromConfig(cfg), &ec2.DescribeNetworkAclsInput{})
		return pager(p.HasMorePages, func() (int, error) {
			o, err := p.NextPage(ctx)
			return lenOr(o, err, func() int { return len(o.NetworkAcls) })
		})
	}},
	{"EC2-APIRef GetManagedPrefixListEntries NextToken", "extra", func(ctx context.Context, cfg aws.Config) (int, int, error) {
		p := ec2.NewGetManagedPrefixListEntriesPaginator(ec2.NewFromConfig(cfg), &ec2.GetManagedPrefixListEntriesInput{PrefixListId: aws.String("pl-0abcdef0123456789")})
		return pager(p.HasMorePages, func() (int, error) {
			o, err := p.NextPage(ctx)
			return lenOr(o, err, func() int { return len(o.Entries) })
		})
	}},
	{"ECR-APIRef DescribeRepositories nextToken", "nat-gateway", func(ctx context.Context, cfg aws.Config) (int, int, error) {
		p := ecr.NewDescribeRepositoriesPaginator(ecr.NewFromConfig(cfg), &ecr.DescribeRepositoriesInput{})
		return pager(p.HasMorePages, func() (int, error) {
			o, err := p.NextPage(ctx)
			return lenOr(o, err, func() int { return len(o.Repositories) })
		})
	}},
	{"KMS-APIRef ListAliases NextMarker Truncated", "full", func(ctx context.Context, cfg aws.Config) (int, int, error) {
		p := kms.NewListAliasesPaginator(kms.NewFromConfig(cfg), &kms.ListAliasesInput{})
		return pager(p.HasMorePages, func() (int, error) {
			o, err := p.NextPage(ctx)
			return lenOr(o, err, func() int { return len(o.Aliases) })
		})
	}},
	{"SSM-APIRef DescribeParameters NextToken", "extra", func(ctx context.Context, cfg aws.Config) (int, int, error) {
		p := ssm.NewDescribeParametersPaginator(ssm.NewFromConfig(cfg), &ssm.DescribeParametersInput{})
		return pager(p.HasMorePages, func() (int, error) {
			o, err := p.NextPage(ctx)
			return lenOr(o, err, func() int { return len(o.Parameters) })
		})
	}},
	{"CWL-APIRef DescribeLogGroups nextToken", "nat-gateway", func(ctx context.Context, cfg aws.Config) (int, int, error) {
		p := cloudwatchlogs.NewDescribeLogGroupsPaginator(cloudwatchlogs.NewFromConfig(cfg), &cloudwatchlogs.DescribeLogGroupsInput{})
		return pager(p.HasMorePages, func() (int, error) {
			o, err := p.NextPage(ctx)
			return lenOr(o, err, func() int { return len(o.LogGroups) })
		})
	}},
	{"ORG-APIRef ListPoliciesForTarget NextToken", "extra", func(ctx context.Context, cfg aws.Config) (int, int, error) {
		p := organizations.NewListPoliciesForTargetPaginator(organizations.NewFromConfig(cfg), &organizations.ListPoliciesForTargetInput{TargetId: aws.String("ou-ab12-11111111"), Filter: "SERVICE_CONTROL_POLICY"})
		return pager(p.HasMorePages, func() (int, error) {
			o, err := p.NextPage(ctx)
			return lenOr(o, err, func() int { return len(o.Policies) })
		})
	}},
	{"R53-APIRef ListResourceRecordSets NextRecordName", "central", func(ctx context.Context, cfg aws.Config) (int, int, error) {
		p := route53.NewListResourceRecordSetsPaginator(route53.NewFromConfig(cfg), &route53.ListResourceRecordSetsInput{HostedZoneId: aws.String("Z0ECRAPI")})
		return pager(p.HasMorePages, func() (int, error) {
			o, err := p.NextPage(ctx)
			return lenOr(o, err, func() int { return len(o.ResourceRecordSets) })
		})
	}},
	{"R53-APIRef ListHostedZonesByVPC NextToken", "central", func(ctx context.Context, cfg aws.Config) (int, int, error) {
		c := route53.NewFromConfig(cfg)
		in := &route53.ListHostedZonesByVPCInput{VPCId: aws.String("vpc-0b5140abe2a523e54"), VPCRegion: "ap-northeast-1"}
		more := true
		return pager(func() bool { return more }, func() (int, error) {
			o, err := c.ListHostedZonesByVPC(ctx, in)
			if err != nil {
				return 0, err
			}
			in.NextToken, more = o.NextToken, o.NextToken != nil
			return len(o.HostedZoneSummaries), nil
		})
	}},
}

func lenOr[T any](o *T, err error, n func() int) (int, error) {
	if err != nil {
		return 0, err
	}
	return n(), nil
}

// pagingDocs are the documents the paging cases read.
func pagingDocs(t *testing.T) map[string][]byte {
	docs := map[string][]byte{"nat-gateway": example(t, "nat-gateway")}
	for name, f := range map[string]string{
		"full":    "../../source/snapshot/testdata/full.json",
		"central": "../../source/snapshot/testdata/scenarios/central-endpoints-peering.json",
		"extra":   "testdata/extra.json",
	} {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		docs[name] = b
	}
	return docs
}

// TestPaging reads every listing with the SDK's paginator through a server
// with WithPageSize(1): each item comes on its own page, with the service's
// own token, and the items are those of the unpaged listing.
func TestPaging(t *testing.T) {
	docs := pagingDocs(t)
	for _, tt := range pagingCases {
		t.Run(tt.name, func(t *testing.T) {
			whole := awstest.NewServer(t, docs[tt.doc])
			pages, want, err := tt.drain(t.Context(), whole.Config("ap-northeast-1"))
			if err != nil || pages != 1 {
				t.Fatalf("unpaged: %d pages, err %v", pages, err)
			}
			if want < 2 {
				t.Fatalf("the document lists %d items; paging needs 2 or more", want)
			}
			paged := awstest.NewServer(t, docs[tt.doc], awstest.WithPageSize(1))
			pages, items, err := tt.drain(t.Context(), paged.Config("ap-northeast-1"))
			if err != nil {
				t.Fatal(err)
			}
			if pages != want || items != want {
				t.Errorf("paged: %d pages, %d items; want %d of each", pages, items, want)
			}
			if calls := paged.Calls(); len(calls) != want {
				t.Errorf("%d calls logged, want %d", len(calls), want)
			}
		})
	}
}

// TestDocumentsLoad checks that this package's own document is a valid
// snapshot for the snapshot reader.
func TestDocumentsLoad(t *testing.T) {
	if _, err := snapshot.Load("testdata/extra.json"); err != nil {
		t.Fatal(err)
	}
}

// TestSnapshotPagesJoined checks that a resource listing the snapshot holds
// as several pages (docs/snapshot.md: "an array of response pages") is
// served whole, without the snapshot's own continuation tokens.
func TestSnapshotPagesJoined(t *testing.T) {
	doc := []byte(`{"accountId": "111122223333", "region": "eu-west-1",
	  "iam": {"GetRole": [{"Role": {"RoleName": "r", "Arn": "arn:aws:iam::111122223333:role/r", "Path": "/", "RoleId": "AROA1", "CreateDate": "2024-01-01T00:00:00Z"}}],
	    "ListAttachedRolePolicies": [
	      {"RoleName": "r", "AttachedPolicies": [{"PolicyName": "a", "PolicyArn": "arn:aws:iam::111122223333:policy/a"}], "IsTruncated": true, "Marker": "snapshot-marker"},
	      {"RoleName": "r", "AttachedPolicies": [{"PolicyName": "b", "PolicyArn": "arn:aws:iam::111122223333:policy/b"}], "IsTruncated": false}]},
	  "route53": {"ListHostedZonesByVPC": [
	      {"VPCId": "vpc-1", "VPCRegion": "eu-west-1", "HostedZoneSummaries": [{"HostedZoneId": "Z1", "Name": "a.", "Owner": {"OwningAccount": "111122223333"}}], "MaxItems": "1", "NextToken": "snapshot-token"},
	      {"VPCId": "vpc-1", "VPCRegion": "eu-west-1", "HostedZoneSummaries": [{"HostedZoneId": "Z2", "Name": "b.", "Owner": {"OwningAccount": "111122223333"}}], "MaxItems": "1"}]}}`)
	srv := awstest.NewServer(t, doc)
	cfg := srv.Config("eu-west-1")
	p := iam.NewListAttachedRolePoliciesPaginator(iam.NewFromConfig(cfg), &iam.ListAttachedRolePoliciesInput{RoleName: aws.String("r")})
	pages, items, err := pager(p.HasMorePages, func() (int, error) {
		o, err := p.NextPage(t.Context())
		return lenOr(o, err, func() int { return len(o.AttachedPolicies) })
	})
	if err != nil || pages != 1 || items != 2 {
		t.Errorf("iam: %d pages, %d items, %v", pages, items, err)
	}
	o, err := route53.NewFromConfig(cfg).ListHostedZonesByVPC(t.Context(), &route53.ListHostedZonesByVPCInput{VPCId: aws.String("vpc-1"), VPCRegion: "eu-west-1"})
	if err != nil || len(o.HostedZoneSummaries) != 2 || o.NextToken != nil {
		t.Errorf("route53: %+v, %v", o, err)
	}
}
