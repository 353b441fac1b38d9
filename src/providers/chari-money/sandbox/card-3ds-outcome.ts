import { OperationStatus, OperationType } from '../../../../generated/chari-money/enums.js';
import type { WebhookDispatcher } from '../../../core/sandbox/webhook-dispatcher.js';
import { exceedsLimit } from './balance-limits.js';
import { emitCardNotification } from './card-notification.js';
import { CARD_REDIRECT, TEST_CARDS } from './documented-facts.js';
import { completeOperation, failOperation } from './ledger.js';
import type { ChariMoneyState, Operation } from './state.js';
import { emitOperationEvent } from './webhook-events.js';

/** What the sandbox needs to end a card operation's 3-D Secure. */
export interface ChallengeContext {
  state: ChariMoneyState;
  clock: { now(): number };
  webhooks: WebhookDispatcher;
}

/** The end of 3-D Secure as the browser sees it: the `CardRedirectQuery` parameters and where they go. */
export interface ChallengeOutcome {
  passed: boolean;
  query: Record<string, string>;
  /** the return URL with the query appended; undefined when neither the request nor the partner gave one */
  location?: string;
}

/** A card operation still waiting for its 3-D Secure code (an authorized-only one has had it). */
export function awaitsThreeDSecure(
  operation: Operation | undefined,
): operation is Operation & Required<Pick<Operation, 'challenge'>> {
  return (
    operation?.challenge !== undefined &&
    operation.challenge.outcome === undefined &&
    operation.status === OperationStatus.OPEN
  );
}

/** The parameters Chari appends to acceptURL / declineURL. */
export function redirectQuery(passed: boolean): Record<string, string> {
  const { names, operation } = CARD_REDIRECT;
  const result = passed ? CARD_REDIRECT.passed : CARD_REDIRECT.failed;
  return { [names.code]: result.code, [names.reason]: result.reason, [names.operation]: operation };
}

/** The request's own return URL wins over the partner's; the query is appended to what the URL already has. */
function returnLocation(state: ChariMoneyState, operation: Operation, outcome: Omit<ChallengeOutcome, 'location'>) {
  const challenge = operation.challenge;
  const base = outcome.passed
    ? (challenge?.acceptUrl ?? state.partnerRedirects.acceptURL)
    : (challenge?.declineUrl ?? state.partnerRedirects.declineURL);
  if (base === undefined) return undefined;
  const url = new URL(base);
  for (const [name, value] of Object.entries(outcome.query)) url.searchParams.set(name, value);
  return url.toString();
}

function saveCard(state: ChariMoneyState, operation: Operation): void {
  const challenge = operation.challenge;
  if (!challenge?.keepAlive) return;
  state.sequences.card += 1;
  state.cards.set(state.sequences.card, {
    id: state.sequences.card,
    owner: challenge.owner,
    pan: challenge.pan,
    cardName: challenge.cardName ?? null,
  });
}

/** A passed challenge: captured (money credited, both card webhooks) or, with `AutoCapture: false`, authorized only. */
function pass(ctx: ChallengeContext, operation: Operation, now: number): void {
  const authorizeOnly = operation.challenge?.authorizeOnly === true;
  if (!authorizeOnly) completeOperation(operation, now);
  else operation.executedAt = now;
  saveCard(ctx.state, operation);
  if (operation.type === OperationType.CASHIN) {
    emitOperationEvent(ctx.webhooks, 'cashin.card.authorized', operation);
    return;
  }
  emitOperationEvent(ctx.webhooks, 'payment.card.authorized', operation);
  if (!authorizeOnly) emitOperationEvent(ctx.webhooks, 'payment.received', operation);
}

/**
 * Ends 3-D Secure with the code the cardholder typed (`null`: 3-D Secure was off, the card is charged as is): the
 * test card's code passes, any other fails. A credit the wallet's level no longer allows fails too (the balance may
 * have moved since the operation was opened). The merchant's `NotificationUrl` hears the outcome either way.
 */
export function endThreeDSecure(ctx: ChallengeContext, operation: Operation, code: string | null): ChallengeOutcome {
  const challenge = operation.challenge;
  const card = TEST_CARDS.find((c) => c.number === challenge?.pan);
  const captures = challenge?.authorizeOnly !== true;
  const passed =
    (code === null || code === card?.threeDSecureCode) &&
    !(captures && operation.credit !== undefined && exceedsLimit(operation.credit, operation.amount));
  const now = ctx.clock.now();
  if (passed) pass(ctx, operation, now);
  else failOperation(operation, now);
  if (challenge) challenge.outcome = passed ? 'passed' : 'failed';
  const query = redirectQuery(passed);
  emitCardNotification(ctx.webhooks, operation, query);
  return { passed, query, location: returnLocation(ctx.state, operation, { passed, query }) };
}
