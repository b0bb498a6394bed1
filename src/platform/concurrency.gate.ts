import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * Lets at most `maxRunning` pieces of work run at once and queues up to `maxQueued` more, first come first served;
 * past that the work is refused with the caller's `busy` error. The HTTP server bounds GraphQL executions with it
 * (resolving many fields of several heavy requests at once keeps the event loop busy with promise callbacks, so
 * /healthz and every light request would wait behind them; yielding a turn before each one starts keeps the loop
 * answering), and analytics bounds its transactions (each holds a Neo4j worker thread for seconds).
 */
export class ConcurrencyGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly maxRunning: number,
    private readonly maxQueued: number,
    private readonly busy: () => Error,
  ) {}

  /** Runs `work` when a slot is free. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.maxRunning) {
      if (this.waiting.length >= this.maxQueued) {
        throw this.busy();
      }
      // A slot is handed over by the finishing work, so `running` already counts this one when it resumes.
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running += 1;
    }
    try {
      await nextTurn();
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running -= 1;
    }
  }

  /** Work running and waiting now (for tests and metrics). */
  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }
}
