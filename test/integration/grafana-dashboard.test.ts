/**
 * docs/grafana-dashboard.json queries only metrics the service exports: every metric name in
 * every panel's PromQL is checked against a real /metrics scrape of a running Dispatch.
 */
import { readFile } from 'node:fs/promises';
import { request } from 'undici';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';

interface Panel {
  id: number;
  type: string;
  title: string;
  datasource?: { uid: string };
  targets?: Array<{ expr: string; datasource?: { uid: string } }>;
}
interface Dashboard {
  panels: Panel[];
  templating: { list: Array<{ name: string; query?: string | { query: string } }> };
}

let server: TestApp;
beforeAll(async () => {
  server = await startTestApp();
});
afterAll(async () => server?.stop());

/** Metric names a PromQL expression reads: what is left once strings, label matchers, ranges, grouping clauses, functions and numbers are taken out. */
function metricNames(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, ' ')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ')
    .replace(/\$\w+/g, ' ');
  const keywords = new Set(['and', 'or', 'unless', 'offset', 'bool']);
  // A name followed by "(" is a function.
  return [...stripped.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)(\s*\()?/g)].filter((m) => !m[2] && !keywords.has(m[1])).map((m) => m[1]);
}

it('every metric a panel queries is one /metrics exports', async () => {
  const dashboard = JSON.parse(await readFile('docs/grafana-dashboard.json', 'utf8')) as Dashboard;
  const res = await request(`${server.url}/metrics`);
  expect(res.statusCode).toBe(200);
  const text = await res.body.text();
  const exported = new Set<string>();
  for (const [, name, type] of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    exported.add(name);
    if (type === 'histogram' || type === 'summary') for (const suffix of ['_bucket', '_sum', '_count']) exported.add(`${name}${suffix}`);
  }

  const queries = [
    ...dashboard.panels.flatMap((panel) => (panel.targets ?? []).map((target) => ({ where: panel.title, expr: target.expr }))),
    ...dashboard.templating.list.flatMap((variable) => typeof variable.query === 'object' ? [{ where: `$${variable.name}`, expr: variable.query.query.replace(/^label_values\(([^,]+),.*$/, '$1') }] : []),
  ];
  expect(queries.length).toBeGreaterThan(10);
  const used = new Set<string>();
  for (const { where, expr } of queries) {
    const names = metricNames(expr);
    expect(names.length, `${where}: ${expr}`).toBeGreaterThan(0);
    for (const name of names) {
      expect(exported.has(name), `${where}: ${name} is not exported by /metrics`).toBe(true);
      used.add(name);
    }
  }
  // The views the dashboard exists for.
  for (const name of ['dispatch_fire_lag_seconds_bucket', 'dispatch_delivery_attempts_total', 'dispatch_jobs', 'dispatch_attempts_in_flight', 'dispatch_http_request_duration_seconds_bucket']) {
    expect(used.has(name), name).toBe(true);
  }
});

it('is a well-formed dashboard: unique panel ids, every query panel on the chosen data source', async () => {
  const dashboard = JSON.parse(await readFile('docs/grafana-dashboard.json', 'utf8')) as Dashboard;
  const ids = dashboard.panels.map((panel) => panel.id);
  expect(new Set(ids).size).toBe(ids.length);
  for (const panel of dashboard.panels.filter((p) => p.type !== 'row')) {
    expect(panel.datasource?.uid, panel.title).toBe('${datasource}');
    expect(panel.targets?.length, panel.title).toBeGreaterThan(0);
  }
  expect(metricNames('histogram_quantile(0.99, sum by (le, route) (rate(dispatch_http_request_duration_seconds_bucket{instance=~"$instance"}[5m])))')).toEqual(['dispatch_http_request_duration_seconds_bucket']);
  expect(metricNames('max by (status) (dispatch_jobs) / on(instance) up')).toEqual(['dispatch_jobs', 'up']);
});
