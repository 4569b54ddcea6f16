import { Injectable } from '@nestjs/common';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { AppError, ErrorCode } from '../../common/errors';

/** Events one socket may send per second before it is answered `rate_limited`. */
export const EVENTS_PER_SECOND = 20;

const RATE_LIMITED = { vi: 'Gửi quá nhiều yêu cầu, vui lòng chậm lại', en: 'Too many events, slow down' };

/** Per-socket event budget: one broken client cannot flood the board (or the event log). */
@Injectable()
export class WsRateLimiter {
  private readonly limiter = new RateLimiterMemory({ points: EVENTS_PER_SECOND, duration: 1 });

  /** Spends one event of the socket's budget; throws `rate_limited` when it is used up. */
  async consume(socketId: string): Promise<void> {
    try {
      await this.limiter.consume(socketId);
    } catch (e) {
      if (e instanceof Error) throw e;
      throw new AppError(ErrorCode.RateLimited, RATE_LIMITED);
    }
  }
}
