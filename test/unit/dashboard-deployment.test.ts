/** The dashboard must work from `npm install && npm start`, in CI and in the container image. */
import { readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';

it('everything the on-start build needs is a runtime dependency, not a dev one', async () => {
  const pkg = JSON.parse(await readFile('package.json', 'utf8'));
  for (const name of ['vite', '@vitejs/plugin-react', 'react', 'react-dom', 'graphql-ws', 'tsx']) expect(pkg.dependencies, name).toHaveProperty([name]);
  expect(pkg.scripts['build:web']).toBeTruthy();
  expect(pkg.scripts.typecheck).toContain('-p web');
});

it('the image builds the bundle before pruning dev dependencies and ships it without sources', async () => {
  const dockerfile = await readFile('Dockerfile', 'utf8');
  expect(dockerfile).toMatch(/^COPY web \.\/web$/m);
  expect(dockerfile).toMatch(/npm run build:web && npm prune --omit=dev/);
  expect(dockerfile).toMatch(/^COPY --from=build --chown=node:node \/app\/web\/dist \.\/web\/dist$/m);
  expect(await readFile('.dockerignore', 'utf8')).toMatch(/^web\/dist$/m);
});

it('CI installs Chromium for the browser tests when it is missing', async () => {
  const script = await readFile('.ci/run', 'utf8');
  expect(script).toMatch(/apt-get install -y -qq chromium/);
  expect(script.indexOf('apt-get install')).toBeLessThan(script.indexOf('npm test'));
});

it('the built bundle is not committed', async () => {
  expect(await readFile('.gitignore', 'utf8')).toMatch(/^web\/dist\/$/m);
});
