import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, validateSync } from 'class-validator';

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
const toBool = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : ['1', 'true', 'yes', 'on'].includes(String(value).toLowerCase()) ? true : ['0', 'false', 'no', 'off'].includes(String(value).toLowerCase()) ? false : value;

/** The environment as documented in the README; validated at boot. */
export class EnvironmentVariables {
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(65535)
  PORT?: number;

  @IsOptional() @IsString() @Matches(/^(sqlite:.+|postgres(ql)?:\/\/.+)$/, { message: 'DATABASE_URL must be sqlite:<path> or postgres://…' })
  DATABASE_URL?: string;

  @IsOptional() @IsString() @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must be redis://…' })
  REDIS_URL?: string;

  @IsOptional() @IsString() @Matches(/^[A-Za-z0-9:._-]{1,64}$/, { message: 'REDIS_PREFIX must be 1–64 characters of [A-Za-z0-9:._-]' })
  REDIS_PREFIX?: string;

  @IsOptional() @IsString() @MinLength(16, { message: 'JWT_SECRET must be at least 16 characters' })
  JWT_SECRET?: string;

  @IsOptional() @Transform(toInt) @IsInt() @Min(100) @Max(3_600_000)
  PRESENCE_GRACE_MS?: number;

  @IsOptional() @IsString() @Matches(/^[A-Za-z0-9._-]{3,64}$/, { message: 'ADMIN_USERNAME must be 3–64 characters of [A-Za-z0-9._-]' })
  ADMIN_USERNAME?: string;

  @IsOptional() @IsString() @MinLength(10, { message: 'ADMIN_PASSWORD must be at least 10 characters' })
  ADMIN_PASSWORD?: string;

  @IsOptional() @Transform(toBool) @IsBoolean({ message: 'SEED_DEMO must be true or false' })
  SEED_DEMO?: boolean;

  @IsOptional() @IsIn(['development', 'production', 'test'])
  NODE_ENV?: string;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(500)
  DB_POOL_SIZE?: number;

  @IsOptional() @IsString() @Matches(/^https?:\/\/[^\s]+$/, { message: 'PUBLIC_URL must be an http(s) address' })
  PUBLIC_URL?: string;

  @IsOptional() @IsString()
  DATA_DIR?: string;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(36500)
  PETITION_PII_RETENTION_DAYS?: number;

  @IsOptional() @IsString() @Matches(/^[0-9]{1,32}$/, { message: 'ZALO_APP_ID must be the digits of the Zalo app id' })
  ZALO_APP_ID?: string;

  @IsOptional() @IsString() @MinLength(8, { message: 'ZALO_OA_SECRET must be at least 8 characters' })
  ZALO_OA_SECRET?: string;

  @IsOptional() @IsString() @MinLength(8, { message: 'ZALO_APP_SECRET must be at least 8 characters' })
  ZALO_APP_SECRET?: string;

  @IsOptional() @IsString() @MinLength(8, { message: 'ZALO_REFRESH_TOKEN must be at least 8 characters' })
  ZALO_REFRESH_TOKEN?: string;

  @IsOptional() @IsString() @Matches(/^https?:\/\/[^\s]+$/, { message: 'ZALO_API_BASE must be an http(s) address' })
  ZALO_API_BASE?: string;

  @IsOptional() @IsString() @Matches(/^https?:\/\/[^\s]+$/, { message: 'ZALO_OAUTH_BASE must be an http(s) address' })
  ZALO_OAUTH_BASE?: string;

  @IsOptional() @Transform(toBool) @IsBoolean({ message: 'ZALO_WORKER must be true or false' })
  ZALO_WORKER?: boolean;
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

/** Reads and validates the environment; throws `ConfigError` naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = plainToInstance(EnvironmentVariables, { ...env }, { excludeExtraneousValues: false });
  const errors = validateSync(parsed, { skipMissingProperties: false, whitelist: false });
  if (errors.length) {
    const lines = errors.map((e) => `  ${e.property}=${JSON.stringify(e.value)}: ${Object.values(e.constraints ?? {}).join('; ')}`);
    throw new ConfigError(`Cấu hình không hợp lệ / Invalid configuration:\n${lines.join('\n')}`);
  }
  const production = parsed.NODE_ENV === 'production';
  const database = parseDatabaseUrl(parsed.DATABASE_URL, parsed.DB_POOL_SIZE ?? 10);
  const dataDir = resolve(
    process.cwd(),
    parsed.DATA_DIR ?? (database.type === 'sqlite' && database.path !== ':memory:' ? dirname(database.path) : 'data'),
  );
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

/** A development secret generated once and kept in the data folder, so tokens survive restarts. */
function persistentSecret(dataDir: string): string {
  const file = resolve(dataDir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
