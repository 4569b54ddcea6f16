import { Logger } from '@nestjs/common';

/**
 * A promise that rejects with nobody listening must not take every socket of the instance down mid-broadcast (Node
 * exits on one by default): it is logged, with its stack, and the process keeps serving. Timer callbacks are
 * written not to reject; this is the net under them.
 */
export function surviveUnhandledRejections(logger = new Logger('Process')): void {
  process.on('unhandledRejection', (reason) => {
    logger.error(`unhandled rejection (the process keeps running): ${(reason as Error)?.stack ?? String(reason)}`);
  });
}
