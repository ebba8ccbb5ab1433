package cloudformation

import (
	"context"
	"maps"

	"github.com/ecs-preflight/ecs-preflight/source"
	"github.com/ecs-preflight/ecs-preflight/world"
)

// Stack is one template of an application, as it is deployed: a stack name
// and its own parameter values and environment.
type Stack struct {
	// File is the template path, as the user named it.
	File string
	// Name is AWS::StackName; "" means the file's base name without
	// extension.
	Name string
	// Parameters are this stack's values (a parameter file, CDK asset
	// parameters). Values given to LoadStacks with WithParameters override
	// them.
	Parameters map[string]string
	// Region and Account are the stack's environment when it is pinned
	// (a CDK stack synthesised for a concrete env); "" leaves it to the
	// options and the template.
	Region, Account string
}

// Stacks is an application of several templates as a source.Source.
type Stacks struct {
	Stacks  []Stack
	Options []Option
}

var _ source.Source = (*Stacks)(nil)

// Load reads the stacks with LoadStacks.
func (s *Stacks) Load(ctx context.Context) (*world.World, error) {
	return LoadStacks(ctx, s.Stacks, s.Options...)
}

// LoadStacks reads several templates as one application and returns the
// world they make together.
func LoadStacks(ctx context.Context, stacks []Stack, opts ...Option) (*world.World, error) {
	var w *world.World
	for _, st := range stacks {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		o := make([]Option, 0, len(opts)+3)
		if len(st.Parameters) > 0 {
			o = append(o, WithParameters(maps.Clone(st.Parameters)))
		}
		if st.Region != "" {
			o = append(o, WithRegion(st.Region))
		}
		if st.Account != "" {
			o = append(o, WithAccount(st.Account))
		}
		o = append(o, opts...)
		sw, err := Load(st.File, o...)
		if err != nil {
			return nil, err
		}
		w = world.Merge(w, sw)
	}
	return w, nil
}
