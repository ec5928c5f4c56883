/** `npm run build:web`: builds the dashboard now (the server otherwise builds it on start when needed). */
import { createLogger } from '../../logger.js';
import { ensureDashboardBuilt } from './dashboard-build.js';

const log = createLogger('info');
const result = await ensureDashboardBuilt(log, { force: process.argv.includes('--force') });
if (!result.ok) {
  console.error(`Dashboard build failed: ${result.reason}`);
  process.exit(1);
}
if (!result.built) log.info('dashboard is already built from the current sources');
