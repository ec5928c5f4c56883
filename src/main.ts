// First, so that the heap settings hold while the rest of the service is loaded.
import './heap-growth.js';
import { createApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { startupMessage } from './startup-message.js';

let config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(`Invalid configuration: ${error.message}`);
    process.exit(1);
  }
  throw error;
}
// Readable lines for a person at a terminal; JSON lines for everything that collects logs.
const pretty = config.logFormat === 'pretty' || (config.logFormat === 'auto' && process.stdout.isTTY === true);
const log = createLogger(config.logLevel, undefined, { pretty });
const app = await createApp(config, log);

/**
 * Ctrl-C reaches the process from the terminal and again from each wrapper that forwards
 * it (npm): copies arriving together are one request to stop. Only a signal sent a moment
 * later means "stop now".
 */
const DUPLICATE_SIGNAL_MS = 1_000;
let stoppingSince: number | undefined;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stoppingSince !== undefined) {
      if (Date.now() - stoppingSince < DUPLICATE_SIGNAL_MS) return;
      log.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stoppingSince = Date.now();
    log.info({ signal }, 'shutting down');
    // A signal during start-up stops what has started, once starting is over.
    started.catch(() => undefined).then(() => app.stop()).then(
      () => {
        log.info('stopped cleanly');
        process.exit(0);
      },
      (error) => {
        log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}

const started = app.start();
try {
  await started;
  log.info({ url: app.url, role: config.role }, startupMessage(app.url, config.role));
} catch (error) {
  // Starting fails on its own (a crash, exit 1), or because a stop cut across it (see above).
  if (stoppingSince === undefined) throw error;
}
