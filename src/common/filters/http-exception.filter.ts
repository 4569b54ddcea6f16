import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { internalErrorBody, toErrorBody } from './error-body';

/** One filter for every REST error: the same body whatever was thrown. */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request>();
    let out = toErrorBody(exception);
    if (!out) {
      this.logger.error(`${req.method} ${req.originalUrl ?? req.url}: ${(exception as Error)?.stack ?? String(exception)}`);
      out = internalErrorBody();
    }
    if (res.headersSent) return;
    res.status(out.statusCode).json(out);
  }
}
