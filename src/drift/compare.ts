import type { JsonObject, OpenApiDocument } from '../core/openapi-document.js';
import { OperationIndex } from '../core/operation-index.js';
import { escapePointerToken } from '../pipeline/inference-ledger.js';
import { SpecRoutes } from './routes.js';
import { SchemaWalker } from './schema-walk.js';
import { SpecValidator } from './spec-validator.js';
import type { CapturedExchange, Finding } from './types.js';
import { mediaType, pickMedia, WebhookComparison } from './webhook-compare.js';

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface ExchangeVerdict {
  findings: Finding[];
  /** spec nodes this exchange exercised without a difference */
  touched: Set<string>;
  /** the event a webhook delivery named */
  event?: string;
}

function hasBody(body: unknown): boolean {
  return body !== undefined && body !== '';
}

/** Compares exchanges with one bundled spec: the operation's documented statuses, headers, media types and schemas. */
export class SpecComparison {
  private readonly operations: OperationIndex;
  private readonly validator: SpecValidator;
  private readonly routes: SpecRoutes;
  private readonly webhooks: WebhookComparison;

  constructor(readonly doc: OpenApiDocument) {
    this.operations = new OperationIndex(doc);
    this.routes = new SpecRoutes(doc);
    this.validator = new SpecValidator(doc);
    this.webhooks = new WebhookComparison(doc, this.validator);
  }

  compare(exchange: CapturedExchange): ExchangeVerdict {
    if (exchange.kind === 'webhook') return this.webhooks.compare(exchange);
    const walker = new SchemaWalker(this.doc, this.validator);
    const verdict = { findings: walker.findings, touched: walker.touched };
    // Matched again here, not read from the capture: a replay against a newer spec may route it elsewhere.
    const template = this.routes.match(exchange.path);
    const op = template ? this.operations.find(exchange.method, template) : undefined;
    // A path or verb the spec does not name was sent on purpose by a scenario (a negative test): no claim to check.
    if (!template || !op) return verdict;
    const opPointer = `/paths/${escapePointerToken(template)}/${op.method}`;
    const responses = isObject(op.raw.responses) ? op.raw.responses : {};
    const status = String(exchange.status);
    const key = [status, `${status[0]}XX`, 'default'].find((k) => k in responses);
    if (!key) {
      walker.findings.push(this.unanswered(exchange.status, opPointer, op.method, Object.keys(responses)));
      return verdict;
    }
    const success = exchange.status >= 200 && exchange.status < 300;
    if (success) {
      walker.touched.add(opPointer);
      this.touchRequest(exchange, template, opPointer, walker);
    }
    const { pointer: responsePointer, node: response } = walker.resolve(
      `${opPointer}/responses/${key}`,
      responses[key],
    );
    if (!isObject(response)) return verdict;
    walker.touched.add(responsePointer);
    this.checkHeaders(exchange, response, responsePointer, op.requestIdHeader, walker);
    this.checkBody(exchange, response, responsePointer, walker);
    return verdict;
  }

  /** A status the operation does not document: a refused verb (405), a missing path (404) or a new answer. */
  private unanswered(status: number, opPointer: string, method: string, documented: string[]): Finding {
    if (status === 405)
      return { kind: 'method-refused', pointer: opPointer, expected: method.toUpperCase(), observed: 405 };
    if (status === 404) return { kind: 'path-not-found', pointer: opPointer, expected: documented, observed: 404 };
    return {
      kind: 'status-undocumented',
      pointer: `${opPointer}/responses/${status}`,
      expected: documented,
      observed: status,
    };
  }

  /** The parameters and request body a successful exchange sent were accepted. */
  private touchRequest(exchange: CapturedExchange, template: string, opPointer: string, walker: SchemaWalker): void {
    const query = new URLSearchParams(exchange.query);
    const raw = this.operations.find(exchange.method, template)?.raw ?? {};
    const pathPointer = opPointer.slice(0, opPointer.lastIndexOf('/'));
    const item = walker.resolve(pathPointer, this.doc.paths?.[template]).node;
    const lists: [string, unknown][] = [
      [`${pathPointer}/parameters`, isObject(item) ? item.parameters : undefined],
      [`${opPointer}/parameters`, raw.parameters],
    ];
    for (const [base, list] of lists) {
      if (!Array.isArray(list)) continue;
      list.forEach((param, i) => {
        const { pointer, node } = walker.resolve(`${base}/${i}`, param);
        if (!isObject(node) || typeof node.name !== 'string') return;
        const name = node.name;
        const sent = { header: () => name.toLowerCase() in exchange.requestHeaders, query: () => query.has(name) };
        if (node.in === 'path' || sent[node.in as 'header' | 'query']?.()) walker.touched.add(pointer);
      });
    }
    const type = mediaType(exchange.requestHeaders);
    if (!isObject(raw.requestBody) || !hasBody(exchange.requestBody)) return;
    const { pointer, node } = walker.resolve(`${opPointer}/requestBody`, raw.requestBody);
    walker.touched.add(pointer);
    if (type && isObject(node) && isObject(node.content) && type in node.content)
      walker.touched.add(`${pointer}/content/${escapePointerToken(type)}`);
  }

  private checkHeaders(
    exchange: CapturedExchange,
    response: JsonObject,
    responsePointer: string,
    requestIdHeader: string | undefined,
    walker: SchemaWalker,
  ): void {
    const headers = isObject(response.headers) ? response.headers : {};
    for (const [name, raw] of Object.entries(headers)) {
      const { pointer, node } = walker.resolve(`${responsePointer}/headers/${escapePointerToken(name)}`, raw);
      const lower = name.toLowerCase();
      const echoed = requestIdHeader?.toLowerCase() === lower && lower in exchange.requestHeaders;
      const expected = (isObject(node) && node.required === true) || echoed;
      if (lower in exchange.responseHeaders) walker.touched.add(pointer);
      else if (expected) walker.findings.push({ kind: 'header-missing', pointer, expected: name, observed: undefined });
    }
  }

  private checkBody(
    exchange: CapturedExchange,
    response: JsonObject,
    responsePointer: string,
    walker: SchemaWalker,
  ): void {
    if (!hasBody(exchange.responseBody)) return;
    const content = isObject(response.content) ? response.content : {};
    const type = mediaType(exchange.responseHeaders);
    const media = pickMedia(content, type);
    if (!media) {
      walker.findings.push({
        kind: 'content-type',
        pointer: `${responsePointer}/content`,
        expected: Object.keys(content),
        observed: type ?? null,
      });
      return;
    }
    const mediaNode = content[media];
    if (!isObject(mediaNode) || mediaNode.schema === undefined) return;
    const schemaPointer = `${responsePointer}/content/${escapePointerToken(media)}/schema`;
    const body = exchange.responseBody;
    if (exchange.status >= 400) {
      const verdict = this.validator.validate(schemaPointer, body);
      const { pointer } = walker.resolve(schemaPointer, mediaNode.schema);
      if (verdict.valid) walker.touched.add(pointer);
      else
        walker.findings.push({
          kind: 'error-shape',
          pointer,
          keyword: verdict.keyword,
          expected: pointer,
          observed: verdict.message,
          instancePath: verdict.instancePath,
        });
      return;
    }
    walker.walkBody(body, schemaPointer, mediaNode.schema);
  }
}
