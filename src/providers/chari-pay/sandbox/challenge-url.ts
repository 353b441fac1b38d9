import { controlPageUrl } from '../../../core/sandbox/pages/page-url.js';

/** Where the customer's browser takes a payment's 3-D Secure challenge, on the sandbox's public base URL. */
export function challengePageUrl(publicUrl: string, paymentId: string): string {
  return controlPageUrl(publicUrl, 'showChariPayThreeDSecureChallenge', { id: paymentId });
}
