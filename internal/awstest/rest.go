package awstest

import "net/url"

// route53Op names the Route 53 operation of a request path.
func route53Op(method string, path []string) string {
	return ""
}

// s3Op names the S3 operation of a path-style request.
func s3Op(method string, path []string, q url.Values) string {
	return ""
}
