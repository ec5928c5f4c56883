/** A Host header that can safely be written into a header value: a name or IP, and a port. */
const SAFE_HOST = /^(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/**
 * Headers on every dashboard response. The policy lets the page run only its own bundled
 * script and stylesheet (no inline code, no eval, no third-party origins), talk only to its
 * own origin (GraphQL over HTTP and WebSocket), and never be framed (clickjacking).
 * `connect-src 'self'` covers same-origin WebSockets in current browsers; the explicit
 * ws:/wss: origin is for the ones that read 'self' as http(s) only.
 */
export function dashboardSecurityHeaders(host: string | undefined): Record<string, string> {
  const sockets = host && SAFE_HOST.test(host) ? ` ws://${host} wss://${host}` : '';
  const policy = [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "font-src 'self'",
    `connect-src 'self'${sockets}`,
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    // The page writes no HTML from strings: any sink use would be a bug or an attack.
    "require-trusted-types-for 'script'",
  ].join('; ');
  return {
    'content-security-policy': policy,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
  };
}
