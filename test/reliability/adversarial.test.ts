import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import haloubiSpec from '../../generated/haloubi-gateway/spec.js';
import { maskCredential, maskSecret } from '../../src/cli/secrets.js';
import { PROVIDER_SLUGS, type ProviderSlug } from '../../src/core/providers.js';
import { redactText, redactValue } from '../../src/core/redact.js';
import { serveDirectory } from '../../src/devtools/static-server.js';
import { signHaloubiTestWebhook, verifyHaloubiWebhook } from '../../src/providers/haloubi-gateway/index.js';
import { SandboxControl } from '../../src/sandbox/control-client.js';
import { type RunningSandbox, startSandbox } from '../../src/sandbox/index.js';
import { webhookExamples } from '../providers/webhook-examples.js';

/**
 * Adversarial input that once broke a sandbox, one case per finding. Every case states what a sound sandbox does, so
 * it fails again if the finding comes back.
 */

const sandboxes = {} as Record<ProviderSlug, RunningSandbox>;
beforeAll(async () => {
  for (const slug of PROVIDER_SLUGS) sandboxes[slug] = await startSandbox(slug);
});
afterAll(async () => {
  await Promise.all(Object.values(sandboxes).map((s) => s.close()));
});

/** Sends one raw request line, as curl --path-as-is or a hostile page would, and returns the status line and body. */
function rawRequest(
  base: string,
  requestLine: string,
  headers = 'Host: 127.0.0.1',
  payload = '',
): Promise<{ status: number; body: string }> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname, () => {
      socket.write(`${requestLine}\r\n${headers}\r\nConnection: close\r\n\r\n${payload}`);
    });
    let data = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk) => (data += chunk));
    socket.on('end', () => {
      const [head = '', body = ''] = data.split('\r\n\r\n');
      resolve({ status: Number(head.split(' ')[1]), body });
    });
    socket.on('error', reject);
  });
}

describe('finding 1: a malformed request target never ends the process', () => {
  const targets = ['//a:b', '//[', 'http://[', 'http://%zz/', '//%', '/%', 'http://a:b@:x/'];
  test.each(PROVIDER_SLUGS.flatMap((slug) => targets.map((target) => [slug, target] as const)))(
    '%s GET %s',
    async (slug, target) => {
      const sandbox = sandboxes[slug];
      const reply = await rawRequest(sandbox.url, `GET ${target} HTTP/1.1`);
      expect([400, 404]).toContain(reply.status);
      expect(() => JSON.parse(reply.body)).not.toThrow();
      // The process is still serving: a well-formed request right after is answered.
      const after = await fetch(`${sandbox.url}/__sandbox/webhooks`);
      expect(after.status).toBe(200);
      expect(sandbox.internalErrors).toEqual([]);
    },
  );
});

const CONTROL_JSON = { 'content-type': 'application/json' };

describe('finding 2: a refused clock advance changes nothing', () => {
  test.each([
    ['one huge step', [1e13]],
    ['steps that add up past the bound', [2e9, 2e9]],
  ])('%s', async (_name, steps) => {
    const sandbox = sandboxes['haloubi-gateway'];
    const reset = await fetch(`${sandbox.url}/__sandbox/reset`, { method: 'POST', headers: CONTROL_JSON, body: '{}' });
    expect(reset.status).toBe(200);
    const before = sandbox.clock.now();
    const statuses: number[] = [];
    for (const seconds of steps) {
      const response = await fetch(`${sandbox.url}/__sandbox/clock/advance`, {
        method: 'POST',
        headers: CONTROL_JSON,
        body: JSON.stringify({ seconds }),
      });
      statuses.push(response.status);
    }
    expect(statuses.at(-1)).toBe(400);
    // The refused step was not applied: the clock is within the accepted steps of where it was.
    const accepted = steps.slice(0, statuses.filter((s) => s === 200).length).reduce((a, b) => a + b, 0);
    expect(sandbox.clock.now() - before).toBeLessThan(accepted * 1000 + 60_000);
    // The sandbox still creates resources after the refused call.
    const created = await fetch(`${sandbox.url}/api/v1/payments/authorize`, {
      method: 'POST',
      headers: { 'x-api-key': 'test_key', 'content-type': 'application/json' },
      body: JSON.stringify({
        amount: 1000,
        currency: 'MAD',
        card: { number: '4242424242424242', exp_month: 12, exp_year: 2099, cvv: '123' },
      }),
    });
    expect(created.status).toBe(200);
    expect(sandbox.internalErrors).toEqual([]);
  });
});

describe('finding 5: amounts JSON cannot hold exactly are refused in the provider format', () => {
  const cases = [
    ['haloubi-gateway', '/api/v1/payments/authorize', { 'x-api-key': 'test_key' }, 'error'],
    ['chari-pay', '/v1/payments', { authorization: 'Bearer test_key' }, 'error'],
  ] as const;
  test.each(
    cases.flatMap(([slug, path, auth, errorField]) =>
      ['1e400', '-1e400', '9007199254740993'].map((amount) => [slug, amount, path, auth, errorField] as const),
    ),
  )('%s amount %s', async (slug, amount, path, auth, errorField) => {
    const sandbox = sandboxes[slug];
    const body = `{"amount":${amount},"currency":"MAD","reference":"r-${amount}","card":{"number":"4242424242424242","exp_month":12,"exp_year":2099,"cvv":"123"},"payment_method":"pm_card_visa"}`;
    const response = await fetch(`${sandbox.url}${path}`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body,
    });
    expect(response.status).toBe(400);
    const reply = (await response.json()) as Record<string, unknown>;
    expect(reply[errorField]).toBeDefined();
    expect(JSON.stringify(reply)).toMatch(/amount/);
  });
});

describe('finding 8: the control API refuses what a hostile page or a rebinding DNS name can send', () => {
  const reset = (headers: Record<string, string>, body: string | undefined = '{}') =>
    fetch(`${sandboxes.alyapay.url}/__sandbox/reset`, { method: 'POST', headers, body });
  test.each([
    ['text/plain body (a form or beacon)', { 'content-type': 'text/plain' }, 415],
    ['form body', { 'content-type': 'application/x-www-form-urlencoded' }, 415],
    ['another origin', { ...CONTROL_JSON, origin: 'http://evil.example' }, 403],
    ['a cross-site fetch without Origin', { ...CONTROL_JSON, 'sec-fetch-site': 'cross-site' }, 403],
  ])('%s → %i', async (_name, headers, status) => {
    const response = await reset(headers as Record<string, string>);
    expect(response.status).toBe(status);
    expect(((await response.json()) as { error: { code: string } }).error.code).toMatch(/^[a-z_]+$/);
  });
  test('a Host the sandbox does not serve (DNS rebinding) → 403', async () => {
    // fetch() will not send another Host; a raw request does, as a browser on a rebound name would.
    const reply = await rawRequest(
      sandboxes.alyapay.url,
      'POST /__sandbox/reset HTTP/1.1',
      'Host: evil.example\r\nContent-Type: application/json\r\nContent-Length: 2',
      '{}',
    );
    expect(reply.status).toBe(403);
    expect(reply.body).toContain('forbidden_host');
  });
  test('its own origin and a plain JSON call pass', async () => {
    const own = new URL(sandboxes.alyapay.url).origin;
    expect((await reset({ ...CONTROL_JSON, origin: own })).status).toBe(200);
    expect((await reset(CONTROL_JSON)).status).toBe(200);
  });
});

describe('finding 11: small items', () => {
  test.each(PROVIDER_SLUGS)('%s: HEAD on a GET route answers like GET, without a body', async (slug) => {
    const sandbox = sandboxes[slug];
    const get = await fetch(`${sandbox.url}/__sandbox/health`);
    const head = await fetch(`${sandbox.url}/__sandbox/health`, { method: 'HEAD' });
    expect(head.status).toBe(get.status);
    expect(head.headers.get('content-length')).toBe(get.headers.get('content-length'));
    expect(await head.text()).toBe('');
  });
  test.each(PROVIDER_SLUGS)('%s: a JSON parse error does not echo the body', async (slug) => {
    const sandbox = sandboxes[slug];
    const secret = '4111111111111111';
    const paths: Record<ProviderSlug, string> = {
      'chari-money': '/api/customers/register',
      'chari-pay': '/v1/payments',
      'haloubi-gateway': '/api/v1/payments/authorize',
      alyapay: '/api/v1/public/sessions',
      novasend: '/v1/payin/sessions',
    };
    const response = await fetch(`${sandbox.url}${paths[slug]}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer test_key', 'x-api-key': 'test_key' },
      body: `{"card": ${secret}x`,
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(await response.text()).not.toContain(secret);
  });
});

describe('finding 6: URLs the sandbox hands out never come from request headers', () => {
  test('Chari Pay 3-D Secure redirect_url with a hostile Host header', async () => {
    const sandbox = sandboxes['chari-pay'];
    const body = JSON.stringify({
      amount: 5000,
      currency: 'MAD',
      reference: `adv-host-${Date.now()}`,
      payment_method: 'tok_3ds_challenge',
    });
    const reply = await rawRequest(
      sandbox.url,
      'POST /v1/payments HTTP/1.1',
      `Host: evil.example/phish?x=\r\nAuthorization: Bearer test_key\r\nContent-Type: application/json\r\nContent-Length: ${body.length}`,
      body,
    );
    expect(reply.status).toBe(201);
    const redirect = (JSON.parse(reply.body) as { next_action: { redirect_url: string } }).next_action.redirect_url;
    expect(redirect.startsWith(`${sandbox.url}/`)).toBe(true);
    expect(redirect).not.toContain('evil.example');
  });
  test('--public-url is where handed-out URLs point when the sandbox sits behind a proxy', async () => {
    const sandbox = await startSandbox('chari-pay', { publicUrl: 'https://sandbox.team.example/' });
    try {
      const response = await fetch(`${sandbox.url}/v1/payments`, {
        method: 'POST',
        headers: { authorization: 'Bearer test_key', 'content-type': 'application/json' },
        body: JSON.stringify({
          amount: 5000,
          currency: 'MAD',
          reference: `adv-pub-${Date.now()}`,
          payment_method: 'tok_3ds_challenge',
        }),
      });
      const payment = (await response.json()) as { next_action: { redirect_url: string } };
      expect(payment.next_action.redirect_url).toMatch(/^https:\/\/sandbox\.team\.example\/__sandbox\/payments\/pay_/);
    } finally {
      await sandbox.close();
    }
  });
});

/** A loopback HTTP server answering every request with `answer`, counting what it received. */
async function listen(answer: (url: string) => { status: number; headers?: Record<string, string> }) {
  const received: string[] = [];
  const server: Server = createServer((req, res) => {
    received.push(req.url ?? '');
    req.resume();
    const { status, headers } = answer(req.url ?? '');
    res.writeHead(status, headers);
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, received, close: () => new Promise((r) => server.close(r)) };
}

describe('finding 4: webhook delivery does not follow redirects', () => {
  test('a receiver answering 307 elsewhere: the other URL gets nothing, and the attempt failed', async () => {
    const elsewhere = await listen(() => ({ status: 200 }));
    const receiver = await listen(() => ({ status: 307, headers: { location: `${elsewhere.url}/stolen` } }));
    const sandbox = await startSandbox('chari-pay', { webhookUrl: `${receiver.url}/hooks` });
    try {
      const response = await fetch(`${sandbox.url}/v1/payments`, {
        method: 'POST',
        headers: { authorization: 'Bearer test_key', 'content-type': 'application/json' },
        body: JSON.stringify({
          amount: 5000,
          currency: 'MAD',
          reference: `adv-307-${Date.now()}`,
          payment_method: 'tok_success',
        }),
      });
      expect(response.status).toBe(201);
      const [delivery] = await new SandboxControl(sandbox.url).webhooks();
      expect(receiver.received.length).toBeGreaterThan(0);
      expect(elsewhere.received).toEqual([]);
      expect(delivery?.state).not.toBe('delivered');
      expect(delivery?.attempts[0]?.status).toBe(307);
    } finally {
      await sandbox.close();
      await receiver.close();
      await elsewhere.close();
    }
  });
});

describe('finding 7: the control API does not show webhook secrets', () => {
  test('Chari Money deliveries list X-Api-Key masked', async () => {
    const secret = 'whk_SECRET_adversarial_7Q';
    const sandbox = await startSandbox('chari-money', { webhookSecret: secret });
    try {
      sandbox.webhooks.emit('customer.level.updated', { data: { probe: true } });
      const listed = await (await fetch(`${sandbox.url}/__sandbox/webhooks`)).text();
      expect(listed).toContain('customer.level.updated');
      expect(listed).not.toContain(secret);
    } finally {
      await sandbox.close();
    }
  });
});

describe('finding 9: the docs server stays inside its folder and up', () => {
  test.each([
    ['a symlink to /etc/passwd', '/etc/passwd', 'passwd.html'],
    ['a symlink to /proc/self/mem', '/proc/self/mem', 'mem.html'],
  ])('%s is refused and the server keeps serving', async (_name, target, link) => {
    const root = await mkdtemp(join(tmpdir(), 'paycontracts-docs-'));
    await writeFile(join(root, 'index.html'), '<p>docs</p>');
    await symlink(target, join(root, link));
    const docs = await serveDirectory(root);
    try {
      const escaped = await fetch(`${docs.url}/${link}`);
      expect([403, 404]).toContain(escaped.status);
      expect(await escaped.text()).not.toContain('root:');
      expect((await fetch(`${docs.url}/index.html`)).status).toBe(200);
    } finally {
      await docs.close();
      await rm(root, { recursive: true, force: true });
    }
  });
});

describe('finding 10: redaction', () => {
  test.each([
    ['cvv held in an array', { cvv: ['987'] }, '987'],
    ['password held in an object', { password: { value: 'pa55word-x' } }, 'pa55word-x'],
    ['secret_key', { secret_key: 'sk_zz_secret' }, 'sk_zz_secret'],
    ['private_key', { private_key: 'pk_zz_private' }, 'pk_zz_private'],
    ['api_secret', { api_secret: 'as_zz_secret' }, 'as_zz_secret'],
    ['refresh_token', { refresh_token: 'rt_zz_refresh' }, 'rt_zz_refresh'],
    ['card_cvc', { card_cvc: '4821' }, '4821'],
    ['x-api-key', { 'x-api-key': 'xk_zz_key' }, 'xk_zz_key'],
    ['Chari Money OTP code', { code: '123-456' }, '123-456'],
    ['X-Client-Secret header', { 'X-Client-Secret': 'cs_zz_secret' }, 'cs_zz_secret'],
    ['X-Auth-Token header', { 'X-Auth-Token': 'at_zz_token' }, 'at_zz_token'],
    ['api-key header', { 'api-key': 'ak_zz_key' }, 'ak_zz_key'],
  ])('value: %s', (_name, value, secret) => {
    expect(JSON.stringify(redactValue(value))).not.toContain(secret);
  });
  test.each([
    ['a PAN with spaces', 'card 4111 1111 1111 1111 declined', '4111 1111 1111 1111'],
    ['a PAN with dashes', 'card 4111-1111-1111-1111 declined', '4111-1111-1111-1111'],
    ['a PAN glued to a prefix', 'pan_4111111111111111', '4111111111111111'],
    ['CardCvv: 987', 'CardCvv: 987', '987'],
    ['security code: 987', 'security code: 987', '987'],
  ])('text: %s', (_name, text, secret) => {
    expect(redactText(text)).not.toContain(secret);
  });
});

describe('finding 3: the webhook log is paged and bounded', () => {
  test('1,500 settled deliveries: pages of at most the limit, newest first, and only the newest 1,000 kept', async () => {
    const sandbox = await startSandbox('haloubi-gateway');
    try {
      for (let i = 0; i < 1500; i++) sandbox.webhooks.emit('payment.captured', { n: i });
      const first = (await (await fetch(`${sandbox.url}/__sandbox/webhooks?limit=10`)).json()) as {
        deliveries: { payload: { n: number } }[];
        nextCursor?: string;
      };
      expect(first.deliveries.map((d) => d.payload.n)).toEqual([
        1499, 1498, 1497, 1496, 1495, 1494, 1493, 1492, 1491, 1490,
      ]);
      expect(first.nextCursor).toBeTypeOf('string');
      const all = await new SandboxControl(sandbox.url).webhooks();
      expect(all).toHaveLength(1000);
      expect(all[0]?.payload).toEqual({ n: 500 });
      const tooMany = await fetch(`${sandbox.url}/__sandbox/webhooks?limit=100000`);
      expect(tooMany.status).toBe(400);
    } finally {
      await sandbox.close();
    }
  });
});

describe('finding 7: the CLI prints credentials masked', () => {
  test.each([
    ['a live key', 'sk_live_9f8e7d6c5b4a3f2e1d0c'],
    ['a Chari Money key', 'cm_live_ABCDEFGHIJKLMNOP'],
  ])('%s', (_name, secret) => {
    const shown = maskSecret(secret);
    expect(shown).not.toContain(secret);
    expect(shown.length).toBeLessThan(secret.length + 12);
  });
  test('Novasend user:password', () => {
    const shown = maskCredential({ username: 'nv_user_SECRET_1', password: 'nv_pass_SECRET_2' });
    expect(shown).not.toContain('nv_user_SECRET_1');
    expect(shown).not.toContain('nv_pass_SECRET_2');
  });
});

describe('finding 11: verifier options and bytes, the docs 404 page', () => {
  const secret = 'whsec_adversarial_11';
  test.each([Number.NaN, -1, Number.POSITIVE_INFINITY])(
    'toleranceSeconds %s is refused, never a disabled check',
    (tolerance) => {
      const { body, headers } = signHaloubiTestWebhook({ id: 'evt_1', type: 'payment.captured', data: {} }, secret);
      expect(() => verifyHaloubiWebhook(body, headers, secret, { toleranceSeconds: tolerance })).toThrow(
        /toleranceSeconds/,
      );
    },
  );
  test('a Uint8Array from another realm is a raw body', () => {
    const [, , payload] = webhookExamples(haloubiSpec)[0] ?? [];
    const { body, headers } = signHaloubiTestWebhook(payload, secret);
    const foreign = runInNewContext('new Uint8Array(bytes)', { bytes: [...Buffer.from(body)] }) as Uint8Array;
    expect(foreign instanceof Uint8Array).toBe(false);
    expect(verifyHaloubiWebhook(foreign, headers, secret).authenticated).toBe(true);
  });
  test('the docs 404 page escapes the path and says nosniff', async () => {
    const root = await mkdtemp(join(tmpdir(), 'paycontracts-docs-'));
    await writeFile(join(root, 'index.html'), '<p>docs</p>');
    const docs = await serveDirectory(root);
    try {
      const missing = await fetch(`${docs.url}/%3Cscript%3Ealert(1)%3C%2Fscript%3E.html`);
      expect(missing.status).toBe(404);
      expect(missing.headers.get('x-content-type-options')).toBe('nosniff');
      expect(await missing.text()).not.toContain('<script>');
    } finally {
      await docs.close();
      await rm(root, { recursive: true, force: true });
    }
  });
});
