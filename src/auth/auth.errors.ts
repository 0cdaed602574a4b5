import { registerConstraintErrors } from '../common/database-errors.js';
import { CommonErrors, DomainError } from '../common/domain-error.js';

export const AuthErrors = {
  noEngagement: () =>
    new DomainError('AUTH.NO_ENGAGEMENT', 403, 'Forbidden',
      'No audit engagement of yours is in force today; an auditor reads only within an open, valid engagement.'),
  engagementRequired: (count: number) =>
    new DomainError('AUTH.ENGAGEMENT_REQUIRED', 403, 'Forbidden',
      `${count} audit engagements of yours are in force; name the one this request is made under in the X-Audit-Engagement header.`,
      [{ field: 'X-Audit-Engagement', message: 'X-Audit-Engagement must name one of your engagements in force' }]),
  engagementNotHeld: () =>
    new DomainError('AUTH.ENGAGEMENT_NOT_HELD', 403, 'Forbidden',
      'The engagement named in X-Audit-Engagement is not one of yours in force today.',
      [{ field: 'X-Audit-Engagement', message: 'X-Audit-Engagement must name one of your engagements in force' }]),
  invalidCredentials: () =>
    new DomainError('AUTH.INVALID_CREDENTIALS', 401, 'Invalid credentials', 'The user name or the password is wrong.'),
  tooManyAttempts: (retryAfterSeconds: number) =>
    new DomainError(
      'AUTH.TOO_MANY_ATTEMPTS', 429, 'Too many login attempts',
      `Too many login attempts; try again in ${retryAfterSeconds} s.`, [], { retryAfterSeconds },
    ),
  tokenExpired: () => new DomainError('AUTH.TOKEN_EXPIRED', 401, 'Token expired', 'The token has expired; log in again.'),
  tokenInvalid: () => new DomainError('AUTH.TOKEN_INVALID', 401, 'Invalid token', 'The token is not valid.'),
  wrongPassword: () =>
    new DomainError('AUTH.WRONG_PASSWORD', 422, 'Wrong password', 'The current password is wrong.', [
      { field: 'currentPassword', message: 'currentPassword is wrong' },
    ]),
  usernameTaken: () =>
    CommonErrors.conflict('AUTH.USERNAME_TAKEN', 'The user name is already taken.'),
  roleNotGrantable: (role: string) =>
    new DomainError('AUTH.ROLE_NOT_GRANTABLE', 403, 'Role not grantable', `You may not grant the role ${role}.`),
  scopeMismatch: (detail: string) =>
    new DomainError('AUTH.SCOPE_MISMATCH', 400, 'Validation failed', detail),
  unionNotInCentre: () =>
    CommonErrors.unprocessable('AUTH.UNION_NOT_IN_CENTRE', 'The union does not exist in this centre.', [
      { field: 'unionId', message: 'unionId is not a union of this centre' },
    ]),
  enterpriseNotInCentre: () =>
    CommonErrors.unprocessable('AUTH.ENTERPRISE_NOT_IN_CENTRE', 'The enterprise does not exist in this centre.', [
      { field: 'enterpriseId', message: 'enterpriseId is not an enterprise of this centre' },
    ]),
};

registerConstraintErrors({
  app_user_username_unique: AuthErrors.usernameTaken,
});
