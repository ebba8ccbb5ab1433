package main

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/ecs-preflight/ecs-preflight/examples"
	"github.com/ecs-preflight/ecs-preflight/iostreams"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// helpColumns is the width help is written for when the output is not a
// terminal: flag descriptions stay readable in an 80-column window.
const helpColumns = 80

func init() {
	cobra.AddTemplateFunc("wrappedFlagUsages", func(fs *pflag.FlagSet, cols int) string {
		return fs.FlagUsagesWrapped(cols)
	})
	cobra.AddTemplateFunc("wrapText", wrapText)
}

// setConventions gives the command tree what users expect of a CLI: the
// completion command (cobra's, for bash, zsh, fish and powershell),
// --color, and help wrapped to the terminal (80 columns when piped).
func setConventions(root *cobra.Command, f *Factory) {
	cols := helpColumns
	if w := f.IOStreams.TerminalWidth(); w > 0 {
		cols = max(w, 40)
	}
	root.CompletionOptions.DisableDefaultCmd = false
	root.InitDefaultCompletionCmd()
	// cobra's default templates, with the flag usages wrapped
	// (pflag FlagUsagesWrapped) and long paragraphs folded.
	usage := root.UsageTemplate()
	usage = strings.ReplaceAll(usage, "{{.LocalFlags.FlagUsages", "{{wrappedFlagUsages .LocalFlags "+strconv.Itoa(cols))
	usage = strings.ReplaceAll(usage, "{{.InheritedFlags.FlagUsages", "{{wrappedFlagUsages .InheritedFlags "+strconv.Itoa(cols))
	// cobra's last line is 85 columns for "completion".
	usage = strings.ReplaceAll(usage, "for more information about a command.", "for more about a command.")
	root.SetUsageTemplate(usage)
	root.SetHelpTemplate(`{{with (or .Long .Short)}}{{wrapText . ` + strconv.Itoa(cols) + ` | trimTrailingWhitespaces}}

{{end}}{{if or .Runnable .HasSubCommands}}{{.UsageString}}{{end}}`)

	color := "auto"
	root.PersistentFlags().StringVar(&color, "color", "auto", "colour statuses: `auto` (on a terminal, unless NO_COLOR is set), always or never")
	root.PersistentPreRunE = func(cmd *cobra.Command, args []string) error {
		if !f.IOStreams.SetColorMode(color) {
			return usagef("--color %q: want auto, always or never", color)
		}
		return nil
	}
	_ = root.RegisterFlagCompletionFunc("color", cobra.FixedCompletions([]string{"auto", "always", "never"}, cobra.ShellCompDirectiveNoFileComp))
	for _, c := range root.Commands() {
		if c.Flags().Lookup("example") != nil {
			_ = c.RegisterFlagCompletionFunc("example", cobra.FixedCompletions(examples.Names(), cobra.ShellCompDirectiveNoFileComp))
		}
	}
}

// wrapText folds each paragraph of s that has a line wider than cols to
// cols; the other paragraphs keep their line breaks.
func wrapText(s string, cols int) string {
	paras := strings.Split(s, "\n\n")
	for i, p := range paras {
		lines := strings.Split(p, "\n")
		wide := false
		for _, l := range lines {
			wide = wide || len([]rune(l)) > cols
		}
		if !wide {
			continue
		}
		var b strings.Builder
		n := 0
		for _, w := range strings.Fields(p) {
			wn := len([]rune(w))
			switch {
			case n == 0:
			case n+1+wn > cols:
				b.WriteByte('\n')
				n = 0
			default:
				b.WriteByte(' ')
				n++
			}
			b.WriteString(w)
			n += wn
		}
		paras[i] = b.String()
	}
	return strings.Join(paras, "\n\n")
}

// withOutputFile runs run with its output going to path when path is not
// "" or "-" (standard output): to a temporary file beside it, renamed over path only when run
// reached a verdict (nil or a verdictError), so that a reader of path
// never sees half a report and an input error leaves path as it was. The
// exit code is run's.
func withOutputFile(ios **iostreams.IOStreams, path string, run func() error) error {
	if path == "" || path == "-" {
		return run()
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return usagef("--output %q: %v", path, errors.Unwrap(err))
	}
	keep := false
	defer func() {
		if !keep {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	orig := *ios
	*ios = orig.Redirect(tmp)
	defer func() { *ios = orig }()
	err = run()
	var v *verdictError
	if err != nil && !errors.As(err, &v) {
		return err
	}
	if cerr := tmp.Chmod(0o644); cerr != nil {
		return cerr
	}
	if cerr := tmp.Close(); cerr != nil {
		return cerr
	}
	if rerr := os.Rename(tmp.Name(), path); rerr != nil {
		return usagef("--output %q: %v", path, errors.Unwrap(rerr))
	}
	keep = true
	return err
}

// writeFileAtomic writes data to a temporary file beside path and renames
// it over path, so that path holds either its old content or all of data.
func writeFileAtomic(path string, data []byte, perm os.FileMode) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Chmod(perm)
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}
