import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Where a contract scenario runs: Prism (schema), the local sandbox (behaviour) or the provider's live sandbox. */
export const CONTRACT_TARGETS = ['prism', 'sandbox', 'live'] as const;
export type ContractTarget = (typeof CONTRACT_TARGETS)[number];

/** Set by `paycontracts contract`: the folder where each test worker appends the operations it called. */
export const COVERAGE_RECORD_DIR_ENV = 'PAYCONTRACTS_COVERAGE_DIR';

/** One line a test worker appends per answered call. */
export interface CoverageRecord {
  provider: string;
  operationId: string;
  status: number;
}

export interface ProviderCoverage {
  /** operationIds the suite called and the target answered, sorted */
  exercised: string[];
  /** operations of the spec that can be called (not "coming soon") */
  available: number;
  /** ISO time of the run */
  ranAt: string;
}

/** reports/coverage-<target>.json */
export interface ContractCoverage {
  target: ContractTarget;
  providers: Record<string, ProviderCoverage>;
}

export function coverageFile(reportsDir: string, target: ContractTarget): string {
  return join(reportsDir, `coverage-${target}.json`);
}

/** The operations each provider's calls reached, from the records test workers left in `recordDir`. */
export async function collectCoverageRecords(recordDir: string): Promise<Map<string, Set<string>>> {
  const byProvider = new Map<string, Set<string>>();
  if (!existsSync(recordDir)) return byProvider;
  for (const file of await readdir(recordDir)) {
    if (!file.endsWith('.jsonl')) continue;
    for (const line of (await readFile(join(recordDir, file), 'utf8')).split('\n')) {
      if (!line.trim()) continue;
      const record = JSON.parse(line) as CoverageRecord;
      const set = byProvider.get(record.provider) ?? new Set<string>();
      set.add(record.operationId);
      byProvider.set(record.provider, set);
    }
  }
  return byProvider;
}

/** Writes this run's providers into reports/coverage-<target>.json, keeping providers the run did not cover. */
export async function writeCoverage(
  reportsDir: string,
  target: ContractTarget,
  run: Record<string, ProviderCoverage>,
): Promise<ContractCoverage> {
  const previous = (await readCoverage(reportsDir))[target];
  const merged: ContractCoverage = { target, providers: { ...(previous?.providers ?? {}), ...run } };
  merged.providers = Object.fromEntries(Object.entries(merged.providers).sort(([a], [b]) => a.localeCompare(b)));
  await mkdir(reportsDir, { recursive: true });
  await writeFile(coverageFile(reportsDir, target), `${JSON.stringify(merged, null, 2)}\n`);
  return merged;
}

/** Every target's last coverage report found in `reportsDir`; a target never run is absent. */
export async function readCoverage(reportsDir: string): Promise<Partial<Record<ContractTarget, ContractCoverage>>> {
  const out: Partial<Record<ContractTarget, ContractCoverage>> = {};
  for (const target of CONTRACT_TARGETS) {
    const file = coverageFile(reportsDir, target);
    if (!existsSync(file)) continue;
    try {
      const parsed = JSON.parse(await readFile(file, 'utf8')) as ContractCoverage;
      if (parsed.target === target && typeof parsed.providers === 'object') out[target] = parsed;
    } catch {
      // A half-written or hand-edited report is treated as absent: the docs then say "not run yet".
    }
  }
  return out;
}
