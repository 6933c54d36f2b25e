import { Construct } from 'constructs';
import { GuarddutyDetector } from '@cdktf/provider-aws/lib/guardduty-detector';
import { GuarddutyDetectorFeature } from '@cdktf/provider-aws/lib/guardduty-detector-feature';

/**
 * GuardDuty for the region, with runtime monitoring of ECS Fargate tasks (GuardDuty
 * manages the agent sidecar; tasks reach it over 443, which the matrix's ECS egress allows).
 */
export class ThreatDetection extends Construct {
  readonly detector: GuarddutyDetector;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.detector = new GuarddutyDetector(this, 'detector', { enable: true, findingPublishingFrequency: 'FIFTEEN_MINUTES' });
    new GuarddutyDetectorFeature(this, 'runtime', {
      detectorId: this.detector.id,
      name: 'RUNTIME_MONITORING',
      status: 'ENABLED',
      additionalConfiguration: [{ name: 'ECS_FARGATE_AGENT_MANAGEMENT', status: 'ENABLED' }],
    });
  }
}
