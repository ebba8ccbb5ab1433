package cloudformation

import (
	"context"

	"github.com/ecs-preflight/ecs-preflight/source"
	"github.com/ecs-preflight/ecs-preflight/world"
)

var _ source.Source = (*File)(nil)

// File is a template file, read with Options, as a source.Source.
type File struct {
	Path    string
	Options []Option
}

// Load reads the template with Load.
func (f *File) Load(ctx context.Context) (*world.World, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return Load(f.Path, f.Options...)
}
