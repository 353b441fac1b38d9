// The part of newman's library API the Postman tests use (newman ships no types).
declare module 'newman' {
  interface Assertion {
    assertion: string;
    error?: { name: string; message: string };
  }
  interface Execution {
    item: { name: string };
    response?: { code: number };
    assertions?: Assertion[];
  }
  export interface NewmanRunSummary {
    run: {
      executions: Execution[];
      failures: { error: { name: string; message: string }; source?: { name?: string } }[];
      stats: { requests: { total: number }; assertions: { total: number; failed: number } };
    };
  }
  export interface NewmanRunOptions {
    collection: unknown;
    environment?: unknown;
    folder?: string;
    reporters?: string[];
    timeoutRequest?: number;
  }
  const newman: {
    run(options: NewmanRunOptions, callback: (error: Error | null, summary: NewmanRunSummary) => void): unknown;
  };
  export default newman;
}
