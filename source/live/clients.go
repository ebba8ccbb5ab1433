package live

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/route53"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// clients are the read-only AWS API clients of one account and region.
type clients struct {
	ecs            *ecs.Client
	ec2            *ec2.Client
	iam            *iam.Client
	ecr            *ecr.Client
	secretsmanager *secretsmanager.Client
	kms            *kms.Client
	ssm            *ssm.Client
	logs           *cloudwatchlogs.Client
	s3             *s3.Client
	sts            *sts.Client
	organizations  *organizations.Client
	route53        *route53.Client
}

// newClients builds every client from one configuration.
func newClients(cfg aws.Config) *clients {
	return &clients{
		ecs:            ecs.NewFromConfig(cfg),
		ec2:            ec2.NewFromConfig(cfg),
		iam:            iam.NewFromConfig(cfg),
		ecr:            ecr.NewFromConfig(cfg),
		secretsmanager: secretsmanager.NewFromConfig(cfg),
		kms:            kms.NewFromConfig(cfg),
		ssm:            ssm.NewFromConfig(cfg),
		logs:           cloudwatchlogs.NewFromConfig(cfg),
		// A base endpoint (a local server, --endpoint-url) serves buckets by
		// path, not by host name.
		s3:            s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = cfg.BaseEndpoint != nil }),
		sts:           sts.NewFromConfig(cfg),
		organizations: organizations.NewFromConfig(cfg),
		route53:       route53.NewFromConfig(cfg),
	}
}
