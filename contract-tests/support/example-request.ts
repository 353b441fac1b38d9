import type { JsonObject, OperationInfo, ParameterInfo } from '../../src/core/openapi-document.js';
import { deref, type OpenApiDocument } from '../../src/core/openapi-document.js';

/** A parameter's documented example: the parameter's, its schema's, an enum's first value or the default. */
export function exampleOf(param: ParameterInfo): unknown {
  const s = param.schema;
  const fromSchema =
    s.example ??
    (Array.isArray(s.examples) ? s.examples[0] : undefined) ??
    (Array.isArray(s.enum) ? s.enum[0] : undefined) ??
    s.default;
  return param.example ?? fromSchema;
}

export interface ExampleRequest {
  params: { path: Record<string, unknown>; query: Record<string, unknown>; header: Record<string, unknown> };
  body?: unknown;
  bodySerializer?: (body: unknown) => FormData;
}

/** A placeholder file part: the spec says binary, the value only needs bytes and a media type. */
function filePart(media: string): Blob {
  return new Blob([media === 'application/pdf' ? '%PDF-1.4\n%%EOF\n' : 'sample'], { type: media });
}

/** Serializes an example object as multipart/form-data, turning `format: binary` fields into file parts. */
export function multipartSerializer(doc: OpenApiDocument, schema: JsonObject | undefined): (body: unknown) => FormData {
  const properties = (deref<JsonObject>(doc, schema ?? {}).properties ?? {}) as Record<string, JsonObject>;
  return (body) => {
    const form = new FormData();
    for (const [name, value] of Object.entries((body ?? {}) as Record<string, unknown>)) {
      const prop = deref<JsonObject>(doc, properties[name] ?? {});
      if (prop.format === 'binary' || prop.contentMediaType)
        form.append(name, filePart(String(prop.contentMediaType ?? 'image/png')), `${name}.png`);
      else form.append(name, typeof value === 'string' ? value : JSON.stringify(value));
    }
    return form;
  };
}

/** The spec's example request for an operation: required and exemplified parameters, and the body example. */
export function exampleRequest(doc: OpenApiDocument, op: OperationInfo): ExampleRequest {
  const request: ExampleRequest = { params: { path: {}, query: {}, header: {} } };
  for (const param of op.parameters) {
    if (param.in === 'cookie') continue;
    const value = exampleOf(param);
    if (value === undefined) {
      if (param.required && !(param.in === 'header' && (param.raw['x-idempotency-key'] || param.raw['x-request-id']))) {
        throw new Error(
          `${op.operationId}: required ${param.in} parameter "${param.name}" has no example in the spec.`,
        );
      }
      continue;
    }
    if (!param.required && param.in === 'header') continue;
    if (!param.required && param.in === 'query' && op.raw['x-pagination'] === undefined) continue;
    request.params[param.in as 'path' | 'query' | 'header'][param.name] = value;
  }
  if (op.requestBody) {
    if (op.requestBody.example === undefined && op.requestBody.required) {
      throw new Error(`${op.operationId}: the request body has no example in the spec.`);
    }
    request.body = op.requestBody.example;
    if (/multipart\/form-data/.test(op.requestBody.contentType))
      request.bodySerializer = multipartSerializer(doc, op.requestBody.schema);
  }
  return request;
}
