package source

import (
	"fmt"
	"io"
	"os"
)

// ReadLimited reads r to its end, but no more than limit bytes: an input
// longer than that is an error rather than a process that fills memory.
// It reads limit+1 bytes at most, so a device or FIFO without end
// (/dev/zero) fails as soon as it passes the cap.
func ReadLimited(r io.Reader, limit int64) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
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
	b, err := ReadLimited(f, limit)
	if err != nil {
		return nil, &os.PathError{Op: "read", Path: path, Err: err}
	}
	return b, nil
}
