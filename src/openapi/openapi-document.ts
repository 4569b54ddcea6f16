import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

/** The OpenAPI 3 document of every REST route (served at `/api/docs-json`, dumped by `npm run gen:api`). */
export function openApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Diemcau API')
    .setDescription('Hội nghị trực tuyến kết nối các điểm cầu / Hybrid conferences linking bridge points')
    .setVersion('1')
    .addBearerAuth()
    .build();
  return SwaggerModule.createDocument(app, config);
}
