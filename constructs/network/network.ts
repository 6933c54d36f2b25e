import { Construct } from 'constructs';
import { Fn } from 'cdktf';
import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group';
import { Eip } from '@cdktf/provider-aws/lib/eip';
import { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import { Route } from '@cdktf/provider-aws/lib/route';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { SubnetLayout } from '../../environments/config';

export interface NetworkProps {
  /** Project name, for Name tags. */
  readonly project: string;
  readonly vpcCidr: string;
  /** Subnet blocks per tier, one per AZ (validated). */
  readonly subnets: SubnetLayout;
  /** "single" NAT gateway or one "per-az". */
  readonly natGateways: 'single' | 'per-az';
  /** Zone names, one per subnet index (pinned: no lookup that could reorder them). */
  readonly availabilityZones: readonly string[];
  /** Dual-stack public tier (the ALB). @default false */
  readonly ipv6?: boolean;
}

/**
 * The VPC and its three subnet tiers:
 * - public: ALB and NAT only; nothing gets a public IP by default;
 * - private: ECS tasks; default route to a NAT gateway, never to the internet gateway;
 * - data: databases; local routes only, no path to the internet in either direction.
 */
export class Network extends Construct {
  readonly vpc: Vpc;
  readonly publicSubnets: Subnet[];
  readonly privateSubnets: Subnet[];
  readonly dataSubnets: Subnet[];
  readonly internetGateway: InternetGateway;
  readonly natGateways: NatGateway[];
  readonly privateRouteTables: RouteTable[];
  readonly dataRouteTable: RouteTable;

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    const name = (suffix: string) => ({ Name: `${props.project}-${suffix}` });
    const ipv6 = props.ipv6 ?? false;

    this.vpc = new Vpc(this, 'vpc', {
      cidrBlock: props.vpcCidr,
      enableDnsSupport: true,
      enableDnsHostnames: true,
      assignGeneratedIpv6CidrBlock: ipv6 || undefined,
      tags: name('vpc'),
    });

    // Adopting the default group strips all of its rules: nothing can use it by accident.
    new DefaultSecurityGroup(this, 'default-sg', { vpcId: this.vpc.id, tags: name('default-deny-all') });

    const az = (i: number) => props.availabilityZones[i];

    this.internetGateway = new InternetGateway(this, 'igw', { vpcId: this.vpc.id, tags: name('igw') });

    const subnet = (tier: string, cidr: string, i: number, extra: Partial<ConstructorParameters<typeof Subnet>[2]> = {}) =>
      new Subnet(this, `${tier}-${i}`, {
        vpcId: this.vpc.id,
        cidrBlock: cidr,
        availabilityZone: az(i),
        mapPublicIpOnLaunch: false,
        tags: { ...name(`${tier}-${i}`), Tier: tier },
        ...extra,
      });

    this.publicSubnets = props.subnets.public.map((c, i) =>
      subnet('public', c, i, ipv6 ? { ipv6CidrBlock: Fn.cidrsubnet(this.vpc.ipv6CidrBlock, 8, i), assignIpv6AddressOnCreation: false } : {}),
    );
    this.privateSubnets = props.subnets.private.map((c, i) => subnet('private', c, i));
    this.dataSubnets = props.subnets.data.map((c, i) => subnet('data', c, i));

    const publicRt = new RouteTable(this, 'public-rt', { vpcId: this.vpc.id, tags: name('public') });
    new Route(this, 'public-default', { routeTableId: publicRt.id, destinationCidrBlock: '0.0.0.0/0', gatewayId: this.internetGateway.id });
    if (ipv6) new Route(this, 'public-default6', { routeTableId: publicRt.id, destinationIpv6CidrBlock: '::/0', gatewayId: this.internetGateway.id });
    this.publicSubnets.forEach((s, i) => new RouteTableAssociation(this, `public-rta-${i}`, { subnetId: s.id, routeTableId: publicRt.id }));

    const natCount = props.natGateways === 'per-az' ? this.publicSubnets.length : 1;
    this.natGateways = Array.from({ length: natCount }, (_, i) => {
      const eip = new Eip(this, `nat-eip-${i}`, { domain: 'vpc', tags: name(`nat-${i}`) });
      return new NatGateway(this, `nat-${i}`, {
        allocationId: eip.id,
        subnetId: this.publicSubnets[i].id,
        tags: name(`nat-${i}`),
        dependsOn: [this.internetGateway],
      });
    });

    // One private route table per NAT gateway; with a single NAT every AZ shares it.
    this.privateRouteTables = this.natGateways.map((nat, i) => {
      const rt = new RouteTable(this, `private-rt-${i}`, { vpcId: this.vpc.id, tags: name(`private-${i}`) });
      new Route(this, `private-default-${i}`, { routeTableId: rt.id, destinationCidrBlock: '0.0.0.0/0', natGatewayId: nat.id });
      return rt;
    });
    this.privateSubnets.forEach(
      (s, i) =>
        new RouteTableAssociation(this, `private-rta-${i}`, {
          subnetId: s.id,
          routeTableId: this.privateRouteTables[i % this.privateRouteTables.length].id,
        }),
    );

    // No routes at all besides the implicit local one.
    this.dataRouteTable = new RouteTable(this, 'data-rt', { vpcId: this.vpc.id, tags: name('data') });
    this.dataSubnets.forEach((s, i) => new RouteTableAssociation(this, `data-rta-${i}`, { subnetId: s.id, routeTableId: this.dataRouteTable.id }));
  }
}
