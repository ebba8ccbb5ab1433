package taskstart

import (
	"strings"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/world"
)

// TestTokenSourceVpceHinge: ECS-DG "Amazon ECS task execution IAM role"
// (archived text) says ecr:GetAuthorizationToken goes through an
// elastic network interface owned by AWS Fargate, so it carries no
// aws:SourceVpce; the AWS Containers Blog post "AWS Fargate launches platform version 1.4" (April 2020) says platform version
// 1.4.0 makes it from the task ENI. Where the decision hinges on the key,
// the step is unknown and names both sources.
func TestTokenSourceVpceHinge(t *testing.T) {
	tokenOnlyViaVpce := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ecr:BatchCheckLayerAvailability","ecr:GetDownloadUrlForLayer","ecr:BatchGetImage","logs:CreateLogStream","logs:PutLogEvents"],"Resource":"*"},{"Effect":"Allow","Action":"ecr:GetAuthorizationToken","Resource":"*","Condition":{"StringEquals":{"aws:SourceVpce":"vpce-ecr.api"}}}]}`
	cases := []mutationCase{
		{`ECS-DG "Amazon ECS task execution IAM role" (archived) vs a 2020 AWS answer: a token allowed only through vpce-ecr.api is unknown on 1.4.0 behind the endpoint`, func(w *world.World) {
			useEndpoints(w, "ecr.api", "ecr.dkr", "logs")
			role(w).AttachedPolicies = nil
			inline(w, tokenOnlyViaVpce)
		}, expect{container: "app", step: StepRegistryAuth, status: Unknown, reason: "elastic network interface owned by AWS Fargate"}},
		{`IAM-UG "VPC condition keys": through a NAT gateway the key is absent on either reading, so the same policy fails`, func(w *world.World) {
			role(w).AttachedPolicies = nil
			inline(w, tokenOnlyViaVpce)
		}, expect{container: "app", step: StepRegistryAuth, status: Fail, reason: "ecr:GetAuthorizationToken"}},
		{`ECS-DG "Amazon ECS task execution IAM role": a token allowed without conditions passes behind the endpoint, nothing hinges`, func(w *world.World) {
			useEndpoints(w, "ecr.api", "ecr.dkr", "logs")
		}, expect{container: "app", step: StepRegistryAuth, status: OK}},
		{`Organizations-UG "Resource control policies (RCPs)" (2026-09-26) with the disputed key: an RCP denying ecr:* outside vpce-ecr.api leaves the token unknown and passes the manifest`, func(w *world.World) {
			rcp("NetworkPerimeter", `{"Version":"2012-10-17","Statement":[{"Sid":"EnforceNetworkPerimeter","Effect":"Deny","Principal":"*","Action":"ecr:*","Resource":"*","Condition":{"StringNotEqualsIfExists":{"aws:SourceVpce":["vpce-ecr.api","vpce-ecr.dkr"]}}}]}`)(w)
			useEndpoints(w, "ecr.api", "ecr.dkr", "logs")
		}, expect{container: "app", step: StepRegistryAuth, status: Unknown, reason: "AWS Fargate launches platform version 1.4"}},
		{`ECR-UG "Amazon ECR interface VPC endpoints (AWS PrivateLink)" with the disputed key: an ecr.api endpoint policy that admits only calls carrying aws:SourceVpce leaves the token unknown`, func(w *world.World) {
			useEndpoints(w, "ecr.api", "ecr.dkr", "logs")
			w.VPCEndpoints.Get("vpce-ecr.api").PolicyDocument = `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:SourceVpce":"vpce-ecr.api"}}}]}`
		}, expect{container: "app", step: StepRegistryAuth, status: Unknown, reason: "(April 2020)"}},
	}
	runMutationCases(t, cases[:len(cases)-1])
	t.Run(cases[len(cases)-1].name+" (no endpoint block reported)", func(t *testing.T) {
		w := baseWorld()
		cases[len(cases)-1].mutate(w)
		task := simulate(t, w)
		checkExpect(t, task, cases[len(cases)-1].want)
		if st := findStep(task, cases[len(cases)-1].want); st.Network == nil || st.Network.BlockedBy != "" {
			t.Errorf("network evidence %+v: an undecided step names no block", st.Network)
		}
	})

	// The manifest of the RCP case is decided: ecr.dkr carries the key.
	w := baseWorld()
	cases[len(cases)-2].mutate(w)
	task := simulate(t, w)
	checkExpect(t, task, expect{container: "app", step: StepImageManifest, status: OK})
	for _, st := range task.Steps {
		if st.Step == StepRegistryAuth && !strings.Contains(strings.Join(st.Assumptions, "\n"), "archived text") {
			t.Errorf("registry-auth step does not state the assumption: %q", st.Assumptions)
		}
	}
}
