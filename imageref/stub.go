package imageref

// STUB: replaced by the real parser. Delete this file.

// Parse parses an image reference as the ECS task definition's image field
// holds it.
func Parse(s string) (Ref, error) { return Ref{Original: s}, nil }

// String returns the normalized reference.
func (r Ref) String() string { return r.Original }

// RepositoryARN returns the ECR repository ARN for ECRPrivate references,
// "" otherwise.
func (r Ref) RepositoryARN() string { return "" }
