package iam_test

import (
	"fmt"
	"strings"

	"github.com/ecs-preflight/ecs-preflight/iam"
	"github.com/ecs-preflight/ecs-preflight/iam/awsmanaged"
)

// The execution role carries only AmazonECSTaskExecutionRolePolicy, which
// covers image pulls but not Secrets Manager (ECS-DG "Task execution IAM
// role").
func ExampleEvaluate() {
	doc, _ := awsmanaged.Lookup("arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy")
	managed, err := iam.Parse(doc.Name, []byte(doc.JSON))
	if err != nil {
		fmt.Println(err)
		return
	}
	role := iam.Principal{
		ARN:       "arn:aws:sts::111122223333:assumed-role/ecsTaskExecutionRole/3f2a9c",
		RoleARN:   "arn:aws:iam::111122223333:role/ecsTaskExecutionRole",
		AccountID: "111122223333",
	}
	layers := iam.Layers{Identity: []*iam.Policy{managed}}

	for _, req := range []iam.Request{
		{Principal: role, Action: "ecr:GetAuthorizationToken", Resource: "*"},
		{Principal: role, Action: "secretsmanager:GetSecretValue", Resource: "arn:aws:secretsmanager:ap-northeast-1:111122223333:secret:db-AbCdEf"},
	} {
		d := iam.Evaluate(req, layers)
		fmt.Println(strings.TrimSpace(req.Action + " " + string(d.Effect) + " " + d.Reason))
		for _, m := range d.Deciding {
			fmt.Printf("  %s %q %s %s\n", m.Layer, m.Policy, m.Statement, m.Effect)
		}
	}
	// Output:
	// ecr:GetAuthorizationToken allow
	//   identity-based policy "AmazonECSTaskExecutionRolePolicy" Statement[0] Allow
	// secretsmanager:GetSecretValue implicit-deny because no identity-based policy allows the secretsmanager:GetSecretValue action
}
