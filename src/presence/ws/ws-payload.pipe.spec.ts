import { AppError } from '../../common/errors';
import { AgendaAckDto, ConferenceRefDto, ReadinessDto, StatusDto } from '../dto/live-payloads.dto';
import { VALID_PAYLOADS_KEPT, WsPayloadPipe } from './ws-payload.pipe';

const ID = '5b0c5d8e-6a4f-4c1e-9f53-0c9d1a2b3c4d';

function refusal(pipe: WsPayloadPipe, value: unknown): AppError {
  try {
    pipe.transform(value);
  } catch (e) {
    return e as AppError;
  }
  throw new Error('the payload was accepted');
}

describe('WsPayloadPipe (remembered valid payloads)', () => {
  it('accepts the same valid payload again and answers a DTO instance each time', () => {
    const pipe = new WsPayloadPipe(ConferenceRefDto);
    const a = pipe.transform({ conferenceId: ID });
    const b = pipe.transform({ conferenceId: ID });
    expect(a).toBeInstanceOf(ConferenceRefDto);
    expect(b).toEqual({ conferenceId: ID });
    expect(b).not.toBe(a);
  });

  it('still refuses an invalid payload after valid ones, every time', () => {
    const pipe = new WsPayloadPipe(StatusDto);
    pipe.transform({ conferenceId: ID, audio: 'ok', video: 'ok' });
    for (let i = 0; i < 2; i++) {
      const e = refusal(pipe, { conferenceId: ID, audio: 'loud', video: 'ok' });
      expect(e.status).toBe(400);
      expect(JSON.stringify(e.messages)).toContain('audio');
    }
    expect(refusal(pipe, { conferenceId: 'not-a-uuid' }).status).toBe(400);
    expect(refusal(pipe, { conferenceId: ID, audio: 'ok', video: 'ok', extra: 1 }).status).toBe(400);
  });

  it('keeps a bounded number of payloads and goes on validating past the bound', () => {
    const pipe = new WsPayloadPipe(StatusDto);
    for (let i = 0; i <= VALID_PAYLOADS_KEPT; i++) pipe.transform({ conferenceId: ID, audio: 'ok', video: 'fail', note: `n${i}` });
    expect(refusal(pipe, { conferenceId: ID, audio: 'ok', video: 'fail', note: 'x'.repeat(501) }).status).toBe(400);
    expect(pipe.transform({ conferenceId: ID, audio: 'ok', video: 'fail', note: 'n0' })).toBeInstanceOf(StatusDto);
  });

  it('tells a remembered payload from one that differs only in a value’s type or in where a string ends', () => {
    const ack = new WsPayloadPipe(AgendaAckDto);
    expect(ack.transform({ conferenceId: ID, version: 3 })).toEqual({ conferenceId: ID, version: 3 });
    expect(refusal(ack, { conferenceId: ID, version: '3' }).status).toBe(400);
    const ready = new WsPayloadPipe(ReadinessDto);
    ready.transform({ conferenceId: ID, key: 'audio', ok: true });
    expect(refusal(ready, { conferenceId: ID, key: 'audio', ok: 'true' }).status).toBe(400);
    expect(refusal(ready, { conferenceId: ID, key: 'audio', ok: null }).status).toBe(400);
    // A key that spells out the fields after it (and no `ok`): written without the strings' lengths, it would read
    // the same as the valid payload before it.
    ready.transform({ conferenceId: ID, key: 'audio', ok: true, note: 'x' });
    expect(refusal(ready, { conferenceId: ID, key: 'audio;ok=boolean:true;note=s:x' }).status).toBe(400);
    expect(refusal(ready, { conferenceId: ID, key: 'audio;ok=boolean:true;note=s1:x' }).status).toBe(400);
  });
});
