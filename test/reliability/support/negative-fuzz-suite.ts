import { afterAll, expect, test } from 'vitest';
import type { OperationPlan } from './base-request.js';
import { runBounded } from './bounded-pool.js';
import type { FuzzRunOptions } from './fuzz-options.js';
import { sendRequest } from './fuzz-request.js';
import { FuzzTally } from './fuzz-tally.js';
import type { FuzzTarget } from './fuzz-target.js';
import { describeFuzzedSandbox } from './fuzzed-sandbox.js';
import { isInvalid, type NegativeCase, negativeCaseArbitrary } from './negative-cases.js';
import { PROVIDER_ARTIFACTS } from './provider-artifacts.js';
import { acceptanceProblem, rejectionProblem, unknownRouteProblem } from './response-check.js';
import { operationSeed, requestKey, sampleDistinct } from './sampling.js';
import { firstDifference, stateSnapshot } from './state-snapshot.js';
import { unknownRoutes } from './unknown-routes.js';

/** Replays the cases one at a time to name the first that changes the state (best effort: the state already moved). */
async function stateChanger(target: FuzzTarget, cases: NegativeCase[], timeoutMs: number): Promise<string> {
  for (const c of cases) {
    const before = stateSnapshot(target.sandbox);
    await sendRequest(target.sandbox.url, c.request, timeoutMs);
    if (stateSnapshot(target.sandbox) !== before) return `[${c.kind}] ${c.rule}`;
  }
  return 'no single case changes it again on replay';
}

async function runOperation(
  target: FuzzTarget,
  plan: OperationPlan,
  options: FuzzRunOptions,
  tally: FuzzTally,
): Promise<void> {
  const { artifacts, sandbox } = target;
  const { operationId } = plan.op;
  const before = stateSnapshot(sandbox);
  const arbitrary = negativeCaseArbitrary(artifacts, plan, target.fixture.resourceParams[operationId] ?? [], before);
  const { items: cases, discarded } = sampleDistinct(
    arbitrary,
    (c) => isInvalid(artifacts, plan, c),
    (c) => requestKey(c.request, plan.op.idempotencyHeader),
    operationSeed(options.seed, operationId),
    options.casesPerOperation,
  );
  const outcomes = await runBounded(cases.length, options.concurrency, (i) =>
    sendRequest(sandbox.url, cases[i]!.request, options.requestTimeoutMs),
  );
  const after = stateSnapshot(sandbox);

  const failures: string[] = [];
  cases.forEach((c, i) => {
    const outcome = outcomes[i]!;
    tally.add(`kind.${c.kind}`);
    if (outcome.status >= 500) tally.add('5xx');
    if (outcome.status === 0) tally.add('no-response');
    const problem = rejectionProblem(artifacts, plan.op, c.expected, outcome);
    if (problem) failures.push(`[${c.kind}] ${c.rule}: ${problem}`);
  });
  tally.add('operations');
  tally.add('cases', cases.length);
  tally.add('discarded-still-valid', discarded);
  tally.add('failures', failures.length);
  if (after !== before) tally.add('state-changes');

  expect(
    cases.length,
    `${operationId}: the generators found only ${cases.length} distinct invalid requests`,
  ).toBeGreaterThanOrEqual(options.casesPerOperation);
  expect(
    failures.slice(0, 8),
    `${operationId}: ${failures.length} of ${cases.length} invalid requests were not refused as documented`,
  ).toEqual([]);
  if (after !== before) {
    const culprit = await stateChanger(target, cases, options.requestTimeoutMs);
    expect.fail(
      `${operationId}: refused requests changed the sandbox state (first culprit on replay: ${culprit})\n${firstDifference(before, after)}`,
    );
  }
}

async function runUnknownRoutes(target: FuzzTarget, options: FuzzRunOptions, tally: FuzzTally): Promise<void> {
  const { artifacts, sandbox } = target;
  const before = stateSnapshot(sandbox);
  const { items: routes } = sampleDistinct(
    unknownRoutes(artifacts),
    () => true,
    (r) => requestKey(r.request),
    operationSeed(options.seed, '<unknown routes>'),
    options.casesPerOperation,
  );
  const outcomes = await runBounded(routes.length, options.concurrency, (i) =>
    sendRequest(sandbox.url, routes[i]!.request, options.requestTimeoutMs),
  );
  const failures = routes.flatMap((r, i) => {
    const problem = unknownRouteProblem(artifacts, outcomes[i]!);
    return problem ? [`${r.rule}: ${problem}`] : [];
  });
  const after = stateSnapshot(sandbox);
  tally.add('kind.unknown-route', routes.length);
  tally.add('cases', routes.length);
  tally.add('5xx', outcomes.filter((o) => o.status >= 500).length);
  tally.add('no-response', outcomes.filter((o) => o.status === 0).length);
  tally.add('failures', failures.length);
  if (after !== before) tally.add('state-changes');
  expect(routes.length).toBeGreaterThanOrEqual(options.casesPerOperation);
  expect(
    failures.slice(0, 8),
    `${failures.length} of ${routes.length} unknown routes were not answered with the provider's 404`,
  ).toEqual([]);
  expect(after === before, `requests to unknown routes changed the state\n${firstDifference(before, after)}`).toBe(
    true,
  );
}

/**
 * Negative fuzzing of every available operation of every sandbox: each case breaks one thing in an otherwise valid
 * request that would change seeded state, and must get a documented 4xx in the provider's own error format, never a
 * 5xx or a hang, and leave the state exactly as it was.
 */
export function describeNegativeFuzz(options: FuzzRunOptions): void {
  const tally = new FuzzTally();
  afterAll(() => {
    console.log(tally.line(options.suite, { seed: options.seed, providers: options.providers.length }));
    expect(tally.get('cases')).toBeGreaterThanOrEqual(tally.get('operations') * options.casesPerOperation);
    expect({
      '5xx': tally.get('5xx'),
      noResponse: tally.get('no-response'),
      failures: tally.get('failures'),
      stateChanges: tally.get('state-changes'),
    }).toEqual({
      '5xx': 0,
      noResponse: 0,
      failures: 0,
      stateChanges: 0,
    });
  });

  for (const slug of options.providers) {
    describeFuzzedSandbox(options.suite, slug, (target) => {
      for (const op of PROVIDER_ARTIFACTS[slug].operations) {
        test(
          `${op.operationId}: ${options.casesPerOperation} invalid requests get a documented 4xx in ${slug}'s format and change no state`,
          async () => {
            const t = target();
            await runOperation(t, t.plans.find((p) => p.op.operationId === op.operationId)!, options, tally);
          },
          options.testTimeoutMs,
        );
      }

      test(
        `${options.casesPerOperation} requests to routes the spec does not have get ${slug}'s 404 and change no state`,
        async () => {
          await runUnknownRoutes(target(), options, tally);
        },
        options.testTimeoutMs,
      );

      // Last, on purpose: the seeded resources are still untouched only if every rejection above changed nothing.
      test(
        'every unmutated base request is accepted, so each refusal above was the mutation’s doing',
        async () => {
          const { plans, sandbox, artifacts } = target();
          const problems: string[] = [];
          for (const plan of plans) {
            const outcome = await sendRequest(sandbox.url, plan.base(), options.requestTimeoutMs);
            const problem =
              outcome.status >= 200 && outcome.status < 300
                ? acceptanceProblem(artifacts, plan.op, outcome)
                : `answered ${outcome.status}: ${outcome.text.slice(0, 200)}`;
            if (problem) problems.push(`${plan.op.operationId}: ${problem}`);
          }
          tally.add('bases-accepted', plans.length - problems.length);
          expect(problems).toEqual([]);
        },
        options.testTimeoutMs,
      );
    });
  }
}
