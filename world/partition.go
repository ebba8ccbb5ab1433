package world

import (
	"regexp"
	"slices"
	"strings"
)

// Partition is one AWS partition the region rule knows.
type Partition struct {
	// ID is the partition as ARNs write it ("aws-cn").
	ID string
	// RegionPrefixes are what a region name of the partition starts with,
	// before its "-NAME-NUMBER" tail: "ap" for ap-northeast-1, "us-gov" for
	// us-gov-west-1.
	RegionPrefixes []string
	// ExampleRegion is one region of the partition.
	ExampleRegion string
	// DNSSuffix ends the partition's service host names and is
	// CloudFormation's AWS::URLSuffix ("amazonaws.com.cn").
	DNSSuffix string

	re *regexp.Regexp
}

// Partitions are the partitions whose regions this program knows, from the
// AWS SDKs' partitions metadata (aws-sdk-go-v2
// internal/endpoints/awsrulesfn/partitions.json, "regionRegex"; AWS General
// Reference "AWS service endpoints" and "Amazon Resource Names"). A region
// name is PREFIX-NAME-NUMBER, the SDK's `^(PREFIXES)\-\w+\-\d+$`, written
// here in lower case as region names are. The isolated partitions (aws-iso,
// aws-iso-b, aws-iso-e, aws-iso-f) are left out: their endpoints and ARNs
// are not modelled, so a region of theirs is not a region name here.
var Partitions = []Partition{
	{ID: "aws", RegionPrefixes: []string{"us", "eu", "ap", "sa", "ca", "me", "af", "il", "mx"}, ExampleRegion: "us-east-1", DNSSuffix: "amazonaws.com"},
	{ID: "aws-cn", RegionPrefixes: []string{"cn"}, ExampleRegion: "cn-north-1", DNSSuffix: "amazonaws.com.cn"},
	{ID: "aws-us-gov", RegionPrefixes: []string{"us-gov"}, ExampleRegion: "us-gov-west-1", DNSSuffix: "amazonaws.com"},
	{ID: "aws-eusc", RegionPrefixes: []string{"eusc-de"}, ExampleRegion: "eusc-de-east-1", DNSSuffix: "amazonaws.eu"},
}

func init() {
	for i := range Partitions {
		p := &Partitions[i]
		p.re = regexp.MustCompile(`^(` + strings.Join(p.RegionPrefixes, "|") + `)-[a-z0-9]+-[0-9]+$`)
	}
}

// partitionOf returns the partition whose region rule matches region, or nil.
func partitionOf(region string) *Partition {
	for i := range Partitions {
		if Partitions[i].re.MatchString(region) {
			return &Partitions[i]
		}
	}
	return nil
}

// IsRegion reports whether region is a region name of a partition in
// Partitions ("eu-west-1", "cn-north-1", "us-gov-west-1",
// "eusc-de-east-1"). Every reader checks region names with it.
func IsRegion(region string) bool { return partitionOf(region) != nil }

// PartitionOf returns the partition a region belongs to (AWS General
// Reference "Amazon Resource Names": aws-cn for the China regions,
// aws-us-gov for GovCloud, aws-eusc for the European Sovereign Cloud, else
// aws). A name no partition knows, "" included, is "aws": the SDKs' default
// partition for a region they do not recognise (awsrulesfn.GetPartition).
func PartitionOf(region string) string {
	if p := partitionOf(region); p != nil {
		return p.ID
	}
	return "aws"
}

// IsPartition reports whether id is a partition in Partitions ("aws",
// "aws-cn", "aws-us-gov", "aws-eusc").
func IsPartition(id string) bool {
	return slices.ContainsFunc(Partitions, func(p Partition) bool { return p.ID == id })
}

// DNSSuffix returns the DNS suffix of a partition's service hosts (the
// SDKs' partitions metadata, "dnsSuffix"): amazonaws.com.cn in aws-cn,
// amazonaws.eu in aws-eusc, and amazonaws.com otherwise, "" included.
func DNSSuffix(partition string) string {
	for _, p := range Partitions {
		if p.ID == partition {
			return p.DNSSuffix
		}
	}
	return "amazonaws.com"
}
