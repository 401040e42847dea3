import { describe, expect, it } from 'vitest';
import { lineOf, locations, PACKAGE_JSON, runCheck, STRICT_TSCONFIG } from './helpers.js';

const ID = 'liveness-probe-checks-dependencies';

function deployment(livenessPath: string, readinessPath = '/readyz'): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: causality-api
spec:
  replicas: 3
  template:
    spec:
      containers:
        - name: api
          image: causality/api:1.4.2
          ports:
            - name: http
              containerPort: 8080
          livenessProbe:
            httpGet:
              path: ${livenessPath}
              port: http
            periodSeconds: 10
          readinessProbe:
            httpGet:
              path: ${readinessPath}
              port: 8080
`;
}

const expressApp = `import express from 'express';
import { Pool } from 'pg';

const pool = new Pool({ connectionString: process.env.DATABASE_URL });
export const app = express();

app.get('/healthz', async (_req, res) => {
  await pool.query('SELECT 1');
  res.json({ status: 'ok' });
});

app.get('/livez', (_req, res) => {
  res.json({ status: 'ok', uptime: process.uptime() });
});

app.get('/readyz', async (_req, res) => {
  await pool.query('SELECT 1');
  res.json({ status: 'ready' });
});
`;

const base = { 'package.json': PACKAGE_JSON, 'tsconfig.json': STRICT_TSCONFIG, 'src/app.ts': expressApp };

describe('liveness-probe-checks-dependencies', () => {
  describe('reports', () => {
    it('a manifest probe path served by an Express route that queries the database, on the path line', () => {
      const manifest = deployment('/healthz');
      const run = runCheck({ ...base, 'deploy/api.yaml': manifest }, ID);
      expect(run.errors).toEqual([]);
      expect(locations(run)).toEqual([`deploy/api.yaml:${lineOf(manifest, 'path: /healthz')}`]);
      const [finding] = run.findings;
      expect(finding?.ruleId).toBe('pitfalls-project/liveness-probe-checks-dependencies');
      expect(finding?.severity).toBe('error');
      expect(finding?.column).toBe(21);
      expect(finding?.message).toContain('The liveness probe of Deployment `causality-api`, container `api` requests `/healthz`');
      expect(finding?.message).toContain(`src/app.ts:${lineOf(expressApp, "pool.query('SELECT 1')")} \`pool.query()\` checks Postgres`);
    });

    it('a StatefulSet in a multi-document file, probing a Fastify plugin route that pings NATS through a helper', () => {
      const manifest = `apiVersion: v1
kind: Service
metadata:
  name: sink
spec:
  ports:
    - port: 80
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: sink
spec:
  template:
    spec:
      containers:
        - name: sink
          image: causality/sink:2.0.0
          livenessProbe:
            httpGet: { path: /health, port: 9090 }
`;
      const routes = `import type { FastifyPluginAsync } from 'fastify';
import type { NatsConnection } from 'nats';

async function natsIsUp(nc: NatsConnection): Promise<boolean> {
  await nc.rtt();
  return true;
}

export const healthRoutes: FastifyPluginAsync<{ nc: NatsConnection }> = async (app, { nc }) => {
  app.get('/health', async () => ({ nats: await natsIsUp(nc) }));
};
`;
      const run = runCheck({ 'package.json': PACKAGE_JSON, 'tsconfig.json': STRICT_TSCONFIG, 'src/routes/health.ts': routes, 'k8s/sink.yml': manifest }, ID);
      expect(locations(run)).toEqual([`k8s/sink.yml:${lineOf(manifest, 'path: /health')}`]);
      expect(run.findings[0]?.message).toContain('StatefulSet `sink`, container `sink`');
      expect(run.findings[0]?.message).toContain('`natsIsUp()` checks NATS (through `nc.rtt()`)');
    });

    it('a Next.js route handler found by its file path, calling another service', () => {
      const route = `export async function GET(): Promise<Response> {
  const upstream = await fetch('http://billing.internal/health');
  return Response.json({ ok: upstream.ok });
}
`;
      const manifest = deployment('/api/health');
      const run = runCheck({ ...base, 'src/app/api/health/route.ts': route, 'deploy/web.yaml': manifest }, ID);
      expect(locations(run)).toEqual([`deploy/web.yaml:${lineOf(manifest, 'path: /api/health')}`]);
      expect(run.findings[0]?.message).toContain('src/app/api/health/route.ts:2');
    });
  });

  describe('does not report', () => {
    it('a liveness route that answers from memory, with the database check on readiness', () => {
      expect(runCheck({ ...base, 'deploy/api.yaml': deployment('/livez', '/readyz') }, ID).findings).toEqual([]);
    });

    it('a probe path no TypeScript route serves', () => {
      const run = runCheck({ ...base, 'deploy/api.yaml': deployment('/internal/alive') }, ID);
      expect(run.findings).toEqual([]);
      expect(run.errors).toEqual([]);
    });

    it('a route that checks dependencies only in a test file', () => {
      const testServer = expressApp.replace("'/livez'", "'/other'");
      const run = runCheck(
        { 'package.json': PACKAGE_JSON, 'tsconfig.json': STRICT_TSCONFIG, 'src/app.test.ts': testServer, 'deploy/api.yaml': deployment('/healthz') },
        ID,
      );
      expect(run.findings).toEqual([]);
    });

    it('Helm templates whose probe path is templated, and YAML that does not parse', () => {
      const helm = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "api.fullname" . }}
spec:
  template:
    spec:
      containers:
        - name: api
          livenessProbe:
            httpGet:
              path: {{ .Values.probes.liveness.path }}
              port: http
`;
      const broken = 'livenessProbe: [unclosed\n  httpGet: {\n';
      const run = runCheck({ ...base, 'charts/api/templates/deployment.yaml': helm, 'deploy/broken.yaml': broken }, ID);
      expect(run.findings).toEqual([]);
      expect(run.errors).toEqual([]);
    });

    it('a readiness probe on the route that checks the database', () => {
      const manifest = deployment('/livez', '/healthz');
      expect(runCheck({ ...base, 'deploy/api.yaml': manifest }, ID).findings).toEqual([]);
    });

    it('a dependency call deferred to a timer inside the liveness handler', () => {
      const app = `import express from 'express';
import { Redis } from 'ioredis';

const redis = new Redis();
export const app = express();
let cacheUp = true;

app.get('/healthz', (_req, res) => {
  setTimeout(() => {
    redis.ping().then(() => (cacheUp = true), () => (cacheUp = false));
  }, 0);
  res.json({ status: 'ok', cacheUp });
});
`;
      expect(runCheck({ 'package.json': PACKAGE_JSON, 'tsconfig.json': STRICT_TSCONFIG, 'src/app.ts': app, 'deploy/api.yaml': deployment('/healthz') }, ID).findings).toEqual([]);
    });
  });
});
