import { Module } from '@nestjs/common';
import { CentresService } from './centres.service.js';
import { EnterprisesService } from './enterprises.service.js';
import { CentresController, EnterprisesController, UnionsController } from './org.controller.js';
import { UnionsService } from './unions.service.js';

@Module({
  controllers: [CentresController, UnionsController, EnterprisesController],
  providers: [CentresService, UnionsService, EnterprisesService],
  exports: [CentresService, UnionsService, EnterprisesService],
})
export class OrgModule {}
