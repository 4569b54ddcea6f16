import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module';
import { configureApp } from '../app.setup';
import { openApiDocument } from './openapi-document';

/**
 * Writes the OpenAPI document to a file (or stdout) without a running server: the app is built in Nest's preview
 * mode (controllers and routes, no provider runs, no database is opened). Used by `npm run gen:api` / `check:api`.
 *   node dist/src/openapi/dump-openapi.js [out.json]
 */
async function main(): Promise<void> {
  const app = await NestFactory.create(AppModule, { preview: true, logger: false, abortOnError: false });
  configureApp(app);
  const json = `${JSON.stringify(openApiDocument(app), null, 2)}\n`;
  const out = process.argv[2];
  if (out) writeFileSync(out, json);
  else process.stdout.write(json);
  await app.close();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
