import type { ProviderSlug } from '../../../src/core/providers.js';

/** A sandbox bug the fuzzers found and its provider's code (src/providers) still has. */
interface KnownSandboxBug {
  slug: ProviderSlug;
  summary: string;
  /** matches the fuzzer's failure messages and the sandbox's recorded response violations the bug causes */
  matches: RegExp;
}

/**
 * Open sandbox bugs. A failure one of these explains is counted apart (`known-bug-hits`) instead of failing the run,
 * and each entry must still reproduce: once the bug is fixed, the negative fuzz fails until its entry is removed.
 */
const KNOWN_SANDBOX_BUGS: KnownSandboxBug[] = [
  {
    slug: 'alyapay',
    summary: 'routeNotFound answers {"error":"NOT_FOUND"}, a code the AlyaPayError schema does not list',
    matches: /404 body is not alyapay's error format .*"error":"NOT_FOUND"/,
  },
  {
    slug: 'alyapay',
    summary: 'getTransactionStatus answers 400 INVALID_ITEMS, a status it does not document, to an empty transaction_id',
    matches: /^(\[parameter\] path transaction_id: empty: undocumented status 400|getTransactionStatus: undocumented status 400)/,
  },
];

/** Which known bugs a run has met, so the run can both excuse them and insist they are still there. */
export class KnownBugLedger {
  private readonly seen = new Set<KnownSandboxBug>();

  /** Whether a known bug of `slug` explains this failure (and records that it reproduced). */
  explains(slug: ProviderSlug, failure: string): boolean {
    const bug = KNOWN_SANDBOX_BUGS.find((b) => b.slug === slug && b.matches.test(failure));
    if (bug) this.seen.add(bug);
    return bug !== undefined;
  }

  /** The known bugs of `slug` this run did not meet: fixed, so their entries must go. */
  notReproduced(slug: ProviderSlug): string[] {
    return KNOWN_SANDBOX_BUGS.filter((b) => b.slug === slug && !this.seen.has(b)).map((b) => b.summary);
  }

  has(slug: ProviderSlug): boolean {
    return KNOWN_SANDBOX_BUGS.some((b) => b.slug === slug);
  }
}
