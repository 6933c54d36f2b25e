import { SharedInput } from './schema';

/** Settings every stack shares. Edit these values; the schema in ./schema/ documents each key. */
export const shared: SharedInput = {
  project: 'acme',
  region: 'eu-west-1',
  network: {
    vpcCidr: '10.40.0.0/16',
    azCount: 2,
    // One NAT gateway: about a third of the cost of per-AZ NAT; tasks lose egress if its AZ fails.
    natGateways: 'single',
    ipv6: false,
    flowLogRetentionDays: 365,
  },
  state: {
    // S3 bucket names are global: override with SF_STATE_BUCKET (e.g. add your account ID).
    bucket: 'acme-tfstate-eu-west-1',
    lockTable: 'acme-tflock',
  },
  alb: { deletionProtection: true, accessLogDays: 365 },
  adminRoleArns: [],
  tags: { Owner: 'platform', CostCenter: 'acme-web' },
};
