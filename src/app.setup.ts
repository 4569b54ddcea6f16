import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { AppConfig } from './common/config/app-config';
import { HttpExceptionFilter } from './common/filters/http-exception.filter';
import { createValidationPipe } from './common/validation/validation-pipe';
import { openApiDocument } from './openapi/openapi-document';
import { LiveIoAdapter } from './presence/ws/live-io-adapter';
import { rawWebhookBody } from './zalo/raw-body';

/** Everything `main.ts` and the e2e tests both need on top of `AppModule`. */
export function configureApp(app: INestApplication): void {
  const express = app as NestExpressApplication;
  express.set('trust proxy', 'loopback');
  app.setGlobalPrefix('api', { exclude: ['metrics'] });
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          connectSrc: ["'self'", 'ws:', 'wss:'],
          // blob: the pages show protected images (a Zalo worker's photo) fetched with the bearer header
          imgSrc: ["'self'", 'data:', 'blob:'],
          styleSrc: ["'self'", "'unsafe-inline'"],
          scriptSrc: ["'self'", "'unsafe-inline'"],
          mediaSrc: ["'self'", 'data:'],
          // helmet's default `upgrade-insecure-requests` makes browsers fetch the pages' assets and socket over
          // https, which breaks a plain-http office deployment reached by its LAN address (loopback is exempt)
          upgradeInsecureRequests: null,
        },
      },
    }),
  );
  // Signed webhooks keep their raw body (the signature covers the bytes as sent).
  app.use('/api/webhooks', rawWebhookBody);
  express.useBodyParser('json', { limit: '1mb' });
  // No global text parser: `POST /api/points/import` reads its text/csv body itself, after authentication.
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpExceptionFilter());
  // A preview app (the OpenAPI dump) instantiates no provider: its adapter keeps the default heartbeat.
  const config = app.get(AppConfig) as AppConfig | null;
  app.useWebSocketAdapter(new LiveIoAdapter(app, config?.livePing));
  app.enableShutdownHooks();

  SwaggerModule.setup('api/docs', app, () => openApiDocument(app), { jsonDocumentUrl: 'api/docs-json' });
}
