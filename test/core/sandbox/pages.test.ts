import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, test } from 'vitest';
import { escapeHtml, htmlPage, seeOther } from '../../../src/core/sandbox/pages/html.js';
import { readBody } from '../../../src/core/sandbox/request-body.js';
import { send } from '../../../src/core/sandbox/stages/send.js';
import type { SandboxReply } from '../../../src/core/sandbox/types.js';

/** Serves one reply with the sandbox's send stage and returns what a browser would get. */
async function served(reply: SandboxReply): Promise<Response> {
  const server = createServer((_req, res) => send(res, reply));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    return await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, { redirect: 'manual' });
  } finally {
    server.close();
  }
}

describe('hosted pages: plain HTML with no external asset, marked as a test page', () => {
  test('escapeHtml leaves no markup a value could inject', () => {
    expect(escapeHtml(`<script>alert("x")</script>&'`)).toBe(
      '&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62;&#38;&#39;',
    );
  });

  test('a page is sent as HTML, with a policy that loads nothing from elsewhere and the test-page banner', async () => {
    const res = await served(htmlPage({ title: 'Pay <MAD>', body: '<p>ok</p>' }));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await res.text();
    expect(html).toContain('<title>Pay &#60;MAD&#62;</title>');
    expect(html).toContain('Test page of a local paycontracts sandbox');
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(Number(res.headers.get('content-length'))).toBe(Buffer.byteLength(html));
  });

  test('after a form, the browser is sent on with 303 See Other', async () => {
    const res = await served(seeOther('http://shop.example/return?status=ok'));
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('http://shop.example/return?status=ok');
  });

  test('a JSON reply is still serialized as JSON', async () => {
    const res = await served({ status: 200, body: 'a string' });
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.text()).toBe('"a string"');
  });
});

describe('a page form body', () => {
  const op = { requestBody: { contentType: 'application/x-www-form-urlencoded', required: true, examples: [] } };
  async function read(body: string, contentType: string): Promise<unknown> {
    const { Readable } = await import('node:stream');
    const req = Object.assign(Readable.from([Buffer.from(body)]), { headers: { 'content-type': contentType } });
    return readBody(req as never, op as never);
  }

  test('is read field by field as the browser sent it', async () => {
    expect(await read('code=555&phone=%2B212600000000', 'application/x-www-form-urlencoded')).toEqual({
      code: '555',
      phone: '+212600000000',
    });
  });

  test('in another content type is refused with what to send', async () => {
    await expect(read('{"code":"555"}', 'application/json')).rejects.toThrow(
      'Send this form as application/x-www-form-urlencoded, not "application/json".',
    );
  });
});
