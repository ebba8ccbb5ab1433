package taskstart_test

import (
	"context"
	"fmt"
	"os"

	"github.com/ecs-preflight/ecs-preflight/examples"
	"github.com/ecs-preflight/ecs-preflight/report/text"
	"github.com/ecs-preflight/ecs-preflight/source/snapshot"
	"github.com/ecs-preflight/ecs-preflight/taskstart"
)

// Read a snapshot of AWS CLI outputs, simulate the start phase of its one
// service and print the report: the task's subnets route neither to a NAT
// gateway nor through an S3 gateway endpoint, so the image layers cannot be
// downloaded, and the fix names the route table.
func ExampleSimulate() {
	ex, _ := examples.Get("missing-s3-gateway")
	w, err := snapshot.Read("missing-s3-gateway.json", ex.Data)
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := taskstart.Simulate(context.Background(), w)
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := (&text.Renderer{}).Render(os.Stdout, res); err != nil {
		fmt.Println(err)
	}
	for _, st := range res.Tasks[0].Steps {
		if st.Status == taskstart.Fail {
			fmt.Printf("fix %s at %s:%d %s\n", st.FixLocation.Resource, st.FixLocation.File, st.FixLocation.Line, st.FixLocation.Path)
		}
	}
	// Output:
	// region ap-northeast-1 (the snapshot's region); account 123456789012 (the snapshot's accountId)
	//
	// service ledger-api (task definition ledger-api:8), FARGATE 1.4.0: FAIL
	//   task-definition   OK      task definition ledger-api:8 is valid for FARGATE platform version 1.4.0
	//   execution-role    OK      ecs-tasks.amazonaws.com may assume execution role ledger-api-execution
	//   container api
	//     registry-auth     OK      get an ECR authorization token via vpce (vpce-072e3e938be1c335c)
	//     image-manifest    OK      read the image manifest from 123456789012.dkr.ecr.ap-northeast-1.amazonaws.com via vpce (vpce-08b8fc6a5ad026199)
	//     image-layers      FAIL    download the image layers from Amazon S3: prod-ap-northeast-1-starport-layer-bucket.s3.ap-northeast-1.amazonaws.com unreachable (route)
	//                               stoppedReason: CannotPullContainerError: ref pull has been retried 1 time(s): failed to copy: httpReadSeeker: failed open: failed to do request: Get "https://prod-ap-northeast-1-starport-layer-bucket.s3.ap-northeast-1.amazonaws.com/...": dial tcp <ip>:443: i/o timeout
	//                               fix: add a route 0.0.0.0/0 → a public NAT gateway: aws ec2 create-route --route-table-id rtb-0aeeaf59f63d1b887 --destination-cidr-block 0.0.0.0/0 --nat-gateway-id NAT_ID, or create the S3 gateway endpoint: aws ec2 create-vpc-endpoint --vpc-endpoint-type Gateway --service-name com.amazonaws.ap-northeast-1.s3 --vpc-id vpc-016f89c1d3894aaa3 --route-table-ids rtb-0aeeaf59f63d1b887
	//     logs              OK      create log stream in /ecs/ledger-api via vpce (vpce-0fef6a5d0e3970a6e)
	//
	// verdict: FAIL (1 tasks: 0 pass, 1 fail, 0 unknown)
	// fix rtb-0aeeaf59f63d1b887 at missing-s3-gateway.json:425 $.ec2.DescribeRouteTables.RouteTables[1]
}
