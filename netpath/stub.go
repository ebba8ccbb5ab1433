package netpath

import "github.com/ecs-preflight/ecs-preflight/world"

// STUB: replaced by the real implementation. Delete this file.

// Reach answers whether the task ENI reaches the target.
func Reach(w *world.World, from ENI, to Target) Result {
	return Result{Status: Unknown, Via: ViaUnknown, Missing: []string{"stub"}}
}

// ServiceTarget returns the target for an AWS service endpoint in a region
// and partition, e.g. ("ecr.api", "ap-northeast-1", "aws") →
// api.ecr.ap-northeast-1.amazonaws.com.
func ServiceTarget(service, region, partition string) Target {
	return Target{Service: service, Region: region}
}

// ECRRegistryTarget returns the ecr.dkr target for a registry host.
func ECRRegistryTarget(registryHost, region string) Target {
	return Target{Service: "ecr.dkr", Host: registryHost, Region: region}
}

// LayerBucketTarget returns the S3 target serving ECR layers in a region:
// prod-REGION-starport-layer-bucket.s3.REGION.amazonaws.com.
func LayerBucketTarget(region, partition string) Target {
	return Target{Service: "s3", Region: region}
}

// BucketTarget returns the S3 target for a bucket in a region.
func BucketTarget(bucket, region, partition string) Target {
	return Target{Service: "s3", Region: region}
}

// InternetTarget returns the target for a host no VPC endpoint serves.
func InternetTarget(host string) Target { return Target{Host: host} }
