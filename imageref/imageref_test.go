package imageref

import (
	"reflect"
	"strings"
	"testing"
)

const (
	sha  = "sha256:2cf25b8a6c8e4d1c5b6f3a1b0c2d4e6f8a0b2c4d6e8f0a1b3c5d7e9f1a3b5c7d"
	acct = "123456789012"
)

// Sources:
//   - grammar: distribution/reference reference.go (Docker reference grammar)
//     and normalize.go (familiar names, docker.io/library/).
//   - ECR-UG "Private registry concepts": ACCOUNT.dkr.ecr.REGION.amazonaws.com
//     (.amazonaws.com.cn in China).
//   - ECR-UG "Making requests to Amazon ECR registries": dual-stack
//     <registry-id>.dkr-ecr.<aws-region>.on.aws.
//   - AWS General Reference "Amazon ECR endpoints": ACCOUNT.dkr.ecr-fips.REGION.amazonaws.com.
func TestParse(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want Ref
		str  string // String(); "" means want.Registry/Repository:Tag
		arn  string
	}{
		{
			name: "grammar: familiar official image gets docker.io, library/ and latest",
			in:   "nginx",
			want: Ref{Registry: "docker.io", Repository: "library/nginx", Tag: "latest", Kind: DockerHub},
			str:  "docker.io/library/nginx:latest",
		},
		{
			name: "grammar: familiar name with tag",
			in:   "nginx:1.27-alpine",
			want: Ref{Registry: "docker.io", Repository: "library/nginx", Tag: "1.27-alpine", Kind: DockerHub},
		},
		{
			name: "grammar: user repository on Docker Hub has no library/",
			in:   "grafana/grafana:11.0.0",
			want: Ref{Registry: "docker.io", Repository: "grafana/grafana", Tag: "11.0.0", Kind: DockerHub},
		},
		{
			name: "docker hub: explicit docker.io single component gets library/",
			in:   "docker.io/nginx",
			want: Ref{Registry: "docker.io", Repository: "library/nginx", Tag: "latest", Kind: DockerHub},
		},
		{
			name: "docker hub: legacy index.docker.io folds into docker.io",
			in:   "index.docker.io/library/redis:7",
			want: Ref{Registry: "docker.io", Repository: "library/redis", Tag: "7", Kind: DockerHub},
		},
		{
			name: "docker hub: registry-1.docker.io folds into docker.io with library/",
			in:   "registry-1.docker.io/redis:7",
			want: Ref{Registry: "docker.io", Repository: "library/redis", Tag: "7", Kind: DockerHub},
		},
		{
			name: "docker hub: host is case-insensitive",
			in:   "Docker.IO/busybox",
			want: Ref{Registry: "docker.io", Repository: "library/busybox", Tag: "latest", Kind: DockerHub},
		},
		{
			name: "grammar: digest only, no default tag",
			in:   "nginx@" + sha,
			want: Ref{Registry: "docker.io", Repository: "library/nginx", Digest: sha, Kind: DockerHub},
			str:  "docker.io/library/nginx@" + sha,
		},
		{
			name: "grammar: tag and digest both kept",
			in:   "nginx:1.27@" + sha,
			want: Ref{Registry: "docker.io", Repository: "library/nginx", Tag: "1.27", Digest: sha, Kind: DockerHub},
			str:  "docker.io/library/nginx:1.27@" + sha,
		},
		{
			name: "ECR-UG private registry: account, region, partition aws",
			in:   acct + ".dkr.ecr.eu-west-1.amazonaws.com/team/app:v1",
			want: Ref{Registry: acct + ".dkr.ecr.eu-west-1.amazonaws.com", Repository: "team/app", Tag: "v1",
				Kind: ECRPrivate, AccountID: acct, Region: "eu-west-1", Partition: "aws"},
			arn: "arn:aws:ecr:eu-west-1:" + acct + ":repository/team/app",
		},
		{
			name: "ECR-UG private registry: no tag means latest",
			in:   acct + ".dkr.ecr.us-east-1.amazonaws.com/app",
			want: Ref{Registry: acct + ".dkr.ecr.us-east-1.amazonaws.com", Repository: "app", Tag: "latest",
				Kind: ECRPrivate, AccountID: acct, Region: "us-east-1", Partition: "aws"},
			arn: "arn:aws:ecr:us-east-1:" + acct + ":repository/app",
		},
		{
			name: "ECR-UG private registry: digest pin",
			in:   acct + ".dkr.ecr.ap-northeast-1.amazonaws.com/app@" + sha,
			want: Ref{Registry: acct + ".dkr.ecr.ap-northeast-1.amazonaws.com", Repository: "app", Digest: sha,
				Kind: ECRPrivate, AccountID: acct, Region: "ap-northeast-1", Partition: "aws"},
			str: acct + ".dkr.ecr.ap-northeast-1.amazonaws.com/app@" + sha,
			arn: "arn:aws:ecr:ap-northeast-1:" + acct + ":repository/app",
		},
		{
			name: "ECR-UG China: amazonaws.com.cn is partition aws-cn",
			in:   acct + ".dkr.ecr.cn-north-1.amazonaws.com.cn/app:1",
			want: Ref{Registry: acct + ".dkr.ecr.cn-north-1.amazonaws.com.cn", Repository: "app", Tag: "1",
				Kind: ECRPrivate, AccountID: acct, Region: "cn-north-1", Partition: "aws-cn"},
			arn: "arn:aws-cn:ecr:cn-north-1:" + acct + ":repository/app",
		},
		{
			name: "ECR GovCloud: us-gov region is partition aws-us-gov",
			in:   acct + ".dkr.ecr.us-gov-west-1.amazonaws.com/app:1",
			want: Ref{Registry: acct + ".dkr.ecr.us-gov-west-1.amazonaws.com", Repository: "app", Tag: "1",
				Kind: ECRPrivate, AccountID: acct, Region: "us-gov-west-1", Partition: "aws-us-gov"},
			arn: "arn:aws-us-gov:ecr:us-gov-west-1:" + acct + ":repository/app",
		},
		{
			name: "ECR FIPS endpoint: dkr.ecr-fips",
			in:   acct + ".dkr.ecr-fips.us-east-2.amazonaws.com/app:1",
			want: Ref{Registry: acct + ".dkr.ecr-fips.us-east-2.amazonaws.com", Repository: "app", Tag: "1",
				Kind: ECRPrivate, AccountID: acct, Region: "us-east-2", Partition: "aws", FIPS: true},
			arn: "arn:aws:ecr:us-east-2:" + acct + ":repository/app",
		},
		{
			name: "ECR FIPS in GovCloud",
			in:   acct + ".dkr.ecr-fips.us-gov-east-1.amazonaws.com/app:1",
			want: Ref{Registry: acct + ".dkr.ecr-fips.us-gov-east-1.amazonaws.com", Repository: "app", Tag: "1",
				Kind: ECRPrivate, AccountID: acct, Region: "us-gov-east-1", Partition: "aws-us-gov", FIPS: true},
			arn: "arn:aws-us-gov:ecr:us-gov-east-1:" + acct + ":repository/app",
		},
		{
			name: "ECR-UG dual-stack: dkr-ecr.REGION.on.aws",
			in:   acct + ".dkr-ecr.eu-central-1.on.aws/app:1",
			want: Ref{Registry: acct + ".dkr-ecr.eu-central-1.on.aws", Repository: "app", Tag: "1",
				Kind: ECRPrivate, AccountID: acct, Region: "eu-central-1", Partition: "aws", DualStack: true},
			arn: "arn:aws:ecr:eu-central-1:" + acct + ":repository/app",
		},
		{
			name: "ECR host upper-case is folded",
			in:   acct + ".DKR.ECR.US-EAST-1.AMAZONAWS.COM/app:1",
			want: Ref{Registry: acct + ".dkr.ecr.us-east-1.amazonaws.com", Repository: "app", Tag: "1",
				Kind: ECRPrivate, AccountID: acct, Region: "us-east-1", Partition: "aws"},
			arn: "arn:aws:ecr:us-east-1:" + acct + ":repository/app",
		},
		{
			name: "ECR look-alike: cn region under amazonaws.com is not ECR",
			in:   acct + ".dkr.ecr.cn-north-1.amazonaws.com/app:1",
			want: Ref{Registry: acct + ".dkr.ecr.cn-north-1.amazonaws.com", Repository: "app", Tag: "1", Kind: Other},
		},
		{
			name: "ECR look-alike: 11-digit account is not ECR",
			in:   "12345678901.dkr.ecr.us-east-1.amazonaws.com/app:1",
			want: Ref{Registry: "12345678901.dkr.ecr.us-east-1.amazonaws.com", Repository: "app", Tag: "1", Kind: Other},
		},
		{
			name: "ECR look-alike: host with a port is not ECR",
			in:   acct + ".dkr.ecr.us-east-1.amazonaws.com:443/app:1",
			want: Ref{Registry: acct + ".dkr.ecr.us-east-1.amazonaws.com:443", Repository: "app", Tag: "1", Kind: Other},
		},
		{
			name: "ECR Public",
			in:   "public.ecr.aws/docker/library/nginx:1.27",
			want: Ref{Registry: "public.ecr.aws", Repository: "docker/library/nginx", Tag: "1.27", Kind: ECRPublic},
		},
		{
			name: "ECR Public: no library/ outside Docker Hub",
			in:   "public.ecr.aws/nginx",
			want: Ref{Registry: "public.ecr.aws", Repository: "nginx", Tag: "latest", Kind: ECRPublic},
		},
		{
			name: "other: ghcr.io",
			in:   "ghcr.io/org/tool:v2",
			want: Ref{Registry: "ghcr.io", Repository: "org/tool", Tag: "v2", Kind: Other},
		},
		{
			name: "other: registry with port",
			in:   "registry.example.com:5000/team/app:1.0",
			want: Ref{Registry: "registry.example.com:5000", Repository: "team/app", Tag: "1.0", Kind: Other},
		},
		{
			name: "grammar: localhost is always a host",
			in:   "localhost/app",
			want: Ref{Registry: "localhost", Repository: "app", Tag: "latest", Kind: Other},
		},
		{
			name: "grammar: IPv6 host in brackets",
			in:   "[::1]:5000/app:1",
			want: Ref{Registry: "[::1]:5000", Repository: "app", Tag: "1", Kind: Other},
		},
		{
			name: "grammar: separators in path components",
			in:   "quay.io/my_org/my-app.v2__x:tag_1.0",
			want: Ref{Registry: "quay.io", Repository: "my_org/my-app.v2__x", Tag: "tag_1.0", Kind: Other},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(tt.in)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.in, err)
			}
			want := tt.want
			want.Original = tt.in
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Parse(%q) =\n %+v\nwant\n %+v", tt.in, got, want)
			}
			str := tt.str
			if str == "" {
				str = want.Registry + "/" + want.Repository + ":" + want.Tag
			}
			if s := got.String(); s != str {
				t.Errorf("String() = %q, want %q", s, str)
			}
			if a := got.RepositoryARN(); a != tt.arn {
				t.Errorf("RepositoryARN() = %q, want %q", a, tt.arn)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", `image "": empty reference`},
		{"upper-case repository", "Foo:bar", `image "Foo:bar": repository name must be lowercase`},
		{"upper-case path under a host", "ghcr.io/Org/app", `image "ghcr.io/Org/app": repository name must be lowercase`},
		{"image id is not a reference", strings.Repeat("ab", 32), "is an image id, not a reference"},
		{"bad digest algorithm", "nginx@md5:" + strings.Repeat("a", 32), "unsupported digest algorithm"},
		{"short sha256", "nginx@sha256:abcd", "digest has the wrong length"},
		{"digest without algorithm", "nginx@" + strings.Repeat("a", 64), "malformed digest"},
		{"tag too long", "nginx:" + strings.Repeat("a", 129), "invalid reference format"},
		{"space", "nginx latest", "invalid reference format"},
		{"trailing slash", "ghcr.io/org/", "invalid reference format"},
		{"double colon", "nginx::1", "invalid reference format"},
		{"repository too long", "ghcr.io/" + strings.Repeat("a", 256), "longer than 255 characters"},
		{"scheme is not part of a reference", "https://ghcr.io/org/app", "invalid reference format"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.in)
			if err == nil {
				t.Fatalf("Parse(%q): no error, want %q", tt.in, tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Parse(%q) error = %q, want it to contain %q", tt.in, err, tt.want)
			}
			if !strings.HasPrefix(err.Error(), "image ") {
				t.Errorf("error %q does not start with the reference", err)
			}
		})
	}
}

func TestRegistryHosts(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{acct + ".dkr.ecr.eu-west-1.amazonaws.com/app", []string{
			acct + ".dkr.ecr.eu-west-1.amazonaws.com",
			"api.ecr.eu-west-1.amazonaws.com",
			"prod-eu-west-1-starport-layer-bucket.s3.eu-west-1.amazonaws.com",
		}},
		{acct + ".dkr.ecr.cn-northwest-1.amazonaws.com.cn/app", []string{
			acct + ".dkr.ecr.cn-northwest-1.amazonaws.com.cn",
			"api.ecr.cn-northwest-1.amazonaws.com.cn",
			"prod-cn-northwest-1-starport-layer-bucket.s3.cn-northwest-1.amazonaws.com.cn",
		}},
		{acct + ".dkr.ecr-fips.us-east-1.amazonaws.com/app", []string{
			acct + ".dkr.ecr-fips.us-east-1.amazonaws.com",
			"ecr-fips.us-east-1.amazonaws.com",
			"prod-us-east-1-starport-layer-bucket.s3.us-east-1.amazonaws.com",
		}},
		{"nginx", []string{
			"registry-1.docker.io", "auth.docker.io",
			"production.cloudflare.docker.com", "production.cloudfront.docker.com",
			"docker-images-prod.6aa30f8b08e16409b46e0173d6de2f56.r2.cloudflarestorage.com",
		}},
		{"public.ecr.aws/nginx/nginx", []string{"public.ecr.aws"}},
		{"ghcr.io/org/app", []string{"ghcr.io", "pkg-containers.githubusercontent.com"}},
		{"quay.io/org/app", []string{"quay.io", "cdn.quay.io", "cdn01.quay.io", "cdn02.quay.io", "cdn03.quay.io"}},
		{"registry.example.com:5000/app", []string{"registry.example.com:5000"}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			r, err := Parse(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if got := r.RegistryHosts(); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("RegistryHosts() = %q, want %q", got, tt.want)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"nginx", "nginx:1", "nginx@" + sha, "Foo:bar", "",
		acct + ".dkr.ecr.us-east-1.amazonaws.com/a/b:c",
		acct + ".dkr-ecr.us-east-1.on.aws/a",
		"registry-1.docker.io/x", "Docker.io/x", "localhost:5000/a", "[::1]/a",
		"A/b", "a.B/c",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := Parse(s)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "image ") {
				t.Fatalf("error %q does not name the image", err)
			}
			return
		}
		if r.Registry == "" || r.Repository == "" || (r.Tag == "" && r.Digest == "") {
			t.Fatalf("Parse(%q) = %+v: incomplete", s, r)
		}
		s2 := r.String()
		r2, err := Parse(s2)
		if err != nil {
			t.Fatalf("Parse(%q) ok, but Parse(String() = %q): %v", s, s2, err)
		}
		r2.Original = r.Original
		if !reflect.DeepEqual(r, r2) {
			t.Fatalf("round trip of %q via %q:\n %+v\n %+v", s, s2, r, r2)
		}
		if r2.String() != s2 {
			t.Fatalf("String not stable: %q then %q", s2, r2.String())
		}
	})
}

func BenchmarkParse(b *testing.B) {
	for _, in := range []string{"nginx", acct + ".dkr.ecr.eu-west-1.amazonaws.com/team/app:v1"} {
		b.Run(in, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Parse(in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
