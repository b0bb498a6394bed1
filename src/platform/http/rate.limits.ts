import { RateLimiterMemory } from 'rate-limiter-flexible';
import { LimitsConfig } from '../config';
import { AppError, ErrorCode } from '../errors';

/**
 * The rate-limit points one operation consumes: 1 for a query, `mutationPoints` for each root field of a mutation
 * (each is a write, and aliases repeat it), so a batch of writes is counted write by write rather than as one
 * request.
 */
export function operationPoints(type: string, rootFields: number, mutationPoints: number): number {
  return type === 'mutation' ? mutationPoints * Math.max(1, rootFields) : 1;
}

/**
 * Points a minute per client IP and per token, counted in this process (behind a load balancer each instance
 * counts its own share). A request consumes the points of its operations (operationPoints), at least 1: the first
 * when it arrives, so a flood of unreadable requests is limited too, the rest once its operations are known and
 * before any of them runs. A refusal is RATE_LIMITED with HTTP 429 and says when to retry.
 */
export class RateLimits {
  private readonly perIp?: RateLimiterMemory;
  private readonly perToken?: RateLimiterMemory;

  constructor(limits: LimitsConfig) {
    if (limits.ratePerIp > 0) this.perIp = new RateLimiterMemory({ points: limits.ratePerIp, duration: 60 });
    if (limits.ratePerToken > 0) this.perToken = new RateLimiterMemory({ points: limits.ratePerToken, duration: 60 });
  }

  checkIp(ip: string, points = 1): Promise<void> {
    return consume(this.perIp, `ip:${ip}`, points);
  }

  checkToken(key: string, points = 1): Promise<void> {
    return consume(this.perToken, `token:${key}`, points);
  }
}

async function consume(limiter: RateLimiterMemory | undefined, key: string, points: number): Promise<void> {
  if (!limiter || points <= 0) return;
  try {
    await limiter.consume(key, points);
  } catch (rejection) {
    const retryAfter = Math.ceil(((rejection as { msBeforeNext?: number }).msBeforeNext ?? 1000) / 1000);
    throw new AppError(ErrorCode.RATE_LIMITED, `Too many requests; retry in ${retryAfter} s`, { http: { status: 429, headers: new Map([['retry-after', String(retryAfter)]]) } });
  }
}
