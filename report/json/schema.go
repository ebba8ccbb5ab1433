package json

import _ "embed"

// Schema is the JSON Schema (2020-12) of the output contract, a copy of
// shared/contract/check-output.schema.json kept beside the renderer that
// must honour it.
//
//go:embed schema/check-output.schema.json
var Schema []byte
