// Package imageref parses the image field of an ECS container definition
// and says which registry the image comes from.
//
// The start phase treats registries differently: a private Amazon ECR image
// needs ecr:GetAuthorizationToken and the pull actions on its repository ARN
// (ECR-UG "Private registry authentication in Amazon ECR", ECS-DG "Amazon
// ECS task execution IAM role"), and can be reached through VPC endpoints
// (ECR-UG "Amazon ECR interface VPC endpoints (AWS PrivateLink)"); ECR
// Public, Docker Hub and every other registry are anonymous or use
// repositoryCredentials (ECS-DG "Using non-AWS container images in Amazon
// ECS"), and need a path to the internet, since VPC endpoints don't support
// ECR Public (same ECR-UG page) and other registries have none. [Parse] turns the
// string into a [Ref] that carries exactly what those checks need.
//
// # Grammar
//
// The grammar is Docker's, as implemented by
// github.com/distribution/reference (the same package the Docker and
// containerd clients use):
//
//	reference  := name [ ":" tag ] [ "@" digest ]
//	name       := [ host [ ":" port ] "/" ] path
//	path       := lower-case components separated by "/"
//	tag        := [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}
//	digest     := algorithm ":" hex    (sha256:64 hex, sha512:128 hex)
//
// The first path component is a host only when it contains "." or ":" or
// is "localhost"; otherwise the image is on Docker Hub. So "nginx" is
// docker.io/library/nginx:latest and "myorg/app" is docker.io/myorg/app,
// while "registry.example.com/app" is on registry.example.com.
//
// # Normalization
//
// A [Ref] is fully spelled out: Registry is never empty, Docker Hub is
// always "docker.io" (index.docker.io and registry-1.docker.io are folded
// into it) with the implicit "library/" of official images added, host
// names are lower-cased, and Tag is "latest" when the reference gives
// neither tag nor digest. A reference with a digest keeps the tag it was
// written with (if any), but the digest is what the registry resolves.
// [Ref.String] prints that form, and parsing it again gives the same Ref.
//
// # Classification
//
//   - [ECRPrivate]: ACCOUNT.dkr.ecr.REGION.amazonaws.com,
//     ACCOUNT.dkr.ecr-fips.REGION.amazonaws.com (FIPS),
//     ACCOUNT.dkr.ecr.REGION.amazonaws.com.cn (partition aws-cn),
//     us-gov-* regions (aws-us-gov), and the dual-stack
//     ACCOUNT.dkr-ecr.REGION.on.aws. The host gives AccountID, Region and
//     Partition, and [Ref.RepositoryARN] the resource the pull is
//     authorized against.
//   - [ECRPublic]: public.ecr.aws.
//   - [DockerHub]: docker.io, its aliases, and references without a host.
//   - [Other]: everything else, including ECR look-alikes whose region and
//     domain disagree (a cn- region under amazonaws.com is not ECR).
//
// [Ref.RegistryHosts] lists the hosts a pull connects to, for network
// checks and allow-lists.
package imageref
