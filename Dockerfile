# syntax=docker/dockerfile:1
# Multi-stage build: compile TypeScript, then ship only production dependencies, the
# compiled code, the migrations and the seeds, running as a non-root user under an init.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim AS runtime
# apt's lists and package caches go in the same layer: left, they weighed 82 MB for a 1 MB tini.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && apt-get clean \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    AIO_DB_DIR=/var/lib/aio/db \
    AIO_DOWNLOAD_DIR=/var/lib/aio/sources \
    AIO_DATA_DIR=/data
# Sources refreshed by the API itself: set REFRESH_CRON (e.g. "30 5 * * *", Paris time) and
# REFRESH_SOURCES (default dila). On a server database, `docker exec <c> node dist/cli/refresh.js dila`
# refreshes at once; the embedded database is held by the API, which refreshes it on its schedule.
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY drizzle ./drizzle
COPY seeds ./seeds
# GraphiQL's page and start-up script, served as they are (src/modules/graphql/graphiql.ts reads them).
COPY src/modules/graphql/graphiql ./src/modules/graphql/graphiql
# The widget: its TypeScript, bundled by esbuild at start-up, and its pages (src/modules/widget).
COPY src/widget ./src/widget
# …with the server modules it shares (the week's hours, a distance, in words), which the bundle imports.
COPY src/lib/hours-in-words.ts ./src/lib/hours-in-words.ts
COPY src/lib/distance-in-words.ts ./src/lib/distance-in-words.ts
COPY src/modules/widget/pages ./src/modules/widget/pages
# The embedded database and the publishers' files live in a volume; the open-data folder is mounted at /data.
RUN mkdir -p /var/lib/aio/db /var/lib/aio/sources && chown -R node:node /var/lib/aio
VOLUME ["/var/lib/aio"]
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/ready').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "dist/server.js"]
