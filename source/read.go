package source

import (
	"bytes"
	"fmt"
	"io"
	"os"
)

// ReadLimited reads r to its end, but no more than limit bytes: an input
// longer than that is an error rather than a process that fills memory.
// It reads limit+1 bytes at most, so a device or FIFO without end
// (/dev/zero) fails as soon as it passes the cap.
func ReadLimited(r io.Reader, limit int64) ([]byte, error) {
	return readLimited(r, limit, 0)
}

// readLimited is ReadLimited with room for sizeHint bytes made at once: a
// snapshot of tens of megabytes read by io.ReadAll's doubling is copied
// and cleared a dozen times.
func readLimited(r io.Reader, limit, sizeHint int64) ([]byte, error) {
	var b []byte
	if 0 < sizeHint && sizeHint <= limit {
		// The read that finds the end needs MinRead bytes free. make, not
		// Buffer.Grow: the runtime clears a large new slice in preemptible
		// chunks, while Grow's append clears it in one piece that a
		// starting garbage collection waits for.
		b = make([]byte, 0, sizeHint+bytes.MinRead)
		adviseHugePages(b[:cap(b)])
	}
	buf := bytes.NewBuffer(b)
	if _, err := buf.ReadFrom(io.LimitReader(r, limit+1)); err != nil {
		return nil, err
	}
	b = buf.Bytes()
	if b == nil {
		b = []byte{} // as io.ReadAll
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("larger than the %d bytes this reader accepts", limit)
	}
	return b, nil
}

// ReadFile reads the file at path through ReadLimited. It does not trust
// the size Stat reports, which is 0 for a device or a FIFO. Errors opening
// or reading the file are the *fs.PathError os returns.
func ReadFile(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// Stat's size is only a hint for the buffer: it is 0 for a device or a
	// FIFO, and a file can grow while it is read.
	var hint int64
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
		hint = fi.Size()
	}
	b, err := readLimited(f, limit, hint)
	if err != nil {
		return nil, &os.PathError{Op: "read", Path: path, Err: err}
	}
	return b, nil
}
