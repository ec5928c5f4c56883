import { Writable } from 'node:stream';
import { expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';

it('never writes credentials or secrets to the log', () => {
  let output = '';
  const sink = new Writable({ write(chunk, _enc, done) { output += chunk; done(); } });
  const log = createLogger('info', sink);
  const apiKey = `sk_${'a'.repeat(64)}`;
  log.info({ req: { headers: { authorization: 'Bearer session-token-123', 'x-api-key': apiKey } } }, 'request');
  log.info({ headers: { authorization: 'Bearer session-token-123', 'x-api-key': apiKey } }, 'outbound');
  log.info({ token: 'session-token-123', key: apiKey, password: 'hunter22', signingSecret: 'whsec_abc' }, 'fields');
  log.info({ result: { token: 'session-token-123', signingSecret: 'whsec_abc' } }, 'nested');
  expect(output).not.toContain('session-token-123');
  expect(output).not.toContain(apiKey);
  expect(output).not.toContain('hunter22');
  expect(output).not.toContain('whsec_abc');
  expect(output.match(/\[redacted\]/g)!.length).toBeGreaterThanOrEqual(8);
});
