package world

import "strings"

// Unresolved returns the stand-in a source writes for an id or ARN that
// exists only after deploy or that the input cannot resolve, naming what it
// was: Unresolved(`Fn::ImportValue "net-PrivateSubnetA"`). Lookups of a
// stand-in find nothing, so every answer that needs it is unknown, and the
// missing fact names the reference.
func Unresolved(what string) string { return "<unresolved " + what + ">" }

// IsUnresolved reports whether s is, or holds, a stand-in from Unresolved.
func IsUnresolved(s string) bool { return strings.Contains(s, "<unresolved ") }
