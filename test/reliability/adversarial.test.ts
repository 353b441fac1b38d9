import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { PROVIDER_SLUGS, type ProviderSlug } from '../../src/core/providers.js';
import { type RunningSandbox, startSandbox } from '../../src/sandbox/index.js';

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
): Promise<{ status: number; body: string }> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname, () => {
      socket.write(`${requestLine}\r\n${headers}\r\nConnection: close\r\n\r\n`);
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
