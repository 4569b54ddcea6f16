import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../common/config/app-config';
import { PetitionsModule } from '../petitions/petitions.module';
import { ZALO_ENTITIES } from './entities/zalo.entities';
import { ZaloAttachments } from './zalo-attachments.service';
import { ZaloClient } from './zalo-client';
import { ZaloClock } from './zalo-clock';
import { ZaloInbox } from './zalo-inbox.service';
import { ZaloReplies } from './zalo-replies.service';
import { ZaloTokens } from './zalo-tokens.service';
import { ZaloController } from './zalo.controller';
import { ZaloService } from './zalo.service';

/** Workers' feedback over a Zalo Official Account: the signed webhook, its inbox and worker, replies, tokens, status. */
@Module({
  imports: [TypeOrmModule.forFeature(ZALO_ENTITIES), PetitionsModule],
  controllers: [ZaloController],
  providers: [
    {
      provide: ZaloClient,
      inject: [AppConfig],
      // Without ZALO_APP_ID nothing calls it; it is built anyway so the feature's classes need no null checks.
      useFactory: (c: AppConfig) =>
        new ZaloClient(c.zalo ?? { appId: '', appSecret: '', apiBase: 'https://openapi.zalo.me', oauthBase: 'https://oauth.zaloapp.com' }),
    },
    ZaloClock,
    ZaloTokens,
    ZaloInbox,
    ZaloAttachments,
    ZaloReplies,
    ZaloService,
  ],
  exports: [ZaloService],
})
export class ZaloModule {}
