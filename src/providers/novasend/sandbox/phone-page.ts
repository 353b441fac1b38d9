import { escapeHtml, htmlPage } from '../../../core/sandbox/pages/html.js';
import { controlPageUrl } from '../../../core/sandbox/pages/page-url.js';
import type { ControlContext, ControlRoute, SandboxReply } from '../../../core/sandbox/types.js';
import { awaitsCustomer } from './confirmation.js';
import { confirmPayin, isPayin, namedPayin } from './customer-routes.js';
import type { NovasendPayin, NovasendState } from './state.js';

type Ctx = ControlContext<NovasendState>;

const TITLE = 'Novasend payment confirmation';

/** What the customer's phone shows: the request, the payin's statuses, and the three answers while it waits. */
function phoneBody(payin: NovasendPayin, publicUrl: string): string {
  const action = controlPageUrl(publicUrl, 'showNovasendPhoneConfirmation', { reference: payin.reference });
  const answers = awaitsCustomer(payin)
    ? `<form method="post" action="${escapeHtml(action)}">
<p>This stands in for the customer's phone: answer as the customer would.</p>
<button type="submit" name="decision" value="accepted">Accept</button>
<button type="submit" name="decision" value="declined" class="secondary">Decline</button>
<button type="submit" name="decision" value="expired" class="secondary">Let it expire</button></form>`
    : '<p>The customer can no longer answer this payin.</p>';
  const rows: [string, unknown][] = [
    ['Phone', payin.msisdn],
    ['Customer', payin.customerName],
    ['Amount', `${payin.amount} ${payin.currency} (fee ${payin.fee}, charged ${payin.chargedAmount})`],
    ['Merchant reference', payin.customerReference],
    ['Payin reference', payin.reference],
    ['status', payin.status],
    ['confirmationStatus', payin.confirmationStatus],
    ['transaction.status', payin.transaction?.status ?? 'none'],
  ];
  const table = rows.map(([name, value]) => `<tr><th scope="row">${name}</th><td>${escapeHtml(value)}</td></tr>`);
  return `<table>${table.join('')}</table>\n${answers}`;
}

/** A control reply as the phone page: the payin after a successful answer, or the reason it was refused. */
function phonePage(ctx: Ctx, reply: SandboxReply | undefined): SandboxReply {
  const payin = namedPayin(ctx);
  const refused = reply && reply.status !== 200 ? (reply.body as { error?: { message?: string } }).error?.message : '';
  if (!isPayin(payin)) {
    const message = (payin.body as { error: { message: string } }).error.message;
    return htmlPage({ title: TITLE, body: `<p class="error" role="alert">${escapeHtml(message)}</p>`, status: 404 });
  }
  const notice = refused
    ? `<p class="error" role="alert">${escapeHtml(refused)}</p>`
    : reply
      ? `<p role="status">Answer sent: ${escapeHtml(payin.confirmationStatus)}.</p>`
      : '';
  return htmlPage({ title: TITLE, body: notice + phoneBody(payin, ctx.publicUrl), status: reply?.status ?? 200 });
}

/** Novasend's customer simulator: the confirmation as it arrives on the customer's phone. */
export const phoneRoutes: ControlRoute<NovasendState>[] = [
  { operationId: 'showNovasendPhoneConfirmation', handle: (ctx) => phonePage(ctx, undefined) },
  { operationId: 'answerNovasendPhoneConfirmation', handle: (ctx) => phonePage(ctx, confirmPayin(ctx)) },
];
