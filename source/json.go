package source

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"unicode/utf8"
)

// Position returns the 1-based line and column (in characters) of byte
// offset off of data; an offset past the end is the end of input, the place
// a truncated document is reported at.
func Position(data []byte, off int) (line, col int) {
	off = min(max(off, 0), len(data))
	before := data[:off]
	start := bytes.LastIndexByte(before, '\n') + 1
	return bytes.Count(before, []byte{'\n'}) + 1, utf8.RuneCount(before[start:]) + 1
}

// ErrEmpty is the error of a document that holds nothing but white space.
var ErrEmpty = errors.New("empty document")

// JSONError places an error of encoding/json decoding data: it returns the
// line and column of the offending byte (of the end of input for a
// truncated document; 0, 0 when there is no place) and the error without
// Go type names, any input the library quotes cut by Shorten. A document
// of only white space is ErrEmpty.
func JSONError(data []byte, err error) (line, col int, msg error) {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		// Offset counts the bytes read, the offending one included.
		line, col = Position(data, int(se.Offset)-1)
		return line, col, errors.New(Shorten(se.Error()))
	case errors.As(err, &te):
		// Offset is just past the value of the wrong type; 0 for an error
		// of an UnmarshalJSON method, which encoding/json does not place.
		if te.Offset > 0 {
			line, col = Position(data, int(te.Offset))
		}
		what := "want " + jsonType(te.Type) + ", got " + te.Value
		if lit, ok := strings.CutPrefix(te.Value, "number "); ok {
			// encoding/json names a number too large for its field by
			// its literal.
			what = "want " + jsonType(te.Type) + ", got number " + Cut(lit) + " (out of range)"
		}
		if te.Field != "" {
			what = te.Field + ": " + what
		}
		return line, col, errors.New(Shorten(what))
	case len(bytes.TrimSpace(data)) == 0 && (errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)):
		return 0, 0, ErrEmpty
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		line, col = Position(data, len(data))
		return line, col, errors.New("unexpected end of input: the document is truncated")
	}
	return 0, 0, fmt.Errorf("%s", Shorten(err.Error()))
}

// jsonType names a Go type by the JSON value it decodes.
func jsonType(t reflect.Type) string {
	if t == nil {
		return "a value"
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "a boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "a list"
	case reflect.Struct, reflect.Map:
		return "an object"
	case reflect.Pointer:
		return jsonType(t.Elem())
	}
	return t.String()
}
