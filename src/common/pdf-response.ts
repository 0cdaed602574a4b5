import { StreamableFile } from '@nestjs/common';
import type { Response } from 'express';
import type { Readable } from 'node:stream';

/**
 * Streams a PDF to the client as it is written (a long report never sits whole in memory). The file name is given
 * twice: in ASCII for old clients and in UTF-8 (RFC 6266/5987) so that Chinese names survive.
 */
export function pdfFile(response: Response, filename: string, document: Readable): StreamableFile {
  const ascii = filename.replace(/[^\x20-\x7E]/g, '_').replace(/["\\]/g, '_');
  response.setHeader('Content-Type', 'application/pdf');
  response.setHeader('Content-Disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`);
  return new StreamableFile(document);
}
