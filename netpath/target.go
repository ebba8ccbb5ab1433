package netpath

import (
	"strings"
)

// ServiceTarget returns the target for an AWS service endpoint in a region
// and partition, e.g. ("ecr.api", "ap-northeast-1", "aws") →
// api.ecr.ap-northeast-1.amazonaws.com. An empty partition is derived from
// the region.
func ServiceTarget(service, region, partition string) Target {
	suffix := dnsSuffix(partition, region)
	var host string
	switch service {
	case "ecr.api":
		// ECR-UG "VPC endpoints": the ecr.api endpoint serves the ECR API
		// at api.ecr.REGION.amazonaws.com.
		host = "api.ecr." + region + "." + suffix
	case "ecr.dkr":
		// The registry itself is ACCOUNT.dkr.ecr.REGION; without an account
		// the bare service name stands for it (the ecr.dkr private DNS zone
		// covers both, ECR-UG "VPC endpoints").
		host = "dkr.ecr." + region + "." + suffix
	default:
		host = service + "." + region + "." + suffix
	}
	return Target{Service: service, Host: host, Region: region}
}

// ECRRegistryTarget returns the ecr.dkr target for a registry host such as
// 123456789012.dkr.ecr.eu-west-1.amazonaws.com. An empty region is read from
// the host.
func ECRRegistryTarget(registryHost, region string) Target {
	host := strings.ToLower(strings.TrimSpace(registryHost))
	if region == "" {
		region = registryRegion(host)
	}
	return Target{Service: "ecr.dkr", Host: host, Region: region}
}

// registryRegion reads REGION from ACCOUNT.dkr.ecr[-fips].REGION.amazonaws.com[.cn].
func registryRegion(host string) string {
	labels := strings.Split(host, ".")
	for i := 0; i+2 < len(labels); i++ {
		if labels[i] == "dkr" && strings.HasPrefix(labels[i+1], "ecr") {
			return labels[i+2]
		}
	}
	return ""
}

// LayerBucketTarget returns the S3 target serving ECR layers in a region:
// prod-REGION-starport-layer-bucket.s3.REGION.amazonaws.com (ECR-UG "VPC
// endpoints", "Minimum Amazon S3 bucket permissions for Amazon ECR").
func LayerBucketTarget(region, partition string) Target {
	return BucketTarget("prod-"+region+"-starport-layer-bucket", region, partition)
}

// BucketTarget returns the S3 target for a bucket in a region. The host is
// the virtual-hosted style name, or the path-style regional name when the
// bucket name has dots (TLS wildcard certificates do not cover them). An
// empty region means the bucket's region is unknown.
func BucketTarget(bucket, region, partition string) Target {
	suffix := dnsSuffix(partition, region)
	regional := "s3." + suffix
	if region != "" {
		regional = "s3." + region + "." + suffix
	}
	host := regional
	if bucket != "" && !strings.Contains(bucket, ".") {
		host = bucket + "." + regional
	}
	return Target{Service: "s3", Host: host, Region: region}
}

// InternetTarget returns the target for a host no VPC endpoint serves, such
// as registry-1.docker.io, ghcr.io or public.ecr.aws.
func InternetTarget(host string) Target { return Target{Host: host} }

// Partition returns the partition of a region: "aws-cn" for cn-*,
// "aws-us-gov" for us-gov-*, else "aws".
func Partition(region string) string {
	switch {
	case strings.HasPrefix(region, "cn-"):
		return "aws-cn"
	case strings.HasPrefix(region, "us-gov-"):
		return "aws-us-gov"
	}
	return "aws"
}

func dnsSuffix(partition, region string) string {
	if partition == "" {
		partition = Partition(region)
	}
	if partition == "aws-cn" {
		return "amazonaws.com.cn"
	}
	return "amazonaws.com"
}

// cnPrefixed lists the services whose endpoint service name in the China
// regions starts with "cn.com.amazonaws" instead of "com.amazonaws".
// Verified against aws-cdk InterfaceVpcEndpointAwsService
// getDefaultEndpointPrefix (the table for cn-north-1 and cn-northwest-1, kept
// from `aws ec2 describe-vpc-endpoint-services`) and a published
// describe-vpc-endpoint-services listing of cn-north-1: ecr.api, ecr.dkr, s3
// and sts are cn.com.amazonaws; logs, secretsmanager, ssm and kms are not in
// the exception list and keep com.amazonaws.
var cnPrefixed = map[string]bool{
	"ecr.api": true, "ecr.dkr": true, "s3": true, "sts": true,
	"ec2": true, "lambda": true, "sqs": true, "monitoring": true,
	"execute-api": true, "elasticfilesystem": true, "ebs": true,
}

// EndpointServiceName returns the VPC endpoint service name of an AWS
// service in a region: com.amazonaws.REGION.SERVICE, or
// cn.com.amazonaws.REGION.SERVICE for the services that carry the "cn."
// prefix in the China regions (see cnPrefixed). An empty partition is derived
// from the region.
func EndpointServiceName(service, region, partition string) string {
	if partition == "" {
		partition = Partition(region)
	}
	if partition == "aws-cn" && cnPrefixed[service] {
		return "cn.com.amazonaws." + region + "." + service
	}
	return "com.amazonaws." + region + "." + service
}

// ParseEndpointServiceName splits an AWS endpoint service name into its
// region and service: "com.amazonaws.eu-west-1.ecr.dkr" → ("eu-west-1",
// "ecr.dkr"). Both the com.amazonaws and cn.com.amazonaws prefixes are
// accepted, so an endpoint matches whichever prefix the input used. ok is
// false for names that are not AWS services (PrivateLink partner services
// "com.amazonaws.vpce.REGION.vpce-svc-...", marketplace names).
func ParseEndpointServiceName(name string) (region, service string, ok bool) {
	rest, found := strings.CutPrefix(name, "com.amazonaws.")
	if !found {
		rest, found = strings.CutPrefix(name, "cn.com.amazonaws.")
	}
	if !found {
		return "", "", false
	}
	region, service, found = strings.Cut(rest, ".")
	if !found || region == "" || service == "" || region == "vpce" || !looksLikeRegion(region) {
		return "", "", false
	}
	return region, service, true
}

// looksLikeRegion accepts names like eu-west-1, us-gov-west-1, cn-north-1.
func looksLikeRegion(s string) bool {
	parts := strings.Split(s, "-")
	if len(parts) < 3 {
		return false
	}
	last := parts[len(parts)-1]
	if last == "" {
		return false
	}
	for _, c := range last {
		if c < '0' || c > '9' {
			return false
		}
	}
	for _, p := range parts[:len(parts)-1] {
		if p == "" {
			return false
		}
		for _, c := range p {
			if c < 'a' || c > 'z' {
				return false
			}
		}
	}
	return true
}
