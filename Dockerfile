# syntax=docker/dockerfile:1
# Knoop in a container, after the conventions of the official Node.js image: a slim Debian base,
# the unprivileged `node` user, NODE_ENV=production, `npm ci` from the lockfile.
# Build: docker build -t knoop .   Run: see compose.yaml and README "Running in production".

# --- build: npm ci (compiles better-sqlite3 when no prebuilt binary is reachable), Prisma
# clients and dist/ (the postinstall script) ---
FROM node:20-bookworm-slim AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
# postinstall needs the Prisma model, the build scripts and the sources.
COPY prisma ./prisma
COPY scripts ./scripts
COPY src ./src
COPY tsconfig.json tsconfig.build.json ./
COPY data/duo ./data/duo
COPY data/holidays ./data/holidays
# Dev dependencies stay: `npm run db -- deploy` (migrations, via tsx) runs from this image too.
RUN npm ci --include=dev --no-audit --no-fund
COPY manifests ./manifests
COPY .env.example README.md ./

# --- run ---
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000
WORKDIR /app
COPY --from=build --chown=node:node /app /app
USER node
EXPOSE 3000
# /healthz never touches the database: it says the process serves; /readyz is for the proxy.
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# node directly (not npm): SIGTERM reaches Knoop, which stops gracefully (SHUTDOWN_TIMEOUT_SECONDS).
CMD ["node", "--optimize-for-size", "dist/src/main.js"]
