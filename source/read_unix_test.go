//go:build unix

package source_test

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// A FIFO whose writer never stops is read up to the cap, like a device.
func TestReadFileFIFO(t *testing.T) {
	p := filepath.Join(t.TempDir(), "fifo")
	if err := syscall.Mkfifo(p, 0o600); err != nil {
		t.Skip("no FIFO:", err)
	}
	go func() {
		w, err := os.OpenFile(p, os.O_WRONLY, 0)
		if err != nil {
			return
		}
		defer w.Close()
		buf := make([]byte, 4096)
		for {
			if _, err := w.Write(buf); err != nil {
				return // the reader closed its end
			}
		}
	}()
	_, err := readWithin(t, p, 1<<16)
	if err == nil || !strings.Contains(err.Error(), "fifo: larger than the 65536 bytes") {
		t.Fatalf("got %v, want the cap error naming the FIFO", err)
	}
}
