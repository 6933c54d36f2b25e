import { Construct } from 'constructs';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import { partitionFor } from '../../model/partition';

/** Interface endpoints the tasks need to start and run without NAT: images, logs, secrets, keys. */
export const INTERFACE_ENDPOINTS = ['ecr.api', 'ecr.dkr', 'logs', 'secretsmanager', 'kms'] as const;

export interface VpcEndpointsProps {
  readonly vpcId: string;
  readonly region: string;
  /** Private (task) subnets that get an endpoint interface. */
  readonly subnetIds: readonly string[];
  /** Route tables of the private subnets, for the S3 gateway endpoint (image layers live in S3). */
  readonly routeTableIds: readonly string[];
  /** The endpoints' security group (443 from the environments' ECS groups only). */
  readonly securityGroupId: string;
}

/**
 * AWS service traffic of the tasks stays on the AWS network. Private DNS makes the
 * service names resolve to these endpoints VPC-wide, which is why the switch is per VPC.
 */
export class VpcEndpoints extends Construct {
  constructor(scope: Construct, id: string, props: VpcEndpointsProps) {
    super(scope, id);
    const aws = partitionFor(props.region);
    new VpcEndpoint(this, 's3', {
      vpcId: props.vpcId,
      serviceName: aws.endpointService('s3'),
      vpcEndpointType: 'Gateway',
      routeTableIds: [...props.routeTableIds],
    });
    for (const svc of INTERFACE_ENDPOINTS) {
      new VpcEndpoint(this, svc, {
        vpcId: props.vpcId,
        serviceName: aws.endpointService(svc),
        vpcEndpointType: 'Interface',
        privateDnsEnabled: true,
        subnetIds: [...props.subnetIds],
        securityGroupIds: [props.securityGroupId],
      });
    }
  }
}
