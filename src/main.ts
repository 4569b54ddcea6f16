import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { configureApp } from './app.setup';
import { AppConfig, ConfigError, loadConfig } from './common/config/app-config';

async function bootstrap(): Promise<void> {
  try {
    loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(78);
    }
    throw e;
  }
  const app = await NestFactory.create(AppModule, { bodyParser: false });
  configureApp(app);
  const config = app.get(AppConfig);
  await app.listen(config.port);
  new Logger('Diemcau').log(`Máy chủ đang chạy / listening on http://localhost:${config.port} (${config.database.type})`);
}

void bootstrap();
