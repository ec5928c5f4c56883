/** No Docker engine runs here: the compose file is checked by reading it. */
import { readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { parse } from 'yaml';

it('docker-compose.yml runs PostgreSQL, MongoDB, the API and workers with health checks', async () => {
  const compose = parse(await readFile('docker-compose.yml', 'utf8'), { merge: true });
  expect(Object.keys(compose.services)).toEqual(['postgres', 'mongo', 'api', 'worker']);
  for (const service of Object.values<any>(compose.services)) expect(service.healthcheck?.test).toBeTruthy();
  expect(compose.services.api.environment).toMatchObject({ ROLE: 'api', MONGODB_URL: expect.stringMatching(/^mongodb:\/\//), DATABASE_URL: expect.stringMatching(/^postgres:\/\//) });
  expect(compose.services.worker.environment).toMatchObject({ ROLE: 'worker', MONGODB_URL: expect.stringMatching(/^mongodb:\/\//) });
  expect(compose.services.worker.ports).toBeUndefined();
  // Both Dispatch roles answer /healthz on their port; stopping leaves time for in-flight deliveries.
  for (const role of ['api', 'worker']) {
    expect(compose.services[role].healthcheck.test.join(' ')).toContain('/healthz');
    expect(compose.services[role].stop_grace_period).toBe('45s');
  }
  expect(compose.services.api.depends_on).toEqual({ postgres: { condition: 'service_healthy' }, mongo: { condition: 'service_healthy' } });
});

it('the Dockerfile is multi-stage and runs as a non-root user', async () => {
  const dockerfile = await readFile('Dockerfile', 'utf8');
  expect(dockerfile.match(/^FROM /gm)).toHaveLength(2);
  expect(dockerfile).toMatch(/^USER node$/m);
  expect(dockerfile).toMatch(/^HEALTHCHECK /m);
});
