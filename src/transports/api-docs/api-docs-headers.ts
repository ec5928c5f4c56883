import { dashboardSecurityHeaders } from '../dashboard/dashboard-headers.js';

/**
 * The dashboard's security headers, with two differences Redoc needs: it writes its styles
 * into <style> elements at run time (styled-components; no nonce can reach inside its
 * bundle), and it writes the descriptions' Markdown, sanitised by DOMPurify, through
 * innerHTML, which Trusted Types would block; its icons are data: images. Scripts stay limited to this origin's files
 * (no inline script, no eval), the page still talks only to its own origin and cannot be
 * framed.
 */
export function apiDocsSecurityHeaders(host: string | undefined): Record<string, string> {
  const headers = dashboardSecurityHeaders(host);
  const policy = headers['content-security-policy']
    .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
    .replace("img-src 'self'", "img-src 'self' data:")
    .split('; ')
    .filter((directive) => !directive.startsWith('require-trusted-types-for'))
    .join('; ');
  return { ...headers, 'content-security-policy': policy };
}
