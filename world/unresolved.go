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

// Conventions for stand-ins, which every source follows and every
// consumer relies on:
//
//   - An ARN built from an unresolved part holds the stand-in in that
//     part: "arn:aws:iam::<unresolved AWS::AccountId>:role/app". A
//     request, policy match or lookup that depends on it is unknown, never
//     a deny or a "does not exist".
//   - Policies the input attaches to a role whose ARN is unresolved are
//     kept on a Role filed under the stand-in itself (Roles.Put(standIn,
//     ...)), with AttachedKnown, InlineKnown and BoundaryKnown false: the
//     role may have other policies and a boundary the input does not show,
//     so an explicit deny among the known ones decides and an allow does
//     not.
//   - World.Region and World.AccountID are "" when unknown, and
//     RegionFrom / AccountFrom say what is missing; a source never fills
//     them with a placeholder.
