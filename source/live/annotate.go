package live

import (
	"fmt"
	"strings"

	"github.com/ecs-preflight/ecs-preflight/taskstart"
)

// Annotate adds each failed read to the missing facts of the steps it left
// unknown, task by task (AnnotateTask).
func Annotate(res *taskstart.Result, failures []Failure) {
	for ti := range res.Tasks {
		AnnotateTask(&res.Tasks[ti], failures)
	}
}

// AnnotateTask adds each failed read to the missing facts of the task's
// steps it left unknown: a missing entry that names the call
// ("iam:GetRolePolicy for x") gets "(AccessDenied on iam:GetRolePolicy for
// role/x)" appended. Where several reads of one call failed, an entry takes
// those whose resource it names. It needs only the task, so a streamed
// check annotates each task before writing it.
func AnnotateTask(t *taskstart.Task, failures []Failure) {
	if len(failures) == 0 {
		return
	}
	used := map[int]bool{}
	annotate(t, failures, used, func(m string, i int) bool {
		f := failures[i]
		return strings.Contains(m, f.Op) && namesResource(m, f, failures)
	})
	// A failure no entry names by its call (a denied GetRolePolicy leaves
	// the role's inline policies unknown, named by ListRolePolicies): the
	// entries that name its resource.
	annotate(t, failures, used, func(m string, i int) bool {
		if used[i] {
			return false
		}
		name := shortName(failures[i].Key)
		return name != "" && strings.Contains(m, name)
	})
}

func annotate(t *taskstart.Task, failures []Failure, used map[int]bool, match func(m string, i int) bool) {
	for si := range t.Steps {
		st := &t.Steps[si]
		for mi, m := range st.Missing {
			var add []string
			for i, f := range failures {
				if strings.Contains(m, f.Text()) || !match(m, i) {
					continue
				}
				used[i] = true
				add = append(add, f.Text())
			}
			if len(add) > 0 {
				st.Missing[mi] = m + " (" + strings.Join(add, "; ") + ")"
			}
		}
	}
}

// namesResource reports whether missing text m is about f's resource: it
// names it, or f is the only failed read of its call.
func namesResource(m string, f Failure, all []Failure) bool {
	n := 0
	for _, g := range all {
		if g.Op == f.Op {
			n++
		}
	}
	if n == 1 {
		return true
	}
	name := shortName(f.Key)
	return name != "" && strings.Contains(m, name)
}

// shortName is the name of the resource a failure's key names: the role
// of "role/x policy p", the last segment of an ARN.
func shortName(key string) string {
	key, _, _ = strings.Cut(key, " ")
	if i := strings.LastIndexAny(key, "/:"); i >= 0 {
		key = key[i+1:]
	}
	return key
}

// WithFailures adds the failed reads to an error the simulation gave on
// what was read (a service the account could not show), so that the error
// names the permission: "service "api" is not in the input (reads that
// failed: AccessDenied on ecs:DescribeServices for prod/api)".
func WithFailures(err error, failures []Failure) error {
	if err == nil || len(failures) == 0 {
		return err
	}
	texts := make([]string, len(failures))
	for i, f := range failures {
		texts[i] = f.Text()
	}
	return fmt.Errorf("%w (reads that failed: %s)", err, strings.Join(texts, "; "))
}
