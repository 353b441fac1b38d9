import { afterAll, expect, test } from 'vitest';
import type { OperationPlan } from './base-request.js';
import { runBounded } from './bounded-pool.js';
import type { FuzzRunOptions } from './fuzz-options.js';
import { type FuzzRequest, sendRequest, urlOf } from './fuzz-request.js';
import { FuzzTally } from './fuzz-tally.js';
import type { FuzzTarget } from './fuzz-target.js';
import { describeFuzzedSandbox } from './fuzzed-sandbox.js';
import { isValidRequest, positiveRequestArbitrary } from './positive-cases.js';
import { PROVIDER_ARTIFACTS } from './provider-artifacts.js';
import { acceptanceProblem } from './response-check.js';
import { operationSeed, requestKey, sampleDistinct } from './sampling.js';

function describeRequest(request: FuzzRequest): string {
  const body =
    request.body === undefined
      ? ''
      : typeof request.body.data === 'string'
        ? ` ${request.body.data.slice(0, 200)}`
        : ' <multipart>';
  return `${request.method} ${urlOf('', request).slice(0, 200)}${body}`;
}

async function runOperation(
  target: FuzzTarget,
  plan: OperationPlan,
  options: FuzzRunOptions,
  tally: FuzzTally,
): Promise<void> {
  const { artifacts, sandbox, fixture } = target;
  const { operationId } = plan.op;
  const arbitrary = positiveRequestArbitrary(artifacts, plan, fixture.pinned[operationId] ?? []);
  // An operation whose request has nothing to vary (a read by seeded id) gets its base request repeated instead.
  const { items: varied, discarded } = arbitrary
    ? sampleDistinct(
        arbitrary,
        (request) => isValidRequest(artifacts, plan, request),
        (request) => requestKey(request, plan.op.idempotencyHeader),
        operationSeed(options.seed, operationId),
        options.casesPerOperation - 1,
      )
    : { items: Array.from({ length: options.casesPerOperation - 1 }, () => plan.base()), discarded: 0 };
  if (!arbitrary) tally.add('operations-with-nothing-to-vary');
  // The unvaried base first, on its own, so the seeded resource it names is still as seeded.
  const requests = [plan.base(), ...varied];
  const outcomes = [await sendRequest(sandbox.url, requests[0]!, options.requestTimeoutMs)];
  outcomes.push(
    ...(await runBounded(varied.length, options.concurrency, (i) =>
      sendRequest(sandbox.url, varied[i]!, options.requestTimeoutMs),
    )),
  );

  const failures: string[] = [];
  if (process.env.PAYCONTRACTS_FUZZ_DEBUG) console.log(operationId, outcomes.map((o) => o.status).join(','));
  outcomes.forEach((outcome, i) => {
    if (outcome.status >= 200 && outcome.status < 300) tally.add('2xx');
    else if (outcome.status >= 400 && outcome.status < 500) tally.add('business-4xx');
    if (outcome.status >= 500) tally.add('5xx');
    if (outcome.status === 0) tally.add('no-response');
    const problem = acceptanceProblem(artifacts, plan.op, outcome);
    if (problem) failures.push(`${i === 0 ? 'base' : `case ${i}`} ${describeRequest(requests[i]!)}: ${problem}`);
  });
  tally.add('operations');
  tally.add('cases', requests.length);
  tally.add('discarded-invalid', discarded);
  tally.add('failures', failures.length);

  expect(
    requests.length,
    `${operationId}: only ${varied.length} distinct valid variations were found`,
  ).toBeGreaterThanOrEqual(options.casesPerOperation);
  expect(
    failures.slice(0, 8),
    `${operationId}: ${failures.length} of ${requests.length} valid requests got an undocumented or off-spec answer`,
  ).toEqual([]);
}

/**
 * Positive fuzzing of every available operation: valid requests generated from the schemas, starting from the seeded
 * example and varying fields within their constraints, get a 2xx or a documented business 4xx whose body matches the
 * spec for that status.
 */
export function describePositiveFuzz(options: FuzzRunOptions): void {
  const tally = new FuzzTally();

  afterAll(() => {
    console.log(tally.line(options.suite, { seed: options.seed, providers: options.providers.length }));
    expect(tally.get('cases')).toBeGreaterThanOrEqual(tally.get('operations') * options.casesPerOperation);
    expect(tally.get('2xx'), 'no valid request was accepted at all').toBeGreaterThan(0);
    expect({ '5xx': tally.get('5xx'), noResponse: tally.get('no-response'), failures: tally.get('failures') }).toEqual({
      '5xx': 0,
      noResponse: 0,
      failures: 0,
    });
  });

  for (const slug of options.providers) {
    describeFuzzedSandbox(options.suite, slug, (target) => {
      for (const op of PROVIDER_ARTIFACTS[slug].operations) {
        test(
          `${op.operationId}: ${options.casesPerOperation} valid requests get a 2xx or a documented 4xx that matches the spec`,
          async () => {
            const t = target();
            await runOperation(t, t.plans.find((p) => p.op.operationId === op.operationId)!, options, tally);
          },
          options.testTimeoutMs,
        );
      }
    });
  }
}
