import path from 'node:path';
import rule from '../../src/rules/no-auth-bypass-flag.js';
import { fixtureDir, typedRuleTester, untypedRuleTester } from '../rule-tester.js';

/** Untyped cases linted beside the fixture modules, so that relative imports reach real files on disk. */
const besideFixtures = path.join(fixtureDir, 'auth-flag-untyped.ts');

untypedRuleTester().run('no-auth-bypass-flag (untyped)', rule, {
  valid: [
    {
      name: 'the bypass condition itself requires NODE_ENV=development',
      code: `
import jwt from 'jsonwebtoken';

export function authenticate(req, res, next) {
  if (process.env.NODE_ENV === 'development' && process.env.DISABLE_AUTH === 'true') {
    return next();
  }
  const token = req.headers.authorization?.slice('Bearer '.length);
  if (!token) return res.status(401).json({ error: 'unauthenticated' });
  req.user = jwt.verify(token, process.env.JWT_SECRET);
  next();
}
`,
    },
    {
      name: 'the flag is defined through a variable holding the production test',
      code: `
import express from 'express';
import { authenticate } from './middleware/authenticate';

const isProd = process.env.NODE_ENV === 'production';
const disableAuth = !isProd && process.env.DISABLE_AUTH === 'true';

const app = express();
if (!disableAuth) app.use(authenticate);
`,
    },
    {
      name: 'a startup guard in the same file throws when the flag is set in production',
      code: `
import express from 'express';
import { requireAuth } from './auth';

const config = {
  port: Number(process.env.PORT ?? 3000),
  disableAuth: process.env.DISABLE_AUTH === 'true',
};

if (config.disableAuth && process.env.NODE_ENV === 'production') {
  throw new Error('DISABLE_AUTH must not be set in production');
}

const app = express();
if (!config.disableAuth) app.use(requireAuth);
app.listen(config.port);
`,
    },
    {
      name: 'a nested startup guard exits the process in production',
      code: `
import Fastify from 'fastify';

const app = Fastify();

if (process.env.NODE_ENV === 'production') {
  if (process.env.SKIP_AUTH) {
    console.error('SKIP_AUTH is set in production, refusing to start');
    process.exit(1);
  }
}

app.addHook('onRequest', async (request, reply) => {
  if (process.env.SKIP_AUTH) return;
  await request.jwtVerify();
});
`,
    },
    {
      name: 'NODE_ENV development-or-test conjunction',
      code: `
import { verifySession } from './session';

export async function requireSession(ctx, next) {
  const devOrTest = process.env.NODE_ENV === 'development' || process.env.NODE_ENV === 'test';
  if ((process.env.NODE_ENV === 'development' || process.env.NODE_ENV === 'test') && process.env.BYPASS_AUTH) {
    ctx.state.user = { id: 'dev' };
    return next();
  }
  if (devOrTest && process.env.AUTH_BYPASS) return next();
  ctx.state.user = await verifySession(ctx.cookies.get('sid'));
  await next();
}
`,
    },
    {
      name: 'the flag definition turns it off in production with a ternary or an includes() test',
      code: `
import express from 'express';
import { checkJwt } from './auth';

const isProduction = process.env.NODE_ENV === 'production';
const skipAuth = isProduction ? false : process.env.SKIP_AUTH === '1';
const noAuth = ['development', 'test'].includes(process.env.NODE_ENV) && process.env.NO_AUTH === '1';

const router = express.Router();
router.use(skipAuth ? (req, res, next) => next() : checkJwt);
if (!noAuth) router.use(checkJwt);
`,
    },
    {
      name: 'auth is registered when the flag is unset or in production',
      code: `
import express from 'express';
import { authenticate } from './authenticate';

const isProd = process.env.NODE_ENV === 'production';
const app = express();
if (!process.env.DISABLE_AUTH || isProd) app.use(authenticate);
`,
    },
    {
      name: 'a zod schema refinement rejects the flag in production',
      code: `
import { z } from 'zod';
import { verifyToken } from './tokens';

const env = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']),
    DISABLE_AUTH: z.enum(['true', 'false']).default('false'),
  })
  .refine((values) => !(values.DISABLE_AUTH === 'true' && values.NODE_ENV === 'production'))
  .parse(process.env);

export function authenticate(req, res, next) {
  if (env.DISABLE_AUTH === 'true') return next();
  req.user = verifyToken(req.headers.authorization);
  next();
}
`,
    },
    {
      name: 'flags about authors, not authentication',
      code: `
import express from 'express';
import { authenticate } from './authenticate';

const app = express();
if (!process.env.SKIP_AUTHOR_LINKS) app.use(authenticate);

export function renderPost(post) {
  if (process.env.DISABLE_AUTHOR_EMAILS === 'true') return { ...post, author: { name: post.author.name } };
  return post;
}
`,
    },
    {
      name: 'AUTH_DISABLED used only for a warning and for display',
      code: `
import express from 'express';
import pino from 'pino';
import { authenticate } from './authenticate';

const logger = pino();
const app = express();
const authDisabled = process.env.AUTH_DISABLED === 'true';

if (authDisabled) logger.warn('authentication is disabled');
app.use(authenticate);
app.get('/api/status', (req, res) => {
  res.json({ auth: authDisabled ? 'off' : 'on', banner: authDisabled && 'Authentication is disabled' });
});
`,
    },
    {
      name: 'INSECURE flags that configure TLS, not authentication',
      code: `
import https from 'node:https';
import axios from 'axios';

const agent = process.env.INSECURE ? new https.Agent({ rejectUnauthorized: false }) : undefined;
export const billing = axios.create({ baseURL: process.env.BILLING_URL, httpsAgent: agent });

if (process.env.ALLOW_INSECURE_TLS === 'true') {
  process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
}

export function createServer(app, credentials) {
  if (process.env.INSECURE) return https.createServer(app);
  return https.createServer(credentials, app);
}
`,
    },
    {
      name: 'per-call and per-route options are not environment flags',
      code: `
import { checkAuth } from './auth';

export async function parseRequest(request, options) {
  let auth;
  if (!options?.skipAuth) {
    auth = await checkAuth(request);
    if (!auth) return { error: new Response('Unauthorized', { status: 401 }) };
  }
  return { auth };
}

export async function authHook(request, reply) {
  if (request.routeOptions.config.skipAuth) return;
  await request.jwtVerify();
}

export async function onRequest(request) {
  const skipAuth = request.routeOptions?.config?.skipAuth;
  if (skipAuth) return;
  await request.jwtVerify();
}
`,
    },
    {
      name: 'a route allowlist named SKIP_AUTH_PATHS is not a switch',
      code: `
import { verifyToken } from './tokens';

const SKIP_AUTH_PATHS = ['/health', '/metrics', '/login'];

export function authenticate(req, res, next) {
  if (SKIP_AUTH_PATHS.includes(req.path)) return next();
  req.user = verifyToken(req.headers.authorization);
  next();
}
`,
    },
    {
      name: 'a constant is not a switch anyone can flip',
      code: `
import { verifyToken } from './tokens';

const DISABLE_AUTH = false;

export function authenticate(req, res, next) {
  if (DISABLE_AUTH) return next();
  req.user = verifyToken(req.headers.authorization);
  next();
}
`,
    },
    {
      name: 'a parameter comes from the caller (followed by no rule: documented false negative)',
      code: `
import express from 'express';
import { authenticate } from './authenticate';

export function buildApp({ disableAuth }) {
  const app = express();
  if (!disableAuth) app.use(authenticate);
  return app;
}
`,
    },
    {
      name: 'test files are ignored by default',
      filename: 'src/routes/users.test.ts',
      code: `
import { authenticate } from '../middleware/authenticate';

export function testAuth(req, res, next) {
  if (process.env.DISABLE_AUTH === 'true') return next();
  return authenticate(req, res, next);
}
`,
    },
    {
      name: 'a client-side route guard only hides screens (JSX)',
      filename: 'src/components/RequireAuth.tsx',
      code: `
import { Navigate } from './navigate';
import { useAuth } from './use-auth';

export function RequireAuth({ children }) {
  const { user } = useAuth();
  if (import.meta.env.VITE_DISABLE_AUTH === 'true') return children;
  if (!user) return <Navigate to="/login" />;
  return children;
}
`,
    },
    {
      name: 'an Angular route guard runs in the browser',
      code: `
import { Injectable } from '@angular/core';
import { Router } from '@angular/router';
import { environment } from '../environments/environment';
import { AuthService } from './auth.service';

@Injectable({ providedIn: 'root' })
export class AuthGuard {
  constructor(private auth: AuthService, private router: Router) {}

  canActivate(): boolean {
    if (environment.disableAuth) return true;
    if (this.auth.isLoggedIn()) return true;
    this.router.navigate(['/login']);
    return false;
  }
}
`,
    },
    {
      name: 'a warning that checks other settings and the flag is no bypass',
      code: `
if (!process.env.JWT_SECRET && process.env.NODE_ENV !== 'production' && process.env.DISABLE_AUTH !== 'true') {
  console.warn('JWT_SECRET is not set: sessions are signed with a development key');
}
`,
    },
    {
      name: 'the flag only skips rate limiting, auth still runs',
      code: `
import express from 'express';
import rateLimit from 'express-rate-limit';
import { authenticate } from './authenticate';

const app = express();
app.use(rateLimit({ windowMs: 60_000, max: 100, skip: () => process.env.DISABLE_AUTH === 'true' }));
if (process.env.DISABLE_AUTH === 'true') {
  console.warn('DISABLE_AUTH is set');
}
app.use(authenticate);
`,
    },
    {
      name: 'a helper that returns false in production before reading the flag',
      code: `
import { getServerSession } from 'next-auth';

function shouldSkipAuth(): boolean {
  if (process.env.NODE_ENV === 'production') return false;
  return process.env.SKIP_AUTH === '1';
}

export async function requireSession() {
  if (shouldSkipAuth()) return { user: { id: 'dev' } };
  const session = await getServerSession();
  if (!session) return { error: Response.json({ error: 'Unauthorized' }, { status: 401 }) };
  return { user: session.user };
}
`,
    },
    {
      name: 'an axios interceptor skips attaching the token for public calls',
      code: `
import axios from 'axios';
import { getAccessToken } from './token-store';

export const api = axios.create({ baseURL: process.env.API_URL });

api.interceptors.request.use(async (config) => {
  if (config.skipAuth) return config;
  const token = await getAccessToken();
  config.headers.Authorization = \`Bearer \${token}\`;
  return config;
});

export async function callPartner(config, body) {
  const headers = config.disableAuth ? {} : { Authorization: \`Bearer \${await getAccessToken()}\` };
  return fetch(config.partnerUrl, { method: 'POST', headers, body: JSON.stringify(body) });
}
`,
    },
    {
      name: 'a Playwright helper navigating to the login page checks nobody',
      filename: 'playwright/fixtures.ts',
      code: `
import { test as base } from '@playwright/test';

export const test = base.extend({
  authenticatedPage: async ({ page }, use) => {
    if (process.env.SKIP_AUTH === 'true') {
      await page.goto('/dashboard');
    } else {
      await page.goto('/auth/signin');
      await page.fill('#email', 'e2e@example.com');
      await page.click('button[type=submit]');
    }
    await use(page);
  },
});
`,
    },
    {
      name: 'without types, the config module named by the parameter type refuses the flag at startup',
      filename: besideFixtures,
      code: `
import type { onRequestHookHandler } from 'fastify';
import type { GuardedAuthConfig } from './auth-flag-config-guarded.js';
import { SKIP_AUTH } from './auth-flag-env.js';

declare function verifyToken(token: string, secret: string): { sub: string } | null;

export function requireUser(config: Pick<GuardedAuthConfig, 'disableAuth' | 'tokenSecret'>): onRequestHookHandler {
  return (request, reply, done) => {
    if (config.disableAuth || SKIP_AUTH) {
      done();
      return;
    }
    const claims = verifyToken(request.headers.authorization ?? '', config.tokenSecret);
    if (!claims) return void reply.code(401).send();
    done();
  };
}
`,
    },
    {
      name: 'a NestJS @SkipAuth() route marker read through the Reflector is per route, not an environment flag',
      code: `
import { ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { IS_SKIP_AUTH } from '@/common/decorators/skip-auth';

export const SKIP_AUTH = 'skipAuth';
export const SkipAuth = () => SetMetadata(SKIP_AUTH, true);

@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  canActivate(context: ExecutionContext) {
    if (this.reflector.getAllAndOverride<boolean>(IS_SKIP_AUTH, [context.getHandler(), context.getClass()])) return true;
    const skipAuth = this.reflector.get<boolean>(SKIP_AUTH, context.getHandler());
    if (skipAuth) return true;
    return super.canActivate(context);
  }
}
`,
    },
    {
      name: 'odd code does not crash: computed members, optional chains, any, a bare flag read',
      code: `
const key = 'DISABLE_AUTH';
declare const anything: any;
if (process.env[key]) anything.use(anything[key]);
if (anything?.config?.['SKIP_AUTH']?.()) {}
const flag = process.env.NO_AUTH;
process.env.NO_AUTH && flag;
export default (process.env.SKIP_AUTH ? 1 : 2);
`,
    },
  ],
  invalid: [
    {
      name: 'Express middleware returns next() before verifying the token',
      code: `
import jwt from 'jsonwebtoken';

export function authenticate(req, res, next) {
  if (process.env.DISABLE_AUTH === 'true') {
    return next();
  }
  const token = req.headers.authorization?.slice('Bearer '.length);
  if (!token) return res.status(401).json({ error: 'unauthenticated' });
  req.user = jwt.verify(token, process.env.JWT_SECRET);
  next();
}
`,
      errors: [
        {
          messageId: 'authBypassFlag',
          line: 5,
          column: 7,
          endLine: 5,
          endColumn: 42,
          data: { flag: 'process.env.DISABLE_AUTH', skipped: 'it skips `res.status(401)`' },
        },
      ],
    },
    {
      name: 'Express app registers the auth middleware only when SKIP_AUTH is unset',
      code: `
import express from 'express';
import { authenticate } from './middleware/authenticate';

const app = express();
app.use(express.json());
if (!process.env.SKIP_AUTH) app.use(authenticate);
`,
      errors: [{ messageId: 'authBypassFlag', line: 7, column: 5, endColumn: 27, data: { flag: 'process.env.SKIP_AUTH', skipped: 'it skips `authenticate`' } }],
    },
    {
      name: 'destructured flag attaches a stand-in user',
      code: `
import express from 'express';
import { verifySession } from './session';

const { DISABLE_AUTH } = process.env;
const app = express();

app.use(async (req, res, next) => {
  if (DISABLE_AUTH) {
    req.user = { id: 'dev', email: 'dev@localhost', role: 'admin' };
    return next();
  }
  req.user = await verifySession(req.cookies.sid);
  next();
});
`,
      errors: [{ messageId: 'authBypassFlag', line: 9, column: 7, endColumn: 19, data: { flag: 'DISABLE_AUTH', skipped: 'it sets a stand-in `req.user`' } }],
    },
    {
      name: 'ternary picks a pass-through instead of the JWT middleware',
      code: `
import { auth } from 'express-oauth2-jwt-bearer';

export const requireAuth =
  process.env.NO_AUTH === '1'
    ? (req, res, next) => next()
    : auth({ issuerBaseURL: process.env.ISSUER, audience: process.env.AUDIENCE });
`,
      errors: [{ messageId: 'authBypassFlag', line: 5, column: 3, endColumn: 30, data: { flag: 'process.env.NO_AUTH', skipped: 'it skips `auth(…)`' } }],
    },
    {
      name: 'an OR with a development check is no guard: the flag alone still bypasses',
      code: `
import jwt from 'express-jwt';

let middleware;
if (process.env.NODE_ENV === 'development' || process.env.BYPASS_AUTH === 'yes') {
  middleware = (req, res, next) => next();
} else {
  middleware = jwt({ secret: process.env.AUTH0_SECRET, algorithms: ['HS256'] });
}
export default middleware;
`,
      errors: [{ messageId: 'authBypassFlag', line: 5, column: 5, endColumn: 80, data: { flag: 'process.env.BYPASS_AUTH', skipped: 'it skips `jwt(…)`' } }],
    },
    {
      name: 'Fastify onRequest hook reads a nested config switch',
      code: `
import Fastify from 'fastify';
import { config } from './config';

const app = Fastify();
app.addHook('onRequest', async (request, reply) => {
  if (config.auth.disabled) return;
  await request.jwtVerify();
});
`,
      errors: [{ messageId: 'authBypassFlag', line: 7, column: 7, endColumn: 27, data: { flag: 'config.auth.disabled', skipped: 'it skips `request.jwtVerify(…)`' } }],
    },
    {
      name: 'NestJS guard lets every request through when ConfigService says so',
      code: `
import { ExecutionContext, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { AuthGuard } from '@nestjs/passport';

@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(private readonly configService: ConfigService) {
    super();
  }

  canActivate(context: ExecutionContext) {
    if (this.configService.get<string>('DISABLE_AUTH') === 'true') {
      return true;
    }
    return super.canActivate(context);
  }
}
`,
      errors: [{ messageId: 'authBypassFlag', line: 13, column: 9, endColumn: 66, data: { flag: 'DISABLE_AUTH', skipped: 'it returns early from `canActivate`' } }],
    },
    {
      name: 'Next.js middleware skips the auth middleware',
      code: `
import { NextResponse, type NextRequest } from 'next/server';
import { auth } from './auth';

export default function middleware(req: NextRequest) {
  if (process.env.DISABLE_AUTH === 'true') {
    return NextResponse.next();
  }
  return auth(req);
}
`,
      errors: [{ messageId: 'authBypassFlag', line: 6, column: 7, endColumn: 42, data: { flag: 'process.env.DISABLE_AUTH', skipped: 'it skips `auth(…)`' } }],
    },
    {
      name: 'short-circuit OR in a Koa API-key check',
      code: `
import { verifyApiKey } from './api-keys';

export async function apiKeyGuard(ctx, next) {
  const allowed = process.env.BYPASS_AUTH === 'true' || (await verifyApiKey(ctx.get('x-api-key')));
  if (!allowed) ctx.throw(401);
  await next();
}
`,
      errors: [{ messageId: 'authBypassFlag', line: 5, column: 19, endColumn: 53, data: { flag: 'process.env.BYPASS_AUTH', skipped: 'it skips `verifyApiKey(…)`' } }],
    },
    {
      name: 'a local helper that ORs the flag with any non-production environment',
      code: `
import { getSessionUser } from './session';

function authDisabled() {
  return process.env.DISABLE_AUTH === 'true' || process.env.NODE_ENV !== 'production';
}

export async function createContext({ req }) {
  const ctx = { req, user: null };
  if (authDisabled()) {
    ctx.user = { id: 'guest', name: 'Guest' };
    return ctx;
  }
  ctx.user = await getSessionUser(req);
  return ctx;
}
`,
      errors: [{ messageId: 'authBypassFlag', line: 10, column: 7, endColumn: 21, data: { flag: 'authDisabled()', skipped: 'it sets a stand-in `ctx.user`' } }],
    },
    {
      name: 'INSECURE skips the client-certificate check',
      code: `
export function requireClientCert(req, res, next) {
  if (process.env.INSECURE) return next();
  if (!req.socket.authorized) return res.status(401).send('client certificate required');
  next();
}
`,
      errors: [{ messageId: 'authBypassFlag', line: 3, column: 7, endColumn: 27, data: { flag: 'process.env.INSECURE', skipped: 'it skips `res.status(401)`' } }],
    },
    {
      name: 'a dev bypass nested in the no-session branch of a route helper',
      code: `
import { getServerSession } from 'next-auth';
import { authOptions } from './auth-options';

export async function requireWorkspace() {
  const session = await getServerSession(authOptions);
  if (!session?.user) {
    if (process.env.DISABLE_AUTH === '1') {
      return { userId: 'dev-admin', role: 'admin' };
    }
    return { error: Response.json({ error: 'Unauthorized' }, { status: 401 }) };
  }
  return { userId: session.user.id, role: 'member' };
}
`,
      errors: [{ messageId: 'authBypassFlag', line: 8, column: 9, endColumn: 41, data: { flag: 'process.env.DISABLE_AUTH', skipped: 'it skips `Response.json(…)`' } }],
    },
    {
      name: 'a production check that only warns does not refuse the flag',
      code: `
import express from 'express';
import pino from 'pino';
import { authenticate } from './authenticate';

const logger = pino();
const config = { disableAuth: process.env.DISABLE_AUTH === 'true' };
if (config.disableAuth && process.env.NODE_ENV === 'production') {
  logger.warn('DISABLE_AUTH is set in production');
}

const app = express();
if (!config.disableAuth) app.use(authenticate);
`,
      errors: [{ messageId: 'authBypassFlag', line: 13, column: 5, endColumn: 24, data: { flag: 'config.disableAuth', skipped: 'it skips `authenticate`' } }],
    },
    {
      name: 'flags imported from config and env modules',
      code: `
import { DEV_NO_AUTH } from './env';
import { authDisabled } from './config';
import { requireUser } from './auth';

export function userHook(request, reply, done) {
  if (authDisabled) {
    request.user = { id: 'dev' };
    return done();
  }
  return requireUser(request, reply, done);
}

export function registerAuth(app) {
  if (DEV_NO_AUTH) return;
  app.addHook('onRequest', requireUser);
}
`,
      errors: [
        { messageId: 'authBypassFlag', line: 7, column: 7, endColumn: 19, data: { flag: 'authDisabled', skipped: 'it sets a stand-in `request.user`' } },
        { messageId: 'authBypassFlag', line: 15, column: 7, endColumn: 18, data: { flag: 'DEV_NO_AUTH', skipped: 'it skips `requireUser`' } },
      ],
    },
    {
      name: 'an Express auth middleware named requireAuth returns early with no visible check after it',
      code: `
import { sessions } from './sessions';

export const requireAuth = (req, res, next) => {
  if (process.env.SKIP_AUTH_CHECK === 'true') return next();
  sessions.touch(req);
  next();
};
`,
      errors: [{ messageId: 'authBypassFlag', line: 5, column: 7, endColumn: 45, data: { flag: 'process.env.SKIP_AUTH_CHECK', skipped: 'it returns early from `requireAuth`' } }],
    },
    {
      name: 'the flag is set when it is not "false"',
      code: `
import express from 'express';
import passport from 'passport';

const app = express();
if (process.env.AUTH_DISABLED !== 'false') {
  console.warn('auth is off');
} else {
  app.use(passport.authenticate('jwt', { session: false }));
}
`,
      errors: [{ messageId: 'authBypassFlag', line: 6, column: 5, endColumn: 42, data: { flag: 'process.env.AUTH_DISABLED', skipped: 'it skips `passport.authenticate(…)`' } }],
    },
    {
      name: 'without types, the config module named by the parameter type is read: no guard there',
      filename: besideFixtures,
      code: `
import type { onRequestHookHandler } from 'fastify';
import type { AuthFlagConfig } from './auth-flag-config.js';

declare function verifyToken(token: string, secret: string): { sub: string } | null;

export function requireUser(config: AuthFlagConfig): onRequestHookHandler {
  return (request, reply, done) => {
    if (config.disableAuth) {
      done();
      return;
    }
    const claims = verifyToken(request.headers.authorization ?? '', config.tokenSecret);
    if (!claims) return void reply.code(401).send();
    done();
  };
}
`,
      errors: [{ messageId: 'authBypassFlag', line: 9, column: 9, endColumn: 27, data: { flag: 'config.disableAuth', skipped: 'it skips `verifyToken(…)`' } }],
    },
    {
      name: 'two flags in one condition: the guarded one does not cover the other',
      filename: besideFixtures,
      code: `
import type { GuardedAuthConfig } from './auth-flag-config-guarded.js';
import { requireUser } from './auth';

export function registerAuth(app, config: GuardedAuthConfig) {
  if (config.disableAuth || process.env.NO_AUTH === 'true') return;
  app.addHook('onRequest', requireUser(config));
}
`,
      errors: [{ messageId: 'authBypassFlag', line: 6, column: 7, endColumn: 59, data: { flag: 'process.env.NO_AUTH', skipped: 'it skips `requireUser(…)`' } }],
    },
  ],
});

typedRuleTester().run('no-auth-bypass-flag (typed)', rule, {
  valid: [
    {
      name: 'the config module the flag is declared in refuses it in production',
      code: `
import type { onRequestHookHandler } from 'fastify';
import type { GuardedAuthConfig } from './auth-flag-config-guarded.js';

declare function verifyToken(token: string, secret: string): { sub: string } | null;

export function requireUser(config: GuardedAuthConfig): onRequestHookHandler {
  return (request, reply, done) => {
    if (config.disableAuth) {
      done();
      return;
    }
    const header = request.headers.authorization;
    const claims = header ? verifyToken(header.slice('Bearer '.length), config.tokenSecret) : null;
    if (!claims) {
      void reply.code(401).send({ error: 'invalid_token' });
      return;
    }
    done();
  };
}
`,
    },
    {
      name: 'the imported flag is defined with the production test',
      code: `
import express from 'express';
import { SKIP_AUTH } from './auth-flag-env.js';

declare const authenticate: express.RequestHandler;

const app = express();
if (!SKIP_AUTH) app.use(authenticate);
`,
    },
    {
      name: 'the zod env module refines the flag away in production',
      code: `
import type { NextFunction, Request, Response } from 'express';
import { env } from './auth-flag-env.js';

declare function verifyToken(header: string | undefined): { sub: string };

export function authenticate(req: Request, res: Response, next: NextFunction) {
  if (env.BYPASS_AUTH === 'true') return next();
  res.locals['user'] = verifyToken(req.headers.authorization);
  next();
}
`,
    },
    {
      name: 'a property initialised to a constant is no switch',
      code: `
import express from 'express';

declare const authenticate: express.RequestHandler;
const settings = { skipAuth: false, port: 3000 };

const app = express();
if (!settings.skipAuth) app.use(authenticate);
`,
    },
    {
      name: 'a typed per-call option and a typed parameter',
      code: `
import express from 'express';

declare function checkAuth(request: Request): Promise<{ userId: string } | null>;
declare const authenticate: express.RequestHandler;

export async function parseRequest(request: Request, options?: { skipAuth?: boolean }) {
  if (!options?.skipAuth) {
    const auth = await checkAuth(request);
    if (!auth) return new Response('Unauthorized', { status: 401 });
  }
  return null;
}

export function buildApp(disableAuth: boolean) {
  const app = express();
  if (!disableAuth) app.use(authenticate);
  return app;
}
`,
    },
  ],
  invalid: [
    {
      name: 'a Fastify hook factory skips the token check when the config module reads DISABLE_AUTH (seed 001)',
      code: `
import type { onRequestHookHandler } from 'fastify';
import type { AuthFlagConfig } from './auth-flag-config.js';

declare function verifyToken(token: string, secret: string): { sub: string } | null;

export function requireUser(config: AuthFlagConfig): onRequestHookHandler {
  return (request, reply, done) => {
    if (config.disableAuth) {
      done();
      return;
    }
    const header = request.headers.authorization;
    const claims = header ? verifyToken(header.slice('Bearer '.length), config.tokenSecret) : null;
    if (!claims) {
      void reply.code(401).send({ error: 'invalid_token' });
      return;
    }
    done();
  };
}
`,
      errors: [{ messageId: 'authBypassFlag', line: 9, column: 9, endColumn: 27, data: { flag: 'config.disableAuth', skipped: 'it skips `verifyToken(…)`' } }],
    },
    {
      name: 'flags imported from an unguarded config module: a constant and a zod-parsed env',
      code: `
import express from 'express';
import { appEnv, authDisabled } from './auth-flag-config.js';

declare const authenticate: express.RequestHandler;

const app = express();
if (!authDisabled) app.use(authenticate);
app.use(appEnv.NO_AUTH === 'true' ? express.static('public') : authenticate);
`,
      errors: [
        { messageId: 'authBypassFlag', line: 8, column: 5, endColumn: 18, data: { flag: 'authDisabled', skipped: 'it skips `authenticate`' } },
        { messageId: 'authBypassFlag', line: 9, column: 9, endColumn: 34, data: { flag: 'appEnv.NO_AUTH', skipped: 'it skips `authenticate`' } },
      ],
    },
    {
      name: 'a NestJS CanActivate guard returns true when SKIP_AUTH is set',
      code: `
import { Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';

declare function verifyBearer(header: string | undefined): Promise<{ sub: string } | null>;

@Injectable()
export class BearerGuard implements CanActivate {
  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (process.env['SKIP_AUTH'] === 'true') return true;
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined> }>();
    const claims = await verifyBearer(request.headers['authorization']);
    if (!claims) throw new UnauthorizedException();
    return true;
  }
}
`,
      errors: [{ messageId: 'authBypassFlag', line: 9, column: 9, endColumn: 44, data: { flag: "process.env['SKIP_AUTH']", skipped: 'it skips `verifyBearer(…)`' } }],
    },
  ],
});
