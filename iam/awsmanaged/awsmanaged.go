// Package awsmanaged is an embedded catalog of the AWS managed policies
// commonly attached to ECS task execution roles, so that a role whose
// attachments name only ARNs can still be evaluated offline.
//
// Documents are the policies' default versions as published in the "AWS
// Managed Policy Reference Guide"
// (docs.aws.amazon.com/aws-managed-policy/latest/reference/NAME.html) and
// cross-checked against the zoph-io/MAMIP history of managed policies, as
// looked up on 2026-11-23 (see catalog below for each version and its
// source). AWS edits managed policies without notice: a role evaluated
// against an older copy may differ from the live account. The live source
// should prefer the account's own GetPolicyVersion answer when it has one.
package awsmanaged

import (
	"embed"
	"slices"
	"strings"
)

// Document is an AWS managed policy's default version.
type Document struct {
	Name      string
	Arn       string
	VersionId string
	JSON      string
}

//go:embed policies/*.json
var files embed.FS

type entry struct {
	name, path, version string
}

// catalog lists each policy's path and default version id, as of
// 2026-11-23.
var catalog = []entry{
	// Docs page v1; document also printed in ECS-DG "Amazon ECS task
	// execution IAM role" and AWS Batch "execution IAM role".
	{"AmazonECSTaskExecutionRolePolicy", "/service-role/", "v1"},
	// Docs page: v3 (edited 2019-12-10).
	{"AmazonEC2ContainerRegistryReadOnly", "/", "v3"},
	// Docs page: v1 (created 2024-10-04); the document's tail
	// (ecr:BatchImportUpstreamImage) confirmed from MAMIP only, the docs
	// excerpt we could read was cut after "ecr:GetDownloadUrlForLayer".
	{"AmazonEC2ContainerRegistryPullOnly", "/", "v1"},
	// Docs page: v3 (edited 2019-12-10).
	{"AmazonEC2ContainerRegistryPowerUser", "/", "v3"},
	// v3 (2020-12-05) from MAMIP; not confirmed against the docs page.
	{"AmazonEC2ContainerRegistryFullAccess", "/", "v3"},
	// UNCONFIRMED VERSION: the docs page we could read shows v5 (edited
	// 2024-02-22) and was cut after the BasePermissions statement; MAMIP
	// records v6 (created 2026-08-25) with the document embedded here.
	// BasePermissions is the same in both.
	{"SecretsManagerReadWrite", "/", "v6"},
	// Docs page: v1 (2015-05-29).
	{"AmazonSSMReadOnlyAccess", "/", "v1"},
	// v3 (2025-05-20) from MAMIP; not confirmed against the docs page.
	{"CloudWatchLogsFullAccess", "/", "v3"},
	// v1 (2015-02-06), MAMIP; the document has never changed.
	{"AdministratorAccess", "/", "v1"},
	// Docs page: v12 (edited 2026-02-12), same as MAMIP.
	{"PowerUserAccess", "/", "v12"},
	// OLDER VERSION: the docs page shows v10 (edited 2026-02-12) but the
	// text we could read was cut before the document; this is v8
	// (2025-08-04) from MAMIP. The container instance role's start-phase
	// actions (ecr:GetAuthorizationToken, ecr:BatchGetImage,
	// ecr:GetDownloadUrlForLayer, logs:CreateLogStream, logs:PutLogEvents)
	// are in every version since the ECS-DG "Amazon ECS managed policies"
	// page first printed it, and ECS-DG "AWS managed policies for Amazon
	// ECS" says services do not remove permissions from an AWS managed
	// policy, so v10 allows at least what v8 does.
	{"AmazonEC2ContainerServiceforEC2Role", "/service-role/", "v8"},
}

func (e entry) doc(partition string) Document {
	b, err := files.ReadFile("policies/" + e.name + ".json")
	if err != nil {
		panic("awsmanaged: catalog entry without document: " + e.name)
	}
	return Document{
		Name:      e.name,
		Arn:       "arn:" + partition + ":iam::aws:policy" + e.path + e.name,
		VersionId: e.version,
		JSON:      string(b),
	}
}

// partitions that carry the same managed policies. A policy's resources
// name the "aws" partition even when looked up in another: for the
// policies here that matters only for SecretsManagerReadWrite's Lambda,
// SAR and S3 statements, which ECS start-up does not use.
var partitions = []string{"aws", "aws-cn", "aws-us-gov"}

// Lookup returns the AWS managed policy with this ARN, in any of the aws,
// aws-cn and aws-us-gov partitions. The returned Arn is the one asked for.
func Lookup(arn string) (Document, bool) {
	rest, ok := strings.CutPrefix(arn, "arn:")
	if !ok {
		return Document{}, false
	}
	partition, rest, ok := strings.Cut(rest, ":")
	if !ok || !slices.Contains(partitions, partition) {
		return Document{}, false
	}
	path, ok := strings.CutPrefix(rest, "iam::aws:policy")
	if !ok {
		return Document{}, false
	}
	for _, e := range catalog {
		if path == e.path+e.name {
			return e.doc(partition), true
		}
	}
	return Document{}, false
}

// ByName returns the policy with this name (the ARN's last element) in the
// aws partition.
func ByName(name string) (Document, bool) {
	for _, e := range catalog {
		if e.name == name {
			return e.doc("aws"), true
		}
	}
	return Document{}, false
}

// All returns every policy in the catalog, sorted by name, in the aws
// partition.
func All() []Document {
	out := make([]Document, 0, len(catalog))
	for _, e := range catalog {
		out = append(out, e.doc("aws"))
	}
	slices.SortFunc(out, func(a, b Document) int { return strings.Compare(a.Name, b.Name) })
	return out
}
