package source

import (
	"bytes"
	"errors"
	"unicode/utf16"
)

// ToUTF8 returns an input's text as UTF-8 without a byte-order mark. A
// UTF-8 mark is dropped; text that starts with a UTF-16 mark (little or
// big endian, as Windows editors and PowerShell's Out-File write it) is
// decoded. Text without a mark is returned as is.
func ToUTF8(data []byte) ([]byte, error) {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		return data[3:], nil
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		if len(data)%2 != 0 {
			return nil, errors.New("UTF-16 text with an odd number of bytes")
		}
		le := data[0] == 0xFF
		u := make([]uint16, 0, len(data)/2-1)
		for i := 2; i+1 < len(data); i += 2 {
			if le {
				u = append(u, uint16(data[i])|uint16(data[i+1])<<8)
			} else {
				u = append(u, uint16(data[i])<<8|uint16(data[i+1]))
			}
		}
		return []byte(string(utf16.Decode(u))), nil
	}
	return data, nil
}
