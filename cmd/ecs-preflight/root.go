package main

import (
	"github.com/spf13/cobra"
)

func newCmdRoot(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "ecs-preflight",
		Short: "Check that an Amazon ECS task will start, before you deploy it",
		Long: `ecs-preflight simulates the start phase of an Amazon ECS task — execution role
trust, registry auth, image manifest and layers, secrets, environment files and
logs, each over the task's network path — and names the broken link with the
error the platform would print and the smallest fix.

Exit codes: 0 pass, 1 fail, 3 unknown, 2 usage or input error.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		// --version prints what `version` prints.
		Version: f.Version(),
	}
	cmd.SetVersionTemplate("ecs-preflight {{.Version}}\n")
	// Defined here rather than by cobra at Execute: without -v, which
	// check has for --verbose, and seen by the reference (docs/cli.md).
	cmd.Flags().Bool("version", false, "print the version, VCS revision and commit time (as the version command)")
	cmd.SetOut(f.IOStreams.Out)
	cmd.SetErr(f.IOStreams.ErrOut)
	cmd.SetFlagErrorFunc(flagError)
	cmd.AddCommand(newCmdCheck(f, nil))
	cmd.AddCommand(newCmdIAM(f, nil))
	cmd.AddCommand(newCmdSnapshot(f))
	cmd.AddCommand(newCmdVersion(f))
	cmd.AddCommand(newCmdExplain(f, nil))
	setConventions(cmd, f)
	return cmd
}

func newCmdVersion(f *Factory) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version, VCS revision and commit time of the binary",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			_, err := f.IOStreams.Out.Write([]byte("ecs-preflight " + f.Version() + "\n"))
			return err
		},
	}
}
