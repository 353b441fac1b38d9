import type { components } from '../../../../generated/chari-pay/schema.js';
import type { operations } from '../../../../generated/sandbox-control/schema.js';
import { escapeHtml, htmlPage, seeOther } from '../../../core/sandbox/pages/html.js';
import type { ControlRoute, SandboxReply } from '../../../core/sandbox/types.js';
import { fromChariPayAmount } from '../money.js';
import { challengePageUrl } from './challenge-url.js';
import type { ChariPayState, StoredPayment } from './state.js';
import { THREE_D_SECURE_EXPIRY } from './test-cards.js';
import { answerThreeDSecure, findChallenge, type NoChallenge } from './three-d-secure.js';

type ReturnQuery = components['schemas']['ThreeDSecureReturnQuery'];
type ChallengeForm =
  operations['submitChariPayThreeDSecureChallenge']['requestBody']['content']['application/x-www-form-urlencoded'];

/** The buttons' values, typed by the page form's schema in the sandbox-control spec. */
const PASS: ChallengeForm['result'] = 'success';
const FAIL: ChallengeForm['result'] = 'failure';

/**
 * Where the customer goes back to: the payment's `return_url` with the spec's `ThreeDSecureReturnQuery` added to the
 * query it already has. Only an http(s) URL: a `javascript:` URL is a valid `uri` but must never become a link.
 */
function merchantReturnUrl(stored: StoredPayment): string | undefined {
  if (!stored.returnUrl) return undefined;
  let url: URL;
  try {
    url = new URL(stored.returnUrl);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  const { payment } = stored;
  const query: ReturnQuery = { payment_id: payment.id, status: payment.status as ReturnQuery['status'] };
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  return url.href;
}

function backToMerchant(stored: StoredPayment): string {
  const href = merchantReturnUrl(stored);
  return href ? `<p><a href="${escapeHtml(href)}">Return to the merchant's site</a></p>` : '';
}

/** What the customer is paying: amount, currency, the merchant's reference and the card. */
function paymentSummary(stored: StoredPayment): string {
  const { payment } = stored;
  const card = payment.payment_method;
  return `<dl>
<dt>Amount</dt><dd>${escapeHtml(fromChariPayAmount(payment.amount, payment.currency))} ${escapeHtml(payment.currency)}</dd>
<dt>Merchant reference</dt><dd>${escapeHtml(payment.reference)}</dd>
<dt>Card</dt><dd>${escapeHtml(card.network)} ending in ${escapeHtml(card.last4)}</dd>
<dt>Payment</dt><dd><code>${escapeHtml(payment.id)}</code></dd>
</dl>`;
}

/** The page for a payment whose challenge cannot be answered: unknown (404), abandoned (410), or no longer open (409). */
function noChallengePage(id: string | undefined, found: NoChallenge): SandboxReply {
  if (found.reason === 'unknown') {
    return htmlPage({
      status: 404,
      title: 'No such payment',
      body: `<p class="error">This sandbox holds no Chari Pay payment <code>${escapeHtml(id)}</code>.</p>
<p>Open the <code>next_action.redirect_url</code> of a payment in <code>requires_action</code>, as the merchant's site received it.</p>`,
    });
  }
  const { stored } = found;
  const { payment } = stored;
  if (payment.failure_code === THREE_D_SECURE_EXPIRY.failureCode) {
    return htmlPage({
      status: 410,
      title: 'Authentication expired',
      body: `<p class="error">This 3-D Secure challenge was not completed within ${THREE_D_SECURE_EXPIRY.afterSeconds / 60} minutes (sandbox clock): payment <code>${escapeHtml(payment.id)}</code> failed (<code>${escapeHtml(payment.failure_code)}</code>).</p>
<p>Go back to the merchant's site to pay again.</p>${backToMerchant(stored)}`,
    });
  }
  return htmlPage({
    status: 409,
    title: 'Nothing to authenticate',
    body: `<p class="error">Payment <code>${escapeHtml(payment.id)}</code> is <code>${escapeHtml(payment.status)}</code>: it is not waiting for 3-D Secure, so there is nothing to answer here.</p>
${backToMerchant(stored)}`,
  });
}

/** The challenge: what is being paid, and the two outcomes a test can choose. */
function challengePage(publicUrl: string, stored: StoredPayment): SandboxReply {
  const expires = stored.deadline ? new Date(stored.deadline.at).toISOString() : undefined;
  return htmlPage({
    title: '3-D Secure authentication',
    body: `<p>The merchant asks you to confirm this Chari Pay payment with your bank.</p>
${paymentSummary(stored)}
<p>A real bank would ask for a code sent by SMS or a fingerprint. Here, choose the outcome.${
      expires
        ? ` Unanswered, the challenge expires at <time datetime="${expires}">${expires}</time> (sandbox clock).`
        : ''
    }</p>
<form method="post" action="${escapeHtml(challengePageUrl(publicUrl, stored.payment.id))}">
<button type="submit" name="result" value="${PASS}">Complete authentication</button>
<button type="submit" name="result" value="${FAIL}" class="secondary">Fail authentication</button>
</form>`,
  });
}

/** After the answer, with no `return_url` to go back to: the page says how it ended. */
function outcomePage(stored: StoredPayment): SandboxReply {
  const { payment } = stored;
  const failed = payment.failure_code !== null && payment.failure_code !== undefined;
  return htmlPage({
    title: failed ? 'Authentication failed' : 'Authentication complete',
    body: `<p>Payment <code>${escapeHtml(payment.id)}</code> is now <code>${escapeHtml(payment.status)}</code>${
      failed ? ` (<code>${escapeHtml(payment.failure_code)}</code>)` : ''
    }.</p>
<p>The payment has no <code>return_url</code>, so there is no merchant page to go back to: you can close this page.</p>`,
  });
}

/** `GET` of `next_action.redirect_url`: the 3-D Secure challenge page of a `requires_action` payment. */
export const showThreeDSecureChallengeRoute: ControlRoute<ChariPayState> = {
  operationId: 'showChariPayThreeDSecureChallenge',
  handle: (ctx) => {
    const found = findChallenge(ctx, ctx.params.id);
    return 'payment' in found ? challengePage(ctx.publicUrl, found) : noChallengePage(ctx.params.id, found);
  },
};

/** The page's form: the same answer as the control call, then back to the merchant (303) with the return query. */
export const submitThreeDSecureChallengeRoute: ControlRoute<ChariPayState> = {
  operationId: 'submitChariPayThreeDSecureChallenge',
  handle: (ctx) => {
    const passed = (ctx.body as ChallengeForm).result === PASS;
    const answered = answerThreeDSecure(ctx, ctx.params.id, passed);
    if (!('payment' in answered)) return noChallengePage(ctx.params.id, answered);
    const back = merchantReturnUrl(answered);
    return back ? seeOther(back) : outcomePage(answered);
  },
};
