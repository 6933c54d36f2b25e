'use strict';
// hello-service: the smallest service that meets secure-fargate's container contract
// (examples/hello-service/README.md). Node's standard library only: no npm install, so the
// image is the base image plus this one file.
//
// Environment (all optional):
//   PORT           container port, 3000-4000 (the only ports the ALB may reach). Default 3000.
//   HOST           listen address. Default 0.0.0.0 (the ALB reaches the task's own IP).
//   SERVICE_NAME   name reported in responses and logs. Default "hello-service".
//   ROUTE          the service's routes, comma-separated, e.g. "/auth" or "/auth,/login".
//                  Unset: every path is answered.
//   INJECTED_VARS  comma-separated names of the variables the platform injects from Secrets
//                  Manager (the service's `secrets`), e.g. "MONGODB_URI". Responses say which
//                  are set, never their values. (Not "SECRET_NAMES": the platform rejects
//                  secret-looking names in `environment`.)
//   HEALTH_PATH    the service's healthCheckPath. Default /health.
//   TMPDIR         the writable directory. Default /tmp, the task's one writable path.

const http = require('node:http');
const fs = require('node:fs');
const path = require('node:path');

const PORT_MIN = 3000;
const PORT_MAX = 4000;
// ECS sends SIGTERM, then SIGKILL after the stop timeout (30 s by default). Finish in-flight
// requests for at most this long, then exit on our own terms.
const SHUTDOWN_GRACE_MS = 20_000;
// The ALB keeps idle connections to targets open for 60 s (its default idle timeout). The
// target must keep them longer, or the ALB can reuse a socket the server just closed: a 502.
const KEEP_ALIVE_MS = 65_000;

const env = process.env;

/** One JSON line on stdout (CloudWatch Logs through awslogs). Never pass secret values here. */
function log(level, msg, fields = {}) {
  process.stdout.write(JSON.stringify({ time: new Date().toISOString(), level, msg, service: serviceName, ...fields }) + '\n');
}

/** Start-up failures: a plain sentence on stderr, exit code 1. ECS shows the task as stopped with exit code 1; the reason is in the log stream. */
function die(message) {
  process.stderr.write(`hello-service: ${message}\n`);
  process.exit(1);
}

const serviceName = env.SERVICE_NAME || 'hello-service';

function parsePort(raw) {
  if (raw === undefined || raw === '') return PORT_MIN;
  const port = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(port) || port < PORT_MIN || port > PORT_MAX) {
    die(`PORT must be a whole number from ${PORT_MIN} to ${PORT_MAX} (the only container ports the platform's ALB may reach); got "${raw}". Set the service's "port" and PORT to the same value.`);
  }
  return port;
}

function parseRoutes(raw) {
  if (raw === undefined || raw.trim() === '') return [];
  const routes = raw.split(',').map((r) => r.trim()).filter(Boolean);
  for (const r of routes) {
    // The platform's own rule for a route (environments/schema.ts).
    if (!/^(\/[A-Za-z0-9._~-]+)+$/.test(r)) die(`ROUTE entry "${r}" must look like "/name" or "/a/b" (no trailing "/", no wildcard), as in the service's "routes".`);
  }
  return routes;
}

function parseNames(raw) {
  if (raw === undefined) return [];
  return raw.split(',').map((n) => n.trim()).filter(Boolean);
}

const port = parsePort(env.PORT);
const host = env.HOST || '0.0.0.0';
const routes = parseRoutes(env.ROUTE);
const healthPath = env.HEALTH_PATH || '/health';
const injectedVars = parseNames(env.INJECTED_VARS);
const tmpDir = env.TMPDIR || '/tmp';

// Prove the one writable path is writable before taking traffic. With a read-only root, a
// /tmp that is not prepared for the container's uid fails here, once, with a sentence that
// says what to fix, instead of at the first request that needs a temp file.
const markerFile = path.join(tmpDir, `hello-service-${process.pid}.txt`);
try {
  fs.writeFileSync(markerFile, `started ${new Date().toISOString()}\n`, { flag: 'w', mode: 0o600 });
} catch (err) {
  const uid = typeof process.getuid === 'function' ? process.getuid() : '?';
  die(
    `cannot write to the temp directory ${tmpDir} as uid ${uid} (${err.code || err.message}). ` +
      'The root filesystem is read-only and /tmp is the one writable path: the image must prepare /tmp for the ' +
      'container user (RUN mkdir -p /tmp && chown 1000:1000 /tmp && chmod 1777 /tmp, then VOLUME ["/tmp"]); ' +
      'locally, run with --tmpfs /tmp:uid=1000,gid=1000. See examples/hello-service/README.md.',
  );
}

/**
 * Where `route` sits in `pathname`, segment-aligned: `/test/auth/login` with route `/auth`
 * gives prefix `/test`. The ALB forwards the path unchanged, so the environment's prefix
 * (`/test`, `/stage`, none in prod) arrives in front of the route. Null: not this route.
 */
function matchRoute(pathname, route) {
  // A route starts with "/", so wherever it is found it begins a segment; it must also end one.
  for (let at = pathname.indexOf(route); at >= 0; at = pathname.indexOf(route, at + 1)) {
    const after = pathname.slice(at + route.length);
    if (after === '' || after.startsWith('/')) return pathname.slice(0, at);
  }
  return null;
}

function secretPresence() {
  const present = {};
  for (const name of injectedVars) present[name] = typeof env[name] === 'string' && env[name] !== '';
  return present;
}

function send(res, status, body, contentType) {
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

function handle(req, res) {
  // Only the path: a query string can carry tokens, so it is neither logged nor echoed.
  const pathname = (req.url || '/').split('?')[0];
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('allow', 'GET, HEAD');
    return send(res, 405, JSON.stringify({ error: 'method not allowed' }) + '\n', 'application/json');
  }
  if (!pathname.startsWith('/')) return send(res, 400, JSON.stringify({ error: 'bad request target' }) + '\n', 'application/json');
  // The ALB health check goes to the task directly, without the environment's prefix.
  if (pathname === healthPath) return send(res, 200, 'ok\n', 'text/plain; charset=utf-8');

  let route = null;
  let prefix = null;
  if (routes.length === 0) {
    route = '*';
  } else {
    for (const r of routes) {
      const p = matchRoute(pathname, r);
      if (p !== null && (prefix === null || p.length < prefix.length)) {
        route = r;
        prefix = p;
      }
    }
    if (route === null) return send(res, 404, JSON.stringify({ error: 'not found', path: pathname }) + '\n', 'application/json');
  }
  const body = { service: serviceName, path: pathname, route, prefix, secrets: secretPresence() };
  return send(res, 200, JSON.stringify(body) + '\n', 'application/json');
}

let stopping = false;

const server = http.createServer((req, res) => {
  const started = process.hrtime.bigint();
  res.on('finish', () => {
    log('info', 'request', {
      method: req.method,
      path: (req.url || '/').split('?')[0],
      status: res.statusCode,
      durationMs: Number((process.hrtime.bigint() - started) / 1000n) / 1000,
    });
  });
  // Once stopping, answer what is in flight and close its connection, so no keep-alive socket
  // holds the shutdown open until the grace period ends.
  if (stopping) res.setHeader('connection', 'close');
  try {
    handle(req, res);
  } catch (err) {
    log('error', 'handler failed', { error: err && err.message });
    if (!res.headersSent) send(res, 500, JSON.stringify({ error: 'internal error' }) + '\n', 'application/json');
  }
});
server.keepAliveTimeout = KEEP_ALIVE_MS;
server.headersTimeout = KEEP_ALIVE_MS + 1_000;

server.on('error', (err) => die(`cannot listen on ${host}:${port} (${err.code || err.message}).`));

server.listen(port, host, () => {
  log('info', 'listening', { host, port, routes: routes.length ? routes : ['*'], tmpDir, injectedVars: Object.keys(secretPresence()) });
});

function shutdown(signal) {
  if (stopping) return;
  stopping = true;
  log('info', 'stopping', { signal });
  // Stop accepting, let in-flight requests finish, drop idle keep-alive sockets now.
  server.close(() => {
    fs.rmSync(markerFile, { force: true });
    log('info', 'stopped', { signal });
    process.exit(0);
  });
  server.closeIdleConnections();
  setTimeout(() => {
    log('warn', 'requests still open after the grace period; closing them', { graceMs: SHUTDOWN_GRACE_MS });
    server.closeAllConnections();
  }, SHUTDOWN_GRACE_MS).unref();
}
// Node runs as PID 1 in the container (exec-form CMD), so it gets no default signal handling:
// without these handlers SIGTERM would be ignored until ECS sends SIGKILL 30 s later.
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
