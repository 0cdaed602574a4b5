import './auth.errors.js';

export { AuthModule } from './auth.module.js';
export { Public, Roles } from './access.decorators.js';
export { ALL_ROLES, AUDITORS, CENTRE_STAFF, CENTRE_WIDE_ROLES, Role, UNION_ROLES } from './roles.js';
export { assertCentreVisible, canSeeUnion, seesWholeCentre } from './scope.js';
export { UsersService } from './users.service.js';
export { TokenService } from './token.service.js';
