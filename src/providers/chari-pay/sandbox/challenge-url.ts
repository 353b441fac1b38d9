import controlSpec from '../../../../generated/sandbox-control/spec.js';

/** The control operation that serves the 3-D Secure challenge page (sandbox-control spec). */
const CHALLENGE_PAGE = 'showChariPayThreeDSecureChallenge';

/** The page's path template, read from the sandbox-control spec, e.g. `/__sandbox/payments/{id}/3ds/challenge`. */
const CHALLENGE_PATH = (() => {
  const paths = (controlSpec.paths ?? {}) as Record<string, { get?: { operationId?: string } }>;
  const found = Object.keys(paths).find((path) => paths[path]?.get?.operationId === CHALLENGE_PAGE);
  if (!found) throw new Error(`The sandbox-control spec has no GET operation ${CHALLENGE_PAGE}.`);
  return found;
})();

/** Where the customer's browser takes a payment's 3-D Secure challenge, on the sandbox's public base URL. */
export function challengePageUrl(publicUrl: string, paymentId: string): string {
  return `${publicUrl}${CHALLENGE_PATH.replace('{id}', encodeURIComponent(paymentId))}`;
}
