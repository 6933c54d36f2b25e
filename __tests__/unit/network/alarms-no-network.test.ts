/**
 * Alarms, notifications, dashboards and blue/green add no network path: the security-group
 * matrix, every security group and rule, the placement and the reachability are the same for
 * the pinned fixture with all of them turned up (blue/green with test rules, subscriptions,
 * overrides) and with none of them, and nothing the alarm constructs create is a network
 * resource. A test rule is an ALB rule on the existing :443 listener, on the allow-list
 * (verify/routes.ts), not a flow.
 */
import * as path from 'path';
import { AppConfig } from '../../../environments';
import { matrixOptions, securityMatrix } from '../../../model/security-matrix';
import { actualFlows, flowKey, groupLabels } from '../../../verify/matrix';
import { checkReachability } from '../../../verify/reachability';
import { Json, Synthesized } from '../../../verify/tfjson';
import { ALARM_CONSTRUCT_TYPES, NETWORK_TYPES, alarmsAddNoNetwork } from '../../helpers/alarm-invariants';
import { loadConfigFile } from '../../helpers/config-file';
import { synth } from '../../helpers/synth';

const FIXTURE = path.join(__dirname, '../../fixtures/alarms/blue-green.json');

/** Every network resource of every stack, by address, without construct metadata. */
function network(out: Synthesized): Record<string, unknown> {
  const found: Record<string, unknown> = {};
  for (const stack of Object.keys(out.stacks)) {
    for (const type of out.resourceTypes(stack).filter((t) => NETWORK_TYPES.test(t))) {
      for (const r of out.resources(type, stack)) found[`${stack}:${type}.${r.name}`] = { ...r.body, '//': undefined };
    }
  }
  return found;
}

describe('alarms add no network path', () => {
  let withAll: AppConfig;
  let without: AppConfig;
  let a: Synthesized;
  let b: Synthesized;
  beforeAll(() => {
    withAll = loadConfigFile(FIXTURE);
    without = loadConfigFile(FIXTURE, (raw) =>
      (raw.environments as Json[]).forEach((e) => {
        delete e.blueGreen;
        delete e.notifications;
        for (const s of e.services) delete s.alarms;
      }),
    );
    [a, b] = [synth(withAll), synth(without)];
  });

  it('the security-group matrix rows are the same', () => {
    for (const [i, env] of withAll.environments.entries()) {
      expect(securityMatrix(matrixOptions(withAll, env))).toEqual(securityMatrix(matrixOptions(without, without.environments[i])));
    }
  });

  it('every security group, rule, subnet, route, endpoint, listener and gateway is byte for byte the same', () => {
    expect(Object.keys(network(a)).length).toBeGreaterThan(10);
    expect(network(a)).toEqual(network(b));
  });

  it('the flows and the reachability computed from the JSON are the same, and match the model', () => {
    const flows = (s: Synthesized, c: AppConfig) => actualFlows(s, groupLabels(c)).map(flowKey).sort();
    expect(flows(a, withAll)).toEqual(flows(b, without));
    const [ra, rb] = [checkReachability(a, withAll), checkReachability(b, without)];
    expect(ra.problems).toEqual([]);
    expect(ra.actual).toEqual(rb.actual);
  });

  it('nothing the alarm, notification, dashboard and blue/green constructs create is a network resource', () => {
    expect(alarmsAddNoNetwork(a, withAll)).toEqual([]);
    // Every kind they may create, created here: the check had something to read.
    const theirs = Object.keys(a.stacks).flatMap((stack) => a.resourceTypes(stack).flatMap((t) => a.resources(t, stack).filter((r) => /(^|\/)(alarms|alarm-topic|dashboard|blue-green|tg-alternate|deployment-strategy)(\/|$)/.test(r.path)).map((r) => r.type)));
    expect(new Set(theirs)).toEqual(new Set(ALARM_CONSTRUCT_TYPES));
  });
});
