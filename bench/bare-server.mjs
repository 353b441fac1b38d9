// The floor: a bare node:http server that answers every request with one constant JSON body (PROFILE_FILE: see
// profiler-hook.mjs).
import { createServer } from 'node:http';
import { profilerHook } from './profiler-hook.mjs';

const body = JSON.stringify({
  session_token: 'eyJraWQiOiJzZXNzaW9uLTIwMjUtMDEi',
  expires_in: 3600,
  session_id: 'sess_abc123xyz789',
});
const writeProfile = await profilerHook();
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  console.log(`listening on http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`);
});
const stop = () => void writeProfile().then(() => server.close(() => process.exit(0)));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
