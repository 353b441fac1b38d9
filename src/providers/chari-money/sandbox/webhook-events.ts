import { OperationStatus } from '../../../../generated/chari-money/enums.js';
import type { webhooks } from '../../../../generated/chari-money/schema.js';
import { randomHex } from '../../../core/sandbox/random.js';
import type { WebhookDispatcher } from '../../../core/sandbox/webhook-dispatcher.js';
import { signChariMoneyTestWebhook } from '../webhooks.js';
import { LEVEL_UPDATE_OPERATION_TYPE, WEBHOOK_USER_AGENT } from './documented-facts.js';
import { mad } from './ledger.js';
import type { Operation } from './state.js';

export type ChariMoneyEvent = keyof webhooks & string;

/** `xxxxxxxx-xxxxxxxx-xxxxxxxx-xxxxxxxx`, the format the document shows for `C-Webhook-Id`. */
export function webhookId(): string {
  return randomHex(16).replace(/^(.{8})(.{8})(.{8})(.{8})$/, '$1-$2-$3-$4');
}

const iso = (ms: number) => new Date(ms).toISOString();

/** `CRequestId` is the partner's own `C-Request-Id`: absent when the request that started the event had none. */
const tracing = (cRequestId: string | undefined) => (cRequestId === undefined ? {} : { CRequestId: cRequestId });

/** An operation's properties as every webhook about it carries them (Chari's PascalCase body). */
export function operationProperties(operation: Operation): Record<string, unknown> {
  return {
    ...tracing(operation.cRequestId),
    OperationId: operation.id,
    TransactionId: operation.transactionId,
    OperationType: operation.type,
    OperationStatus: operation.status,
    CreatedAt: iso(operation.createdAt),
    ExecutedAt: iso(operation.executedAt ?? operation.createdAt),
    Amount: mad(operation.amount),
    FeeAmount: mad(operation.fee),
    PrimaryAccountNumber: operation.primary,
    ...(operation.secondary === undefined ? {} : { SecondaryAccountNumber: operation.secondary }),
    ...(operation.method === undefined ? {} : { Method: operation.method }),
  };
}

/** The common event properties of an operation, plus the event's own ones. */
function operationEvent(event: ChariMoneyEvent, operation: Operation, extra: Record<string, unknown>) {
  return { WebhookId: webhookId(), EventId: event, ...operationProperties(operation), ...extra };
}

function specificProperties(event: ChariMoneyEvent, operation: Operation): Record<string, unknown> {
  switch (event) {
    case 'cashin.card.authorized':
    case 'payment.card.authorized':
      return operation.gateway
        ? {
            GatewayTrackId: operation.gateway.trackId,
            GatewayOrderId: operation.gateway.orderId,
            GatewayReferenceId: operation.gateway.referenceId,
          }
        : {};
    case 'bank-transfer.initiated':
    case 'bank-transfer.completed':
    case 'bank-transfer.received':
      return { BankTransferBeneficiaryName: operation.beneficiaryName, Reference: operation.reference };
    default:
      return {};
  }
}

/** Sends one of the operation events, `{ data: … }` like every Chari Money body. */
export function emitOperationEvent(
  hooks: WebhookDispatcher,
  event: ChariMoneyEvent,
  operation: Operation,
  extra: Record<string, unknown> = {},
): void {
  hooks.emit(event, { data: operationEvent(event, operation, { ...specificProperties(event, operation), ...extra }) });
}

/** `customer.level.updated`: no operation is created (OperationId 0), the amounts are 0. */
export function emitLevelUpdated(
  hooks: WebhookDispatcher,
  phoneNumber: string,
  level: number,
  cRequestId: string | undefined,
  requestedAt: number,
  now: number,
): void {
  hooks.emit('customer.level.updated', {
    data: {
      WebhookId: webhookId(),
      EventId: 'customer.level.updated',
      ...tracing(cRequestId),
      OperationId: 0,
      OperationType: LEVEL_UPDATE_OPERATION_TYPE,
      OperationStatus: OperationStatus.COMPLETED,
      CreatedAt: iso(requestedAt),
      ExecutedAt: iso(now),
      Amount: 0,
      FeeAmount: 0,
      PrimaryAccountNumber: phoneNumber,
      AccountLevel: level,
    },
  });
}

/**
 * Chari authenticates deliveries with the partner's own key in `X-Api-Key` and names each in `C-Webhook-Id` (the
 * body's `WebhookId`), from `Chari-BAAS-Webhook/1.0`. The provider's test signer builds the first two.
 */
export function signChariMoneyDelivery(body: string, secret: string): Record<string, string> {
  const id = String((JSON.parse(body) as { data?: { WebhookId?: unknown } }).data?.WebhookId ?? webhookId());
  const { headers } = signChariMoneyTestWebhook(body, secret, { id });
  return { ...headers, [WEBHOOK_USER_AGENT.name]: WEBHOOK_USER_AGENT.value };
}
