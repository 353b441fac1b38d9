import { describe, expect, test } from 'vitest';
import {
  backoffMs,
  IDEMPOTENT_METHODS,
  isReplayable,
  isRetryableStatus,
  MAX_SERVER_WAIT_MS,
  retryDelayMs,
  SAFE_METHODS,
  serverWaitMs,
  shouldRetry,
} from '../../src/core/retry-policy.js';

test.each([
  [408, true],
  [429, true],
  [500, true],
  [502, true],
  [503, true],
  [504, true],
  [400, false],
  [401, false],
  [402, false],
  [403, false],
  [404, false],
  [409, false],
  [410, false],
  [422, false],
])('status %i retryable: %s', (status, want) => {
  expect(isRetryableStatus(status)).toBe(want);
});

describe('backoffMs: 0.5 s doubling to an 8 s cap, up to 25% jitter taken off', () => {
  const cases: [string, { given: [retry: number, random: number]; want: number }][] = [
    ['first retry, no jitter', { given: [0, 0], want: 500 }],
    ['first retry, full jitter', { given: [0, 0.999_999], want: 375 }],
    ['second retry', { given: [1, 0], want: 1000 }],
    ['second retry, half jitter', { given: [1, 0.5], want: 875 }],
    ['fifth retry reaches the cap', { given: [4, 0], want: 8000 }],
    ['tenth retry stays at the cap', { given: [9, 0], want: 8000 }],
    ['cap with full jitter', { given: [9, 0.999_999], want: 6000 }],
  ];
  test.each(cases)('%s', (_, { given: [retry, random], want }) => {
    expect(backoffMs(retry, () => random)).toBe(want);
  });

  test('every retry stays within [75%, 100%] of its base for any random draw', () => {
    for (let retry = 0; retry < 8; retry++) {
      const base = Math.min(500 * 2 ** retry, 8000);
      for (const random of [0, 0.1, 0.25, 0.5, 0.75, 0.99]) {
        const wait = backoffMs(retry, () => random);
        expect(wait).toBeGreaterThanOrEqual(base * 0.75);
        expect(wait).toBeLessThanOrEqual(base);
      }
    }
  });
});

describe('serverWaitMs', () => {
  const now = Date.parse('2026-01-15T10:30:00Z');
  const cases: [string, { given: Record<string, string>; want: number | undefined }][] = [
    ['Retry-After seconds', { given: { 'Retry-After': '2' }, want: 2000 }],
    ['Retry-After zero', { given: { 'Retry-After': '0' }, want: 0 }],
    ['Retry-After fractional seconds', { given: { 'Retry-After': '1.5' }, want: 1500 }],
    ['Retry-After HTTP date 30 s ahead', { given: { 'Retry-After': 'Thu, 15 Jan 2026 10:30:30 GMT' }, want: 30_000 }],
    ['Retry-After HTTP date in the past', { given: { 'Retry-After': 'Thu, 15 Jan 2026 10:00:00 GMT' }, want: 0 }],
    ['retry-after-ms', { given: { 'retry-after-ms': '250' }, want: 250 }],
    ['retry-after-ms wins over Retry-After', { given: { 'retry-after-ms': '250', 'Retry-After': '9' }, want: 250 }],
    ['X-RateLimit-Reset as epoch seconds', { given: { 'X-RateLimit-Reset': String(now / 1000 + 12) }, want: 12_000 }],
    ['X-RateLimit-Reset epoch in the past', { given: { 'X-RateLimit-Reset': String(now / 1000 - 5) }, want: 0 }],
    ['X-RateLimit-Reset as a delta in seconds', { given: { 'X-RateLimit-Reset': '5' }, want: 5000 }],
    [
      'Retry-After wins over X-RateLimit-Reset',
      { given: { 'Retry-After': '1', 'X-RateLimit-Reset': '5' }, want: 1000 },
    ],
    ['a garbage Retry-After', { given: { 'Retry-After': 'soon' }, want: undefined }],
    ['no hint', { given: {}, want: undefined }],
  ];
  test.each(cases)('%s', (_, { given, want }) => {
    expect(serverWaitMs(new Headers(given), now)).toBe(want);
  });
});

describe('retryDelayMs', () => {
  test('the server hint wins over backoff', () => {
    expect(retryDelayMs(3, new Headers({ 'Retry-After': '0' }), () => 0)).toBe(0);
  });
  test('backoff without a hint', () => {
    expect(retryDelayMs(1, new Headers(), () => 0)).toBe(1000);
    expect(retryDelayMs(1, undefined, () => 0)).toBe(1000);
  });
  test('a server wait longer than the ceiling means no retry', () => {
    expect(retryDelayMs(0, new Headers({ 'Retry-After': String(MAX_SERVER_WAIT_MS / 1000 + 1) }))).toBeUndefined();
    expect(retryDelayMs(0, new Headers({ 'Retry-After': String(MAX_SERVER_WAIT_MS / 1000) }))).toBe(MAX_SERVER_WAIT_MS);
  });
});

describe('method sets, as RFC 9110 §9.2 defines them', () => {
  test('safe methods only read: GET, HEAD, OPTIONS', () => {
    expect([...SAFE_METHODS].sort()).toEqual(['GET', 'HEAD', 'OPTIONS']);
  });
  test('idempotent methods are the safe ones plus PUT and DELETE', () => {
    expect([...IDEMPOTENT_METHODS].sort()).toEqual(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PUT']);
  });
});

describe('isReplayable: what may be sent again after a failure', () => {
  const cases: [string, { given: [method: string, hasIdempotencyKey: boolean]; want: boolean }][] = [
    ['GET without a key', { given: ['GET', false], want: true }],
    ['HEAD without a key', { given: ['HEAD', false], want: true }],
    ['OPTIONS without a key', { given: ['OPTIONS', false], want: true }],
    ['PUT without a key (idempotent, not safe)', { given: ['PUT', false], want: true }],
    ['DELETE without a key (idempotent, not safe)', { given: ['DELETE', false], want: true }],
    ['lower-case delete', { given: ['delete', false], want: true }],
    ['POST without a key', { given: ['POST', false], want: false }],
    ['PATCH without a key', { given: ['PATCH', false], want: false }],
    ['POST with an idempotency key', { given: ['POST', true], want: true }],
    ['PATCH with an idempotency key', { given: ['PATCH', true], want: true }],
  ];
  test.each(cases)('%s', (_, { given: [method, keyed], want }) => {
    expect(isReplayable(method, keyed)).toBe(want);
  });
});

describe('shouldRetry(outcome, attempt, policy)', () => {
  const replayable = { maxRetries: 2, replayable: true };
  const answer = (status: number) => ({ status });
  const cases: [
    string,
    { given: [outcome: { status: number } | Error, attempt: number, policy: typeof replayable]; want: boolean },
  ][] = [
    ['a transport error on the first attempt', { given: [new Error('fetch failed'), 0, replayable], want: true }],
    ['503 on the first attempt', { given: [answer(503), 0, replayable], want: true }],
    ['429 on the second attempt', { given: [answer(429), 1, replayable], want: true }],
    ['408', { given: [answer(408), 0, replayable], want: true }],
    ['500 after the last retry', { given: [answer(500), 2, replayable], want: false }],
    ['a transport error after the last retry', { given: [new Error('timeout'), 2, replayable], want: false }],
    ['200', { given: [answer(200), 0, replayable], want: false }],
    ['400', { given: [answer(400), 0, replayable], want: false }],
    ['409', { given: [answer(409), 0, replayable], want: false }],
    [
      '503 on a call that may not be replayed',
      { given: [answer(503), 0, { maxRetries: 2, replayable: false }], want: false },
    ],
    [
      'a transport error on a call that may not be replayed',
      { given: [new Error('fetch failed'), 0, { maxRetries: 2, replayable: false }], want: false },
    ],
    ['503 with maxRetries 0', { given: [answer(503), 0, { maxRetries: 0, replayable: true }], want: false }],
  ];
  test.each(cases)('%s', (_, { given: [outcome, attempt, policy], want }) => {
    expect(shouldRetry(outcome, attempt, policy)).toBe(want);
  });
});
