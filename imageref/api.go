package imageref

// This file is the package's fixed contract. Fields and functions may be
// added; none may be removed or change meaning.

// Kind classifies the registry an image comes from.
type Kind string

// The registry kinds the start phase treats differently.
const (
	// ECRPrivate is a private Amazon ECR registry:
	// ACCOUNT.dkr.ecr[-fips].REGION.amazonaws.com[.cn] (and the dual-stack
	// form ACCOUNT.dkr-ecr.REGION.on.aws).
	ECRPrivate Kind = "ecr"
	// ECRPublic is public.ecr.aws.
	ECRPublic Kind = "ecr-public"
	// DockerHub is docker.io (also index.docker.io and registry-1.docker.io).
	DockerHub Kind = "docker-hub"
	// Other is any other registry.
	Other Kind = "other"
)

// Ref is a parsed image reference.
type Ref struct {
	// Original is the reference as written.
	Original string
	// Registry is the registry host (with port, if any), normalized:
	// "docker.io" for Docker Hub.
	Registry string
	// Repository is the path within the registry, with Docker Hub's implicit
	// "library/" added.
	Repository string
	// Tag is the tag; "latest" when neither tag nor digest is given.
	Tag string
	// Digest is "sha256:..." when the reference pins one.
	Digest string
	Kind   Kind
	// For ECRPrivate: the registry's account, region and partition
	// ("aws", "aws-cn", "aws-us-gov"), and the endpoint flavour.
	AccountID string
	Region    string
	Partition string
	FIPS      bool
	DualStack bool
}
