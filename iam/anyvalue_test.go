package iam

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"
)

// TestManyValuedConditionWithinSizeCap evaluates a policy near the
// document cap whose Deny carries 6,000 ForAnyValue:StringLike patterns
// against a request with 6,000 tag keys (IAM-UG "Multivalued context
// keys"), under a deadline far above the milliseconds it needs: comparing
// every pair took seconds.
func TestManyValuedConditionWithinSizeCap(t *testing.T) {
	const n = 6000
	patterns, keys := make([]string, n), make([]string, n)
	for i := range n {
		patterns[i] = fmt.Sprintf("team-%05d-*-end", i)
		keys[i] = fmt.Sprintf("team-%05d-x", i)
	}
	deny, err := json.Marshal(map[string]any{
		"Effect": "Deny", "Action": "secretsmanager:GetSecretValue", "Resource": "*",
		"Condition": map[string]any{"ForAnyValue:StringLike": map[string]any{"aws:TagKeys": patterns}},
	})
	if err != nil {
		t.Fatal(err)
	}
	doc := fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"*"},%s]}`, deny)
	if len(doc) > MaxPolicySize {
		t.Fatalf("document is %d bytes, over the cap %d", len(doc), MaxPolicySize)
	}
	p := pol("many patterns", doc)
	req := Request{
		Principal: Principal{ARN: "arn:aws:sts::111122223333:assumed-role/ecsTaskExecutionRole/t", RoleARN: roleARN, AccountID: "111122223333"},
		Action:    "secretsmanager:GetSecretValue",
		Resource:  "arn:aws:secretsmanager:us-east-1:111122223333:secret:db",
		Context:   map[string][]string{"aws:TagKeys": keys},
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	done := make(chan Decision, 1)
	go func() { done <- Evaluate(req, Layers{Identity: []*Policy{p}}) }()
	select {
	case d := <-done:
		// No tag key ends with "-end": the Deny does not apply.
		if d.Effect != Allow {
			t.Errorf("Evaluate = %s (%s), want allow", d.Effect, d.Reason)
		}
		keys[17] = "team-00017-x-end"
		if d := Evaluate(req, Layers{Identity: []*Policy{p}}); d.Effect != ExplicitDeny {
			t.Errorf("with one matching tag key: Evaluate = %s, want explicit-deny", d.Effect)
		}
	case <-ctx.Done():
		t.Fatal("6,000 x 6,000 ForAnyValue:StringLike did not finish within 20 s")
	}
}
