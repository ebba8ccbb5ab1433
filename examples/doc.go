// Package examples holds the example snapshots that ship inside the binary
// (`ecs-preflight check --example NAME`) and feed the golden tests.
//
// Each example is one account snapshot in the format of docs/snapshot.md:
// AWS CLI responses of account 123456789012 in ap-northeast-1, pasted as
// `aws ... --output json` prints them, with ids that agree across sections
// (the subnet a service names is in DescribeSubnets, its route table points
// at a NAT gateway in DescribeNatGateways, and so on). Every snapshot is
// complete enough that each step of the start phase is decided; the one
// example meant to end in "unknown" leaves out the ec2 section on purpose.
//
// A failing example carries exactly one deliberate defect, taken from a
// situation a public source describes: an AWS documentation page or a
// reported case, as listed in docs/sources.md (section 6 for the reported
// network cases); [Example.Description] names it. [Example.Expect] states the
// verdict the simulation must reach and, for fail and unknown, the first step
// and container that decide it, so a golden test can compare.
//
// When you edit a snapshot, keep its ids consistent across sections and keep
// a failing example down to its one defect; the package test checks the
// cross references.
package examples
