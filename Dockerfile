# syntax=docker/dockerfile:1
# Omniarr's container images: the service (default target `omniarr`) and the Cloudflare challenge
# solver (target `solver`), both from one build, for the arm64 (Raspberry Pi 5) and amd64 nodes of a
# home cluster:
#   docker buildx build --platform linux/arm64,linux/amd64 --target omniarr -t REGISTRY/omniarr:TAG --push .
#   docker buildx build --platform linux/arm64,linux/amd64 --target solver -t REGISTRY/omniarr-solver:TAG --push .
# docs/deploy.md explains the manifests that run them.

ARG NODE_IMAGE=node:20-bookworm-slim

# ---- build: compile TypeScript, then drop dev dependencies -----------------------------------------
FROM ${NODE_IMAGE} AS build
# better-sqlite3 is a native addon: when no prebuilt binary fits, npm compiles it with node-gyp.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# Dependencies first, so editing sources does not reinstall them.
COPY package.json package-lock.json .npmrc ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

# ---- app: what both images share -------------------------------------------------------------------
FROM ${NODE_IMAGE} AS app
# tini as PID 1 forwards SIGTERM to Node (graceful job shutdown) and reaps ffprobe/Chromium children.
RUN apt-get update \
  && apt-get install -y --no-install-recommends tini ca-certificates \
  && rm -rf /var/lib/apt/lists/* \
  && mkdir /config \
  && chown 1000:1000 /config
WORKDIR /app
COPY --from=build --chown=root:root /app/package.json ./package.json
COPY --from=build --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist ./dist
ENV NODE_ENV=production
# The image's files belong to root and are read-only for the service: it runs as the base image's
# unprivileged `node` user (uid 1000) and writes only to /config, /data and /tmp.
USER 1000:1000
ENTRYPOINT ["/usr/bin/tini", "--"]

# ---- solver: FlareSolverr-compatible challenge solver with Debian's Chromium --------------------------
FROM app AS solver
USER root
RUN apt-get update \
  && apt-get install -y --no-install-recommends chromium fonts-liberation \
  && rm -rf /var/lib/apt/lists/*
USER 1000:1000
EXPOSE 8191
# The standalone solver listens on loopback unless told otherwise; in its own container it must not.
ENV OMNIARR_SOLVER_HOST=0.0.0.0
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:8191/health',{signal:AbortSignal.timeout(4000)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/src/cli/main.js", "solver"]

# ---- omniarr: the service (default target, so it is last) ---------------------------------------------
FROM app AS omniarr
USER root
# ffprobe (from Debian's ffmpeg) verifies downloaded files before import.
RUN apt-get update \
  && apt-get install -y --no-install-recommends ffmpeg \
  && rm -rf /var/lib/apt/lists/*
USER 1000:1000
ENV OMNIARR_DATA_DIR=/config \
  OMNIARR_BIND=0.0.0.0 \
  OMNIARR_PORT=7777
EXPOSE 7777
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.OMNIARR_PORT||7777)+'/ping',{signal:AbortSignal.timeout(4000)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/src/cli/main.js", "serve"]
