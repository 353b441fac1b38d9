/**
 * Secrets and signatures are compared in constant time (`timingSafeEqual`), never with `===`/`!==`: an early-exit
 * comparison leaks, byte by byte, how much of a forged signature or guessed API key is right. No type or unit test
 * sees this, so it is kept by a rule over the source of every webhook verifier and the sandbox credential check.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, test } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

/** The files that compare a received signature, shared secret or credential with the expected one. */
function scannedFiles(): string[] {
  const files: string[] = [];
  const src = join(root, 'src');
  const core = join(src, 'core');
  for (const name of readdirSync(core)) {
    if (name === 'webhooks.ts') files.push(join(core, name));
    if (name === 'webhooks') for (const f of readdirSync(join(core, name))) files.push(join(core, name, f));
  }
  for (const provider of readdirSync(join(src, 'providers'))) {
    const file = join(src, 'providers', provider, 'webhooks.ts');
    if (readdirSync(join(src, 'providers', provider)).includes('webhooks.ts')) files.push(file);
  }
  for (const name of readdirSync(join(core, 'sandbox')))
    if (/security|credential|auth/.test(name)) files.push(join(core, 'sandbox', name));
  return files.filter((f) => f.endsWith('.ts'));
}

/** Comments and the text inside string literals removed, so only code is scanned (quotes stay as markers). */
function codeOnly(source: string): string {
  return source
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/(^|[^:\\])\/\/.*$/gm, '$1')
    .replace(/'(?:[^'\\\n]|\\.)*'/g, "''")
    .replace(/"(?:[^"\\\n]|\\.)*"/g, '""')
    .replace(/`(?:[^`\\]|\\.)*`/g, '``');
}

const SECRET_NAME = /signature|secret|digest|hmac|password|credential|token|apikey|expected|given|received/i;
/** An operand that cannot be a secret's value: a literal, a typeof, a length. */
const HARMLESS = /^(?:undefined|null|true|false|-?\d[\d_.]*|''|""|``|typeof\b.*|.*\.(?:length|byteLength))$/;

/** Each `===`/`!==` (and `.equals(`) between values whose names say they hold a secret or signature. */
function nonConstantTimeComparisons(source: string): string[] {
  const code = codeOnly(source);
  const found: string[] = [];
  for (const match of code.matchAll(
    /([\w$.!?()[\]]+(?:\([^()]*\))?)\s*(===|!==)\s*([\w$.!?()[\]'"`-]+(?:\([^()]*\))?)/g,
  )) {
    const [text, left = '', , right = ''] = match;
    const operands = [left, right].map((o) => o.replace(/^[!(]+|[)]+$/g, '').trim());
    const precededByTypeof = /typeof\s*$/.test(code.slice(0, match.index));
    if (precededByTypeof || operands.some((o) => HARMLESS.test(o))) continue;
    if (operands.some((o) => SECRET_NAME.test(o))) found.push(text.trim());
  }
  // `a.equals(b)` on Buffers exits at the first differing byte too; judged by the line it is on.
  for (const line of code.split('\n'))
    if (/\.equals\s*\(/.test(line) && SECRET_NAME.test(line)) found.push(line.trim());
  return found;
}

describe('secrets and signatures are compared in constant time', () => {
  const files = scannedFiles();

  test('the scan covers the webhook verifiers and the sandbox credential check', () => {
    const names = files.map((f) => relative(root, f));
    expect(names).toEqual(expect.arrayContaining(['src/core/sandbox/security.ts']));
    expect(names.some((n) => n.startsWith('src/core/webhooks'))).toBe(true);
    expect(names.filter((n) => /^src\/providers\/[^/]+\/webhooks\.ts$/.test(n)).length).toBeGreaterThanOrEqual(4);
  });

  test.each(files.map((f) => [relative(root, f), f]))('%s has no === or !== on a secret or signature', (_, file) => {
    expect(nonConstantTimeComparisons(readFileSync(file, 'utf8'))).toEqual([]);
  });

  test('the sandbox credential check and the webhook signature check use timingSafeEqual', () => {
    const security = readFileSync(join(root, 'src', 'core', 'sandbox', 'security.ts'), 'utf8');
    expect(codeOnly(security)).toMatch(/timingSafeEqual\s*\(/);
    const webhooks = files.filter((f) => f.includes(join('src', 'core', 'webhooks')));
    expect(webhooks.some((f) => /timingSafeEqual\s*\(/.test(codeOnly(readFileSync(f, 'utf8'))))).toBe(true);
  });
});

describe('the rule catches a planted early-exit comparison', () => {
  test.each([
    ['signature against the expected HMAC', 'if (signature === expected) return true;'],
    ['a received header against the secret', "const ok = received !== secret.toString('hex');"],
    ['a Basic password', 'return given.password === expected.password && ok;'],
    ['an API key from the headers', "if (headers['x-api-key'] !== apiKey) deny();"],
    ['a digest with Buffer.equals', 'return digest(received).equals(digest(key));'],
  ])('%s', (_, snippet) => {
    expect(nonConstantTimeComparisons(snippet)).toHaveLength(1);
  });

  test('the credential check itself, with its constant-time helper swapped for ===, is caught', () => {
    const security = readFileSync(join(root, 'src', 'core', 'sandbox', 'security.ts'), 'utf8');
    // The first constant-time call on credential values (`same(expected, given)`, …) turned into an early-exit one.
    const call = [...security.matchAll(/\b\w*(?:same|equal|safe)\w*\(([\w.]+), ([\w.]+)\)/gi)].find((m) =>
      SECRET_NAME.test(`${m[1]} ${m[2]}`),
    );
    const planted = call ? security.replace(call[0], `${call[1]} === ${call[2]}`) : security;
    expect(planted).not.toBe(security);
    expect(nonConstantTimeComparisons(planted).length).toBeGreaterThan(0);
  });

  test.each([
    ['timingSafeEqual', 'return a.length === b.length && timingSafeEqual(a, b);'],
    ['a presence check', 'if (received === undefined) throw missing();'],
    ['a typeof check', "if (typeof secret === 'string' && secret.length > 0) return secret;"],
    ['a literal in a comment', '// never write signature === expected'],
  ])('%s passes', (_, snippet) => {
    expect(nonConstantTimeComparisons(snippet)).toEqual([]);
  });
});
