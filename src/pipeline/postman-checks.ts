import type { JsonObject, OpenApiDocument, OperationInfo } from '../core/openapi-document.js';
import type { FlowStep } from './postman-flow.js';
import { embeddedSchema } from './postman-schema.js';

/** The scripts a Postman request runs: its checks against the spec, and the variables it passes on. */

/** The status a flow step expects: the operation's first documented 2xx. */
export function expectedStatus(op: OperationInfo): number {
  const success = op.responses.find((r) => /^2\d\d$/.test(r.status));
  if (!success) throw new Error(`${op.operationId} documents no 2xx response for a Postman flow to expect.`);
  return Number(success.status);
}

/** Every documented status with the draft-07 schema of its JSON body, or null when it has none. */
function responseSchemas(doc: OpenApiDocument, op: OperationInfo): Record<string, JsonObject | null> {
  return Object.fromEntries(
    op.responses.map((r) => [
      r.status,
      r.body?.schema ? embeddedSchema(doc, r.body.schema, `${op.operationId} ${r.status} response`) : null,
    ]),
  );
}

/** JavaScript that reads a dotted path (`data.collection.0.id`) of the parsed body. */
function accessor(path: string): string {
  return path
    .split('.')
    .map((key) => (/^\d+$/.test(key) ? `?.[${key}]` : `?.[${JSON.stringify(key)}]`))
    .join('');
}

function saveLines(step: FlowStep): string[] {
  const saves = Object.entries(step.save ?? {});
  if (saves.length === 0) return [];
  return [
    'if (pm.response.code === expected) {',
    '  const body = pm.response.json();',
    ...saves.flatMap(([variable, path]) => [
      `  pm.test(${JSON.stringify(`saves ${variable} from ${path}`)}, () => {`,
      `    const value = body${accessor(path)};`,
      '    pm.expect(value, "a value to pass on").to.not.be.oneOf([undefined, null, ""]);',
      `    pm.collectionVariables.set(${JSON.stringify(variable)}, String(value));`,
      '  });',
    ]),
    '}',
  ];
}

/**
 * The test script of a request: the status is one the spec documents for the operation, the body matches that
 * status's response schema, the status is the one the flow needs, and the values later requests use are saved.
 */
export function testScript(doc: OpenApiDocument, op: OperationInfo, step: FlowStep, inFlow: boolean): string[] {
  const flowLines = [
    `pm.test('the flow step succeeds (${expectedStatus(op)})', () => {`,
    '  pm.response.to.have.status(expected);',
    '});',
    ...saveLines(step),
  ];
  return [
    `// Checks the reply against the spec of ${op.operationId}; generated, do not edit.`,
    ...(inFlow ? [`const expected = ${expectedStatus(op)};`] : []),
    `const schemas = ${JSON.stringify(responseSchemas(doc, op))};`,
    'const status = String(pm.response.code);',
    `pm.test(\`the status (\${status}) is one the spec documents\`, () => {`,
    '  pm.expect(Object.keys(schemas)).to.include(status);',
    '});',
    'if (schemas[status]) {',
    `  pm.test(\`the body matches the \${status} response schema\`, () => {`,
    '    pm.response.to.have.jsonSchema(schemas[status]);',
    '  });',
    '}',
    ...(inFlow ? flowLines : []),
  ];
}

/** Percent-encodes every sent query value once variables are resolved: Postman sends a resolved `+` as is. */
export const ENCODE_QUERY_SCRIPT = [
  "// Query values go out percent-encoded: a '+' (as in +212… phone numbers) sent raw is read as a space.",
  'pm.request.url.query.each((param) => {',
  '  if (!param.disabled && param.value) param.value = encodeURIComponent(pm.variables.replaceIn(param.value));',
  '});',
];

/** A control call runs only where the sandbox control API exists: the sandbox environment says so. */
export const SANDBOX_ONLY_SCRIPT = [
  '// The sandbox control API plays the customer or the network; only a local paycontracts sandbox has it.',
  "if (pm.environment.get('sandboxControl') !== 'true') pm.execution.skipRequest();",
];
