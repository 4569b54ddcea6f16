import { Injectable } from '@nestjs/common';

/** Zalo's notion of "now" (the 48-hour reply window, token expiry). Tests move it forward instead of sleeping. */
@Injectable()
export class ZaloClock {
  /** Added to the machine's clock (tests only). */
  offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
}
