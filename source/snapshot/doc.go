// Package snapshot reads a snapshot file — AWS API responses saved with the
// AWS CLI — into a world.World. The format is specified in docs/snapshot.md
// and docs/snapshot.schema.json.
//
// # The model
//
// A snapshot holds responses, not a model of its own: each service section
// ("ec2", "iam", ...) maps an API operation name to what
// `aws SERVICE OPERATION --output json` printed. The reader maps each
// response onto the world type that mirrors it, so the field names in a
// snapshot are the API's, matched exactly.
//
// What the snapshot leaves out is unknown, never assumed absent. An
// operation's presence decides what the world may conclude:
//
//   - A list operation (DescribeSubnets, DescribeRepositories, ...) lists the
//     whole account and region: its world.Set is Known and Complete, and a
//     lookup that misses proves the resource does not exist. A last page
//     that still carries NextToken (or Marker) was cut short, and its set is
//     not Complete.
//   - A per-resource operation (GetRole, DescribeSecret, DescribeServices,
//     ...) speaks of the resources it names only: Known, not Complete.
//   - Facts merged from further operations carry their own "known" flag:
//     Role.AttachedKnown only with a ListAttachedRolePolicies entry for the
//     role, Role.InlineKnown only with ListRolePolicies and a GetRolePolicy
//     for every name it lists, Repository.PolicyKnown only when
//     GetRepositoryPolicy is present, and so on.
//   - The organizations section is joined into world.SCPs and world.RCPs:
//     ListParents is followed from accountId up to the root, and each
//     level holds the policies ListPoliciesForTarget lists for it, with
//     their DescribePolicy documents. What the path lacks is named in the
//     level's Missing, never dropped, because an unseen policy could deny.
//
// # Keys
//
// Resources are keyed as package world documents: by ARN where the API
// gives one, else by id. Task definitions are keyed by ARN, or family:revision
// when the response has no ARN; to find one by family:revision, scan
// TaskDefinitions.All() and compare TaskDefinition.Name. Log groups are keyed
// by ARN without the trailing ":*" (built from the top-level partition,
// region and accountId when the response has no ARN); to find one by name,
// build that ARN, or scan LogGroups.All().
//
// # Errors
//
// Every error is a *source.InputError with Kind "snapshot", the file, the
// line and column where they are known, and a JSON path with indexes
// ("$.ec2.DescribeSubnets.Subnets[2].MapPublicIpOnLaunch: want bool, got
// string"). Unknown sections and operations are errors, so a typo does not
// silently drop data; unknown fields inside responses are ignored, because
// AWS adds fields, except in ECS container definitions, where they are
// recorded in ContainerDefinition.ExtraFields. A snapshot that carries a
// secret value (SecretString, GetSecretValue, GetParameters) is rejected.
//
// Every resource's Origin names the file, the JSON path and the line.
package snapshot
