import 'reflect-metadata';
import { ConsoleLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { configureApp } from './app.setup';
import { UsersService } from './auth/users.service';
import { AppConfig, ConfigError, loadConfig } from './common/config/app-config';
import { DemoService } from './demo/demo.service';
import { surviveUnhandledRejections } from './common/process/unhandled-rejections';
import { busyPortMessage, lanAddresses, startupBanner } from './startup-banner';

/** Nest's start-up chatter (one line per module, route and gateway event): hidden unless LOG_ROUTES=true. */
const CHATTY = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'WebSocketsController', 'NestFactory', 'NestApplication']);

const SHOW_ROUTES = ['1', 'true', 'yes', 'on'].includes(String(process.env.LOG_ROUTES ?? '').toLowerCase());

class QuietLogger extends ConsoleLogger {
  override log(message: unknown, ...rest: unknown[]): void {
    const context = rest[rest.length - 1];
    if (!SHOW_ROUTES && typeof context === 'string' && CHATTY.has(context)) return;
    super.log(message, ...(rest as [string]));
  }

  override error(message: unknown, ...rest: unknown[]): void {
    // A busy port is explained in Vietnamese below (busyPortMessage), not as Nest's raw trace.
    if (String(message).includes('EADDRINUSE')) return;
    super.error(message, ...(rest as [string]));
  }
}

async function bootstrap(): Promise<void> {
  surviveUnhandledRejections();
  try {
    loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(78);
    }
    throw e;
  }
  const app = await NestFactory.create(AppModule, { bodyParser: false, logger: new QuietLogger() });
  configureApp(app);
  const config = app.get(AppConfig);
  await app.init();
  const demo = await app.get(DemoService).seedIfEmpty();
  try {
    await app.listen(config.port);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      console.error(busyPortMessage(config.port));
      await app.close().catch(() => undefined);
      process.exit(1);
    }
    throw e;
  }
  console.log(
    startupBanner({
      port: config.port,
      publicUrl: config.publicUrl?.replace(/\/+$/, ''),
      database: config.database.type === 'sqlite' ? `SQLite ${config.database.path}` : 'PostgreSQL',
      lan: lanAddresses(),
      admin: app.get(UsersService).generatedAdmin,
      demo,
    }),
  );
}

void bootstrap();
