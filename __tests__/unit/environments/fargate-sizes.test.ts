/**
 * Fargate task sizes: a service's cpu/memory is accepted exactly when Fargate offers the pair
 * (model/aws-limits.ts FARGATE_SIZES, from the ECS task-size table), and every wrong field is
 * reported in the same run: an invalid cpu together with a memory no cpu takes names both,
 * so fixing one never reveals the other.
 */
import fc from 'fast-check';
import { FARGATE_SIZES } from '../../../model/aws-limits';
import { EXAMPLE, configIssues } from '../../helpers/config-file';

const sized = (cpu: number, memory: number) =>
  configIssues(EXAMPLE, (raw) => {
    const svc = raw.environments[0].services[0] as { cpu?: number; memory?: number };
    svc.cpu = cpu;
    svc.memory = memory;
  }).map((i) => i.field.replace(/^services\[[^\]]+\]\./, ''));

const MEMORIES = [...new Set([...FARGATE_SIZES.values()].flat())];
const offered = (cpu: number, memory: number) => FARGATE_SIZES.get(cpu)?.includes(memory) ?? false;
const anyCpuTakes = (memory: number) => MEMORIES.includes(memory);

describe('Fargate cpu/memory', () => {
  it('any pair is accepted exactly when Fargate offers it; a wrong pair names every field that is wrong in itself (property)', () => {
    const cpu = fc.oneof(fc.constantFrom(...FARGATE_SIZES.keys()), fc.integer({ min: 1, max: 20000 }));
    const memory = fc.oneof(fc.constantFrom(...MEMORIES), fc.integer({ min: 1, max: 140000 }));
    fc.assert(
      fc.property(cpu, memory, (c, m) => {
        const fields = sized(c, m);
        if (offered(c, m)) return expect(fields).toEqual([]);
        const expected = !FARGATE_SIZES.has(c) ? ['cpu', ...(anyCpuTakes(m) ? [] : ['memory'])] : ['memory'];
        expect(fields).toEqual(expected);
      }),
      { seed: 6021, numRuns: 150 },
    );
  });

  it('cpu 128 with memory 300 names both in one run', () => {
    expect(sized(128, 300)).toEqual(['cpu', 'memory']);
  });
});
