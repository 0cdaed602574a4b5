import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Public } from '../auth/index.js';
import { CommonErrors } from '../common/domain-error.js';
import { ApiProblems } from '../common/problem-details.js';

export class HealthView {
  @ApiProperty({ enum: ['ok'] }) status: 'ok';
  @ApiProperty({ enum: ['up'] }) database: 'up';
  @ApiProperty({ description: 'Migrations applied', example: 1 }) migrations: number;
  @ApiProperty({ format: 'date-time' }) time: string;
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Ready when the database answers and the schema is migrated' })
  @ApiOkResponse({ type: HealthView })
  @ApiProblems(503)
  async check(): Promise<HealthView> {
    try {
      const [row] = await this.dataSource.query('SELECT count(*)::int AS migrations FROM schema_migration');
      return { status: 'ok', database: 'up', migrations: row.migrations, time: new Date().toISOString() };
    } catch {
      throw CommonErrors.unavailable('The database does not answer.');
    }
  }
}
