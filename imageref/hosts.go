package imageref

import (
	"strings"

	"github.com/ecs-preflight/ecs-preflight/world"
)

// RegistryHosts returns the hosts a pull of r connects to from the task, in
// the order the pull reaches them: the registry API, its token service, then
// the hosts layers are redirected to. A firewall or proxy allow-list needs
// all of them; the network model uses them to say which host is unreachable.
//
// Each list names its source. Registries move blobs between CDNs without
// notice (Docker Hub's R2 bucket host appeared in 2025, docker/hub-feedback#2442;
// its CloudFront host, sitespeedio/sitespeed.io#4773), so the lists are a
// floor, not a contract.
func (r Ref) RegistryHosts() []string {
	switch r.Kind {
	case ECRPrivate:
		return r.ecrHosts()
	case ECRPublic:
		// ECR Public User Guide "Public registries": pulls go to
		// public.ecr.aws. Where its blobs are redirected is not documented
		// [assumption: the same host answers or a CloudFront host the
		// allow-list does not name].
		return []string{"public.ecr.aws"}
	case DockerHub:
		// docker/docs content/manuals/desktop/setup/allow-list.md (PR 25122):
		// registry-1.docker.io (pull), auth.docker.io (token),
		// production.cloudflare.docker.com and production.cloudfront.docker.com
		// (blobs), and the R2 bucket anonymous pulls are redirected to.
		return []string{
			"registry-1.docker.io",
			"auth.docker.io",
			"production.cloudflare.docker.com",
			"production.cloudfront.docker.com",
			"docker-images-prod.6aa30f8b08e16409b46e0173d6de2f56.r2.cloudflarestorage.com",
		}
	}
	host := strings.ToLower(r.Registry)
	switch host {
	case "ghcr.io":
		// Trivy docs "Troubleshooting" (allow-list for its DB on GHCR):
		// ghcr.io and the blob host pkg-containers.githubusercontent.com.
		// GitHub does not publish this list [secondary source].
		return []string{"ghcr.io", "pkg-containers.githubusercontent.com"}
	case "quay.io":
		// OpenShift docs "Configuring your firewall"
		// (modules/configuring-firewall.adoc): quay.io redirects blob
		// downloads to cdn.quay.io and cdn0[1-3].quay.io.
		return []string{"quay.io", "cdn.quay.io", "cdn01.quay.io", "cdn02.quay.io", "cdn03.quay.io"}
	}
	return []string{r.Registry}
}

// ecrHosts lists the hosts of a private ECR pull: the registry
// (ecr.dkr), the API that issues the auth token (ecr.api,
// ecr:GetAuthorizationToken) and the S3 bucket the layers come from.
//
// ECR-UG "VPC endpoints": images need com.amazonaws.REGION.ecr.dkr,
// com.amazonaws.REGION.ecr.api and the S3 gateway endpoint for
// prod-REGION-starport-layer-bucket. The S3 host name of that bucket is an
// assumption (virtual-hosted style, regional endpoint).
func (r Ref) ecrHosts() []string {
	suffix := world.DNSSuffix(r.Partition)
	api := "api.ecr." + r.Region + "." + suffix
	if r.FIPS {
		// AWS General Reference "Amazon ECR endpoints": ecr-fips.REGION.amazonaws.com.
		api = "ecr-fips." + r.Region + "." + suffix
	}
	// The dual-stack registry still gets its token from the IPv4 API host:
	// Fargate calls api.ecr.REGION.amazonaws.com (aws/containers-roadmap#2287).
	return []string{
		strings.ToLower(r.Registry),
		api,
		"prod-" + r.Region + "-starport-layer-bucket.s3." + r.Region + "." + suffix,
	}
}
