/**
 * OIDC endpoints are https:// URLs with a domain, or synth refuses them naming the
 * environment and the field: the ALB's AuthenticateOidcActionConfig refuses any other URL at
 * apply, and over plain http the client secret and the tokens would cross the network in
 * clear. Base: the handed case shared/cases/deploy/oidc.json (OIDC on stage).
 */
import * as path from 'path';
import fc from 'fast-check';
import { ConfigFile, configIssues } from '../../helpers/config-file';

const CASE = path.join(__dirname, '../../../../shared/cases/deploy/oidc.json');
const FIELDS = ['issuer', 'authorizationEndpoint', 'tokenEndpoint', 'userInfoEndpoint'] as const;
type Field = (typeof FIELDS)[number];

const withEndpoint = (field: Field, url: string) => (raw: ConfigFile) => {
  const env = raw.environments.find((e) => e.oidc)!;
  (env.oidc as Record<string, string>)[field] = url;
};
const refusals = (field: Field, url: string) =>
  configIssues(CASE, withEndpoint(field, url)).map((i) => `${i.scope}|${i.field}|${i.rule}`);

describe('OIDC endpoints', () => {
  it('the handed case, all https, is valid', () => {
    expect(configIssues(CASE)).toEqual([]);
  });

  it.each(FIELDS)('%s: http, ftp, javascript: and a host without a domain are refused, naming environment and field', (field) => {
    for (const url of ['http://login.example.org/a', 'ftp://login.example.org/t', 'javascript:alert(1)', 'https://localhost/a']) {
      const issues = refusals(field, url);
      expect(issues).toHaveLength(1);
      expect(issues[0]).toMatch(new RegExp(`^environment "stage"\\|oidc\\.${field}\\|must be a full https:// URL`));
    }
  });

  it('any web URL is accepted exactly when its scheme is https (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...FIELDS),
        fc.webUrl({ validSchemes: ['http', 'https', 'ftp', 'ws', 'wss'], withQueryParameters: true, withFragments: true }),
        (field, url) => {
          const accepted = refusals(field, url).length === 0;
          const expected = url.startsWith('https://') && /\./.test(new URL(url).hostname);
          expect(accepted).toBe(expected);
        },
      ),
      { seed: 20261130, numRuns: 60 },
    );
  });
});
