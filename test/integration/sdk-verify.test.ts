/** dispatch/verify against real deliveries of a real service, and against the standardwebhooks package. */
import { randomBytes } from 'node:crypto';
import Fastify from 'fastify';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DispatchClient } from '../../src/client/index.js';
import { verifyWebhook, WebhookVerificationError, type VerificationFailure } from '../../src/client/verify.js';
import { gqlOk } from '../helpers/clients.js';
import { signUp, startTestApp, type TestApp } from '../helpers/app.js';
import { Receiver, type ReceivedRequest } from '../helpers/receiver.js';
import { ProjectSigningSecretDocument, RotateSigningSecretDocument } from '../generated/graphql.js';

let server: TestApp;
let receiver: Receiver;
let account: Awaited<ReturnType<typeof signUp>>;
let client: DispatchClient;
let secret: string;

beforeAll(async () => {
  [server, receiver] = await Promise.all([startTestApp(), new Receiver().start()]);
  account = await signUp(server.url);
  client = new DispatchClient({ url: server.url, apiKey: account.apiKey });
  const { project } = await gqlOk(server.url, ProjectSigningSecretDocument, { id: account.projectId }, { token: account.token });
  secret = project!.signingSecret!;
});
afterAll(async () => Promise.all([server?.stop(), receiver?.stop()]));

/** Schedules a job to `path` and resolves to the request the receiver got. */
async function deliveryTo(path: string): Promise<ReceivedRequest> {
  const job = await client.scheduleJob({ title: 'signed', webhookUrl: receiver.on(path), delay: '100ms', payload: { plan: 'pro', note: 'ünïcode' } });
  await receiver.waitFor(() => receiver.for(path).some((r) => r.json.jobId === job.id));
  return receiver.for(path).find((r) => r.json.jobId === job.id)!;
}

const newSecret = () => `whsec_${randomBytes(32).toString('base64')}`;

function refusal(run: () => unknown): VerificationFailure | 'accepted' {
  try {
    run();
    return 'accepted';
  } catch (error) {
    if (error instanceof WebhookVerificationError) return error.reason;
    throw error;
  }
}

describe('real deliveries', () => {
  it('verifies both schemes of a delivery and returns its body', async () => {
    const delivery = await deliveryTo('/signed');
    const verified = verifyWebhook(delivery.body, delivery.headers, secret);
    expect(verified.schemes).toEqual(['dispatch', 'standard-webhooks']);
    expect(verified.body).toMatchObject({ title: 'signed', payload: { plan: 'pro', note: 'ünïcode' } });
    expect(verified.webhookId).toBe(verified.body.jobId);
    expect(Math.abs(verified.timestamp.getTime() - Date.now())).toBeLessThan(60_000);
    // The raw bytes do as well as the string; a Fetch Headers object as well as Node's headers.
    const headers = new Headers(Object.entries(delivery.headers).map(([k, v]) => [k, String(v)]));
    expect(verifyWebhook(Buffer.from(delivery.body, 'utf8'), headers, secret).body.jobId).toBe(verified.body.jobId);
    // Either scheme on its own is enough.
    const { 'x-dispatch-signature': dispatchOnly, ...standardOnly } = delivery.headers;
    expect(verifyWebhook(delivery.body, standardOnly, secret).schemes).toEqual(['standard-webhooks']);
    expect(verifyWebhook(delivery.body, { 'X-Dispatch-Signature': dispatchOnly }, secret).schemes).toEqual(['dispatch']);
  });

  it('the standardwebhooks package verifies the same delivery', async () => {
    const delivery = await deliveryTo('/standard');
    expect(new Webhook(secret).verify(delivery.body, delivery.headers as Record<string, string>)).toEqual(JSON.parse(delivery.body));
  });

  it('refuses a tampered body, a wrong secret, a stale or future timestamp, and a request without signature', async () => {
    const delivery = await deliveryTo('/refused');
    const tampered = delivery.body.replace('"pro"', '"enterprise"');
    expect(refusal(() => verifyWebhook(tampered, delivery.headers, secret))).toBe('signature-mismatch');
    expect(refusal(() => verifyWebhook(delivery.body, delivery.headers, newSecret()))).toBe('signature-mismatch');
    const later = new Date(Date.now() + 6 * 60_000);
    expect(refusal(() => verifyWebhook(delivery.body, delivery.headers, secret, { now: later }))).toBe('stale-timestamp');
    expect(refusal(() => verifyWebhook(delivery.body, delivery.headers, secret, { now: later, toleranceSeconds: 600 }))).toBe('accepted');
    expect(refusal(() => verifyWebhook(delivery.body, delivery.headers, secret, { now: new Date(Date.now() - 6 * 60_000) }))).toBe('stale-timestamp');
    expect(refusal(() => verifyWebhook(delivery.body, { 'content-type': 'application/json' }, secret))).toBe('missing-signature');
    // One scheme intact and the other forged is still a forgery.
    const forged = { ...delivery.headers, 'x-dispatch-signature': `t=${delivery.headers['webhook-timestamp']},v1=${'0'.repeat(64)}` };
    expect(refusal(() => verifyWebhook(delivery.body, forged, secret))).toBe('signature-mismatch');
    expect(refusal(() => verifyWebhook(delivery.body, { 'x-dispatch-signature': 'v1=abc' }, secret))).toBe('malformed-signature');
    expect(refusal(() => verifyWebhook(delivery.body, { 'webhook-signature': 'v1,abc' }, secret))).toBe('malformed-signature');
    expect(refusal(() => verifyWebhook(delivery.body, delivery.headers, 'not-a-secret'))).toBe('invalid-secret');
  });

  it('through a secret rotation, the previous secret and the new one are both accepted', async () => {
    const previous = secret;
    const { rotateSigningSecret } = await gqlOk(server.url, RotateSigningSecretDocument, { projectId: account.projectId }, { token: account.token });
    const current = rotateSigningSecret.signingSecret!;
    expect(current).not.toBe(previous);
    const delivery = await deliveryTo('/rotated');
    // Signed with both secrets while the previous one is valid.
    expect(String(delivery.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(String(delivery.headers['x-dispatch-signature']).match(/v1=/g)).toHaveLength(2);
    expect(refusal(() => verifyWebhook(delivery.body, delivery.headers, previous))).toBe('accepted');
    expect(refusal(() => verifyWebhook(delivery.body, delivery.headers, current))).toBe('accepted');
    expect(refusal(() => verifyWebhook(delivery.body, delivery.headers, [current, previous]))).toBe('accepted');
    expect(refusal(() => verifyWebhook(delivery.body, delivery.headers, [newSecret(), newSecret()]))).toBe('signature-mismatch');
    expect(new Webhook(previous).verify(delivery.body, delivery.headers as Record<string, string>)).toMatchObject({ title: 'signed' });
    secret = current;
  });
});

describe('receivers', () => {
  it('a Fastify receiver as docs/sdk.md shows it (raw JSON bodies in its scope) accepts a real delivery and refuses a forged one', async () => {
    const outcomes: string[] = [];
    const app = Fastify();
    app.register(async (hooks) => {
      hooks.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
      hooks.post('/hooks/dispatch', async (request, reply) => {
        try {
          const delivery = verifyWebhook(request.body as Buffer, request.headers, secret);
          outcomes.push(`ok ${delivery.body.title}`);
          return { received: true };
        } catch (error) {
          if (!(error instanceof WebhookVerificationError)) throw error;
          outcomes.push(error.reason);
          return reply.code(401).send({ error: error.reason });
        }
      });
    });
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const job = await client.scheduleJob({ title: 'to fastify', webhookUrl: `${address}/hooks/dispatch`, delay: '100ms' });
      for (let i = 0; i < 100 && outcomes.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
      expect(outcomes).toEqual(['ok to fastify']);
      expect(job.id).toBeTruthy();
      const forged = await fetch(`${address}/hooks/dispatch`, { method: 'POST', headers: { 'content-type': 'application/json', 'webhook-id': 'x', 'webhook-timestamp': String(Math.floor(Date.now() / 1000)), 'webhook-signature': `v1,${Buffer.alloc(32).toString('base64')}` }, body: '{}' });
      expect(forged.status).toBe(401);
      expect(outcomes[1]).toBe('signature-mismatch');
    } finally {
      await app.close();
    }
  });
});

describe('against the standardwebhooks package', () => {
  const body = JSON.stringify({ jobId: 'msg_2Lk', title: 'signed elsewhere', payload: { a: [1, 2, 3] }, firedAt: new Date().toISOString() });

  it('accepts what standardwebhooks signs, and refuses it tampered or under another secret', () => {
    const key = newSecret();
    const now = new Date();
    const headers = {
      'webhook-id': 'msg_2Lk',
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
      'webhook-signature': new Webhook(key).sign('msg_2Lk', now, body),
    };
    const verified = verifyWebhook(body, headers, key);
    expect(verified).toMatchObject({ schemes: ['standard-webhooks'], webhookId: 'msg_2Lk', body: { title: 'signed elsewhere' } });
    expect(refusal(() => verifyWebhook(body + ' ', headers, key))).toBe('signature-mismatch');
    expect(refusal(() => verifyWebhook(body, { ...headers, 'webhook-id': 'msg_other' }, key))).toBe('signature-mismatch');
    expect(refusal(() => verifyWebhook(body, headers, newSecret()))).toBe('signature-mismatch');
    // And a stale one, as standardwebhooks itself would refuse it.
    const old = new Date(Date.now() - 10 * 60_000);
    const staleHeaders = { ...headers, 'webhook-timestamp': String(Math.floor(old.getTime() / 1000)), 'webhook-signature': new Webhook(key).sign('msg_2Lk', old, body) };
    expect(refusal(() => verifyWebhook(body, staleHeaders, key))).toBe('stale-timestamp');
    expect(() => new Webhook(key).verify(body, staleHeaders)).toThrow();
  });

  it('what standardwebhooks accepts and refuses, verifyWebhook does too, over one delivery verified both ways', async () => {
    const delivery = await deliveryTo('/both-ways');
    const headers = delivery.headers as Record<string, string>;
    const verdict = (run: () => unknown) => {
      try {
        run();
        return true;
      } catch {
        return false;
      }
    };
    for (const [candidateBody, candidateSecret] of [
      [delivery.body, secret],
      [delivery.body.replace('signed', 'SIGNED'), secret],
      [delivery.body, newSecret()],
    ] as const) {
      const ours = verdict(() => verifyWebhook(candidateBody, { 'webhook-id': headers['webhook-id'], 'webhook-timestamp': headers['webhook-timestamp'], 'webhook-signature': headers['webhook-signature'] }, candidateSecret));
      const theirs = verdict(() => new Webhook(candidateSecret).verify(candidateBody, headers));
      expect(ours).toBe(theirs);
    }
  });
});
