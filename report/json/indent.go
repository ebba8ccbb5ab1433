package json

import "bytes"

// appendIndent appends to dst the compact JSON src (as encoding/json
// marshals it: no space outside strings) indented as json.Indent indents
// it with prefix and indent: the same bytes, without json.Indent's
// validating scanner, which took a third of the time of a bulk JSON report.
// Empty objects and arrays stay {} and [], and a space follows each colon.
func appendIndent(dst, src []byte, prefix, indent string) []byte {
	depth := 0
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch c {
		case '"':
			end := stringEnd(src, i)
			dst = append(dst, src[i:end]...)
			i = end - 1
		case '{', '[':
			dst = append(dst, c)
			if i+1 < len(src) && (src[i+1] == '}' || src[i+1] == ']') {
				dst = append(dst, src[i+1])
				i++
				continue
			}
			depth++
			dst = appendNewline(dst, prefix, indent, depth)
		case ',':
			dst = append(dst, c)
			dst = appendNewline(dst, prefix, indent, depth)
		case ':':
			dst = append(dst, c, ' ')
		case '}', ']':
			depth--
			dst = appendNewline(dst, prefix, indent, depth)
			dst = append(dst, c)
		default:
			dst = append(dst, c)
		}
	}
	return dst
}

// stringEnd returns the index after the closing quote of the JSON string
// whose opening quote is at src[start], or len(src) if it is not closed.
func stringEnd(src []byte, start int) int {
	for j := start + 1; j < len(src); {
		k := bytes.IndexByte(src[j:], '"')
		if k < 0 {
			return len(src)
		}
		q := j + k
		// The quote is escaped when an odd number of backslashes precedes it.
		n := 0
		for p := q - 1; p > start && src[p] == '\\'; p-- {
			n++
		}
		if n%2 == 0 {
			return q + 1
		}
		j = q + 1
	}
	return len(src)
}

func appendNewline(dst []byte, prefix, indent string, depth int) []byte {
	dst = append(dst, '\n')
	dst = append(dst, prefix...)
	for range depth {
		dst = append(dst, indent...)
	}
	return dst
}
