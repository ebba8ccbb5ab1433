package explain

import _ "embed"

// Schema is the JSON Schema of `explain --format json`, this project's own
// output contract (explain/schema/explain-output.schema.json): extend it
// with optional fields or enum values, never remove or rename one.
//
//go:embed schema/explain-output.schema.json
var Schema []byte
