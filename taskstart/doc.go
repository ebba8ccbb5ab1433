// Package taskstart simulates the start phase of an Amazon ECS task: what
// the platform does, with the task execution role, before any of the task's
// code runs.
//
// For each task definition (and the service that runs it) Simulate walks the
// steps in platform order — task-definition validation, execution-role
// trust, then per container registry-auth, image-manifest, image-layers,
// secrets, environment-files and logs — and answers each with a Step: ok,
// fail (with the stoppedReason the platform would print, the IAM or network
// evidence and the smallest fix), warn (works today, fragile) or unknown
// (with the facts that would decide it).
//
// Every platform call is two questions: does IAM allow it (package iam, with
// the request context the network path implies) and does the task ENI reach
// the host (package netpath). The simulation reads only a world.World; it
// never reads files or calls AWS, and it never assumes a fact that would
// turn a fail into a pass. What only a real pull can show (the tag exists,
// the manifest has the task's platform) is stated in the step's
// assumptions. Only WithAssumedDefaults, asked for by the caller, takes
// AWS's defaults for facts of the input's own account that the input does
// not show, each named in the assumptions of the step that used it.
package taskstart
