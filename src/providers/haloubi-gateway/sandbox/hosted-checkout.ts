import spec from '../../../../generated/haloubi-gateway/spec.js';
import { OperationIndex } from '../../../core/operation-index.js';
import { escapeHtml, htmlPage } from '../../../core/sandbox/pages/html.js';
import { controlPageUrl } from '../../../core/sandbox/pages/page-url.js';
import type { ControlContext, SandboxReply } from '../../../core/sandbox/types.js';
import { fromHaloubiAmount } from '../money.js';
import { CHECKOUT_RETURN_PARAMETER, RETURN_URL_PLACEHOLDERS, type UrlPlaceholder } from './documented-facts.js';
import { type HaloubiPaymentIntent, type HaloubiState, lapseIntent } from './state.js';

/** The path of an operation, from its spec, by operationId. */
function pathOf(index: OperationIndex, operationId: string): string {
  const path = index.byOperationId(operationId)?.path;
  if (path === undefined) throw new TypeError(`No ${operationId} operation in the spec; run the build.`);
  return path;
}

const haloubi = new OperationIndex(spec);
/** What the page's script calls: the public endpoints, with the client secret. */
const PUBLIC_INTENT_PATH = pathOf(haloubi, 'getPublicPaymentIntent');
const CONFIRM_PATH = pathOf(haloubi, 'confirmPaymentIntent');

function withId(path: string, id: string): string {
  return path.replace('{id}', encodeURIComponent(id));
}

/** `checkout_url` of an intent: this sandbox's own hosted checkout page (the control spec's path). */
export function checkoutUrl(publicUrl: string, intentId: string): string {
  return controlPageUrl(publicUrl, 'showHaloubiCheckoutPage', { id: intentId });
}

/** Where the customer goes back to: the merchant's URL, its placeholder filled, with `?payment_intent=`. */
export function returnUrl(template: string, placeholder: UrlPlaceholder, intent: HaloubiPaymentIntent): string {
  const value = String(intent[placeholder.field as keyof HaloubiPaymentIntent]);
  const url = new URL(template.replaceAll(placeholder.placeholder, encodeURIComponent(value)));
  url.searchParams.set(CHECKOUT_RETURN_PARAMETER, intent.id);
  return url.href;
}

function successUrl(intent: HaloubiPaymentIntent): string {
  return returnUrl(intent.success_url ?? '', RETURN_URL_PLACEHOLDERS.success, intent);
}

function cancelUrl(intent: HaloubiPaymentIntent): string {
  // Haloubi: cancel_url "Default: Same as success_url" (the sandbox stores the default when the intent is created).
  return returnUrl(intent.cancel_url ?? intent.success_url ?? '', RETURN_URL_PLACEHOLDERS.cancel, intent);
}

/**
 * The page's script: confirms the intent through the public endpoint with the client secret, then sends the
 * customer to the success URL; a decline is shown with the attempts left, and a gone intent ends the form.
 */
const CHECKOUT_SCRIPT = `(() => {
  const form = document.getElementById('checkout');
  const message = document.getElementById('checkout-message');
  const pay = document.getElementById('pay');
  const cfg = form.dataset;
  const say = (text) => { message.textContent = text; };
  const end = (text) => { say(text); for (const field of form.elements) field.disabled = true; };
  function card(data) {
    const expiry = /^\\s*(\\d{1,2})\\s*\\/\\s*(\\d{2}|\\d{4})\\s*$/.exec(String(data.get('expiry') || ''));
    if (!expiry) return undefined;
    const year = Number(expiry[2]);
    const details = { number: String(data.get('number') || '').replace(/[\\s-]/g, ''), exp_month: Number(expiry[1]),
      exp_year: year < 100 ? 2000 + year : year, cvv: String(data.get('cvv') || '').trim() };
    const name = String(data.get('cardholder_name') || '').trim();
    if (name) details.cardholder_name = name;
    return details;
  }
  async function attemptsLeft() {
    const res = await fetch(cfg.intentUrl);
    if (!res.ok) return undefined;
    const intent = await res.json();
    return intent.max_attempts - intent.attempts;
  }
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const details = card(data);
    if (!details) return say('Enter the expiry date as MM/YY, for example 12/29.');
    const body = { client_secret: cfg.clientSecret, card: details };
    const email = String(data.get('customer_email') || '').trim();
    if (email) body.customer_email = email;
    pay.disabled = true;
    say('Processing the payment…');
    try {
      const res = await fetch(cfg.confirmUrl, { method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body) });
      if (res.ok) return location.assign(cfg.successUrl);
      const error = (await res.json().catch(() => ({}))).error || {};
      let text = error.message || 'The payment failed (HTTP ' + res.status + ').';
      if (error.decline_code) text += ' Decline code ' + error.decline_code + '.';
      if (res.status === 410) return end(text + ' Return to the shop to start again.');
      if (res.status === 402) {
        const left = await attemptsLeft();
        if (left === 0) return end(text + ' No payment attempts left: return to the shop to start again.');
        if (left !== undefined) text += ' Try again (' + left + (left === 1 ? ' attempt' : ' attempts') + ' left).';
      }
      say(text);
    } catch {
      say('The sandbox could not be reached. Try again.');
    }
    pay.disabled = false;
  });
})();`;

function input(id: string, label: string, attributes: string): string {
  return `<label for="${id}">${label}</label><input id="${id}" ${attributes}>`;
}

function checkoutForm(intent: HaloubiPaymentIntent, publicUrl: string): string {
  const amount = `${fromHaloubiAmount(intent.amount, intent.currency)} ${intent.currency}`;
  const data = {
    'data-intent-url': `${publicUrl}${withId(PUBLIC_INTENT_PATH, intent.id)}`,
    'data-confirm-url': `${publicUrl}${withId(CONFIRM_PATH, intent.id)}`,
    'data-client-secret': intent.client_secret,
    'data-success-url': successUrl(intent),
  };
  const dataAttributes = Object.entries(data)
    .map(([name, value]) => `${name}="${escapeHtml(value)}"`)
    .join(' ');
  return `<p>Amount to pay: <strong id="amount">${escapeHtml(amount)}</strong></p>
${intent.description ? `<p>${escapeHtml(intent.description)}</p>` : ''}
<form id="checkout" method="post" ${dataAttributes}>
${input('card-number', 'Card number', 'name="number" inputmode="numeric" autocomplete="cc-number" required')}
${input('card-expiry', 'Expiry date (MM/YY)', 'name="expiry" placeholder="MM/YY" autocomplete="cc-exp" required')}
${input('card-cvv', 'CVV', 'name="cvv" inputmode="numeric" autocomplete="cc-csc" required')}
${input('cardholder-name', 'Name on card (optional)', 'name="cardholder_name" autocomplete="cc-name"')}
${input('customer-email', 'Email (optional)', `name="customer_email" type="email" autocomplete="email" value="${escapeHtml(intent.customer_email ?? '')}"`)}
<p id="checkout-message" class="error" role="status" aria-live="polite"></p>
<button id="pay" type="submit">Pay ${escapeHtml(amount)}</button>
</form>
<p><a id="cancel" href="${escapeHtml(cancelUrl(intent))}">Cancel and return to the shop</a></p>
<script>${CHECKOUT_SCRIPT}</script>`;
}

/** A page for an intent that cannot be paid here any more, with the way back to the shop. */
function endPage(status: number, title: string, text: string, back: string): SandboxReply {
  return htmlPage({
    status,
    title,
    body: `<p>${escapeHtml(text)}</p><p><a href="${escapeHtml(back)}">Return to the shop</a></p>`,
  });
}

/**
 * `GET checkout_url`: the hosted checkout of a payment intent, or a page that says why it cannot be paid (410), or
 * that it was paid already (200, with the way to the shop's success page).
 */
export function showHaloubiCheckoutPage(ctx: ControlContext<HaloubiState>): SandboxReply {
  const id = ctx.params.id ?? '';
  const intent = ctx.state.intents.get(id);
  if (!intent) {
    return htmlPage({
      status: 404,
      title: 'Payment not found',
      body: `<p>This sandbox has no payment intent <code>${escapeHtml(id)}</code>. Ask the shop for a new payment link.</p>`,
    });
  }
  lapseIntent(intent, ctx.clock.now());
  if (intent.status === 'succeeded')
    return endPage(200, 'Payment complete', 'This payment has already been made.', successUrl(intent));
  if (intent.status === 'expired')
    return endPage(410, 'Checkout expired', `This checkout expired at ${intent.expires_at}.`, cancelUrl(intent));
  if (intent.status === 'canceled')
    return endPage(410, 'Payment canceled', 'The shop canceled this payment.', cancelUrl(intent));
  if (intent.attempts >= intent.max_attempts) {
    const text = `All ${intent.max_attempts} payment attempts were used.`;
    return endPage(410, 'No payment attempts left', text, cancelUrl(intent));
  }
  return htmlPage({ title: 'Checkout', body: checkoutForm(intent, ctx.publicUrl) });
}
