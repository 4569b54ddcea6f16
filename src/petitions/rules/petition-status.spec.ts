import { AppError, ErrorCode } from '../../common/errors';
import { allowedActions, canApply, isOpen, nextStatus, PETITION_ACTIONS, PETITION_STATUSES, type PetitionAction, type PetitionStatus } from './petition-status';

describe('petition status machine', () => {
  // [action, from, to]: exactly the contract's moves.
  const legal: Array<[PetitionAction, PetitionStatus, PetitionStatus]> = [
    ['assign', 'received', 'assigned'],
    ['assign', 'assigned', 'assigned'],
    ['answer', 'assigned', 'answered'],
    ['close', 'answered', 'closed'],
    ['reject', 'received', 'rejected'],
    ['reject', 'assigned', 'rejected'],
    ['merge', 'received', 'merged'],
    ['merge', 'assigned', 'merged'],
    ['reopen', 'answered', 'assigned'],
    ['reopen', 'closed', 'assigned'],
    ['publish', 'answered', 'answered'],
    ['publish', 'closed', 'closed'],
  ];

  it('allows exactly the contract transitions, every other pair is 409 illegal_transition', () => {
    for (const action of PETITION_ACTIONS) {
      for (const from of PETITION_STATUSES) {
        const expected = legal.find(([a, f]) => a === action && f === from);
        expect([action, from, canApply(action, from)]).toEqual([action, from, !!expected]);
        if (expected) {
          expect(nextStatus(action, from)).toBe(expected[2]);
        } else {
          let error: unknown;
          try {
            nextStatus(action, from);
          } catch (e) {
            error = e;
          }
          expect(error).toBeInstanceOf(AppError);
          expect((error as AppError).code).toBe(ErrorCode.IllegalTransition);
          expect((error as AppError).status).toBe(409);
          expect((error as AppError).details).toEqual(expect.objectContaining({ from, action }));
        }
      }
    }
  });

  it('answer needs assigned: a received petition is assigned first', () => {
    expect(canApply('answer', 'received')).toBe(false);
    expect(() => nextStatus('answer', 'received')).toThrow(AppError);
  });

  it('rejected and merged are final; open means received or assigned', () => {
    expect(allowedActions('rejected')).toEqual([]);
    expect(allowedActions('merged')).toEqual([]);
    expect(PETITION_STATUSES.filter(isOpen)).toEqual(['received', 'assigned']);
    expect(allowedActions('answered')).toEqual(['close', 'reopen', 'publish']);
  });
});
