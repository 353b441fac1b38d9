import { type JsonObject, listWebhooks, type OpenApiDocument, type WebhookInfo } from '../core/openapi-document.js';
import { eventNamePaths, valueAt } from '../core/webhooks/events.js';
import { escapePointerToken } from '../pipeline/inference-ledger.js';
import { SchemaWalker } from './schema-walk.js';
import type { SpecValidator } from './spec-validator.js';
import type { CapturedExchange, Finding } from './types.js';

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The media type without its parameters: `application/json; charset=utf-8` → `application/json`. */
export function mediaType(headers: Record<string, string>): string | undefined {
  return headers['content-type']?.split(';')[0]?.trim().toLowerCase() || undefined;
}

/** The documented media type a message's content type picks; the only one when the message names none. */
export function pickMedia(content: JsonObject, type: string | undefined): string | undefined {
  return Object.keys(content).find((k) => k.toLowerCase() === type) ?? (type ? undefined : Object.keys(content)[0]);
}

export interface WebhookVerdict {
  findings: Finding[];
  touched: Set<string>;
  /** the event the delivery named, when it named one */
  event?: string;
}

/**
 * Compares a webhook delivery with the spec's `webhooks`: the event is the one its payload names where the spec's
 * payload schemas put it (a `const` or one-value `enum`: Haloubi's `type`, Chari Money's `data.EventId`), then the
 * documented headers and the payload schema are checked as a response's are.
 */
export class WebhookComparison {
  private readonly webhooks: WebhookInfo[];
  private readonly eventPaths: string[][];

  constructor(
    private readonly doc: OpenApiDocument,
    private readonly validator: SpecValidator,
  ) {
    this.webhooks = listWebhooks(doc);
    this.eventPaths = eventNamePaths(doc, this.webhooks);
  }

  /** The event a payload names, read where the spec's payloads name theirs. */
  eventOf(body: unknown): string | undefined {
    for (const path of this.eventPaths) {
      const value = valueAt(body, path);
      if (typeof value === 'string' || typeof value === 'number') return String(value);
    }
    return undefined;
  }

  compare(exchange: CapturedExchange): WebhookVerdict {
    const walker = new SchemaWalker(this.doc, this.validator);
    const event = this.eventOf(exchange.requestBody);
    const verdict: WebhookVerdict = { findings: walker.findings, touched: walker.touched, event };
    const webhook = this.webhooks.find((w) => w.event === event);
    if (!webhook) {
      walker.findings.push({
        kind: 'event-unknown',
        pointer: '/webhooks',
        expected: this.webhooks.map((w) => w.event),
        observed: event ?? null,
      });
      return verdict;
    }
    const itemPointer = `/webhooks/${escapePointerToken(webhook.event)}`;
    const opPointer = `${itemPointer}/${webhook.method}`;
    walker.touched.add(opPointer);
    const item = this.doc.webhooks?.[webhook.event];
    this.checkHeaders(exchange, walker, [
      [`${itemPointer}/parameters`, isObject(item) ? item.parameters : undefined],
      [`${opPointer}/parameters`, webhook.raw.parameters],
    ]);
    this.checkPayload(exchange, walker, `${opPointer}/requestBody`, webhook.raw.requestBody);
    return verdict;
  }

  /** Each documented header: present is exercised, absent while required is a drift (the signature header, …). */
  private checkHeaders(exchange: CapturedExchange, walker: SchemaWalker, lists: [string, unknown][]): void {
    for (const [base, list] of lists) {
      if (!Array.isArray(list)) continue;
      list.forEach((param, i) => {
        const { pointer, node } = walker.resolve(`${base}/${i}`, param);
        if (!isObject(node) || node.in !== 'header' || typeof node.name !== 'string') return;
        if (node.name.toLowerCase() in exchange.requestHeaders) walker.touched.add(pointer);
        else if (node.required === true)
          walker.findings.push({ kind: 'header-missing', pointer, expected: node.name, observed: undefined });
      });
    }
  }

  private checkPayload(exchange: CapturedExchange, walker: SchemaWalker, bodyPointer: string, raw: unknown): void {
    const body = exchange.requestBody;
    if (body === undefined || body === '') return;
    const { pointer, node } = walker.resolve(bodyPointer, raw);
    if (!isObject(node)) return;
    const content = isObject(node.content) ? node.content : {};
    const type = mediaType(exchange.requestHeaders);
    const media = pickMedia(content, type);
    if (!media) {
      walker.findings.push({
        kind: 'content-type',
        pointer: `${pointer}/content`,
        expected: Object.keys(content),
        observed: type ?? null,
      });
      return;
    }
    walker.touched.add(pointer);
    const mediaNode = content[media];
    if (!isObject(mediaNode) || mediaNode.schema === undefined) return;
    walker.walkBody(body, `${pointer}/content/${escapePointerToken(media)}/schema`, mediaNode.schema);
  }
}
