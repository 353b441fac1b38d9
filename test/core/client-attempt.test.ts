import { afterEach, describe, expect, test, vi } from 'vitest';
import {
  type Attempt,
  AttemptTimer,
  sendAttempt,
  sleep,
  transportFailure,
  transportFor,
} from '../../src/core/client/attempt.js';
import { ConnectionError, type PaymentApiError, TimeoutError } from '../../src/core/errors.js';
import { connectionRefused, fakeFetch, hangingFetch, json } from './fake-fetch.js';

const target = { provider: 'chari-pay', method: 'GET', path: '/v1/payments/{id}', secrets: ['sk_test_1'] };
const request = {
  url: new URL('http://127.0.0.1:4010/v1/payments/pay_1'),
  method: 'GET',
  headers: new Headers({ Authorization: 'Bearer sk_test_1' }),
  body: undefined,
  init: {},
};
const attemptWith = (fetch: (request: Request) => Promise<Response>, over: Partial<Attempt> = {}): Attempt => ({
  transport: transportFor(fetch),
  request,
  target,
  attempt: 0,
  timeoutMs: 1000,
  ...over,
});

afterEach(() => {
  vi.useRealTimers();
});

describe('AttemptTimer', () => {
  test('its signal aborts with a TimeoutError after timeoutMs, not before', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const signal = new AttemptTimer().start(250);
    vi.advanceTimersByTime(249);
    expect(signal.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    expect(signal.aborted).toBe(true);
    expect((signal.reason as DOMException).name).toBe('TimeoutError');
    expect((signal.reason as DOMException).message).toBe('The attempt took longer than 250 ms.');
  });

  test('starting the next attempt clears the previous timer; clear() leaves no timer behind', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const timer = new AttemptTimer();
    const first = timer.start(100);
    const second = timer.start(100);
    expect(vi.getTimerCount()).toBe(1);
    timer.clear();
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(1000);
    expect(first.aborted).toBe(false);
    expect(second.aborted).toBe(false);
  });
});

describe('transportFailure: what the caller sees for a failed attempt', () => {
  const cases: [
    string,
    { given: { error: unknown; timedOut: boolean; attempt: number }; want: [typeof PaymentApiError, string, string] },
  ][] = [
    [
      'its own timeout',
      {
        given: { error: new DOMException('x', 'TimeoutError'), timedOut: true, attempt: 0 },
        want: [TimeoutError, 'timeout', 'chari-pay did not answer GET /v1/payments/{id} within 30 ms (attempt 1).'],
      },
    ],
    [
      'a timeout on the third attempt',
      {
        given: { error: new Error('aborted'), timedOut: true, attempt: 2 },
        want: [TimeoutError, 'timeout', 'chari-pay did not answer GET /v1/payments/{id} within 30 ms (attempt 3).'],
      },
    ],
    [
      'a refused connection',
      {
        given: { error: connectionRefused(), timedOut: false, attempt: 0 },
        want: [ConnectionError, 'connection', 'Could not reach chari-pay for GET /v1/payments/{id}: fetch failed.'],
      },
    ],
    [
      'a thrown non-Error',
      {
        given: { error: 'socket hang up', timedOut: false, attempt: 1 },
        want: [ConnectionError, 'connection', 'Could not reach chari-pay for GET /v1/payments/{id}: socket hang up.'],
      },
    ],
    [
      'a transport message that echoes the secret key is scrubbed',
      {
        given: { error: new Error('bad header sk_test_1'), timedOut: false, attempt: 0 },
        want: [
          ConnectionError,
          'connection',
          'Could not reach chari-pay for GET /v1/payments/{id}: bad header [REDACTED].',
        ],
      },
    ],
  ];
  test.each(cases)('%s', (_, { given, want: [Type, kind, message] }) => {
    const error = transportFailure(given.error, given.timedOut, target, given.attempt, 30);
    expect(error).toBeInstanceOf(Type);
    expect(error.kind).toBe(kind);
    expect(error.message).toBe(message);
    expect(error.retries).toBe(given.attempt);
    expect(error.cause).toBe(given.error);
  });
});

describe('sendAttempt: one attempt under its own timeout', () => {
  test.each([
    ['a 200', 200],
    ['a 503 is an answer, not a failure', 503],
    ['a 400 is an answer', 400],
  ])('%s', async (_, status) => {
    const fake = fakeFetch([json(status, { ok: status < 300 })]);
    const outcome = await sendAttempt(attemptWith(fake.fetch), new AttemptTimer());
    expect(outcome).toBeInstanceOf(Response);
    expect((outcome as Response).status).toBe(status);
    expect(fake.requests[0]?.headers.get('authorization')).toBe('Bearer sk_test_1');
  });

  test('a refused connection resolves to a ConnectionError', async () => {
    const outcome = await sendAttempt(attemptWith(fakeFetch([connectionRefused()]).fetch), new AttemptTimer());
    expect(outcome).toBeInstanceOf(ConnectionError);
  });

  test('a silent server resolves to a TimeoutError at timeoutMs', async () => {
    const outcome = await sendAttempt(attemptWith(hangingFetch().fetch, { timeoutMs: 10 }), new AttemptTimer());
    expect(outcome).toBeInstanceOf(TimeoutError);
  });

  test("the caller's abort rejects with its own reason, never as a PaymentApiError", async () => {
    const controller = new AbortController();
    const sent = sendAttempt(attemptWith(hangingFetch().fetch, { signal: controller.signal }), new AttemptTimer());
    controller.abort(new Error('user left'));
    await expect(sent).rejects.toThrow('user left');
  });

  test('every attempt sends the same body', async () => {
    const fake = fakeFetch([json(201, {})]);
    const body = JSON.stringify({ amount: 1 });
    const posted = { ...request, method: 'POST', body };
    const timer = new AttemptTimer();
    await sendAttempt(attemptWith(fake.fetch, { request: posted }), timer);
    await sendAttempt(attemptWith(fake.fetch, { request: posted, attempt: 1 }), timer);
    expect(fake.requests.map((r) => r.body)).toEqual([body, body]);
  });
});

describe('sleep', () => {
  test('resolves after the delay', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let done = false;
    const waiting = sleep(500).then(() => {
      done = true;
    });
    await vi.advanceTimersByTimeAsync(499);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await waiting;
    expect(done).toBe(true);
  });

  test("the caller's abort ends the wait with its reason", async () => {
    const controller = new AbortController();
    const waiting = sleep(60_000, controller.signal);
    controller.abort(new Error('cancelled'));
    await expect(waiting).rejects.toThrow('cancelled');
    await expect(sleep(10, AbortSignal.abort(new Error('already')))).rejects.toThrow('already');
  });
});
