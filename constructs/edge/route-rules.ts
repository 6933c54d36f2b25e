import { Construct } from 'constructs';
import { LbListenerRule, LbListenerRuleAction, LbListenerRuleCondition } from '@cdktf/provider-aws/lib/lb-listener-rule';
import { ResolvedRoute } from '../../environments/config';
import { routePatterns, routeRuleId, testRuleId } from '../../model/listener';

/** OIDC settings for authenticating at the ALB before forwarding. */
export interface RouteOidc {
  readonly issuer: string;
  readonly authorizationEndpoint: string;
  readonly tokenEndpoint: string;
  readonly userInfoEndpoint: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

export interface RouteRulesProps {
  readonly listenerArn: string;
  readonly targetGroupArn: string;
  /** The service's routes with the environment prefix applied, and their priorities. */
  readonly routes: readonly ResolvedRoute[];
  /** Only these source CIDRs match. @default any source */
  readonly sourceCidrs?: readonly string[];
  /** Authenticate with OIDC before forwarding. @default none */
  readonly oidc?: RouteOidc;
  /** ECS blue/green: the rules forward to both groups and ECS, not Terraform, sets the weights. @default rolling: forward to `targetGroupArn` */
  readonly blueGreen?: RouteBlueGreen;
}

export interface RouteBlueGreen {
  /** The service's second target group. */
  readonly alternateTargetGroupArn: string;
  /** A test rule per route for requests carrying this header (priority: the route's `testPriority`). @default none */
  readonly testHeader?: { readonly name: string; readonly value: string };
  /**
   * Address of what changes with the environment's deployment strategy (`terraform_data.<name>`),
   * written bare: Terraform's JSON syntax takes lifecycle references without "${}".
   */
  readonly strategy: string;
}

/**
 * One listener rule per allowed route, forwarding to the service's target group. Nothing
 * else forwards: the listener's default action answers 404.
 */
export class RouteRules extends Construct {
  readonly rules: LbListenerRule[];
  /** Blue/green test rules, in route order. */
  readonly testRules: LbListenerRule[];

  constructor(scope: Construct, id: string, props: RouteRulesProps) {
    super(scope, id);
    const bg = props.blueGreen;
    if (bg && props.oidc) throw new Error('ECS blue/green does not support rules that authenticate before forwarding (validation refuses it)');
    // Blue/green: both groups on the rule, the live one weighted 1 (ECS developer guide, "Application
    // Load Balancer resources for blue/green deployments": both target groups must be on the
    // production or test rule). ECS moves the weights at each deployment, so Terraform ignores the
    // action afterwards, or the next apply would send traffic back to the emptied group. Because
    // of that, switching blue/green on cannot update an existing rule's action: the rule is
    // replaced instead (replace_triggered_by the environment's strategy marker).
    const forward: LbListenerRuleAction = bg
      ? { type: 'forward', forward: { targetGroup: [{ arn: props.targetGroupArn, weight: 1 }, { arn: bg.alternateTargetGroupArn, weight: 0 }] } }
      : { type: 'forward', targetGroupArn: props.targetGroupArn };
    const lifecycle = bg ? { ignoreChanges: ['action'], replaceTriggeredBy: [bg.strategy] } : undefined;
    const actions: LbListenerRuleAction[] = props.oidc
      ? [
          {
            type: 'authenticate-oidc',
            order: 1,
            authenticateOidc: {
              issuer: props.oidc.issuer,
              authorizationEndpoint: props.oidc.authorizationEndpoint,
              tokenEndpoint: props.oidc.tokenEndpoint,
              userInfoEndpoint: props.oidc.userInfoEndpoint,
              clientId: props.oidc.clientId,
              clientSecret: props.oidc.clientSecret,
              onUnauthenticatedRequest: 'authenticate',
            },
          },
          { ...forward, order: 2 },
        ]
      : [forward];
    const sources: LbListenerRuleCondition[] = props.sourceCidrs && props.sourceCidrs.length > 0 ? [{ sourceIp: { values: [...props.sourceCidrs] } }] : [];
    this.rules = props.routes.map(
      (route) =>
        new LbListenerRule(this, routeRuleId(route.path), {
          listenerArn: props.listenerArn,
          priority: route.priority,
          action: actions,
          condition: [{ pathPattern: { values: routePatterns(route.path) } }, ...sources],
          lifecycle,
        }),
    );
    const header = bg?.testHeader;
    this.testRules = header
      ? props.routes.map((route) => {
          if (route.testPriority === undefined) throw new Error(`route "${route.path}" has no test-rule priority`);
          return new LbListenerRule(this, testRuleId(route.path), {
            listenerArn: props.listenerArn,
            // Below the route's own priority: the ALB evaluates in order, and the route's rule matches the same path.
            priority: route.testPriority,
            action: actions,
            condition: [{ pathPattern: { values: routePatterns(route.path) } }, { httpHeader: { httpHeaderName: header.name, values: [header.value] } }, ...sources],
            lifecycle,
          });
        })
      : [];
  }
}
