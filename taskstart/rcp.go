package taskstart

// rcpPage is the page the table below is taken from, and the date of the
// copy read: AWS Organizations User Guide, section "List of AWS services
// that support RCPs".
const rcpPage = `AWS Organizations "Resource control policies (RCPs)" (as read 2026-09-26)`

// rcpServices are the service prefixes whose resources RCPs restrict, as
// rcpPage lists them ("RCPs apply to actions for the following AWS
// services"), each with the date AWS added it where an announcement dates
// it: the first five launched with RCPs in November 2024; AWS announced
// Amazon ECR (with OpenSearch Serverless) in June 2025 and Amazon
// CloudWatch Logs (with Amazon Cognito) in January 2026. "" means the page
// lists the service without a date we could source. It is the only list:
// resourceControl consults it for every permission. A service missing here
// makes an RCP that would deny look like it does not apply, so it follows
// the page, not the services the start phase calls today.
var rcpServices = map[string]string{
	"s3":               "2024-11",
	"sts":              "2024-11",
	"kms":              "2024-11",
	"sqs":              "2024-11",
	"secretsmanager":   "2024-11",
	"ecr":              "2025-06",
	"aoss":             "2025-06",
	"logs":             "2026-01",
	"cognito-identity": "2026-01",
	"cognito-idp":      "2026-01",

	"appstream": "", "dsql": "", "clouddirectory": "", "cloudfront": "", "cloudsearch": "",
	"networkmonitor": "", "comprehend": "", "comprehendmedical": "", "firehose": "",
	"dynamodb": "", "dax": "", "autoscaling": "", "ecr-public": "", "gamelift": "",
	"inspector-scan": "", "kendra": "", "kinesisvideo": "", "memorydb": "", "personalize": "",
	"polly": "", "swf": "", "textract": "", "timestream-influxdb": "", "transcribe": "",
	"translate": "", "workspaces": "", "appconfig": "", "autoscaling-plans": "", "budgets": "",
	"servicediscovery": "", "cloudtrail-data": "", "codeartifact": "", "codebuild": "",
	"codecommit": "", "codepipeline": "", "compute-optimizer": "", "cost-optimization-hub": "",
	"events": "", "fms": "", "fis": "", "health": "", "rolesanywhere": "", "opensearch": "",
	"pricing": "", "pca-connector-ad": "", "resource-groups": "", "signin": "", "support": "",
	"transfer": "", "notifications": "", "wafv2": "", "xray": "",
}

// rcpSupported reports whether RCPs restrict the service of action
// ("ecr:BatchGetImage").
func rcpSupported(service string) bool {
	_, ok := rcpServices[service]
	return ok
}
