/**
 * House lint rules for payment API specs, loaded by redocly.yaml.
 * Configurable rules cannot express "every 4xx uses the provider's own error schema" or
 * "every JSON 2xx body has a schema and an example", so they live here as visitor rules.
 */

import { EXTENSION_SHAPES } from './extension-shapes.js';

const JSON_TYPE = /^application\/(.+\+)?json$/;

function resolveNode(ctx, node) {
  if (node && typeof node === 'object' && typeof node.$ref === 'string') {
    const resolved = ctx.resolve(node);
    return resolved.node ?? {};
  }
  return node ?? {};
}

function hasExample(mediaType) {
  return mediaType.example !== undefined || (mediaType.examples && Object.keys(mediaType.examples).length > 0);
}

/** Every JSON request body and every JSON 2xx response has a schema and an example. */
function JsonBodySchemaAndExample() {
  const checkContent = (ctx, content, where, location) => {
    for (const [type, mediaType] of Object.entries(content ?? {})) {
      if (!JSON_TYPE.test(type)) continue;
      if (!mediaType.schema) ctx.report({ message: `${where} (${type}) has no schema.`, location });
      if (!hasExample(mediaType)) ctx.report({ message: `${where} (${type}) has no example.`, location });
    }
  };
  return {
    Operation: {
      enter(operation, ctx) {
        const body = resolveNode(ctx, operation.requestBody);
        checkContent(ctx, body.content, 'The request body', ctx.location.child('requestBody'));
        for (const [status, response] of Object.entries(operation.responses ?? {})) {
          if (!/^2/.test(status)) continue;
          const resolved = resolveNode(ctx, response);
          checkContent(ctx, resolved.content, `The ${status} response`, ctx.location.child(['responses', status]));
        }
      },
    },
  };
}

/** A page's error answer for a browser: the page says what is wrong (`x-sandbox-page` operations only). */
function isHtmlOnly(response) {
  const types = Object.keys(response.content ?? {});
  return types.length > 0 && types.every((t) => t === 'text/html');
}

/**
 * Every 4xx response of an API operation carries the provider's own error schema (root `x-error-schema`), except a
 * sandbox page's HTML error page (`x-sandbox-page`), which a browser shows to the customer.
 */
function ErrorsUseProviderSchema() {
  let errorSchema;
  const refersToErrorSchema = (schema) =>
    typeof schema?.$ref === 'string' &&
    (schema.$ref.endsWith(`/${errorSchema}.yaml`) || schema.$ref === `#/components/schemas/${errorSchema}`);
  return {
    Root: {
      enter(root, ctx) {
        errorSchema = root['x-error-schema'];
        if (!errorSchema)
          ctx.report({
            message: 'The root needs `x-error-schema`: the name of the provider error schema.',
            location: ctx.location,
          });
      },
    },
    Paths: {
      Operation: {
        enter(operation, ctx) {
          if (!errorSchema) return;
          const statuses = Object.keys(operation.responses ?? {}).filter((s) => /^4/.test(s));
          if (statuses.length === 0) {
            ctx.report({
              message: 'Document at least one 4xx error response.',
              location: ctx.location.child('responses'),
            });
          }
          for (const status of statuses) {
            const response = resolveNode(ctx, operation.responses[status]);
            if (operation['x-sandbox-page'] && isHtmlOnly(response)) continue;
            const json = Object.entries(response.content ?? {}).filter(([t]) => JSON_TYPE.test(t));
            if (json.length === 0 || !json.every(([, m]) => refersToErrorSchema(m.schema))) {
              ctx.report({
                message: `The ${status} response must use the provider error schema ${errorSchema}.`,
                location: ctx.location.child(['responses', status]),
              });
            }
          }
        },
      },
    },
  };
}

/** `x-inferred: true` always comes with a one-line `x-inferred-reason`. */
function InferredHasReason() {
  const check = (node, ctx) => {
    if (node && typeof node === 'object' && node['x-inferred'] === true) {
      const reason = node['x-inferred-reason'];
      if (typeof reason !== 'string' || reason.trim().length < 5) {
        ctx.report({
          message: '`x-inferred: true` needs an `x-inferred-reason`.',
          location: ctx.location.child('x-inferred'),
        });
      }
    }
  };
  return { any: { enter: check } };
}

/** Every `x-` key is one specs/README.md documents, in the shape it documents (redocly/extension-shapes.js). */
function ExtensionShapes() {
  const check = (node, ctx) => {
    if (!node || typeof node !== 'object' || Array.isArray(node)) return;
    for (const [key, value] of Object.entries(node)) {
      if (!key.startsWith('x-')) continue;
      const shape = EXTENSION_SHAPES[key];
      const problem = shape
        ? shape(value, node)
        : 'is not a documented extension; document it in specs/README.md and give it a shape in redocly/extension-shapes.js';
      if (problem) ctx.report({ message: `\`${key}\` ${problem}.`, location: ctx.location.child(key) });
    }
  };
  return { any: { enter: check } };
}

export default function paycontractsRules() {
  return {
    id: 'paycontracts',
    rules: {
      oas3: {
        'json-body-schema-and-example': JsonBodySchemaAndExample,
        'errors-use-provider-schema': ErrorsUseProviderSchema,
        'inferred-has-reason': InferredHasReason,
        'extension-shapes': ExtensionShapes,
      },
    },
  };
}
