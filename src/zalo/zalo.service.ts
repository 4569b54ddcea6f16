import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../common/config/app-config';
import { AppError, ErrorCode } from '../common/errors';
import { formatInZone } from '../common/time/time';
import { PETITION_ZONE } from '../petitions/petition-mapper';
import { PetitionsService } from '../petitions/petitions.service';
import { ZaloAttachments } from './zalo-attachments.service';
import { eventKey, type ZaloEventBody } from './zalo-events';
import { ZaloInbox } from './zalo-inbox.service';
import { ZaloReplies } from './zalo-replies.service';
import { signatureMatches, zaloSignature } from './zalo-signature';
import { ZaloTokens } from './zalo-tokens.service';
import type { ZaloStatusResponse } from './zalo.dto';

const UNAUTHORIZED = { vi: 'Chữ ký webhook Zalo không hợp lệ', en: 'Invalid Zalo webhook signature' };

/** The Zalo feature's front: the webhook's checks, the status; the inbox, replies and attachments do the work. */
@Injectable()
export class ZaloService {
  private readonly logger = new Logger('ZaloWebhook');

  constructor(
    private readonly config: AppConfig,
    private readonly inbox: ZaloInbox,
    private readonly tokens: ZaloTokens,
    private readonly petitions: PetitionsService,
    readonly replies: ZaloReplies,
    readonly attachments: ZaloAttachments,
  ) {}

  /** Checks the signature and app id (401, nothing stored), then stores the raw event (once per key). */
  async receive(raw: Buffer, signature: string | undefined): Promise<void> {
    const zalo = this.config.zalo;
    if (!zalo) throw AppError.notFound('route', '/api/webhooks/zalo');
    let body: ZaloEventBody;
    try {
      body = JSON.parse(raw.toString('utf8')) as ZaloEventBody;
    } catch {
      throw AppError.badRequest([{ vi: 'Nội dung không phải JSON hợp lệ', en: 'The body is not valid JSON' }]);
    }
    if (!body || typeof body !== 'object' || Array.isArray(body))
      throw AppError.badRequest([{ vi: 'Nội dung phải là một đối tượng JSON', en: 'The body must be a JSON object' }]);
    const appId = typeof body.app_id === 'string' || typeof body.app_id === 'number' ? String(body.app_id) : '';
    const timestamp = typeof body.timestamp === 'string' || typeof body.timestamp === 'number' ? String(body.timestamp) : '';
    if (appId !== zalo.appId || !signatureMatches(signature, zaloSignature(appId, raw, timestamp, zalo.oaSecret))) {
      this.logger.warn('webhook refused: missing or wrong signature, or another app_id');
      throw new AppError(ErrorCode.Unauthorized, UNAUTHORIZED);
    }
    const name = typeof body.event_name === 'string' ? body.event_name : '';
    await this.inbox.store(eventKey(body), name, raw.toString('utf8'));
  }

  /**
   * An admin reconnects the OA with a new refresh token (`ZaloTokens.replaceRefreshToken`: stored, then tried once);
   * the answer is the status after it, never the token.
   */
  async reconnect(refreshToken: string): Promise<ZaloStatusResponse> {
    await this.tokens.replaceRefreshToken(refreshToken);
    return this.status();
  }

  /**
   * The connection: `reauthorize_needed` while Zalo's last refusal of a refresh stands (kept in the database, so every
   * instance answers alike) or when no refresh token is stored at all; tokens themselves never appear.
   */
  async status(): Promise<ZaloStatusResponse> {
    const configured = !!this.config.zalo;
    const [tokens, last, followers, openFeedback] = await Promise.all([
      configured ? this.tokens.state() : { expiresAt: null, hasRefreshToken: false, refusal: null },
      this.inbox.lastWebhookAt(),
      this.inbox.followers(),
      this.petitions.countOpen('zalo', 'feedback'),
    ]);
    const { expiresAt: expires, hasRefreshToken: hasToken, refusal } = tokens;
    return {
      configured,
      tokenExpiresAt: expires ? formatInZone(expires, PETITION_ZONE) : null,
      lastWebhookAt: last ? formatInZone(last, PETITION_ZONE) : null,
      followers,
      openFeedback,
      connection: !configured ? 'not_configured' : refusal || !hasToken ? 'reauthorize_needed' : 'ok',
      lastRefreshError: refusal ? { at: formatInZone(refusal.at, PETITION_ZONE), code: refusal.code, message: refusal.message } : null,
    };
  }
}
