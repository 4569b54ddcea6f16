import { AppError, ErrorCode } from '../common/errors';
import { allowedTransitions, assertOpen, assertTransition, canTransition, isClosed } from './conference-status';
import { STATUSES, type ConferenceStatus } from './entities/conference.entity';

describe('conference status machine', () => {
  const legal: Array<[ConferenceStatus, ConferenceStatus]> = [
    ['draft', 'scheduled'],
    ['scheduled', 'live'],
    ['live', 'ended'],
    ['draft', 'cancelled'],
    ['scheduled', 'cancelled'],
    ['live', 'cancelled'],
  ];

  it('allows exactly the contract transitions', () => {
    for (const from of STATUSES) {
      for (const to of STATUSES) {
        const expected = legal.some(([f, t]) => f === from && t === to);
        expect([from, to, canTransition(from, to)]).toEqual([from, to, expected]);
      }
    }
  });

  it('refuses anything else with 409 illegal_transition, naming what is allowed', () => {
    for (const [from, to] of [
      ['draft', 'live'],
      ['draft', 'ended'],
      ['ended', 'live'],
      ['cancelled', 'draft'],
      ['live', 'scheduled'],
      ['scheduled', 'scheduled'],
    ] as const) {
      let error: unknown;
      try {
        assertTransition(from, to);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe(ErrorCode.IllegalTransition);
      expect((error as AppError).status).toBe(409);
      expect((error as AppError).details).toEqual({ from, to, allowed: allowedTransitions(from) });
    }
    expect(() => assertTransition('draft', 'scheduled')).not.toThrow();
  });

  it('treats ended and cancelled as closed', () => {
    expect(STATUSES.filter(isClosed)).toEqual(['ended', 'cancelled']);
    expect(() => assertOpen('live')).not.toThrow();
    expect(() => assertOpen('ended')).toThrow(AppError);
    expect(() => assertOpen('cancelled')).toThrow(expect.objectContaining({ code: ErrorCode.IllegalTransition }));
    expect(allowedTransitions('ended')).toEqual([]);
  });
});
