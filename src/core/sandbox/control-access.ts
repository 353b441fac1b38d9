import type { IncomingMessage } from 'node:http';
import { networkInterfaces } from 'node:os';
import type { OperationInfo } from '../openapi-document.js';
import { controlError } from './control-error.js';
import type { SandboxReply } from './types.js';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

/** Who may drive the control API of a sandbox listening on `host`:`port` and reached at `publicUrl`. */
export interface ControlAccess {
  /** `host:port` values a request may name in its Host header (DNS rebinding names another) */
  hosts: Set<string>;
  /** origins a browser request may come from: the sandbox's own, where its pages (the dashboard) live */
  origins: Set<string>;
  /** off loopback, every control call must present a credential the sandbox accepts */
  needsCredential: boolean;
}

function hostPort(host: string, port: number): string {
  return `${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** The addresses a sandbox serves, from where it listens: all of the machine's when it listens on every interface. */
export function controlAccess(listenHost: string, port: number, publicUrl: string): ControlAccess {
  const everywhere = listenHost === '0.0.0.0' || listenHost === '::';
  const names = everywhere
    ? Object.values(networkInterfaces()).flatMap((list) => (list ?? []).map((i) => i.address))
    : [listenHost];
  if (everywhere || LOOPBACK.test(listenHost)) names.push('localhost', '127.0.0.1', '::1');
  const hosts = new Set(names.map((name) => hostPort(name, port)));
  const publicHost = new URL(publicUrl).host;
  hosts.add(publicHost);
  const origins = new Set([...hosts].map((h) => `http://${h}`));
  origins.add(new URL(publicUrl).origin);
  return { hosts, origins, needsCredential: !LOOPBACK.test(listenHost) };
}

/** A page the customer opens (`x-sandbox-page: customer`): a 3-D Secure challenge, a hosted checkout. */
export function isCustomerPage(op: OperationInfo): boolean {
  return op.raw['x-sandbox-page'] === 'customer';
}

/**
 * The control API's protection: it names the sandbox by a Host it serves (no DNS rebinding), it is not called
 * cross-origin from a web page (except by the sandbox's own pages), POSTs are JSON (a foreign page's form or
 * `text/plain` beacon is refused; a form is accepted only where the spec declares one, from the sandbox's own
 * pages), and off loopback the caller presents a credential the sandbox accepts — except on the customer's pages,
 * which a customer's browser opens with no credential, as a real 3-D Secure page is.
 */
export function refuseControlCall(
  presentsAcceptedCredential: (header: Record<string, unknown>) => boolean,
  access: ControlAccess,
  req: IncomingMessage,
  op: OperationInfo,
): SandboxReply | undefined {
  const host = req.headers.host ?? '';
  if (!access.hosts.has(host.toLowerCase())) {
    return controlError(
      403,
      'forbidden_host',
      `This sandbox does not serve the host "${host}"; call it by its own address.`,
    );
  }
  const origin = req.headers.origin;
  const crossSite = req.headers['sec-fetch-site'] === 'cross-site';
  // The customer opens a customer page from the merchant's site (its redirect or link): a cross-site navigation. The
  // GET changes nothing and answers no CORS, so another site can send a customer there but never read the page.
  const opensCustomerPage = isCustomerPage(op) && (req.method === 'GET' || req.method === 'HEAD');
  const foreign = (origin !== undefined && !access.origins.has(origin)) || (origin === undefined && crossSite);
  if (foreign && !opensCustomerPage) {
    return controlError(403, 'cross_origin_refused', 'The sandbox control API does not answer other origins.');
  }
  const hasBody = (req.headers['content-length'] ?? '0') !== '0' || req.headers['transfer-encoding'] !== undefined;
  const contentType = String(req.headers['content-type'] ?? '');
  const form = op.requestBody?.contentType === 'application/x-www-form-urlencoded';
  const accepted = form ? /^application\/x-www-form-urlencoded\b/i : /^application\/json\b/i;
  if (
    (req.method === 'POST' || req.method === 'PUT') &&
    !accepted.test(contentType) &&
    (hasBody || req.headers['content-type'] !== undefined)
  ) {
    return form
      ? controlError(415, 'unsupported_media_type', 'Submit this page as application/x-www-form-urlencoded.')
      : controlError(415, 'unsupported_media_type', 'Send control calls as application/json (an empty body is {}).');
  }
  if (access.needsCredential && !isCustomerPage(op)) {
    if (!presentsAcceptedCredential(req.headers as Record<string, unknown>)) {
      return controlError(
        401,
        'unauthorized',
        'Off loopback, control calls need a credential this sandbox accepts, sent as the provider API takes it.',
      );
    }
  }
  return undefined;
}
