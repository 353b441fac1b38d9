import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';

/**
 * Runs every example under examples/ as a user would (`npx tsx examples/<slug>.ts`, from the repository root so tsx
 * reads tsconfig.json's `paths` and `paycontracts/*` resolves to src/), against its local sandbox, and checks what it
 * prints against what the provider documents. The tsx command starts a second node with tsx's loader imported;
 * the tests start that node directly (`node --import tsx`), one process per example instead of two.
 */
const ROOT = join(import.meta.dirname, '..');
const TSX = ['--import', 'tsx'];
// No `<SLUG>_BASE_URL`: every example starts its own local sandbox instead of calling a live one.
const ENV = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.endsWith('_BASE_URL')));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function tsx(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...TSX, ...args], {
      cwd: ROOT,
      env: ENV,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function runExample(slug: string): Promise<string> {
  const run = await tsx([join('examples', `${slug}.ts`)]);
  expect(run.code, `examples/${slug}.ts exited ${run.code}\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`).toBe(0);
  return run.stdout;
}

/** The lines of a printed list, in order, that match a pattern. */
const linesMatching = (stdout: string, pattern: RegExp) =>
  stdout
    .split('\n')
    .filter((line) => pattern.test(line))
    .map((line) => line.trim().split(/\s+/));

describe.concurrent('examples', () => {
  test('the package imports resolve to the sources (tsconfig paths), not to a possibly stale dist/', {
    timeout: 60_000,
  }, async () => {
    const run = await tsx([
      '--input-type=module',
      '-e',
      "for (const s of ['paycontracts', 'paycontracts/sandbox', 'paycontracts/chari-money']) console.log(import.meta.resolve(s));",
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.trim().split('\n')).toEqual([
      `file://${ROOT}/src/index.ts`,
      `file://${ROOT}/src/sandbox/index.ts`,
      `file://${ROOT}/src/providers/chari-money/index.ts`,
    ]);
  });

  test('alyapay: a session totalling its items, paid by the customer, verified APPROVED', {
    timeout: 60_000,
  }, async () => {
    const out = await runExample('alyapay');
    // 1799.00 + 2 × 49.50; a session lives one hour.
    expect(out).toMatch(/Checkout session sess_\w+ for 1898\.00 MAD, expires in 3600 s/);
    expect(out).toMatch(/Transaction [0-9a-f-]{36}: APPROVED, 1898 MAD/);
    expect(out).toContain('Order fulfilled.');
  });

  test('novasend: payin processing with a 2 % fee, accepted by the customer → processed, transaction completed', {
    timeout: 60_000,
  }, async () => {
    const out = await runExample('novasend');
    expect(out).toMatch(/Payin tr_\w+ \(idempotency key [0-9a-f-]{36}\): processing/);
    // The fee is 2 % of 300 XOF, rounded up to a whole unit.
    expect(out).toContain('Amount 300 XOF + fee 6 = charged 306 XOF');
    expect(out).toMatch(/Send the customer to http:\/\/127\.0\.0\.1:\d+\/__sandbox\/payins\/tr_\w+\/phone/);
    expect(out).toContain('Status: processed, confirmation accepted, transaction completed');
    expect(out).toContain('Paid: 306.00 XOF (amount 300.00 + fees 6.00) from +2250702968786');
  });

  test('haloubi-gateway: partial capture, partial refund, a typed decline, the transactions newest first', {
    timeout: 60_000,
  }, async () => {
    const out = await runExample('haloubi-gateway');
    expect(out).toMatch(/Authorized pay_\w+: 100\.00 MAD on visa •••• 4242, status authorized/);
    expect(out).toContain('Captured 80.00 MAD of 100.00 MAD: captured');
    // Less than the captured amount refunded → partially_refunded.
    expect(out).toContain('Refunded 30.00 MAD: partially_refunded');
    // Test card 4000000000000002: generic decline, 402 with decline code 05.
    expect(out).toMatch(/Declined: kind payment_declined, HTTP 402, code 05, ".+"/);
    expect(linesMatching(out, /^\s+txn_/).map(([, type, status, amount]) => [type, status, amount])).toEqual([
      ['refund', 'refunded', '30.00'],
      ['capture', 'captured', '80.00'],
      ['authorization', 'authorized', '100.00'],
    ]);
  });

  test('chari-pay: 3-D Secure then captured, partially refunded, a failed card, the list newest first', {
    timeout: 60_000,
  }, async () => {
    const out = await runExample('chari-pay');
    expect(out).toMatch(/Payment pay_\w+ for 150\.00 MAD: requires_action/);
    expect(out).toMatch(/Redirect the customer to http:\/\/\S+\/3ds/);
    expect(out).toContain('Status now: captured (150.00 MAD charged)');
    expect(out).toMatch(/Refund re_\w+: 50\.00 MAD; payment partially_refunded, refunded 50\.00 MAD/);
    // tok_decline_insufficient_funds: the payment is returned failed, not an HTTP error.
    expect(out).toMatch(/Payment pay_\w+: failed \(insufficient_funds\)/);
    expect(linesMatching(out, /^\s+pay_/).map(([, status]) => status)).toEqual(['failed', 'partially_refunded']);
  });

  test('chari-money: NOT_EXISTS → registered (202) → ACTIVE level 1, the { data } envelope, a typed 20005', {
    timeout: 60_000,
  }, async () => {
    const out = await runExample('chari-money');
    expect(out).toMatch(/^\+2126\d{8}: NOT_EXISTS$/m);
    expect(out).toMatch(/Registered: HTTP 202, data true, C-Request-Id [0-9a-f-]{36}/);
    expect(out).toMatch(/OTP confirmed \(C-Request-Id confirm-\+2126\d{8}\), PIN set/);
    expect(out).toMatch(/Raw body: \{"data":\{.*"customerStatus":3.*\}\}/);
    expect(out).toMatch(/Wallet Amine Benali: ACTIVE, level 1, RIB \d{24}/);
    expect(out).toContain('Balance: 0.00 MAD');
    expect(out).toMatch(
      /Unknown customer: kind not_found, HTTP 404, errorCode 20005, errorDescription "The specified user could not be found\..*", C-Request-Id [0-9a-f-]{36}/,
    );
  });
});
