package netpath

import (
	"strings"
	"testing"
)

func TestTargets(t *testing.T) {
	cases := []struct {
		name string
		got  Target
		want Target
	}{
		{"ECR-UG VPC endpoints ecr.api host", ServiceTarget("ecr.api", "eu-west-1", "aws"), Target{Service: "ecr.api", Host: "api.ecr.eu-west-1.amazonaws.com", Region: "eu-west-1"}},
		{"secretsmanager host", ServiceTarget("secretsmanager", "us-east-1", "aws"), Target{Service: "secretsmanager", Host: "secretsmanager.us-east-1.amazonaws.com", Region: "us-east-1"}},
		{"China partition ssm host ends .amazonaws.com.cn", ServiceTarget("ssm", "cn-north-1", "aws-cn"), Target{Service: "ssm", Host: "ssm.cn-north-1.amazonaws.com.cn", Region: "cn-north-1"}},
		{"partition derived from region", ServiceTarget("logs", "cn-northwest-1", ""), Target{Service: "logs", Host: "logs.cn-northwest-1.amazonaws.com.cn", Region: "cn-northwest-1"}},
		{"s3 regional host", ServiceTarget("s3", "ap-northeast-1", "aws"), Target{Service: "s3", Host: "s3.ap-northeast-1.amazonaws.com", Region: "ap-northeast-1"}},
		{"registry host region read from host", ECRRegistryTarget("123456789012.dkr.ecr.eu-central-1.amazonaws.com", ""), Target{Service: "ecr.dkr", Host: "123456789012.dkr.ecr.eu-central-1.amazonaws.com", Region: "eu-central-1"}},
		// The ecr.dkr private DNS name (*.dkr.ecr.REGION.amazonaws.com) does
		// not cover the FIPS host: an internet host that keeps its region.
		{"AWS GR ECR endpoints FIPS registry host is not served by ecr.dkr", ECRRegistryTarget("123456789012.dkr.ecr-fips.us-east-1.amazonaws.com", ""), Target{Host: "123456789012.dkr.ecr-fips.us-east-1.amazonaws.com", Region: "us-east-1"}},
		{"ECR-UG making requests dual-stack registry host has no PrivateLink", ECRRegistryTarget("123456789012.dkr-ecr.us-east-2.on.aws", ""), Target{Host: "123456789012.dkr-ecr.us-east-2.on.aws", Region: "us-east-2"}},
		{"AWS GR ECR endpoints dual-stack FIPS registry host", ECRRegistryTarget("123456789012.dkr-ecr-fips.us-west-2.on.aws", ""), Target{Host: "123456789012.dkr-ecr-fips.us-west-2.on.aws", Region: "us-west-2"}},
		{"China registry host", ECRRegistryTarget("123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn", ""), Target{Service: "ecr.dkr", Host: "123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn", Region: "cn-north-1"}},
		{"AWS GR ECR endpoints FIPS API host", ECRAPITarget("us-gov-west-1", "aws-us-gov", true, false), Target{Host: "ecr-fips.us-gov-west-1.amazonaws.com", Region: "us-gov-west-1"}},
		{"ECR-UG making requests dual-stack API host", ECRAPITarget("eu-west-1", "aws", false, true), Target{Host: "ecr.eu-west-1.api.aws", Region: "eu-west-1"}},
		{"AWS GR ECR endpoints dual-stack FIPS API host", ECRAPITarget("us-east-1", "aws", true, true), Target{Host: "ecr-fips.us-east-1.api.aws", Region: "us-east-1"}},
		{"IPv4 API host through ServiceTarget", ECRAPITarget("cn-northwest-1", "", false, false), Target{Service: "ecr.api", Host: "api.ecr.cn-northwest-1.amazonaws.com.cn", Region: "cn-northwest-1"}},
		{"KMS-DG VPC endpoint kms-fips host", ServiceTarget("kms-fips", "us-west-2", "aws"), Target{Service: "kms-fips", Host: "kms-fips.us-west-2.amazonaws.com", Region: "us-west-2"}},
		{"sts regional host", ServiceTarget("sts", "eu-west-1", "aws"), Target{Service: "sts", Host: "sts.eu-west-1.amazonaws.com", Region: "eu-west-1"}},
		{"European Sovereign Cloud suffix", ServiceTarget("logs", "eusc-de-east-1", ""), Target{Service: "logs", Host: "logs.eusc-de-east-1.amazonaws.eu", Region: "eusc-de-east-1"}},
		{"ECR-UG minimum S3 permissions layer bucket", LayerBucketTarget("ap-northeast-1", "aws"), Target{Service: "s3", Host: "prod-ap-northeast-1-starport-layer-bucket.s3.ap-northeast-1.amazonaws.com", Region: "ap-northeast-1"}},
		{"bucket with dots uses path style", BucketTarget("my.env.files", "us-west-2", "aws"), Target{Service: "s3", Host: "s3.us-west-2.amazonaws.com", Region: "us-west-2"}},
		{"bucket of unknown region", BucketTarget("envs", "", "aws"), Target{Service: "s3", Host: "envs.s3.amazonaws.com"}},
		{"internet host", InternetTarget("registry-1.docker.io"), Target{Host: "registry-1.docker.io"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.got != tc.want {
				t.Errorf("got %+v, want %+v", tc.got, tc.want)
			}
		})
	}
}

func TestEndpointServiceName(t *testing.T) {
	cases := []struct{ svc, region, partition, want string }{
		{"ecr.api", "eu-west-1", "aws", "com.amazonaws.eu-west-1.ecr.api"},
		{"s3", "us-gov-west-1", "aws-us-gov", "com.amazonaws.us-gov-west-1.s3"},
		// aws-cdk getDefaultEndpointPrefix / describe-vpc-endpoint-services cn-north-1.
		{"ecr.api", "cn-north-1", "aws-cn", "cn.com.amazonaws.cn-north-1.ecr.api"},
		{"ecr.dkr", "cn-northwest-1", "aws-cn", "cn.com.amazonaws.cn-northwest-1.ecr.dkr"},
		{"s3", "cn-north-1", "", "cn.com.amazonaws.cn-north-1.s3"},
		{"sts", "cn-north-1", "aws-cn", "cn.com.amazonaws.cn-north-1.sts"},
		{"logs", "cn-north-1", "aws-cn", "com.amazonaws.cn-north-1.logs"},
		{"secretsmanager", "cn-north-1", "aws-cn", "com.amazonaws.cn-north-1.secretsmanager"},
		{"kms", "cn-northwest-1", "aws-cn", "com.amazonaws.cn-northwest-1.kms"},
		// KMS-DG "Create a VPC endpoint for AWS KMS": com.amazonaws.REGION.kms-fips.
		{"kms-fips", "us-west-2", "aws", "com.amazonaws.us-west-2.kms-fips"},
	}
	for _, c := range cases {
		if got := EndpointServiceName(c.svc, c.region, c.partition); got != c.want {
			t.Errorf("EndpointServiceName(%q,%q,%q) = %q, want %q", c.svc, c.region, c.partition, got, c.want)
		}
		r, s, ok := ParseEndpointServiceName(c.want)
		if !ok || r != c.region || s != c.svc {
			t.Errorf("ParseEndpointServiceName(%q) = %q %q %v", c.want, r, s, ok)
		}
	}
	for _, bad := range []string{"", "com.amazonaws.vpce.us-east-1.vpce-svc-0123", "aws.sagemaker.us-east-1.notebook", "com.amazonaws.s3", "com.amazonaws.us-east-1."} {
		if _, _, ok := ParseEndpointServiceName(bad); ok {
			t.Errorf("ParseEndpointServiceName(%q) accepted", bad)
		}
	}
}

// An endpoint named with the other China prefix still serves: matching is by
// region and service.
func TestChinaEndpointEitherPrefix(t *testing.T) {
	f := standard()
	f.w.Region, f.w.Partition = "cn-north-1", "aws-cn"
	f.rt("rtb-priv").Routes = f.rt("rtb-priv").Routes[:1]
	f.ifaceEP("vpce-api", "vpc-1", "com.amazonaws.cn-north-1.ecr.api", true, []string{"subnet-ep"}, "sg-ep")
	r := Reach(f.w, privENI, ServiceTarget("ecr.api", "cn-north-1", "aws-cn"))
	if r.Status != Reachable || r.EndpointID != "vpce-api" {
		t.Fatalf("got %s via %s %q", r.Status, r.Via, r.EndpointID)
	}
	r = Reach(f.w, privENI, ServiceTarget("logs", "cn-north-1", "aws-cn"))
	if r.Status != Blocked || len(r.Blocks) == 0 || !strings.Contains(r.Blocks[0].Fix, "--service-name com.amazonaws.cn-north-1.logs") {
		t.Fatalf("got %+v", r)
	}
}
