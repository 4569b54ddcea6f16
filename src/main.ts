import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { configureApp } from './app.setup';
import { AppConfig, ConfigError, loadConfig } from './common/config/app-config';
import { DemoService, DemoSummary } from './demo/demo.service';
import { surviveUnhandledRejections } from './common/process/unhandled-rejections';

function printDemo(base: string, demo: DemoSummary): void {
  const lines = [
    '',
    '──────────────────────────────────────────────────────────────────────',
    ' Diemcau — dữ liệu mẫu tỉnh Bắc Ninh / Bắc Ninh demo',
    ` Mở / open:            ${base}/`,
    ` Bảng điều hành / board: ${base}/board/${demo.liveConferenceId}`,
    ' Tài khoản mẫu / demo accounts (chỉ dùng thử / demo only):',
    ...demo.accounts.map((a) => `   ${a.username.padEnd(12)} ${a.password.padEnd(18)} ${a.label}`),
    ` API: ${base}/api/docs`,
    '──────────────────────────────────────────────────────────────────────',
  ];
  console.log(lines.join('\n'));
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
  const app = await NestFactory.create(AppModule, { bodyParser: false });
  configureApp(app);
  const config = app.get(AppConfig);
  await app.init();
  const demo = await app.get(DemoService).seedIfEmpty();
  await app.listen(config.port);
  const base = config.publicUrl ?? `http://localhost:${config.port}`;
  new Logger('Diemcau').log(`Máy chủ đang chạy / listening on ${base} (${config.database.type})`);
  if (demo) printDemo(base, demo);
}

void bootstrap();
