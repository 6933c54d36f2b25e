/**
 * Invariant: the flow diagram `npm run verify` draws for your configuration (environments/),
 * cdktf.out/flows.mmd: one box per environment holding exactly its tasks, its dedicated ALB and
 * (only when it has one) its database; an arrow to the identity provider exactly where an ALB
 * carries OIDC rules; no arrow between two environments; every flow verify finds drawn.
 */
import { verify } from '../../verify/verify';
import { diagramStructure, flowDiagramOf } from '../helpers/terraform-invariants';
import { synthesizeBeforeAll, yourConfiguration } from '../helpers/your-configuration';

const config = yourConfiguration();
const app = synthesizeBeforeAll(() => config);

describe('the flow diagram', () => {
  it('has one box per environment with its tasks, dedicated ALB and database; IdP egress iff OIDC; no arrow between environments; every flow drawn', () => {
    const text = verify(app.out, config).mermaid;
    expect(text).toBe(flowDiagramOf(app.out, config));
    expect(diagramStructure(config, app.out, text)).toEqual([]);
  });
});
