import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { OpenApiDocument } from '../../src/core/openapi-document.js';
import { OperationIndex } from '../../src/core/operation-index.js';
import { COVERAGE_RECORD_DIR_ENV, type CoverageRecord } from '../../src/pipeline/contract-coverage.js';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Matches a concrete request path to the spec's path templates; literal paths win over templated ones. */
function operationMatcher(spec: OpenApiDocument): (method: string, pathname: string) => string | undefined {
  const routes = new OperationIndex(spec).operations
    .map((op) => ({
      op,
      params: (op.path.match(/\{[^}]+\}/g) ?? []).length,
      pattern: new RegExp(
        `${op.path
          .split(/\{[^}]+\}/)
          .map(escapeRegExp)
          .join('[^/]+')}/?$`,
      ),
    }))
    .sort((a, b) => a.params - b.params);
  return (method, pathname) =>
    routes.find((r) => r.op.method === method.toLowerCase() && r.pattern.test(pathname))?.op.operationId;
}

/**
 * Wraps a client's fetch so every answered call is recorded as `{ provider, operationId, status }` under the folder
 * `PAYCONTRACTS_COVERAGE_DIR` names, one file per test worker; `paycontracts contract` turns them into
 * reports/coverage-<target>.json for the docs. Without the variable the fetch is returned unwrapped.
 */
export function recordingFetch(
  provider: string,
  spec: OpenApiDocument,
  inner?: (request: Request) => Promise<Response>,
): ((request: Request) => Promise<Response>) | undefined {
  const dir = process.env[COVERAGE_RECORD_DIR_ENV];
  if (!dir) return inner;
  const match = operationMatcher(spec);
  const send = inner ?? ((request: Request) => globalThis.fetch(request));
  return async (request) => {
    const { method, url } = request;
    const response = await send(request);
    const operationId = match(method, new URL(url).pathname);
    if (operationId) {
      const record: CoverageRecord = { provider, operationId, status: response.status };
      mkdirSync(dir, { recursive: true });
      appendFileSync(join(dir, `${process.pid}.jsonl`), `${JSON.stringify(record)}\n`);
    }
    return response;
  };
}
