package json

import _ "embed"

// Schema is the JSON Schema (2020-12) of the output contract, kept beside
// the renderer that must honour it; the package tests validate rendered
// output against it.
//
//go:embed schema/check-output.schema.json
var Schema []byte
