import { type ArgumentMetadata, Injectable, type PipeTransform, ValidationPipe, type ValidationError } from '@nestjs/common';
import { CommonErrors, type FieldError } from './domain-error.js';

/** Flattens class-validator's tree into `field: message` pairs with dotted paths (`lines.2.amount`). */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  const flat: FieldError[] = [];
  for (const error of errors) {
    const field = parent ? `${parent}.${error.property}` : error.property;
    for (const message of Object.values(error.constraints ?? {})) {
      flat.push({ field, message: message.startsWith(error.property) ? message.replace(error.property, field) : message });
    }
    if (error.children?.length) flat.push(...flattenValidationErrors(error.children, field));
  }
  return flat;
}

/** Bodies and queries are validated against their DTO; unknown fields are refused, never silently dropped. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    stopAtFirstError: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => CommonErrors.validation(flattenValidationErrors(errors)),
  });
}

/**
 * PostgreSQL text cannot hold NUL, and no field of ours has a use for control characters other than tab and line
 * breaks: such input is refused up front, with the field named, rather than failing in the database. Fields named
 * __proto__, constructor or prototype are refused here too (the validation pipe never sees them), and so are lists
 * inside lists (no field is one; nested validation would let them through).
 */
@Injectable()
export class RejectControlCharactersPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type !== 'body' && metadata.type !== 'query' && metadata.type !== 'param') return value;
    const errors: FieldError[] = [];
    visit(value, metadata.type === 'param' ? (metadata.data ?? '') : '', errors, 0);
    if (errors.length > 0) throw CommonErrors.validation(errors);
    return value;
  }
}

/** Names that reach an object's prototype; no DTO has such a field. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

function visit(value: unknown, path: string, errors: FieldError[], depth: number): void {
  if (depth > 32) {
    errors.push({ field: path, message: `${path || 'body'} is nested too deeply` });
    return;
  }
  if (typeof value === 'string') {
    if (FORBIDDEN.test(value)) errors.push({ field: path, message: `${path || 'value'} contains control characters` });
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => {
      const field = path ? `${path}.${index}` : String(index);
      // no field of ours is a list of lists, and class-validator's nested validation walks an array where it expects
      // an object (so {"lines": [[]]} passed validation and failed in the service): refused here
      if (Array.isArray(item)) errors.push({ field, message: `${field} must be an object or a value, not a list` });
      else visit(item, field, errors, depth + 1);
    });
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const field = path ? `${path}.${key}` : key;
      // class-transformer skips these names, so the whitelist never sees them: refused here like any unknown field
      if (PROTOTYPE_KEYS.has(key)) errors.push({ field, message: `property ${key} should not exist` });
      else visit(item, field, errors, depth + 1);
    }
  }
}
