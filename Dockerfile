# syntax=docker/dockerfile:1
# One image for every process of a release (deploy/README.md):
#   web        node web/<region>/server/index.mjs   (Nuxt/Nitro build, one per region)
#   worker     node dist/worker.mjs                  (esbuild bundle, every dependency inside)
#   migrations node dist/migrate.mjs --dir prisma/migrations
# Build it with `npm run image`. Node 20 is what the test suite runs on.

# --- dependencies: cached until package-lock.json changes -------------------------
FROM node:20-bookworm-slim AS deps
WORKDIR /src
ENV NUXT_TELEMETRY_DISABLED=1 \
    PRISMA_SCHEMA_ENGINE_BINARY=/bin/true \
    PRISMA_HIDE_UPDATE_MESSAGE=1
COPY package.json package-lock.json ./
# Install scripts run in the builder, once the sources they read (patches/, prisma/,
# nuxt.config.ts) are there: `npm run postinstall` is the same step `npm ci` runs.
RUN npm ci --no-audit --no-fund --ignore-scripts

# --- builder: both regions' web servers, the worker and migration bundles ---------
FROM deps AS builder
COPY . .
RUN npm run postinstall
# A region is chosen at build time (layers/kz or layers/ru): both are built, and each
# release's manifests start its own (deploy/k8s/overlays/<region>).
RUN REGION=kz D24_OUTPUT_DIR=/src/web/kz NODE_ENV=production npx nuxt build \
 && REGION=ru D24_OUTPUT_DIR=/src/web/ru NODE_ENV=production npx nuxt build
RUN npm run build:worker

# --- runtime ----------------------------------------------------------------------
FROM node:20-bookworm-slim AS runtime
# Slots for the converter and antivirus issues: off by default, so the image stays
# small until the code that uses them lands (npm run image -- --with libreoffice,clamav).
# The antivirus does not need its slot: the manifests run clamd from ClamAV's own image
# (deploy/k8s/base/clamav.yaml) and the worker talks to it over TCP; `clamav` only puts a
# clamd in this image for a deployment without that container.
ARG WITH_LIBREOFFICE=false
ARG WITH_CLAMAV=false
# Receipts (server/domains/billing/receipt.ts) print with Liberation Sans and DejaVu's ₸: always.
RUN set -eu; pkgs="fonts-liberation2 fonts-dejavu-core"; \
    if [ "$WITH_LIBREOFFICE" = "true" ]; then pkgs="$pkgs libreoffice-writer-nogui python3-uno fonts-crosextra-carlito"; fi; \
    if [ "$WITH_CLAMAV" = "true" ]; then pkgs="$pkgs clamav-daemon clamav"; fi; \
    if [ -n "$pkgs" ]; then apt-get update && apt-get install -y --no-install-recommends $pkgs && rm -rf /var/lib/apt/lists/*; fi
WORKDIR /app
ARG APP_VERSION=dev
# MALLOC_TRIM_THRESHOLD_: freed malloc memory goes back to the system instead of staying
# in the arenas (scripts/lib/web-v8-flags.ts MALLOC_ENV).
ENV NODE_ENV=production \
    PORT=3000 \
    SENTRY_RELEASE=$APP_VERSION \
    MALLOC_TRIM_THRESHOLD_=131072
# Code stays owned by root and read-only for the process user.
COPY --from=builder /src/web ./web
COPY --from=builder /src/dist ./dist
COPY --from=builder /src/prisma/migrations ./prisma/migrations
# The `node` user of the base image, by number: Kubernetes' runAsNonRoot can only
# verify a numeric user.
USER 1000:1000
EXPOSE 3000 3001
CMD ["node", "--max-semi-space-size=2", "--max-old-space-size=128", "--liftoff-only", "web/kz/server/index.mjs"]
