import { Construct } from 'constructs';
import { GuarddutyDetector } from '@cdktf/provider-aws/lib/guardduty-detector';
import { GuarddutyDetectorFeature } from '@cdktf/provider-aws/lib/guardduty-detector-feature';
import { suppress } from '../suppress';

/**
 * GuardDuty for the region, with runtime monitoring of ECS Fargate tasks (GuardDuty
 * manages the agent sidecar; tasks reach it over 443, which the matrix's ECS egress allows).
 */
export class ThreatDetection extends Construct {
  readonly detector: GuarddutyDetector;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.detector = new GuarddutyDetector(this, 'detector', { enable: true, findingPublishingFrequency: 'FIFTEEN_MINUTES' });
    suppress(this.detector, 'CKV2_AWS_3', 'Organization-wide GuardDuty belongs to an AWS Organizations management account; this project runs in one member or standalone account');
    new GuarddutyDetectorFeature(this, 'runtime', {
      detectorId: this.detector.id,
      name: 'RUNTIME_MONITORING',
      status: 'ENABLED',
      additionalConfiguration: [{ name: 'ECS_FARGATE_AGENT_MANAGEMENT', status: 'ENABLED' }],
    });
  }
}
