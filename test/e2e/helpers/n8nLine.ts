// Which n8n the e2e suite runs against: E2E_N8N=1 → n8n 1.x LTS (1.123.x on Node 22), anything else
// → n8n 2.x (2.41.x on Node 24). .ci/e2e runs the suite once per line; the cases that only run on 2.x
// are listed in docs/development.md ("End-to-end tests").
import { n8nPin } from '../../../scripts/lib/n8n-runtime.cjs';

export const N8N = n8nPin(process.env.E2E_N8N);
export const IS_N8N_1 = N8N.line === '1';
/** "n8n 2.41.1" or "n8n 1.123.81", for test names. */
export const N8N_LABEL = `n8n ${N8N.version}`;

/** `describe` for cases that run on n8n 2.x only; skipped (and listed as skipped) on 1.x. */
export const describe2x: jest.Describe = IS_N8N_1 ? describe.skip : describe;
