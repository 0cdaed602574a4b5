import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsString, IsUUID, Length, Matches, MaxLength } from 'class-validator';
import { PageOf, PageQuery } from '../../common/pagination.js';
import { IsNullable, IsOmittable, Trim } from '../../common/validators.js';
import { ALL_ROLES, type Role } from '../roles.js';

const USERNAME = /^[a-z0-9][a-z0-9_.-]{2,31}$/;
const lower = Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value));

export class LoginDto {
  @ApiProperty({ example: 'kuaiji.wang' })
  @IsString() @MaxLength(64)
  username: string;

  @ApiProperty({ example: 'correct horse battery staple', format: 'password' })
  @IsString() @MaxLength(256)
  password: string;
}

export class UserView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'kuaiji.wang' }) username: string;
  @ApiProperty({ example: '王丽华' }) displayName: string;
  @ApiProperty({ enum: ALL_ROLES }) role: Role;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) centreId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) unionId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) enterpriseId: string | null;
  @ApiProperty() active: boolean;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) lastLoginAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}
export class UserPage extends PageOf(UserView) {}

export class LoginResult {
  @ApiProperty({ description: 'Send as `Authorization: Bearer <token>`' }) accessToken: string;
  @ApiProperty({ enum: ['Bearer'] }) tokenType: 'Bearer';
  @ApiProperty({ description: 'Seconds until the token expires', example: 28800 }) expiresIn: number;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
  @ApiProperty({ type: UserView }) user: UserView;
}

export class ChangePasswordDto {
  @ApiProperty({ format: 'password' })
  @IsString() @MaxLength(256)
  currentPassword: string;

  @ApiProperty({ format: 'password', minLength: 10, maxLength: 128 })
  @IsString() @Length(10, 128)
  newPassword: string;
}

export class CreateUserDto {
  @ApiProperty({ description: 'Lower-case letters, digits, dot, dash, underscore; 3 to 32', example: 'kuaiji.wang' })
  @lower @IsString() @Matches(USERNAME, { message: 'username must be 3 to 32 lower-case letters, digits, dots, dashes or underscores' })
  username: string;

  @ApiProperty({ example: '王丽华', maxLength: 50 })
  @Trim() @IsString() @Length(1, 50)
  displayName: string;

  @ApiProperty({ enum: ALL_ROLES.filter((role) => role !== 'system_admin') })
  @IsIn(ALL_ROLES.filter((role) => role !== 'system_admin'))
  role: Role;

  @ApiProperty({ format: 'password', minLength: 10, maxLength: 128 })
  @IsString() @Length(10, 128)
  password: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'Required for union_treasurer, union_chair, member' })
  @IsNullable() @IsUUID()
  unionId?: string | null;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'Required for enterprise' })
  @IsNullable() @IsUUID()
  enterpriseId?: string | null;
}

export class UpdateUserDto {
  @ApiPropertyOptional({ maxLength: 50 })
  @IsOmittable() @Trim() @IsString() @Length(1, 50)
  displayName?: string;

  @ApiPropertyOptional({ description: 'false locks the user out and ends their tokens' })
  @IsOmittable() @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ format: 'password', minLength: 10, maxLength: 128, description: 'Sets a new password; ends their tokens' })
  @IsOmittable() @IsString() @Length(10, 128)
  password?: string;
}

export class UserQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ALL_ROLES })
  @IsOmittable() @IsIn(ALL_ROLES)
  role?: Role;
}
