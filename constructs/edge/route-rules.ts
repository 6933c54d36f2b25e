import { Construct } from 'constructs';
import { LbListenerRule, LbListenerRuleAction, LbListenerRuleCondition } from '@cdktf/provider-aws/lib/lb-listener-rule';
import { ResolvedRoute } from '../../environments/config';
import { routePatterns, routeRuleId } from '../../model/listener';

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
}

/**
 * One listener rule per allowed route, forwarding to the service's target group. Nothing
 * else forwards: the listener's default action answers 404.
 */
export class RouteRules extends Construct {
  readonly rules: LbListenerRule[];

  constructor(scope: Construct, id: string, props: RouteRulesProps) {
    super(scope, id);
    const forward: LbListenerRuleAction = { type: 'forward', targetGroupArn: props.targetGroupArn };
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
    this.rules = props.routes.map((route) => {
      const condition: LbListenerRuleCondition[] = [{ pathPattern: { values: routePatterns(route.path) } }];
      if (props.sourceCidrs && props.sourceCidrs.length > 0) condition.push({ sourceIp: { values: [...props.sourceCidrs] } });
      return new LbListenerRule(this, routeRuleId(route.path), {
        listenerArn: props.listenerArn,
        priority: route.priority,
        action: actions,
        condition,
      });
    });
  }
}
