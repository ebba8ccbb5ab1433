package cloudformation

import (
	"errors"
	"regexp"

	"github.com/ecs-preflight/ecs-preflight/source"
	"github.com/ecs-preflight/ecs-preflight/world"
)

// Option configures Load, Read and Template.
type Option func(*options) error

type options struct {
	region    string
	account   string
	partition string
	params    map[string]string

	// stackName is AWS::StackName ("" for the file's base name).
	stackName string
	// templateMaps read remote nested-stack templates from local folders.
	templateMaps []templateMap
	// app is what the templates of one application share (stacks.go);
	// chain the templates that nest this one, outermost first.
	app   *app
	chain []string
	// paramsFrom says where params come from, for errors ("" for the
	// --parameter flag).
	paramsFrom string
	// readFile reads the templates of LoadStacks and nested stacks; nil
	// is readTemplate (tests read from memory).
	readFile func(string) ([]byte, error)
}

// readTemplate reads a template file, at most MaxSize bytes.
func readTemplate(path string) ([]byte, error) { return source.ReadFile(path, MaxSize) }

// read reads a template with o's readFile.
func (o *options) read(path string) ([]byte, error) {
	if o.readFile != nil {
		return o.readFile(path)
	}
	return readTemplate(path)
}

var (
	accountRE = regexp.MustCompile(`^[0-9]{12}$`)
)

// WithRegion sets AWS::Region, the region the stack is deployed to.
// Without it the region is the one the template pins (see settle), else
// unknown.
func WithRegion(region string) Option {
	return func(o *options) error {
		if !world.IsRegion(region) {
			return source.Errorf("region %q is not a region name such as eu-west-1", region)
		}
		o.region = region
		return nil
	}
}

// WithAccount sets AWS::AccountId, the account the stack is deployed to.
// Without it the account is the one the template's ARNs agree on, else
// unknown.
func WithAccount(account string) Option {
	return func(o *options) error {
		if !accountRE.MatchString(account) {
			return source.Errorf("account %q is not a 12-digit AWS account id", account)
		}
		o.account = account
		return nil
	}
}

// WithPartition sets AWS::Partition. The default is derived from the
// region (world.PartitionOf), else from the template's ARNs, else unknown. A partition not in world.Partitions is
// refused.
func WithPartition(partition string) Option {
	return func(o *options) error {
		if !world.IsPartition(partition) {
			return source.Errorf("partition %q is not a partition such as aws, aws-cn, aws-us-gov or aws-eusc", partition)
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
// does not declare is an error, to catch typos. The name AWS::StackName
// sets the stack name, as WithStackName does. For a parameter of an
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
			if k == "AWS::StackName" {
				// The pseudo parameter is set like a parameter, as
				// `sam deploy --stack-name` sets it; see WithStackName.
				o.stackName = v
				continue
			}
			o.params[k] = v
		}
		return nil
	}
}

// urlSuffix is AWS::URLSuffix (CFN "Pseudo parameters reference": the
// partition's domain, amazonaws.com.cn in China); while the partition is
// unknown it is the partition's stand-in.
func (l *loader) urlSuffix() string {
	if !l.partitionKnown {
		return l.partition
	}
	return world.DNSSuffix(l.partition)
}
