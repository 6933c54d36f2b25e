/**
 * `npm run verify` models alarms and blue/green: the pinned fixtures pass (blue/green on, with
 * and without test rules, and off), and each way the synthesized JSON can drift from the model
 * is reported: a missing or extra alarm, an alarm that notifies elsewhere, deployments that do
 * not roll back on their alarms, a blue/green rule whose weights Terraform would reset, a test
 * rule the ALB never reaches, a rule that lost its second group, a role that may modify any rule.
 */
import * as path from 'path';
import { AppConfig } from '../../../environments';
import { Json, Synthesized } from '../../../verify/tfjson';
import { verify } from '../../../verify/verify';
import { loadConfigFile } from '../../helpers/config-file';
import { synth } from '../../helpers/synth';

const FIXTURES = path.join(__dirname, '../../fixtures/alarms');
const rulesOf = (s: Synthesized, config: AppConfig) => verify(s, config).problems.map((p) => `${p.where}: ${p.rule}`);

describe.each(['blue-green.json', 'rolling.json'])('verify on %s', (file) => {
  it('finds no difference', () => {
    const config = loadConfigFile(path.join(FIXTURES, file));
    expect(rulesOf(synth(config), config)).toEqual([]);
  });
});

it('finds no difference with every persona configured: their metric reads and the blue/green roles’ lookups are the only grants on "*"', () => {
  const config = loadConfigFile(path.join(FIXTURES, 'blue-green.json'), (raw) => {
    (raw.shared as Json).personas = { developers: ['arn:aws:iam::123456789012:role/dev'], qa: ['arn:aws:iam::123456789012:role/qa'], admins: ['arn:aws:iam::123456789012:role/admin'] };
    for (const e of raw.environments as Json[]) e.access = { deploy: ['admins'], read: ['developers', 'qa', 'admins'], secrets: ['admins'] };
  });
  expect(rulesOf(synth(config), config)).toEqual([]);
});

describe('verify catches drift from the alarm and blue/green model', () => {
  let config: AppConfig;
  let good: Synthesized;
  beforeAll(() => {
    config = loadConfigFile(path.join(FIXTURES, 'blue-green.json'));
    good = synth(config);
  });
  const broken = (edit: (stacks: Record<string, Json>) => void) => {
    const stacks = structuredClone(good.stacks) as Record<string, Json>;
    edit(stacks);
    return rulesOf(new Synthesized(stacks), config);
  };
  const key = (section: Json, part: string) => Object.keys(section).find((k) => k.includes(part))!;

  it('an alarm missing, and one the table does not have', () => {
    expect(broken((st) => delete st.live.resource.aws_cloudwatch_metric_alarm[key(st.live.resource.aws_cloudwatch_metric_alarm, 'svc-web_alarms_memory-high')])).toEqual([
      expect.stringContaining('alarm "shop/live/web/memory-high" of the alarm table is missing'),
    ]);
    expect(
      broken((st) => {
        const alarms = st.live.resource.aws_cloudwatch_metric_alarm;
        alarms.extra = { ...structuredClone(alarms[key(alarms, 'cpu-high')]), alarm_name: 'shop/live/web/disk-full' };
      }),
    ).toEqual([expect.stringContaining('alarm "shop/live/web/disk-full" is not in the alarm table')]);
  });

  it('an alarm that notifies nobody, or not on recovery', () => {
    expect(broken((st) => (st.dev.resource.aws_cloudwatch_metric_alarm[key(st.dev.resource.aws_cloudwatch_metric_alarm, 'svc-api_alarms_latency')].ok_actions = []))).toEqual([
      expect.stringContaining('ok_actions must be exactly the environment\'s alarm topic'),
    ]);
  });

  it('deployments that no longer roll back on their alarms, or lost the circuit breaker', () => {
    expect(
      broken((st) => {
        const svc = st.qa.resource.aws_ecs_service[key(st.qa.resource.aws_ecs_service, 'svc-api')];
        svc.alarms.alarm_names = svc.alarms.alarm_names.slice(0, 1);
      }),
    ).toEqual([expect.stringContaining('deployments must roll back on exactly shop/qa/api/target-5xx-rate, shop/qa/api/unhealthy-hosts')]);
    expect(broken((st) => (st.qa.resource.aws_ecs_service[key(st.qa.resource.aws_ecs_service, 'svc-api')].deployment_circuit_breaker.rollback = false))).toEqual([
      expect.stringContaining('the deployment circuit breaker must stay on with rollback'),
    ]);
  });

  it('a blue/green rule whose weights Terraform would reset', () => {
    expect(
      broken((st) => {
        const rules = st.qa.resource.aws_lb_listener_rule;
        delete rules[key(rules, 'routeqaapi_')].lifecycle;
      }),
    ).toEqual([expect.stringContaining('forwards to a blue/green pair but Terraform manages its weights')]);
  });

  it('a test rule numbered after its route', () => {
    const problems = broken((st) => {
      const rules = st.qa.resource.aws_lb_listener_rule;
      rules[key(rules, 'routeqaapitest')].priority = rules[key(rules, 'routeqaapi_')].priority + 1;
    });
    expect(problems).toContainEqual(expect.stringContaining('blue/green test rule priority'));
    expect(problems).toContainEqual(expect.stringContaining('the configuration and its priority record give'));
  });

  it('a blue/green rule that lost its second group', () => {
    expect(
      broken((st) => {
        const rules = st.live.resource.aws_lb_listener_rule;
        const rule = rules[key(rules, 'routeapi_')];
        rule.action = [{ type: 'forward', target_group_arn: rule.action[0].forward.target_group[0].arn }];
        delete rule.lifecycle;
      }),
    ).toContainEqual(expect.stringMatching(/listener rule "shared:443 \/api,\/api\/\* -> shop-live-api-\w{4}" is not on the route allow-list/));
  });

  it('a blue/green role that may modify any rule', () => {
    expect(
      broken((st) => {
        const policies = st.dev.resource.aws_iam_role_policy;
        const p = policies[key(policies, 'svc-api_blue-green_policy')];
        const doc = JSON.parse(p.policy);
        doc.Statement.find((s: Json) => s.Sid === 'ShiftTraffic').Resource = '*';
        p.policy = JSON.stringify(doc);
      }),
    ).toEqual(
      expect.arrayContaining([
        expect.stringContaining('allows elasticloadbalancing:ModifyRule on Resource "*"'),
        // The probe table: the other service's rule, by the priority its route has in the configuration.
        expect.stringMatching(/^dev:aws_iam_role shop-dev-api-lb: may modify the rule at priority \d+ .*; it must not$/),
      ]),
    );
  });
});
