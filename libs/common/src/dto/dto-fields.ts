import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsDate, isISO8601, MaxDate, MinDate, ValidateIf } from 'class-validator';
import { MAX_INSTANT, MIN_INSTANT } from '../domain/input-guards';

/**
 * An optional body field: leaving it out is fine, sending `null` is a 400 like any other wrong type.
 * (class-validator's `@IsOptional()` also lets `null` through, which then reached non-nullable columns as a 500.)
 */
export function OptionalField(): PropertyDecorator {
  return ValidateIf((_object: unknown, value: unknown) => value !== undefined);
}

/**
 * An optional field where `null` means "clear it" (e.g. remove an expiry). Say so in the field's OpenAPI
 * description; every other optional field uses `@OptionalField()`.
 */
export function NullableField(): PropertyDecorator {
  return ValidateIf((_object: unknown, value: unknown) => value !== undefined && value !== null);
}

/**
 * An ISO 8601 date-time string, turned into a Date, between 1970-01-01 and 9999-12-31 (UTC). Numbers, booleans and
 * other shapes stay as they are and fail `IsDate`: `new Date(true)` or an epoch of 8.64e15 are not dates a caller
 * meant, and years outside the range failed in the database.
 */
export function IsInstant(): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) =>
      typeof value === 'string' && isISO8601(value, { strict: true }) ? new Date(value) : value,
    ),
    IsDate({ message: ({ property }) => `${property} must be an ISO 8601 date-time` }),
    MinDate(MIN_INSTANT, { message: ({ property }) => `${property} must not be before 1970-01-01` }),
    MaxDate(MAX_INSTANT, { message: ({ property }) => `${property} must not be after 9999-12-31` }),
  );
}
