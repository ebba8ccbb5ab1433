package cloudformation

import (
	"errors"
	"fmt"
	"regexp"

	"github.com/ecs-preflight/ecs-preflight/world"
)

// Option configures Load, Read and Template.
type Option func(*options) error

type options struct {
	region    string
	account   string
	partition string
	params    map[string]string
}

// Defaults for the pseudo parameters when no option sets them. They are
// placeholders, not guesses about the user's account: AWS documentation uses
// 123456789012 as the example account, and us-east-1 is the region the AWS
// CLI and SDKs fall back to.
const (
	DefaultRegion  = "us-east-1"
	DefaultAccount = "123456789012"
)

var (
	accountRE = regexp.MustCompile(`^[0-9]{12}$`)
)

// WithRegion sets AWS::Region, the region the stack is deployed to. The
// default is "us-east-1" (DefaultRegion).
func WithRegion(region string) Option {
	return func(o *options) error {
		if !world.IsRegion(region) {
			return fmt.Errorf("region %q is not a region name such as eu-west-1", region)
		}
		o.region = region
		return nil
	}
}

// WithAccount sets AWS::AccountId, the account the stack is deployed to.
// The default is "123456789012" (DefaultAccount), the example account of
// the AWS documentation.
func WithAccount(account string) Option {
	return func(o *options) error {
		if !accountRE.MatchString(account) {
			return fmt.Errorf("account %q is not a 12-digit AWS account id", account)
		}
		o.account = account
		return nil
	}
}

// WithPartition sets AWS::Partition. The default is derived from the
// region (world.PartitionOf). A partition not in world.Partitions is
// refused.
func WithPartition(partition string) Option {
	return func(o *options) error {
		if !world.IsPartition(partition) {
			return fmt.Errorf("partition %q is not a partition such as aws, aws-cn, aws-us-gov or aws-eusc", partition)
		}
		o.partition = partition
		return nil
	}
}

// WithParameters sets template parameter values, as `aws cloudformation
// deploy --parameter-overrides` would; they override each parameter's
// Default. By default every parameter takes its Default, and a parameter
// with neither a Default nor a value here is unresolved: every fact that
// depends on it is unknown, never an error. Naming a parameter the template
// does not declare is an error, to catch typos. For a parameter of an
// AWS::SSM::Parameter::Value<...> type the value given here is taken as the
// resolved value of the SSM parameter, not its name.
func WithParameters(params map[string]string) Option {
	return func(o *options) error {
		if o.params == nil {
			o.params = make(map[string]string, len(params))
		}
		for k, v := range params {
			if k == "" {
				return errors.New("parameter name is empty")
			}
			o.params[k] = v
		}
		return nil
	}
}

// urlSuffix is AWS::URLSuffix for a partition (CFN "Pseudo parameters
// reference": the partition's domain, amazonaws.com.cn in China).
func urlSuffix(partition string) string { return world.DNSSuffix(partition) }
