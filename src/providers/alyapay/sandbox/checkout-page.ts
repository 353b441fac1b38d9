import { escapeHtml, htmlPage } from '../../../core/sandbox/pages/html.js';
import { controlPageUrl } from '../../../core/sandbox/pages/page-url.js';
import type { ControlContext, ControlRoute, SandboxReply } from '../../../core/sandbox/types.js';
import { paySession } from './sessions.js';
import type { AlyaPaySession, AlyaPayState } from './state.js';

type Ctx = ControlContext<AlyaPayState>;

const TITLE = 'AlyaPay payment';

function checkoutBody(ctx: Ctx, session: AlyaPaySession): string {
  const transactions = session.transactionIds.flatMap((id) => {
    const tx = ctx.state.transactions.get(id);
    return tx ? [`<li>${escapeHtml(tx.id)}: ${escapeHtml(tx.status)}</li>`] : [];
  });
  const paid = session.transactionIds.some((id) => ctx.state.transactions.get(id)?.status === 'APPROVED');
  const action = controlPageUrl(ctx.publicUrl, 'showAlyaPayCheckout', { session_id: session.id });
  const form = paid
    ? '<p>This session is paid.</p>'
    : `<form method="post" action="${escapeHtml(action)}">
<p>This stands in for AlyaPay's hosted payment page: pay as the customer would.</p>
<button type="submit" name="outcome" value="APPROVED">Pay</button>
<button type="submit" name="outcome" value="CANCELED" class="secondary">Cancel payment</button>
<button type="submit" name="outcome" value="PENDING" class="secondary">Leave pending</button></form>`;
  return `<p>Total: <strong>${escapeHtml(session.total)} ${escapeHtml(session.currency)}</strong></p>
<p>Session ${escapeHtml(session.id)}, open until ${escapeHtml(new Date(session.expiresAt).toISOString())}</p>
${transactions.length ? `<h2>Transactions</h2><ul>${transactions.join('')}</ul>` : ''}${form}`;
}

/** A control reply as the payment page: the transaction the checkout created, or the reason it was refused. */
function checkoutPage(ctx: Ctx, reply: SandboxReply | undefined): SandboxReply {
  const session = ctx.state.sessions.get(ctx.params.session_id ?? '');
  if (!session) {
    const message = `No AlyaPay session ${ctx.params.session_id} in this sandbox.`;
    return htmlPage({ title: TITLE, body: `<p class="error" role="alert">${escapeHtml(message)}</p>`, status: 404 });
  }
  let notice = '';
  if (reply?.status === 200) {
    const { transaction_id } = reply.body as { transaction_id: string };
    const status = ctx.state.transactions.get(transaction_id)?.status ?? '';
    notice = `<p role="status">Payment ${escapeHtml(status)}. Transaction id (what the front-end callback carries): <code>${escapeHtml(transaction_id)}</code></p>`;
  } else if (reply) {
    const message = (reply.body as { error?: { message?: string } }).error?.message ?? '';
    notice = `<p class="error" role="alert">${escapeHtml(message)}</p>`;
  }
  return htmlPage({ title: TITLE, body: notice + checkoutBody(ctx, session), status: reply?.status ?? 200 });
}

/** AlyaPay's customer simulator: the hosted payment page of a session. */
export const checkoutRoutes: ControlRoute<AlyaPayState>[] = [
  { operationId: 'showAlyaPayCheckout', handle: (ctx) => checkoutPage(ctx, undefined) },
  { operationId: 'submitAlyaPayCheckout', handle: (ctx) => checkoutPage(ctx, paySession(ctx)) },
];
