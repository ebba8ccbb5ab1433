package taskstart_test

import (
	"context"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/examples"
	"github.com/ecs-preflight/ecs-preflight/source/snapshot"
	"github.com/ecs-preflight/ecs-preflight/taskstart"
)

// FuzzCheck runs the whole pipeline on arbitrary snapshots: whatever the
// reader accepts, the simulation answers without panicking, and its answer
// keeps the contract (a failing step has a reason and a fix, an unknown one
// names what is missing).
func FuzzCheck(f *testing.F) {
	for _, ex := range examples.All() {
		f.Add(ex.Data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		w, err := snapshot.Read("fuzz.json", data)
		if err != nil {
			return
		}
		res, err := taskstart.Simulate(context.Background(), w)
		if err != nil {
			t.Fatalf("Simulate: %v", err)
		}
		for _, task := range res.Tasks {
			for _, st := range task.Steps {
				if st.Status == taskstart.Fail && (st.StoppedReason == "" || st.Fix == "") {
					t.Fatalf("fail without stoppedReason or fix: %+v", st)
				}
				if st.Status == taskstart.Unknown && len(st.Missing) == 0 {
					t.Fatalf("unknown without missing: %+v", st)
				}
			}
		}
	})
}
