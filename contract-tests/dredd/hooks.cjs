// Dredd hooks. For each transaction: send the target's credentials (JSON in PAYCONTRACTS_DREDD_HEADERS); against
// Prism, ask for the exact documented status and named example Dredd expects (Prefer: code=…, example=…); skip,
// with the reason printed, what Dredd 14 cannot replay: multipart bodies with binary parts, and responses whose
// example holds a null allowed by an OpenAPI 3.1 type array (`type: [object, 'null']`), which its 3.0 parser misreads.
//
// Against a stateful sandbox (PAYCONTRACTS_DREDD_REQUESTS names a JSON file of seeded requests by `METHOD /path`),
// each operation's example request is replaced by the same example pointed at seeded state, and only its success
// example is replayed: a sandbox answers an error status from state (a declined card, an expired intent), which
// the behaviour suites drive, never because a header asks for it.
const hooks = require('hooks');
const { readFileSync } = require('node:fs');

const headers = JSON.parse(process.env.PAYCONTRACTS_DREDD_HEADERS || '{}');
const spec = process.env.PAYCONTRACTS_DREDD_SPEC
  ? JSON.parse(readFileSync(process.env.PAYCONTRACTS_DREDD_SPEC, 'utf8'))
  : undefined;
const preferStatus = process.env.PAYCONTRACTS_DREDD_PREFER_STATUS === '1';
const seeded = process.env.PAYCONTRACTS_DREDD_REQUESTS
  ? JSON.parse(readFileSync(process.env.PAYCONTRACTS_DREDD_REQUESTS, 'utf8'))
  : undefined;
const replayed = new Set();

function deref(node) {
  let current = node;
  while (current && typeof current === 'object' && typeof current.$ref === 'string') {
    current = current.$ref
      .slice(2)
      .split('/')
      .reduce((n, k) => n?.[k.replace(/~1/g, '/').replace(/~0/g, '~')], spec);
  }
  return current;
}

function usesTypeArrays(schema, seen = new Set()) {
  const s = deref(schema);
  if (!s || typeof s !== 'object' || seen.has(s)) return false;
  seen.add(s);
  if (Array.isArray(s.type)) return true;
  return Object.values(s).some((v) =>
    Array.isArray(v) ? v.some((x) => usesTypeArrays(x, seen)) : typeof v === 'object' && usesTypeArrays(v, seen),
  );
}

function operationOf(transaction) {
  const path = transaction.origin?.resourceName;
  const method = String(transaction.request.method).toLowerCase();
  return spec?.paths?.[path] ? deref(spec.paths[path])[method] : undefined;
}

function skip(transaction, reason) {
  transaction.skip = true;
  hooks.log(`skip ${transaction.name}: ${reason}`);
}

/**
 * Points the transaction at the sandbox's seeded request; false when it is skipped or failed instead. Only an
 * operation the spec marks `x-coming-soon: true` may lack a seeded request: any other is a missing fixture, and fails.
 */
function useSeededRequest(transaction, status, op) {
  const route = `${String(transaction.request.method).toUpperCase()} ${transaction.origin.resourceName}`;
  const request = seeded[route];
  if (!request && op && op['x-coming-soon'] === true) {
    skip(transaction, 'the operation is documented as coming soon (x-coming-soon), so the sandbox does not serve it.');
    return false;
  }
  if (!request) {
    transaction.fail = `no seeded request for ${route} in ${process.env.PAYCONTRACTS_DREDD_REQUESTS}: add its fixture, or mark the operation x-coming-soon in the spec if the document says so.`;
    hooks.log(`fail ${transaction.name}: ${transaction.fail}`);
    return false;
  }
  if (!/^2\d\d$/.test(String(status))) {
    skip(
      transaction,
      `a stateful sandbox answers ${status} from the request and its state, never because a header asks for it; the behaviour and fuzz suites drive the errors it implements.`,
    );
    return false;
  }
  if (replayed.has(route) && route.split(' ')[0] !== 'GET') {
    skip(
      transaction,
      'another success example of this operation was already replayed, and the seeded state has moved on.',
    );
    return false;
  }
  replayed.add(route);
  transaction.request.uri = request.uri;
  transaction.fullPath = request.uri;
  transaction.request.headers = { ...request.headers };
  transaction.request.body = request.body === undefined ? '' : request.body;
  return true;
}

hooks.beforeEach((transaction, done) => {
  Object.assign(transaction.request.headers, headers);
  const op = operationOf(transaction);
  const status = transaction.expected.statusCode;
  const response = op && deref(op.responses?.[status]);
  const media = response?.content?.['application/json'];
  const requestMedia = op?.requestBody && deref(op.requestBody).content;
  if (requestMedia?.['multipart/form-data']) {
    transaction.skip = true;
    hooks.log(
      `skip ${transaction.name}: Dredd cannot replay multipart bodies with binary parts (covered by the vitest contract suite).`,
    );
    return done();
  }
  // Dredd reads `type: [object, 'null']` as `object`, so only an example that actually holds a null trips it.
  if (media && usesTypeArrays(media.schema) && /:\s*null\b/.test(String(transaction.expected.body))) {
    transaction.skip = true;
    hooks.log(
      `skip ${transaction.name}: the example holds a null that an OpenAPI 3.1 type array allows, which Dredd 14 misreads (covered by the vitest + ajv suite).`,
    );
    return done();
  }
  if (seeded && !useSeededRequest(transaction, status, op)) return done();
  if (preferStatus) {
    const prefer = [`code=${status}`];
    const examples = media?.examples ? Object.entries(media.examples) : [];
    const expected = transaction.expected.body;
    const match = examples.find(
      ([, ex]) => JSON.stringify(deref(ex).value, null, 2) === expected || JSON.stringify(deref(ex).value) === expected,
    );
    if (match) prefer.push(`example=${match[0]}`);
    transaction.request.headers.Prefer = prefer.join(', ');
  }
  done();
});
