//go:build linux && (amd64 || arm64)

package source

import (
	"syscall"
	"unsafe"
)

// hugePage is the size of a transparent huge page on amd64 and arm64 with
// 4 KiB base pages.
const hugePage = 2 << 20

// adviseHugePages asks the kernel to back the whole huge pages inside b
// with transparent huge pages (madvise(2) MADV_HUGEPAGE), where the system
// leaves them to the program ("madvise" in
// /sys/kernel/mm/transparent_hugepage/enabled, the default of several
// distributions). A file of tens of megabytes read into b then costs a
// few dozen page faults rather than thousands, which on a virtual machine
// was a tenth of a bulk check's time. It is advice: any error is ignored,
// and b reads the same either way.
func adviseHugePages(b []byte) {
	if len(b) < 2*hugePage {
		return
	}
	p := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	start := (p + hugePage - 1) &^ (hugePage - 1)
	end := (p + uintptr(len(b))) &^ (hugePage - 1)
	if end <= start {
		return
	}
	_ = syscall.Madvise(b[start-p:end-p], syscall.MADV_HUGEPAGE)
}
