import { setImmediate as nextTurn } from 'node:timers/promises';
import { HttpError } from './http.error';

/**
 * Lets at most `maxRunning` GraphQL executions run at once and queues up to `maxQueued` more, first come first
 * served; past that a request is refused with 503 SERVER_BUSY. Resolving many fields of several heavy requests at
 * once keeps the event loop busy with promise callbacks, so /healthz and every light request would wait behind
 * them; bounding them, and yielding a turn of the event loop before each one starts, keeps the loop answering.
 */
export class ExecutionGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly maxRunning: number,
    private readonly maxQueued: number,
  ) {}

  /** Runs `work` when a slot is free. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.maxRunning) {
      if (this.waiting.length >= this.maxQueued) {
        throw new HttpError(503, 'SERVER_BUSY', 'The server is busy; retry in a moment', { 'retry-after': '1' });
      }
      // A slot is handed over by the finishing execution, so `running` already counts this one when it resumes.
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

  /** Executions running and waiting now (for tests and metrics). */
  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }
}
