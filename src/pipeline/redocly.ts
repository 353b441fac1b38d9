import { relative } from 'node:path';
import {
  bundle,
  type Config,
  getLineColLocation,
  lint,
  loadConfig,
  type NormalizedProblem,
} from '@redocly/openapi-core';
import { projectRoot, specRootFile } from './project-root.js';

export interface LintFinding {
  severity: 'error' | 'warn';
  rule: string;
  message: string;
  /** file:line:col, relative to the project root */
  where: string;
}

let configPromise: Promise<Config> | undefined;

/** The project's redocly.yaml (house rules plugin included), loaded once per process. */
export function redoclyConfig(root = projectRoot()): Promise<Config> {
  configPromise ??= loadConfig({ configPath: `${root}/redocly.yaml` });
  return configPromise;
}

function toFinding(problem: NormalizedProblem, root: string): LintFinding {
  const location = problem.location[0];
  let where = '(unknown location)';
  if (location) {
    const { start } = getLineColLocation(location);
    where = `${relative(root, location.source.absoluteRef)}:${start.line}:${start.col}`;
  }
  return {
    severity: problem.severity === 'error' ? 'error' : 'warn',
    rule: problem.ruleId,
    message: problem.message,
    where,
  };
}

/** Lints one provider spec with the redocly.yaml entry of the same name. */
export async function lintSpec(slug: string, root = projectRoot()): Promise<LintFinding[]> {
  const config = (await redoclyConfig(root)).forAlias(slug);
  const problems = await lint({ ref: specRootFile(slug, root), config });
  return problems.map((p) => toFinding(p, root));
}

/** Bundles a split spec into one document; component refs stay `#/components/...`. */
export async function bundleSpec(slug: string, root = projectRoot()): Promise<Record<string, unknown>> {
  const config = (await redoclyConfig(root)).forAlias(slug);
  const result = await bundle({ ref: specRootFile(slug, root), config, dereference: false });
  const unresolved = result.problems.filter((p) => p.severity === 'error');
  const [firstProblem] = unresolved;
  if (firstProblem) {
    const first = toFinding(firstProblem, root);
    throw new Error(
      `Cannot bundle ${slug}: ${first.message} at ${first.where} (${unresolved.length} problem(s); run npm run lint).`,
    );
  }
  return result.bundle.parsed as Record<string, unknown>;
}
