package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"
	"strings"

	"github.com/ecs-preflight/ecs-preflight/source"
)

// maxJSONDepth bounds the nesting jsonPosition walks; encoding/json refuses
// deeper documents too, so a reader never reports a path below it.
const maxJSONDepth = 10000

var (
	errFound    = errors.New("found")
	errTooDeep  = errors.New("nested too deep")
	errNotFound = errors.New("not found")
)

// jsonPosition returns the 1-based line and column where the value at
// path starts in data, a JSON document. path is written as the readers
// write JSON paths: "$", then ".key" for a key of letters, digits, "_" and
// "-" of at most 64 runes, ["key"] (Go-quoted) for any other key, and [i]
// for a list element. When data has no value at path, the nearest
// enclosing value that it has is taken; ok is false only when data is not
// JSON up to that value.
func jsonPosition(data []byte, path string) (line, col int, ok bool) {
	for {
		off, err := findJSONPath(data, path)
		if err == nil {
			line, col = source.Position(data, off)
			return line, col, true
		}
		if !errors.Is(err, errNotFound) {
			return 0, 0, false
		}
		parent, ok := parentPath(path)
		if !ok {
			return 0, 0, false
		}
		path = parent
	}
}

// findJSONPath returns the offset of the value at path.
func findJSONPath(data []byte, path string) (int, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	found := -1
	var walk func(p string, depth int) error
	walk = func(p string, depth int) error {
		if depth > maxJSONDepth {
			return errTooDeep
		}
		if p == path {
			found = skipJSONSeparators(data, int(dec.InputOffset()))
			return errFound
		}
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		switch tok {
		case json.Delim('{'):
			for dec.More() {
				k, err := dec.Token()
				if err != nil {
					return err
				}
				key, _ := k.(string)
				if err := walk(keyPath(p, key), depth+1); err != nil {
					return err
				}
			}
			_, err = dec.Token()
		case json.Delim('['):
			for i := 0; dec.More(); i++ {
				if err := walk(p+"["+strconv.Itoa(i)+"]", depth+1); err != nil {
					return err
				}
			}
			_, err = dec.Token()
		}
		return err
	}
	err := walk("$", 0)
	switch {
	case errors.Is(err, errFound):
		return found, nil
	case err == nil:
		return 0, errNotFound
	}
	return 0, err
}

// keyPath appends key to path as the readers do (iam/internal/policy
// JSONPath): plain keys with a dot, any other key Go-quoted in brackets.
func keyPath(path, key string) string {
	plain := key != "" && len([]rune(key)) <= 64 && !strings.ContainsFunc(key, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-')
	})
	if plain {
		return path + "." + key
	}
	return path + "[" + strconv.Quote(key) + "]"
}

// parentPath drops path's last element; ok is false for "$" or a path
// that is not one.
func parentPath(path string) (string, bool) {
	if path == "$" || !strings.HasPrefix(path, "$") {
		return "", false
	}
	if strings.HasSuffix(path, "]") {
		if i := strings.LastIndex(path, "["); i > 0 {
			return path[:i], true
		}
		return "", false
	}
	if i := strings.LastIndex(path, "."); i > 0 {
		return path[:i], true
	}
	return "", false
}

// skipJSONSeparators returns the offset of the first byte at or after off
// that is neither JSON white space nor a ":" or "," between values.
func skipJSONSeparators(data []byte, off int) int {
	off = min(off, len(data))
	return len(data) - len(bytes.TrimLeft(data[off:], " \t\r\n:,"))
}
