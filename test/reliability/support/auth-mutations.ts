import fc from 'fast-check';
import { type AuthSlot, credentialValue, type OperationPlan } from './base-request.js';
import { headerText } from './fuzz-request.js';
import type { NegativeCase } from './negative-cases.js';

/** A credential the sandbox cannot accept for the slot: never the expected value, sometimes not even its scheme. */
function wrongCredentials(slot: AuthSlot): fc.Arbitrary<string> {
  const token = fc
    .string({ minLength: 1, maxLength: 40 })
    .map(headerText)
    .filter((s) => s.length > 0);
  if (slot.kind === 'apiKey') return token.filter((s) => s !== slot.expected);
  if (slot.kind === 'bearer') {
    const expected = String(slot.expected);
    return fc.oneof(
      token.filter((s) => s !== expected).map((s) => `Bearer ${s}`),
      fc.constant(`Basic ${Buffer.from(`${expected}:`).toString('base64')}`),
      fc.constant('Bearer'),
      fc.constant(`Token ${expected}`),
    );
  }
  const { username, password } = slot.expected as { username: string; password: string };
  return fc.oneof(
    fc
      .tuple(fc.string({ maxLength: 20 }), fc.string({ maxLength: 20 }))
      .filter(([u, p]) => `${u}:${p}` !== `${username}:${password}`)
      .map(([u, p]) => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`),
    fc.constant(`Basic ${Buffer.from(`${username}${password}`).toString('base64')}`),
    fc.constant(`Bearer ${username}:${password}`),
    fc.constant('Basic'),
    token.map((s) => `Basic ${s}`).filter((value) => value !== credentialValue(slot, slot.expected)),
  );
}

/** Requests with the operation's credentials missing or wrong (another key, another scheme, a malformed header). */
export function authCases(plan: OperationPlan): fc.Arbitrary<NegativeCase>[] {
  if (plan.authOptional) return [];
  return plan.authSlots.flatMap((slot) => {
    const set = (value: string | undefined, rule: string): NegativeCase => {
      const request = plan.base();
      const group = slot.in === 'header' ? request.headers : request.query;
      if (value === undefined) delete group[slot.name];
      else group[slot.name] = value;
      return { kind: 'auth', rule: `${slot.scheme}: ${rule}`, request, expected: 'unauthorized' };
    };
    return [fc.constant(set(undefined, 'missing')), wrongCredentials(slot).map((value) => set(value, 'wrong'))];
  });
}
