package taskstart

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/world"
)

const tdARNPrefix = "arn:aws:ecs:ap-northeast-1:111122223333:task-definition/"

// addRevision registers another revision of the base world's family "app"
// with the given status ("" for a template's, which gives none).
func addRevision(w *world.World, rev int, status string) {
	c := *td(w)
	c.Revision, c.Status = rev, status
	c.TaskDefinitionArn = tdARNPrefix + "app:" + strconv.Itoa(rev)
	w.TaskDefinitions.Put(c.TaskDefinitionArn, &c)
}

// noServices empties the service listing: every task definition stands
// alone.
func noServices(w *world.World) {
	w.Services = world.NewSet[world.Service]("ecs:DescribeServices", true)
}

// runsRevision points the service at revision rev of "app".
func runsRevision(rev int) func(*world.World) {
	return func(w *world.World) { svc(w).TaskDefinition = tdARNPrefix + "app:" + strconv.Itoa(rev) }
}

// selected names each simulated task as "family:rev" or "family:rev@service".
func selected(res *Result) []string {
	var out []string
	for _, t := range res.Tasks {
		s := t.TaskDefinition
		if t.Service != "" {
			s += "@" + t.Service
		}
		out = append(out, s)
	}
	return out
}

func TestSelectTaskDefinition(t *testing.T) {
	cases := []struct {
		name   string
		setup  []func(*world.World)
		option string // --task-definition; "" for the default selection
		want   []string
		// notFound is true when the selection must fail with NotFoundError.
		notFound bool
	}{
		{
			name:   `ECS API "RunTask": a family alone is its latest ACTIVE revision, not a higher INACTIVE one`,
			setup:  []func(*world.World){noServices, func(w *world.World) { addRevision(w, 2, "ACTIVE"); addRevision(w, 3, "INACTIVE") }},
			option: "app",
			want:   []string{"app:2"},
		},
		{
			name:   `a revision whose status the input does not give (a template's) counts as ACTIVE`,
			setup:  []func(*world.World){noServices, func(w *world.World) { addRevision(w, 2, "") }},
			option: "app",
			want:   []string{"app:2"},
		},
		{
			name:   `ECS API "DeregisterTaskDefinition": family:revision names an INACTIVE revision when asked for`,
			setup:  []func(*world.World){noServices, func(w *world.World) { addRevision(w, 2, "INACTIVE") }},
			option: "app:2",
			want:   []string{"app:2"},
		},
		{
			name:   `ECS API "RunTask": a full ARN names its revision`,
			setup:  []func(*world.World){noServices, func(w *world.World) { addRevision(w, 2, "ACTIVE") }},
			option: tdARNPrefix + "app:1",
			want:   []string{"app:1"},
		},
		{
			name:     `an ARN of another account does not name the input's revision`,
			setup:    []func(*world.World){noServices},
			option:   "arn:aws:ecs:ap-northeast-1:999999999999:task-definition/app:1",
			notFound: true,
		},
		{
			name:   `a service running an older revision is checked with it; the latest ACTIVE revision no service runs stands alone`,
			setup:  []func(*world.World){func(w *world.World) { addRevision(w, 2, "ACTIVE") }},
			option: "app",
			want:   []string{"app:1@app", "app:2"},
		},
		{
			name:   `a service running the latest ACTIVE revision covers it: nothing stands alone`,
			setup:  []func(*world.World){func(w *world.World) { addRevision(w, 2, "ACTIVE") }, runsRevision(2)},
			option: "app",
			want:   []string{"app:2@app"},
		},
		{
			name:   `ECS API "DeregisterTaskDefinition": a service keeps running an INACTIVE revision, and is checked with it`,
			setup:  []func(*world.World){func(w *world.World) { td(w).Status = "INACTIVE"; addRevision(w, 2, "ACTIVE") }},
			option: "app",
			want:   []string{"app:1@app", "app:2"},
		},
		{
			name:   `family:revision selects the service that runs that revision, not one of another revision`,
			setup:  []func(*world.World){func(w *world.World) { addRevision(w, 2, "ACTIVE") }},
			option: "app:2",
			want:   []string{"app:2"},
		},
		{
			name:   `family:revision of the revision a service runs selects the service`,
			setup:  []func(*world.World){func(w *world.World) { addRevision(w, 2, "ACTIVE") }},
			option: "app:1",
			want:   []string{"app:1@app"},
		},
		{
			name:   `a service whose revision the input lacks is selected by its family and named unknown`,
			setup:  []func(*world.World){runsRevision(7)},
			option: "app",
			want:   []string{tdARNPrefix + "app:7@app", "app:1"},
		},
		{
			name:   `family:revision does not select a service running another revision the input lacks`,
			setup:  []func(*world.World){runsRevision(7)},
			option: "app:1",
			want:   []string{"app:1"},
		},
		{
			name:     `ECS API "RegisterTaskDefinition": revisions start at 1, so app:0 names nothing`,
			option:   "app:0",
			notFound: true,
		},
		{
			name:     `an unknown family is not in the input`,
			option:   "billing",
			notFound: true,
		},
		{
			name:     `a family whose only revision is INACTIVE and runs in no service has nothing to start`,
			setup:    []func(*world.World){noServices, func(w *world.World) { td(w).Status = "INACTIVE" }},
			option:   "app",
			notFound: true,
		},
		{
			name:     `a revision number that is not a positive integer names nothing`,
			option:   "app:latest",
			notFound: true,
		},
		{
			name:  `default: every service with its revision, and the ACTIVE revisions no service runs; INACTIVE ones cannot start tasks`,
			setup: []func(*world.World){func(w *world.World) { addRevision(w, 2, "ACTIVE"); addRevision(w, 3, "INACTIVE") }},
			want:  []string{"app:1@app", "app:2"},
		},
		{
			name: `ECS API "CreateService": a service naming a family alone runs its latest ACTIVE revision`,
			setup: []func(*world.World){func(w *world.World) {
				addRevision(w, 2, "ACTIVE")
				addRevision(w, 3, "INACTIVE")
				svc(w).TaskDefinition = "app"
			}},
			want: []string{"app:2@app", "app:1"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := baseWorld()
			for _, f := range tc.setup {
				f(w)
			}
			var opts []Option
			if tc.option != "" {
				opts = append(opts, WithTaskDefinition(tc.option))
			}
			res, err := Simulate(context.Background(), w, opts...)
			if tc.notFound {
				var nf *NotFoundError
				if !errors.As(err, &nf) || nf.Kind != "task definition" || nf.Name != tc.option {
					t.Fatalf("got %v, want NotFoundError for task definition %q", err, tc.option)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := selected(res); !slices.Equal(got, tc.want) {
				t.Fatalf("selected %q, want %q", got, tc.want)
			}
		})
	}
}

// A service whose revision the input lacks is unknown, naming the call
// that would supply it, not silently dropped.
func TestSelectMissingRevisionIsUnknown(t *testing.T) {
	w := baseWorld()
	runsRevision(7)(w)
	res, err := Simulate(context.Background(), w, WithService("app"))
	if err != nil {
		t.Fatal(err)
	}
	checkExpect(t, res.Tasks[0], expect{step: StepTaskDefinition, status: Unknown, reason: "ecs:DescribeTaskDefinition for " + tdARNPrefix + "app:7"})
}

// ECS API Reference "DeregisterTaskDefinition": an INACTIVE revision cannot
// start new tasks, but services that run it go on.
func TestInactiveRevision(t *testing.T) {
	cases := []struct {
		name    string
		service bool
		want    Status
	}{
		{"an INACTIVE revision started on its own is refused by RunTask", false, Fail},
		{"a service already running an INACTIVE revision goes on", true, OK},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := baseWorld()
			addRevision(w, 2, "INACTIVE")
			opts := []Option{WithTaskDefinition("app:2")}
			if c.service {
				runsRevision(2)(w)
			} else {
				noServices(w)
			}
			res, err := Simulate(context.Background(), w, opts...)
			if err != nil || len(res.Tasks) != 1 {
				t.Fatalf("Simulate: %v %+v", err, res)
			}
			st := res.Tasks[0].Steps[0]
			if st.Step != StepTaskDefinition || st.Status != c.want {
				t.Fatalf("first step %s %s, want task-definition %s: %+v", st.Step, st.Status, c.want, st)
			}
			if c.want == Fail && (st.StoppedReason != "InvalidParameterException: TaskDefinition is inactive" || st.RuleID != "EPF-TD-INACTIVE") {
				t.Errorf("stoppedReason %q rule %q", st.StoppedReason, st.RuleID)
			}
		})
	}
}

// WithFilter checks only the tasks it keeps (the CLI's --stack: the other
// stacks still supply facts); a service keeps the revision it runs even
// when the filter would drop that task definition on its own.
func TestSelectFilter(t *testing.T) {
	cases := []struct {
		name string
		keep func(*world.TaskDefinition, *world.Service) bool
		want []string
	}{
		{"keep all", func(*world.TaskDefinition, *world.Service) bool { return true }, []string{"app:1@app", "app:2"}},
		{"services only", func(_ *world.TaskDefinition, s *world.Service) bool { return s != nil }, []string{"app:1@app"}},
		{"task definitions on their own only", func(_ *world.TaskDefinition, s *world.Service) bool { return s == nil }, []string{"app:2"}},
		{"none: nothing to check, not an error", func(*world.TaskDefinition, *world.Service) bool { return false }, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := baseWorld()
			addRevision(w, 2, "ACTIVE")
			res, err := Simulate(context.Background(), w, WithFilter(tc.keep))
			if err != nil {
				t.Fatal(err)
			}
			if got := selected(res); !slices.Equal(got, tc.want) {
				t.Fatalf("selected %q, want %q", got, tc.want)
			}
		})
	}
	if _, err := Simulate(context.Background(), baseWorld(), WithFilter(nil)); err == nil {
		t.Error("a nil filter is refused")
	}
}
