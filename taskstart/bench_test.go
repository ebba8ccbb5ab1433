package taskstart

import (
	"context"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/world"
)

// BenchmarkCheckOneTask is a whole check of one task: a Fargate service on
// VPC endpoints with an ECR image, an SSM SecureString under a customer key,
// a Secrets Manager JSON key and awslogs — every step and every host.
func BenchmarkCheckOneTask(b *testing.B) {
	w := baseWorld()
	useEndpoints(w, "ecr.api", "ecr.dkr", "logs", "ssm", "secretsmanager")
	addSSMParam(w, "SecureString", cmkARN)
	addCMK(w, defaultKeyPolicy)
	addSMSecret(w, "", "password")
	app(w).Secrets = append(app(w).Secrets, world.ContainerSecret{Name: "API_KEY", ValueFrom: smSecret + ":password::"})
	addInline(w, "secrets", `{"Statement":[{"Effect":"Allow","Action":["ssm:GetParameters","secretsmanager:GetSecretValue","kms:Decrypt"],"Resource":"*"}]}`)
	ctx := context.Background()
	res, err := Simulate(ctx, w)
	if err != nil || res.Verdict != Pass {
		b.Fatalf("benchmark world does not pass: %v %+v", err, res)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Simulate(ctx, w); err != nil {
			b.Fatal(err)
		}
	}
}
