import { AppError } from '../../common/errors';
import { EVENTS_PER_SECOND, EVENTS_PER_TOKEN_PER_SECOND, WsRateLimiter } from './ws-rate-limit';

/** How many of `n` events the budget lets through (the rest are `rate_limited`). */
function spend(limiter: WsRateLimiter, budget: ReturnType<WsRateLimiter['open']>, n: number): number {
  let passed = 0;
  for (let i = 0; i < n; i++) {
    try {
      limiter.consume(budget);
      passed++;
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe('rate_limited');
    }
  }
  return passed;
}

describe('WsRateLimiter', () => {
  it(`lets one socket send ${EVENTS_PER_SECOND} events in a second, then answers rate_limited`, () => {
    const limiter = new WsRateLimiter();
    expect(spend(limiter, limiter.open('link:a'), EVENTS_PER_SECOND + 5)).toBe(EVENTS_PER_SECOND);
  });

  it(`shares ${EVENTS_PER_TOKEN_PER_SECOND} events a second among the sockets of one token, not among tokens`, () => {
    const limiter = new WsRateLimiter();
    const sockets = [1, 2, 3].map(() => limiter.open('link:a'));
    const passed = sockets.reduce((sum, s) => sum + spend(limiter, s, EVENTS_PER_SECOND), 0);
    expect(passed).toBe(EVENTS_PER_TOKEN_PER_SECOND);
    expect(spend(limiter, limiter.open('link:b'), 1)).toBe(1);
  });

  it("keeps a token's budget while one of its sockets is open, and forgets it with the last (close is idempotent)", () => {
    const limiter = new WsRateLimiter();
    const a = limiter.open('user:1');
    const b = limiter.open('user:1');
    spend(limiter, a, EVENTS_PER_SECOND);
    spend(limiter, b, EVENTS_PER_SECOND);
    a.close();
    a.close();
    expect(limiter.openTokens).toBe(1);
    // The token's budget is still spent: a new socket of it gets nothing this second.
    expect(spend(limiter, limiter.open('user:1'), 1)).toBe(0);
    expect(limiter.openTokens).toBe(1);
  });

  it('drops the budgets of tokens without open sockets', () => {
    const limiter = new WsRateLimiter();
    const sockets = Array.from({ length: 100 }, (_, i) => limiter.open(`link:${i}`));
    expect(limiter.openTokens).toBe(100);
    for (const s of sockets) s.close();
    expect(limiter.openTokens).toBe(0);
  });
});
