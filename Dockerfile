# syntax=docker/dockerfile:1
# Build stage: install exactly from the lockfile, build the dashboard, then drop dev dependencies.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# The lockfile links these (stand-ins for packages the test-only MongoDB emulator never loads).
COPY test/stub-packages ./test/stub-packages
# `npm ci` runs `prepare`, which compiles the client and the dispatch command (src/client, src/cli) to dist/.
COPY tsconfig.json tsconfig.sdk.json ./
COPY src ./src
RUN npm ci --no-audit --no-fund
COPY web ./web
RUN npx tsc --noEmit && npm run build:web && npm prune --omit=dev

# Runtime stage: only what runs, as the unprivileged node user. The dashboard ships as its
# built bundle (web/dist) without its sources, so the server serves it as it is.
FROM node:20-bookworm-slim
ENV NODE_ENV=production PORT=4000 HOST=0.0.0.0
WORKDIR /app
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/package.json /app/tsconfig.json ./
COPY --from=build --chown=node:node /app/src ./src
COPY --from=build --chown=node:node /app/dist ./dist
COPY --from=build --chown=node:node /app/web/dist ./web/dist
USER node
EXPOSE 4000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||4000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "--import", "tsx", "src/main.ts"]
