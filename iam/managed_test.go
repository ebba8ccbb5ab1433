package iam

import (
	"testing"

	"github.com/ecs-preflight/ecs-preflight/iam/awsmanaged"
)

// managed parses a catalog policy by ARN.
func managed(t *testing.T, arn string) *Policy {
	t.Helper()
	d, ok := awsmanaged.Lookup(arn)
	if !ok {
		t.Fatalf("%s not in the catalog", arn)
	}
	p, err := Parse(d.Name, []byte(d.JSON))
	if err != nil {
		t.Fatalf("catalog policy does not parse: %v", err)
	}
	return p
}

func TestManagedCatalogParses(t *testing.T) {
	for _, d := range awsmanaged.All() {
		if _, err := Parse(d.Name, []byte(d.JSON)); err != nil {
			t.Errorf("%s: %v", d.Name, err)
		}
	}
}

func TestManagedPolicies(t *testing.T) {
	execPol := "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
	tests := []struct {
		name             string
		arn              string
		action, resource string
		want             Effect
	}{
		{"ECS-DG: AmazonECSTaskExecutionRolePolicy allows ecr:GetAuthorizationToken on *", execPol, "ecr:GetAuthorizationToken", "*", Allow},
		{"ECS-DG: AmazonECSTaskExecutionRolePolicy allows ecr:BatchGetImage", execPol, "ecr:BatchGetImage", repoARN, Allow},
		{"ECS-DG: AmazonECSTaskExecutionRolePolicy allows logs:PutLogEvents", execPol, "logs:PutLogEvents", "arn:aws:logs:ap-northeast-1:111122223333:log-group:/ecs/app:log-stream:x", Allow},
		{"ECS-DG: AmazonECSTaskExecutionRolePolicy has nothing for secrets", execPol, "secretsmanager:GetSecretValue", secARN, ImplicitDeny},
		{"ECS-DG: AmazonECSTaskExecutionRolePolicy has no logs:CreateLogGroup (awslogs-create-group)", execPol, "logs:CreateLogGroup", "arn:aws:logs:ap-northeast-1:111122223333:log-group:/ecs/app", ImplicitDeny},
		{"ECS-DG: AmazonECSTaskExecutionRolePolicy has no ssm:GetParameters", execPol, "ssm:GetParameters", "arn:aws:ssm:ap-northeast-1:111122223333:parameter/db", ImplicitDeny},
		{"ECS-DG: AmazonECSTaskExecutionRolePolicy has no kms:Decrypt", execPol, "kms:Decrypt", keyARN, ImplicitDeny},
		{"AWS managed policy reference: PullOnly allows GetAuthorizationToken", "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly", "ecr:GetAuthorizationToken", "*", Allow},
		{"AWS managed policy reference: PullOnly lacks BatchCheckLayerAvailability", "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly", "ecr:BatchCheckLayerAvailability", repoARN, ImplicitDeny},
		{"AWS managed policy reference: AmazonSSMReadOnlyAccess covers ssm:GetParameters", "arn:aws:iam::aws:policy/AmazonSSMReadOnlyAccess", "ssm:GetParameters", "arn:aws:ssm:ap-northeast-1:111122223333:parameter/db", Allow},
		{"AWS managed policy reference: SecretsManagerReadWrite covers GetSecretValue", "arn:aws:iam::aws:policy/SecretsManagerReadWrite", "secretsmanager:GetSecretValue", secARN, Allow},
		{"AWS managed policy reference: SecretsManagerReadWrite has no kms:Decrypt", "arn:aws:iam::aws:policy/SecretsManagerReadWrite", "kms:Decrypt", keyARN, ImplicitDeny},
		{"AWS managed policy reference: CloudWatchLogsFullAccess covers CreateLogGroup", "arn:aws:iam::aws:policy/CloudWatchLogsFullAccess", "logs:CreateLogGroup", "arn:aws:logs:ap-northeast-1:111122223333:log-group:/ecs/app", Allow},
		{"AWS managed policy reference: PowerUserAccess excludes iam:PassRole", "arn:aws:iam::aws:policy/PowerUserAccess", "iam:PassRole", roleARN, ImplicitDeny},
		{"AWS managed policy reference: AdministratorAccess allows anything", "arn:aws:iam::aws:policy/AdministratorAccess", "kms:Decrypt", keyARN, Allow},
		{"AWS managed policy reference: FullAccess allows ecr:* but not secrets", "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryFullAccess", "secretsmanager:GetSecretValue", secARN, ImplicitDeny},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Evaluate(r(execRole, tt.action, tt.resource), Layers{Identity: []*Policy{managed(t, tt.arn)}})
			if d.Effect != tt.want {
				t.Errorf("Effect = %s, want %s (%+v)", d.Effect, tt.want, d)
			}
		})
	}
}
