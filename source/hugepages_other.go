//go:build !(linux && (amd64 || arm64))

package source

// adviseHugePages is advice the kernels of other systems do not take in
// this form (see hugepages_linux.go).
func adviseHugePages([]byte) {}
