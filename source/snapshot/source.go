package snapshot

import (
	"context"

	"github.com/ecs-preflight/ecs-preflight/source"
	"github.com/ecs-preflight/ecs-preflight/world"
)

var (
	_ source.Source = (*File)(nil)
	_ source.Source = (*Bytes)(nil)
)

// File is a snapshot file as a source.Source.
type File struct {
	Path string
}

// Load reads the file with Load.
func (f *File) Load(ctx context.Context) (*world.World, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return Load(f.Path)
}

// Bytes is a snapshot already in memory (an embedded example) as a
// source.Source; Name is what errors call it.
type Bytes struct {
	Name string
	Data []byte
}

// Load reads the data with Read.
func (b *Bytes) Load(ctx context.Context) (*world.World, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return Read(b.Name, b.Data)
}
