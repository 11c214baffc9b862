import { Injectable, type PipeTransform } from '@nestjs/common';
import { DomainError } from '../domain/domain-error';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Path ids are UUIDs: anything else is a 400 with a stable code (never a database error turned 500). */
@Injectable()
export class UuidParamPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (typeof value !== 'string' || !UUID.test(value)) {
      throw new DomainError('invalid', 'REQUEST.INVALID_ID', 'The id in the path is not a UUID');
    }
    return value.toLowerCase();
  }
}
