package taskstart

import (
	"errors"
	"fmt"
)

// Option configures Simulate.
type Option func(*options) error

type options struct {
	taskDefinition string
	service        string
}

// WithTaskDefinition limits the simulation to one task definition, named by
// ARN, family:revision or family (the highest revision in the input). By
// default every task definition in the input is simulated.
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

// NotFoundError is returned when a task definition or service asked for by
// an option is not in the input.
type NotFoundError struct {
	Kind string // "task definition" or "service"
	Name string
}

func (e *NotFoundError) Error() string {
	return fmt.Sprintf("%s %q is not in the input", e.Kind, e.Name)
}
