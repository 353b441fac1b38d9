/** The messages between a load test and its sandbox child process. */

export interface StateSummary {
  /** the size of each Map or array at the top of the sandbox state */
  sizes: Record<string, number>;
  /** `<collection>:<key>` → balance in minor units, for every state entry that holds an account balance */
  balances: Record<string, string>;
  webhookDeliveries: number;
  internalErrors: string[];
  responseViolations: string[];
}

export type ParentMessage = { type: 'memory'; id: number } | { type: 'state'; id: number } | { type: 'stop' };

export type ChildMessage =
  | { type: 'ready'; url: string }
  | { type: 'memory'; id: number; heapUsed: number; rss: number; gcExposed: boolean }
  | { type: 'state'; id: number; summary: StateSummary };
