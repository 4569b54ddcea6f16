import type { ZaloConfig } from '../common/config/app-config';

/** Zalo's answer to an API call that failed: its error number and message (never a token). */
export class ZaloApiError extends Error {
  constructor(
    readonly zaloError: number,
    readonly zaloMessage: string,
  ) {
    super(`Zalo error ${zaloError}: ${zaloMessage}`);
  }

  /** `-216` invalid token, `-220` expired: refresh once and retry. */
  get tokenRejected(): boolean {
    return this.zaloError === -216 || this.zaloError === -220;
  }
}

export interface ZaloTokens {
  accessToken: string;
  refreshToken: string;
  /** Seconds, as Zalo says. */
  expiresIn: number;
}

/** Where a reply goes: the worker (answering their last message) or the group their last message came from. */
export type ZaloRecipient = { messageId: string } | { groupId: string };

const TIMEOUT_MS = 10_000;

/**
 * The only code that talks to Zalo: the OA's customer-service and group message APIs, the token refresh, and file
 * downloads. Base URLs come from the configuration (the local stub in tests and `npm run zalo:try`).
 */
export class ZaloClient {
  constructor(private readonly config: Pick<ZaloConfig, 'appId' | 'appSecret' | 'apiBase' | 'oauthBase'>) {}

  /** Sends a text; answers Zalo's message id. */
  async sendText(accessToken: string, to: ZaloRecipient, text: string): Promise<string> {
    const group = 'groupId' in to;
    const url = `${this.config.apiBase}${group ? '/v3.0/oa/group/message' : '/v3.0/oa/message/cs'}`;
    const body = { recipient: group ? { group_id: to.groupId } : { message_id: to.messageId }, message: { text } };
    const res = await this.call(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', access_token: accessToken },
      body: JSON.stringify(body),
    });
    const id = (res.data as { message_id?: unknown } | undefined)?.message_id;
    return typeof id === 'string' || typeof id === 'number' ? String(id) : '';
  }

  /** Exchanges the (single-use) refresh token for a new pair. */
  async refresh(refreshToken: string): Promise<ZaloTokens> {
    const form = new URLSearchParams({ app_id: this.config.appId, grant_type: 'refresh_token', refresh_token: refreshToken });
    const res = await this.call(`${this.config.oauthBase}/v4/oa/access_token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', secret_key: this.config.appSecret },
      body: form.toString(),
    });
    const accessToken = res.access_token;
    const newRefresh = res.refresh_token;
    if (typeof accessToken !== 'string' || typeof newRefresh !== 'string') throw new ZaloApiError(-1, 'no token in the refresh answer');
    const expiresIn = Number(res.expires_in ?? 3600);
    return { accessToken, refreshToken: newRefresh, expiresIn: Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : 3600 };
  }

  /** Downloads a file, refusing one over `maxBytes`. */
  async download(url: string, maxBytes: number): Promise<{ data: Buffer; type: string | null }> {
    const res = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS * 3) });
    if (!res.ok || !res.body) throw new Error(`download answered ${res.status}`);
    const declared = Number(res.headers.get('content-length') ?? '0');
    if (declared > maxBytes) throw new Error('file too large');
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      size += chunk.length;
      if (size > maxBytes) throw new Error('file too large');
      chunks.push(Buffer.from(chunk));
    }
    return { data: Buffer.concat(chunks), type: res.headers.get('content-type') };
  }

  private async call(url: string, init: RequestInit): Promise<Record<string, unknown>> {
    let res: Response;
    try {
      res = await fetch(url, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch (e) {
      throw new ZaloApiError(-1, `Zalo unreachable (${(e as Error).name})`);
    }
    let body: Record<string, unknown>;
    try {
      body = (await res.json()) as Record<string, unknown>;
    } catch {
      throw new ZaloApiError(-1, `Zalo answered ${res.status} without JSON`);
    }
    const error = Number(body.error ?? 0);
    if (error !== 0)
      throw new ZaloApiError(
        error,
        typeof body.message === 'string' ? body.message : typeof body.error_description === 'string' ? body.error_description : 'unknown error',
      );
    if (!res.ok) throw new ZaloApiError(-1, `Zalo answered ${res.status}`);
    return body;
  }
}
