import net from 'node:net';
import tls from 'node:tls';

let installed = false;

/**
 * Turns Nagle's algorithm off for every socket this process opens (net.connect and tls.connect).
 *
 * Why: the Bolt driver never calls setNoDelay, so any message larger than one TCP segment waits for the server's
 * delayed ACK, up to 40 ms per write (BENCHMARKS.md §1: half of a bulk import's wall time). The driver offers no
 * socket option and builds its sockets with `net.connect(port, host, cb)` / `tls.connect(...)` looked up on the module
 * at call time, so wrapping those two functions is the one place to reach them. Every other outgoing socket of this
 * process is request/response traffic too, which Nagle only delays.
 */
export function disableNagleForOutgoingSockets(): void {
  if (installed) return;
  installed = true;
  const netConnect = net.connect;
  const tlsConnect = tls.connect;
  const patchedNet = ((...args: Parameters<typeof net.connect>) => netConnect(...args).setNoDelay(true)) as typeof net.connect;
  const patchedTls = ((...args: unknown[]) => (tlsConnect as (...a: unknown[]) => tls.TLSSocket)(...args).setNoDelay(true)) as typeof tls.connect;
  net.connect = patchedNet;
  net.createConnection = patchedNet;
  tls.connect = patchedTls;
}
