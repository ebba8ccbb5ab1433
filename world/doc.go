// Package world holds the normalized facts of an AWS account (and any other
// account the input speaks of) that decide whether an ECS task can start.
//
// The types mirror the AWS API response shapes, with the AWS field names, so
// that every source — a snapshot of AWS CLI output, a CloudFormation template,
// a Terraform plan, a live account — fills the same structure, and the
// simulation reads one thing. Only fields that matter to the task start phase
// are kept.
//
// Absence is explicit. Every collection is a [Set] that records whether the
// input spoke of that kind of resource at all ([Set.Known]) and, if so,
// whether it was a complete listing ([Set.Complete]). A complete listing (a
// DescribeVpcEndpoints or DescribeRepositories of the whole region) lets the
// simulation conclude that a resource does not exist; a partial one (GetRole
// for one role, DescribeSecret for one secret) does not, and a lookup that
// misses it answers "unknown". Optional scalar facts that decide outcomes are
// pointers: nil means "not in the input", never "false".
//
// Each resource carries an [Origin]: where in the input it came from (a file
// and JSON path, a template logical id, a plan address), so findings can point
// at the line to change.
package world
