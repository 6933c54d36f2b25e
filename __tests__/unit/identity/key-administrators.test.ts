/**
 * No key is ever without a durable administrator, and none is administered by the session
 * that ran Terraform: for every combination of the three ways to name administrators
 * (adminRoleArns, ci.deployRoleArn, personas.admins), each key is administered by exactly the
 * configured principals it can name (the state key cannot name the Admins persona role, which
 * the shared stack creates later), or by the account when there are none — and then synth
 * prints a warning instead of failing.
 */
import * as fs from 'fs';
import * as path from 'path';
import { loadConfig } from '../../../environments';
import { KEY_ADMIN_ACTIONS } from '../../../model/key-policy';
import { Resource } from '../../../verify/tfjson';
import { synthBeforeAll } from '../../helpers/synth';

const base = JSON.parse(fs.readFileSync(path.join(__dirname, '../../fixtures/key-access/none.json'), 'utf8'));
const ADMIN = 'arn:aws:iam::111122223333:role/platform-admin';
const DEPLOY = 'arn:aws:iam::111122223333:role/gha-deploy';
const PERSONA = 'arn:aws:iam::111122223333:role/sso-admins';

const combos = [false, true].flatMap((admin) => [false, true].flatMap((deploy) => [false, true].map((persona) => ({ admin, deploy, persona }))));

describe.each(combos)('administrators: adminRoleArns %#', (combo) => {
  const raw = structuredClone(base);
  if (combo.admin) raw.shared.adminRoleArns = [ADMIN];
  if (combo.deploy) raw.shared.ci = { deployRoleArn: DEPLOY };
  if (combo.persona) raw.shared.personas = { admins: [PERSONA] };
  const config = loadConfig(raw.shared, raw.environments);
  const out = synthBeforeAll(config);
  const durable = [...(combo.admin ? [ADMIN] : []), ...(combo.deploy ? [DEPLOY] : [])];
  const stacks = ['bootstrap', 'shared', ...config.environments.map((e) => e.name)];

  it.each(stacks)('every key of %s is administered by the configured principals, or by the account', (stack) => {
    const keys = out.resources('aws_kms_key', stack);
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) expectAdministrators(key);
  });

  function expectAdministrators(key: Resource): void {
    // The Admins persona role exists from the shared stack on: environment and shared keys name it.
    const expected = [...durable, ...(combo.persona && key.stack !== 'bootstrap' ? ['role/acme-admins'] : [])];
    const statements = JSON.parse(key.body.policy).Statement as Array<{ Sid: string; Principal: { AWS: string | string[] }; Action: string[] }>;
    const admin = statements.find((s) => s.Sid === 'KeyAdministration');
    const fallback = statements.find((s) => s.Sid === 'KeyAdministrationByAccount');
    expect(key.body.policy).not.toMatch(/session_context/);
    if (expected.length === 0) {
      expect(admin).toBeUndefined();
      expect(fallback).toMatchObject({ Principal: { AWS: expect.stringMatching(/:root$/) }, Action: [...KEY_ADMIN_ACTIONS] });
      expect(key.body.lifecycle?.precondition).toBeUndefined();
    } else {
      expect(fallback).toBeUndefined();
      // The Admins role by reference (shared) or by name with the account token (environments): compare its name.
      const name = (p: string) => {
        const ref = out.resolve(key.stack, p);
        return ref ? `role/${ref.resource.body.name}` : p.includes('${') ? p.replace(/^.*:(role\/.*)$/, '$1') : p;
      };
      const named = [admin!.Principal.AWS].flat().map(name);
      expect(named).toEqual(expected);
      expect(key.body.lifecycle.precondition).toHaveLength(1);
    }
  }

  it('prints a warning exactly when some key falls back to the account', () => {
    const someFallback = durable.length === 0;
    expect((config.warnings ?? []).map((w) => `${w.scope}, field ${w.field}`)).toEqual(someFallback ? ['shared settings, field adminRoleArns'] : []);
    if (someFallback) expect(config.warnings![0].rule).toMatch(combo.persona ? /the state key alias\/acme-tfstate \(bootstrap stack\) has no durable administrator/ : /no durable KMS key administrator is configured/);
  });
});
