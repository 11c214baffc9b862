import { BadRequestException } from '@nestjs/common';
import type { ValidationError } from 'class-validator';

/** One field that failed validation: its path in the input (`backups.0.id`) and what is wrong with it. */
export interface ValidationProblem {
  field: string;
  messages: string[];
}

/** class-validator's error tree, flattened to one problem per failing field, named by its path. */
export function validationProblems(errors: readonly ValidationError[], parent = ''): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  for (const error of errors) {
    const field = parent === '' ? error.property : `${parent}.${error.property}`;
    const messages = Object.values(error.constraints ?? {});
    if (messages.length > 0) problems.push({ field, messages });
    if (error.children?.length) problems.push(...validationProblems(error.children, field));
  }
  return problems;
}

/** The ValidationPipe's `exceptionFactory`: a 400 whose envelope `details` lists the problems by field path. */
export function validationException(errors: ValidationError[]): BadRequestException {
  return new BadRequestException({
    message: 'Request validation failed',
    details: validationProblems(errors),
  });
}
