/** No Docker engine runs here: the compose file is checked by reading it. */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
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
  // MongoDB as a replica set of one, so Agenda gets change streams; the URL names the set.
  expect(compose.services.mongo.command).toEqual(['mongod', '--replSet', 'rs0', '--bind_ip_all']);
  expect(compose.services.mongo.healthcheck.test.join(' ')).toMatch(/rs\.initiate\(\{ _id: 'rs0', members: \[\{ _id: 0, host: 'mongo:27017' \}\] \}\)/);
  expect(new URL(compose.services.api.environment.MONGODB_URL).searchParams.get('replicaSet')).toBe('rs0');
});

it('the Dockerfile is multi-stage and runs as a non-root user', async () => {
  const dockerfile = await readFile('Dockerfile', 'utf8');
  expect(dockerfile.match(/^FROM /gm)).toHaveLength(2);
  expect(dockerfile).toMatch(/^USER node$/m);
  expect(dockerfile).toMatch(/^HEALTHCHECK /m);
  // `npm ci` needs the stub packages the lockfile links (test/stub-packages), then drops them with the dev dependencies.
  expect(dockerfile.indexOf('COPY test/stub-packages ./test/stub-packages')).toBeGreaterThan(-1);
  expect(dockerfile.indexOf('COPY test/stub-packages')).toBeLessThan(dockerfile.indexOf('RUN npm ci'));
  expect(dockerfile).toMatch(/npm prune --omit=dev/);
  expect((await readFile('.dockerignore', 'utf8')).split('\n')).toEqual(expect.arrayContaining(['test', '!test/stub-packages']));
});

it('the MongoDB emulator is a test tool: a dev dependency that nothing under src/ imports', async () => {
  const manifest = JSON.parse(await readFile('package.json', 'utf8'));
  expect(manifest.devDependencies['@push.rocks/smartmongo']).toBe('2.2.0');
  expect(manifest.dependencies['@push.rocks/smartmongo']).toBeUndefined();
  const sources = (await readdir('src', { recursive: true })).filter((file) => /\.tsx?$/.test(file));
  expect(sources.length).toBeGreaterThan(20);
  for (const file of sources) expect(await readFile(path.join('src', file), 'utf8'), file).not.toMatch(/smartmongo|congodb|stub-packages/i);
});
