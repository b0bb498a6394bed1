import { AppError } from '../platform/errors';
import { AnalyticsErrorCode } from './analytics.errors';

/**
 * Bounds the analytics transactions of this process. Each analytics statement keeps one Neo4j worker thread busy for
 * up to seconds; on a small machine two of them at once would take every core from the identity paths, so by
 * default one runs at a time and a few wait, first come first served; past that the question is refused at once.
 */
export class AnalyticsGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly maxRunning: number,
    private readonly maxQueued: number,
  ) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.maxRunning) {
      if (this.waiting.length >= this.maxQueued) {
        throw new AppError(AnalyticsErrorCode.ANALYTICS_BUSY, 'Too many analytics questions are running; retry in a moment');
      }
      // The finishing transaction hands its slot over, so `running` already counts this one when it resumes.
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running += 1;
    }
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running -= 1;
    }
  }
}
