package main

import (
	"context"

	"github.com/ecs-preflight/ecs-preflight/iostreams"
	"github.com/ecs-preflight/ecs-preflight/taskstart"
	"github.com/spf13/cobra"
)

// SnapshotOptions are the flags of `snapshot`.
type SnapshotOptions struct {
	IO      *iostreams.IOStreams
	Live    LiveOptions
	Region  string
	Service string
	Output  string
}

func newCmdSnapshot(f *Factory) *cobra.Command {
	opts := &SnapshotOptions{IO: f.IOStreams}
	cmd := &cobra.Command{
		Use:   "snapshot",
		Short: "Save what checking a cluster's services reads to a snapshot file",
		Long: `Read the account, read-only, exactly as check --cluster does, and write what was
read as a snapshot document (docs/snapshot.md) instead of checking it:
check --snapshot FILE then gives the same answers offline (origins name FILE
instead of aws:ACCOUNT/REGION). Secret values are never written; with
--read-secret-keys only a secret's JSON key names are.`,
		Example: `  ecs-preflight snapshot --cluster prod --service api -o account.json
  ecs-preflight check --snapshot account.json --service api`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.Live.Cluster == "" {
				return usagef("snapshot needs --cluster NAME")
			}
			if opts.Output == "" {
				return usagef("snapshot needs -o FILE (- for standard output)")
			}
			if err := opts.Live.validate(); err != nil {
				return err
			}
			return runSnapshot(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	opts.Live.register(fl)
	fl.StringVar(&opts.Region, "region", "", "`region` to read (default: the AWS CLI's)")
	fl.StringVar(&opts.Service, "service", "", "read only what this service needs (`name or ARN`)")
	fl.StringVarP(&opts.Output, "output", "o", "", "write the snapshot to `FILE` (- for standard output)")
	return cmd
}

func runSnapshot(ctx context.Context, o *SnapshotOptions) error {
	if ctx == nil {
		ctx = context.Background()
	}
	var services []string
	var sim []taskstart.Option
	if o.Service != "" {
		services = []string{o.Service}
		sim = append(sim, taskstart.WithService(o.Service))
	}
	cfg, err := o.Live.config(ctx, o.Region)
	if err != nil {
		return err
	}
	res, err := o.Live.read(ctx, o.IO, cfg, o.Live.Cluster, services, sim, nil)
	if err != nil {
		return err
	}
	reportFailures(o.IO, res)
	b, err := res.Document.Bytes()
	if err != nil {
		return err
	}
	if o.Output == "-" {
		_, err = o.IO.Out.Write(b)
		return err
	}
	// 0600: a snapshot describes the account.
	return writeFileAtomic(o.Output, b, 0o600)
}
