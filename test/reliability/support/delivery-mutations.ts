import fc from 'fast-check';

/** A webhook delivery as a receiver gets it: the raw bytes, the headers, and the secret it verifies with. */
export interface Delivery {
  body: Buffer;
  headers: Record<string, string>;
  secret: string;
}

/** One change an attacker, a proxy or a careless framework could make to a signed delivery. */
export type Mutation =
  | { kind: 'untouched' }
  | { kind: 'flip-byte'; at: number; mask: number }
  | { kind: 'insert-bytes'; at: number; bytes: Uint8Array }
  | { kind: 'truncate'; keep: number }
  | { kind: 'reserialize'; indent: number | string }
  | { kind: 'edit-signature'; at: number; char: string }
  | { kind: 'truncate-signature'; keep: number }
  | { kind: 'extend-signature'; extra: string }
  | { kind: 'drop-signature-header' }
  | { kind: 'wrong-secret'; secret: string }
  | { kind: 'foreign-signature'; from: number };

/** Besides the mutation, how the headers reach the verifier: names re-cased as HTTP allows, as a record or `Headers`. */
export interface Presentation {
  headerCase: boolean[] | null;
  asHeadersObject: boolean;
}

export interface MutatedDelivery {
  body: Buffer;
  headers: Record<string, string> | Headers;
  secret: string;
}

const HEX = '0123456789abcdef';

export const mutationArbitrary: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 2, arbitrary: fc.constant({ kind: 'untouched' as const }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('flip-byte' as const),
      at: fc.nat(),
      mask: fc.integer({ min: 1, max: 255 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('insert-bytes' as const),
      at: fc.nat(),
      bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('truncate' as const), keep: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('reserialize' as const),
      indent: fc.oneof(fc.integer({ min: 1, max: 4 }), fc.constantFrom('\t', ' ', '\n')),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('edit-signature' as const),
      at: fc.nat(),
      char: fc.constantFrom(...`${HEX}Zz!_-`),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate-signature' as const), keep: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('extend-signature' as const),
      extra: fc.string({ minLength: 1, maxLength: 4, unit: fc.constantFrom(...`${HEX}x=`) }),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'drop-signature-header' as const }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('wrong-secret' as const),
      secret: fc.string({ minLength: 1, maxLength: 40 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('foreign-signature' as const), from: fc.nat() }) },
);

export const presentationArbitrary: fc.Arbitrary<Presentation> = fc.record({
  headerCase: fc.option(fc.array(fc.boolean(), { minLength: 1, maxLength: 24 }), { nil: null }),
  asHeadersObject: fc.boolean(),
});

function headerName(headers: Record<string, string>, wanted: string): string | undefined {
  return Object.keys(headers).find((name) => name.toLowerCase() === wanted.toLowerCase());
}

function recase(name: string, pattern: boolean[]): string {
  return [...name].map((c, i) => (pattern[i % pattern.length] ? c.toUpperCase() : c.toLowerCase())).join('');
}

/**
 * Applies a mutation to the delivery. `authHeader` is the header the spec says carries the signature (or the shared
 * key); `others` are deliveries of other payloads, for a signature taken from another delivery.
 */
export function mutate(
  delivery: Delivery,
  authHeader: string,
  mutation: Mutation,
  presentation: Presentation,
  others: Delivery[],
): MutatedDelivery {
  let body = Buffer.from(delivery.body);
  const headers = { ...delivery.headers };
  let secret = delivery.secret;
  const auth = headerName(headers, authHeader)!;
  const signature = headers[auth]!;
  switch (mutation.kind) {
    case 'untouched':
      break;
    case 'flip-byte': {
      const at = mutation.at % body.length;
      body[at] = body[at]! ^ mutation.mask;
      break;
    }
    case 'insert-bytes': {
      const at = mutation.at % (body.length + 1);
      body = Buffer.concat([body.subarray(0, at), Buffer.from(mutation.bytes), body.subarray(at)]);
      break;
    }
    case 'truncate':
      body = body.subarray(0, mutation.keep % body.length);
      break;
    case 'reserialize':
      body = Buffer.from(JSON.stringify(JSON.parse(body.toString('utf8')), null, mutation.indent), 'utf8');
      break;
    case 'edit-signature': {
      const at = mutation.at % signature.length;
      // Never the same character in another case: hex is case-insensitive, so that would not be an edit.
      const char =
        mutation.char.toLowerCase() === signature[at]!.toLowerCase()
          ? signature[at] === '0'
            ? '1'
            : '0'
          : mutation.char;
      headers[auth] = signature.slice(0, at) + char + signature.slice(at + 1);
      break;
    }
    case 'truncate-signature':
      headers[auth] = signature.slice(0, mutation.keep % signature.length);
      break;
    case 'extend-signature':
      headers[auth] = signature + mutation.extra;
      break;
    case 'drop-signature-header':
      delete headers[auth];
      break;
    case 'wrong-secret':
      secret = mutation.secret === delivery.secret ? `${mutation.secret}x` : mutation.secret;
      break;
    case 'foreign-signature': {
      const other = others[mutation.from % others.length]!;
      headers[auth] = other.headers[headerName(other.headers, authHeader)!]!;
      break;
    }
  }
  const named = presentation.headerCase
    ? Object.fromEntries(Object.entries(headers).map(([n, v]) => [recase(n, presentation.headerCase!), v]))
    : headers;
  return { body, headers: presentation.asHeadersObject ? new Headers(named) : named, secret };
}

/** What a mutation changed, judged by its effect rather than its label (a truncation may keep every byte). */
export interface Effect {
  bodyChanged: boolean;
  authValueChanged: boolean;
  authHeaderMissing: boolean;
  secretChanged: boolean;
}

export function effectOf(original: Delivery, mutated: MutatedDelivery, authHeader: string): Effect {
  const value =
    mutated.headers instanceof Headers
      ? (mutated.headers.get(authHeader) ?? undefined)
      : (() => {
          const name = headerName(mutated.headers as Record<string, string>, authHeader);
          return name === undefined ? undefined : (mutated.headers as Record<string, string>)[name];
        })();
  const originalValue = original.headers[headerName(original.headers, authHeader)!];
  return {
    bodyChanged: !original.body.equals(mutated.body),
    authValueChanged: value !== undefined && value !== originalValue,
    authHeaderMissing: value === undefined,
    secretChanged: mutated.secret !== original.secret,
  };
}
