import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type StaticServer, serveDirectory } from '../../src/devtools/static-server.js';

/**
 * The docs server against what an attacker (or a careless build) puts in front of it. Each case names the request
 * and what must come back; every case ends with the server still answering.
 */

const SECRET = 'secret-outside-the-served-folder';
const BIG = 256_000;
let scratch: string;
let root: string;
let server: StaticServer;

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw request with the path exactly as given (fetch would normalise `..` away before sending). */
function get(path: string, method = 'GET', timeoutMs = 5_000): Promise<Answer> {
  const { hostname, port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, path, method, timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer to ${method} ${path} within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'paycontracts-static-'));
  root = join(scratch, 'site');
  const outside = join(scratch, 'outside');
  mkdirSync(join(root, 'docs'), { recursive: true });
  mkdirSync(outside);
  writeFileSync(join(outside, 'secret.txt'), SECRET);
  writeFileSync(join(root, 'docs', 'index.html'), '<!doctype html><title>docs</title>');
  writeFileSync(join(root, 'docs', 'page.txt'), 'inside');
  writeFileSync(join(root, 'big.txt'), 'x'.repeat(BIG));
  symlinkSync(join(outside, 'secret.txt'), join(root, 'docs', 'leak.txt'));
  symlinkSync(outside, join(root, 'docs', 'outside-folder'));
  symlinkSync('/proc/self/mem', join(root, 'docs', 'mem'));
  symlinkSync('/etc/passwd', join(root, 'docs', 'passwd'));
  symlinkSync('page.txt', join(root, 'docs', 'alias.txt'));
  mkdirSync(join(root, 'linked-index'));
  symlinkSync(join(outside, 'secret.txt'), join(root, 'linked-index', 'index.html'));
  execFileSync('mkfifo', [join(root, 'docs', 'pipe.txt')]);
  server = await serveDirectory(root);
});

afterAll(async () => {
  await server?.close();
  rmSync(scratch, { recursive: true, force: true });
});

describe('docs server: adversarial requests', () => {
  test.each([
    ['a symlink to a file outside the folder', '/docs/leak.txt', 403],
    ['a file inside a symlinked folder outside', '/docs/outside-folder/secret.txt', 403],
    ['a folder whose index.html links outside', '/linked-index/', 403],
    ['a symlink to /proc/self/mem', '/docs/mem', 403],
    ['a symlink to /etc/passwd', '/docs/passwd', 403],
    // The URL parser clamps `..` (raw or as %2e%2e) at the root, so these look for /outside/ inside the folder.
    ['traversal with ..', '/docs/../../outside/secret.txt', 404],
    ['traversal with encoded slashes', '/docs/..%2F..%2Foutside%2Fsecret.txt', 403],
    ['traversal with encoded dots', '/%2e%2e/outside/secret.txt', 404],
    ['an encoded NUL byte', '/docs/page.txt%00.html', 400],
    ['a malformed escape', '/docs/%zz', 400],
    ['a FIFO inside the folder (would block a reader forever)', '/docs/pipe.txt', 404],
    ['a file that does not exist', '/docs/nope.html', 404],
  ])('%s: %s answers %i, leaks nothing, and the server lives on', async (_name, path, status) => {
    const answer = await get(path);
    expect(answer.status).toBe(status);
    expect(answer.body).not.toContain(SECRET);
    expect(answer.body).not.toContain('root:x:0:0');
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
    expect((await get('/docs/page.txt')).body).toBe('inside');
  });

  test('the 404 page escapes the path it reflects and forbids sniffing and scripts', async () => {
    const answer = await get('/docs/%3Cscript%3Ealert(1)%3C%2Fscript%3E%22%27.html');
    expect(answer.status).toBe(404);
    expect(answer.body).not.toMatch(/<script/i);
    expect(answer.body).toContain('&#60;script&#62;alert(1)&#60;/script&#62;&#34;&#39;.html');
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
    expect(answer.headers['content-security-policy']).toBe("default-src 'none'");
  });

  // The re-created file is written in chunks, so a request may open it part-written: what it gets must still be
  // the length its headers announced, all of it from the file.
  test('a file deleted and re-created during many requests is served as opened or not found, never fatal', async () => {
    const file = join(root, 'big.txt');
    let churning = true;
    let rounds = 0;
    const churn = (async () => {
      while (churning) {
        try {
          unlinkSync(file);
        } catch {}
        await writeFile(file, 'x'.repeat(BIG));
        rounds++;
      }
    })();
    const answers = await Promise.allSettled(Array.from({ length: 400 }, () => get('/big.txt', 'GET', 30_000)));
    churning = false;
    await churn;
    const statuses = answers.map((a) => (a.status === 'fulfilled' ? a.value.status : String(a.reason)));
    expect(new Set(statuses), 'every request is answered: 200 or 404').toSatisfy((s: Set<unknown>) =>
      [...s].every((status) => status === 200 || status === 404),
    );
    for (const a of answers)
      if (a.status === 'fulfilled' && a.value.status === 200) {
        expect(a.value.body.length).toBe(Number(a.value.headers['content-length']));
        expect(a.value.body).toMatch(/^x*$/);
      }
    expect(rounds).toBeGreaterThan(1);
    expect((await get('/docs/page.txt')).status, 'the server still answers').toBe(200);
  }, 60_000);
});

describe('docs server: what it does serve', () => {
  test.each([
    ['a file', '/docs/page.txt', 'inside', 'text/plain; charset=utf-8'],
    ['a folder, by its index.html', '/docs/', '<!doctype html><title>docs</title>', 'text/html; charset=utf-8'],
    ['a symlink that stays inside the folder', '/docs/alias.txt', 'inside', 'text/plain; charset=utf-8'],
  ])('%s: %s', async (_name, path, body, type) => {
    const answer = await get(path);
    expect(answer.status).toBe(200);
    expect(answer.body).toBe(body);
    expect(answer.headers['content-type']).toBe(type);
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
  });

  test('HEAD gives the length without the body; other methods are refused', async () => {
    const head = await get('/docs/page.txt', 'HEAD');
    expect([head.status, head.headers['content-length'], head.body]).toEqual([200, '6', '']);
    expect((await get('/docs/page.txt', 'POST')).status).toBe(405);
  });
});
