# golive as it runs in production: the compiled server on Node 20, production dependencies only, as a user
# without rights. Build: `docker build -t golive .`; the whole topology: `docker compose up` (compose.yaml).

# --- build: every dependency, the compiled app, then the dev dependencies pruned away ---
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# `npm install` rather than `npm ci`: see ../README.md (Development).
RUN npm install --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

# --- run: the build, its migrations and production node_modules ---
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/data
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/build ./build
COPY --from=build /app/drizzle ./drizzle
# The embedded database's folder, for a single instance without DATABASE_URL.
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 3000
# Ready, not just alive: the database answers, migrations are done, and the instance is not draining.
HEALTHCHECK --interval=5s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# SIGTERM reaches node itself (no shell in between), which drains within 10 s.
STOPSIGNAL SIGTERM
CMD ["node", "build/index.js"]
