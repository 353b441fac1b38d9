import { OperationStatus } from '../../../../generated/chari-money/enums.js';
import { escapeHtml, htmlPage, seeOther } from '../../../core/sandbox/pages/html.js';
import { controlPageUrl } from '../../../core/sandbox/pages/page-url.js';
import type { ControlContext, ControlRoute, SandboxReply } from '../../../core/sandbox/types.js';
import { awaitsThreeDSecure, type ChallengeOutcome, endThreeDSecure, redirectQuery } from './card-3ds-outcome.js';
import { mad } from './ledger.js';
import type { ChariMoneyState, Operation } from './state.js';

type PageContext = ControlContext<ChariMoneyState>;

const TITLE = 'Chari Money 3-D Secure';

/** The address of an operation's 3-D Secure page: `redirectionURL`. */
export function threeDSecurePageUrl(publicUrl: string, referenceId: string): string {
  return controlPageUrl(publicUrl, 'showChariMoneyThreeDSecurePage', { referenceId });
}

function byReference(state: ChariMoneyState, referenceId: string): Operation | undefined {
  for (const operation of state.operations.values()) {
    if (operation.challenge && operation.gateway?.referenceId === referenceId) return operation;
  }
  return undefined;
}

const statusName = (status: number) =>
  Object.entries(OperationStatus).find(([, value]) => value === status)?.[0] ?? String(status);

function notFound(referenceId: string): SandboxReply {
  return htmlPage({
    title: TITLE,
    status: 404,
    body: `<p class="error" role="alert">No card operation of this sandbox has the 3-D Secure reference "${escapeHtml(referenceId)}".</p>
<p>Open the <code>redirectionURL</code> the card cash-in or card payment answered, on the sandbox that answered it.</p>`,
  });
}

function queryList(query: Record<string, string>): string {
  const rows = Object.entries(query).map(
    ([name, value]) => `<tr><th>${escapeHtml(name)}</th><td>${escapeHtml(value)}</td></tr>`,
  );
  return `<table><caption>Redirect parameters</caption>${rows.join('')}</table>`;
}

function alreadyFinished(operation: Operation): SandboxReply {
  const passed = operation.challenge?.outcome === 'passed' || operation.status === OperationStatus.COMPLETED;
  return htmlPage({
    title: TITLE,
    status: 409,
    body: `<p class="error" role="alert">Operation ${operation.id} already finished 3-D Secure (status ${statusName(operation.status)}); a second code changes nothing.</p>
${queryList(redirectQuery(passed))}`,
  });
}

function challengeForm(publicUrl: string, operation: Operation, problem?: string): string {
  const reference = operation.gateway?.referenceId ?? '';
  const last4 = operation.challenge?.pan.slice(-4) ?? '';
  return `<p>Operation ${operation.id}: ${escapeHtml(mad(operation.amount + operation.fee).toFixed(2))} MAD on the card ending ${escapeHtml(last4)}.</p>
${problem ? `<p class="error" role="alert">${escapeHtml(problem)}</p>` : ''}
<form method="post" action="${escapeHtml(threeDSecurePageUrl(publicUrl, reference))}">
<label for="code">3-D Secure code</label>
<input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" required>
<p>The sandbox test card's code is 555; any other code fails the operation.</p>
<button type="submit">Confirm</button>
</form>`;
}

/** GET: the page `redirectionURL` opens, asking for the code. */
export const showThreeDSecurePage: ControlRoute<ChariMoneyState> = {
  operationId: 'showChariMoneyThreeDSecurePage',
  handle: ({ params, state, publicUrl }: PageContext) => {
    const operation = byReference(state, params.referenceId ?? '');
    if (!operation) return notFound(params.referenceId ?? '');
    if (!awaitsThreeDSecure(operation)) return alreadyFinished(operation);
    return htmlPage({ title: TITLE, body: challengeForm(publicUrl, operation) });
  },
};

/** Without a return URL the browser stays here and the page shows what the redirect would carry. */
function outcomePage(operation: Operation, outcome: ChallengeOutcome): SandboxReply {
  const verdict = outcome.passed ? 'passed' : 'failed';
  return htmlPage({
    title: TITLE,
    body: `<p role="status">3-D Secure ${verdict} for operation ${operation.id} (status ${statusName(operation.status)}).</p>
<p>No return URL is known: the payment has no AcceptUrl/DeclineUrl and the partner's acceptURL/declineURL are not set
(POST /__sandbox/partner/redirect-urls).</p>
${queryList(outcome.query)}`,
  });
}

/** POST: the form. The code ends 3-D Secure and the browser goes back to the merchant (303). */
export const submitThreeDSecurePage: ControlRoute<ChariMoneyState> = {
  operationId: 'submitChariMoneyThreeDSecurePage',
  handle: (ctx: PageContext) => {
    const operation = byReference(ctx.state, ctx.params.referenceId ?? '');
    if (!operation) return notFound(ctx.params.referenceId ?? '');
    if (!awaitsThreeDSecure(operation)) return alreadyFinished(operation);
    const code = String((ctx.body as { code?: unknown }).code ?? '').trim();
    if (code === '') {
      const body = challengeForm(ctx.publicUrl, operation, 'Enter the 3-D Secure code.');
      return htmlPage({ title: TITLE, status: 400, body });
    }
    const outcome = endThreeDSecure(ctx, operation, code);
    return outcome.location ? seeOther(outcome.location) : outcomePage(operation, outcome);
  },
};

/** The partner's acceptURL / declineURL, as Chari would configure them; a field left out clears it. */
export const setPartnerRedirectUrls: ControlRoute<ChariMoneyState> = {
  operationId: 'setChariMoneyPartnerRedirectUrls',
  handle: ({ body, state }: PageContext) => {
    const { acceptURL, declineURL } = body as { acceptURL?: string; declineURL?: string };
    state.partnerRedirects = {
      ...(acceptURL === undefined ? {} : { acceptURL }),
      ...(declineURL === undefined ? {} : { declineURL }),
    };
    return { status: 200, body: state.partnerRedirects };
  },
};
