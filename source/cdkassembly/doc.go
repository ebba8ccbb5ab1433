// Package cdkassembly reads an AWS CDK cloud assembly — the cdk.out
// directory `cdk synth` (or a CDK app run with node) writes — into the
// CloudFormation stacks it deploys, so that they can be checked together
// with cloudformation.LoadStacks.
//
// # What is read
//
// The assembly's manifest.json, in the shape of aws-cdk's
// cloud-assembly-schema (@aws-cdk/cloud-assembly-schema,
// schema/cloud-assembly.schema.json: AssemblyManifest, ArtifactManifest,
// AwsCloudFormationStackProperties, NestedCloudAssemblyProperties,
// FileAssetMetadataEntry, ContainerImageAssetMetadataEntry):
//
//   - every artifact of type "aws:cloudformation:stack": its
//     properties.templateFile (relative to the assembly directory), its
//     properties.stackName (default: the artifact id, as the schema says:
//     "name derived from artifact ID"), its displayName (default: the
//     artifact id), its environment "aws://ACCOUNT/REGION" where the
//     placeholders "unknown-account" and "unknown-region" mean the stack is
//     environment-agnostic (not pinned), its dependencies and its
//     properties.parameters (the values `cdk deploy` passes);
//   - the metadata of each stack, inline ("metadata") and in its
//     additionalMetadataFile: an "aws:cdk:asset" entry names the stack
//     parameters that `cdk deploy` fills with the asset's location
//     (s3BucketParameter, s3KeyParameter, artifactHashParameter for a file
//     asset under the LegacyStackSynthesizer; imageNameParameter for a
//     container image asset of CDK v1, where v2 names the repository and
//     tag instead, aws-cdk/assets:HASH, which the template holds). Those
//     values exist only once cdk deploy has uploaded the asset: each such
//     parameter is given a world.Unresolved stand-in naming the CDK asset
//     and what it holds ("CDK asset "asset.HASH.env" (its S3 bucket, a
//     parameter cdk deploy sets)"), so every fact built from it is unknown
//     and the missing fact says which asset. A value the manifest's
//     parameters give is kept;
//   - every artifact of type "cdk:cloud-assembly" (a Stage): the nested
//     assembly in properties.directoryName, read the same way,
//     recursively, to a depth of MaxDepth.
//
// Artifacts of other types ("cdk:asset-manifest", "cdk:tree",
// "cdk:feature-flag-report", "none", and types a later schema adds) are
// skipped, and so is the manifest's version: the fields read have kept
// their names across versions, and an unknown version is tolerated rather
// than refused. Malformed JSON, a field of the wrong type, a stack without
// a templateFile or an environment that is neither aws://ACCOUNT/REGION nor
// the unknown placeholders is a source.InputError naming the file and the
// line and column, or the JSON path.
//
// # Order
//
// Stacks come in deployment order: an assembly's stacks sorted by artifact
// id, then each after the stacks it depends on (cdk deploy's order), and a
// nested assembly's stacks where its artifact sorts. A dependency cycle is
// an input error naming the artifacts.
package cdkassembly
