import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { apiDocsSecurityHeaders } from './api-docs-headers.js';

/** The page: Redoc's standalone bundle renders the document the service serves. No inline code. */
const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Dispatch API reference</title>
<link rel="icon" href="data:,">
</head>
<body>
<redoc spec-url="/api/v1/openapi.json" disable-search="true"></redoc>
<script src="/api/docs/redoc.standalone.js"></script>
</body>
</html>
`;

interface Asset {
  body: Buffer;
  gzipped: Buffer;
  etag: string;
}

/**
 * The API reference at `/api/docs`: Redoc, bundled from its npm package and served from this
 * origin (no CDN), under a content security policy like the dashboard's.
 */
export function registerApiDocs(app: FastifyInstance): void {
  // Read and compressed on first use: most processes never serve it.
  let script: Promise<Asset> | undefined;
  const loadScript = async (): Promise<Asset> => {
    const file = createRequire(import.meta.url).resolve('redoc/bundles/redoc.standalone.js');
    const body = await readFile(file);
    return { body, gzipped: gzipSync(body), etag: `"redoc-${body.length}"` };
  };

  app.get('/api/docs', (request, reply) => {
    reply.headers(apiDocsSecurityHeaders(request.headers.host)).header('cache-control', 'no-cache');
    return reply.type('text/html; charset=utf-8').send(PAGE);
  });
  app.get('/api/docs/redoc.standalone.js', async (request: FastifyRequest, reply: FastifyReply) => {
    script ??= loadScript();
    const asset = await script;
    reply.headers(apiDocsSecurityHeaders(request.headers.host));
    reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').header('etag', asset.etag).header('vary', 'accept-encoding');
    if (request.headers['if-none-match'] === asset.etag) return reply.code(304).send();
    const gzip = /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));
    if (gzip) reply.header('content-encoding', 'gzip');
    return reply.send(gzip ? asset.gzipped : asset.body);
  });
}
