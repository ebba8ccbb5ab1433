package netpath

import (
	"cmp"
	"strings"

	"github.com/ecs-preflight/ecs-preflight/world"
)

// ServiceTarget returns the target for an AWS service endpoint in a region
// and partition, e.g. ("ecr.api", "ap-northeast-1", "aws") →
// api.ecr.ap-northeast-1.amazonaws.com. An empty partition is derived from
// the region.
//
// An empty region is unknown (World.Region ""): the host then holds the
// stand-in world.Unresolved("region") in its region label, so that nothing
// built from it (a kms:ViaService value) passes for a real name, and Reach
// treats the region as unknown, never as a mismatch.
func ServiceTarget(service, region, partition string) Target {
	suffix := dnsSuffix(partition, region)
	label := cmp.Or(region, unknownRegion)
	var host string
	switch service {
	case "ecr.api":
		// ECR-UG "VPC endpoints": the ecr.api endpoint serves the ECR API
		// at api.ecr.REGION.amazonaws.com.
		host = "api.ecr." + label + "." + suffix
	case "ecr.dkr":
		// The registry itself is ACCOUNT.dkr.ecr.REGION; without an account
		// the bare service name stands for it (the ecr.dkr private DNS zone
		// covers both, ECR-UG "VPC endpoints").
		host = "dkr.ecr." + label + "." + suffix
	default:
		host = service + "." + label + "." + suffix
	}
	return Target{Service: service, Host: host, Region: region}
}

// ECRRegistryTarget returns the target for an ECR registry host. An empty
// region is read from the host. The forms (AWS General Reference "Amazon ECR
// endpoints"; ECR-UG "Making requests to Amazon ECR registries"):
//
//   - ACCOUNT.dkr.ecr.REGION.amazonaws.com (.amazonaws.com.cn in China): the
//     IPv4 registry, served by the ecr.dkr interface endpoint, whose private
//     DNS name is *.dkr.ecr.REGION.amazonaws.com.
//   - ACCOUNT.dkr.ecr-fips.REGION.amazonaws.com: the FIPS registry. No VPC
//     endpoint service for it is documented and the ecr.dkr private DNS name
//     does not cover it, so it is an internet host [unverified: absence of a
//     FIPS ECR endpoint service; aws-cdk's service list has none].
//   - ACCOUNT.dkr-ecr.REGION.on.aws and ACCOUNT.dkr-ecr-fips.REGION.on.aws:
//     the dual-stack registry. ECR-UG: "Amazon ECR does not support AWS
//     PrivateLink traffic over dual-stack endpoints", so an internet host.
//
// Hosts no endpoint serves get Service "" (Reach takes the internet path)
// and keep their Region.
func ECRRegistryTarget(registryHost, region string) Target {
	host := strings.ToLower(strings.TrimSpace(registryHost))
	if region == "" {
		region = registryRegion(host)
	}
	service := "ecr.dkr"
	if strings.Contains(host, ".dkr.ecr-fips.") || strings.Contains(host, ".dkr-ecr.") || strings.Contains(host, ".dkr-ecr-fips.") {
		service = ""
	}
	return Target{Service: service, Host: host, Region: region}
}

// ECRAPITarget returns the target for the ECR API (ecr:GetAuthorizationToken)
// in a region: api.ecr.REGION.amazonaws.com, served by the ecr.api endpoint;
// with fips, ecr-fips.REGION.amazonaws.com; with dualStack,
// ecr.REGION.api.aws (ecr-fips.REGION.api.aws with both). The FIPS and
// dual-stack hosts are internet hosts for the reasons given at
// ECRRegistryTarget. Fargate itself calls the IPv4 host
// (aws/containers-roadmap#2287).
func ECRAPITarget(region, partition string, fips, dualStack bool) Target {
	label := cmp.Or(region, unknownRegion)
	switch {
	case dualStack && fips:
		return Target{Host: "ecr-fips." + label + ".api.aws", Region: region}
	case dualStack:
		return Target{Host: "ecr." + label + ".api.aws", Region: region}
	case fips:
		return Target{Host: "ecr-fips." + label + "." + dnsSuffix(partition, region), Region: region}
	}
	return ServiceTarget("ecr.api", region, partition)
}

// registryRegion reads REGION from ACCOUNT.dkr.ecr[-fips].REGION.amazonaws.com[.cn]
// and ACCOUNT.dkr-ecr[-fips].REGION.on.aws.
func registryRegion(host string) string {
	labels := strings.Split(host, ".")
	for i := 0; i+2 < len(labels); i++ {
		if labels[i] == "dkr" && strings.HasPrefix(labels[i+1], "ecr") && world.IsRegion(labels[i+2]) {
			return labels[i+2]
		}
		if (labels[i] == "dkr-ecr" || labels[i] == "dkr-ecr-fips") && world.IsRegion(labels[i+1]) {
			return labels[i+1]
		}
	}
	return ""
}

// internetOnlyReason says why no VPC endpoint serves a host, for warnings
// and fixes.
func internetOnlyReason(host string) string {
	h := strings.ToLower(host)
	switch {
	case strings.Contains(h, ".dkr-ecr.") || strings.Contains(h, ".dkr-ecr-fips.") || strings.HasSuffix(h, ".api.aws") && strings.HasPrefix(h, "ecr"):
		return "it is an ECR dual-stack endpoint, and ECR does not support PrivateLink over dual-stack endpoints (ECR-UG \"Making requests to Amazon ECR registries\"); use the IPv4 host (ACCOUNT.dkr.ecr.REGION.amazonaws.com, api.ecr.REGION.amazonaws.com) to go through the ecr.dkr and ecr.api endpoints"
	case strings.Contains(h, "ecr-fips."):
		return "it is an ECR FIPS endpoint, and the ecr.api and ecr.dkr endpoints' private DNS names do not cover the FIPS hosts [unverified: no ECR FIPS endpoint service is documented]"
	case h == "public.ecr.aws" || strings.HasSuffix(h, ".public.ecr.aws"):
		return "ECR Public image pulls go to public.ecr.aws, and VPC endpoints don't support Amazon ECR Public repositories (ECR-UG \"Amazon ECR interface VPC endpoints (AWS PrivateLink)\"); copy the image into a private repository or use a pull through cache rule"
	}
	return "no VPC endpoint serves " + host + " (only AWS services have VPC endpoints, PrivateLink guide \"AWS services that integrate with AWS PrivateLink\"; Docker Hub, ghcr.io, quay.io and other registries need internet egress); copy the image into ECR or use a pull through cache rule"
}

// LayerBucketTarget returns the S3 target serving ECR layers in a region:
// prod-REGION-starport-layer-bucket.s3.REGION.amazonaws.com (ECR-UG "VPC
// endpoints", "Minimum Amazon S3 bucket permissions for Amazon ECR").
// An empty region is unknown, as at ServiceTarget.
func LayerBucketTarget(region, partition string) Target {
	if region == "" {
		return Target{Service: "s3", Host: "prod-" + unknownRegion + "-starport-layer-bucket.s3." + unknownRegion + "." + dnsSuffix(partition, "")}
	}
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
// "aws-us-gov" for us-gov-*, "aws-eusc" for eusc-*, else "aws".
func Partition(region string) string { return world.PartitionOf(region) }

func dnsSuffix(partition, region string) string {
	if partition == "" {
		partition = Partition(region)
	}
	return world.DNSSuffix(partition)
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
//
// An empty region is unknown and written REGION, as the placeholders of
// fix commands are.
func EndpointServiceName(service, region, partition string) string {
	region = cmp.Or(region, "REGION")
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
