/**
 * Every test app registers the dashboard, which builds web/dist when it is stale. Building
 * it once here, before the workers fork, keeps parallel test files from building it at the
 * same time (and makes a broken dashboard build fail the run at once, with Vite's message).
 */
import { createLogger } from '../../src/logger.js';
import { ensureDashboardBuilt } from '../../src/transports/dashboard/dashboard-build.js';

export default async function setup(): Promise<void> {
  const result = await ensureDashboardBuilt(createLogger('info'));
  if (!result.ok) throw new Error(`the dashboard does not build: ${result.reason}`);
}
