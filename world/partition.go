package world

import "strings"

// PartitionOf returns the partition a region belongs to (AWS General
// Reference "Amazon Resource Names": aws-cn for the China regions,
// aws-us-gov for GovCloud, aws-eusc for the European Sovereign Cloud, else
// aws).
func PartitionOf(region string) string {
	switch {
	case strings.HasPrefix(region, "cn-"):
		return "aws-cn"
	case strings.HasPrefix(region, "us-gov-"):
		return "aws-us-gov"
	case strings.HasPrefix(region, "eusc-"):
		return "aws-eusc"
	}
	return "aws"
}
