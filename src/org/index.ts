import './org.errors.js';

export { OrgModule } from './org.module.js';
export { CentresService } from './centres.service.js';
export { UnionsService } from './unions.service.js';
export { EnterprisesService } from './enterprises.service.js';
export { CentreEntity, EnterpriseEntity, TradeUnionEntity, UNION_KINDS } from './org.entities.js';
export type { UnionKind } from './org.entities.js';
export { isValidUscc, usccCheckCharacter } from './uscc.js';
export type { CreateCentreDto, CreateEnterpriseDto, CreateUnionDto } from './dto/org.dto.js';
