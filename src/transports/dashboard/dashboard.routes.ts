import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { dashboardSecurityHeaders } from './dashboard-headers.js';
import { ensureDashboardBuilt, WEB_ROOT } from './dashboard-build.js';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

interface BuiltFile {
  urlPath: string;
  body: Buffer;
  gzipped: Buffer | undefined;
  contentType: string;
  cacheControl: string;
  etag: string;
}

/**
 * Serves the dashboard at `/` (and `/index.html`) and exactly the files Vite built, from
 * memory. Nothing else is routed here, so unknown paths still get the API's JSON 404; the
 * dashboard's own pages live in the URL fragment.
 */
export async function registerDashboard(app: FastifyInstance, deps: { log: Logger; webRoot?: string }): Promise<void> {
  const build = await ensureDashboardBuilt(deps.log, { webRoot: deps.webRoot ?? WEB_ROOT });
  if (!build.ok) {
    const unavailable = (request: FastifyRequest, reply: FastifyReply) =>
      reply
        .code(503)
        .headers(dashboardSecurityHeaders(request.headers.host))
        .header('cache-control', 'no-store')
        .type('text/plain; charset=utf-8')
        .send(`The dashboard is not available: ${build.reason}\nRun \`npm run build:web\` to see why. The API at /graphql and /api/v1 works.\n`);
    app.get('/', unavailable);
    app.get('/index.html', unavailable);
    return;
  }
  for (const file of await loadBundle(build.distDir)) {
    const serve = (request: FastifyRequest, reply: FastifyReply) => send(request, reply, file);
    app.get(file.urlPath, serve);
    if (file.urlPath === '/index.html') app.get('/', serve);
  }
}

function send(request: FastifyRequest, reply: FastifyReply, file: BuiltFile) {
  reply.headers(dashboardSecurityHeaders(request.headers.host));
  reply.header('content-type', file.contentType).header('cache-control', file.cacheControl).header('etag', file.etag).header('vary', 'accept-encoding');
  if (request.headers['if-none-match'] === file.etag) return reply.code(304).send();
  const gzip = file.gzipped && /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));
  if (gzip) reply.header('content-encoding', 'gzip');
  return reply.send(gzip ? file.gzipped : file.body);
}

/** The bundle's files; read again if another process swapped in its build meanwhile. */
async function loadBundle(distDir: string): Promise<BuiltFile[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await loadBuiltFiles(distDir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || attempt === 3) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

async function loadBuiltFiles(distDir: string, dir = ''): Promise<BuiltFile[]> {
  const files: BuiltFile[] = [];
  for (const entry of await readdir(path.join(distDir, dir), { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const relative = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      files.push(...(await loadBuiltFiles(distDir, relative)));
      continue;
    }
    const body = await readFile(path.join(distDir, relative));
    const contentType = CONTENT_TYPES[path.extname(entry.name)] ?? 'application/octet-stream';
    const compressible = /^(text\/|application\/json|image\/svg)/.test(contentType);
    const gzipped = compressible && body.length > 1024 ? gzipSync(body) : undefined;
    files.push({
      urlPath: `/${relative}`,
      body,
      gzipped,
      contentType,
      // Vite puts a content hash in every name under assets/: those never change. The page
      // itself is revalidated on each load, so a rebuilt bundle is picked up at once.
      cacheControl: relative.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
    });
  }
  return files;
}
