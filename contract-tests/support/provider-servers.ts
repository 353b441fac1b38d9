import type { RunningServer } from '../../src/devtools/server-process.js';

/**
 * Starts one server per provider in parallel (`start` returns undefined to leave a provider out), stops those
 * already started if any fails, and returns their URLs by provider with a stop for them all.
 */
export async function startProviderServers<Slug extends string>(
  slugs: readonly Slug[],
  start: (slug: Slug) => Promise<RunningServer | undefined>,
): Promise<{ urls: Record<string, string>; stop(): Promise<void> }> {
  const servers: RunningServer[] = [];
  const urls: Record<string, string> = {};
  const stop = async () => {
    await Promise.all(servers.map((s) => s.stop()));
  };
  try {
    await Promise.all(
      slugs.map(async (slug) => {
        const server = await start(slug);
        if (!server) return;
        servers.push(server);
        urls[slug] = server.url;
      }),
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { urls, stop };
}
