import type { UserView } from './dto/auth.dto.js';
import type { UserEntity } from './user.entity.js';

export function userView(user: UserEntity): UserView {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    centreId: user.centreId,
    unionId: user.unionId,
    enterpriseId: user.enterpriseId,
    active: user.active,
    lastLoginAt: user.lastLoginAt ? user.lastLoginAt.toISOString() : null,
    createdAt: user.createdAt.toISOString(),
  };
}
