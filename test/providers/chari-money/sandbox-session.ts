import spec from '../../../generated/chari-money/spec.js';
import type { ChariMoneyTestCard } from '../../../src/providers/chari-money/sandbox/documented-facts.js';
import { type RunningSandbox, SandboxControl, startSandbox } from '../../../src/sandbox/index.js';

/** The documented sandbox test card (spec root `x-test-cards`). */
export const TEST_CARD = (() => {
  const card = (spec['x-test-cards'] as ChariMoneyTestCard[] | undefined)?.[0];
  if (!card) throw new Error('The chari-money spec has no x-test-cards; run the build.');
  return card;
})();

/** The OTP the sandbox accepts (spec root `x-test-otp`). */
export const TEST_OTP = (spec as unknown as { 'x-test-otp': { code: string } })['x-test-otp'].code;

/** A Chari Money body: `{ data }` on success, `{ errorCode, errorDescription }` on failure. */
export interface ChariBody {
  data: Record<string, unknown>;
  errorCode?: number;
  errorDescription?: string;
}

export interface Reply {
  status: number;
  body: ChariBody;
  headers: Headers;
}

export interface CallOptions {
  query?: Record<string, string>;
  body?: unknown;
  headers?: Record<string, string>;
}

/** A Chari Money sandbox on a free loopback port, called with raw requests (what the sandbox accepts, not the client). */
export interface ChariMoneySession {
  sandbox: RunningSandbox;
  control: SandboxControl;
  call(method: string, path: string, options?: CallOptions): Promise<Reply>;
  /** registers, confirms (test OTP) and sets the PIN of a wallet, so it is ACTIVE */
  onboard(phoneNumber: string, walletType?: 'P' | 'C'): Promise<void>;
  close(): Promise<void>;
}

export async function startChariMoneySession(): Promise<ChariMoneySession> {
  const sandbox = await startSandbox('chari-money');
  const control = new SandboxControl(sandbox.url);
  const call = async (method: string, path: string, { query, body, headers }: CallOptions = {}): Promise<Reply> => {
    const url = new URL(path, sandbox.url);
    for (const [k, v] of Object.entries(query ?? {})) url.searchParams.set(k, v);
    const response = await fetch(url, {
      method,
      headers: {
        'Chari-Api-Key': 'test_key',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
  };
  const expectOk = async (reply: Promise<Reply>, what: string) => {
    const { status, body } = await reply;
    if (status !== 200) throw new Error(`${what} answered ${status}: ${JSON.stringify(body)}`);
  };
  const onboard = async (phoneNumber: string, walletType: 'P' | 'C' = 'P') => {
    const identity = { firstName: 'Amina', lastName: 'Alaoui', cin: 'BE123456' };
    await call('POST', '/api/customers/register', { body: { phoneNumber, ...identity, walletType } });
    await expectOk(
      call('POST', '/api/customers/confirm', { body: { phoneNumber, code: TEST_OTP, walletType } }),
      'confirm',
    );
    await expectOk(call('POST', '/api/customers/pin', { body: { phoneNumber, pin: '1234' } }), 'create PIN');
  };
  return { sandbox, control, call, onboard, close: () => sandbox.close() };
}

/** Seconds from the sandbox's current time to `iso`. */
export function secondsUntil(sandbox: RunningSandbox, iso: string): number {
  return Math.ceil((Date.parse(iso) - sandbox.clock.now()) / 1000);
}
