import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startWebhookReceiver, type WebhookReceiver } from '../../contract-tests/support/webhook-receiver.js';
import { runCli as runInProcess } from '../../src/cli/program.js';
import { verifyHaloubiWebhook } from '../../src/providers/haloubi-gateway/index.js';
import { type RunningSandbox, startSandbox } from '../../src/sandbox/index.js';
import { runCli } from '../cli/cli-process.js';

/** The command in this process, its stdout and stderr captured. */
async function trigger(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runInProcess(['trigger', ...args], {
    line: (text) => {
      out.push(`${text}\n`);
    },
    note: (text) => {
      err.push(`${text}\n`);
    },
    paint: (_style, text) => text,
    progress: (slug, step, detail) => {
      err.push(`${slug} ${step} ${detail}\n`);
    },
  });
  const [stdout, stderr] = [out.join(''), err.join('')];
  return { code, stdout, stderr };
}

describe('paycontracts trigger', () => {
  let receiver: WebhookReceiver;
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    sandbox = await startSandbox('chari-pay', { webhookUrl: receiver.url });
  });
  afterAll(async () => {
    await sandbox?.close();
    await receiver?.close();
  });

  test('--list prints every documented event with the steps of its flow', async () => {
    const { code, stdout } = await trigger(['haloubi-gateway', '--list']);
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toHaveLength(8);
    expect(stdout).toMatch(/^payment\.refunded +authorizePayment → capturePayment → refundPayment {2}\(/m);
    expect(stdout).toMatch(/^payment_intent\.succeeded +createPaymentIntent → confirmPaymentIntent {2}\(/m);
    expect((await trigger(['alyapay', '--list'])).stdout).toBe(
      'alyapay documents no webhook events, so there is nothing to trigger.\n',
    );
  });

  test('end to end: a throwaway sandbox delivers payment.refunded, signed, to --webhook-url, and the process exits 0', async () => {
    const before = receiver.received.length;
    const { code, stdout, stderr } = await runCli([
      'trigger',
      'haloubi-gateway',
      'payment.refunded',
      '--webhook-url',
      receiver.url,
    ]);
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/^payment\.refunded delivered to http:\/\/127\.0\.0\.1:\d+\/webhooks \(200\) evt_\w+\n$/);
    expect(stderr).toContain('also sent: payment.authorized (delivered)');
    const received = receiver.received.slice(before);
    expect(received.map((r) => (JSON.parse(r.body) as { type: string }).type)).toEqual([
      'payment.authorized',
      'payment.captured',
      'payment.refunded',
    ]);
    const last = received[2] as (typeof received)[number];
    expect(verifyHaloubiWebhook(last.body, last.headers, 'whsec_haloubi_sandbox').event).toBe('payment.refunded');
  });

  test('--sandbox: the event goes where that sandbox delivers, and the output says so', async () => {
    const { code, stdout, stderr } = await trigger(['chari-pay', 'payment.disputed', '--sandbox', sandbox.url]);
    expect(code, stderr).toBe(0);
    expect(stderr).toContain(`payment.disputed goes where the sandbox at ${sandbox.url} delivers: ${receiver.url}`);
    expect(stdout).toMatch(/^payment\.disputed delivered to /);
  });

  test.each([
    [
      ['haloubi-gateway', 'payment.exploded', '--webhook-url', 'http://127.0.0.1:9/x'],
      /"payment\.exploded" is not a webhook event haloubi-gateway documents/,
    ],
    [['haloubi-gateway', 'payment.voided'], /Pass --webhook-url \(where the event goes\), or --sandbox URL/],
    [['haloubi-gateway'], /Name the event to trigger, or pass --list/],
    [
      ['chari-money', 'payment.received', '--flow', '/nonexistent/flows.yaml'],
      /No flow file at \/nonexistent\/flows\.yaml/,
    ],
  ])('usage errors exit 2 with one line: %j', async (args, message) => {
    const { code, stderr } = await trigger(args);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });

  test('--sandbox of another provider, or --webhook-url where the flow sends no per-payment endpoint, is a usage error', async () => {
    const other = await trigger(['haloubi-gateway', 'payment.voided', '--sandbox', sandbox.url]);
    expect([other.code, other.stderr]).toEqual([
      2,
      `paycontracts: The sandbox at ${sandbox.url} is chari-pay's, not haloubi-gateway's; pass the URL of a haloubi-gateway sandbox.\n`,
    ]);
    const ignored = await trigger([
      'haloubi-gateway',
      'payment.voided',
      '--sandbox',
      sandbox.url,
      '--webhook-url',
      receiver.url,
    ]);
    expect(ignored.code).toBe(2);
    expect(ignored.stderr).toMatch(/sends no per-payment endpoint, so --webhook-url does not apply with --sandbox/);
  });
});
