/**
 * Data-driven corpus of malformed configurations: every JSON file in fixtures/bad-config/
 * is a JSON Merge Patch on the pinned example (fixtures/example/acme.json; environments and
 * services keyed by name, see helpers/config-patch.ts) that breaks one rule, with the parts of
 * the error message (scope, field, rule) that must appear. Each must be refused by loadConfig;
 * a few also go through main.ts, which must exit 1 and leave no output behind.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ConfigError, loadConfig } from '../../../environments';
import { runMain } from '../../helpers/run-main';
import { EXAMPLE, readConfigFile } from '../../helpers/config-file';
import { applyConfigPatch } from '../../helpers/config-patch';

interface BadConfigFixture {
  /** What is wrong, in a few words. */
  '//': string;
  expect: string[];
  /** JSON Merge Patch on the example, environments and services keyed by name. */
  patch: Record<string, unknown>;
}

const DIR = path.join(__dirname, '..', '..', 'fixtures', 'bad-config');
const FILES = fs
  .readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort();

const read = (file: string): BadConfigFixture => JSON.parse(fs.readFileSync(path.join(DIR, file), 'utf8')) as BadConfigFixture;
/** The fixture's whole configuration: the example with its patch applied. */
const configOf = (fixture: BadConfigFixture) => applyConfigPatch(readConfigFile(EXAMPLE), fixture.patch);

/** The ConfigError message for a fixture's config; fails if it validates or throws anything else. */
function messageFor(fixture: BadConfigFixture): string {
  let thrown: unknown;
  try {
    const config = configOf(fixture);
    loadConfig(config.shared, config.environments);
  } catch (e) {
    thrown = e;
  }
  if (thrown === undefined) throw new Error(`configuration unexpectedly validated: ${fixture['//']}`);
  if (!(thrown instanceof ConfigError)) throw thrown;
  return thrown.message;
}

describe('bad-config corpus', () => {
  it('each only shows what is wrong: the patch changes the example in one place (merge patch keyed by name), not a copy of it', () => {
    for (const file of FILES) expect(JSON.stringify(read(file).patch).length).toBeLessThan(1200);
  });

  it('has at least 20 well-formed fixtures named NN-short-name.json', () => {
    expect(FILES.length).toBeGreaterThanOrEqual(20);
    for (const file of FILES) {
      expect(file).toMatch(/^\d{2}-[a-z0-9-]+\.json$/);
      const f = read(file);
      expect(Object.keys(f).sort()).toEqual(['//', 'expect', 'patch']);
      expect(typeof f['//']).toBe('string');
      expect(Array.isArray(f.expect) && f.expect.length > 0).toBe(true);
      expect(typeof f.patch === 'object' && f.patch !== null && Object.keys(f.patch).length > 0).toBe(true);
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
      // main.ts reads a whole configuration: the example with the fixture's patch applied.
      const configFile = path.join(caseDir, 'config.json');
      fs.mkdirSync(caseDir, { recursive: true });
      fs.writeFileSync(configFile, JSON.stringify(configOf(fixture)));
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
