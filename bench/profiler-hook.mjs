// PROFILE_FILE=file: a bench server records a CPU profile (inspector, in process) from SIGUSR2 until it stops.
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';

/** Starts listening for SIGUSR2 when PROFILE_FILE is set; the returned function writes the profile (else does nothing). */
export async function profilerHook() {
  const file = process.env.PROFILE_FILE;
  if (!file) return async () => {};
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  process.on('SIGUSR2', () => void session.post('Profiler.start'));
  return async () => {
    const { profile } = await session.post('Profiler.stop').catch(() => ({}));
    if (profile) await writeFile(file, JSON.stringify(profile));
  };
}
