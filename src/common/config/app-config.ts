import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, ValidateBy, validateSync } from 'class-validator';

/** A JWT signing key shorter than this (in bytes, UTF-8) is refused from any source: HS256 wants at least 256 bits. */
export const MIN_SECRET_BYTES = 32;

function MinSecretBytes(): PropertyDecorator {
  return ValidateBy({
    name: 'minSecretBytes',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && Buffer.byteLength(value.trim(), 'utf8') >= MIN_SECRET_BYTES,
      defaultMessage: () => `JWT_SECRET must be at least ${MIN_SECRET_BYTES} bytes (e.g. openssl rand -base64 48)`,
    },
  });
}

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
const toBool = ({ value }: { value: unknown }) =>
  value === undefined || value === ''
    ? undefined
    : ['1', 'true', 'yes', 'on'].includes(String(value).toLowerCase())
      ? true
      : ['0', 'false', 'no', 'off'].includes(String(value).toLowerCase())
        ? false
        : value;

/** The environment as documented in the README; validated at boot. */
export class EnvironmentVariables {
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT?: number;

  @IsOptional()
  @IsString()
  @Matches(/^(sqlite:.+|postgres(ql)?:\/\/.+)$/, { message: 'DATABASE_URL must be sqlite:<path> or postgres://…' })
  DATABASE_URL?: string;

  @IsOptional()
  @IsString()
  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must be redis://…' })
  REDIS_URL?: string;

  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9:._-]{1,64}$/, { message: 'REDIS_PREFIX must be 1–64 characters of [A-Za-z0-9:._-]' })
  REDIS_PREFIX?: string;

  @IsOptional()
  @IsString()
  @MinSecretBytes()
  JWT_SECRET?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  PRESENCE_GRACE_MS?: number;

  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9._-]{3,64}$/, { message: 'ADMIN_USERNAME must be 3–64 characters of [A-Za-z0-9._-]' })
  ADMIN_USERNAME?: string;

  @IsOptional()
  @IsString()
  @MinLength(10, { message: 'ADMIN_PASSWORD must be at least 10 characters' })
  ADMIN_PASSWORD?: string;

  @IsOptional()
  @Transform(toBool)
  @IsBoolean({ message: 'SEED_DEMO must be true or false' })
  SEED_DEMO?: boolean;

  @IsOptional()
  @IsIn(['development', 'production', 'test'])
  NODE_ENV?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(500)
  DB_POOL_SIZE?: number;

  @IsOptional()
  @IsString()
  @Matches(/^https?:\/\/[^\s]+$/, { message: 'PUBLIC_URL must be an http(s) address' })
  PUBLIC_URL?: string;

  @IsOptional()
  @IsString()
  DATA_DIR?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(36500)
  PETITION_PII_RETENTION_DAYS?: number;

  @IsOptional()
  @IsString()
  @Matches(/^[0-9]{1,32}$/, { message: 'ZALO_APP_ID must be the digits of the Zalo app id' })
  ZALO_APP_ID?: string;

  @IsOptional()
  @IsString()
  @MinLength(8, { message: 'ZALO_OA_SECRET must be at least 8 characters' })
  ZALO_OA_SECRET?: string;

  @IsOptional()
  @IsString()
  @MinLength(8, { message: 'ZALO_APP_SECRET must be at least 8 characters' })
  ZALO_APP_SECRET?: string;

  @IsOptional()
  @IsString()
  @MinLength(8, { message: 'ZALO_REFRESH_TOKEN must be at least 8 characters' })
  ZALO_REFRESH_TOKEN?: string;

  @IsOptional()
  @IsString()
  @Matches(/^https?:\/\/[^\s]+$/, { message: 'ZALO_API_BASE must be an http(s) address' })
  ZALO_API_BASE?: string;

  @IsOptional()
  @IsString()
  @Matches(/^https?:\/\/[^\s]+$/, { message: 'ZALO_OAUTH_BASE must be an http(s) address' })
  ZALO_OAUTH_BASE?: string;

  @IsOptional()
  @Transform(toBool)
  @IsBoolean({ message: 'ZALO_WORKER must be true or false' })
  ZALO_WORKER?: boolean;

  @IsOptional()
  @IsString()
  @Matches(/^\S{16,256}$/, { message: 'METRICS_TOKEN must be 16–256 characters without spaces' })
  METRICS_TOKEN?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(200)
  @Max(60_000)
  LIVE_PING_INTERVAL_MS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(200)
  @Max(60_000)
  LIVE_PING_TIMEOUT_MS?: number;
}

/** The Zalo Official Account (null when `ZALO_APP_ID` is unset: nothing of Zalo runs). Secrets: never logged. */
export interface ZaloConfig {
  appId: string;
  /** The OA's secret key: signs webhooks. */
  oaSecret: string;
  /** The app's secret: the `secret_key` header of token refreshes. */
  appSecret: string;
  /** The first refresh token; later ones are kept in the database. */
  refreshToken: string | undefined;
  apiBase: string;
  oauthBase: string;
  /** false: this instance only stores webhooks; other instances turn them into thread messages. */
  worker: boolean;
}

export type DatabaseConfig = { type: 'sqlite'; path: string } | { type: 'postgres'; url: string; poolSize: number };

/** The validated configuration every feature reads (never `process.env` directly). */
export interface LivePingConfig {
  intervalMs: number;
  timeoutMs: number;
}

export const DEFAULT_LIVE_PING: LivePingConfig = { intervalMs: 10_000, timeoutMs: 8_000 };

export class AppConfig {
  constructor(
    readonly port: number,
    readonly database: DatabaseConfig,
    readonly redisUrl: string | undefined,
    readonly jwtSecret: string,
    readonly presenceGraceMs: number,
    readonly adminUsername: string,
    readonly adminPassword: string | undefined,
    readonly seedDemo: boolean,
    readonly production: boolean,
    readonly dataDir: string,
    readonly publicUrl: string | undefined,
    /** Prefix of every Redis key and channel (several deployments or test runs may share one Redis). */
    readonly redisPrefix = 'diemcau:',
    /** Submitter data of finished petitions is erased after this many days (Nghị định 13/2023). */
    readonly petitionPiiRetentionDays = 730,
    /** Workers' feedback over a Zalo Official Account; null when not configured. */
    readonly zalo: ZaloConfig | null = null,
    /** Bearer token that `GET /metrics` requires; unset = the endpoint is off (404). */
    readonly metricsToken: string | undefined = undefined,
    /**
     * The `/live` heartbeat: a socket whose client stops answering (a phone out of coverage, a cable pulled: no TCP
     * close) is dropped at most `intervalMs + timeoutMs` after its last answer. Socket.IO's defaults (25 s + 20 s)
     * kept such a site "connected" on the board for up to 45 s.
     */
    readonly livePing: LivePingConfig = DEFAULT_LIVE_PING,
  ) {}
}

export class ConfigError extends Error {}

/** SQLite unless `DATABASE_URL` says PostgreSQL; known before any entity is loaded. */
export function databaseKind(env: NodeJS.ProcessEnv = process.env): 'sqlite' | 'postgres' {
  return /^postgres(ql)?:/.test(env.DATABASE_URL ?? '') ? 'postgres' : 'sqlite';
}

export function parseDatabaseUrl(url: string | undefined, poolSize = 10): DatabaseConfig {
  if (!url) return { type: 'sqlite', path: resolve(process.cwd(), 'data', 'diemcau.sqlite') };
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length);
    return { type: 'sqlite', path: path === ':memory:' ? path : resolve(process.cwd(), path) };
  }
  return { type: 'postgres', url, poolSize };
}

/**
 * A refused variable's value as the start-up error shows it: never a secret's (a short secret is still a secret), and
 * an address without its password.
 */
function shownValue(name: string, value: unknown): string {
  if (value === undefined) return '(unset)';
  if (/SECRET|TOKEN|PASSWORD/.test(name)) return '(hidden)';
  const text = JSON.stringify(value);
  return /_URL$/.test(name) ? text.replace(/(\/\/[^:/@]*:)[^@/]*@/, '$1***@') : text;
}

/** Reads and validates the environment; throws `ConfigError` naming every bad variable (secrets' values hidden). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = plainToInstance(EnvironmentVariables, { ...env }, { excludeExtraneousValues: false });
  const errors = validateSync(parsed, { skipMissingProperties: false, whitelist: false });
  if (errors.length) {
    const lines = errors.map((e) => `  ${e.property}=${shownValue(e.property, e.value)}: ${Object.values(e.constraints ?? {}).join('; ')}`);
    throw new ConfigError(`Cấu hình không hợp lệ / Invalid configuration:\n${lines.join('\n')}`);
  }
  const production = parsed.NODE_ENV === 'production';
  const database = parseDatabaseUrl(parsed.DATABASE_URL, parsed.DB_POOL_SIZE ?? 10);
  const dataDir = resolve(process.cwd(), parsed.DATA_DIR ?? (database.type === 'sqlite' && database.path !== ':memory:' ? dirname(database.path) : 'data'));
  let jwtSecret = parsed.JWT_SECRET;
  if (!jwtSecret) {
    if (production) throw new ConfigError('Cấu hình không hợp lệ / Invalid configuration:\n  JWT_SECRET is required when NODE_ENV=production');
    jwtSecret = persistentSecret(dataDir);
  }
  return new AppConfig(
    parsed.PORT ?? 3000,
    database,
    parsed.REDIS_URL,
    jwtSecret,
    parsed.PRESENCE_GRACE_MS ?? 15000,
    parsed.ADMIN_USERNAME ?? 'admin',
    parsed.ADMIN_PASSWORD,
    parsed.SEED_DEMO ?? true,
    production,
    dataDir,
    parsed.PUBLIC_URL?.replace(/\/$/, ''),
    parsed.REDIS_PREFIX ?? 'diemcau:',
    parsed.PETITION_PII_RETENTION_DAYS ?? 730,
    zaloConfig(parsed),
    parsed.METRICS_TOKEN,
    { intervalMs: parsed.LIVE_PING_INTERVAL_MS ?? DEFAULT_LIVE_PING.intervalMs, timeoutMs: parsed.LIVE_PING_TIMEOUT_MS ?? DEFAULT_LIVE_PING.timeoutMs },
  );
}

function zaloConfig(parsed: EnvironmentVariables): ZaloConfig | null {
  if (!parsed.ZALO_APP_ID) return null;
  const missing = (['ZALO_OA_SECRET', 'ZALO_APP_SECRET'] as const).filter((k) => !parsed[k]);
  if (missing.length) throw new ConfigError(`Cấu hình không hợp lệ / Invalid configuration:\n  ${missing.join(', ')} required when ZALO_APP_ID is set`);
  return {
    appId: parsed.ZALO_APP_ID,
    oaSecret: parsed.ZALO_OA_SECRET!,
    appSecret: parsed.ZALO_APP_SECRET!,
    refreshToken: parsed.ZALO_REFRESH_TOKEN,
    apiBase: (parsed.ZALO_API_BASE ?? 'https://openapi.zalo.me').replace(/\/$/, ''),
    oauthBase: (parsed.ZALO_OAUTH_BASE ?? 'https://oauth.zaloapp.com').replace(/\/$/, ''),
    worker: parsed.ZALO_WORKER ?? true,
  };
}

/**
 * A secret generated once and kept in the data folder (`jwt-secret`, mode 0600), so tokens survive restarts.
 * A file holding fewer than MIN_SECRET_BYTES bytes (empty, truncated) stops start-up: signing with it would let anyone
 * forge tokens. The file is written atomically: a temporary file, fsync, then a hard link to the final name, which
 * fails if another instance created it first (that one's secret is then used), so the file is never seen half-written.
 */
export function persistentSecret(dataDir: string): string {
  const file = resolve(dataDir, 'jwt-secret');
  const existing = readSecretFile(file);
  if (existing !== null) return existing;
  mkdirSync(dataDir, { recursive: true });
  const tmp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const fd = openSync(tmp, 'wx', 0o600);
  try {
    writeSync(fd, randomBytes(48).toString('base64url'));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(tmp, file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  } finally {
    unlinkSync(tmp);
  }
  syncDirectory(dataDir);
  return readSecretFile(file)!;
}

function readSecretFile(file: string): string | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8').trim();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  if (Buffer.byteLength(text, 'utf8') < MIN_SECRET_BYTES) {
    throw new ConfigError(
      `Cấu hình không hợp lệ / Invalid configuration:\n  ${file}: khoá ký JWT phải dài ít nhất ${MIN_SECRET_BYTES} byte; hãy xoá tệp này để máy chủ tạo khoá mới, hoặc đặt JWT_SECRET / the JWT secret file holds fewer than ${MIN_SECRET_BYTES} bytes: delete it to have a new one generated, or set JWT_SECRET`,
    );
  }
  return text;
}

/** Makes the new directory entry durable (a crash right after start-up keeps the secret the tokens were signed with). */
function syncDirectory(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Not supported on every platform (Windows); the file itself was synced.
  }
}
