// Benchmark 9: where a Haloubi authorize request's CPU goes, before and after the request-path work. The sandbox of
// BASELINE_COMMIT (built into a temporary folder) and this build, each in its own process under the same autocannon
// load, rounds alternating; each round records a CPU profile (inspector) of the measured seconds only.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, startServerProcess } from '../src/devtools/server-process.js';
import { projectRoot } from '../src/pipeline/project-root.js';
import { LOAD_CASES, loadOnce } from './load.js';
import { fmt } from './stats.js';

/** The last commit before the request-path work: the "before" of this comparison. */
export const BASELINE_COMMIT = '798e2d2';

const run = promisify(execFile);
const root = projectRoot();

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

interface Tally {
  busyUs: number;
  requests: number;
  seconds: number;
  byFunction: Map<string, number>;
}

/** The baseline commit's sources, compiled as `npm run build` compiles them, into a temporary folder. */
async function buildBaseline(dir: string): Promise<string> {
  await run('sh', ['-c', `git archive ${BASELINE_COMMIT} | tar -x -C "${dir}"`], { cwd: root });
  await symlink(join(root, 'node_modules'), join(dir, 'node_modules'));
  const tsc = join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin', 'tsc');
  await run(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: dir });
  await run(process.execPath, ['--import', 'tsx', join('scripts', 'copy-generated.ts')], { cwd: dir });
  return join(dir, 'dist');
}

/** "name (file:line)" with the path shortened to the project's own, as the profile names a function. */
function functionKey(frame: CpuProfile['nodes'][number]['callFrame']): string {
  const file = frame.url.replace(/^file:\/\/.*?\/(dist|node_modules)\//, '').replace(/^node:/, 'node:');
  const name = frame.functionName || '(anonymous)';
  return file ? `${name} (${file}:${frame.lineNumber + 1})` : name;
}

function addProfile(tally: Tally, profile: CpuProfile): void {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    // The first delta runs from the profiler's start to its first sample: the start call's own time, not load.
    const us = i === 0 ? 0 : (profile.timeDeltas[i] ?? 0);
    if (!node) return;
    if (node.callFrame.functionName === '(idle)') return;
    tally.busyUs += us;
    const key = functionKey(node.callFrame);
    tally.byFunction.set(key, (tally.byFunction.get(key) ?? 0) + us);
  });
}

/** What one round profiles: a sandbox build (its dist folder), or the bare node:http floor. */
type Profiled = { dist: string } | 'floor';

/** One round: a warm server, profiled over `seconds` of load. */
async function profileRound(what: Profiled, seconds: number, file: string, tally: Tally): Promise<void> {
  const c = LOAD_CASES.find((x) => x.name === 'Haloubi authorize');
  if (!c) throw new Error('The load cases have no Haloubi authorize.');
  const port = await freePort();
  const script = what === 'floor' ? 'bare-server.mjs' : 'sandbox-server.mjs';
  const server = await startServerProcess(process.execPath, [join(root, 'bench', script)], {
    url: `http://127.0.0.1:${port}`,
    env: {
      PORT: String(port),
      SLUG: c.slug,
      PROFILE_FILE: file,
      ...(what === 'floor' ? {} : { SANDBOX_DIST: what.dist }),
    },
  });
  try {
    await loadOnce(server.url, c, 1, 10);
    process.kill(server.pid, 'SIGUSR2');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const measured = await loadOnce(server.url, c, seconds, 10);
    tally.requests += measured.total;
    tally.seconds += seconds;
  } finally {
    await server.stop();
  }
  addProfile(tally, JSON.parse(await readFile(file, 'utf8')) as CpuProfile);
}

const perRequest = (tally: Tally) => tally.busyUs / tally.requests;
const writevPerRequest = (tally: Tally) => (tally.byFunction.get('writev') ?? 0) / tally.requests;

function topFive(label: string, tally: Tally): string[] {
  const rows = [...tally.byFunction].sort((a, b) => b[1] - a[1]).slice(0, 5);
  return [
    `**${label}**: ${fmt(tally.requests / tally.seconds, 0)} req/s, ${fmt(tally.busyUs / tally.requests, 1)} µs of the server's CPU per request`,
    '',
    '| # | function (self time) | share of busy CPU | µs per request |',
    '|---|---|---|---|',
    ...rows.map(
      ([key, us], i) =>
        `| ${i + 1} | \`${key}\` | ${fmt((100 * us) / tally.busyUs, 1)} % | ${fmt(us / tally.requests, 1)} |`,
    ),
    '',
  ];
}

export async function runProfileBenchmark(opts: { seconds: number; rounds: number }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'paycontracts-profile-'));
  const empty = (): Tally => ({ busyUs: 0, requests: 0, seconds: 0, byFunction: new Map() });
  const before = empty();
  const after = empty();
  const floor = empty();
  try {
    await mkdir(join(dir, 'baseline'));
    const baseline = await buildBaseline(join(dir, 'baseline'));
    for (let round = 0; round < opts.rounds; round++) {
      await profileRound({ dist: baseline }, opts.seconds, join(dir, `before-${round}.cpuprofile`), before);
      await profileRound({ dist: join(root, 'dist') }, opts.seconds, join(dir, `after-${round}.cpuprofile`), after);
      await profileRound('floor', opts.seconds, join(dir, `floor-${round}.cpuprofile`), floor);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return [
    `### Haloubi authorize, 10 connections, ${opts.seconds} s × ${opts.rounds} rounds per server, alternating`,
    '',
    `Each server process is profiled (V8 CPU profile through the inspector) over the measured seconds only, after a 1 s warm-up. Self time by function; \`writev\` is the system call that sends each reply, and \`(garbage collector)\` is V8's collector. Before: commit ${BASELINE_COMMIT}, built the same way into a temporary folder.`,
    '',
    ...topFive(`Before (${BASELINE_COMMIT})`, before),
    ...topFive('After (this build)', after),
    ...topFive('The floor (bare node:http, same load)', floor),
    `- CPU per request, after / before: **${fmt(perRequest(after) / perRequest(before), 2)}×**; after / the floor: **${fmt(perRequest(after) / perRequest(floor), 2)}×**`,
    `- \`writev\` per request: the floor ${fmt(writevPerRequest(floor), 1)} µs, before ${fmt(writevPerRequest(before), 1)} µs, after ${fmt(writevPerRequest(after), 1)} µs. The same system call sending a few hundred bytes costs more per reply behind a slower server, most likely because the load generator, idle between replies, has to be woken for each one.`,
  ].join('\n');
}
