import { randomUUID } from 'node:crypto';
import { type DynamicModule, Logger, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { AuditModule } from './audit/index.js';
import { AuthModule } from './auth/auth.module.js';
import { UserEntity } from './auth/index.js';
import { ProblemDetailsFilter } from './common/problem-details.filter.js';
import { APP_CONFIG, type AppConfig } from './config/index.js';
import { appConnection, dataSourceOptions } from './database/index.js';
import { HealthController } from './health/health.controller.js';
import { BankingModule } from './banking/index.js';
import { BudgetsModule } from './budgets/index.js';
import { DuesModule } from './dues/index.js';
import { ImportsModule } from './imports/index.js';
import { LedgerModule } from './ledger/index.js';
import { OverviewModule } from './overview/index.js';
import { PreparationModule } from './preparation/index.js';
import { ReportingModule } from './reporting/index.js';
import { SpendingModule } from './spending/index.js';
import { CentreEntity, EnterpriseEntity, OrgModule, TradeUnionEntity } from './org/index.js';
import { webConsoleModule } from './web-console.js';

export const ENTITIES = [CentreEntity, TradeUnionEntity, EnterpriseEntity, UserEntity];

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

@Module({})
export class AppModule {
  /** `config.databaseUrl` must be set: main.ts puts the embedded cluster's URL there when none was given. */
  static register(config: AppConfig): DynamicModule {
    if (!config.databaseUrl) throw new Error('AppModule needs a database URL');
    return {
      module: AppModule,
      global: true,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.logLevel,
            // a caller's X-Request-Id is kept when it is safe to log; otherwise one is made
            genReqId: (request, response) => {
              const given = request.headers['x-request-id'];
              const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
              response.setHeader('X-Request-Id', id);
              return id;
            },
            redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'], censor: '[redacted]' },
            customLogLevel: (_request, response, error) =>
              error || response.statusCode >= 500 ? 'error' : response.statusCode >= 400 ? 'warn' : 'info',
          },
        }),
        TypeOrmModule.forRootAsync({
          // the pool logs in as the service role, not as the owner DATABASE_URL names (src/database/app-role.ts)
          useFactory: async () => {
            const connection = await appConnection(config.databaseUrl!);
            if (connection.warning) new Logger('Database').warn(`working as the schema owner: ${connection.warning}; database-level defences are not in force`);
            return dataSourceOptions(connection.url, ENTITIES);
          },
        }),
        AuditModule,
        AuthModule,
        OrgModule,
        LedgerModule,
        DuesModule,
        PreparationModule,
        BankingModule,
        BudgetsModule,
        SpendingModule,
        ReportingModule,
        OverviewModule,
        ImportsModule,
        webConsoleModule(config.consoleDir),
      ],
      controllers: [HealthController],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
      ],
      exports: [APP_CONFIG],
    };
  }
}
