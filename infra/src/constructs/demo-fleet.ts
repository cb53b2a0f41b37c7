import { Duration, RemovalPolicy, Stack, Tags, Validations } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as logs from 'aws-cdk-lib/aws-logs';
import { renderKinesisAgentConfig } from '@fleetlog/pipeline-config';
import { Construct } from 'constructs';
import { acknowledgeControlTowerRule } from '../control-tower';
import { optionalStep } from '../user-data-steps';
import { hookSpecifications } from './lifecycle-hooks';

export const DEMO_CALLER = { applicationName: 'demo-caller', contact: 'demo-owner@example.com' };
export const APACHE_LOG_PATTERN = '/var/log/httpd/access_log*';
/** A literal CIDR (not the VPC's token) so security-group rules are checkable at synth. */
export const DEMO_VPC_CIDR = '10.80.0.0/16';
const SSM_MANAGED_POLICY = 'AmazonSSMManagedInstanceCore';
const AGENT_RPM =
  'https://s3.amazonaws.com/streaming-data-agent/aws-kinesis-agent-latest.amzn2.noarch.rpm';

export interface DemoFleetProps {
  readonly inputStream: kinesis.IStream;
  /** The shippers' managed policy (ShipperAccess): all the web tier's agent may do. */
  readonly shipperPolicy: iam.IManagedPolicy;
  readonly region: string;
  /** Physical name of the caller group (lifecycle-sync is scoped to it by name). */
  readonly callerGroupName: string;
  readonly tagKeyApplication: string;
  readonly tagKeyContact: string;
  readonly hookHeartbeatSeconds: number;
  readonly logRetentionDays: number;
}

/**
 * A small fleet that exercises the pipeline end to end: Apache web servers shipping raw access-log
 * lines with the Kinesis Agent, behind an internal NLB (which keeps the client address, so the web
 * logs show each caller's own IP), and a caller group opted in by tags and hook metadata.
 */
export class DemoFleet extends Construct {
  readonly vpc: ec2.Vpc;
  readonly web: autoscaling.AutoScalingGroup;
  readonly callers: autoscaling.AutoScalingGroup;
  readonly loadBalancer: elbv2.NetworkLoadBalancer;

  constructor(scope: Construct, id: string, props: DemoFleetProps) {
    super(scope, id);
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr(DEMO_VPC_CIDR),
      maxAzs: 2,
      natGateways: 1,
      subnetConfiguration: [
        // Only the NAT gateway lives here (with its Elastic IP): nothing gets a public IP by default.
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC, mapPublicIpOnLaunch: false },
        { name: 'private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      ],
    });
    this.vpc.addFlowLog('FlowLogs', {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(
        new logs.LogGroup(this, 'FlowLogGroup', {
          retention: props.logRetentionDays as logs.RetentionDays,
          removalPolicy: RemovalPolicy.DESTROY,
        }),
      ),
    });
    const privateSubnets = { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS };

    const webSg = new ec2.SecurityGroup(this, 'WebSg', {
      vpc: this.vpc,
      description: 'fleetlog demo web tier: HTTP from inside the VPC only',
      allowAllOutbound: false,
    });
    // AWS endpoints (Kinesis, SSM, S3) and the AL2023 package mirrors are all HTTPS; DNS, NTP and
    // instance metadata go to link-local/VPC resolver addresses that security groups do not filter.
    webSg.addEgressRule(
      ec2.Peer.anyIpv4(),
      ec2.Port.tcp(443),
      'HTTPS to AWS endpoints and package mirrors',
    );
    // Client IPs are preserved through the NLB, so callers and health checks both come from the VPC.
    webSg.addIngressRule(ec2.Peer.ipv4(DEMO_VPC_CIDR), ec2.Port.tcp(80), 'HTTP from the VPC');
    const webRole = new iam.Role(this, 'WebRole', {
      assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
      description: 'fleetlog demo web tier: Kinesis Agent puts records to the input stream',
      // Session Manager, so the agent can be inspected without SSH or an open port.
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName(SSM_MANAGED_POLICY)],
    });
    Validations.of(webRole).acknowledge({
      id: `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/${SSM_MANAGED_POLICY}]`,
      reason:
        'AmazonSSMManagedInstanceCore is the AWS-maintained minimum for Session Manager (ssm/ssmmessages/ec2messages); it follows changes of the agent protocol, which a copy would not.',
    });
    // The same managed policy a user attaches to their own fleet's role: what it lacks, the demo lacks.
    webRole.addManagedPolicy(props.shipperPolicy);
    const webUserData = ec2.UserData.forLinux();
    webUserData.addCommands(
      'set -euo pipefail',
      'dnf install -y httpd',
      // The agent RPM is built for Amazon Linux 2/RHEL: a failed install is reported, not fatal.
      ...optionalStep(
        'kinesis-agent-install',
        `dnf install -y java-17-amazon-corretto-headless ${AGENT_RPM}`,
      ),
      "echo 'fleetlog demo' > /var/www/html/index.html",
      'mkdir -p /etc/aws-kinesis',
      "cat > /etc/aws-kinesis/agent.json <<'AGENT_JSON'",
      renderKinesisAgentConfig({
        streamName: props.inputStream.streamName,
        region: props.region,
        urlSuffix: Stack.of(this).urlSuffix,
        logFile: APACHE_LOG_PATTERN,
      }),
      'AGENT_JSON',
      // The agent runs as its own user and must be able to read the rotated logs.
      'chmod 755 /var/log/httpd',
      'systemctl enable --now httpd',
      ...optionalStep('kinesis-agent-start', 'systemctl enable --now aws-kinesis-agent'),
    );
    this.web = new autoscaling.AutoScalingGroup(this, 'Web', {
      vpc: this.vpc,
      vpcSubnets: privateSubnets,
      launchTemplate: this.launchTemplate('WebTemplate', webRole, webSg, webUserData, 't4g.small'),
      minCapacity: 2,
      maxCapacity: 4,
      cooldown: Duration.minutes(5),
      healthChecks: autoscaling.HealthChecks.withAdditionalChecks({
        additionalTypes: [autoscaling.AdditionalHealthCheckType.ELB],
        gracePeriod: Duration.minutes(5),
      }),
    });
    this.acknowledgeNotifications(this.web);
    this.acknowledgeGroupRules(this.web);

    this.loadBalancer = new elbv2.NetworkLoadBalancer(this, 'WebLb', {
      vpc: this.vpc,
      internetFacing: false,
      vpcSubnets: privateSubnets,
      crossZoneEnabled: true,
    });
    this.loadBalancer.addListener('Http', { port: 80 }).addTargets('Web', {
      port: 80,
      targets: [this.web],
    });
    Validations.of(this.loadBalancer).acknowledge({
      id: 'AwsSolutions-ELB2',
      reason:
        "NLB access logs only cover TLS listeners; this internal TCP:80 demo NLB has none, and every request is recorded in the web tier's Apache access log, which is what this pipeline analyses.",
    });
    acknowledgeControlTowerRule(
      this.loadBalancer,
      'elbv2_logging_enabled_check',
      "NLB access logs only cover TLS listeners (CT.ELASTICLOADBALANCING.PR.6); every request is in the web tier's Apache access log, which this pipeline analyses.",
    );
    acknowledgeControlTowerRule(
      this.loadBalancer,
      'elbv2_deletion_protection_enabled_check',
      'The demo fleet must go away with `cdk destroy` (CT.ELASTICLOADBALANCING.PR.5); the NLB holds no state.',
    );

    const callerSg = new ec2.SecurityGroup(this, 'CallerSg', {
      vpc: this.vpc,
      description: 'fleetlog demo callers: no inbound, outbound HTTP to the web tier',
      allowAllOutbound: false,
    });
    // Client addresses are preserved through the NLB: callers reach its VPC addresses on port 80.
    callerSg.addEgressRule(
      ec2.Peer.ipv4(DEMO_VPC_CIDR),
      ec2.Port.tcp(80),
      'HTTP to the web tier NLB',
    );
    const callerRole = new iam.Role(this, 'CallerRole', {
      assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
      description: 'fleetlog demo callers: no AWS API access needed',
    });
    const callerUserData = ec2.UserData.forLinux();
    callerUserData.addCommands(
      'set -euo pipefail',
      "cat > /usr/local/bin/fleetlog-caller <<'CALLER'",
      '#!/bin/bash',
      `while true; do curl -s -o /dev/null "http://${this.loadBalancer.loadBalancerDnsName}/?from=$(hostname)"; sleep 1; done`,
      'CALLER',
      'chmod 755 /usr/local/bin/fleetlog-caller',
      "cat > /etc/systemd/system/fleetlog-caller.service <<'UNIT'",
      '[Unit]',
      'Description=fleetlog demo traffic',
      'After=network-online.target',
      '[Service]',
      'ExecStart=/usr/local/bin/fleetlog-caller',
      'Restart=always',
      '[Install]',
      'WantedBy=multi-user.target',
      'UNIT',
      'systemctl daemon-reload',
      'systemctl enable --now fleetlog-caller',
    );
    this.callers = new autoscaling.AutoScalingGroup(this, 'Callers', {
      autoScalingGroupName: props.callerGroupName,
      vpc: this.vpc,
      vpcSubnets: privateSubnets,
      launchTemplate: this.launchTemplate(
        'CallerTemplate',
        callerRole,
        callerSg,
        callerUserData,
        't4g.nano',
      ),
      // No desiredCapacity: CloudFormation would reset the group to it on every deploy, undoing
      // any scaling done since. It starts at minCapacity.
      minCapacity: 2,
      maxCapacity: 4,
      cooldown: Duration.minutes(5),
    });
    this.acknowledgeNotifications(this.callers);
    this.acknowledgeGroupRules(this.callers);
    // Opted in both ways: tags for the tag path, hooks (with metadata) for the event path.
    (
      this.callers.node.defaultChild as autoscaling.CfnAutoScalingGroup
    ).lifecycleHookSpecificationList = hookSpecifications({
      ...DEMO_CALLER,
      heartbeatSeconds: props.hookHeartbeatSeconds,
    });
    Tags.of(this.callers).add(props.tagKeyApplication, DEMO_CALLER.applicationName, {
      applyToLaunchedInstances: false,
    });
    Tags.of(this.callers).add(props.tagKeyContact, DEMO_CALLER.contact, {
      applyToLaunchedInstances: false,
    });
  }

  private launchTemplate(
    id: string,
    role: iam.IRole,
    securityGroup: ec2.ISecurityGroup,
    userData: ec2.UserData,
    instanceType: string,
  ): ec2.LaunchTemplate {
    return new ec2.LaunchTemplate(this, id, {
      machineImage: ec2.MachineImage.latestAmazonLinux2023({
        cpuType: ec2.AmazonLinuxCpuType.ARM_64,
      }),
      instanceType: new ec2.InstanceType(instanceType),
      role,
      securityGroup,
      userData,
      requireImdsv2: true,
      detailedMonitoring: true,
      blockDevices: [
        {
          deviceName: '/dev/xvda',
          volume: ec2.BlockDeviceVolume.ebs(8, {
            encrypted: true,
            volumeType: ec2.EbsDeviceVolumeType.GP3,
          }),
        },
      ],
    });
  }

  private acknowledgeGroupRules(group: autoscaling.AutoScalingGroup): void {
    acknowledgeControlTowerRule(
      group,
      'autoscaling_multiple_az_check',
      'The group spans the private subnets of two Availability Zones through VPCZoneIdentifier; CT.AUTOSCALING.PR.1 only reads the AvailabilityZones property, which an environment-agnostic stack cannot name.',
    );
  }

  private acknowledgeNotifications(group: autoscaling.AutoScalingGroup): void {
    Validations.of(group).acknowledge({
      id: 'AwsSolutions-AS3',
      reason:
        'Launch and terminate of this demo group already reach EventBridge and lifecycle-sync through its lifecycle hooks; SNS scaling notifications would duplicate them.',
    });
  }
}
