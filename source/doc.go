// Package source defines what every input reader (snapshot, CloudFormation,
// Terraform plan, live account) has in common: the Source interface that
// turns one input into a world.World, and InputError, the one error shape
// for bad input, which names the file and the place in it.
//
// Each reader package offers its input as a Source (snapshot.File,
// snapshot.Bytes, cloudformation.File, tfplan.File); the CLI loads every
// input through them, so a Go program can do the same:
//
//	w, err := (&cloudformation.File{Path: "stack.yaml"}).Load(ctx)
package source
