import { Module } from '@nestjs/common';

/** Live presence over Socket.IO (filled in by the presence work). */
@Module({})
export class PresenceModule {}
