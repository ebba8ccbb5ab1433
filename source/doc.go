// Package source defines what every input reader (snapshot, CloudFormation,
// Terraform plan, live account) has in common: the Source interface that
// turns one input into a world.World, and InputError, the one error shape
// for bad input, which names the file and the place in it.
package source
