/**
 * docs/alarms.md describes the alarm table as it is: a row per alarm with its override key,
 * its defaults per environment kind, its missing-data treatment and whether it rolls back, and
 * a section per alarm saying what it means and what to do (the alarm descriptions link there).
 */
import * as fs from 'fs';
import * as path from 'path';
import { ALARMS, AlarmSettings } from '../../../model/alarms';

const DOC = fs.readFileSync(path.join(__dirname, '../../../docs/alarms.md'), 'utf8');
const fmt = (s: AlarmSettings) => `${s.threshold} · ${s.periodSeconds / 60} min × ${s.evaluationPeriods}`;

describe('docs/alarms.md', () => {
  it.each(ALARMS.map((a) => [a.suffix, a] as const))('%s: its table row carries the table’s defaults, and it has a section', (suffix, a) => {
    const row = `| [\`${suffix}\`](#${suffix}) | \`${a.key}\` | ${a.title} ≥ threshold (${a.unit}) | ${fmt(a.defaults.production)} | ${fmt(a.defaults.nonProduction)} | \`${a.treatMissingData}\` | ${a.deployment ? 'yes' : 'no'} |`;
    expect(DOC.split('\n')).toContain(row);
    expect(DOC).toMatch(new RegExp(`^### ${suffix}$`, 'm'));
    const section = DOC.split(`### ${suffix}\n`)[1].split('\n### ')[0];
    expect(section).toMatch(/What to do:/);
    if (a.deployment) expect(section).toMatch(/Rolls a deployment back/);
  });

  it('lists no alarm the table does not have', () => {
    const rows = DOC.split('\n').filter((l) => /^\| \[`[a-z0-9-]+`\]\(#/.test(l));
    expect(rows).toHaveLength(ALARMS.length);
  });
});
