import { Construct } from 'constructs';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { EcrRegistryScanningConfiguration } from '@cdktf/provider-aws/lib/ecr-registry-scanning-configuration';
import { Wafv2WebAclAssociation } from '@cdktf/provider-aws/lib/wafv2-web-acl-association';
import { AppConfig } from '../../environments/config';
import { AccessLogBucket } from '../storage/access-log-bucket';
import { AccountContext } from '../identity/account';
import { AuditTrail } from '../audit/audit-trail';
import { remoteState } from '../storage/backend';
import { ConfigRecorder } from '../audit/config-recorder';
import { VpcFlowLog } from '../network/flow-log';
import { ImageSigning } from '../identity/image-signing';
import { SharedKey } from '../identity/shared-key';
import { distinctPrincipals } from '../../model/key-policy';
import { names } from '../../model/names';
import { PERSONAS } from '../../model/personas';
import { partitionFor } from '../../model/partition';
import { Network } from '../network/network';
import { PersonaRoles } from '../identity/persona-roles';
import { PublicAlb } from '../edge/public-alb';
import { matrixOptions, ruleScope, securityMatrix } from '../../model/security-matrix';
import { ServiceRepository } from '../service/service-repository';
import { ThreatDetection } from '../audit/threat-detection';
import { MatrixGroup, TrafficRules } from '../network/traffic-rules';
import { VpcEndpoints } from '../network/vpc-endpoints';
import { WebFirewall } from '../edge/web-firewall';
import { wafExemptionPaths } from '../../model/waf';
import { awsProvider } from './aws-provider';

/**
 * What every environment uses: network, shared ALB and web firewall, image repositories,
 * persona roles, the shared key, and the account's audit trail and threat detection.
 */
export class SharedStack extends TerraformStack {
  readonly network: Network;
  readonly account: AccountContext;
  readonly key: SharedKey;
  readonly personas: PersonaRoles;
  /** The shared ALB and its group; absent when every environment has a dedicated ALB. */
  readonly alb?: PublicAlb;
  readonly albGroup?: MatrixGroup;
  /** The VPC endpoints' group, when endpoints are on. */
  readonly endpointGroup?: MatrixGroup;
  readonly firewall?: WebFirewall;
  /** Image repository per service name (shared by the environments). */
  readonly repositories: ReadonlyMap<string, ServiceRepository>;
  /** Receives S3 server access logs of every bucket of the shared and environment stacks. */
  readonly accessLogs: AccessLogBucket;

  constructor(scope: Construct, id: string, config: AppConfig) {
    super(scope, id);
    const { shared } = config;
    const { project, region, audit } = shared;
    awsProvider(this, shared, id);
    remoteState(this, shared.state, project, id);
    this.account = new AccountContext(this, 'account');
    const accountId = this.account.accountId;
    const aws = partitionFor(region);

    this.personas = new PersonaRoles(this, 'personas', {
      principals: shared.personas,
      environments: config.environments,
      context: { partition: aws.id, project, region, accountId, stateBucket: shared.state.bucket, lockTable: shared.state.lockTable, stateRegion: shared.state.region, signing: shared.ecr.signing },
    });
    // Durable administrators of the shared key and the signing key; never the session running Terraform.
    const adminArns = distinctPrincipals(shared.adminRoleArns, [shared.ci.deployRoleArn], [this.personas.roles.admins?.arn]);
    // The same, with the Admins role named: its ARN is known when the plan checks the caller.
    const adminArnsAtPlan = distinctPrincipals(shared.adminRoleArns, [shared.ci.deployRoleArn], [this.personas.roles.admins && aws.role(accountId, names.personaRole(project, PERSONAS.admins.roleSuffix))]);

    const trailName = names.shared(project, 'trail');
    this.key = new SharedKey(this, 'key', {
      project,
      partition: aws,
      account: this.account,
      administrators: adminArns,
      administratorsAtPlan: adminArnsAtPlan,
      readerArns: shared.ci.planRoleArn ? [shared.ci.planRoleArn] : [],
      trailName: audit.cloudTrail ? trailName : undefined,
    });

    this.network = new Network(this, 'network', {
      project,
      vpcCidr: shared.network.vpcCidr,
      subnets: shared.subnets,
      availabilityZones: shared.availabilityZones,
      natGateways: shared.network.natGateways,
      ipv6: shared.network.ipv6,
    });
    new VpcFlowLog(this, 'flow-log', {
      vpcId: this.network.vpc.id,
      logGroupName: names.flowLogGroup(project),
      roleName: names.flowLogRole(project),
      retentionDays: shared.network.flowLogRetentionDays,
      kmsKeyArn: this.key.arn,
      partition: aws,
      accountId,
    });

    // Repositories are shared; each may be pulled only by the execution roles of the
    // environments that run the service (named, not referenced: those roles live in the
    // environment stacks, deployed later).
    const roleArn = (name: string) => aws.role(accountId, name);
    // Besides the execution roles: Inspector scans images; Developers and the durable
    // administrators (Admins, adminRoleArns, the CI deploy role) read images and their
    // signatures (cosign verify) before a deployment. Never the session running Terraform.
    const readers = distinctPrincipals(
      [this.personas.roles.developers?.arn],
      adminArns,
      [roleArn(`aws-service-role/${aws.principal('inspector2')}/AWSServiceRoleForAmazonInspector2`)],
    );
    const serviceNames = [...new Set(config.environments.flatMap((e) => e.services.map((s) => s.name)))].sort();
    this.repositories = new Map(
      serviceNames.map((svc) => [
        svc,
        new ServiceRepository(this, `ecr-${svc}`, {
          name: names.repository(project, svc),
          kmsKeyArn: this.key.arn,
          keepTaggedImages: shared.ecr.keepTaggedImages,
          untaggedDays: shared.ecr.untaggedDays,
          pullPrincipalArns: [
            ...config.environments.filter((e) => e.services.some((s) => s.name === svc)).map((e) => roleArn(names.executionRole(project, e.name, svc))),
            ...readers,
          ],
          pushPrincipalArns: this.personas.roles.developers ? [this.personas.roles.developers.arn] : undefined,
        }),
      ]),
    );
    if (shared.ecr.enhancedScanning) {
      new EcrRegistryScanningConfiguration(this, 'ecr-scanning', {
        scanType: 'ENHANCED',
        rule: [{ scanFrequency: 'CONTINUOUS_SCAN', repositoryFilter: [{ filter: `${project}/*`, filterType: 'WILDCARD' }] }],
      });
    }
    if (shared.ecr.signing.kmsKey || shared.ecr.signing.signerProfile) {
      new ImageSigning(this, 'signing', {
        project,
        partition: aws,
        account: this.account,
        administrators: adminArns,
        administratorsAtPlan: adminArnsAtPlan,
        planners: shared.ci.planRoleArn ? [shared.ci.planRoleArn] : [],
        signerArns: this.personas.roles.developers ? [this.personas.roles.developers.arn] : [],
        verifierArns: adminArns,
        kmsKey: shared.ecr.signing.kmsKey,
        signerProfile: shared.ecr.signing.signerProfile,
      });
    }

    this.accessLogs = new AccessLogBucket(this, 'access-logs', { bucketPrefix: names.auditBucketPrefix(project, 's3-logs'), partition: aws, accountId, retentionDays: audit.retentionDays });
    const accessLogBucket = this.accessLogs.bucket.id;

    const matrix = securityMatrix(matrixOptions(config));
    const sharedGroups: { alb?: string; vpce?: string } = {};
    if (shared.network.vpcEndpoints) {
      this.endpointGroup = new MatrixGroup(this, 'vpce-sg', { name: names.endpointSecurityGroup(project), description: 'VPC interface endpoints', vpcId: this.network.vpc.id });
      sharedGroups.vpce = this.endpointGroup.groupId;
      new VpcEndpoints(this, 'endpoints', {
        vpcId: this.network.vpc.id,
        region,
        subnetIds: this.network.privateSubnets.map((s) => s.id),
        routeTableIds: this.network.privateRouteTables.map((t) => t.id),
        securityGroupId: this.endpointGroup.groupId,
      });
    }

    if (audit.waf) {
      this.firewall = new WebFirewall(this, 'waf', {
        name: names.shared(project, 'web-acl'),
        rules: {
          rateLimit: audit.wafRateLimit,
          countRules: audit.wafCountRules,
          blockHostingProviders: audit.wafBlockHostingProviders,
          exemptions: wafExemptionPaths(config.environments),
        },
        logGroupName: names.wafLogGroup(project),
        kmsKeyArn: this.key.arn,
        retentionDays: audit.retentionDays,
      });
    }

    if (config.environments.some((e) => !e.dedicatedAlb)) {
      this.albGroup = new MatrixGroup(this, 'alb-sg', { name: names.albSecurityGroup(project, 'shared'), description: 'Shared internet-facing ALB', vpcId: this.network.vpc.id });
      sharedGroups.alb = this.albGroup.groupId;
      this.alb = new PublicAlb(this, 'alb', {
        name: names.alb(project, 'shared'),
        logBucketPrefix: names.albLogBucketPrefix(project, 'shared'),
        region,
        accountId,
        securityGroupId: this.albGroup.groupId,
        subnetIds: this.network.publicSubnets.map((s) => s.id),
        deletionProtection: shared.alb.deletionProtection,
        accessLogDays: shared.alb.accessLogDays,
        ipv6: shared.network.ipv6,
        accessLogBucket,
      });
      if (this.firewall) new Wafv2WebAclAssociation(this, 'waf-alb', { resourceArn: this.alb.alb.arn, webAclArn: this.firewall.acl.arn });
      new TerraformOutput(this, 'alb_dns_name', { value: this.alb.alb.dnsName, description: 'Point your DNS name (CNAME/alias) here' });
    }
    // Shared-scope rows whose group exists here: none for the ALB when every environment has its own.
    new TrafficRules(this, 'rules', {
      groups: sharedGroups,
      rules: matrix.filter((r) => ruleScope(r, false) === 'shared' && (r.group === 'alb' ? this.albGroup : this.endpointGroup)),
    });

    if (audit.cloudTrail) {
      new AuditTrail(this, 'trail', {
        name: trailName,
        region,
        accountId,
        bucketPrefix: names.auditBucketPrefix(project, 'trail'),
        logGroupName: names.trailLogGroup(project),
        roleName: names.shared(project, 'trail-to-logs'),
        kmsKeyArn: this.key.arn,
        retentionDays: audit.retentionDays,
        accessLogBucket,
      });
    }
    if (audit.guardDuty) new ThreatDetection(this, 'guardduty');
    if (audit.config) {
      new ConfigRecorder(this, 'config', {
        name: names.shared(project, 'config'),
        accountId,
        bucketPrefix: names.auditBucketPrefix(project, 'config'),
        roleName: names.shared(project, 'config-recorder'),
        partition: aws,
        kmsKeyArn: this.key.arn,
        retentionDays: audit.retentionDays,
        accessLogBucket,
      });
    }
  }
}
