import type { ProviderSlug } from '../../../src/core/providers.js';
import type { ExpectedCredential } from '../../../src/core/sandbox/types.js';
import { SandboxControl } from '../../../src/sandbox/control-client.js';
import { type RunningSandbox, sandboxDefaults, startSandbox } from '../../../src/sandbox/index.js';
import { type OperationPlan, planOperation, type RequestOverrides } from './base-request.js';
import { sendRequest } from './fuzz-request.js';
import { PROVIDER_ARTIFACTS, type ProviderArtifacts } from './provider-artifacts.js';
import { type SeededFixture, seedFixture } from './sandbox-fixtures.js';
import { startWebhookSink } from './webhook-sink.js';

/** A seeded sandbox on a loopback port and a valid request plan for each of its available operations. */
export interface FuzzTarget {
  artifacts: ProviderArtifacts;
  sandbox: RunningSandbox;
  fixture: SeededFixture;
  plans: OperationPlan[];
  close(): Promise<void>;
}

const SEED_TIMEOUT_MS = 10_000;

/** Starts the provider's sandbox, seeds state through its own API and control API, and plans every operation. */
export async function startFuzzTarget(slug: ProviderSlug): Promise<FuzzTarget> {
  const artifacts = PROVIDER_ARTIFACTS[slug];
  // Fuzzing measures validation, not throttling (test/core/sandbox/rate-limit.test.ts covers that), so the
  // documented request limits are lifted for the thousands of requests a run sends.
  const sandbox = await startSandbox(slug, { rateLimit: false });
  // A request that names its own webhook URL gets deliveries there: it names this local endpoint, never a real host.
  const webhooks = await startWebhookSink();
  const close = async () => {
    await sandbox.close();
    await webhooks.close();
  };
  try {
    const credentials: Record<string, ExpectedCredential> = { ...(await sandboxDefaults(slug)).credentials };
    const byId = new Map(artifacts.operations.map((op) => [op.operationId, op]));
    const operation = (operationId: string) => {
      const op = byId.get(operationId);
      if (!op) throw new Error(`${slug} has no available operation ${operationId}.`);
      return op;
    };
    const fixture = await seedFixture(slug, {
      control: new SandboxControl(sandbox.url),
      webhookUrl: webhooks.url,
      example: (operationId) => structuredClone(operation(operationId).requestBody?.example),
      call: async (operationId: string, overrides?: RequestOverrides) => {
        const plan = await planOperation(artifacts, operation(operationId), credentials, overrides);
        const outcome = await sendRequest(sandbox.url, plan.base(), SEED_TIMEOUT_MS);
        if (outcome.status < 200 || outcome.status > 299)
          throw new Error(
            `Seeding ${slug}: ${operationId} answered ${outcome.status || outcome.error}: ${outcome.text}`,
          );
        return outcome.text ? JSON.parse(outcome.text) : undefined;
      },
    });
    Object.assign(credentials, fixture.credentials);
    const plans = await Promise.all(
      artifacts.operations.map((op) => planOperation(artifacts, op, credentials, fixture.overrides[op.operationId])),
    );
    return { artifacts, sandbox, fixture, plans, close };
  } catch (error) {
    await close();
    throw error;
  }
}
