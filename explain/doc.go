// Package explain reads the error text a stopped Amazon ECS task shows —
// its stoppedReason, a container's reason, a service event — and says which
// start-phase step failed (with the step names of the check contract,
// report/json/schema/check-output.schema.json), the error class, the AWS
// service, IAM action and resource the text names, and the candidate causes,
// most likely first, each with why, what to check and the fix.
//
// Two wording families are told apart (Classify's LaunchType):
//
//   - FARGATE: the platform's own wording on Fargate platform version 1.4.0
//     and later (ECS-DG "Troubleshoot Amazon ECS ResourceInitializationError
//     errors": "ResourceInitializationError: unable to pull secrets or
//     registry auth: ..."; containerd's "pull image manifest has been retried
//     N time(s): failed to resolve ref ..." in ECS-DG "CannotPullContainer
//     task errors in Amazon ECS").
//   - EC2: the ECS container agent's wording (github.com/aws/amazon-ecs-agent,
//     agent/dockerclient/dockerapi/errors.go: CannotPullContainerError and
//     CannotPullECRContainerError around the Docker daemon's "Error response
//     from daemon" / "API error (500)"; agent/taskresource/ssmsecret and
//     asmsecret: "Fetching secret data from ..."). Fargate platform version
//     1.3.0 and earlier ran the same agent, so its texts are in this family
//     too.
//
// The text is matched as typed and as copied from a console: case, line
// breaks (even inside words), repeated spaces, a doubled class prefix
// ("TaskFailedToStart: ResourceInitializationError: ..."), redacted ARNs and
// account ids, any retry count and a cut-off tail ("...") do not change the
// answer. Matching is a fixed number of substring scans and RE2 expressions
// over the text, so its time is linear in the text's length.
//
// A cause is an id from the contract's vocabulary (explain/schema):
// network:no-route, missing-permission:ACTION, image-not-found, ... Where a
// text fits several causes (a time-out can be a missing route, a missing
// public IP or a security group) all are listed, the most frequent in the
// public reports first; the order is an assumption drawn from those reports
// (testdata/corpus.json, each with its source).
package explain
