# Relais: one image for the app (`node dist/server/main.js`) and the worker (`npm run worker`).
# Built in three stages: the build (all dependencies), the production dependencies alone, and the
# runtime image (no compiler, no devDependencies, no sources), run as the unprivileged `node` user.
# Docker does not run on the project's machines: CI runs these steps with scripts/dockerfile-steps.sh.

FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM node:24-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM node:24-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 DATA_DIR=/app/data
WORKDIR /app
COPY package.json ./
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# `npm run worker`, `demo:seed` and `backup` run it first; without sources here it does nothing.
COPY --from=build /app/scripts/build-if-stale.mjs ./scripts/
RUN mkdir -p data && chown node:node data
USER node
EXPOSE 3000
VOLUME /app/data
HEALTHCHECK --interval=30s --timeout=5s --start-period=90s --retries=3 CMD node -e "fetch('http://127.0.0.1:' + process.env.PORT + '/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
CMD ["node", "--enable-source-maps", "dist/server/main.js"]
