/**
 * What a sandbox holds, for the dashboard and `GET /__sandbox/resources`: every provider's resources (its
 * `resources` hook) in one list, newest first, a page at a time, each body redacted when read.
 */
import type { components } from '../../../generated/sandbox-control/schema.js';
import { redactValue } from '../redact.js';
import { controlPageUrl } from './pages/page-url.js';
import type { SandboxResource } from './types.js';

export type SandboxResourceView = components['schemas']['SandboxResource'];

export interface ResourcePageRequest {
  kind?: string;
  cursor?: string;
  limit: number;
}

/** A cursor that names no resource of this sandbox (any more); the message says what to send. */
export class ResourceCursorError extends RangeError {}

const encodeCursor = (r: SandboxResource) => Buffer.from(`${r.kind}/${r.id}`, 'utf8').toString('base64url');

/**
 * Newest first: by creation time, then the most recently added first (each kind comes oldest first); resources with
 * no creation time last.
 */
export function newestFirst(resources: readonly SandboxResource[]): SandboxResource[] {
  const keyed = resources.map((resource, index) => ({
    resource,
    index,
    time: resource.createdAt ?? Number.NEGATIVE_INFINITY,
  }));
  keyed.sort((a, b) => (a.time === b.time ? b.index - a.index : b.time > a.time ? 1 : -1));
  return keyed.map((k) => k.resource);
}

export function resourceHref(publicUrl: string, resource: Pick<SandboxResource, 'kind' | 'id'>): string {
  return controlPageUrl(publicUrl, 'getSandboxResource', { kind: resource.kind, id: resource.id });
}

function view(resource: SandboxResource, publicUrl: string): SandboxResourceView {
  const out: SandboxResourceView = { kind: resource.kind, id: resource.id, href: resourceHref(publicUrl, resource) };
  if (resource.createdAt !== undefined) out.createdAt = new Date(resource.createdAt).toISOString();
  if (resource.status !== undefined) out.status = resource.status;
  if (resource.summary !== undefined) out.summary = resource.summary;
  return out;
}

/** One page of the resources themselves, newest first. Throws `ResourceCursorError` for a stale cursor. */
export function pageOfResources(
  all: readonly SandboxResource[],
  request: ResourcePageRequest,
): { items: SandboxResource[]; nextCursor?: string } {
  const sorted = newestFirst(request.kind === undefined ? all : all.filter((r) => r.kind === request.kind));
  let start = 0;
  if (request.cursor !== undefined) {
    const after = Buffer.from(request.cursor, 'base64url').toString('utf8');
    const index = sorted.findIndex((r) => `${r.kind}/${r.id}` === after);
    if (index < 0)
      throw new ResourceCursorError(
        `The cursor ${JSON.stringify(request.cursor)} names no resource of this sandbox (a reset clears them); start again without a cursor.`,
      );
    start = index + 1;
  }
  const items = sorted.slice(start, start + request.limit);
  const last = items.at(-1);
  return start + request.limit < sorted.length && last ? { items, nextCursor: encodeCursor(last) } : { items };
}

/** One page of the resources as `GET /__sandbox/resources` shows them, with the kinds the sandbox holds. */
export function resourcePage(
  all: readonly SandboxResource[],
  request: ResourcePageRequest,
  publicUrl: string,
): { kinds: string[]; resources: SandboxResourceView[]; nextCursor?: string } {
  const kinds = [...new Set(all.map((r) => r.kind))];
  const { items, nextCursor } = pageOfResources(all, request);
  const resources = items.map((r) => view(r, publicUrl));
  return nextCursor === undefined ? { kinds, resources } : { kinds, resources, nextCursor };
}

/** One resource with its body as the provider's API shows it, secrets redacted; undefined when there is none. */
export function resourceDetail(
  all: readonly SandboxResource[],
  kind: string,
  id: string,
  secrets: readonly string[],
): (Omit<SandboxResourceView, 'href'> & { body: unknown }) | undefined {
  const found = all.find((r) => r.kind === kind && r.id === id);
  if (!found) return undefined;
  const { href: _href, ...rest } = view(found, '');
  return { ...rest, body: redactValue(found.body(), secrets) };
}
