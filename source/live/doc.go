// Package live reads an AWS account with the AWS SDK for Go v2, read-only,
// into the snapshot format (docs/snapshot.md), fetching only the facts the
// simulation reports missing.
package live

import _ "github.com/aws/aws-sdk-go-v2/config" // the AWS CLI's credential and region chain
