package taskstart

import (
	"slices"

	"github.com/ecs-preflight/ecs-preflight/netpath"
	"github.com/ecs-preflight/ecs-preflight/world"
)

// defaultsLabel names the option in assumption texts, as the CLI spells it.
const defaultsLabel = "--assume defaults"

// WithAssumedDefaults makes the simulation decisive where the input does
// not state a fact of its own account: it takes what AWS gives a resource
// created without that setting, and every default it uses becomes an
// assumption of the step that used it. The defaults:
//
//   - A repository of the input's account has no repository policy: ECR-UG
//     "Private repository policies in Amazon ECR": "By default, only the AWS
//     account that created the repository has access to the repository. You
//     can apply a repository policy that allows additional access".
//   - A bucket of the input's account has no bucket policy: S3-UG "Bucket
//     policies for Amazon S3" (a bucket has a policy only once one is put).
//     Only a bucket whose account the input gives: an S3 ARN names no
//     account, so a bucket the input does not show, or shows without its
//     owner, stays unknown.
//   - A secret of the input's account has no resource policy (SM-UG
//     "Resource-based policies": a policy is attached with
//     PutResourcePolicy), and one the input does not show is encrypted with
//     aws/secretsmanager (SM-UG "Secret encryption and decryption in AWS
//     Secrets Manager": a secret created without a KMS key uses the AWS
//     managed key aws/secretsmanager).
//   - No service control or resource control policy restricts the account
//     beyond the input's (AWS Organizations "Service control policies" and
//     "Resource control policies": FullAWSAccess and RCPFullAWSAccess, which
//     allow everything, are attached by default).
//   - In the network, netpath.AssumeDefaults: a subnet of a VPC in the input
//     without a stated network ACL association uses the VPC's default
//     network ACL, which allows all, and the VPC has no endpoints beyond
//     those in the input.
//
// Not assumed, so still unknown: a KMS key's policy the input does not
// show. Every key has a key policy, and KMS-DG "Default key policy" says
// the default "differs depending on whether you create the key in the AWS
// KMS console or you use the AWS KMS API": the console's adds key users,
// so no single default decides a deny; nor does a key id say whether AWS
// manages the key. Facts of another account (a cross-account repository,
// secret or key policy), an account that is not known, and resources
// named by a stand-in (world.IsUnresolved: known only after deploy) also
// stay unknown.
func WithAssumedDefaults() Option {
	return func(o *options) error {
		o.assumeDefaults = true
		return nil
	}
}

// netOptions are the netpath options the simulation options imply.
func (o options) netOptions() []netpath.Option {
	if !o.assumeDefaults {
		return nil
	}
	return []netpath.Option{netpath.AssumeDefaults(defaultsLabel)}
}

// ownAccount reports whether a resource in account may take a default: the
// option is on, the input's account is known, and the resource is in it.
func (s *sim) ownAccount(account string) bool {
	return s.assumeDefaults && s.w.AccountID != "" && account == s.w.AccountID && !world.IsUnresolved(account)
}

// assumeNoPolicy takes, for a resource policy the input does not show,
// the default "none" when the resource is the input's own account's and is
// named by a known id; assumption says what was assumed and why.
func (s *sim) assumeNoPolicy(rp *resourcePolicy, account, id, assumption string) {
	if !s.ownAccount(account) || world.IsUnresolved(id) {
		return
	}
	rp.missing, rp.pol, rp.assumed = "", nil, assumption
}

// assumeNoRepositoryPolicy is assumeNoPolicy for an ECR repository;
// inInput says whether the input shows the repository itself.
func (s *sim) assumeNoRepositoryPolicy(rp *resourcePolicy, account, repoARN, name string, inInput bool) {
	why := "the input does not show one; a repository created without a policy has none"
	if !inInput {
		why = "the input does not show the repository; one created without a policy has none"
	}
	s.assumeNoPolicy(rp, account, repoARN, "no repository policy on "+name+" ("+defaultsLabel+": "+why+")")
}

// assumeNoSecretPolicy is assumeNoPolicy for a Secrets Manager secret. A
// secret the input does not show (sec nil) also has no key of its own: it
// is read as encrypted with aws/secretsmanager, which needs no kms:Decrypt
// of the role in the secret's own account.
func (s *sim) assumeNoSecretPolicy(rp *resourcePolicy, sec *world.Secret, arn string) {
	name := shortSecret(arn)
	if sec != nil && sec.Name != "" {
		name = sec.Name
	}
	text := "no resource policy on secret " + name + " (" + defaultsLabel + ": the input does not show one; a secret created without a resource policy has none)"
	if sec == nil {
		if _, _, absent := s.w.Secrets.Lookup(arn); absent {
			// A complete listing without it: the secret does not exist, and
			// no default makes it.
			return
		}
		text = "no resource policy on secret " + name + ", and it is encrypted with aws/secretsmanager (" + defaultsLabel + ": the input does not show the secret; one created without a resource policy or a KMS key has none and uses aws/secretsmanager)"
	}
	s.assumeNoPolicy(rp, accountOf(arn), arn, text)
}

// assumeNoBucketPolicy is assumeNoPolicy for a bucket the input shows
// without its policy. Only a bucket whose owner the input gives can take
// it: a bucket name says nothing of its account, and a snapshot's
// GetBucketLocation may be of another account's bucket.
func (s *sim) assumeNoBucketPolicy(rp *resourcePolicy, b *world.Bucket) {
	s.assumeNoPolicy(rp, b.Account, b.Name, "no bucket policy on "+b.Name+" ("+defaultsLabel+": the input does not show one; a bucket created without a policy has none)")
}

// orgAssumption is the assumption that no organization policy restricts
// the account, when the input has none; rcps says whether RCPs are missing
// too. Without the option the text is the one the simulation has always
// given.
func (s *sim) orgAssumption(rcps bool) string {
	what := "no service control policy of an organization restricts this account"
	if rcps {
		what = "no service control or resource control policy of an organization restricts this account"
	}
	if s.w.OrganizationsNote != "" {
		return what + " (" + s.w.OrganizationsNote + ")"
	}
	if !s.assumeDefaults {
		return what + " (the input has none)"
	}
	return what + " (" + defaultsLabel + ": the input has none; outside an organization, or with only the FullAWSAccess policies an organization attaches by default, none restricts)"
}

// credentialsShapeAssumed adds, for registry credentials in a secret the
// input does not show, the assumption a shown secret gets when its value
// is not known: only an ok step can rest on it.
func credentialsShapeAssumed(st *Step, sec *world.Secret) {
	if sec == nil && (st.Status == OK || st.Status == Warn) {
		addAssumption(st, "the secret's value is a JSON object with username and password (add SecretKeys to the snapshot to check)")
	}
}

// addAssumption adds a to the step's assumptions once.
func addAssumption(st *Step, a string) {
	if a != "" && !slices.Contains(st.Assumptions, a) {
		st.Assumptions = append(st.Assumptions, a)
	}
}
