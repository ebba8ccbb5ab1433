// A small CDK application for ecs-preflight's cloud assembly fixture:
// a network stack that exports its VPC, a service stack that imports it
// (CDK writes the Fn::ImportValue), a stack synthesised with the
// LegacyStackSynthesizer that holds a file asset, and a Stage "Prod" with
// its own network and service stacks (a nested cloud assembly).
//
// Run with node (no TypeScript build, no Docker build): node app.js
const path = require('path');
const cdk = require('aws-cdk-lib');
const { Construct } = require('constructs');
const ec2 = require('aws-cdk-lib/aws-ec2');
const ecs = require('aws-cdk-lib/aws-ecs');
const ecr = require('aws-cdk-lib/aws-ecr');
const s3assets = require('aws-cdk-lib/aws-s3-assets');
const ssm = require('aws-cdk-lib/aws-ssm');

const env = { account: '111122223333', region: 'eu-west-1' };

// NetworkStack: isolated private subnets (no NAT, no internet gateway)
// with interface endpoints for ECR and CloudWatch Logs; the S3 gateway
// endpoint that image layers need only when s3Gateway is set.
class Network extends Construct {
  constructor(scope, id, props) {
    super(scope, id);
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr('10.20.0.0/16'),
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [{ name: 'Private', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 }],
    });
    this.vpc.addInterfaceEndpoint('EcrApi', { service: ec2.InterfaceVpcEndpointAwsService.ECR });
    this.vpc.addInterfaceEndpoint('EcrDkr', { service: ec2.InterfaceVpcEndpointAwsService.ECR_DOCKER });
    this.vpc.addInterfaceEndpoint('Logs', { service: ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS });
    if (props.s3Gateway) {
      this.vpc.addGatewayEndpoint('S3', { service: ec2.GatewayVpcEndpointAwsService.S3 });
    }
  }
}

class NetworkStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    this.vpc = new Network(this, 'Net', props).vpc;
  }
}

// ServiceStack: a Fargate service in the network stack's private subnets
// running an image from an ECR repository this stack creates.
class Service extends Construct {
  constructor(scope, id, props) {
    super(scope, id);
    const cluster = new ecs.Cluster(this, 'Cluster', { vpc: props.vpc });
    const repo = new ecr.Repository(this, 'Repo', { repositoryName: props.repositoryName });
    const task = new ecs.FargateTaskDefinition(this, 'Task', { cpu: 256, memoryLimitMiB: 512 });
    task.addContainer('api', {
      image: ecs.ContainerImage.fromEcrRepository(repo, 'v1'),
      logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'api' }),
      portMappings: [{ containerPort: 8080 }],
    });
    new ecs.FargateService(this, 'Service', {
      cluster,
      taskDefinition: task,
      desiredCount: 1,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    });
  }
}

class ServiceStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    new Service(this, 'Svc', props);
  }
}

// OneStack: the same application as one template (the twin the tests
// compare the split stacks with).
class OneStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    const vpc = new Network(this, 'Net', props).vpc;
    new Service(this, 'Svc', { ...props, vpc });
  }
}

// ConfigStack: no ECS; a file asset under the LegacyStackSynthesizer,
// which passes the asset's bucket and key as stack parameters.
class ConfigStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, { ...props, synthesizer: new cdk.LegacyStackSynthesizer() });
    const asset = new s3assets.Asset(this, 'Config', { path: path.join(__dirname, 'config.env') });
    new ssm.StringParameter(this, 'ConfigUrl', { parameterName: '/dev/config-url', stringValue: asset.s3ObjectUrl });
    new cdk.CfnOutput(this, 'ConfigUrlOutput', { value: asset.s3ObjectUrl });
  }
}

// WorkerStack: a task definition (no service) whose image and environment
// file are assets, under the LegacyStackSynthesizer: the image name and
// the file's bucket and key are stack parameters cdk deploy fills. The
// Docker image is built by cdk deploy, not by synthesis.
class WorkerStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, { ...props, synthesizer: new cdk.LegacyStackSynthesizer() });
    const task = new ecs.FargateTaskDefinition(this, 'Task', { cpu: 256, memoryLimitMiB: 512 });
    task.addContainer('worker', {
      image: ecs.ContainerImage.fromAsset(path.join(__dirname, 'worker')),
      environmentFiles: [ecs.EnvironmentFile.fromAsset(path.join(__dirname, 'config.env'))],
      logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'worker' }),
    });
  }
}

class Prod extends cdk.Stage {
  constructor(scope, id, props) {
    super(scope, id, props);
    const net = new NetworkStack(this, 'Network', { s3Gateway: true });
    new ServiceStack(this, 'Service', { vpc: net.vpc, repositoryName: 'prod-api' });
  }
}

const app = new cdk.App({
  outdir: process.env.CDK_OUTDIR || 'cdk.out',
  context: {
    // The CDK CLI sets this unless --debug: no construct stack traces.
    'aws:cdk:disable-stack-trace': true,
    'aws:cdk:disable-creation-stack-traces': true,
    // What `cdk synth` would look up and cache in cdk.context.json.
    'availability-zones:account=111122223333:region=eu-west-1': ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
  },
});
if (process.env.TWIN) {
  // node app.js with TWIN=1 writes the one-template twins instead.
  new OneStack(app, 'DevOne', { env, stackName: 'dev-one', s3Gateway: false, repositoryName: 'dev-api' });
  new OneStack(app, 'ProdOne', { env, stackName: 'prod-one', s3Gateway: true, repositoryName: 'prod-api' });
} else {
  const net = new NetworkStack(app, 'Network', { env, stackName: 'dev-network', s3Gateway: false });
  new ServiceStack(app, 'Service', { env, stackName: 'dev-service', vpc: net.vpc, repositoryName: 'dev-api' });
  new ConfigStack(app, 'Config', { env });
  new WorkerStack(app, 'Worker', { env });
  new Prod(app, 'Prod', { env });
}
app.synth();
