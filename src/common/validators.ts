import { Transform } from 'class-transformer';
import { ValidateIf } from 'class-validator';

/** May be left out, but when given must not be null (unlike @IsOptional, which lets null through). */
export function IsOmittable(): PropertyDecorator {
  return ValidateIf((_object, value) => value !== undefined);
}

/** May be left out or null (null clears the field); anything else is validated. */
export function IsNullable(): PropertyDecorator {
  return ValidateIf((_object, value) => value !== undefined && value !== null);
}

/** Trims surrounding white space of a string; other values pass unchanged for validation to judge. */
export function Trim(): PropertyDecorator {
  return Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));
}

/** ISO calendar date YYYY-MM-DD that exists (no 2026-02-30). */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}
