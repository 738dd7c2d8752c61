# Production image: Debian's Node 20, the system Chromium and the WenQuanYi CJK font that print the 申请表 PDF.
FROM node:20-bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ chromium fonts-noto-cjk fonts-wqy-microhei ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev
ENV NODE_ENV=production PORT=3000 CHROMIUM_PATH=/usr/bin/chromium
# glibc malloc: 2 arenas and a fixed 128 KB mmap threshold keep the server's RSS down (as scripts/start.sh; bench/results.md);
# the V8 heap flags of scripts/node-flags are given to node in CMD below
ENV MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=131072
VOLUME /app/data
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s CMD node -e "fetch('http://localhost:3000/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["sh", "-c", "node dist/src/cli/seed.js && exec node $(cat scripts/node-flags) dist/src/server.js"]
