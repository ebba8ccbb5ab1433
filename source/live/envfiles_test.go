package live_test

import (
	"encoding/json"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/internal/awstest"
	"github.com/ecs-preflight/ecs-preflight/source/live"
	"github.com/ecs-preflight/ecs-preflight/source/snapshot"
	"github.com/ecs-preflight/ecs-preflight/taskstart"
)

// An environment file's bucket: its location, then its policy in its
// region; the answers are the document's.
func TestEnvironmentFileBucket(t *testing.T) {
	data, region, s := example(t, "nat-gateway")
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	tds := doc["ecs"].(map[string]any)["DescribeTaskDefinition"].([]any)
	for _, td := range tds {
		for _, c := range td.(map[string]any)["taskDefinition"].(map[string]any)["containerDefinitions"].([]any) {
			c.(map[string]any)["environmentFiles"] = []any{map[string]any{"type": "s3", "value": "arn:aws:s3:::acme-env/app.env"}}
		}
	}
	doc["s3"] = map[string]any{
		"GetBucketLocation": []any{map[string]any{"Bucket": "acme-env", "LocationConstraint": region}},
		"GetBucketPolicy":   []any{},
	}
	data, _ = json.Marshal(doc)
	srv := awstest.NewServer(t, data)
	lr, got := liveCheck(t, srv.Config(region), s, live.Options{})
	w, err := snapshot.Read("doc", data)
	if err != nil {
		t.Fatal(err)
	}
	want, err := taskstart.Simulate(t.Context(), w, taskstart.WithService(s.name))
	if err != nil {
		t.Fatal(err)
	}
	if g, w := normalized(t, got), normalized(t, want); g != w {
		t.Errorf("differs from the document:\n%s", lineDiff(g, w))
	}
	if st := step(got, taskstart.StepEnvironmentFiles); st == nil {
		t.Error("no environment-files step")
	}
	loc, pol := 0, 0
	for _, c := range srv.Calls() {
		switch c.Operation {
		case "GetBucketLocation":
			loc = c.Seq
		case "GetBucketPolicy":
			pol = c.Seq
		}
	}
	if loc == 0 || pol < loc {
		t.Errorf("GetBucketLocation call %d, GetBucketPolicy call %d: want the policy after the location (failures %v)", loc, pol, lr.Failures)
	}
}
