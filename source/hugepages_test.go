package source

import (
	"bytes"
	"testing"
)

// adviseHugePages is advice only: whatever the size and alignment of the
// slice, its bytes read the same after it.
func TestAdviseHugePagesKeepsBytes(t *testing.T) {
	big := make([]byte, 9<<20)
	for i := range big {
		big[i] = byte(i * 7)
	}
	want := bytes.Clone(big)
	for _, b := range [][]byte{nil, big[:1], big[3 : 4<<20], big[1:], big} {
		adviseHugePages(b)
	}
	if !bytes.Equal(big, want) {
		t.Error("the bytes changed")
	}
}
