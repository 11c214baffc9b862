import { IsInt, IsString, ValidateNested, validateSync } from 'class-validator';
import { Type } from 'class-transformer';
import { plainToInstance } from 'class-transformer';
import { describe, expect, it } from 'vitest';
import { resolveError } from './error-envelope';
import { validationException, validationProblems } from './validation-problems';

class Item {
  @IsInt() size!: number;
}

class Body {
  @IsString() name!: string;
  @ValidateNested({ each: true })
  @Type(() => Item)
  items!: Item[];
}

function errorsOf(input: object) {
  return validateSync(plainToInstance(Body, input), { whitelist: true, forbidNonWhitelisted: true });
}

describe(validationProblems.name, () => {
  it('names each failing field by its path, nested and in arrays', () => {
    const sut = validationProblems(errorsOf({ name: 5, items: [{ size: 1 }, { size: 'x' }], extra: true }));
    expect(sut.map((p) => p.field).sort()).toEqual(['extra', 'items.1.size', 'name']);
    expect(sut.find((p) => p.field === 'items.1.size')?.messages).toEqual(['size must be an integer number']);
  });

  it('reaches the envelope as details with the REQUEST.INVALID code', () => {
    const sut = resolveError(validationException(errorsOf({ name: 'a', items: [], extra: 1 })), 'r1');
    expect(sut.status).toBe(400);
    expect(sut.body.error).toEqual({
      code: 'REQUEST.INVALID',
      message: 'Request validation failed',
      details: [{ field: 'extra', messages: ['property extra should not exist'] }],
    });
  });
});
