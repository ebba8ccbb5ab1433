package live

import (
	"strings"

	"github.com/ecs-preflight/ecs-preflight/taskstart"
)

// Annotate adds each failed read to the missing facts of the steps it left
// unknown: a missing entry that names the call ("iam:GetRolePolicy for x")
// gets "(AccessDenied on iam:GetRolePolicy for role/x)" appended. Where
// several reads of one call failed, an entry takes those whose resource it
// names.
func Annotate(res *taskstart.Result, failures []Failure) {
	if len(failures) == 0 {
		return
	}
	for ti := range res.Tasks {
		for si := range res.Tasks[ti].Steps {
			st := &res.Tasks[ti].Steps[si]
			for mi, m := range st.Missing {
				var add []string
				for _, f := range failures {
					if !strings.Contains(m, f.Op) || strings.Contains(m, f.Text()) {
						continue
					}
					if !namesResource(m, f, failures) {
						continue
					}
					add = append(add, f.Text())
				}
				if len(add) > 0 {
					st.Missing[mi] = m + " (" + strings.Join(add, "; ") + ")"
				}
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
	name := f.Key
	if i := strings.LastIndexAny(name, "/:"); i >= 0 {
		name = name[i+1:]
	}
	name, _, _ = strings.Cut(name, " ")
	return name != "" && strings.Contains(m, name)
}
