package snapshot_test

import (
	"fmt"

	"github.com/ecs-preflight/ecs-preflight/source/snapshot"
)

func ExampleRead() {
	// Two AWS CLI outputs pasted under their operation names: a complete
	// listing of subnets, and one role.
	doc := `{
  "snapshotVersion": "1",
  "region": "eu-west-1",
  "accountId": "123456789012",
  "ec2": {"DescribeSubnets": {"Subnets": [
    {"SubnetId": "subnet-1", "VpcId": "vpc-1", "MapPublicIpOnLaunch": false}
  ]}},
  "iam": {"GetRole": [{"Role": {
    "RoleName": "exec", "Arn": "arn:aws:iam::123456789012:role/exec",
    "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": []}
  }}]}
}`
	w, err := snapshot.Read("snap.json", []byte(doc))
	if err != nil {
		fmt.Println(err)
		return
	}
	_, found, _ := w.Subnets.Lookup("subnet-1")
	_, _, absent := w.Subnets.Lookup("subnet-2")
	fmt.Println("subnet-1 found:", found, "subnet-2 absent:", absent)

	role, _, _ := w.Roles.Lookup("arn:aws:iam::123456789012:role/exec")
	_, _, roleAbsent := w.Roles.Lookup("arn:aws:iam::123456789012:role/other")
	fmt.Println("trust policy:", role.AssumeRolePolicyDocument)
	fmt.Println("attached policies known:", role.AttachedKnown, "other role absent:", roleAbsent)
	fmt.Println("from:", role.Origin)

	_, err = snapshot.Read("snap.json", []byte(`{"ec2": {"DescribeSubnets": {"Subnets": [{"SubnetId": "s", "MapPublicIpOnLaunch": "no"}]}}}`))
	fmt.Println(err)
	// Output:
	// subnet-1 found: true subnet-2 absent: true
	// trust policy: {"Version":"2012-10-17","Statement":[]}
	// attached policies known: false other role absent: false
	// from: snap.json:8 $.iam.GetRole[0].Role
	// loading snapshot "snap.json": line 1, column 83: $.ec2.DescribeSubnets.Subnets[0].MapPublicIpOnLaunch: want bool, got string
}
