package tfplan

import (
	"strings"

	"github.com/ecs-preflight/ecs-preflight/imageref"
	"github.com/ecs-preflight/ecs-preflight/world"
)

// buildBuckets reads aws_s3_bucket and aws_s3_bucket_policy: the buckets
// environment files come from (ECS-DG "Pass environment variables to a
// container": the execution role reads the file from S3).
func (r *reader) buildBuckets() {
	for _, in := range r.each("aws_s3_bucket") {
		name, ok, why := r.str(in, nil, "bucket")
		if !ok || name == "" {
			// A name from bucket_prefix exists only after apply; no
			// environment file ARN can name it before.
			r.skip(in, why)
			continue
		}
		b := &world.Bucket{Name: name, Region: in.str("region"), Origin: r.origin(in)}
		if !in.data {
			// AWS provider docs "aws_s3_bucket": the bucket is created in
			// the provider's region, in the provider's account.
			if b.Region == "" {
				b.Region = r.w.Region
			}
			b.Account = r.w.AccountID
		}
		unknown := map[string]string{}
		switch {
		case in.data:
			// data.aws_s3_bucket does not export the policy.
		case in.known("policy"):
			// The provider refreshes policy (deprecated in v5) from
			// GetBucketPolicy for a bucket in the state.
			b.Policy, b.PolicyKnown = in.str("policy"), true
		case in.created && !r.configured(in, "policy"):
			// S3-UG "Bucket policies for Amazon S3": a new bucket has no
			// bucket policy until one is put.
			b.PolicyKnown = true
		default:
			b.Policy = r.policyOf(in, "policy", unknown, "policy")
			b.PolicyKnown = unknown["policy"] == ""
		}
		r.w.Buckets.Put(name, b)
	}
	var strays []string
	for _, in := range r.each("aws_s3_bucket_policy") {
		name, ok, why := r.str(in, []string{"aws_s3_bucket"}, "bucket")
		if !ok {
			strays = append(strays, why)
			continue
		}
		b := r.w.Buckets.Get(name)
		if b == nil {
			continue
		}
		unknown := map[string]string{}
		b.Policy = r.policyOf(in, "policy", unknown, "policy")
		b.PolicyKnown = unknown["policy"] == ""
	}
	for _, d := range r.deleted {
		// A bucket policy the plan destroys is gone after apply.
		if d.typ == "aws_s3_bucket_policy" {
			if b := r.w.Buckets.Get(str(d.before["bucket"])); b != nil {
				b.Policy, b.PolicyKnown = "", true
			}
		}
	}
	if len(strays) > 0 {
		// A policy whose bucket is unresolved may be any bucket's.
		for _, b := range r.w.Buckets.All() {
			b.Policy, b.PolicyKnown = "", false
		}
		r.skipped = append(r.skipped, "bucket policies: "+strings.Join(strays, "; "))
	}
}

// buildPullThroughCache reads aws_ecr_pull_through_cache_rule. ECR-UG
// "Sync an upstream registry with an Amazon ECR private registry": a pull
// of PREFIX/UPSTREAM-REPOSITORY from the private registry creates that
// repository on the first pull, so an image under the prefix names a
// repository that exists once pulled, not a missing one. Its repository
// policy comes from a repository creation template, which the account
// may hold outside the plan, so it stays unknown.
func (r *reader) buildPullThroughCache() {
	var prefixes []string
	var origin world.Origin
	for _, in := range r.each("aws_ecr_pull_through_cache_rule") {
		if p := in.str("ecr_repository_prefix"); p != "" {
			prefixes = append(prefixes, p)
			origin = r.origin(in)
		}
	}
	if len(prefixes) == 0 {
		return
	}
	cached := func(name string) bool {
		for _, p := range prefixes {
			if strings.HasPrefix(name, p+"/") {
				return true
			}
		}
		return false
	}
	for _, repo := range r.w.Repositories.All() {
		if cached(repo.RepositoryName) {
			repo.PullThroughCache = true
		}
	}
	if r.w.AccountID == "" || r.w.Region == "" {
		// The rules are the plan's registry's; without its account and
		// region no image can be told to be in it.
		return
	}
	for _, td := range r.w.TaskDefinitions.All() {
		for _, c := range td.ContainerDefinitions {
			ref, err := imageref.Parse(c.Image)
			if err != nil || ref.Kind != imageref.ECRPrivate || ref.AccountID != r.w.AccountID || ref.Region != r.w.Region || !cached(ref.Repository) {
				continue
			}
			arn := ref.RepositoryARN()
			if r.w.Repositories.Get(arn) != nil {
				continue
			}
			r.w.Repositories.Put(arn, &world.Repository{RepositoryArn: arn, RegistryId: ref.AccountID, RepositoryName: ref.Repository,
				RepositoryUri: ref.Registry + "/" + ref.Repository, PullThroughCache: true, Origin: origin})
		}
	}
}
