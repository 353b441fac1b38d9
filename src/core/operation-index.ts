import { listOperations, type OpenApiDocument, type OperationInfo } from './openapi-document.js';

export interface IndexedOperation extends OperationInfo {
  /** the provider's idempotency header for this operation (`x-idempotency-key: true`), if any */
  idempotencyHeader?: string;
  /** a tracing header the caller may set and the API echoes (`x-request-id: true`), if any */
  requestIdHeader?: string;
  /** the response statuses it documents, as written (`200`, `4XX`, `default`) */
  statuses: string[];
  /** the security scheme names its requirements use, in the order it lists them */
  securitySchemes: string[];
}

/** Operations by `METHOD /path/{template}` and by operationId, read once from a bundled spec. */
export class OperationIndex {
  readonly operations: IndexedOperation[];
  private readonly byRoute = new Map<string, IndexedOperation>();
  private readonly byId = new Map<string, IndexedOperation>();

  constructor(readonly doc: OpenApiDocument) {
    this.operations = listOperations(doc).map((op) => {
      const header = (flag: string) => op.parameters.find((p) => p.in === 'header' && p.raw[flag] === true)?.name;
      return {
        ...op,
        idempotencyHeader: header('x-idempotency-key'),
        requestIdHeader: header('x-request-id'),
        statuses: op.responses.map((r) => r.status),
        securitySchemes: op.security.flatMap((requirement) => Object.keys(requirement)),
      };
    });
    for (const op of this.operations) {
      this.byRoute.set(`${op.method.toUpperCase()} ${op.path}`, op);
      this.byId.set(op.operationId, op);
    }
  }

  find(method: string, pathTemplate: string): IndexedOperation | undefined {
    return this.byRoute.get(`${method.toUpperCase()} ${pathTemplate}`);
  }

  byOperationId(operationId: string): IndexedOperation | undefined {
    return this.byId.get(operationId);
  }

  /** Operations a client or contract test may call: documented as available. */
  available(): IndexedOperation[] {
    return this.operations.filter((op) => !op.comingSoon);
  }
}
