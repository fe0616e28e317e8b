// field.Error constructors with the bodies apimachinery's ErrorBody() prints
// (util/validation/field/errors.go), and field.Path rendering: children joined
// with '.', indexes and map keys in brackets (spec.containers[0], limits[cpu]).
import type { FieldError, FieldErrorType } from '../resources/types.js';
import { goQuote, renderBadValue } from './go-value.js';
import type { BadValue } from './go-value.js';

const TYPE_TEXT: Record<FieldErrorType, string> = {
  FieldValueNotFound: 'Not found',
  FieldValueRequired: 'Required value',
  FieldValueDuplicate: 'Duplicate value',
  FieldValueInvalid: 'Invalid value',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueForbidden: 'Forbidden',
  FieldValueTooLong: 'Too long',
  FieldValueTooMany: 'Too many',
  InternalError: 'Internal error',
  FieldValueTypeInvalid: 'Invalid value',
};

function make(type: FieldErrorType, field: string, value: BadValue | undefined, detail: string): FieldError {
  // Required, Forbidden, TooLong and Internal never print the value (ErrorBody's first cases)
  let body = TYPE_TEXT[type];
  if (value !== undefined) body += `: ${renderBadValue(value)}`;
  if (detail) body += `: ${detail}`;
  return { type, field, message: body };
}

export function required(field: string, detail = ''): FieldError {
  return make('FieldValueRequired', field, undefined, detail);
}

export function invalid(field: string, value: BadValue, detail: string): FieldError {
  return make('FieldValueInvalid', field, value, detail);
}

/** the supported values are quoted with strconv.Quote and joined with ", " in the given order */
export function notSupported(field: string, value: BadValue, supported: readonly string[]): FieldError {
  const detail = supported.length ? `supported values: ${supported.map(goQuote).join(', ')}` : '';
  return make('FieldValueNotSupported', field, value, detail);
}

export function duplicate(field: string, value: BadValue): FieldError {
  return make('FieldValueDuplicate', field, value, '');
}

export function forbidden(field: string, detail: string): FieldError {
  return make('FieldValueForbidden', field, undefined, detail);
}

export function notFound(field: string, value: BadValue, detail = ''): FieldError {
  return make('FieldValueNotFound', field, value, detail);
}

export function tooLong(field: string, maxBytes: number): FieldError {
  return make('FieldValueTooLong', field, undefined, `must have at most ${maxBytes} bytes`);
}

export function tooMany(field: string, actual: number, max: number): FieldError {
  return make('FieldValueTooMany', field, actual, `must have at most ${max} items`);
}

export function internalError(field: string, detail: string): FieldError {
  return make('InternalError', field, undefined, detail);
}

/** field.Path.Child: names joined with '.', an empty root contributes nothing */
export function child(base: string, ...names: string[]): string {
  let out = base;
  for (const n of names) out = out ? `${out}.${n}` : n;
  return out;
}

/** field.Path.Index */
export function index(base: string, i: number): string {
  return `${base}[${i}]`;
}

/** field.Path.Key: map keys are printed bare inside brackets */
export function key(base: string, k: string): string {
  return `${base}[${k}]`;
}

export const IS_NEGATIVE_ERROR_MSG = 'must be greater than or equal to 0';
export const FIELD_IMMUTABLE_ERROR_MSG = 'field is immutable';

/** ValidateNonnegativeField */
export function validateNonnegative(value: number | undefined, field: string): FieldError[] {
  return value !== undefined && value < 0 ? [invalid(field, value, IS_NEGATIVE_ERROR_MSG)] : [];
}
