import {
  type JsonObject,
  listOperations,
  type OpenApiDocument,
  type OperationInfo,
  resolvePointer,
} from '../core/openapi-document.js';

/**
 * A Postman flow: the order in which a provider's operations run so that each has what it needs (create before
 * read, register before login), and where each takes its ids from. Operations are named by operationId; method,
 * path, parameters, example bodies, documented statuses and schemas all come from the spec.
 */
export interface FlowStep {
  /** the operation, in the provider's spec, or in the sandbox-control spec when `control` is set */
  op: string;
  /** a customer's or the network's part, played through the sandbox control API (sandbox environment only) */
  control?: boolean;
  /** the request's name, when the flow calls the operation more than once */
  name?: string;
  /** path parameters: value or `{{variable}}` */
  path?: Record<string, string>;
  /** query parameters sent (an optional one is otherwise left disabled) */
  query?: Record<string, string>;
  /** header parameters other than the spec example */
  headers?: Record<string, string>;
  /** fields that replace the spec example's in the body; `undefined` leaves a field out */
  body?: Record<string, unknown>;
  /** collection variables set from the reply: variable name → dotted path in the JSON body (`data.operationId`) */
  save?: Record<string, string>;
  /** why the step is there, shown in the request's description */
  note?: string;
}

export interface Flow {
  /** the flow's own variables and their starting values (facts and examples of the spec) */
  variables: Record<string, string>;
  steps: FlowStep[];
}

/** A `{{variable}}` reference, typed as a JSON number in a request body. */
export interface NumberVariable {
  $number: string;
}
export const asNumber = (name: string): NumberVariable => ({ $number: name });
export const ref = (name: string): string => `{{${name}}}`;

/** Facts of a spec a flow reads: its request examples, test cards and root extensions. */
export class FlowFacts {
  private readonly operations: Map<string, OperationInfo>;
  constructor(readonly doc: OpenApiDocument) {
    this.operations = new Map(listOperations(doc).map((o) => [o.operationId, o]));
  }

  operation(operationId: string): OperationInfo {
    const op = this.operations.get(operationId);
    if (!op) throw new Error(`The Postman flow names ${operationId}, which is not an operation of the spec.`);
    return op;
  }

  /** A field of an operation's request body example, by dotted path. */
  requestExample(operationId: string, path: string): string {
    const body = this.operation(operationId).requestBody;
    const example = body?.example ?? body?.examples[0]?.value;
    return String(this.at(example, path, `${operationId} request example`));
  }

  /** A parameter's example. */
  parameterExample(operationId: string, name: string): string {
    const parameter = this.operation(operationId).parameters.find((p) => p.name === name);
    if (parameter?.example === undefined) throw new Error(`${operationId} has no example for parameter ${name}.`);
    return String(parameter.example);
  }

  /** A node of the spec by JSON pointer. */
  pointer(pointer: string): unknown {
    const value = resolvePointer(this.doc, pointer);
    if (value === undefined) throw new Error(`The Postman flow reads ${pointer}, which the spec lacks.`);
    return value;
  }

  /** The first test card (`x-test-cards`) with the given outcome. */
  testCard(outcome: string): JsonObject {
    const cards = (this.doc['x-test-cards'] ?? []) as JsonObject[];
    const card = cards.find((c) => c.outcome === outcome);
    if (!card) throw new Error(`The spec's x-test-cards has no card with outcome ${outcome}.`);
    return card;
  }

  private at(value: unknown, path: string, what: string): unknown {
    let node = value;
    for (const key of path.split('.')) node = (node as JsonObject | undefined)?.[key];
    if (node === undefined) throw new Error(`The ${what} has no ${path}.`);
    return node;
  }
}
