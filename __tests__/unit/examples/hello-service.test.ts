/**
 * examples/hello-service: the example image's server, started as a child process under the
 * platform's rules (loopback only, a port in 3000-4000, uid 1000 when the tests run as root,
 * a temp dir standing in for /tmp), plus static checks of its Dockerfile and README.
 */
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { ConfigError, EnvironmentInput, loadConfig } from '../../../environments';
import { EXAMPLE as EXAMPLE_CONFIG, readConfigFile } from '../../helpers/config-file';

const EXAMPLE = path.join(__dirname, '..', '..', '..', 'examples', 'hello-service');
const SERVER = path.join(EXAMPLE, 'server.js');
const STARTUP_MS = 5_000;

// Secret values the server is given and must never print.
const SECRETS = { MONGODB_URI: 'mongodb://app:s3cr3t-mongo-pw@db.internal:27017/app', JWT_SIGNING_KEY: 'jwt-signing-value-7f3a91' };

// The platform runs the container as 1000:1000. When the tests run as root, so does the server.
const AS_ROOT = typeof process.getuid === 'function' && process.getuid() === 0;
const APP_UID = 1000;
const APP_GID = 1000;

const children = new Set<ChildProcess>();
const dirs: string[] = [];

/** A temp dir prepared the way the Dockerfile prepares /tmp (owned by the app user, 1777). */
function preparedTmp(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hello-tmp-'));
  dirs.push(dir);
  if (AS_ROOT) fs.chownSync(dir, APP_UID, APP_GID);
  fs.chmodSync(dir, 0o1777);
  return dir;
}

/** A temp dir as Fargate's bind mount starts when the image does not prepare it: root-owned, 0755. */
function unpreparedTmp(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hello-tmp-'));
  dirs.push(dir);
  // As root the server runs as uid 1000, which cannot write to a root-owned 0755 dir; as
  // another user, a 0555 dir of one's own does the same.
  fs.chmodSync(dir, AS_ROOT ? 0o755 : 0o555);
  return dir;
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/** A free loopback port inside the contract's range (the server refuses any other). */
async function freePort(): Promise<number> {
  for (let i = 0; i < 50; i++) {
    const port = 3000 + Math.floor(Math.random() * 1001);
    if (await portIsFree(port)) return port;
  }
  throw new Error('no free port in 3000-4000 on 127.0.0.1');
}

interface Run {
  readonly child: ChildProcess;
  readonly port: number;
  stdout: string;
  stderr: string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Spawns server.js with a clean environment: only what the platform would give it, plus PATH. */
function spawnServer(env: Record<string, string>, port: number): Run {
  const child = spawn(process.execPath, [SERVER], {
    cwd: EXAMPLE,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(AS_ROOT ? { uid: APP_UID, gid: APP_GID } : {}),
  });
  children.add(child);
  const run: Run = {
    child,
    port,
    stdout: '',
    stderr: '',
    exited: new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal }))),
  };
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (run.stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (run.stderr += d));
  return run;
}

function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no result within ${ms} ms`)), ms)));
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** Starts the server and waits for its "listening" line (bounded). */
async function startServer(env: Record<string, string> = {}): Promise<Run> {
  const run = spawnServer({ TMPDIR: preparedTmp(), ...env }, await freePort());
  const listening = new Promise<void>((resolve, reject) => {
    const onData = () => {
      if (run.stdout.includes('"msg":"listening"')) resolve();
    };
    run.child.stdout!.on('data', onData);
    run.exited.then(({ code }) => reject(new Error(`server exited (${code}) before listening: ${run.stderr}`)));
  });
  await within(listening, STARTUP_MS, 'server start-up');
  return run;
}

/** Runs the server expecting it to refuse to start; returns its exit code and output. */
async function startFailing(env: Record<string, string>) {
  const run = spawnServer({ TMPDIR: preparedTmp(), ...env }, await freePort());
  const { code } = await within(run.exited, STARTUP_MS, 'server exit');
  return { code, stderr: run.stderr, stdout: run.stdout };
}

interface Reply {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

function get(port: number, urlPath: string, agent?: http.Agent): Promise<Reply> {
  return within(
    new Promise<Reply>((resolve, reject) => {
      const req = http.get({ host: '127.0.0.1', port, path: urlPath, agent }, (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      });
      req.on('error', reject);
    }),
    STARTUP_MS,
    `GET ${urlPath}`,
  );
}

const logLines = (run: Run) => run.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
const requestLines = (run: Run) => logLines(run).filter((l) => l.msg === 'request');

/** The server logs a request after answering it, and the pipe is asynchronous: wait (bounded) until every path in `paths` has a request line. */
async function waitForRequestLines(run: Run, paths: string[]): Promise<Record<string, unknown>[]> {
  const logged = () => paths.every((p) => requestLines(run).some((l) => l.path === p));
  const deadline = Date.now() + STARTUP_MS;
  while (!logged() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  expect(paths.filter((p) => !requestLines(run).some((l) => l.path === p))).toEqual([]);
  return requestLines(run);
}

afterAll(async () => {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  for (const dir of dirs) {
    fs.chmodSync(dir, 0o700);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

describe('hello-service serves the contract', () => {
  let run: Run;
  beforeAll(async () => {
    run = await startServer({
      SERVICE_NAME: 'auth',
      ROUTE: '/auth',
      INJECTED_VARS: 'MONGODB_URI,JWT_SIGNING_KEY,STRIPE_API_KEY',
      ...SECRETS,
    });
  });

  it('answers GET /health with 200 ok, without any route prefix', async () => {
    const r = await get(run.port, '/health');
    expect(r.status).toBe(200);
    expect(r.body.trim()).toBe('ok');
  });

  it('answers its route under an environment prefix and reports the prefix', async () => {
    const r = await get(run.port, '/test/auth/x');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(r.body)).toMatchObject({ service: 'auth', path: '/test/auth/x', route: '/auth', prefix: '/test' });
  });

  it.each([
    ['/stage/auth', '/stage'],
    ['/auth/login', ''],
    ['/auth', ''],
    ['/a/b/auth/deep/path', '/a/b'],
  ])('answers %s with prefix "%s"', async (urlPath, prefix) => {
    const r = await get(run.port, urlPath);
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toMatchObject({ path: urlPath, prefix });
  });

  it.each(['/test/billing/x', '/test/authx', '/test/xauth', '/test/health', '/'])('answers %s, which it does not serve, with 404', async (urlPath) => {
    expect((await get(run.port, urlPath)).status).toBe(404);
  });

  it('reports which secret names are set, never their values, in responses and logs', async () => {
    const r = await get(run.port, `/test/auth/secret-check?token=${encodeURIComponent(SECRETS.JWT_SIGNING_KEY)}`);
    expect(JSON.parse(r.body).secrets).toEqual({ MONGODB_URI: true, JWT_SIGNING_KEY: true, STRIPE_API_KEY: false });
    const notFound = await get(run.port, `/nope-secret-check?token=${encodeURIComponent(SECRETS.MONGODB_URI)}`);
    // Both requests are in the log before it is searched.
    await waitForRequestLines(run, ['/test/auth/secret-check', '/nope-secret-check']);
    for (const value of Object.values(SECRETS)) {
      for (const text of [r.body, notFound.body, run.stdout, run.stderr]) {
        expect(text).not.toContain(value);
        expect(text).not.toContain(encodeURIComponent(value));
      }
    }
  });

  it('logs one JSON line per request to stdout, with method, path and status', async () => {
    await get(run.port, '/test/auth/log-one');
    await get(run.port, '/log-missing');
    await waitForRequestLines(run, ['/test/auth/log-one', '/log-missing']);
    await new Promise((r) => setTimeout(r, 50)); // a second line for either request would have arrived by now
    const lines = requestLines(run).filter((l) => l.path === '/test/auth/log-one' || l.path === '/log-missing');
    expect(lines).toEqual([
      expect.objectContaining({ level: 'info', method: 'GET', path: '/test/auth/log-one', status: 200, service: 'auth', durationMs: expect.any(Number) }),
      expect.objectContaining({ level: 'info', method: 'GET', path: '/log-missing', status: 404 }),
    ]);
  });

  it('wrote its start-up file to the temp dir', () => {
    const tmpDir = logLines(run).find((l) => l.msg === 'listening')!.tmpDir as string;
    expect(fs.readdirSync(tmpDir).filter((f) => f.startsWith('hello-service-'))).toHaveLength(1);
  });
});

describe('hello-service without ROUTE', () => {
  it('answers every path (health still plain)', async () => {
    const run = await startServer();
    expect(JSON.parse((await get(run.port, '/anything/at/all')).body)).toMatchObject({ service: 'hello-service', route: '*', prefix: null, secrets: {} });
    expect((await get(run.port, '/health')).body.trim()).toBe('ok');
    run.child.kill('SIGKILL');
  });

  it('answers the health check at HEALTH_PATH when the service sets another healthCheckPath', async () => {
    const run = await startServer({ HEALTH_PATH: '/status', ROUTE: '/auth' });
    expect((await get(run.port, '/status')).body.trim()).toBe('ok');
    expect((await get(run.port, '/health')).status).toBe(404);
    run.child.kill('SIGKILL');
  });
});

describe('hello-service refuses to start on a contract violation', () => {
  it.each(['80', '2999', '4001', '3000abc', '-3000'])('PORT=%s exits non-zero and names the allowed range', async (port) => {
    const { code, stderr } = await startFailing({ PORT: port });
    expect(code).not.toBe(0);
    expect(stderr).toContain('PORT must be a whole number from 3000 to 4000');
    expect(stderr).toContain(`"${port}"`);
  });

  it('an unwritable temp dir exits non-zero and says how to prepare /tmp', async () => {
    const dir = unpreparedTmp();
    const { code, stderr } = await startFailing({ TMPDIR: dir });
    expect(code).not.toBe(0);
    expect(stderr).toContain(`cannot write to the temp directory ${dir}`);
    expect(stderr).toMatch(/EACCES|EPERM/);
    expect(stderr).toContain('chown 1000:1000 /tmp');
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('a temp dir that does not exist exits non-zero', async () => {
    const { code, stderr } = await startFailing({ TMPDIR: path.join(preparedTmp(), 'missing') });
    expect(code).not.toBe(0);
    expect(stderr).toContain('ENOENT');
  });

  it('a malformed ROUTE exits non-zero', async () => {
    const { code, stderr } = await startFailing({ ROUTE: '/auth/' });
    expect(code).not.toBe(0);
    expect(stderr).toContain('ROUTE entry "/auth/"');
  });
});

describe('hello-service stops on SIGTERM', () => {
  it('exits 0 promptly, even with an idle keep-alive connection open', async () => {
    const run = await startServer({ ROUTE: '/auth' });
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      expect((await get(run.port, '/auth', agent)).status).toBe(200);
      const sent = Date.now();
      run.child.kill('SIGTERM');
      const { code, signal } = await within(run.exited, 3_000, 'exit after SIGTERM');
      expect({ code, signal }).toEqual({ code: 0, signal: null });
      expect(Date.now() - sent).toBeLessThan(3_000);
      expect(logLines(run).map((l) => l.msg)).toEqual(expect.arrayContaining(['stopping', 'stopped']));
    } finally {
      agent.destroy();
    }
  });

  it('answers a request in flight at SIGTERM, closes its connection, then exits 0', async () => {
    const run = await startServer({ ROUTE: '/auth' });
    const socket = net.connect(run.port, '127.0.0.1');
    let response = '';
    socket.setEncoding('utf8').on('data', (d: string) => (response += d));
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    try {
      await within(new Promise<void>((resolve) => socket.once('connect', () => resolve())), STARTUP_MS, 'connect');
      // Headers not finished yet: the request is in flight when the signal arrives.
      socket.write('GET /test/auth/in-flight HTTP/1.1\r\nHost: hello\r\n');
      await new Promise((r) => setTimeout(r, 50));
      run.child.kill('SIGTERM');
      const deadline = Date.now() + STARTUP_MS;
      while (!run.stdout.includes('"msg":"stopping"') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      socket.write('\r\n');
      await within(closed, 3_000, 'connection closed by the server');
      expect(response.split('\r\n')[0]).toBe('HTTP/1.1 200 OK');
      expect(response.toLowerCase()).toContain('connection: close');
      expect(await within(run.exited, 3_000, 'exit after SIGTERM')).toEqual({ code: 0, signal: null });
    } finally {
      socket.destroy();
    }
  });
});

describe('hello-service Dockerfile', () => {
  const dockerfile = fs.readFileSync(path.join(EXAMPLE, 'Dockerfile'), 'utf8');
  // Instructions with comments and line continuations removed.
  const instructions = dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const [keyword, ...rest] = l.split(/\s+/);
      return { keyword: keyword.toUpperCase(), args: rest.join(' ') };
    });
  const all = (k: string) => instructions.filter((i) => i.keyword === k);
  const index = (pred: (i: { keyword: string; args: string }) => boolean) => instructions.findIndex(pred);

  it('runs as a numeric, non-root user', () => {
    const users = all('USER');
    expect(users.length).toBeGreaterThan(0);
    const last = users[users.length - 1].args;
    expect(last).toMatch(/^\d+(:\d+)?$/);
    expect(Number(last.split(':')[0])).not.toBe(0);
  });

  it('prepares /tmp for that user, then declares it a VOLUME so Fargate copies owner and mode', () => {
    const uid = all('USER').slice(-1)[0].args.split(':')[0];
    const prep = index((i) => i.keyword === 'RUN' && new RegExp(`chown ${uid}(:\\d+)? /tmp\\b`).test(i.args) && /chmod 1777 \/tmp\b/.test(i.args));
    const volume = index((i) => i.keyword === 'VOLUME' && /^\[?\s*"?\/tmp"?\s*\]?$/.test(i.args));
    expect(prep).toBeGreaterThanOrEqual(0);
    expect(volume).toBeGreaterThan(prep);
  });

  it('pins the base image by tag (not latest), exposes 3000, has no HEALTHCHECK and an exec-form CMD', () => {
    const from = all('FROM').map((i) => i.args.split(/\s+/)[0]);
    for (const image of from) expect(image).toMatch(/^[^:@\s]+:(?!latest\b)[\w.-]+(@sha256:[0-9a-f]{64})?$/);
    expect(all('EXPOSE').map((i) => i.args)).toEqual(['3000']);
    expect(all('HEALTHCHECK')).toEqual([]);
    const cmd = all('CMD').slice(-1)[0]?.args ?? '';
    expect(() => JSON.parse(cmd)).not.toThrow();
  });

  it('every docker build command in the Dockerfile and the example README sets --platform', () => {
    const readme = fs.readFileSync(path.join(EXAMPLE, 'README.md'), 'utf8');
    const builds = [...readme.split('\n'), ...dockerfile.split('\n')].filter((l) => /\bdocker\s+(buildx\s+)?build\b/.test(l));
    expect(builds.length).toBeGreaterThanOrEqual(2);
    for (const line of builds) expect(line).toMatch(/--platform[ =]linux\/(amd64|arm64)\b/);
  });
});

describe('hello-service configuration in the example README', () => {
  it('is accepted by the platform validation (no secret-looking names in environment)', () => {
    const readme = fs.readFileSync(path.join(EXAMPLE, 'README.md'), 'utf8');
    const snippet = /```ts\n([\s\S]*?)```/.exec(readme)![1].trim().replace(/,$/, '');
    const service = new Function(`return (${snippet});`)() as EnvironmentInput['services'][number];
    const { shared, environments } = readConfigFile(EXAMPLE_CONFIG);
    const test = environments.find((e) => e.name === 'test')!;
    test.services = test.services.map((s) => (s.name === service.name ? service : s));
    let message = '';
    try {
      loadConfig(shared, environments);
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      message = e.message;
    }
    expect(message).toBe('');
    expect(service.environment).toMatchObject({ ROUTE: '/auth' });
    // PORT comes from the platform (the service's port), so the example need not repeat it.
    expect(service.environment?.PORT).toBeUndefined();
  });
});
