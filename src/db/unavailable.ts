/**
 * Whether an error means the database cannot be reached right now (down, restarting, or
 * refusing connections), as opposed to a fault in a query. Such errors are answered 503
 * rather than 500, and logged as a warning without a stack: nothing is wrong with the code.
 */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);
// SQLSTATE class 08 (connection exception) and 57P01–57P03 (shutting down, crashed, starting up).
const SQLSTATES = /^(08\w{3}|57P0[1-3])$/;
const MESSAGES = /Connection terminated|Timeout acquiring a connection|Client has encountered a connection error|database system is (starting up|shutting down)|does not allow connections/;

export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current && typeof current === 'object' && depth < 5; depth++) {
    const { code, message, cause } = current as { code?: unknown; message?: unknown; cause?: unknown };
    if (typeof code === 'string' && (NETWORK_CODES.has(code) || SQLSTATES.test(code))) return true;
    if (typeof message === 'string' && MESSAGES.test(message)) return true;
    current = cause;
  }
  return false;
}
