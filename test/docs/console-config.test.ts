import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { OpenApiDocument } from '../../src/core/openapi-document.js';
import { consoleCredentials, consoleServers, scalarConfiguration } from '../../src/pipeline/docs-reference.js';
import { docServers } from '../../src/pipeline/docs-servers.js';
import { projectRoot } from '../../src/pipeline/project-root.js';

/** The try-it console's configuration, read from the committed bundled specs. Expected values are written by hand. */

const spec = (slug: string) =>
  JSON.parse(readFileSync(join(projectRoot(), 'generated', slug, 'openapi.json'), 'utf8')) as OpenApiDocument;
const control = spec('sandbox-control');

describe('console credentials: the sandbox defaults of x-sandbox-defaults, in the shape of each scheme', () => {
  test.each([
    [
      'haloubi-gateway',
      { preferredSecurityScheme: 'ApiKeyAuth', securitySchemes: { ApiKeyAuth: { value: 'test_key' } } },
    ],
    ['chari-pay', { preferredSecurityScheme: 'SecretKey', securitySchemes: { SecretKey: { token: 'test_key' } } }],
    [
      'novasend',
      {
        preferredSecurityScheme: 'BasicAuth',
        securitySchemes: { BasicAuth: { username: 'test_key', password: 'test_client' } },
      },
    ],
    [
      'chari-money',
      { preferredSecurityScheme: 'ChariApiKey', securitySchemes: { ChariApiKey: { value: 'test_key' } } },
    ],
  ])('%s', (slug, want) => {
    expect(consoleCredentials(slug, spec(slug), control)).toEqual(want);
  });

  test('without the control spec nothing is prefilled', () => {
    expect(consoleCredentials('haloubi-gateway', spec('haloubi-gateway'), undefined)).toEqual({});
  });
});

describe('console servers', () => {
  test('the local sandbox first, on 127.0.0.1:4010 with host and port editable, then the provider sandbox', () => {
    const servers = consoleServers('alyapay', spec('alyapay'));
    expect(servers[0]).toMatchObject({
      url: 'http://{host}:{port}',
      variables: { host: { default: '127.0.0.1' }, port: { default: '4010' } },
    });
    expect(servers.slice(1).map((s) => s.url)).toEqual(['https://sandbox-api.alyapay.com', 'https://api.alyapay.com']);
  });

  test("Chari Money's placeholder production host is never offered", () => {
    expect(docServers(spec('chari-money')).map((s) => [s.environment, s.placeholder])).toEqual([
      ['sandbox', false],
      ['production', true],
    ]);
    const config = JSON.stringify(scalarConfiguration('chari-money', spec('chari-money'), control));
    expect(config).not.toContain('productionHost');
    expect(config).not.toContain('api.charimoney.com');
    expect(config).toContain('https://sandbox.charimoney.com');
  });

  test('an inferred host is offered, and says it is inferred', () => {
    const novasend = consoleServers('novasend', spec('novasend')).slice(1);
    expect(novasend.map((s) => s.url)).toEqual(['https://sandbox-api.novasend.app', 'https://api.novasend.app']);
    for (const server of novasend) expect(server.description).toContain('(host inferred)');
  });

  test('nothing that calls out of the machine is on', () => {
    expect(scalarConfiguration('alyapay', spec('alyapay'), control)).toMatchObject({
      withDefaultFonts: false,
      telemetry: false,
      agent: { disabled: true },
      mcp: { disabled: true },
    });
  });
});
