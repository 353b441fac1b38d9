import fc from 'fast-check';
import { afterAll, expect, test } from 'vitest';
import chariMoneySpec from '../../generated/chari-money/spec.js';
import chariPaySpec from '../../generated/chari-pay/spec.js';
import haloubiSpec from '../../generated/haloubi-gateway/spec.js';
import type { OpenApiDocument } from '../../src/core/openapi-document.js';
import { type SignedTestWebhook, type WebhookHeaders, WebhookVerificationError } from '../../src/core/webhooks.js';
import { signChariMoneyTestWebhook, verifyChariMoneyWebhook } from '../../src/providers/chari-money/index.js';
import { signChariPayTestWebhook, verifyChariPayWebhook } from '../../src/providers/chari-pay/index.js';
import { signHaloubiTestWebhook, verifyHaloubiWebhook } from '../../src/providers/haloubi-gateway/index.js';
import { webhookExamples } from '../providers/webhook-examples.js';
import {
  type Delivery,
  effectOf,
  mutate,
  mutationArbitrary,
  presentationArbitrary,
} from './support/delivery-mutations.js';

/**
 * Signed deliveries of the three providers that authenticate webhooks, mutated by fast-check with a fixed seed. A
 * mutation that changes a signed byte, the signature, or the secret must be rejected with WebhookVerificationError;
 * a delivery whose bytes and signature are untouched (header names re-cased, as HTTP allows) must be accepted.
 */

const SEED = 20_240_611;
const RUNS_PER_PROVIDER = 3_400;

interface Provider {
  name: string;
  spec: OpenApiDocument;
  secret: string;
  sign(payload: unknown, secret: string): SignedTestWebhook;
  verify(body: Buffer, headers: WebhookHeaders, secret: string, event: string): { payload: unknown };
}

const PROVIDERS: Provider[] = [
  {
    name: 'chari-pay',
    spec: chariPaySpec,
    secret: 'whsec_tamper_chari_pay_5b1e',
    sign: signChariPayTestWebhook,
    verify: (body, headers, secret) => verifyChariPayWebhook(body, headers, secret),
  },
  {
    name: 'haloubi-gateway',
    spec: haloubiSpec,
    secret: 'whsec_tamper_haloubi_0c7d',
    sign: signHaloubiTestWebhook,
    verify: (body, headers, secret) => verifyHaloubiWebhook(body, headers, secret),
  },
  {
    // The document's examples omit data.EventId, so the endpoint says which event it receives, as a partner's does.
    name: 'chari-money',
    spec: chariMoneySpec,
    secret: 'partner-key-tamper-chari-money-7f2a',
    sign: signChariMoneyTestWebhook,
    verify: (body, headers, secret, event) => verifyChariMoneyWebhook(body, headers, secret, { event }),
  },
];

interface Tally {
  tried: number;
  tampered: number;
  tamperedAccepted: number;
  untouched: number;
  untouchedRejected: number;
  /** untouched deliveries whose header names came in other cases */
  untouchedRecased: number;
  /** Chari Money's shared key does not sign the body: body changes it cannot detect, accepted as sent */
  unsignedBodyAccepted: number;
  unsignedBodyRejected: number;
}
const tallies = new Map<string, Tally>();

afterAll(() => {
  const all = [...tallies.values()];
  const sum = (key: keyof Tally) => all.reduce((n, t) => n + t[key], 0);
  console.log(
    `webhook-tampering: mutations tried=${sum('tried')} (tampered=${sum('tampered')}, untouched=${sum('untouched')}), tampered accepted=${sum('tamperedAccepted')}, ` +
      `untouched rejected=${sum('untouchedRejected')}; Chari Money body changes its unsigned scheme cannot detect: ` +
      `${sum('unsignedBodyAccepted')} accepted as sent, ${sum('unsignedBodyRejected')} rejected as malformed; per provider ${JSON.stringify(Object.fromEntries(tallies))}`,
  );
});

test.each(PROVIDERS.map((p) => [p.name, p] as const))(
  '%s: every tampered delivery is rejected, every untouched one accepted',
  (name, provider) => {
    const scheme = provider.spec['x-webhook-signature'] as { scheme: string; header: string };
    const bodySigned = scheme.scheme === 'hmac-sha256';
    const bases = webhookExamples(provider.spec).map(([event, , payload]) => {
      const signed = provider.sign(payload, provider.secret);
      const delivery: Delivery = {
        body: Buffer.from(signed.body, 'utf8'),
        headers: signed.headers,
        secret: provider.secret,
      };
      return { event, payload, delivery };
    });
    expect(bases.length).toBeGreaterThan(1);
    const tally: Tally = {
      tried: 0,
      tampered: 0,
      tamperedAccepted: 0,
      untouched: 0,
      untouchedRejected: 0,
      untouchedRecased: 0,
      unsignedBodyAccepted: 0,
      unsignedBodyRejected: 0,
    };
    tallies.set(name, tally);

    fc.assert(
      fc.property(fc.nat(), mutationArbitrary, presentationArbitrary, (pick, mutation, presentation) => {
        const base = bases[pick % bases.length]!;
        const others = bases.filter((b) => b !== base).map((b) => b.delivery);
        const mutated = mutate(base.delivery, scheme.header, mutation, presentation, others);
        const effect = effectOf(base.delivery, mutated, scheme.header);
        let accepted: { payload: unknown } | undefined;
        let rejection: unknown;
        try {
          accepted = provider.verify(mutated.body, mutated.headers, mutated.secret, base.event);
        } catch (error) {
          rejection = error;
        }
        tally.tried += 1;
        // A verifier may only ever refuse with its typed error, whatever it is given.
        if (rejection !== undefined && !(rejection instanceof WebhookVerificationError)) throw rejection;

        const authTampered = effect.authValueChanged || effect.authHeaderMissing || effect.secretChanged;
        if (authTampered || (bodySigned && effect.bodyChanged)) {
          tally.tampered += 1;
          if (accepted) tally.tamperedAccepted += 1;
          expect(accepted, `${mutation.kind} was accepted`).toBeUndefined();
          // Refused for its authentication, before the body is even parsed.
          expect(['bad_signature', 'missing_header']).toContain((rejection as WebhookVerificationError).reason);
        } else if (effect.bodyChanged) {
          // Only reachable for a shared-key scheme: the body is not signed, so the verifier can only check its shape.
          if (accepted) {
            tally.unsignedBodyAccepted += 1;
            expect(accepted.payload).toEqual(JSON.parse(mutated.body.toString('utf8')));
          } else {
            tally.unsignedBodyRejected += 1;
            expect(['bad_payload', 'unknown_event']).toContain((rejection as WebhookVerificationError).reason);
          }
        } else {
          tally.untouched += 1;
          if (presentation.headerCase) tally.untouchedRecased += 1;
          if (!accepted) tally.untouchedRejected += 1;
          expect(
            rejection,
            `an untouched delivery (${mutation.kind}, header names ${presentation.headerCase ? 're-cased' : 'as sent'}) was rejected`,
          ).toBeUndefined();
          expect(accepted!.payload).toEqual(base.payload);
        }
      }),
      { seed: SEED, numRuns: RUNS_PER_PROVIDER },
    );

    expect(tally.tried).toBe(RUNS_PER_PROVIDER);
    expect(tally.tamperedAccepted).toBe(0);
    expect(tally.untouchedRejected).toBe(0);
    // The generator really produced both classes, and header names in other cases among the untouched. A shared-key
    // scheme authenticates only its header, so fewer of its mutations count as tampering.
    expect(tally.tampered).toBeGreaterThan(RUNS_PER_PROVIDER / (bodySigned ? 2 : 5));
    expect(tally.untouched).toBeGreaterThan(100);
    expect(tally.untouchedRecased).toBeGreaterThan(50);
  },
);

test('at least 10,000 mutations were tried over the three providers', () => {
  const tried = [...tallies.values()].reduce((n, t) => n + t.tried, 0);
  expect(tallies.size).toBe(PROVIDERS.length);
  expect(tried).toBeGreaterThanOrEqual(10_000);
});
