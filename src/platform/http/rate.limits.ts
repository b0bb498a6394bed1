import { RateLimiterMemory } from 'rate-limiter-flexible';
import { LimitsConfig } from '../config';
import { AppError, ErrorCode } from '../errors';

/**
 * Requests a minute per client IP and per token, counted in this process (behind a load balancer each instance
 * counts its own share). A refusal is RATE_LIMITED with HTTP 429 and says when to retry.
 */
export class RateLimits {
  private readonly perIp?: RateLimiterMemory;
  private readonly perToken?: RateLimiterMemory;

  constructor(limits: LimitsConfig) {
    if (limits.ratePerIp > 0) this.perIp = new RateLimiterMemory({ points: limits.ratePerIp, duration: 60 });
    if (limits.ratePerToken > 0) this.perToken = new RateLimiterMemory({ points: limits.ratePerToken, duration: 60 });
  }

  checkIp(ip: string): Promise<void> {
    return consume(this.perIp, `ip:${ip}`);
  }

  checkToken(key: string): Promise<void> {
    return consume(this.perToken, `token:${key}`);
  }
}

async function consume(limiter: RateLimiterMemory | undefined, key: string): Promise<void> {
  if (!limiter) return;
  try {
    await limiter.consume(key);
  } catch (rejection) {
    const retryAfter = Math.ceil(((rejection as { msBeforeNext?: number }).msBeforeNext ?? 1000) / 1000);
    throw new AppError(ErrorCode.RATE_LIMITED, `Too many requests; retry in ${retryAfter} s`, { http: { status: 429, headers: new Map([['retry-after', String(retryAfter)]]) } });
  }
}
