package world

// Repository is an ECR private repository (DescribeRepositories) with its
// repository policy (GetRepositoryPolicy).
type Repository struct {
	RepositoryArn  string `json:"repositoryArn"`
	RegistryId     string `json:"registryId"`
	RepositoryName string `json:"repositoryName"`
	RepositoryUri  string `json:"repositoryUri,omitempty"`
	// PolicyText is the repository policy as JSON text; "" when the
	// repository has none (and PolicyKnown is true).
	PolicyText  string `json:"policyText,omitempty"`
	PolicyKnown bool   `json:"-"`
	// EncryptionType is "AES256" or "KMS"; with "KMS", KmsKey is the key.
	EncryptionType string `json:"-"`
	KmsKey         string `json:"-"`
	// PullThroughCache is true when the repository is created by a pull
	// through cache rule (its first pull reaches the upstream registry).
	PullThroughCache bool `json:"-"`

	Origin Origin `json:"-"`
}

// Secret is a Secrets Manager secret (DescribeSecret) with its resource
// policy (GetResourcePolicy). The snapshot never carries a secret's value;
// at most the names of the JSON keys in it.
type Secret struct {
	ARN  string `json:"ARN"`
	Name string `json:"Name"`
	// KmsKeyId is the key that encrypts the secret; "" means the AWS
	// managed key aws/secretsmanager.
	KmsKeyId string `json:"KmsKeyId,omitempty"`
	// ResourcePolicy is the JSON text; "" when there is none and
	// ResourcePolicyKnown is true.
	ResourcePolicy      string `json:"ResourcePolicy,omitempty"`
	ResourcePolicyKnown bool   `json:"-"`
	// Value describes the shape of the current secret value, never the value.
	Value *SecretShape `json:"-"`
	// DeletedDate is set for a secret scheduled for deletion.
	Deleted bool `json:"-"`

	Origin Origin `json:"-"`
}

// SecretShape is what the input says about a secret's value without its
// content: whether it is a string or binary, and the top-level keys when the
// string is a JSON object.
type SecretShape struct {
	// Kind is "json" (a JSON object), "text" (any other string) or "binary".
	Kind string   `json:"Kind"`
	Keys []string `json:"Keys,omitempty"`
}

// Key is a KMS key (DescribeKey.KeyMetadata) with its key policy
// (GetKeyPolicy, policy name "default").
type Key struct {
	KeyId string `json:"KeyId"`
	Arn   string `json:"Arn"`
	// KeyManager is "AWS" or "CUSTOMER".
	KeyManager string `json:"KeyManager,omitempty"`
	// KeyState is "Enabled", "Disabled", "PendingDeletion", ...
	KeyState string `json:"KeyState,omitempty"`
	// Policy is the key policy as JSON text; "" when not in the input.
	Policy string `json:"Policy,omitempty"`

	Origin Origin `json:"-"`
}

// KeyAlias is a KMS alias (ListAliases).
type KeyAlias struct {
	AliasName   string `json:"AliasName"`
	AliasArn    string `json:"AliasArn"`
	TargetKeyId string `json:"TargetKeyId,omitempty"`

	Origin Origin `json:"-"`
}

// Parameter is an SSM parameter (DescribeParameters.Parameters[]).
type Parameter struct {
	Name string `json:"Name"`
	ARN  string `json:"ARN,omitempty"`
	// Type is "String", "StringList" or "SecureString".
	Type string `json:"Type,omitempty"`
	// KeyId is the KMS key of a SecureString ("alias/aws/ssm" by default).
	KeyId string `json:"KeyId,omitempty"`
	Tier  string `json:"Tier,omitempty"`

	Origin Origin `json:"-"`
}

// LogGroup is a CloudWatch Logs log group (DescribeLogGroups.logGroups[]).
type LogGroup struct {
	LogGroupName string `json:"logGroupName"`
	Arn          string `json:"arn,omitempty"`
	KmsKeyId     string `json:"kmsKeyId,omitempty"`

	Origin Origin `json:"-"`
}

// Bucket is an S3 bucket holding environment files, with its bucket policy
// (GetBucketPolicy).
type Bucket struct {
	Name string `json:"Name"`
	// Region is the bucket's region (GetBucketLocation); "" when unknown.
	Region string `json:"Region,omitempty"`
	// Policy is the bucket policy as JSON text; "" when it has none and
	// PolicyKnown is true.
	Policy      string `json:"Policy,omitempty"`
	PolicyKnown bool   `json:"-"`
	// Account owning the bucket, when known.
	Account string `json:"Account,omitempty"`

	Origin Origin `json:"-"`
}
