/**
 * Data-driven corpus of malformed configurations: every JSON file in
 * fixtures/bad-config/ breaks one rule and lists the parts of the error message
 * (scope, field, rule) that must appear. Each must be refused by loadConfig; a few
 * also go through main.ts, which must exit 1 and leave no output behind.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ConfigError, loadConfig } from '../../../environments';
import { runMain } from '../../helpers/run-main';

interface BadConfigFixture {
  description: string;
  expect: string[];
  config: { shared: unknown; environments: unknown[] };
}

const DIR = path.join(__dirname, '..', '..', 'fixtures', 'bad-config');
const FILES = fs
  .readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort();

const read = (file: string): BadConfigFixture => JSON.parse(fs.readFileSync(path.join(DIR, file), 'utf8')) as BadConfigFixture;

/** The ConfigError message for a fixture's config; fails if it validates or throws anything else. */
function messageFor(fixture: BadConfigFixture): string {
  let thrown: unknown;
  try {
    loadConfig(fixture.config.shared, fixture.config.environments);
  } catch (e) {
    thrown = e;
  }
  if (thrown === undefined) throw new Error(`configuration unexpectedly validated: ${fixture.description}`);
  if (!(thrown instanceof ConfigError)) throw thrown;
  return thrown.message;
}

describe('bad-config corpus', () => {
  it('has at least 20 well-formed fixtures named NN-short-name.json', () => {
    expect(FILES.length).toBeGreaterThanOrEqual(20);
    for (const file of FILES) {
      expect(file).toMatch(/^\d{2}-[a-z0-9-]+\.json$/);
      const f = read(file);
      expect(typeof f.description).toBe('string');
      expect(Array.isArray(f.expect) && f.expect.length > 0).toBe(true);
      expect(Array.isArray(f.config.environments)).toBe(true);
    }
  });

  it.each(FILES)('%s is refused with scope, field and rule', (file) => {
    const fixture = read(file);
    const message = messageFor(fixture);
    expect(message).toMatch(/^Invalid configuration \(\d+ problems?\); nothing was synthesized:\n {2}- /);
    for (const part of fixture.expect) expect(message).toContain(part);
  });
});

describe('bad-config corpus through main.ts', () => {
  const picked = [FILES[0], FILES[Math.floor(FILES.length / 2)], FILES[FILES.length - 1]];
  let tmp: string;

  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sf-bad-config-'));
  });

  afterAll(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it.each(picked.map((file, i) => [file, i === 1] as const))(
    '%s: exit 1, message on stderr, no output dir (stale dir pre-created: %s)',
    (file, stale) => {
      const fixture = read(file);
      const caseDir = path.join(tmp, path.basename(file, '.json'));
      const outdir = path.join(caseDir, 'out');
      // main.ts reads { shared, environments } at the top level: hand it the fixture's config only.
      const configFile = path.join(caseDir, 'config.json');
      fs.mkdirSync(caseDir, { recursive: true });
      fs.writeFileSync(configFile, JSON.stringify(fixture.config));
      if (stale) {
        fs.mkdirSync(outdir, { recursive: true });
        fs.writeFileSync(path.join(outdir, 'manifest.json'), '{}');
        expect(fs.existsSync(outdir)).toBe(true);
      }

      const r = runMain({ SF_CONFIG: configFile, CDKTF_OUTDIR: outdir });

      expect(r.status).toBe(1);
      expect(r.stderr).toContain('Invalid configuration');
      expect(r.stderr).not.toContain('field (root)');
      for (const part of fixture.expect) expect(r.stderr).toContain(part);
      expect(fs.existsSync(outdir)).toBe(false);
    },
    60_000,
  );
});
