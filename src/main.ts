import 'reflect-metadata';
import { ConsoleLogger } from '@nestjs/common';
import type { Server } from 'node:net';
import { AppConfig, ConfigError, loadConfig } from './common/config/app-config';
import { EarlyListener } from './common/process/early-listen';
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
  let port: number;
  try {
    port = loadConfig().port;
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(78);
    }
    throw e;
  }
  // The port first, the application afterwards: clients that reconnect during start-up wait instead of backing off.
  let early: EarlyListener;
  try {
    early = await EarlyListener.bind(port);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      console.error(busyPortMessage(port));
      process.exit(1);
    }
    throw e;
  }
  // Loaded only now (seconds of module loading), so that the port is already held meanwhile.
  /* eslint-disable @typescript-eslint/no-require-imports -- a synchronous CommonJS load after the port is bound (a
     static import would load everything before it; `import()` goes through Node's ES module loader, which breaks
     packages this build loads with `require`). */
  const { NestFactory } = require('@nestjs/core') as typeof import('@nestjs/core');
  const { AppModule } = require('./app.module') as typeof import('./app.module');
  const { configureApp } = require('./app.setup') as typeof import('./app.setup');
  const { UsersService } = require('./auth/users.service') as typeof import('./auth/users.service');
  const { DemoService } = require('./demo/demo.service') as typeof import('./demo/demo.service');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const app = await NestFactory.create(AppModule, { bodyParser: false, logger: new QuietLogger() });
  configureApp(app);
  const config = app.get(AppConfig);
  await app.init();
  const demo = await app.get(DemoService).seedIfEmpty();
  try {
    await early.handOver(app.getHttpServer() as Server);
  } catch (e) {
    early.close();
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
