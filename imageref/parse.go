package imageref

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/distribution/reference"
	"github.com/opencontainers/go-digest"

	"github.com/ecs-preflight/ecs-preflight/world"
)

// defaultTag is what the registry resolves when neither tag nor digest is
// given (Docker reference grammar: "the default tag is latest").
const defaultTag = "latest"

// dockerHub is the normalized registry name of Docker Hub, as the
// distribution/reference package spells it.
const dockerHub = "docker.io"

// Parse parses an image reference as the ECS task definition's image field
// holds it ("nginx", "public.ecr.aws/docker/library/nginx:1.27",
// "123456789012.dkr.ecr.eu-west-1.amazonaws.com/app@sha256:...") and
// classifies its registry.
//
// The grammar is github.com/distribution/reference's, the one the Docker
// and containerd clients use; Parse adds only the classification and the
// normalization of Docker Hub's aliases. Errors name the reference:
//
//	image "Foo:bar": repository name must be lowercase
func Parse(s string) (Ref, error) {
	if s == "" {
		return Ref{}, &parseError{ref: s, reason: "empty reference"}
	}
	named, err := reference.ParseNormalizedNamed(s)
	if err != nil {
		// The grammar rejects a short or non-hex digest as a whole; name the
		// digest when it is the part at fault.
		if _, d, ok := strings.Cut(s, "@"); ok {
			if derr := digest.Digest(d).Validate(); derr != nil {
				err = derr
			}
		}
		return Ref{}, &parseError{ref: s, reason: reason(err)}
	}
	// Hosts are DNS names, so case does not matter; lower-case them so that
	// classification and ARNs see one spelling. Docker Hub's other names are
	// the same registry: fold them into "docker.io", which also adds the
	// implicit "library/" of official images.
	if first, rest, ok := strings.Cut(s, "/"); ok && looksLikeHost(first) {
		host := strings.ToLower(first)
		switch host {
		case "index.docker.io", "registry-1.docker.io":
			host = dockerHub
		}
		if host != reference.Domain(named) {
			if named, err = reference.ParseNormalizedNamed(host + "/" + rest); err != nil {
				return Ref{}, &parseError{ref: s, reason: reason(err)}
			}
		}
	}

	r := Ref{
		Original:   s,
		Registry:   reference.Domain(named),
		Repository: reference.Path(named),
	}
	if t, ok := named.(reference.Tagged); ok {
		r.Tag = t.Tag()
	}
	if d, ok := named.(reference.Digested); ok {
		r.Digest = d.Digest().String()
	}
	if r.Tag == "" && r.Digest == "" {
		r.Tag = defaultTag
	}
	r.classify()
	return r, nil
}

// looksLikeHost reports whether the first path component of a reference is
// a registry host, by the same test distribution/reference applies, limited
// to the cases where lower-casing it cannot change that answer.
func looksLikeHost(s string) bool {
	return s == "localhost" || strings.ContainsAny(s, ".:")
}

// String returns the normalized reference with nothing implied:
// registry, repository, then tag and digest when present
// ("docker.io/library/nginx:latest"). Parse(r.String()) yields the same
// Registry, Repository, Tag and Digest.
func (r Ref) String() string {
	var b strings.Builder
	b.Grow(len(r.Registry) + 1 + len(r.Repository) + 1 + len(r.Tag) + 1 + len(r.Digest))
	b.WriteString(r.Registry)
	b.WriteByte('/')
	b.WriteString(r.Repository)
	if r.Tag != "" {
		b.WriteByte(':')
		b.WriteString(r.Tag)
	}
	if r.Digest != "" {
		b.WriteByte('@')
		b.WriteString(r.Digest)
	}
	return b.String()
}

// RepositoryARN returns the ECR repository ARN for ECRPrivate references,
// arn:PARTITION:ecr:REGION:ACCOUNT:repository/REPO, and "" otherwise. It is
// the resource the pull actions (ecr:BatchGetImage,
// ecr:GetDownloadUrlForLayer) are authorized against.
func (r Ref) RepositoryARN() string {
	if r.Kind != ECRPrivate {
		return ""
	}
	return "arn:" + r.Partition + ":ecr:" + r.Region + ":" + r.AccountID + ":repository/" + r.Repository
}

// ecrHost matches the private registry hosts of Amazon ECR.
//
// ECR-UG "Private registry concepts": the registry URL is
// https://aws_account_id.dkr.ecr.region.amazonaws.com
// (aws_account_id.dkr.ecr.cn-north-1.amazonaws.com.cn in China).
// AWS General Reference "Amazon ECR endpoints": FIPS registries are
// aws_account_id.dkr.ecr-fips.region.amazonaws.com.
// docker/login-action src/aws.ts also accepts amazonaws.eu, the AWS European
// Sovereign Cloud [secondary source].
var ecrHost = regexp.MustCompile(`^([0-9]{12})\.dkr\.ecr(-fips)?\.([a-z0-9-]+)\.amazonaws\.(com|com\.cn|eu)$`)

// ecrDualStackHost matches the dual-stack (IPv4 and IPv6) registry host.
//
// ECR-UG "Making requests to Amazon ECR registries" (ecr-requests.html,
// "Getting started with making requests over IPv6"): OCI and Docker client
// requests go to <registry-id>.dkr-ecr.<aws-region>.on.aws.
var ecrDualStackHost = regexp.MustCompile(`^([0-9]{12})\.dkr-ecr\.([a-z0-9-]+)\.on\.aws$`)

// classify sets Kind and, for ECR, the account, region, partition and
// endpoint flavour from the registry host.
func (r *Ref) classify() {
	host := strings.ToLower(r.Registry)
	switch host {
	case dockerHub:
		r.Kind = DockerHub
		return
	case "public.ecr.aws":
		r.Kind = ECRPublic
		return
	}
	if m := ecrHost.FindStringSubmatch(host); m != nil {
		partition := ecrPartition(m[3], m[4])
		if partition != "" {
			r.Kind, r.AccountID, r.Region, r.Partition = ECRPrivate, m[1], m[3], partition
			r.FIPS = m[2] != ""
			return
		}
	}
	if m := ecrDualStackHost.FindStringSubmatch(host); m != nil {
		// The dual-stack form is documented for the aws partition only.
		if partition := ecrPartition(m[2], "com"); partition == "aws" {
			r.Kind, r.AccountID, r.Region, r.Partition = ECRPrivate, m[1], m[2], partition
			r.DualStack = true
			return
		}
	}
	r.Kind = Other
}

// ecrPartition returns the partition of an ECR registry in region whose
// host ends in amazonaws.SUFFIX, or "" when region and suffix disagree (such
// a host is not an ECR registry, whatever it resembles).
func ecrPartition(region, suffix string) string {
	if !world.IsRegion(region) {
		return ""
	}
	switch {
	case strings.HasPrefix(region, "cn-"):
		// ECR-UG (docs.amazonaws.cn) "Private registry concepts": China
		// registries end in amazonaws.com.cn.
		if suffix == "com.cn" {
			return "aws-cn"
		}
	case strings.HasPrefix(region, "eusc-"):
		if suffix == "eu" {
			return "aws-eusc"
		}
	case strings.HasPrefix(region, "us-gov-"):
		if suffix == "com" {
			return "aws-us-gov"
		}
	default:
		if suffix == "com" {
			return "aws"
		}
	}
	return ""
}

// parseError is a reference that does not parse. It reads
// `image "REF": REASON`.
type parseError struct {
	ref    string
	reason string
}

func (e *parseError) Error() string { return fmt.Sprintf("image %q: %s", e.ref, e.reason) }

// reason turns distribution/reference's errors into one short lower-case
// phrase, without repeating the reference.
func reason(err error) string {
	msg := err.Error()
	switch {
	case errors.Is(err, reference.ErrNameEmpty):
		return "repository name must have at least one component"
	case errors.Is(err, reference.ErrNameContainsUppercase),
		strings.Contains(msg, "must be lowercase"):
		return "repository name must be lowercase"
	case errors.Is(err, reference.ErrNameTooLong):
		return fmt.Sprintf("repository name longer than %d characters", reference.RepositoryNameTotalLengthMax)
	case errors.Is(err, digest.ErrDigestUnsupported):
		return "unsupported digest algorithm (want sha256 or sha512)"
	case errors.Is(err, digest.ErrDigestInvalidLength):
		return "digest has the wrong length for its algorithm"
	case errors.Is(err, digest.ErrDigestInvalidFormat):
		return "malformed digest (want ALGORITHM:HEX)"
	case strings.Contains(msg, "64-byte hexadecimal"):
		return "a 64-character hex string is an image id, not a reference"
	}
	return "invalid reference format (want [REGISTRY/]REPOSITORY[:TAG][@DIGEST])"
}
