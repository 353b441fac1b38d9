import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createIdempotentHandler, type IdempotentOutcome } from '../../../src/core/idempotent-handler.js';
import { WebhookVerificationError } from '../../../src/core/webhooks.js';

/** One delivery attempt as the merchant's endpoint saw it. */
export interface ReceivedAttempt {
  body: string;
  status: number;
  /** the idempotent handler's verdict, or why the delivery never reached it */
  outcome: 'processed' | 'duplicate' | 'handler_failed' | 'rejected';
  id?: string;
}

export interface ReceiverBehaviour {
  /** whether the business handler fails on this attempt (1-based over every delivery received) */
  handlerFails?: (attempt: number) => boolean;
  /** whether the endpoint answers 500 although the handler succeeded, as when a crash loses the acknowledgement */
  loseAcknowledgement?: (attempt: number) => boolean;
}

export interface IdempotentReceiver {
  url: string;
  attempts: ReceivedAttempt[];
  /** ids the business handler completed, in order: one entry per event it really processed */
  processed: string[];
  close(): Promise<void>;
}

/**
 * A merchant's webhook endpoint done right: verify the raw body, hand the delivery to `createIdempotentHandler`,
 * answer 2xx for processed and duplicate deliveries, 400 for a delivery that fails verification, 500 when the
 * handler fails (so the provider retries).
 */
export async function startIdempotentReceiver<D extends { id?: string }>(
  verify: (rawBody: Buffer, headers: IncomingHttpHeaders) => D,
  behaviour: ReceiverBehaviour = {},
): Promise<IdempotentReceiver> {
  const attempts: ReceivedAttempt[] = [];
  const processed: string[] = [];
  let attempt = 0;
  const handle = createIdempotentHandler<D, void>({
    handler: (delivery) => {
      if (behaviour.handlerFails?.(attempt)) throw new Error(`handler failure injected on attempt ${attempt}`);
      processed.push(delivery.id!);
    },
  });

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      attempt += 1;
      const raw = Buffer.concat(chunks);
      const record = (status: number, outcome: ReceivedAttempt['outcome'], id?: string) => {
        attempts.push({ body: raw.toString('utf8'), status, outcome, id });
        res.writeHead(status).end();
      };
      let delivery: D;
      try {
        delivery = verify(raw, req.headers);
      } catch (error) {
        if (error instanceof WebhookVerificationError) return record(400, 'rejected');
        throw error;
      }
      handle(delivery).then(
        (result: IdempotentOutcome<void>) => {
          const outcome = result.processed ? 'processed' : 'duplicate';
          record(behaviour.loseAcknowledgement?.(attempt) ? 500 : 200, outcome, result.id);
        },
        () => record(500, 'handler_failed', delivery.id),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks`,
    attempts,
    processed,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
