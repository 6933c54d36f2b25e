/**
 * Invariant: the ALB exposes exactly the routes of your configuration (environments/). Every
 * listener rule is a configured route (with its environment's prefix, on its environment's
 * listener, to that service's target group) and every configured route has its rule; no
 * catch-all; :443 answers 404 to anything else and :80 only redirects; priorities are unique
 * per listener and are the ones the committed priority record keeps.
 */
import * as fs from 'fs';
import { Testing } from 'cdktf';
import { LbListener } from '@cdktf/provider-aws/lib/lb-listener';
import { loadConfig } from '../../environments';
import { PriorityRecord, serializeRecord } from '../../model/priority-record';
import { routes } from '../helpers/invariants';
import { RECORD_FILE, committedRecord, synthesizeBeforeAll, yourConfiguration } from '../helpers/your-configuration';
import { rawShared, rawEnvironments } from '../../environments';

Testing.setupJest();
const config = yourConfiguration();
const app = synthesizeBeforeAll(() => config);
const listenerStacks = ['shared', ...config.environments.filter((e) => e.dedicatedAlb).map((e) => e.name)].filter((s) => s !== 'shared' || config.environments.some((e) => !e.dedicatedAlb));

describe('route allow-list', () => {
  it('forwards exactly the configured routes, answers 404 to anything else, redirects :80, and keeps priorities unique and as configured', () => {
    expect(routes(app.out, config)).toEqual([]);
  });

  it.each(listenerStacks)('answers 404 by default on the HTTPS listener of %s', (stack) => {
    expect(app.stack(stack)).toHaveResourceWithProperties(LbListener, { port: 443, default_action: [expect.objectContaining({ type: 'fixed-response', fixed_response: expect.objectContaining({ status_code: '404' }) })] });
    expect(app.stack(stack)).toHaveResourceWithProperties(LbListener, { port: 80, default_action: [expect.objectContaining({ type: 'redirect' })] });
  });
});

describe('listener-rule priorities', () => {
  it('are the numbers the committed record keeps for every recorded route that is still served', () => {
    const record = committedRecord() as PriorityRecord | undefined;
    const recorded = Object.entries(record?.listeners ?? {}).flatMap(([listener, l]) => Object.entries(l.rules).map(([path, r]) => ({ listener, path, priority: r.priority })));
    const synthesized = new Map(
      app.out.resources('aws_lb_listener_rule').map((r) => {
        const listener = app.out.mustResolve(r.stack, r.body.listener_arn);
        return [`${listener.stack} ${r.body.condition[0].path_pattern.values[0]}`, r.body.priority];
      }),
    );
    const moved = recorded.filter((x) => synthesized.has(`${x.listener} ${x.path}`) && synthesized.get(`${x.listener} ${x.path}`) !== x.priority);
    expect(moved).toEqual([]);
  });

  it(`are current in ${RECORD_FILE.split('/').slice(-2).join('/')}: run \`npm run synth\` and commit it when this fails`, () => {
    expect(fs.existsSync(RECORD_FILE)).toBe(true);
    const text = fs.readFileSync(RECORD_FILE, 'utf8');
    expect(serializeRecord(loadConfig(rawShared, rawEnvironments, {}, JSON.parse(text)).listenerPriorities)).toBe(text);
  });
});
