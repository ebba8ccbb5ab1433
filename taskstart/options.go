package taskstart

import (
	"errors"
	"fmt"
	"time"

	"github.com/ecs-preflight/ecs-preflight/world"
)

// Option configures Simulate.
type Option func(*options) error

type options struct {
	taskDefinition string
	service        string
	assumeDefaults bool                                             // WithAssumedDefaults
	keep           func(*world.TaskDefinition, *world.Service) bool // WithFilter
	now            time.Time                                        // WithNow; zero means time.Now
}

// WithNow sets the time the simulation evaluates dated rules against, such
// as the retirement dates of Fargate platform versions (ECS-DG "AWS Fargate
// Linux platform version deprecation"). By default it is the time Simulate
// is called.
func WithNow(t time.Time) Option {
	return func(o *options) error {
		if t.IsZero() {
			return errors.New("time is zero")
		}
		o.now = t
		return nil
	}
}

// clock is the time dated rules are evaluated at.
func (o options) clock() time.Time {
	if o.now.IsZero() {
		return time.Now()
	}
	return o.now
}

// WithTaskDefinition limits the simulation to one task definition, named by
// ARN, family:revision or family. An ARN or family:revision selects that
// revision, with every service that runs it. A family selects every
// service running a revision of it, each with the revision it runs, and
// the family's latest ACTIVE revision on its own when no service runs it
// (ECS API "RunTask": "If a revision isn't specified, the latest ACTIVE
// revision is used"). By default every service and every ACTIVE task
// definition in the input is simulated.
func WithTaskDefinition(name string) Option {
	return func(o *options) error {
		if name == "" {
			return errors.New("task definition name is empty")
		}
		o.taskDefinition = name
		return nil
	}
}

// WithService limits the simulation to one service, named by ARN or name.
// By default every service in the input is simulated.
func WithService(name string) Option {
	return func(o *options) error {
		if name == "" {
			return errors.New("service name is empty")
		}
		o.service = name
		return nil
	}
}

// WithFilter limits the simulation to the tasks keep accepts: a service
// (with the task definition it runs), or a task definition no service runs
// (svc nil). The others still supply facts; they are only not checked.
// It applies after WithService and WithTaskDefinition.
func WithFilter(keep func(td *world.TaskDefinition, svc *world.Service) bool) Option {
	return func(o *options) error {
		if keep == nil {
			return errors.New("filter is nil")
		}
		o.keep = keep
		return nil
	}
}

// NotFoundError is returned when a task definition or service asked for by
// an option is not in the input.
type NotFoundError struct {
	Kind string // "task definition" or "service"
	Name string
}

func (e *NotFoundError) Error() string {
	return fmt.Sprintf("%s %q is not in the input", e.Kind, e.Name)
}
